package render

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"github.com/tetratelabs/wazero"

	"github.com/tonedesk/tonedesk/assets"
)

// rasterizer turns SVGs into PNGs: in this process (*wasmRaster) or in
// worker processes (*workerPool).
type rasterizer interface {
	// png renders svg at scale. Its errors wrap ErrInvalid, ErrTimeout,
	// ErrClosed or ctx's error where they apply.
	png(ctx context.Context, svg []byte, scale float64) ([]byte, error)
	// close waits for the renders in progress and frees everything.
	close()
}

// wasmRaster runs resvg under wazero in this process, with a pool of
// module instances.
type wasmRaster struct {
	timeout  time.Duration
	wasm     wazero.Runtime
	compiled wazero.CompiledModule
	fontBufs [][]byte
	opts     sync.Map // scale → resvg options as JSON

	// The pool holds an instance, or nil for a slot whose instance was
	// discarded (after an error or a timeout) and is made again when the
	// slot is next taken. slots counts the slots; close waits for each.
	pool   chan *resvgInstance
	slots  int
	closed chan struct{}
	once   sync.Once

	// beforeDraw, if set, runs in a render's goroutine before resvg draws:
	// tests make it stand for a render that outlasts the timeout.
	beforeDraw func()
}

// newWasmRaster compiles resvg (or loads it from cacheDir) and fills a pool
// of n instances.
func newWasmRaster(ctx context.Context, n int, timeout time.Duration, cacheDir string) (_ *wasmRaster, err error) {
	w := &wasmRaster{timeout: timeout, pool: make(chan *resvgInstance, n), closed: make(chan struct{})}
	defer func() {
		if err != nil {
			w.close()
		}
	}()
	for _, name := range fontFiles {
		b, err := fs.ReadFile(assets.Fonts, name)
		if err != nil {
			return nil, err
		}
		w.fontBufs = append(w.fontBufs, b)
	}
	bin, err := fs.ReadFile(assets.Resvg, "vendor/resvg/index_bg.wasm")
	if err != nil {
		return nil, err
	}
	// No WithCloseOnContextDone: it makes every loop in the module call
	// back into Go to check for cancellation, which made resvg 4–7 times
	// slower (measured: a bar chart at 2x, 1.1 s instead of 0.19 s). A
	// render that times out is abandoned instead (see png).
	rc := wazero.NewRuntimeConfigCompiler().WithMemoryLimitPages(wasmMemoryMax)
	if cacheDir != "" {
		cache, err := wazero.NewCompilationCacheWithDir(cacheDir)
		if err != nil {
			return nil, fmt.Errorf("resvg cache: %w", err)
		}
		rc = rc.WithCompilationCache(cache)
	}
	// The runtime lives until close; its context must not be the caller's,
	// which may end once New returns.
	wctx := context.WithoutCancel(ctx)
	w.wasm = wazero.NewRuntimeWithConfig(wctx, rc)
	if err := instantiateHost(wctx, w.wasm); err != nil {
		return nil, fmt.Errorf("resvg imports: %w", err)
	}
	if w.compiled, err = w.wasm.CompileModule(ctx, bin); err != nil {
		return nil, fmt.Errorf("compile resvg: %w", err)
	}
	for range n {
		in, err := newResvgInstance(wctx, w.wasm, w.compiled)
		if err != nil {
			return nil, err
		}
		w.pool <- in
		w.slots++
	}
	return w, ctx.Err()
}

// png renders svg in an instance of the pool.
//
// The render runs in its own goroutine, which alone returns the instance
// to the pool. WebAssembly code cannot be interrupted (see newWasmRaster),
// so when the timeout or ctx ends first, png returns at once and the render
// finishes in the background, still holding its slot: renders never
// outnumber the slots, abandoned or not. An instance that failed or was
// abandoned is closed, and its slot made again on next use.
func (w *wasmRaster) png(ctx context.Context, svg []byte, scale float64) ([]byte, error) {
	var in *resvgInstance
	select {
	case in = <-w.pool:
	case <-ctx.Done():
		return nil, fmt.Errorf("render: png: %w", ctx.Err())
	case <-w.closed:
		return nil, ErrClosed
	}
	select {
	case <-w.closed:
		w.pool <- in
		return nil, ErrClosed
	default:
	}

	type result struct {
		png []byte
		err error
	}
	done := make(chan result, 1)
	opts := w.options(scale)
	go func() {
		var res result
		defer func() {
			if p := recover(); p != nil {
				res.err = fmt.Errorf("panic in resvg: %v", p)
			}
			keep := res.err == nil || errors.Is(res.err, errTooLarge)
			// WebAssembly memory never shrinks: an instance that drew a
			// very large image is not kept holding that memory.
			if keep && in != nil && in.mod.Memory().Size() > maxIdleWasmMemory {
				keep = false
			}
			if !keep && in != nil {
				in.close(context.Background())
				in = nil
			}
			w.pool <- in
			done <- res
		}()
		if w.beforeDraw != nil {
			w.beforeDraw()
		}
		if in == nil {
			if in, res.err = newResvgInstance(context.Background(), w.wasm, w.compiled); res.err != nil {
				return
			}
		}
		res.png, res.err = in.png(context.Background(), svg, opts, w.fontBufs, scale, MaxSize, maxPNGPixels)
	}()

	expired := make(chan struct{})
	defer afterFunc(w.timeout, func() { close(expired) })()
	select {
	case res := <-done:
		switch {
		case res.err == nil:
			return res.png, nil
		case errors.Is(res.err, errTooLarge):
			return nil, fmt.Errorf("%w: %w", ErrInvalid, res.err)
		}
		return nil, fmt.Errorf("render: png: %w", res.err)
	case <-expired:
		return nil, fmt.Errorf("%w: png after %v", ErrTimeout, w.timeout)
	case <-ctx.Done():
		return nil, fmt.Errorf("render: png: %w", ctx.Err())
	}
}

// close waits for every slot, abandoned renders included, then frees the
// runtime.
func (w *wasmRaster) close() {
	w.once.Do(func() {
		close(w.closed)
		ctx := context.Background()
		for range w.slots {
			if in := <-w.pool; in != nil {
				in.close(ctx)
			}
		}
		if w.wasm != nil {
			_ = w.wasm.Close(ctx)
		}
	})
}

// options returns resvg's options for scale as JSON. Every font family
// resolves to the embedded Liberation Sans: it is the only font resvg has,
// and the one ECharts measured the text with.
func (w *wasmRaster) options(scale float64) []byte {
	if b, ok := w.opts.Load(scale); ok {
		return b.([]byte)
	}
	const family = "Liberation Sans"
	b, _ := json.Marshal(map[string]any{
		"fitTo": map[string]any{"mode": "zoom", "value": scale},
		"font": map[string]any{
			"loadSystemFonts":   false,
			"defaultFontFamily": family,
			"sansSerifFamily":   family,
			"serifFamily":       family,
			"monospaceFamily":   family,
			"cursiveFamily":     family,
			"fantasyFamily":     family,
		},
		"shapeRendering": 2, // geometricPrecision: anti-aliased
		"textRendering":  1, // optimizeLegibility
		"imageRendering": 0, // optimizeQuality
	})
	w.opts.Store(scale, b)
	return b
}
