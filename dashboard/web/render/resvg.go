package render

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// This file runs resvg (github.com/RazrFalcon/resvg, through the npm package
// @resvg/resvg-wasm) under wazero. The WebAssembly module was built with
// wasm-bindgen, which expects its JavaScript glue (index.js in the npm
// package) to provide 18 imports in the module "wbg". They manage a table
// of JavaScript values that the Rust side refers to by index: the SVG and
// font bytes passed in, the PNG bytes passed out, errors, an array and its
// iterator. Below, the table holds Go values instead, and each import does
// what the glue's function of the same name does.

// Heap indices below heapReserved are fixed by wasm-bindgen: 0–127 unused,
// then undefined, null, true and false.
const (
	heapUndefined = 128
	heapNull      = 129
	heapTrue      = 130
	heapFalse     = 131
	heapReserved  = 132
)

// JavaScript values in the heap. A Uint8Array is either []byte (owning its
// bytes) or jsView (a view on the module's memory).
type (
	jsUndefined struct{}
	jsError     struct{ msg string }
	jsMemory    struct{}                // wasm.memory
	jsBuffer    struct{}                // wasm.memory.buffer
	jsView      struct{ off, n uint32 } // new Uint8Array(memory.buffer, off, n)
	jsArray     struct{ items []any }
	jsIterator  struct {
		items []any
		i     int
	}
	jsIterResult struct {
		done  bool
		value any
	}
)

// jsHeap is wasm-bindgen's table of JavaScript values.
type jsHeap struct {
	objs []any
	free []uint32
}

func newJSHeap() *jsHeap {
	h := &jsHeap{objs: make([]any, heapReserved, 256)}
	for i := range heapNull {
		h.objs[i] = jsUndefined{}
	}
	h.objs[heapNull], h.objs[heapTrue], h.objs[heapFalse] = nil, true, false
	return h
}

func (h *jsHeap) add(v any) uint64 {
	if n := len(h.free); n > 0 {
		idx := h.free[n-1]
		h.free = h.free[:n-1]
		h.objs[idx] = v
		return uint64(idx)
	}
	h.objs = append(h.objs, v)
	return uint64(len(h.objs) - 1)
}

func (h *jsHeap) get(idx uint64) any {
	if idx >= uint64(len(h.objs)) {
		panic(fmt.Errorf("resvg glue: heap index %d out of range", idx))
	}
	return h.objs[idx]
}

func (h *jsHeap) drop(idx uint64) {
	if idx < heapReserved || idx >= uint64(len(h.objs)) {
		return
	}
	h.objs[idx] = nil
	h.free = append(h.free, uint32(idx))
}

func (h *jsHeap) take(idx uint64) any {
	v := h.get(idx)
	h.drop(idx)
	return v
}

// heapKey is the context key of the heap of the instance being called: the
// host functions are shared by all instances, the heap is per instance.
type heapKey struct{}

func heapOf(ctx context.Context) *jsHeap {
	h, ok := ctx.Value(heapKey{}).(*jsHeap)
	if !ok {
		panic(errors.New("resvg glue: called without a heap"))
	}
	return h
}

// hostFunc is an import: it reads its arguments from stack and writes its
// result to stack[0].
type hostFunc struct {
	name            string
	params, results []api.ValueType
	fn              func(ctx context.Context, m api.Module, h *jsHeap, stack []uint64)
}

var (
	i32  = api.ValueTypeI32
	none []api.ValueType
)

func params(n int) []api.ValueType {
	p := make([]api.ValueType, n)
	for i := range p {
		p[i] = i32
	}
	return p
}

// uint8Bytes returns the bytes of a Uint8Array (a copy for a view on memory,
// which the next allocation may move).
func uint8Bytes(m api.Module, v any) []byte {
	switch v := v.(type) {
	case []byte:
		return v
	case jsView:
		b, ok := m.Memory().Read(v.off, v.n)
		if !ok {
			panic(fmt.Errorf("resvg glue: view %d+%d outside memory", v.off, v.n))
		}
		return append([]byte(nil), b...)
	}
	panic(fmt.Errorf("resvg glue: %T is not a Uint8Array", v))
}

func readString(m api.Module, ptr, n uint64) string {
	b, ok := m.Memory().Read(uint32(ptr), uint32(n))
	if !ok {
		panic(fmt.Errorf("resvg glue: string %d+%d outside memory", ptr, n))
	}
	return string(b)
}

// wbgImports are the module's imports, named as the JS glue of
// @resvg/resvg-wasm 2.6.2 names them (the hash suffixes change with each
// build: a new index_bg.wasm fails to instantiate until they are updated).
var wbgImports = []hostFunc{
	{"__wbg_new_28c511d9baebfa89", params(2), params(1), func(_ context.Context, m api.Module, h *jsHeap, s []uint64) {
		s[0] = h.add(jsError{readString(m, s[0], s[1])}) // new Error(message)
	}},
	{"__wbindgen_memory", none, params(1), func(_ context.Context, _ api.Module, h *jsHeap, s []uint64) {
		s[0] = h.add(jsMemory{})
	}},
	{"__wbg_buffer_12d079cc21e14bdb", params(1), params(1), func(_ context.Context, _ api.Module, h *jsHeap, s []uint64) {
		if _, ok := h.get(s[0]).(jsMemory); !ok {
			panic(errors.New("resvg glue: .buffer of a value that is not the memory"))
		}
		s[0] = h.add(jsBuffer{})
	}},
	{"__wbg_newwithbyteoffsetandlength_aa4a17c33a06e5cb", params(3), params(1), func(_ context.Context, _ api.Module, h *jsHeap, s []uint64) {
		if _, ok := h.get(s[0]).(jsBuffer); !ok {
			panic(errors.New("resvg glue: Uint8Array over a value that is not the memory buffer"))
		}
		s[0] = h.add(jsView{off: uint32(s[1]), n: uint32(s[2])})
	}},
	{"__wbindgen_object_drop_ref", params(1), none, func(_ context.Context, _ api.Module, h *jsHeap, s []uint64) {
		h.drop(s[0])
	}},
	{"__wbg_new_63b92bc8671ed464", params(1), params(1), func(_ context.Context, m api.Module, h *jsHeap, s []uint64) {
		// new Uint8Array(buffer) is a view on the whole memory;
		// new Uint8Array(typedArray) a copy.
		if _, ok := h.get(s[0]).(jsBuffer); ok {
			s[0] = h.add(jsView{off: 0, n: m.Memory().Size()})
			return
		}
		b := uint8Bytes(m, h.get(s[0]))
		if _, owned := h.get(s[0]).([]byte); owned {
			b = append([]byte(nil), b...)
		}
		s[0] = h.add(b)
	}},
	{"__wbg_values_839f3396d5aac002", params(1), params(1), func(_ context.Context, _ api.Module, h *jsHeap, s []uint64) {
		a, ok := h.get(s[0]).(*jsArray)
		if !ok {
			panic(errors.New("resvg glue: .values() of a value that is not an array"))
		}
		s[0] = h.add(&jsIterator{items: a.items})
	}},
	{"__wbg_next_196c84450b364254", params(1), params(1), func(_ context.Context, _ api.Module, h *jsHeap, s []uint64) {
		it, ok := h.get(s[0]).(*jsIterator)
		if !ok {
			panic(errors.New("resvg glue: .next() of a value that is not an iterator"))
		}
		if it.i >= len(it.items) {
			s[0] = h.add(jsIterResult{done: true, value: jsUndefined{}})
			return
		}
		it.i++
		s[0] = h.add(jsIterResult{value: it.items[it.i-1]})
	}},
	{"__wbg_done_298b57d23c0fc80c", params(1), params(1), func(_ context.Context, _ api.Module, h *jsHeap, s []uint64) {
		r, _ := h.get(s[0]).(jsIterResult)
		s[0] = 0
		if r.done {
			s[0] = 1
		}
	}},
	{"__wbg_value_d93c65011f51a456", params(1), params(1), func(_ context.Context, _ api.Module, h *jsHeap, s []uint64) {
		r, ok := h.get(s[0]).(jsIterResult)
		if !ok {
			panic(errors.New("resvg glue: .value of a value that is not an iterator result"))
		}
		s[0] = h.add(r.value)
	}},
	{"__wbg_instanceof_Uint8Array_2b3bbecd033d19f6", params(1), params(1), func(_ context.Context, _ api.Module, h *jsHeap, s []uint64) {
		v := h.get(s[0])
		s[0] = 0
		switch v.(type) {
		case []byte, jsView:
			s[0] = 1
		}
	}},
	{"__wbindgen_string_get", params(2), none, func(ctx context.Context, m api.Module, h *jsHeap, s []uint64) {
		// Writes (ptr, len) of the UTF-8 string at s[0], or (0, 0) when the
		// value is no string.
		var ptr, n uint32
		if str, ok := h.get(s[1]).(string); ok {
			ptr, n = passBytes(ctx, m, []byte(str))
		}
		if !m.Memory().WriteUint32Le(uint32(s[0]), ptr) || !m.Memory().WriteUint32Le(uint32(s[0])+4, n) {
			panic(errors.New("resvg glue: string_get return slot outside memory"))
		}
	}},
	{"__wbg_new_16b304a2cfa7ff4a", none, params(1), func(_ context.Context, _ api.Module, h *jsHeap, s []uint64) {
		s[0] = h.add(&jsArray{})
	}},
	{"__wbindgen_string_new", params(2), params(1), func(_ context.Context, m api.Module, h *jsHeap, s []uint64) {
		s[0] = h.add(readString(m, s[0], s[1]))
	}},
	{"__wbg_push_a5b05aedc7234f9f", params(2), params(1), func(_ context.Context, _ api.Module, h *jsHeap, s []uint64) {
		a, ok := h.get(s[0]).(*jsArray)
		if !ok {
			panic(errors.New("resvg glue: .push() on a value that is not an array"))
		}
		a.items = append(a.items, h.get(s[1]))
		s[0] = uint64(len(a.items))
	}},
	{"__wbg_length_c20a40f15020d68a", params(1), params(1), func(_ context.Context, _ api.Module, h *jsHeap, s []uint64) {
		switch v := h.get(s[0]).(type) {
		case []byte:
			s[0] = uint64(len(v))
		case jsView:
			s[0] = uint64(v.n)
		default:
			panic(fmt.Errorf("resvg glue: .length of %T", v))
		}
	}},
	{"__wbg_set_a47bac70306a19a7", params(3), none, func(_ context.Context, m api.Module, h *jsHeap, s []uint64) {
		// target.set(source, offset)
		src := uint8Bytes(m, h.get(s[1]))
		off := uint32(s[2])
		switch t := h.get(s[0]).(type) {
		case jsView:
			if uint64(off)+uint64(len(src)) > uint64(t.n) || !m.Memory().Write(t.off+off, src) {
				panic(errors.New("resvg glue: Uint8Array.set outside its view"))
			}
		case []byte:
			if uint64(off)+uint64(len(src)) > uint64(len(t)) {
				panic(errors.New("resvg glue: Uint8Array.set outside the array"))
			}
			copy(t[off:], src)
		default:
			panic(fmt.Errorf("resvg glue: .set on %T", t))
		}
	}},
	{"__wbindgen_throw", params(2), none, func(_ context.Context, m api.Module, _ *jsHeap, s []uint64) {
		panic(fmt.Errorf("resvg: %s", readString(m, s[0], s[1])))
	}},
}

// passBytes copies b into memory allocated by the module's allocator, as the
// glue's passStringToWasm0 does, and returns its address and length.
func passBytes(ctx context.Context, m api.Module, b []byte) (uint32, uint32) {
	res, err := m.ExportedFunction("__wbindgen_malloc").Call(ctx, uint64(len(b)), 1)
	if err != nil {
		panic(err)
	}
	ptr := uint32(res[0])
	if !m.Memory().Write(ptr, b) {
		panic(errors.New("resvg glue: malloc returned memory out of range"))
	}
	return ptr, uint32(len(b))
}

// instantiateHost defines the "wbg" module in rt.
func instantiateHost(ctx context.Context, rt wazero.Runtime) error {
	b := rt.NewHostModuleBuilder("wbg")
	for _, f := range wbgImports {
		fn, n := f.fn, len(f.params)
		b.NewFunctionBuilder().
			WithGoModuleFunction(api.GoModuleFunc(func(ctx context.Context, m api.Module, stack []uint64) {
				// An i32 arrives in the low half of a stack slot; the high
				// half is not defined.
				for i := range n {
					stack[i] = uint64(uint32(stack[i]))
				}
				fn(ctx, m, heapOf(ctx), stack)
			}), f.params, f.results).
			Export(f.name)
	}
	_, err := b.Instantiate(ctx)
	return err
}

// resvgInstance is one instance of the module, used by one goroutine at a
// time.
type resvgInstance struct {
	mod  api.Module
	heap *jsHeap
	fn   struct {
		addToStackPointer, resvgNew, resvgFree, resvgWidth, resvgHeight, resvgRender,
		imageFree, imageWidth, imageHeight, imagePixels api.Function
	}
}

func newResvgInstance(ctx context.Context, rt wazero.Runtime, compiled wazero.CompiledModule) (*resvgInstance, error) {
	// An anonymous module: many instances of it live in one runtime.
	mod, err := rt.InstantiateModule(ctx, compiled, wazero.NewModuleConfig().WithName("").WithStartFunctions())
	if err != nil {
		return nil, fmt.Errorf("instantiate resvg: %w", err)
	}
	in := &resvgInstance{mod: mod, heap: newJSHeap()}
	for _, e := range []struct {
		name string
		fn   *api.Function
	}{
		{"__wbindgen_add_to_stack_pointer", &in.fn.addToStackPointer},
		{"resvg_new", &in.fn.resvgNew},
		{"__wbg_resvg_free", &in.fn.resvgFree},
		{"resvg_width", &in.fn.resvgWidth},
		{"resvg_height", &in.fn.resvgHeight},
		{"resvg_render", &in.fn.resvgRender},
		{"__wbg_renderedimage_free", &in.fn.imageFree},
		{"renderedimage_width", &in.fn.imageWidth},
		{"renderedimage_height", &in.fn.imageHeight},
		{"renderedimage_pixels", &in.fn.imagePixels},
	} {
		if *e.fn = mod.ExportedFunction(e.name); *e.fn == nil {
			mod.Close(ctx)
			return nil, fmt.Errorf("resvg: no export %q", e.name)
		}
	}
	return in, nil
}

// errTooLarge is returned for an SVG whose image would exceed maxPNGPixels.
var errTooLarge = errors.New("image too large")

// png renders svg with the resvg options (JSON) and fonts and returns the
// PNG. maxSide bounds the SVG's own width and height, maxPixels the output.
// An error from the module or the context leaves the instance unusable; the
// caller closes it.
func (in *resvgInstance) png(ctx context.Context, svg, options []byte, fontBufs [][]byte, scale float64, maxSide, maxPixels int) ([]byte, error) {
	ctx = context.WithValue(ctx, heapKey{}, in.heap)
	sp, err := in.call(ctx, in.fn.addToStackPointer, uint64(uint32(0xFFFFFFF0))) // -16
	if err != nil {
		return nil, err
	}
	retptr := uint32(sp)
	defer func() {
		// Restore the shadow stack; after a failed call the instance is
		// discarded anyway.
		_, _ = in.fn.addToStackPointer.Call(ctx, 16)
	}()
	optPtr, optLen, err := in.pass(ctx, options)
	if err != nil {
		return nil, err
	}
	fonts := &jsArray{items: make([]any, len(fontBufs))}
	for i, f := range fontBufs {
		fonts.items[i] = f
	}
	if _, err := in.call(ctx, in.fn.resvgNew, uint64(retptr), in.heap.add(svg), uint64(optPtr), uint64(optLen), in.heap.add(fonts)); err != nil {
		return nil, err
	}
	tree, err := in.result(retptr)
	if err != nil {
		return nil, fmt.Errorf("parse SVG: %w", err)
	}
	defer func() { _, _ = in.fn.resvgFree.Call(ctx, tree) }()

	w, err := in.call(ctx, in.fn.resvgWidth, tree)
	if err != nil {
		return nil, err
	}
	h, err := in.call(ctx, in.fn.resvgHeight, tree)
	if err != nil {
		return nil, err
	}
	sw, sh := float64(api.DecodeF32(w)), float64(api.DecodeF32(h))
	if sw > float64(maxSide) || sh > float64(maxSide) || math.Ceil(sw*scale)*math.Ceil(sh*scale) > float64(maxPixels) {
		return nil, fmt.Errorf("%w: SVG of %.0f×%.0f at %gx", errTooLarge, sw, sh, scale)
	}

	if _, err := in.call(ctx, in.fn.resvgRender, uint64(retptr), tree); err != nil {
		return nil, err
	}
	img, err := in.result(retptr)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	defer func() { _, _ = in.fn.imageFree.Call(ctx, img) }()
	return in.encode(ctx, img)
}

// errBadPixels is returned when resvg's pixels do not match its size.
var errBadPixels = errors.New("resvg returned pixels that do not match the image size")

// encode takes the pixels of the rendered image and encodes them as PNG.
func (in *resvgInstance) encode(ctx context.Context, img uint64) ([]byte, error) {
	w, err := in.call(ctx, in.fn.imageWidth, img)
	if err != nil {
		return nil, err
	}
	h, err := in.call(ctx, in.fn.imageHeight, img)
	if err != nil {
		return nil, err
	}
	idx, err := in.call(ctx, in.fn.imagePixels, img)
	if err != nil {
		return nil, err
	}
	pix, ok := in.heap.take(idx).([]byte)
	if !ok {
		return nil, errBadPixels
	}
	return encodePNG(pix, int(uint32(w)), int(uint32(h)))
}

// call calls fn and returns its first result, if any.
func (in *resvgInstance) call(ctx context.Context, fn api.Function, args ...uint64) (uint64, error) {
	res, err := fn.Call(ctx, args...)
	if err != nil {
		return 0, err
	}
	if len(res) == 0 {
		return 0, nil
	}
	return res[0], nil
}

// pass copies b into the module's memory.
func (in *resvgInstance) pass(ctx context.Context, b []byte) (ptr, n uint32, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("resvg: %v", r)
		}
	}()
	ptr, n = passBytes(ctx, in.mod, b)
	return ptr, n, nil
}

// result reads the (value, error, is-error) triple that a fallible export
// writes at retptr: the value, or the error it carries.
func (in *resvgInstance) result(retptr uint32) (uint64, error) {
	b, ok := in.mod.Memory().Read(retptr, 12)
	if !ok {
		return 0, errors.New("resvg: return slot outside memory")
	}
	r0, r1, r2 := binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint32(b[4:]), binary.LittleEndian.Uint32(b[8:])
	if r2 != 0 {
		switch e := in.heap.take(uint64(r1)).(type) {
		case jsError:
			return 0, errors.New(e.msg)
		case string:
			return 0, errors.New(e)
		default:
			return 0, fmt.Errorf("resvg failed (%T)", e)
		}
	}
	return uint64(r0), nil
}

// close frees the instance.
func (in *resvgInstance) close(ctx context.Context) {
	_ = in.mod.Close(ctx)
}
