// Package render draws ECharts options as SVG and PNG images on the server,
// without a browser, so that an image looks like the chart on the page.
//
// SVG: ECharts itself (the vendored echarts.min.js) runs in goja, a
// JavaScript interpreter in pure Go, in its server-side rendering mode
// (renderer "svg", ssr true). Text is measured with the metrics of the
// embedded font, Liberation Sans, so labels are laid out for the font they
// are drawn in.
//
// PNG: resvg, compiled to WebAssembly, runs under wazero and draws the SVG
// with the same embedded font, in this process or in worker processes
// (Config.Worker, ServeWorker); the PNG encoder is ours (png.go).
//
// A Renderer keeps pools of both, warmed when it is created; it is safe for
// concurrent use. Only dashboard/web imports this package: charts are built
// there, and the themes of this package (ThemeJSON) are registered on the
// page too, so that a chart looks the same on the page and in an image.
package render

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os/exec"
	"runtime"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/tonedesk/tonedesk/assets"
)

// Size limits of an image, in CSS pixels, and its default size.
const (
	MinSize       = 200
	MaxSize       = 4000
	DefaultWidth  = 1200
	DefaultHeight = 675
)

// Scale limits of a PNG: 1 draws one pixel per CSS pixel, 2 is for
// high-density screens and print.
const (
	MinScale = 1
	MaxScale = 3
)

// Limits that keep a render from exhausting the machine.
const (
	maxOptionBytes = 16 << 20 // the option JSON
	maxPNGPixels   = 40e6     // width × height of a PNG (160 MB of RGBA)
	maxJSCallDepth = 10000    // JavaScript recursion
	wasmMemoryMax  = 16384    // pages of 64 KiB: 1 GiB per resvg instance

	// maxIdleWasmMemory is the most memory a resvg instance may keep
	// between renders: 1200×675 at 2x leaves 34 MB; after a larger image
	// the instance is dropped and made again.
	maxIdleWasmMemory = 64 << 20
)

// afterFunc starts the timeout of one render: it calls f in its own
// goroutine once d has passed, unless the returned stop is called first.
// It is time.AfterFunc; tests replace it to end a render's time at the
// moment they choose, while the render is known to be running.
var afterFunc = func(d time.Duration, f func()) (stop func() bool) {
	return time.AfterFunc(d, f).Stop
}

// Errors. Use errors.Is: the returned errors wrap these with details.
var (
	// ErrInvalid is returned for a request outside the limits: a size,
	// scale or theme that is not allowed, or an option that is not a JSON
	// object. A server answers it with 400.
	ErrInvalid = errors.New("render: invalid request")
	// ErrTimeout is returned when a render takes longer than
	// Config.Timeout. An SVG render is interrupted and a PNG worker killed;
	// an in-process PNG render cannot be interrupted, so it is abandoned
	// and finishes in the background, keeping its pool slot until then. A
	// server answers ErrTimeout with 503.
	ErrTimeout = errors.New("render: timed out")
	// ErrClosed is returned after Close.
	ErrClosed = errors.New("render: renderer closed")
)

// Config sizes a Renderer. The zero value is usable.
type Config struct {
	// Runtimes is the number of JavaScript runtimes and of resvg instances
	// in the pools, so the number of SVG and of PNG renders that run at
	// once; more wait. 0 means runtime.GOMAXPROCS(0).
	Runtimes int
	// Timeout bounds one render (SVG or PNG), not the wait for a free
	// runtime, which the caller's context bounds. 0 means 10 seconds.
	Timeout time.Duration
	// CacheDir, if set, is a directory where the compiled WebAssembly of
	// resvg is cached between runs, which cuts the start-up time from
	// seconds to milliseconds. It is created if missing.
	CacheDir string
	// Worker, if set, makes PNG renders run in Runtimes worker processes
	// rather than in this one: it returns the command that starts one, a
	// program whose main calls ServeWorker (typically the running binary
	// with a hidden subcommand). A worker is killed when it exceeds the
	// timeout and started again on next use. See worker.go for why a
	// server wants this.
	Worker func() *exec.Cmd
}

// Options are the size and theme of an SVG.
type Options struct {
	// Width and Height in CSS pixels, MinSize to MaxSize; 0 means
	// DefaultWidth and DefaultHeight.
	Width, Height int
	// Theme is ThemeLight or ThemeDark; "" means ThemeLight.
	Theme string
}

// Renderer renders ECharts options to SVG and SVGs to PNG. It is safe for
// concurrent use.
type Renderer struct {
	timeout time.Duration
	progs   *programs
	fonts   *fonts

	// The pool holds a runtime, or nil for a slot whose runtime was
	// discarded (after a timeout or an error) and is made again when the
	// slot is next taken. jsSlots counts the slots; Close waits for each.
	js      chan *jsRuntime
	jsSlots int

	raster    rasterizer
	closeOnce sync.Once
	closed    chan struct{}
}

// fontFiles are the embedded font files, regular first.
var fontFiles = []string{"fonts/LiberationSans-Regular.ttf", "fonts/LiberationSans-Bold.ttf"}

// New creates a Renderer and warms its pools: it loads ECharts into every
// JavaScript runtime and compiles and instantiates resvg (the compilation
// takes a few seconds without Config.CacheDir). It returns an error if an
// embedded file is missing or broken, or if ctx ends first.
func New(ctx context.Context, cfg Config) (*Renderer, error) {
	if cfg.Runtimes <= 0 {
		cfg.Runtimes = runtime.GOMAXPROCS(0)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	r := &Renderer{
		timeout: cfg.Timeout,
		js:      make(chan *jsRuntime, cfg.Runtimes),
		closed:  make(chan struct{}),
	}

	// resvg compiles (or the workers start) while the JavaScript runtimes
	// load.
	rasterDone := make(chan error, 1)
	go func() {
		var err error
		if cfg.Worker != nil {
			r.raster, err = newWorkerPool(ctx, cfg.Runtimes, cfg.Timeout, cfg.Worker)
		} else {
			r.raster, err = newWasmRaster(ctx, cfg.Runtimes, cfg.Timeout, cfg.CacheDir)
		}
		rasterDone <- err
	}()

	err := r.startJS(cfg.Runtimes)
	if rerr := <-rasterDone; err == nil {
		err = rerr
	}
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("render: start: %w", err)
	}
	return r, nil
}

// startJS parses the fonts, compiles the scripts and fills the JavaScript
// pool.
func (r *Renderer) startJS(n int) error {
	r.fonts = &fonts{}
	for i, name := range fontFiles {
		b, err := fs.ReadFile(assets.Fonts, name)
		if err != nil {
			return err
		}
		f, err := parseFace(b)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if i == 0 {
			r.fonts.regular = f
		} else {
			r.fonts.bold = f
		}
	}
	src, err := fs.ReadFile(assets.Static, "static/vendor/echarts/echarts.min.js")
	if err != nil {
		return err
	}
	if r.progs, err = compilePrograms(string(src)); err != nil {
		return err
	}
	for range n {
		rt, err := r.newJS()
		if err != nil {
			return err
		}
		r.js <- rt
		r.jsSlots++
	}
	return nil
}

func (r *Renderer) newJS() (*jsRuntime, error) {
	rt, err := newJSRuntime(r.progs, r.fonts)
	if err != nil {
		return nil, err
	}
	rt.vm.SetMaxCallStackSize(maxJSCallDepth)
	return rt, nil
}

// Close stops the Renderer and frees its runtimes. It waits for the renders
// in progress, including PNG renders abandoned after a timeout; later calls
// return ErrClosed. Close is idempotent and always returns nil.
func (r *Renderer) Close() error {
	r.closeOnce.Do(func() {
		close(r.closed)
		for range r.jsSlots {
			<-r.js
		}
		if r.raster != nil {
			r.raster.close()
		}
	})
	return nil
}

// isClosed reports whether Close was called.
func (r *Renderer) isClosed() bool {
	select {
	case <-r.closed:
		return true
	default:
		return false
	}
}

// SVG renders an ECharts option, given as a JSON object, to an SVG document
// of opt.Width×opt.Height in opt.Theme. The option is data: it is parsed as
// JSON, never run as code, and the text in it is escaped in the SVG. It
// returns an error wrapping ErrInvalid for bad options or sizes, ErrTimeout
// when the render takes longer than Config.Timeout, the context's error if
// ctx ends while waiting, or the error ECharts threw.
func (r *Renderer) SVG(ctx context.Context, option []byte, opt Options) ([]byte, error) {
	opt, err := opt.normalize()
	if err != nil {
		return nil, err
	}
	if len(option) > maxOptionBytes {
		return nil, fmt.Errorf("%w: option of %d bytes exceeds %d", ErrInvalid, len(option), maxOptionBytes)
	}
	// encoding/json also bounds the nesting depth, which keeps JSON.parse
	// from recursing without end.
	if !json.Valid(option) {
		return nil, fmt.Errorf("%w: option is not valid JSON", ErrInvalid)
	}
	if t := bytes.TrimLeft(option, " \t\r\n"); len(t) == 0 || t[0] != '{' {
		return nil, fmt.Errorf("%w: option is not a JSON object", ErrInvalid)
	}
	var rt *jsRuntime
	select {
	case rt = <-r.js:
	case <-ctx.Done():
		return nil, fmt.Errorf("render: svg: %w", ctx.Err())
	case <-r.closed:
		return nil, ErrClosed
	}
	if r.isClosed() {
		r.js <- rt
		return nil, ErrClosed
	}
	keep := false
	defer func() {
		if !keep {
			rt = nil // the slot is refilled on next use
		}
		r.js <- rt
	}()
	if rt == nil {
		if rt, err = r.newJS(); err != nil {
			return nil, fmt.Errorf("render: svg: %w", err)
		}
	}

	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer afterFunc(r.timeout, cancel)()
	stop := context.AfterFunc(rctx, func() { rt.vm.Interrupt(rctx.Err()) })
	svg, err := runJS(rt, option, ThemePrefix+opt.Theme, opt.Width, opt.Height)
	// An interrupt that fired, even after the render ended, may still be
	// pending in the runtime: such a runtime is not reused.
	keep = stop() && err == nil
	if err != nil {
		var ie *goja.InterruptedError
		switch {
		case errors.As(err, &ie) || rctx.Err() != nil:
			if ctx.Err() != nil {
				return nil, fmt.Errorf("render: svg: %w", ctx.Err())
			}
			return nil, fmt.Errorf("%w: svg after %v", ErrTimeout, r.timeout)
		default:
			return nil, fmt.Errorf("render: svg: %w", err)
		}
	}
	return []byte(svg), nil
}

// runJS renders in rt, turning a Go panic inside goja into an error.
func runJS(rt *jsRuntime, option []byte, theme string, width, height int) (svg string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic in ECharts: %v", p)
		}
	}()
	return rt.svg(option, theme, width, height)
}

// normalize fills in defaults and checks the limits.
func (o Options) normalize() (Options, error) {
	if o.Width == 0 {
		o.Width = DefaultWidth
	}
	if o.Height == 0 {
		o.Height = DefaultHeight
	}
	if o.Theme == "" {
		o.Theme = ThemeLight
	}
	if o.Width < MinSize || o.Width > MaxSize || o.Height < MinSize || o.Height > MaxSize {
		return o, fmt.Errorf("%w: size %d×%d outside %d–%d", ErrInvalid, o.Width, o.Height, MinSize, MaxSize)
	}
	if !validTheme(o.Theme) {
		return o, fmt.Errorf("%w: unknown theme %q", ErrInvalid, o.Theme)
	}
	return o, nil
}

// PNG draws an SVG document as a PNG at scale (MinScale to MaxScale; 2
// gives twice as many pixels each way as the SVG's width and height), with
// the embedded font. It is meant for the SVGs of SVG. It returns an error
// wrapping ErrInvalid for a bad scale or an SVG larger than MaxSize,
// ErrTimeout when the render takes longer than Config.Timeout, the
// context's error if ctx ends, ErrClosed after Close, or resvg's error for
// an SVG it cannot parse.
func (r *Renderer) PNG(ctx context.Context, svg []byte, scale float64) ([]byte, error) {
	if err := checkScale(scale); err != nil {
		return nil, err
	}
	if r.isClosed() {
		return nil, ErrClosed
	}
	return r.raster.png(ctx, svg, scale)
}

// checkScale returns an error wrapping ErrInvalid for a scale out of range.
func checkScale(scale float64) error {
	if math.IsNaN(scale) || scale < MinScale || scale > MaxScale {
		return fmt.Errorf("%w: scale %g outside %d–%d", ErrInvalid, scale, MinScale, MaxScale)
	}
	return nil
}
