// Package web is tonedesk's dashboard: the Echo routes and handlers, the
// HTML pages and the go-echarts chart builders. It reads a dashboard.Store and
// never scores text itself. It is the only package that imports Echo and
// go-echarts.
package web

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/tonedesk/tonedesk/assets"
	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/dashboard/web/render"
)

// Config is what the dashboard needs beyond its store. The zero value works.
type Config struct {
	// Location is the time zone in which pages show dates; nil means UTC.
	Location *time.Location
	// MaxComments caps the comments listed on a story page (the charts
	// count all of them); 0 means 500.
	MaxComments int
	// MaxQuotes caps the quoted statements listed on a story page (the
	// charts count all of them); 0 means 500.
	MaxQuotes int
	// MaxArticles caps the articles listed on a story page (the charts
	// count all of them); 0 means 200.
	MaxArticles int
	// ShutdownTimeout bounds how long Serve waits for requests in flight
	// once its context ends; 0 means 10 seconds.
	ShutdownTimeout time.Duration
	// Renderer draws the chart images (PNG, SVG). The dashboard does not
	// own it: the caller closes it after the server has stopped. Nil
	// serves CSV and alt text only, and answers images with 503.
	Renderer *render.Renderer
	// ImageCache is the memory in bytes that keeps the chart images drawn
	// last, so that an image asked for again is not drawn again; 0 means
	// 64 MB (a few hundred images), a negative value keeps none.
	ImageCache int64
	// ImageWait bounds one chart file request, the wait for a free runtime
	// of the Renderer included (the Renderer's own timeout bounds the
	// render); past it the request is answered with 503. 0 means 30
	// seconds.
	ImageWait time.Duration
	// SecureCookies marks the session cookie Secure even when the request
	// did not come over TLS: for a server behind a proxy that terminates
	// TLS. Over TLS the cookie is always Secure.
	SecureCookies bool
	// SessionTTL is how long a session lasts unused (each use slides it);
	// 0 means 12 hours.
	SessionTTL time.Duration
	// LoginLimit failed logins for one name or from one address within
	// LoginWindow refuse further tries (429) until the window has passed;
	// 0 means 5 in 15 minutes.
	LoginLimit  int
	LoginWindow time.Duration
	// Import parses, analyses and stores a batch pushed to the ingest API
	// (POST /api/stories/ID/import with an ingest token); nil answers it
	// with 503.
	Import ImportFunc
	// MaxImportBytes is the largest request body the ingest API reads;
	// past it the answer is 413. 0 means 32 MB.
	MaxImportBytes int64
}

// withDefaults returns cfg with its zero fields set to their defaults.
func (cfg Config) withDefaults() Config {
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.MaxComments <= 0 {
		cfg.MaxComments = 500
	}
	if cfg.MaxQuotes <= 0 {
		cfg.MaxQuotes = 500
	}
	if cfg.MaxArticles <= 0 {
		cfg.MaxArticles = 200
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = 10 * time.Second
	}
	if cfg.ImageWait <= 0 {
		cfg.ImageWait = 30 * time.Second
	}
	if cfg.ImageCache == 0 {
		cfg.ImageCache = 64 << 20
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.LoginLimit <= 0 {
		cfg.LoginLimit = 5
	}
	if cfg.LoginWindow <= 0 {
		cfg.LoginWindow = 15 * time.Minute
	}
	if cfg.MaxImportBytes <= 0 {
		cfg.MaxImportBytes = 32 << 20
	}
	return cfg
}

// Server is the dashboard: its handlers are methods on it. Make one with New.
type Server struct {
	cfg    Config
	store  dashboard.Store
	log    *slog.Logger
	static *staticFiles
	pages  *pages
	// echartsDir is the hashed URL directory of echarts.min.js, go-echarts'
	// AssetsHost.
	echartsDir string
	// exporter makes the chart files, as `tonedesk export` does.
	exporter *Exporter
	echo     *echo.Echo
	// accounts and moderation are the store's users, sessions, audit log
	// and moderation queue.
	accounts   dashboard.Accounts
	moderation dashboard.Moderation
	dummyOnce  sync.Once
	dummy      []byte
}

// New returns a dashboard that reads st, which must also keep the users
// and the moderation queue (dashboard.Accounts and dashboard.Moderation,
// as dashboard/store does). It reads and hashes the embedded static files
// and parses the templates once, here; it returns an error when they are
// broken or st lacks accounts. A nil logger discards the log.
func New(cfg Config, st dashboard.Store, logger *slog.Logger) (*Server, error) {
	if st == nil {
		return nil, errors.New("web: nil store")
	}
	accounts, ok1 := st.(dashboard.Accounts)
	moderation, ok2 := st.(dashboard.Moderation)
	if !ok1 || !ok2 {
		return nil, errors.New("web: the store keeps no users or moderation queue")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	staticFS, err := fs.Sub(assets.Static, "static")
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	static, err := newStaticFiles(staticFS)
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	static.add(groupsCSSFile, groupsCSS())
	if err := addChartAssets(static); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s := &Server{cfg: cfg.withDefaults(), store: st, log: logger, static: static, accounts: accounts, moderation: moderation}
	s.exporter = NewExporter(st, s.cfg.Renderer, s.cfg.Location).withCache(s.cfg.ImageCache)
	if s.echartsDir, err = static.dirURL("vendor/echarts/echarts.min.js"); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	if s.pages, err = parsePages(assets.Templates, static); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s.echo = s.routes()
	return s, nil
}

// Handler returns the HTTP handler of the dashboard.
func (s *Server) Handler() http.Handler { return s.echo }

// routes builds the Echo instance with every route of the dashboard.
func (s *Server) routes() *echo.Echo {
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = s.handleError

	// Addresses come from the connection: X-Forwarded-For is not trusted,
	// so no one can dodge the login limit by sending one.
	e.IPExtractor = echo.ExtractIPDirect()

	e.Use(s.logRequests, recoverPanics, securityHeaders, s.loadSession)

	// Without a session: the login form, static files, the health check.
	e.GET("/login", s.handleLoginForm)
	e.POST("/login", s.handleLogin)
	e.GET(staticPrefix+":hash/*", s.static.serve)
	e.GET("/healthz", s.handleHealth)

	// Chart files: a session, or a read token for a CMS.
	e.Match([]string{http.MethodGet, http.MethodHead}, "/stories/:id/charts/:chart", s.handleChartFile, s.chartAccess)

	// The ingest API: an ingest token (Authorization: Bearer), no session,
	// hence no CSRF token; errors as JSON.
	e.POST("/api/stories/:id/import", s.handleImport, apiJSON, s.ingestAccess)

	// Per route, not per group: a group's middleware would also catch
	// every unknown path and method.
	editor, moderator, admin := s.requireRole(dashboard.RoleEditor), s.requireRole(dashboard.RoleModerator), s.requireRole(dashboard.RoleAdmin)
	e.GET("/", s.handleIndex, editor)
	e.GET("/stories/:id", s.handleStory, editor)
	e.GET("/stories/:id/articles/:article", s.handleArticle, editor)
	e.POST("/logout", s.handleLogout, editor, s.requireCSRF)
	e.GET("/moderation", s.handleQueue, moderator)
	e.POST("/moderation", s.handleDecide, moderator, s.requireCSRF)
	e.GET("/audit", s.handleAudit, admin)
	e.GET("/admin/users", s.handleUsers, admin)
	e.POST("/admin/users", s.handleAddUser, admin, s.requireCSRF)
	e.POST("/admin/users/role", s.handleUserRole, admin, s.requireCSRF)
	e.POST("/admin/users/password", s.handleUserPassword, admin, s.requireCSRF)
	e.POST("/admin/users/remove", s.handleRemoveUser, admin, s.requireCSRF)
	e.GET("/admin/tokens", s.handleTokens, admin)
	e.POST("/admin/tokens", s.handleAddToken, admin, s.requireCSRF)
	e.POST("/admin/tokens/revoke", s.handleRevokeToken, admin, s.requireCSRF)
	return e
}

// contentSecurityPolicy lets a page load scripts, styles, images and fonts
// from tonedesk only. No inline script runs and no inline style applies: chart
// options travel as JSON data blocks that /static/.../js/charts.js reads.
// ECharts sets element styles through the CSSOM, which the policy allows.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the security headers of every response, error pages
// included.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		return next(c)
	}
}

// logRequests logs each request once, after the error handler has rendered
// its error: server errors at level Error, the rest at Info. It is the
// outermost middleware, so it also sees what recoverPanics turned into an
// error.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err) // the error handler renders the error page
		}
		req, res := c.Request(), c.Response()
		level := slog.LevelInfo
		attrs := []slog.Attr{
			slog.String("method", req.Method),
			slog.String("uri", redactToken(req.RequestURI)),
			slog.Int("status", res.Status),
			slog.Duration("latency", time.Since(start)),
		}
		if err != nil {
			attrs = append(attrs, slog.String("err", err.Error()))
			if res.Status >= http.StatusInternalServerError {
				level = slog.LevelError
			}
		}
		s.log.LogAttrs(req.Context(), level, "request", attrs...)
		return nil
	}
}

// recoverPanics turns a panic in a handler into an error with the stack, for
// the error handler and the log.
func recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			r := recover()
			if r == nil {
				return
			}
			if r == http.ErrAbortHandler {
				panic(r)
			}
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}()
		return next(c)
	}
}

// Serve listens on addr and serves the dashboard until ctx ends, then shuts
// down gracefully, waiting up to Config.ShutdownTimeout for requests in
// flight. It returns nil after a clean shutdown, else the listen, serve or
// shutdown error.
func (s *Server) Serve(ctx context.Context, addr string) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("web: %w", err)
	}
	return s.ServeListener(ctx, ln)
}

// ServeListener is Serve on a listener the caller opened, for example on
// "127.0.0.1:0" in a test. It closes ln.
func (s *Server) ServeListener(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.log.Info("dashboard listening", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("web: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("web: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("web: %w", err)
	}
	return nil
}
