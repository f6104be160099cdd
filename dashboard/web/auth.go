package web

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/bcrypt"

	"github.com/tonedesk/tonedesk/dashboard"
)

// sessionCookie is the name of the session cookie. It holds a random
// 32-byte token (hex); the database keeps only its SHA-256.
const sessionCookie = "tonedesk_session"

// csrfField is the hidden form field (or the X-CSRF-Token header) that
// every POST from a session must carry.
const csrfField = "csrf"

// Context keys of the request's viewer.
const (
	sessionKey = "tonedesk.session"
	tokenKey   = "tonedesk.sessionToken"
)

// HashToken returns the hex SHA-256 of a session or read token: what the
// database stores in place of the token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewToken returns a random 32-byte token, hex-encoded.
func NewToken() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("web: crypto/rand: " + err.Error()) // never fails on Linux
	}
	return hex.EncodeToString(b[:])
}

// csrfToken is the CSRF token of a session: derived from the session's
// secret token, which only the browser's HttpOnly cookie holds, so a page
// of another site can neither read nor compute it; and another hash than
// the one the database keeps, so the database does not give it away.
func csrfToken(sessionToken string) string {
	sum := sha256.Sum256([]byte("tonedesk csrf\x00" + sessionToken))
	return hex.EncodeToString(sum[:])
}

// viewer is who is looking at a page, for the layout: name, role, what the
// role may open, and the CSRF token of the logout form.
type viewer struct {
	Name      string
	Role      dashboard.Role
	CSRF      string
	Moderator bool
	Admin     bool
}

// currentSession returns the request's session, if it has one.
func currentSession(c echo.Context) (dashboard.Session, bool) {
	s, ok := c.Get(sessionKey).(dashboard.Session)
	return s, ok
}

// currentViewer returns the viewer of the request, nil without a session.
func currentViewer(c echo.Context) *viewer {
	s, ok := currentSession(c)
	if !ok {
		return nil
	}
	tok, _ := c.Get(tokenKey).(string)
	return &viewer{Name: s.User.Name, Role: s.User.Role, CSRF: csrfToken(tok),
		Moderator: s.User.Role.Can(dashboard.RoleModerator), Admin: s.User.Role.Can(dashboard.RoleAdmin)}
}

// loadSession is a middleware that finds the request's session from its
// cookie, if any, and slides its end: a session used more than a minute
// after it was last extended ends SessionTTL after now. It never refuses a
// request: requireRole does.
func (s *Server) loadSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ck, err := c.Cookie(sessionCookie)
		if err != nil || ck.Value == "" || len(ck.Value) > 128 {
			return next(c)
		}
		ctx := c.Request().Context()
		now := time.Now()
		hash := HashToken(ck.Value)
		sess, err := s.accounts.Session(ctx, hash, now)
		if errors.Is(err, dashboard.ErrNotFound) {
			return next(c)
		}
		if err != nil {
			return fmt.Errorf("session: %w", err)
		}
		if until := now.Add(s.cfg.SessionTTL); until.Sub(sess.Expires) > time.Minute {
			if err := s.accounts.ExtendSession(ctx, hash, until); err != nil {
				return fmt.Errorf("session: %w", err)
			}
			sess.Expires = until
		}
		c.Set(sessionKey, sess)
		c.Set(tokenKey, ck.Value)
		return next(c)
	}
}

// requireRole lets a request through when its session's role can do what
// role may; a request without a session is sent to the login page (a
// browser) or answered 401 (anything else), one whose role is not enough
// gets 403.
func (s *Server) requireRole(role dashboard.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			sess, ok := currentSession(c)
			if !ok {
				return s.unauthenticated(c)
			}
			if !sess.User.Role.Can(role) {
				return &pageError{Status: http.StatusForbidden, Title: "Not allowed",
					Detail: fmt.Sprintf("You are logged in as %s (%s): this page is for %ss and above. Ask an admin if you need it.",
						sess.User.Name, sess.User.Role, role)}
			}
			return next(c)
		}
	}
}

// requireCSRF guards a route that changes something: the request must
// carry its session's CSRF token (form field csrf or header X-CSRF-Token),
// else 403 and nothing changes.
func (s *Server) requireCSRF(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !s.csrfOK(c) {
			return &pageError{Status: http.StatusForbidden, Title: "Form expired",
				Detail: "The form did not carry this session's security token (CSRF), so nothing was changed. Reload the page and try again."}
		}
		return next(c)
	}
}

// csrfOK reports whether a POST carries the CSRF token of its session.
func (s *Server) csrfOK(c echo.Context) bool {
	tok, _ := c.Get(tokenKey).(string)
	if tok == "" {
		return false
	}
	got := c.FormValue(csrfField)
	if got == "" {
		got = c.Request().Header.Get("X-CSRF-Token")
	}
	want := csrfToken(tok)
	return len(got) == len(want) && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// unauthenticated answers a request that needs a session and has none: a
// browser asking for a page is sent to the login page, which sends it back
// here after logging in; anything else gets 401.
func (s *Server) unauthenticated(c echo.Context) error {
	req := c.Request()
	if req.Method == http.MethodGet && acceptsHTML(req) {
		return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(req.URL.RequestURI()))
	}
	c.Response().Header().Set("WWW-Authenticate", `Cookie realm="tonedesk"`)
	return &pageError{Status: http.StatusUnauthorized, Title: "Log in first",
		Detail: "This address needs a session: log in at /login (a chart file also takes ?token= with a read token)."}
}

// safeNext returns where to go after logging in: next when it is a path of
// this site ("/stories/x?source=Dawn"), else "/". Absolute URLs,
// scheme-relative ones ("//evil.example") and backslash tricks are refused,
// so the login page cannot send anyone to another site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	if u.Path == "/login" || u.Path == "/logout" {
		return "/"
	}
	return next
}

// loginPage is the login form.
type loginPage struct {
	Meta  meta
	Next  string
	Name  string
	Error string
}

// handleLoginForm shows the login form; a browser with a session goes
// straight on.
func (s *Server) handleLoginForm(c echo.Context) error {
	next := safeNext(c.QueryParam("next"))
	if _, ok := currentSession(c); ok {
		return c.Redirect(http.StatusSeeOther, next)
	}
	return s.render(c, http.StatusOK, "login", loginPage{Meta: meta{Title: "Log in"}, Next: next})
}

// handleLogin checks a name and password. On success it starts a session
// (a new token: no session fixation) and goes to next; on failure it shows
// the form again with 401, logs and audits the failure, and after
// Config.LoginLimit failures for the address or the name within
// Config.LoginWindow answers 429 until the window has passed. Unknown names
// cost a bcrypt comparison too, so timing does not tell which names exist.
func (s *Server) handleLogin(c echo.Context) error {
	req := c.Request()
	if !sameOrigin(req) {
		return &pageError{Status: http.StatusForbidden, Title: "Not allowed",
			Detail: "The login form was sent from another site."}
	}
	ctx := req.Context()
	name := strings.TrimSpace(c.FormValue("name"))
	password := c.FormValue("password")
	next := safeNext(c.FormValue("next"))
	ip := c.RealIP()
	page := loginPage{Meta: meta{Title: "Log in"}, Next: next, Name: name}
	now := time.Now()

	// The name is counted by its hash: a posted name can be megabytes
	// long, and the failures are kept for LoginWindow. They are in the
	// database, so every server that shares it counts them.
	keys := []string{"ip:" + ip, "user:" + HashToken(strings.ToLower(name))}
	since := now.Add(-s.cfg.LoginWindow)
	fails, err := s.accounts.LoginFailures(ctx, keys, since)
	if err != nil {
		return fmt.Errorf("login: %w", err)
	}
	if wait := loginWait(fails, keys, s.cfg.LoginLimit, s.cfg.LoginWindow, now); wait > 0 {
		s.log.WarnContext(ctx, "login refused: too many failures", "user", name, "ip", ip)
		c.Response().Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		page.Error = fmt.Sprintf("Too many failed logins for this name or from this address. Try again in %s.", waitText(wait))
		return s.render(c, http.StatusTooManyRequests, "login", page)
	}

	u, err := s.accounts.UserByName(ctx, name)
	switch {
	case errors.Is(err, dashboard.ErrNotFound):
		_ = bcrypt.CompareHashAndPassword(s.dummyHash(), []byte(password))
	case err != nil:
		return fmt.Errorf("login: %w", err)
	}
	if err != nil || name == "" || bcrypt.CompareHashAndPassword(u.PasswordHash, []byte(password)) != nil {
		if err := s.accounts.AddLoginFailure(ctx, keys, now, since); err != nil {
			return fmt.Errorf("login: %w", err)
		}
		s.log.WarnContext(ctx, "login failed", "user", name, "ip", ip)
		if aerr := s.accounts.Audit(ctx, dashboard.AuditEntry{Actor: name, Action: "login_failed", IP: ip}); aerr != nil {
			return fmt.Errorf("login: %w", aerr)
		}
		page.Error = "That name and password do not match."
		return s.render(c, http.StatusUnauthorized, "login", page)
	}
	if err := s.accounts.ClearLoginFailures(ctx, keys); err != nil {
		return fmt.Errorf("login: %w", err)
	}

	// A session token the browser had before logging in is never reused.
	if old, err := c.Cookie(sessionCookie); err == nil && old.Value != "" {
		_ = s.accounts.RemoveSession(ctx, HashToken(old.Value), now)
	}
	tok := NewToken()
	if err := s.accounts.AddSession(ctx, HashToken(tok), u.ID, now.Add(s.cfg.SessionTTL)); err != nil {
		return fmt.Errorf("login: %w", err)
	}
	if err := s.accounts.Audit(ctx, dashboard.AuditEntry{Actor: u.Name, Action: "login", IP: ip}); err != nil {
		return fmt.Errorf("login: %w", err)
	}
	s.log.InfoContext(ctx, "login", "user", u.Name, "ip", ip)
	c.SetCookie(s.cookie(c, tok, 0))
	return c.Redirect(http.StatusSeeOther, next)
}

// handleLogout ends the session and goes to the login page.
func (s *Server) handleLogout(c echo.Context) error {
	tok, _ := c.Get(tokenKey).(string)
	if err := s.accounts.RemoveSession(c.Request().Context(), HashToken(tok), time.Now()); err != nil {
		return fmt.Errorf("logout: %w", err)
	}
	if err := s.audit(c, "logout", "", ""); err != nil {
		return err
	}
	c.SetCookie(s.cookie(c, "", -1))
	return c.Redirect(http.StatusSeeOther, "/login")
}

// cookie returns the session cookie: HttpOnly, SameSite=Lax, Secure when
// the request came over TLS or Config.SecureCookies says so (behind a
// TLS-terminating proxy). maxAge -1 deletes it; 0 makes it last as long as
// the browser (the server ends the session after SessionTTL unused).
func (s *Server) cookie(c echo.Context, value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name:     sessionCookie,
		Value:    value,
		Path:     "/",
		MaxAge:   maxAge,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
		Secure:   s.cfg.SecureCookies || c.IsTLS(),
	}
}

// sameOrigin reports whether a form POST came from this site, by the
// headers browsers send: Sec-Fetch-Site, else Origin. A request with
// neither (curl, an old browser) passes.
func sameOrigin(req *http.Request) bool {
	switch req.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return true
	case "cross-site", "same-site":
		return false
	}
	origin := req.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host == req.Host
}

// dummyHash is a bcrypt hash of nothing anyone types, compared against
// when a login names no user, so that such a login takes as long as a
// wrong password. It is made once, at the cost of the real ones.
func (s *Server) dummyHash() []byte {
	s.dummyOnce.Do(func() {
		h, err := bcrypt.GenerateFromPassword([]byte(NewToken()), bcrypt.DefaultCost)
		if err != nil {
			panic("web: bcrypt: " + err.Error())
		}
		s.dummy = h
	})
	return s.dummy
}

// waitText says how long to wait, in whole minutes (at least one).
func waitText(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	if m <= 1 {
		return "a minute"
	}
	return fmt.Sprintf("%d minutes", m)
}

// loginWait returns how long until any of keys may try to log in again,
// given each key's failed logins within the window (oldest first): the
// limit-th latest failure must leave the window. 0 when all may.
func loginWait(fails map[string][]time.Time, keys []string, limit int, window time.Duration, now time.Time) time.Duration {
	var wait time.Duration
	for _, k := range keys {
		if ts := fails[k]; len(ts) >= limit {
			wait = max(wait, ts[len(ts)-limit].Add(window).Sub(now))
		}
	}
	return wait
}

// chartAccess is a middleware for chart files: a session of any role, or a
// read token (?token=) an admin made for this story or for all stories; an
// ingest token gets 403.
func (s *Server) chartAccess(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, ok := currentSession(c); ok {
			return next(c)
		}
		// A CMS or an <img> gets its refusal as a line of text.
		c.Set(plainErrorsKey, true)
		tok := c.QueryParam("token")
		if tok == "" {
			return s.unauthenticated(c)
		}
		t, err := s.accounts.TokenByHash(c.Request().Context(), HashToken(tok))
		if errors.Is(err, dashboard.ErrNotFound) {
			return &pageError{Status: http.StatusUnauthorized, Title: "Bad token",
				Detail: "This read token is not known: it may have been revoked."}
		}
		if err != nil {
			return fmt.Errorf("read token: %w", err)
		}
		if t.Kind != "" && t.Kind != dashboard.TokenRead {
			return &pageError{Status: http.StatusForbidden, Title: "Not allowed",
				Detail: "This is an ingest token: it imports into the ingest API and reads nothing."}
		}
		if t.StoryID != "" && t.StoryID != storyParam(c) {
			return &pageError{Status: http.StatusForbidden, Title: "Not allowed",
				Detail: "This read token is for another story."}
		}
		return next(c)
	}
}

// redactToken returns a request URI with the value of a token parameter
// replaced, for the log.
func redactToken(uri string) string {
	path, query, ok := strings.Cut(uri, "?")
	if !ok || !strings.Contains(query, "token=") {
		return uri
	}
	parts := strings.Split(query, "&")
	for i, p := range parts {
		if strings.HasPrefix(p, "token=") {
			parts[i] = "token=REDACTED"
		}
	}
	return path + "?" + strings.Join(parts, "&")
}
