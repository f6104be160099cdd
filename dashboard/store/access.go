package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
)

var (
	_ dashboard.Accounts   = (*DB)(nil)
	_ dashboard.Moderation = (*DB)(nil)
)

// AddUser creates a user. It returns an error wrapping dashboard.ErrExists
// when the name is taken, ErrInvalid for an empty name or one no database
// can store (checkID), an unknown role or no password hash, and the
// database's error otherwise.
func (db *DB) AddUser(ctx context.Context, u dashboard.User) (dashboard.User, error) {
	const op = "store: add user"
	if err := validateUser(u); err != nil {
		return dashboard.User{}, fmt.Errorf("%s: %w", op, err)
	}
	now := time.Now()
	err := db.db.QueryRowContext(ctx, `
		INSERT INTO users (name, role, password_hash, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $4) RETURNING id`,
		u.Name, string(u.Role), u.PasswordHash, db.d.timeArg(now)).Scan(&u.ID)
	if isUniqueViolation(err) {
		return dashboard.User{}, fmt.Errorf("%s: user %q: %w", op, u.Name, dashboard.ErrExists)
	}
	if err != nil {
		return dashboard.User{}, fmt.Errorf("%s: %w", op, err)
	}
	u.Created = dbTime(now)
	return u, nil
}

// validateUser checks what no database should store for a user.
func validateUser(u dashboard.User) error {
	if err := checkID("user name", u.Name); err != nil {
		return err
	}
	if _, err := dashboard.ParseRole(string(u.Role)); err != nil {
		return fmt.Errorf("%v: %w", err, ErrInvalid)
	}
	if len(u.PasswordHash) == 0 {
		return fmt.Errorf("user %q has no password hash: %w", u.Name, ErrInvalid)
	}
	return nil
}

// UserByName returns one user, or an error wrapping dashboard.ErrNotFound.
func (db *DB) UserByName(ctx context.Context, name string) (dashboard.User, error) {
	var u dashboard.User
	err := db.db.QueryRowContext(ctx, `
		SELECT id, name, role, password_hash, created_at FROM users WHERE name = $1`, name).
		Scan(&u.ID, &u.Name, &u.Role, &u.PasswordHash, timeScan{&u.Created})
	if errors.Is(err, sql.ErrNoRows) {
		return dashboard.User{}, fmt.Errorf("store: user %q: %w", name, dashboard.ErrNotFound)
	}
	if err != nil {
		return dashboard.User{}, fmt.Errorf("store: user %q: %w", name, err)
	}
	return u, nil
}

// Users returns every user ordered by name, without password hashes. It
// returns the database's error, if any.
func (db *DB) Users(ctx context.Context) ([]dashboard.User, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, name, role, created_at FROM users ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	defer rows.Close()
	var out []dashboard.User
	for rows.Next() {
		var u dashboard.User
		if err := rows.Scan(&u.ID, &u.Name, &u.Role, timeScan{&u.Created}); err != nil {
			return nil, fmt.Errorf("store: users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	return out, nil
}

// SetPassword replaces a user's password hash and ends every session of
// the user, in one transaction. It returns an error wrapping
// dashboard.ErrNotFound if there is no such user.
func (db *DB) SetPassword(ctx context.Context, name string, hash []byte) error {
	if len(hash) == 0 {
		return fmt.Errorf("store: set password: %w", ErrInvalid)
	}
	return db.updateUser(ctx, "set password", name, `UPDATE users SET password_hash = $2, updated_at = $3 WHERE name = $1 RETURNING id`,
		hash)
}

// SetRole changes a user's role. It returns an error wrapping
// dashboard.ErrNotFound if there is no such user, ErrInvalid for an
// unknown role, dashboard.ErrLastAdmin if the user is the only admin and
// the role is not admin.
func (db *DB) SetRole(ctx context.Context, name string, role dashboard.Role) error {
	if _, err := dashboard.ParseRole(string(role)); err != nil {
		return fmt.Errorf("store: set role: %v: %w", err, ErrInvalid)
	}
	return db.keepingAnAdmin(ctx, "set role", name, func(tx *sql.Tx, id int64) error {
		_, err := tx.ExecContext(ctx, `UPDATE users SET role = $2, updated_at = $3 WHERE id = $1`,
			id, string(role), db.d.timeArg(time.Now()))
		return err
	})
}

// RemoveUser deletes a user, whose sessions go with it. It returns an
// error wrapping dashboard.ErrNotFound if there is no such user,
// dashboard.ErrLastAdmin if the user is the only admin.
func (db *DB) RemoveUser(ctx context.Context, name string) error {
	return db.keepingAnAdmin(ctx, "remove user", name, func(tx *sql.Tx, id int64) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM users WHERE id = $1`, id)
		return err
	})
}

// keepingAnAdmin runs change on the user name in a transaction that
// refuses (dashboard.ErrLastAdmin) to leave no admin when the user was one.
// It first locks the admins' rows, so that two admins removing each other
// at once are run one after the other, and the second is refused: a row
// lock on PostgreSQL, the write lock on SQLite.
func (db *DB) keepingAnAdmin(ctx context.Context, what, name string, change func(tx *sql.Tx, id int64) error) error {
	op := "store: " + what
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE users SET updated_at = updated_at WHERE role = $1`, string(dashboard.RoleAdmin)); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	var id int64
	var role string
	err = tx.QueryRowContext(ctx, `SELECT id, role FROM users WHERE name = $1`, name).Scan(&id, &role)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s %q: %w", op, name, dashboard.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if err := change(tx, id); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if role == string(dashboard.RoleAdmin) {
		var admins int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE role = $1`, string(dashboard.RoleAdmin)).Scan(&admins); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		if admins == 0 {
			return fmt.Errorf("%s %q: %w", op, name, dashboard.ErrLastAdmin)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// updateUser runs an UPDATE of one user ($1 the name, $2 the value, $3
// now) returning its id, and ends the user's sessions.
func (db *DB) updateUser(ctx context.Context, what, name, query string, value any) error {
	op := "store: " + what
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, query, name, value, db.d.timeArg(time.Now())).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: user %q: %w", op, name, dashboard.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// AddSession stores a session under the hash of its token. It returns the
// database's error, if any.
func (db *DB) AddSession(ctx context.Context, tokenHash string, userID int64, expires time.Time) error {
	if _, err := db.db.ExecContext(ctx, `
		INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		tokenHash, userID, db.d.timeArg(time.Now()), db.d.timeArg(expires)); err != nil {
		return fmt.Errorf("store: add session: %w", err)
	}
	return nil
}

// Session returns the session of the token hash if it ends after now, with
// its user, else an error wrapping dashboard.ErrNotFound.
func (db *DB) Session(ctx context.Context, tokenHash string, now time.Time) (dashboard.Session, error) {
	var s dashboard.Session
	err := db.db.QueryRowContext(ctx, `
		SELECT u.id, u.name, u.role, u.created_at, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = $1 AND s.expires_at > $2`, tokenHash, db.d.timeArg(now)).
		Scan(&s.User.ID, &s.User.Name, &s.User.Role, timeScan{&s.User.Created}, timeScan{&s.Expires})
	if errors.Is(err, sql.ErrNoRows) {
		return dashboard.Session{}, fmt.Errorf("store: session: %w", dashboard.ErrNotFound)
	}
	if err != nil {
		return dashboard.Session{}, fmt.Errorf("store: session: %w", err)
	}
	return s, nil
}

// ExtendSession moves the end of a session. It returns the database's
// error, if any.
func (db *DB) ExtendSession(ctx context.Context, tokenHash string, expires time.Time) error {
	if _, err := db.db.ExecContext(ctx, `UPDATE sessions SET expires_at = $2 WHERE token_hash = $1`,
		tokenHash, db.d.timeArg(expires)); err != nil {
		return fmt.Errorf("store: extend session: %w", err)
	}
	return nil
}

// RemoveSession deletes a session, and every session that ended before
// now. It returns the database's error, if any.
func (db *DB) RemoveSession(ctx context.Context, tokenHash string, now time.Time) error {
	if _, err := db.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1 OR expires_at <= $2`,
		tokenHash, db.d.timeArg(now)); err != nil {
		return fmt.Errorf("store: remove session: %w", err)
	}
	return nil
}

// LoginFailures returns the failed logins of each key at or after since,
// oldest first. It returns the database's error, if any.
func (db *DB) LoginFailures(ctx context.Context, keys []string, since time.Time) (map[string][]time.Time, error) {
	out := map[string][]time.Time{}
	for _, k := range keys {
		rows, err := db.db.QueryContext(ctx, `SELECT at FROM login_failures
			WHERE key = $1 AND at >= $2 ORDER BY at`, k, db.d.timeArg(since))
		if err != nil {
			return nil, fmt.Errorf("store: login failures: %w", err)
		}
		for rows.Next() {
			var t time.Time
			if err := rows.Scan(timeScan{&t}); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: login failures: %w", err)
			}
			out[k] = append(out[k], t)
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("store: login failures: %w", err)
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: login failures: %w", err)
		}
	}
	return out, nil
}

// AddLoginFailure records a failed login at at under each key and deletes
// every failure before forget, in one transaction. It returns the
// database's error, if any.
func (db *DB) AddLoginFailure(ctx context.Context, keys []string, at, forget time.Time) error {
	const op = "store: add login failure"
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at < $1`, db.d.timeArg(forget)); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures (key, at) VALUES ($1, $2)`, k, db.d.timeArg(at)); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// ClearLoginFailures deletes the failed logins of keys. It returns the
// database's error, if any.
func (db *DB) ClearLoginFailures(ctx context.Context, keys []string) error {
	for _, k := range keys {
		if _, err := db.db.ExecContext(ctx, `DELETE FROM login_failures WHERE key = $1`, k); err != nil {
			return fmt.Errorf("store: clear login failures: %w", err)
		}
	}
	return nil
}

// AddToken stores a read or ingest token under the hash of its secret (an
// empty Kind is a read token). It returns an error wrapping
// dashboard.ErrExists when the name is taken, ErrInvalid for an empty name
// or hash, text no database can store (checkText) or an unknown kind.
func (db *DB) AddToken(ctx context.Context, t dashboard.Token, tokenHash string) (dashboard.Token, error) {
	const op = "store: add token"
	if tokenHash == "" {
		return dashboard.Token{}, fmt.Errorf("%s: empty hash: %w", op, ErrInvalid)
	}
	if err := checkID("token name", t.Name); err != nil {
		return dashboard.Token{}, fmt.Errorf("%s: %w", op, err)
	}
	if err := checkTexts("story id", t.StoryID, "created by", t.CreatedBy); err != nil {
		return dashboard.Token{}, fmt.Errorf("%s: %w", op, err)
	}
	if t.Kind == "" {
		t.Kind = dashboard.TokenRead
	}
	if t.Kind != dashboard.TokenRead && t.Kind != dashboard.TokenIngest {
		return dashboard.Token{}, fmt.Errorf("%s: kind %q: %w", op, t.Kind, ErrInvalid)
	}
	now := time.Now()
	err := db.db.QueryRowContext(ctx, `
		INSERT INTO read_tokens (name, token_hash, story_id, created_by, created_at, kind)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		t.Name, tokenHash, t.StoryID, t.CreatedBy, db.d.timeArg(now), string(t.Kind)).Scan(&t.ID)
	if isUniqueViolation(err) {
		return dashboard.Token{}, fmt.Errorf("%s: token %q: %w", op, t.Name, dashboard.ErrExists)
	}
	if err != nil {
		return dashboard.Token{}, fmt.Errorf("%s: %w", op, err)
	}
	t.Created = dbTime(now)
	return t, nil
}

// TokenByHash returns the token of a hash, with its kind and stored hash,
// or an error wrapping dashboard.ErrNotFound.
func (db *DB) TokenByHash(ctx context.Context, tokenHash string) (dashboard.Token, error) {
	var t dashboard.Token
	err := db.db.QueryRowContext(ctx, `
		SELECT id, name, kind, story_id, created_by, created_at, token_hash FROM read_tokens WHERE token_hash = $1`, tokenHash).
		Scan(&t.ID, &t.Name, &t.Kind, &t.StoryID, &t.CreatedBy, timeScan{&t.Created}, &t.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return dashboard.Token{}, fmt.Errorf("store: token: %w", dashboard.ErrNotFound)
	}
	if err != nil {
		return dashboard.Token{}, fmt.Errorf("store: token: %w", err)
	}
	return t, nil
}

// Tokens returns every token, read and ingest, ordered by name, without
// hashes. It returns the database's error, if any.
func (db *DB) Tokens(ctx context.Context) ([]dashboard.Token, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT id, name, kind, story_id, created_by, created_at FROM read_tokens ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: tokens: %w", err)
	}
	defer rows.Close()
	var out []dashboard.Token
	for rows.Next() {
		var t dashboard.Token
		if err := rows.Scan(&t.ID, &t.Name, &t.Kind, &t.StoryID, &t.CreatedBy, timeScan{&t.Created}); err != nil {
			return nil, fmt.Errorf("store: tokens: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: tokens: %w", err)
	}
	return out, nil
}

// RemoveToken revokes a read or ingest token. It returns an error wrapping
// dashboard.ErrNotFound if there is none of that name.
func (db *DB) RemoveToken(ctx context.Context, name string) error {
	res, err := db.db.ExecContext(ctx, `DELETE FROM read_tokens WHERE name = $1`, name)
	if err != nil {
		return fmt.Errorf("store: remove token: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("store: remove token %q: %w", name, dashboard.ErrNotFound)
	}
	return nil
}

// Audit appends an entry to the audit log. It returns the database's
// error, if any.
func (db *DB) Audit(ctx context.Context, e dashboard.AuditEntry) error {
	if err := db.audit(ctx, db.db, e); err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}

func (db *DB) audit(ctx context.Context, x querier, e dashboard.AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	_, err := x.ExecContext(ctx, `
		INSERT INTO audit_log (at, actor, action, target, detail, ip) VALUES ($1, $2, $3, $4, $5, $6)`,
		db.d.timeArg(e.At), e.Actor, e.Action, e.Target, e.Detail, e.IP)
	return err
}

// AuditLog returns at most limit entries, newest first, after offset, and
// the number of entries, read from one snapshot (as Queue). It returns the
// database's error, if any.
func (db *DB) AuditLog(ctx context.Context, limit, offset int) ([]dashboard.AuditEntry, int, error) {
	const op = "store: audit log"
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	defer tx.Rollback()
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT id, at, actor, action, target, detail, ip FROM audit_log
		ORDER BY id DESC LIMIT $1 OFFSET $2`, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	defer rows.Close()
	var out []dashboard.AuditEntry
	for rows.Next() {
		var e dashboard.AuditEntry
		if err := rows.Scan(&e.ID, timeScan{&e.At}, &e.Actor, &e.Action, &e.Target, &e.Detail, &e.IP); err != nil {
			return nil, 0, fmt.Errorf("%s: %w", op, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	return out, total, nil
}

// Queue returns at most limit flagged, undecided comments, most severe
// first, with their story, and how many there are. It returns the
// database's error, if any.
func (db *DB) Queue(ctx context.Context, limit int) ([]dashboard.QueueItem, int, error) {
	const op = "store: queue"
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	defer tx.Rollback()
	var total int
	if err := tx.QueryRowContext(ctx, `
		SELECT COUNT(*) FROM comments WHERE moderation = '' AND flag_severity > 0`).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT `+commentFields+`, s.id, s.title, c.flag_severity
		FROM comments c
		JOIN articles a ON a.id = c.article_id
		JOIN stories s ON s.id = a.story_id
		WHERE c.moderation = '' AND c.flag_severity > 0
		ORDER BY c.flag_severity DESC, c.id
		LIMIT $1`, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	defer rows.Close()
	var out []dashboard.QueueItem
	for rows.Next() {
		var it dashboard.QueueItem
		if err := scanComment(rows, &it.Comment, &it.StoryID, &it.StoryTitle, &it.Severity); err != nil {
			return nil, 0, fmt.Errorf("%s: %w", op, err)
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	return out, total, nil
}

// Decide records decisions in one transaction: the comments' moderation
// states (and the comment rollups they move between), the decisions and
// their audit entries. It returns an error wrapping dashboard.ErrNotFound
// for a comment that does not exist, ErrInvalid for an unknown action or
// a decision without a moderator.
func (db *DB) Decide(ctx context.Context, ds []dashboard.Decision) error {
	const op = "store: decide"
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer tx.Rollback()
	rollups := rollupDelta{}
	for _, d := range ds {
		if d.Action != dashboard.Approved && d.Action != dashboard.Rejected {
			return fmt.Errorf("%s: action %q: %w", op, d.Action, ErrInvalid)
		}
		if d.By == "" {
			return fmt.Errorf("%s: no moderator: %w", op, ErrInvalid)
		}
		if d.At.IsZero() {
			d.At = time.Now()
		}
		storyID, err := moderate(ctx, tx, db.d, d, rollups)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%s: comment %d: %w", op, d.CommentID, dashboard.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO moderation_decisions (comment_id, action, sentiment, stance, flag, decided_by, decided_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			d.CommentID, d.Action, d.Sentiment, d.Stance, d.Flag, d.By, db.d.timeArg(d.At)); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		e := dashboard.AuditEntry{
			At: d.At, Actor: d.By, Action: auditAction[d.Action],
			Target: fmt.Sprintf("comment %d (story %s)", d.CommentID, storyID),
			Detail: correctionText(d), IP: d.IP,
		}
		if err := db.audit(ctx, tx, e); err != nil {
			return fmt.Errorf("%s: audit: %w", op, err)
		}
	}
	if err := rollups.write(ctx, tx); err != nil {
		return fmt.Errorf("%s: rollups: %w", op, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// moderate sets the moderation state of the comment d decides on, counts
// the change in rollups and returns the comment's story. It returns
// sql.ErrNoRows if there is no such comment, and the database's error
// otherwise.
func moderate(ctx context.Context, tx *sql.Tx, dl *dialect, d dashboard.Decision, rollups rollupDelta) (storyID string, err error) {
	old, err := scanRollupComment(tx.QueryRowContext(ctx, dl.rollupCommentSQL(), d.CommentID))
	if err != nil {
		return "", err
	}
	now, err := scanRollupComment(tx.QueryRowContext(ctx, `
		UPDATE comments SET moderation = $2 WHERE id = $1
		RETURNING `+rollupFields+`, (SELECT story_id FROM articles WHERE articles.id = comments.article_id)`,
		d.CommentID, d.Action), &storyID)
	if err != nil {
		return "", err
	}
	rollups.change(old, now)
	return storyID, nil
}

// auditAction is the audit log's action of a decision.
var auditAction = map[string]string{dashboard.Approved: "approve", dashboard.Rejected: "reject"}

// correctionText says which labels a decision corrected, "" for none:
// "sentiment=negative stance=none".
func correctionText(d dashboard.Decision) string {
	var parts []string
	for _, kv := range [][2]string{{"sentiment", d.Sentiment}, {"stance", d.Stance}, {"flag", d.Flag}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+"="+kv[1])
		}
	}
	return strings.Join(parts, " ")
}

// Decisions returns the decisions on a comment, oldest first. It returns
// the database's error, if any.
func (db *DB) Decisions(ctx context.Context, commentID int64) ([]dashboard.Decision, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT comment_id, action, sentiment, stance, flag, decided_by, decided_at
		FROM moderation_decisions WHERE comment_id = $1 ORDER BY id`, commentID)
	if err != nil {
		return nil, fmt.Errorf("store: decisions: %w", err)
	}
	defer rows.Close()
	var out []dashboard.Decision
	for rows.Next() {
		var d dashboard.Decision
		if err := rows.Scan(&d.CommentID, &d.Action, &d.Sentiment, &d.Stance, &d.Flag, &d.By, timeScan{&d.At}); err != nil {
			return nil, fmt.Errorf("store: decisions: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: decisions: %w", err)
	}
	return out, nil
}
