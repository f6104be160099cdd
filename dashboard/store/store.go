// Package store is the dashboard.Store on SQLite (modernc.org/sqlite, pure
// Go) and PostgreSQL (pgx through database/sql). Both dialects share the Go
// code and the SQL of every query; they differ only in their embedded
// migrations and in the few settings of a dialect value.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the "sqlite" database/sql driver

	"github.com/tonedesk/tonedesk/dashboard"
)

var _ dashboard.Store = (*DB)(nil)

// ErrInvalid is wrapped by the errors Import and PutStory return for input
// that no database could store: an empty id, a NUL byte, text that is not
// UTF-8, a non-finite score, a quote span outside its article.
var ErrInvalid = errors.New("invalid input")

// DB is a dashboard.Store on SQLite or PostgreSQL. It is safe for concurrent
// use.
type DB struct {
	db *sql.DB
	d  *dialect
}

// dialect holds everything that differs between SQLite and PostgreSQL. The
// queries themselves are the same text for both.
type dialect struct {
	name   string
	driver string
	// migrations is the directory of the dialect's files in migrationFS.
	migrations string
	// migrationsTable creates the table that records applied migrations.
	migrationsTable string
	// lockMigrations, run first in each migration transaction, keeps two
	// processes from migrating at once. SQLite needs none: its transactions
	// begin IMMEDIATE (see sqliteDSN), which takes the write lock.
	lockMigrations string
	// forUpdate, appended to a SELECT, locks the rows it reads until the
	// transaction ends, so that what a writer read of them stays true
	// while it writes. SQLite needs none: a write transaction holds the
	// write lock from its start (see lockMigrations).
	forUpdate string
	// timeArg turns a time into a query argument; the zero time is NULL.
	timeArg func(time.Time) any
	// commentChunk is the number of comments Import inserts per statement.
	// Measured with BenchmarkImport: on PostgreSQL each statement is a round
	// trip, and 50 rows per INSERT halve the time of an import; on SQLite
	// there is no round trip, and binding "$N" parameters by name costs more
	// the more parameters a statement has, so one row per prepared INSERT is
	// fastest.
	commentChunk int
}

// sqliteTimeFormat is fixed-width RFC 3339 in UTC: text order is time order.
const sqliteTimeFormat = "2006-01-02T15:04:05.000000Z"

var sqliteDialect = &dialect{
	name:       "sqlite",
	driver:     "sqlite",
	migrations: "migrations/sqlite",
	migrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER NOT NULL PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	) STRICT`,
	timeArg: func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return dbTime(t).Format(sqliteTimeFormat)
	},
	commentChunk: 1,
}

var postgresDialect = &dialect{
	name:       "postgres",
	driver:     "pgx",
	migrations: "migrations/postgres",
	migrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    integer NOT NULL PRIMARY KEY,
		name       text NOT NULL,
		applied_at timestamptz NOT NULL
	)`,
	// An arbitrary constant key: "tonedesk" in ASCII.
	lockMigrations: `SELECT pg_advisory_xact_lock(8390891467082474347)`,
	forUpdate:      ` FOR UPDATE`,
	timeArg: func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return dbTime(t)
	},
	commentChunk: 50,
}

// dbTime is t as the store keeps it: UTC, microseconds (PostgreSQL's
// precision, used on SQLite too so both give back the same time).
func dbTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// Open opens the database named by dsn and applies pending migrations. A dsn
// starting with postgres:// or postgresql:// is a PostgreSQL connection
// string; anything else is a SQLite file path or file: URI (":memory:" gives
// a private in-memory database). Open returns an error if the database cannot
// be reached or a migration fails.
func Open(ctx context.Context, dsn string) (*DB, error) {
	const op = "store: open"
	if dsn == "" {
		return nil, fmt.Errorf("%s: empty DSN", op)
	}
	d, driverDSN, memory := sqliteDialect, sqliteDSN(dsn), isMemory(dsn)
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		d, driverDSN, memory = postgresDialect, dsn, false
	}
	sdb, err := sql.Open(d.driver, driverDSN)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if memory {
		// Every connection to :memory: is a database of its own: keep one,
		// forever.
		sdb.SetMaxOpenConns(1)
		sdb.SetMaxIdleConns(1)
		sdb.SetConnMaxLifetime(0)
		sdb.SetConnMaxIdleTime(0)
	}
	db := &DB{db: sdb, d: d}
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("%s: %s: %w", op, d.name, err)
	}
	if err := db.migrate(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return db, nil
}

// Close closes the database. It returns the driver's error, if any.
func (db *DB) Close() error {
	if err := db.db.Close(); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// sqlitePragmas are set on every new connection, busy_timeout first (the
// driver runs it before the others) so that the rest wait for locks instead of
// failing with SQLITE_BUSY.
var sqlitePragmas = []struct{ name, value string }{
	{"busy_timeout", "5000"},
	{"journal_mode", "WAL"},
	{"foreign_keys", "1"},
	{"synchronous", "NORMAL"},
}

// sqliteDSN adds tonedesk's connection settings to a SQLite path or URI:
// the pragmas above, unless the DSN sets them itself, and _txlock=immediate
// so that a write transaction takes the write lock when it begins, waits
// under busy_timeout for a concurrent writer, and never fails half-way
// trying to upgrade a read lock. Read-only transactions still begin
// deferred.
func sqliteDSN(dsn string) string {
	lower := strings.ToLower(dsn)
	var params []string
	for _, p := range sqlitePragmas {
		if !strings.Contains(lower, "_pragma="+p.name) {
			params = append(params, "_pragma="+p.name+"("+p.value+")")
		}
	}
	if !strings.Contains(lower, "_txlock=") {
		params = append(params, "_txlock=immediate")
	}
	if len(params) == 0 {
		return dsn
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + strings.Join(params, "&")
}

// isMemory reports whether a SQLite DSN names an in-memory database.
func isMemory(dsn string) bool {
	path, query, _ := strings.Cut(dsn, "?")
	return path == ":memory:" || path == "file::memory:" || strings.Contains(query, "mode=memory")
}

// readTx begins a read-only transaction that sees one snapshot of the
// database (SQLite ignores the isolation level: it is always serializable).
func (db *DB) readTx(ctx context.Context) (*sql.Tx, error) {
	return db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
}

// timeScan scans a nullable time column of either dialect: a time.Time from
// PostgreSQL, RFC 3339 text from SQLite, or NULL (the zero time).
type timeScan struct{ t *time.Time }

// Scan implements sql.Scanner.
func (s timeScan) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*s.t = time.Time{}
	case time.Time:
		*s.t = v.UTC()
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	default:
		return fmt.Errorf("scan time: unexpected %T", v)
	}
	return nil
}

func (s timeScan) parse(v string) error {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return fmt.Errorf("scan time: %w", err)
	}
	*s.t = t.UTC()
	return nil
}
