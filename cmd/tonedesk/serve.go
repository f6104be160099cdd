package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/tonedesk/tonedesk/dashboard/store"
	"github.com/tonedesk/tonedesk/dashboard/web"
)

const serveSynopsis = `tonedesk serve [--db DSN] [--addr HOST:PORT] [--secure-cookies] [--model FILE] [--max-import-mb N] [--render-runtimes N] [--render-timeout D] [--render-workers=BOOL]

Serves the dashboard from the database, with its chart images (PNG, SVG),
CSV and alt text under /stories/ID/charts/NAME.EXT. Listens on
127.0.0.1:8080 unless --addr (or TONEDESK_ADDR) says otherwise. Every page
but /login needs a session: add users with 'tonedesk user'. The ingest API
(POST /api/stories/ID/import) takes an ingest token instead ('tonedesk
token add --ingest') and analyses what it imports with the stored story
file and the model of --model, as 'tonedesk import' does.`

// serveWorkers is the default of --render-workers: see the README's "Chart
// images" for the measurements behind it.
const serveWorkers = true

func runServe(ctx context.Context, e env, args []string) error {
	var c config
	c.load(e.getenv)
	var rc renderConfig
	fs := flagSet("serve", serveSynopsis, e.stderr)
	c.dbFlag(fs)
	fs.StringVar(&c.Addr, "addr", c.Addr, "address to listen on (env TONEDESK_ADDR)")
	secure := fs.Bool("secure-cookies", e.getenv("TONEDESK_SECURE_COOKIES") == "true",
		"mark the session cookie Secure even over plain HTTP, for a server behind a TLS proxy (env TONEDESK_SECURE_COOKIES=true)")
	c.modelFlag(fs)
	maxImportMB := fs.Int("max-import-mb", 32, "largest request body of the ingest API, in MB (larger gets 413)")
	rc.flags(fs, e.getenv, serveWorkers)
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if err := rc.check(); err != nil {
		return err
	}
	if *maxImportMB < 1 {
		return exitError{code: 2, err: fmt.Errorf("serve: --max-import-mb %d: want at least 1", *maxImportMB)}
	}
	opts, err := c.analyzerOptions()
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(e.stderr, nil))
	st, err := store.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	if users, err := st.Users(ctx); err == nil && len(users) == 0 {
		logger.Warn("no users: no one can log in; run 'tonedesk user ensure-admin' or 'tonedesk user add'")
	}
	// The renderer starts before the listener, so that the first image
	// request finds a warm pool; it closes after the last request.
	r, err := newRenderer(ctx, rc, logger, e.stderr)
	if err != nil {
		return fmt.Errorf("serve: chart renderer: %w", err)
	}
	defer r.Close()
	app, err := web.New(web.Config{Renderer: r, SecureCookies: *secure,
		Import: newAPIImporter(st, opts).Import, MaxImportBytes: int64(*maxImportMB) << 20}, st, logger)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return serve(ctx, ln, app.Handler(), logger, e)
}

// serve answers on ln until ctx ends, then shuts down gracefully.
func serve(ctx context.Context, ln net.Listener, h http.Handler, logger *slog.Logger, e env) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(e.stdout, "tonedesk: serving the dashboard on http://%s/\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
