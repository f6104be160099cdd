package dashboard

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrExists is returned (wrapped) when a user or token name is already
// taken.
var ErrExists = errors.New("already exists")

// ErrLastAdmin is returned (wrapped) when removing a user or changing a
// user's role would leave no admin: someone must still manage users.
var ErrLastAdmin = errors.New("the last admin")

// Role is what a user may do: an editor reads dashboards and exports
// charts, a moderator also works the moderation queue, an admin also sees
// the audit log and manages users and read tokens.
type Role string

// The roles, from least to most.
const (
	RoleEditor    Role = "editor"
	RoleModerator Role = "moderator"
	RoleAdmin     Role = "admin"
)

// Roles are the roles, from least to most.
var Roles = []Role{RoleEditor, RoleModerator, RoleAdmin}

// ParseRole returns the role named s, or an error naming the roles.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("role %q: want editor, moderator or admin", s)
}

// rank is the place of r among Roles, -1 for no role.
func (r Role) rank() int {
	for i, x := range Roles {
		if x == r {
			return i
		}
	}
	return -1
}

// Can reports whether a user with role r may do what role need may: an
// admin can do all a moderator can, a moderator all an editor can. No role
// can do anything.
func (r Role) Can(need Role) bool {
	return r.rank() >= 0 && need.rank() >= 0 && r.rank() >= need.rank()
}

// User is a person who logs in to the dashboard. PasswordHash is a bcrypt
// hash; it never leaves the server.
type User struct {
	ID           int64
	Name         string
	Role         Role
	PasswordHash []byte
	Created      time.Time
}

// Session is a logged-in browser: the user and when the session ends
// unless it is used again (sessions slide: each use may extend them).
type Session struct {
	User    User
	Expires time.Time
}

// Token is a token an admin made for a CMS or a script. A read token
// (Kind TokenRead) lets its holder fetch chart files (PNG, SVG, CSV, alt
// text); an ingest token (TokenIngest) lets it push batches to the ingest
// API; each of one story, or of every story when StoryID is empty, and
// nothing else. Only the SHA-256 of the token is stored.
type Token struct {
	ID        int64
	Name      string
	Kind      TokenKind
	StoryID   string
	CreatedBy string
	Created   time.Time
	// Hash is the stored SHA-256 (hex) of the secret, set by TokenByHash
	// only, for the caller's constant-time check.
	Hash string
}

// TokenKind is what a token is for; "" is taken as TokenRead.
type TokenKind string

// The kinds of token.
const (
	TokenRead   TokenKind = "read"
	TokenIngest TokenKind = "ingest"
)

// AuditEntry is one line of the audit log: who (Actor, a user name, or
// "cli" for the command line) did what (Action: login, login_failed,
// logout, approve, reject, user_add, user_passwd, user_role, user_remove,
// token_add, token_revoke, import), to what (Target), with what details, from
// which address.
type AuditEntry struct {
	ID     int64
	At     time.Time
	Actor  string
	Action string
	Target string
	Detail string
	IP     string
}

// Accounts keeps users, their sessions, read tokens and the audit log.
// Secrets are stored hashed: the caller hashes session and read tokens
// (SHA-256) and passwords (bcrypt) before they reach it.
type Accounts interface {
	// AddUser creates a user; the name must be unused (else an error
	// wrapping ErrExists). It returns the user with its id.
	AddUser(ctx context.Context, u User) (User, error)
	// UserByName returns one user, or an error wrapping ErrNotFound.
	UserByName(ctx context.Context, name string) (User, error)
	// Users returns every user ordered by name.
	Users(ctx context.Context) ([]User, error)
	// SetPassword replaces a user's password hash and ends the user's
	// sessions; an error wrapping ErrNotFound if there is no such user.
	SetPassword(ctx context.Context, name string, hash []byte) error
	// SetRole changes a user's role; an error wrapping ErrNotFound if
	// there is no such user, ErrLastAdmin if it would take the role of
	// the only admin.
	SetRole(ctx context.Context, name string, role Role) error
	// RemoveUser deletes a user and the user's sessions; an error wrapping
	// ErrNotFound if there is no such user, ErrLastAdmin if the user is
	// the only admin.
	RemoveUser(ctx context.Context, name string) error

	// AddSession stores a session of a user under the hash of its token.
	AddSession(ctx context.Context, tokenHash string, userID int64, expires time.Time) error
	// Session returns the session whose token hashes to tokenHash if it
	// ends after now, else an error wrapping ErrNotFound.
	Session(ctx context.Context, tokenHash string, now time.Time) (Session, error)
	// ExtendSession moves the end of a session to expires.
	ExtendSession(ctx context.Context, tokenHash string, expires time.Time) error
	// RemoveSession ends a session; ending one that does not exist is not
	// an error. Sessions that ended before now are deleted too.
	RemoveSession(ctx context.Context, tokenHash string, now time.Time) error

	// LoginFailures returns, for each of keys (an address, a hashed user
	// name), the times of its failed logins at or after since, oldest
	// first; a key without any is not in the map. Kept in the database so
	// that several servers behind one address count together.
	LoginFailures(ctx context.Context, keys []string, since time.Time) (map[string][]time.Time, error)
	// AddLoginFailure records a failed login at at under each of keys and
	// deletes every failure before forget, of any key.
	AddLoginFailure(ctx context.Context, keys []string, at, forget time.Time) error
	// ClearLoginFailures forgets the failures of keys, after a login.
	ClearLoginFailures(ctx context.Context, keys []string) error

	// AddToken stores a read token under the hash of its secret; its name
	// must be unused (else an error wrapping ErrExists).
	AddToken(ctx context.Context, t Token, tokenHash string) (Token, error)
	// TokenByHash returns the read token whose secret hashes to tokenHash,
	// or an error wrapping ErrNotFound.
	TokenByHash(ctx context.Context, tokenHash string) (Token, error)
	// Tokens returns every read token ordered by name.
	Tokens(ctx context.Context) ([]Token, error)
	// RemoveToken revokes a read token; an error wrapping ErrNotFound if
	// there is none of that name.
	RemoveToken(ctx context.Context, name string) error

	// Audit appends an entry to the audit log; a zero At is now.
	Audit(ctx context.Context, e AuditEntry) error
	// AuditLog returns at most limit entries, newest first, after skipping
	// offset of them, and how many entries there are in all.
	AuditLog(ctx context.Context, limit, offset int) ([]AuditEntry, int, error)
}

// The moderation states of a comment (Comment.Moderation).
const (
	Undecided = ""
	Approved  = "approved"
	Rejected  = "rejected"
)

// Decision is a moderator's verdict on one comment: Action is Approved or
// Rejected; Sentiment, Stance and Flag, when not empty, are the labels the
// moderator says the comment should have had (a sentiment label, a stance
// label, a flag kind or "none"), kept for training. By is the moderator's
// user name; a zero At is now.
type Decision struct {
	CommentID int64
	Action    string
	Sentiment string
	Stance    string
	Flag      string
	By        string
	At        time.Time
	// IP is where the decision came from, for the audit log.
	IP string
}

// QueueItem is a flagged comment waiting for a moderator, with the story
// it belongs to.
type QueueItem struct {
	Comment    Comment
	StoryID    string
	StoryTitle string
	// Severity is the highest severity of the comment's flags.
	Severity float64
}

// Moderation is the moderation queue.
type Moderation interface {
	// Queue returns at most limit flagged comments no one has decided on
	// yet, most severe first (then oldest id first), and how many there are
	// in all.
	Queue(ctx context.Context, limit int) ([]QueueItem, int, error)
	// Decide records decisions in one transaction, all or, on error, none:
	// each comment's moderation state, the decision with its corrected
	// labels and who took it, and an audit entry. A comment that does not
	// exist is an error wrapping ErrNotFound; an action other than
	// Approved or Rejected an error.
	Decide(ctx context.Context, ds []Decision) error
	// Decisions returns the decisions on a comment, oldest first.
	Decisions(ctx context.Context, commentID int64) ([]Decision, error)
}

// DecidedComment is a comment a moderator has decided on, with the latest
// decision on it and the story it belongs to. Comment.Analysis is the
// comment's analysis as stored now: a rescore after the decision may have
// changed it.
type DecidedComment struct {
	Comment  Comment
	StoryID  string
	Decision Decision
}

// ModerationLabels reads the moderators' decisions back, for `tonedesk
// labels` to write them as training data.
type ModerationLabels interface {
	// DecidedComments returns every comment that has a decision, of the
	// story storyID or of every story when storyID is empty, each with its
	// latest decision (the last recorded), ordered by story, article
	// external id and comment external id. It returns the database's
	// error, if any.
	DecidedComments(ctx context.Context, storyID string) ([]DecidedComment, error)
}
