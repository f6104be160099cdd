package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/tonedesk/tonedesk/dashboard/web/render"
)

// renderConfig sizes the chart renderer of serve and export: flags, then
// TONEDESK_RENDER_* variables, then defaults.
type renderConfig struct {
	// Runtimes is the number of charts drawn at once (JavaScript runtimes
	// and resvg instances, each about 5 MB and 35 MB).
	Runtimes int
	// Timeout stops a render that takes longer.
	Timeout time.Duration
	// Workers draws PNGs in worker processes (the running binary, `tonedesk
	// render-worker`) instead of in this one.
	Workers bool
}

// renderWorkerCommand is the hidden subcommand a PNG worker runs.
const renderWorkerCommand = "render-worker"

// flags registers the renderer's flags; their defaults come from the
// environment.
func (rc *renderConfig) flags(fs *flag.FlagSet, getenv func(string) string, workersDefault bool) {
	runtimes := 2
	if v, err := strconv.Atoi(getenv("TONEDESK_RENDER_RUNTIMES")); err == nil && v > 0 {
		runtimes = v
	}
	workers := workersDefault
	if v, err := strconv.ParseBool(getenv("TONEDESK_RENDER_WORKERS")); err == nil {
		workers = v
	}
	fs.IntVar(&rc.Runtimes, "render-runtimes", runtimes, "chart images drawn at once, each with its own JavaScript runtime and resvg instance (env TONEDESK_RENDER_RUNTIMES)")
	fs.DurationVar(&rc.Timeout, "render-timeout", 10*time.Second, "stop a chart image that takes longer to draw")
	fs.BoolVar(&rc.Workers, "render-workers", workers, "draw PNGs in worker processes, so that a long render never pauses the server (env TONEDESK_RENDER_WORKERS)")
}

// check validates the settings.
func (rc *renderConfig) check() error {
	if rc.Runtimes < 1 || rc.Runtimes > 64 {
		return exitError{code: 2, err: fmt.Errorf("--render-runtimes %d: want 1 to 64", rc.Runtimes)}
	}
	if rc.Timeout <= 0 {
		return exitError{code: 2, err: fmt.Errorf("--render-timeout %v: want a positive duration", rc.Timeout)}
	}
	return nil
}

// renderCacheDir returns the directory where the compiled resvg is kept
// between runs, $XDG_CACHE_HOME/tonedesk/resvg or the system's equivalent,
// created if missing; "" when there is none or it cannot be written, which
// costs a few seconds of compilation at every start and nothing else.
func renderCacheDir(log *slog.Logger) string {
	base, err := os.UserCacheDir()
	if err != nil {
		log.Warn("no cache directory for the chart renderer; it compiles resvg at every start", "err", err)
		return ""
	}
	dir := filepath.Join(base, "tonedesk", "resvg")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		log.Warn("cannot create the chart renderer's cache; it compiles resvg at every start", "dir", dir, "err", err)
		return ""
	}
	// wazero writes files there: make sure it can.
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		log.Warn("cannot write the chart renderer's cache; it compiles resvg at every start", "dir", dir, "err", err)
		return ""
	}
	f.Close()
	os.Remove(f.Name())
	return dir
}

// newRenderer starts the chart renderer and warms its pools. A cache that
// fails is dropped with a warning rather than failing the start.
func newRenderer(ctx context.Context, rc renderConfig, log *slog.Logger, stderr io.Writer) (*render.Renderer, error) {
	cfg := render.Config{Runtimes: rc.Runtimes, Timeout: rc.Timeout, CacheDir: renderCacheDir(log)}
	if rc.Workers {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("render workers: %w", err)
		}
		cacheDir := cfg.CacheDir
		cfg.Worker = func() *exec.Cmd {
			cmd := exec.Command(exe, renderWorkerCommand, "--cache-dir", cacheDir)
			if stderr != nil {
				cmd.Stderr = stderr
			}
			return cmd
		}
	}
	start := time.Now()
	r, err := render.New(ctx, cfg)
	if err != nil && cfg.CacheDir != "" && ctx.Err() == nil {
		log.Warn("the chart renderer failed with its cache; starting without", "dir", cfg.CacheDir, "err", err)
		cfg.CacheDir = ""
		r, err = render.New(ctx, cfg)
	}
	if err != nil {
		return nil, err
	}
	log.Info("chart renderer ready", "runtimes", rc.Runtimes, "workers", rc.Workers, "timeout", rc.Timeout,
		"cache", cfg.CacheDir != "", "took", time.Since(start).Round(time.Millisecond))
	return r, nil
}

// runRenderWorker is the hidden subcommand a PNG worker process runs: it
// draws the PNGs its parent sends on standard input until the input ends
// (render.ServeWorker). An interrupt from the terminal, which reaches the
// whole process group, does not end it: its parent does, by closing its
// input, after the requests in flight.
func runRenderWorker(ctx context.Context, e env, args []string) error {
	fs := flagSet(renderWorkerCommand, "tonedesk render-worker [--cache-dir DIR]\n\nDraws PNGs for 'tonedesk serve --render-workers'; not for people.", e.stderr)
	cacheDir := fs.String("cache-dir", "", "directory of the compiled resvg")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	err := render.ServeWorker(context.WithoutCancel(ctx), e.stdin, e.stdout, render.Config{CacheDir: *cacheDir})
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
