package render

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os/exec"
	"sync"
	"time"
)

// PNG renders can run in worker processes instead of the server's own
// (Config.Worker). Two reasons to:
//
//   - Go cannot preempt a goroutine while it runs WebAssembly compiled by
//     wazero, so a garbage collection that starts during a PNG render stops
//     every goroutine of the process until the render returns to Go: every
//     request in flight stalls for up to one render (measured: a 1 ms ticker
//     stalled 1.3 s during line-chart renders under load; with GC off, 50 ms).
//     In a worker, the stall hits only the worker.
//   - A worker that exceeds the timeout is killed, so its CPU is freed at
//     once, where an in-process render can only be abandoned.
//
// The protocol, on the worker's standard input and output, little-endian:
//
//	request:  scale (float64 bits, 8 bytes) | length (uint32) | SVG
//	response: status (1 byte) | length (uint32) | PNG or error message
//
// The worker answers requests one at a time until its input ends.

// Worker response statuses.
const (
	workerOK      = 0
	workerInvalid = 1 // the request wraps ErrInvalid
	workerFailed  = 2
)

// maxFrame bounds a request or response.
const maxFrame = 256 << 20

// ServeWorker is the whole work of a worker process: it reads PNG requests
// from in, renders them with resvg and writes the answers to out, until in
// ends (nil) or ctx ends or the pipe breaks (an error). cfg.CacheDir is
// honoured; the parent enforces the timeout. A main that serves as worker
// calls ServeWorker(ctx, os.Stdin, os.Stdout, cfg) and exits.
func ServeWorker(ctx context.Context, in io.Reader, out io.Writer, cfg Config) error {
	w, err := newWasmRaster(ctx, 1, 24*time.Hour, cfg.CacheDir)
	if err != nil {
		return fmt.Errorf("render worker: %w", err)
	}
	defer w.close()
	br, bw := bufio.NewReader(in), bufio.NewWriter(out)
	for {
		var hdr [12]byte
		if _, err := io.ReadFull(br, hdr[:]); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("render worker: read: %w", err)
		}
		scale := math.Float64frombits(binary.LittleEndian.Uint64(hdr[:8]))
		n := binary.LittleEndian.Uint32(hdr[8:])
		if n > maxFrame {
			return fmt.Errorf("render worker: request of %d bytes", n)
		}
		svg := make([]byte, n)
		if _, err := io.ReadFull(br, svg); err != nil {
			return fmt.Errorf("render worker: read: %w", err)
		}
		status, payload := byte(workerOK), []byte(nil)
		if err := checkScale(scale); err != nil {
			status, payload = workerInvalid, []byte(err.Error())
		} else if payload, err = w.png(ctx, svg, scale); err != nil {
			status, payload = workerFailed, []byte(err.Error())
			if errors.Is(err, ErrInvalid) {
				status = workerInvalid
			}
		}
		var rhdr [5]byte
		rhdr[0] = status
		binary.LittleEndian.PutUint32(rhdr[1:], uint32(len(payload)))
		bw.Write(rhdr[:])
		bw.Write(payload)
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("render worker: write: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// workerProc is one running worker process.
type workerProc struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

func startWorker(start func() *exec.Cmd) (*workerProc, error) {
	cmd := start()
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start render worker: %w", err)
	}
	return &workerProc{cmd: cmd, in: in, out: bufio.NewReader(out)}, nil
}

// roundTrip sends one request and reads its answer.
func (p *workerProc) roundTrip(svg []byte, scale float64) ([]byte, error) {
	if len(svg) > maxFrame {
		return nil, fmt.Errorf("%w: SVG of %d bytes", ErrInvalid, len(svg))
	}
	var hdr [12]byte
	binary.LittleEndian.PutUint64(hdr[:8], math.Float64bits(scale))
	binary.LittleEndian.PutUint32(hdr[8:], uint32(len(svg)))
	if _, err := p.in.Write(append(hdr[:], svg...)); err != nil {
		return nil, fmt.Errorf("render worker: write: %w", err)
	}
	var rhdr [5]byte
	if _, err := io.ReadFull(p.out, rhdr[:]); err != nil {
		return nil, fmt.Errorf("render worker: read: %w", err)
	}
	n := binary.LittleEndian.Uint32(rhdr[1:])
	if n > maxFrame {
		return nil, fmt.Errorf("render worker: answer of %d bytes", n)
	}
	payload := make([]byte, n)
	if _, err := io.ReadFull(p.out, payload); err != nil {
		return nil, fmt.Errorf("render worker: read: %w", err)
	}
	switch rhdr[0] {
	case workerOK:
		return payload, nil
	case workerInvalid:
		return nil, fmt.Errorf("%w: %s", ErrInvalid, payload)
	}
	return nil, fmt.Errorf("render worker: %s", payload)
}

// kill ends the process at once.
func (p *workerProc) kill() {
	_ = p.cmd.Process.Kill()
	_ = p.in.Close()
	_ = p.cmd.Wait()
}

// stop closes the worker's input, which ends it, and waits; a worker that
// does not end within a second is killed.
func (p *workerProc) stop() {
	_ = p.in.Close()
	done := make(chan struct{})
	go func() {
		_ = p.cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		_ = p.cmd.Process.Kill()
		<-done
	}
}

// workerPool runs PNG renders in a pool of worker processes.
type workerPool struct {
	start   func() *exec.Cmd
	timeout time.Duration
	pool    chan *workerProc // nil: a slot whose worker is to be started
	slots   int
	closed  chan struct{}
	once    sync.Once
}

// newWorkerPool starts n workers and waits until each has drawn a first
// image, so that they are warm (each compiles resvg, or loads it from its
// cache, when it starts).
func newWorkerPool(ctx context.Context, n int, timeout time.Duration, start func() *exec.Cmd) (*workerPool, error) {
	wp := &workerPool{start: start, timeout: timeout, pool: make(chan *workerProc, n), closed: make(chan struct{})}
	type started struct {
		p   *workerProc
		err error
	}
	ch := make(chan started, n)
	for range n {
		go func() {
			p, err := startWorker(start)
			if err == nil {
				_, err = p.roundTrip([]byte(warmUpSVG), 1)
				if err != nil {
					p.kill()
				}
			}
			ch <- started{p, err}
		}()
	}
	var first error
	for range n {
		s := <-ch
		if s.err != nil {
			if first == nil {
				first = s.err
			}
			continue
		}
		wp.pool <- s.p
		wp.slots++
	}
	if first == nil {
		first = ctx.Err()
	}
	if first != nil {
		wp.close()
		return nil, first
	}
	return wp, nil
}

// warmUpSVG is the first image a worker draws.
const warmUpSVG = `<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><text x="0" y="8" style="font:8px 'Liberation Sans'">a</text></svg>`

// png renders svg in a worker. The round trip runs in its own goroutine,
// which alone returns the slot; at the timeout or when ctx ends the worker
// is killed, which ends the round trip at once.
func (wp *workerPool) png(ctx context.Context, svg []byte, scale float64) ([]byte, error) {
	var p *workerProc
	select {
	case p = <-wp.pool:
	case <-ctx.Done():
		return nil, fmt.Errorf("render: png: %w", ctx.Err())
	case <-wp.closed:
		return nil, ErrClosed
	}
	select {
	case <-wp.closed:
		wp.pool <- p
		return nil, ErrClosed
	default:
	}
	if p == nil {
		var err error
		if p, err = startWorker(wp.start); err != nil {
			wp.pool <- nil
			return nil, fmt.Errorf("render: png: %w", err)
		}
	}

	type result struct {
		png []byte
		err error
	}
	done := make(chan result, 1)
	var killOnce sync.Once
	kill := func() { killOnce.Do(p.kill) }
	go func() {
		png, err := p.roundTrip(svg, scale)
		if err != nil && !errors.Is(err, ErrInvalid) {
			kill()
			wp.pool <- nil
		} else {
			wp.pool <- p
		}
		done <- result{png, err}
	}()

	expired := make(chan struct{})
	defer afterFunc(wp.timeout, func() { close(expired) })()
	select {
	case res := <-done:
		if res.err != nil && !errors.Is(res.err, ErrInvalid) {
			return nil, fmt.Errorf("render: png: %w", res.err)
		}
		return res.png, res.err
	case <-expired:
		kill()
		return nil, fmt.Errorf("%w: png after %v", ErrTimeout, wp.timeout)
	case <-ctx.Done():
		kill()
		return nil, fmt.Errorf("render: png: %w", ctx.Err())
	}
}

// close stops every worker, after the renders in progress.
func (wp *workerPool) close() {
	wp.once.Do(func() {
		close(wp.closed)
		for range wp.slots {
			if p := <-wp.pool; p != nil {
				p.stop()
			}
		}
	})
}
