package render

// The timeout tests check that a render which outlasts Config.Timeout is
// stopped, not waited for, without measuring time: the timeout ends when
// the test says so (fakeTimeouts), and the slow render is a stand-in that
// runs until the test lets it go. A stand-in is also bounded by maxTurns,
// so that when the timeout handling is broken the test fails with a reason
// instead of hanging.

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"
)

// maxTurns bounds a stand-in for a slow render. Each turn yields the
// processor, so the goroutine that the timeout wakes runs within a turn or
// two; a stand-in that reaches maxTurns was not stopped by the timeout.
const maxTurns = 100000

// fakeTimeouts replaces afterFunc for one test: the timeout of a render
// ends only when the test calls expire.
type fakeTimeouts struct {
	mu      sync.Mutex
	next    int
	pending map[int]func()
}

func useFakeTimeouts(t *testing.T) *fakeTimeouts {
	t.Helper()
	c := &fakeTimeouts{pending: map[int]func(){}}
	old := afterFunc
	afterFunc = c.afterFunc
	t.Cleanup(func() { afterFunc = old })
	return c
}

func (c *fakeTimeouts) afterFunc(_ time.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	id := c.next
	c.next++
	c.pending[id] = f
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		_, ok := c.pending[id]
		delete(c.pending, id)
		return ok
	}
}

// expire ends the timeout of the render in progress, as if its time had
// passed, waiting a few turns for the render to start its timeout if it
// has not yet. It reports whether there was one to end.
func (c *fakeTimeouts) expire() bool {
	for range maxTurns {
		c.mu.Lock()
		fs := c.pending
		c.pending = map[int]func(){}
		c.mu.Unlock()
		for _, f := range fs {
			f()
		}
		if len(fs) > 0 {
			return true
		}
		runtime.Gosched()
	}
	return false
}

// outlast stands for a render that outlasts its timeout: it runs until
// stop is closed and reports true, or for maxTurns turns and reports false.
func outlast(stop <-chan struct{}) bool {
	for range maxTurns {
		select {
		case <-stop:
			return true
		default:
			runtime.Gosched()
		}
	}
	return false
}

// TestSVGTimeout: an ECharts render that outlasts the timeout is
// interrupted while it runs, SVG returns ErrTimeout, and the interrupted
// runtime is replaced: the next render works.
func TestSVGTimeout(t *testing.T) {
	ctx := context.Background()

	// With the real clock: a line chart, which takes tens of milliseconds
	// to draw, against a timeout of a millisecond.
	slow := newRenderer(t, Config{Runtimes: 1, Timeout: time.Millisecond})
	if _, err := slow.SVG(ctx, readOption(t, "line"), Options{Width: 2400, Height: 1350}); !errors.Is(err, ErrTimeout) {
		t.Errorf("SVG with the real clock: err = %v, want ErrTimeout", err)
	}

	clock := useFakeTimeouts(t)
	r := newRenderer(t, Config{Runtimes: 1})

	// The one runtime of the pool renders with a script that does not end
	// by itself: each turn of its loop asks Go whether to go on. The first
	// turn ends the timeout.
	rt := <-r.js
	turns := 0
	expired := false
	spin := func() bool {
		turns++
		if turns == 1 {
			expired = clock.expire()
		}
		runtime.Gosched()
		return turns < maxTurns
	}
	if err := rt.vm.Set("__spin", spin); err != nil {
		t.Fatal(err)
	}
	fn, err := rt.vm.RunString(`(function () { while (__spin()) {} return "the script ran to its end"; })`)
	if err != nil {
		t.Fatal(err)
	}
	rt.render, _ = goja.AssertFunction(fn)
	r.js <- rt

	_, err = r.SVG(ctx, []byte(`{}`), Options{})
	if !expired {
		t.Fatal("the render started no timeout")
	}
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("SVG: err = %v, want ErrTimeout", err)
	}
	if turns >= maxTurns {
		t.Fatalf("the script ran all its %d turns: the timeout did not interrupt it", turns)
	}

	// The interrupted runtime is not reused: a new one draws the next
	// chart, with the real render function.
	before := turns
	svg, err := r.SVG(ctx, readOption(t, "bar"), Options{})
	if err != nil {
		t.Fatalf("SVG after a timeout: %v", err)
	}
	if turns != before {
		t.Error("the interrupted runtime was used again")
	}
	parseSVG(t, svg)

	// A cancelled context stops a render as well.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := r.SVG(cctx, readOption(t, "bar"), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("SVG with a cancelled context: err = %v", err)
	}
}

// TestPNGTimeout: an in-process PNG render cannot be interrupted, so at the
// timeout PNG returns ErrTimeout while the render is still running; the
// render keeps its slot until it ends, and the next render works.
func TestPNGTimeout(t *testing.T) {
	ctx := context.Background()
	svg, err := sharedRenderer(t).SVG(ctx, readOption(t, "bar"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	clock := useFakeTimeouts(t)
	r := newRenderer(t, Config{Runtimes: 1})
	w := r.raster.(*wasmRaster)

	returned := make(chan struct{})
	stillRunning := make(chan bool, 1)
	expired := false
	w.beforeDraw = func() {
		expired = clock.expire()
		stillRunning <- outlast(returned)
	}
	_, err = r.PNG(ctx, svg, 1)
	held := len(w.pool) == 0
	close(returned)
	if !<-stillRunning {
		t.Errorf("PNG returned (err = %v) only after the render had run all its turns: it waited for it", err)
	}
	if !expired {
		t.Fatal("the render started no timeout")
	}
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("PNG: err = %v, want ErrTimeout", err)
	}
	if !held {
		t.Error("the abandoned render did not keep its slot")
	}

	// The abandoned render gives its slot back when it ends.
	w.beforeDraw = nil
	b, err := r.PNG(ctx, svg, 1)
	if err != nil {
		t.Fatalf("PNG after a timeout: %v", err)
	}
	checkPNG(t, b, DefaultWidth, DefaultHeight)
}

// TestWorkerTimeout: a PNG worker that outlasts the timeout is killed, PNG
// returns ErrTimeout, and the next render starts a new worker.
func TestWorkerTimeout(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the gated worker needs exec.Cmd.ExtraFiles")
	}
	ctx := context.Background()
	svg, err := sharedRenderer(t).SVG(ctx, readOption(t, "bar"), Options{}) // also fills the resvg cache
	if err != nil {
		t.Fatal(err)
	}
	clock := useFakeTimeouts(t)

	// The first worker is gated: it answers the warm-up, then holds the
	// next request until the test closes the gate. Later workers are real.
	gate, release, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var started []*exec.Cmd
	start := func() *exec.Cmd {
		mu.Lock()
		defer mu.Unlock()
		cmd := workerCmd()
		if len(started) == 0 {
			cmd = gatedWorkerCmd(gate)
		}
		started = append(started, cmd)
		return cmd
	}
	r := newRenderer(t, Config{Runtimes: 1, Worker: start})
	gate.Close() // the worker has its own copy

	// The timeout ends while PNG waits for the worker. The gate opens when
	// PNG returns, or after maxTurns: a worker still alive then answers,
	// and PNG returns that answer instead of ErrTimeout.
	returned := make(chan struct{})
	expired := make(chan bool, 1)
	go func() {
		defer release.Close()
		expired <- clock.expire()
		outlast(returned)
	}()
	_, err = r.PNG(ctx, svg, 1)
	mu.Lock()
	gated := started[0].ProcessState
	mu.Unlock()
	close(returned)
	if !<-expired {
		t.Fatalf("the render started no timeout (PNG: err = %v)", err)
	}
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("PNG: err = %v, want ErrTimeout", err)
	}
	if gated == nil || gated.ExitCode() != -1 {
		t.Errorf("the worker was not killed when PNG returned (state %v)", gated)
	}

	b, err := r.PNG(ctx, svg, 1)
	if err != nil {
		t.Fatalf("PNG after a timeout: %v", err)
	}
	checkPNG(t, b, DefaultWidth, DefaultHeight)
	mu.Lock()
	defer mu.Unlock()
	if len(started) != 2 {
		t.Errorf("%d workers started, want 2: the gated one and its replacement", len(started))
	}
}

// gatedWorkerCmd starts this test binary as a gated worker
// (serveGatedWorker) with gate as its file descriptor 3.
func gatedWorkerCmd(gate *os.File) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envWorker+"=gated")
	cmd.ExtraFiles = []*os.File{gate}
	cmd.Stderr = os.Stderr
	return cmd
}

// serveGatedWorker is a worker whose render outlasts any timeout: it
// answers the warm-up request at once, then reads the next request and
// answers it, with an error, only once gate reaches its end (the test
// closed its side).
func serveGatedWorker(stdin io.Reader, out io.Writer, gate io.Reader) error {
	in := bufio.NewReader(stdin)
	for i := 0; ; i++ {
		var hdr [12]byte
		if _, err := io.ReadFull(in, hdr[:]); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if _, err := io.CopyN(io.Discard, in, int64(binary.LittleEndian.Uint32(hdr[8:]))); err != nil {
			return err
		}
		status, msg := byte(workerOK), ""
		if i > 0 {
			if _, err := io.Copy(io.Discard, gate); err != nil {
				return err
			}
			status, msg = workerFailed, "let go by the test"
		}
		var rhdr [5]byte
		rhdr[0] = status
		binary.LittleEndian.PutUint32(rhdr[1:], uint32(len(msg)))
		if _, err := out.Write(append(rhdr[:], msg...)); err != nil {
			return err
		}
	}
}
