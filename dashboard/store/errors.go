package store

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Driver error codes, recognised by code, never by message text. The SQLite
// driver reports extended result codes.
const (
	pgForeignKeyViolation = "23503" // foreign_key_violation
)

// isForeignKeyViolation reports whether err is a foreign key violation from
// either driver.
func isForeignKeyViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == pgForeignKeyViolation
	}
	return false
}

const pgUniqueViolation = "23505" // unique_violation

// isUniqueViolation reports whether err is a unique constraint violation
// from either driver.
func isUniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == pgUniqueViolation
	}
	return false
}
