package render

import (
	"context"
	"runtime"
	"sort"
	"testing"
	"time"
)

// BenchmarkSVG renders each test chart to SVG at 1200×675 with a warm pool.
func BenchmarkSVG(b *testing.B) {
	r := sharedRenderer(b)
	ctx := context.Background()
	for _, c := range charts {
		option := readOption(b, c.name)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := r.SVG(ctx, option, Options{Width: 1200, Height: 675}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPNG1200x675At2x turns each test chart's SVG into a 2400×1350
// PNG with a warm pool, and reports the median as well as the mean.
func BenchmarkPNG1200x675At2x(b *testing.B) {
	benchPNG(b, 2)
}

// BenchmarkPNG1200x675At1x is the same at 1x.
func BenchmarkPNG1200x675At1x(b *testing.B) {
	benchPNG(b, 1)
}

// BenchmarkPNGWorker1200x675At2x is BenchmarkPNG1200x675At2x with the
// renders in two worker processes.
func BenchmarkPNGWorker1200x675At2x(b *testing.B) {
	sharedRenderer(b) // fills the compilation cache the workers use
	benchPNGWith(b, newRenderer(b, Config{Runtimes: 2, Worker: workerCmd}), 2)
}

func benchPNG(b *testing.B, scale float64) {
	benchPNGWith(b, sharedRenderer(b), scale)
}

func benchPNGWith(b *testing.B, r *Renderer, scale float64) {
	ctx := context.Background()
	for _, c := range charts {
		svg, err := r.SVG(ctx, readOption(b, c.name), Options{Width: 1200, Height: 675})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				if _, err := r.PNG(ctx, svg, scale); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
			}
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
		})
	}
}

// BenchmarkSVGAndPNGBar is what a request for a bar chart PNG costs: the
// option to SVG, then PNG at 2x.
func BenchmarkSVGAndPNGBar(b *testing.B) {
	r := sharedRenderer(b)
	ctx := context.Background()
	option := readOption(b, "bar")
	for b.Loop() {
		svg, err := r.SVG(ctx, option, Options{Width: 1200, Height: 675})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.PNG(ctx, svg, 2); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkJSRuntime measures one more JavaScript runtime: the time to load
// ECharts into it from the compiled program, and the heap it keeps.
func BenchmarkJSRuntime(b *testing.B) {
	r := sharedRenderer(b)
	var keep []*jsRuntime
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for b.Loop() {
		rt, err := r.newJS()
		if err != nil {
			b.Fatal(err)
		}
		keep = append(keep, rt)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(len(keep))/(1<<20), "MB/runtime")
	runtime.KeepAlive(keep)
}

// BenchmarkNew measures start-up with a warm compilation cache: fonts,
// ECharts compiled and loaded into two runtimes, resvg instantiated twice.
func BenchmarkNew(b *testing.B) {
	sharedRenderer(b) // fills the cache
	for b.Loop() {
		r, err := New(context.Background(), Config{Runtimes: 2, CacheDir: cacheDir})
		if err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
}
