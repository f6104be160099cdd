package web

import (
	"cmp"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/bcrypt"

	"github.com/tonedesk/tonedesk/dashboard"
)

// maxAccountName is the longest user or token name the admin pages take,
// in characters.
const maxAccountName = 64

// usersPage is /admin/users: every user, and the forms that change them.
type usersPage struct {
	Meta  meta
	Users []userRow
	Roles []dashboard.Role
	// Done says what the last change did, "" for none.
	Done string
}

// userRow is one user of the list.
type userRow struct {
	Name    string
	Role    dashboard.Role
	Created dateView
	// Self is the admin looking at the page, who cannot remove themself.
	Self bool
}

// tokensPage is /admin/tokens: every token (never its secret or hash) and
// the forms that add and revoke them.
type tokensPage struct {
	Meta    meta
	Tokens  []tokenRow
	Stories []storyRow
	Done    string
}

// tokenRow is one token of the list.
type tokenRow struct {
	Name      string
	Kind      string
	Story     string
	CreatedBy string
	Created   dateView
}

// secretPage shows a new password or token secret, once. It is sent with
// Cache-Control: no-store; nothing else ever shows the secret again.
type secretPage struct {
	Meta    meta
	Heading string
	// Label names the secret: "Password for ana".
	Label  string
	Secret string
	// Example, when set, is a ready-to-copy use of the secret.
	Example string
	Note    string
	Back    string
	BackTo  string
}

// adminActions is what a change to a user or token says on the list page
// it goes back to (?done=ACTION&name=NAME): a fixed text per action.
var adminActions = map[string]string{
	"role":    "%s has a new role.",
	"removed": "%s was removed; their sessions have ended.",
	"revoked": "Token %s was revoked.",
}

// doneAdmin says what the last change did, from the query it redirected
// to, "" for an unknown action.
func doneAdmin(q url.Values) string {
	f, ok := adminActions[q.Get("done")]
	if !ok || q.Get("name") == "" {
		return ""
	}
	return fmt.Sprintf(f, q.Get("name"))
}

// backTo redirects to an admin list page after a change, saying what it did.
func backTo(c echo.Context, path, action, name string) error {
	return c.Redirect(http.StatusSeeOther, path+"?"+url.Values{"done": {action}, "name": {name}}.Encode())
}

// handleUsers lists the users with their roles.
func (s *Server) handleUsers(c echo.Context) error {
	users, err := s.accounts.Users(c.Request().Context())
	if err != nil {
		return fmt.Errorf("users: %w", err)
	}
	sess, _ := currentSession(c)
	page := usersPage{Meta: meta{Title: "Users"}, Roles: dashboard.Roles, Done: doneAdmin(c.QueryParams())}
	for _, u := range users {
		page.Users = append(page.Users, userRow{Name: u.Name, Role: u.Role, Self: u.Name == sess.User.Name,
			Created: dateView{ISO: isoDate(u.Created), Text: formatDate(u.Created, s.cfg.Location)}})
	}
	return s.render(c, http.StatusOK, "users", page)
}

// handleAddUser adds a user with a generated password, which the answer
// shows once.
func (s *Server) handleAddUser(c echo.Context) error {
	name, err := accountName(c.FormValue("name"), "user")
	if err != nil {
		return err
	}
	role, err := dashboard.ParseRole(c.FormValue("role"))
	if err != nil {
		return formError("Choose a role: editor, moderator or admin.")
	}
	password, hash, err := NewPassword()
	if err != nil {
		return fmt.Errorf("add user: %w", err)
	}
	ctx := c.Request().Context()
	if _, err := s.accounts.AddUser(ctx, dashboard.User{Name: name, Role: role, PasswordHash: hash}); err != nil {
		if errors.Is(err, dashboard.ErrExists) {
			return &pageError{Status: http.StatusConflict, Title: "Name taken",
				Detail: fmt.Sprintf("There is already a user %q: choose another name, or reset that user's password.", name), Err: err}
		}
		return fmt.Errorf("add user: %w", err)
	}
	if err := s.audit(c, "user_add", "user "+name, "role="+string(role)); err != nil {
		return err
	}
	return s.renderSecret(c, secretPage{Meta: meta{Title: "User added"}, Heading: fmt.Sprintf("%s can log in now", name),
		Label: "Password for " + name, Secret: password,
		Note: fmt.Sprintf("Give it to %s by a private channel: tonedesk keeps only a hash of it, so no one can show it again.", name),
		Back: "/admin/users", BackTo: "Back to the users"})
}

// handleUserRole changes a user's role; the last admin keeps theirs.
func (s *Server) handleUserRole(c echo.Context) error {
	name := c.FormValue("name")
	role, err := dashboard.ParseRole(c.FormValue("role"))
	if err != nil {
		return formError("Choose a role: editor, moderator or admin.")
	}
	if err := s.accounts.SetRole(c.Request().Context(), name, role); err != nil {
		return userError(err, name, "keep the admin role")
	}
	if err := s.audit(c, "user_role", "user "+name, "role="+string(role)); err != nil {
		return err
	}
	return backTo(c, "/admin/users", "role", name)
}

// handleUserPassword gives a user a new generated password, shown once,
// and ends the user's sessions.
func (s *Server) handleUserPassword(c echo.Context) error {
	name := c.FormValue("name")
	password, hash, err := NewPassword()
	if err != nil {
		return fmt.Errorf("reset password: %w", err)
	}
	if err := s.accounts.SetPassword(c.Request().Context(), name, hash); err != nil {
		return userError(err, name, "")
	}
	if err := s.audit(c, "user_passwd", "user "+name, ""); err != nil {
		return err
	}
	return s.renderSecret(c, secretPage{Meta: meta{Title: "New password"}, Heading: "New password for " + name,
		Label: "Password for " + name, Secret: password,
		Note: fmt.Sprintf("%s's sessions have ended: they log in again with this password. tonedesk keeps only a hash of it.", name),
		Back: "/admin/users", BackTo: "Back to the users"})
}

// handleRemoveUser removes a user, never the admin asking nor the last
// admin.
func (s *Server) handleRemoveUser(c echo.Context) error {
	name := c.FormValue("name")
	if sess, _ := currentSession(c); sess.User.Name == name {
		return &pageError{Status: http.StatusConflict, Title: "Not removed",
			Detail: "You cannot remove yourself: ask another admin to do it."}
	}
	if err := s.accounts.RemoveUser(c.Request().Context(), name); err != nil {
		return userError(err, name, "stay")
	}
	if err := s.audit(c, "user_remove", "user "+name, ""); err != nil {
		return err
	}
	return backTo(c, "/admin/users", "removed", name)
}

// userError explains a store error about the user name: no such user, or
// the last admin, who must (what) so that someone can manage users.
func userError(err error, name, what string) error {
	switch {
	case errors.Is(err, dashboard.ErrNotFound):
		return &pageError{Status: http.StatusNotFound, Title: "No such user",
			Detail: fmt.Sprintf("There is no user %q: someone may have removed it. Nothing was changed.", name), Err: err}
	case errors.Is(err, dashboard.ErrLastAdmin):
		return &pageError{Status: http.StatusConflict, Title: "The last admin",
			Detail: fmt.Sprintf("%s is the only admin and must %s, or no one could manage users. Make another user admin first.", name, what), Err: err}
	}
	return fmt.Errorf("user %q: %w", name, err)
}

// handleTokens lists the tokens, without their secrets.
func (s *Server) handleTokens(c echo.Context) error {
	ctx := c.Request().Context()
	tokens, err := s.accounts.Tokens(ctx)
	if err != nil {
		return fmt.Errorf("tokens: %w", err)
	}
	stories, err := s.store.Stories(ctx)
	if err != nil {
		return fmt.Errorf("tokens: %w", err)
	}
	page := tokensPage{Meta: meta{Title: "Tokens"}, Done: doneAdmin(c.QueryParams())}
	for _, st := range stories {
		page.Stories = append(page.Stories, storyRow{ID: st.ID, Title: cmp.Or(strings.TrimSpace(st.Title), st.ID)})
	}
	for _, t := range tokens {
		page.Tokens = append(page.Tokens, tokenRow{Name: t.Name, Kind: cmp.Or(string(t.Kind), string(dashboard.TokenRead)),
			Story: cmp.Or(t.StoryID, "every story"), CreatedBy: t.CreatedBy,
			Created: dateView{ISO: isoDate(t.Created), Text: formatDate(t.Created, s.cfg.Location)}})
	}
	return s.render(c, http.StatusOK, "tokens", page)
}

// handleAddToken adds a read or ingest token, of one story or of every
// story; the answer shows its secret once, with an example of its use.
func (s *Server) handleAddToken(c echo.Context) error {
	ctx := c.Request().Context()
	name, err := accountName(c.FormValue("name"), "token")
	if err != nil {
		return err
	}
	kind := dashboard.TokenKind(c.FormValue("kind"))
	if kind != dashboard.TokenRead && kind != dashboard.TokenIngest {
		return formError("Choose a kind of token: read or ingest.")
	}
	story := c.FormValue("story")
	if story != "" {
		if _, err := s.store.Story(ctx, story); err != nil {
			if errors.Is(err, dashboard.ErrNotFound) {
				return formError("There is no story %q.", story)
			}
			return fmt.Errorf("add token: %w", err)
		}
	}
	sess, _ := currentSession(c)
	secret := NewToken()
	if _, err := s.accounts.AddToken(ctx, dashboard.Token{Name: name, Kind: kind, StoryID: story, CreatedBy: sess.User.Name}, HashToken(secret)); err != nil {
		if errors.Is(err, dashboard.ErrExists) {
			return &pageError{Status: http.StatusConflict, Title: "Name taken",
				Detail: fmt.Sprintf("There is already a token %q: choose another name, or revoke that one first.", name), Err: err}
		}
		return fmt.Errorf("add token: %w", err)
	}
	if err := s.audit(c, "token_add", "token "+name, "kind="+string(kind)+" story="+cmp.Or(story, "*")); err != nil {
		return err
	}
	return s.renderSecret(c, tokenSecretPage(c, name, kind, story, secret))
}

// tokenSecretPage is the page that shows a new token's secret, with a
// chart URL (read) or a curl line (ingest) that uses it.
func tokenSecretPage(c echo.Context, name string, kind dashboard.TokenKind, story, secret string) secretPage {
	base := c.Scheme() + "://" + c.Request().Host
	pathStory := url.PathEscape(cmp.Or(story, "STORY"))
	p := secretPage{Meta: meta{Title: "Token added"}, Heading: fmt.Sprintf("Token %s added (%s)", name, kind),
		Label: "Secret of " + name, Secret: secret, Back: "/admin/tokens", BackTo: "Back to the tokens"}
	scope := "every story (put a story id in place of STORY)"
	if story != "" {
		scope = "the story " + story
	}
	if kind == dashboard.TokenIngest {
		p.Example = fmt.Sprintf("curl -sS -X POST -H 'Authorization: Bearer %s' -H 'Content-Type: application/x-ndjson' --data-binary @batch.jsonl %s/api/stories/%s/import",
			secret, base, pathStory)
		p.Note = "It pushes batches to the ingest API for " + scope + " and reads nothing. tonedesk keeps only a hash of it."
	} else {
		p.Example = fmt.Sprintf("%s/stories/%s/charts/tone-by-source.png?token=%s", base, pathStory, secret)
		p.Note = "It reads the chart files of " + scope + " and nothing else. tonedesk keeps only a hash of it."
	}
	return p
}

// handleRevokeToken revokes a token.
func (s *Server) handleRevokeToken(c echo.Context) error {
	name := c.FormValue("name")
	if err := s.accounts.RemoveToken(c.Request().Context(), name); err != nil {
		if errors.Is(err, dashboard.ErrNotFound) {
			return &pageError{Status: http.StatusNotFound, Title: "No such token",
				Detail: fmt.Sprintf("There is no token %q: someone may have revoked it. Nothing was changed.", name), Err: err}
		}
		return fmt.Errorf("revoke token: %w", err)
	}
	if err := s.audit(c, "token_revoke", "token "+name, ""); err != nil {
		return err
	}
	return backTo(c, "/admin/tokens", "revoked", name)
}

// audit writes an audit entry for something the session's user did (an
// admin's change, a logout). It returns the store's error, prefixed with
// the action.
func (s *Server) audit(c echo.Context, action, target, detail string) error {
	sess, _ := currentSession(c)
	if err := s.accounts.Audit(c.Request().Context(), dashboard.AuditEntry{Actor: sess.User.Name, Action: action,
		Target: target, Detail: detail, IP: c.RealIP()}); err != nil {
		return fmt.Errorf("%s: audit: %w", action, err)
	}
	return nil
}

// renderSecret renders a page with a secret on it: no cache may keep it.
func (s *Server) renderSecret(c echo.Context, p secretPage) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	return s.render(c, http.StatusOK, "secret", p)
}

// accountName checks a new user or token name (what): trimmed, not
// empty, at most maxAccountName characters, no control or formatting
// characters (a right-to-left override would disguise it in lists).
func accountName(raw, what string) (string, error) {
	name := strings.TrimSpace(raw)
	if name == "" {
		return "", formError("Give the %s a name.", what)
	}
	if n := len([]rune(name)); n > maxAccountName {
		return "", formError("The %s name has %d characters: at most %d.", what, n, maxAccountName)
	}
	if strings.IndexFunc(name, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) >= 0 {
		return "", formError("The %s name has a control or formatting character.", what)
	}
	return name, nil
}

// NewPassword returns a new password (18 random bytes as 24 URL-safe
// characters) and its bcrypt hash: what the admin pages and `tonedesk user
// --generate` give a user. It returns crypto/rand's or bcrypt's error.
func NewPassword() (password string, hash []byte, err error) {
	var b [18]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", nil, err
	}
	password = base64.RawURLEncoding.EncodeToString(b[:])
	hash, err = bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	return password, hash, err
}
