package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// migration is one numbered .sql file: NNNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations returns the dialect's migrations in version order.
func (d *dialect) loadMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, d.migrations)
	if err != nil {
		return nil, err
	}
	var ms []migration
	seen := map[int]string{}
	for _, e := range entries {
		file := e.Name()
		if e.IsDir() || !strings.HasSuffix(file, ".sql") {
			continue
		}
		num, name, ok := strings.Cut(strings.TrimSuffix(file, ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name is not NNNN_name.sql", file)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("migration %s: version %d already used by %s", file, v, other)
		}
		seen[v] = file
		body, err := fs.ReadFile(migrationFS, path.Join(d.migrations, file))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// migrate applies the pending migrations, each in a transaction of its own
// together with its row in schema_migrations.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := db.d.loadMigrations()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, m := range ms {
		if err := db.applyMigration(ctx, m); err != nil {
			return fmt.Errorf("migrate: %04d_%s: %w", m.version, m.name, err)
		}
	}
	return nil
}

// applyMigration applies m unless schema_migrations says it already was.
func (db *DB) applyMigration(ctx context.Context, m migration) (err error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	if db.d.lockMigrations != "" {
		if _, err := tx.ExecContext(ctx, db.d.lockMigrations); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, db.d.migrationsTable); err != nil {
		return err
	}
	var one int
	err = tx.QueryRowContext(ctx,
		`SELECT 1 FROM schema_migrations WHERE version = $1`, m.version).Scan(&one)
	switch {
	case err == nil:
		return tx.Rollback() // already applied
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
		m.version, m.name, db.d.timeArg(time.Now())); err != nil {
		return err
	}
	return tx.Commit()
}
