package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
)

// PutStory creates the story s.ID or replaces its title and spec, and its
// analyzer unless s.Analyzer is empty. It returns
// an error wrapping ErrInvalid for an empty id or text no database can
// store.
func (db *DB) PutStory(ctx context.Context, s dashboard.Story) error {
	const op = "store: put story"
	if err := validateStory(s); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	now := db.d.timeArg(time.Now())
	_, err := db.db.ExecContext(ctx, `
		INSERT INTO stories (id, title, spec, analyzer, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $5)
		ON CONFLICT (id) DO UPDATE SET
			title = excluded.title,
			spec = excluded.spec,
			analyzer = COALESCE(NULLIF(excluded.analyzer, ''), stories.analyzer),
			updated_at = excluded.updated_at`,
		s.ID, s.Title, s.Spec, s.Analyzer, now)
	if err != nil {
		return fmt.Errorf("%s %q: %w", op, s.ID, err)
	}
	return nil
}

// Story returns the story with the given id, or an error wrapping
// dashboard.ErrNotFound.
func (db *DB) Story(ctx context.Context, id string) (dashboard.Story, error) {
	s := dashboard.Story{ID: id}
	err := db.db.QueryRowContext(ctx,
		`SELECT title, spec, analyzer FROM stories WHERE id = $1`, id).Scan(&s.Title, &s.Spec, &s.Analyzer)
	if errors.Is(err, sql.ErrNoRows) {
		return dashboard.Story{}, fmt.Errorf("store: story %q: %w", id, dashboard.ErrNotFound)
	}
	if err != nil {
		return dashboard.Story{}, fmt.Errorf("store: story %q: %w", id, err)
	}
	return s, nil
}

// Stories returns all stories ordered by id (byte order), or the database's
// error.
func (db *DB) Stories(ctx context.Context) ([]dashboard.Story, error) {
	const op = "store: stories"
	rows, err := db.db.QueryContext(ctx, `SELECT id, title, spec, analyzer FROM stories ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	defer rows.Close()
	var out []dashboard.Story
	for rows.Next() {
		var s dashboard.Story
		if err := rows.Scan(&s.ID, &s.Title, &s.Spec, &s.Analyzer); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}

// storyExists returns an error wrapping dashboard.ErrNotFound unless the
// story is stored. q is the database or the transaction of the caller.
func storyExists(ctx context.Context, q querier, id string) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM stories WHERE id = $1`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("story %q: %w", id, dashboard.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("story %q: %w", id, err)
	}
	return nil
}

// querier is what *sql.DB and *sql.Tx have in common that the store uses.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}
