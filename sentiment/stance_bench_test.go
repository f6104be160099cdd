package sentiment

import (
	"math"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// benchComments returns the labelled comments of the seed story, or the
// seed articles' comments when the labelled file is missing.
func benchComments(b *testing.B) ([]string, *Story) {
	b.Helper()
	_, data, stories := loadLabelled(b)
	const id = "istanbul-talks-2025"
	var out []string
	for _, c := range data[id] {
		out = append(out, c.Text)
	}
	if len(out) == 0 || stories[id] == nil {
		return seedComments(b), seedStory(b)
	}
	return out, stories[id]
}

func BenchmarkStance(b *testing.B) {
	texts, st := benchComments(b)
	a := NewAnalyzer(st)
	a.stance(texts[0]) // load the model
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a.stance(texts[i%len(texts)])
		i++
	}
}

// BenchmarkStanceFlags is stance and flags from one tokenization, as
// Analyze should run them.
func BenchmarkStanceFlags(b *testing.B) {
	texts, st := benchComments(b)
	a := NewAnalyzer(st)
	a.stanceFlagsText(texts[0], st.Mentions(texts[0]))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		t := texts[i%len(texts)]
		a.stanceFlagsText(t, st.Mentions(t))
		i++
	}
}

func BenchmarkFlags(b *testing.B) {
	texts, st := benchComments(b)
	a := NewAnalyzer(st)
	a.flags(texts[0]) // load the word lists
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a.flags(texts[i%len(texts)])
		i++
	}
}

// BenchmarkStanceFlagsGovader is govader alone on the same comments, the
// yardstick the stance and flag costs are read against.
func BenchmarkStanceFlagsGovader(b *testing.B) {
	texts, st := benchComments(b)
	a := NewAnalyzer(st)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a.vader.PolarityScores(texts[i%len(texts)])
		i++
	}
}

// TestStanceFlagsCost prints the CPU time per text of stance, flags and
// govader alone on the seed story's comments, measured as this thread's
// CPU time so that a busy machine does not skew the ratios. It only runs
// with TONEDESK_COST=1; it asserts nothing.
func TestStanceFlagsCost(t *testing.T) {
	if os.Getenv("TONEDESK_COST") == "" {
		t.Skip("set TONEDESK_COST=1")
	}
	_, data, stories := loadLabelled(t)
	const id = "istanbul-talks-2025"
	var texts []string
	for _, c := range data[id] {
		texts = append(texts, c.Text)
	}
	a := NewAnalyzer(stories[id])
	a.stance(texts[0])
	a.flags(texts[0])
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cpu := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	// The fastest of seven runs of five rounds: the least disturbed.
	measure := func(name string, f func(string)) time.Duration {
		const rounds = 5
		best := time.Duration(math.MaxInt64)
		for range 7 {
			start := cpu()
			for range rounds {
				for _, s := range texts {
					f(s)
				}
			}
			best = min(best, (cpu()-start)/time.Duration(rounds*len(texts)))
		}
		t.Logf("%-8s %8v per comment", name, best)
		return best
	}
	g := measure("govader", func(s string) { a.vader.PolarityScores(s) })
	st := measure("stance", func(s string) { a.stance(s) })
	fl := measure("flags", func(s string) { a.flags(s) })
	both := measure("both", func(s string) { a.stanceFlagsText(s, a.story.Mentions(s)) })
	an := measure("analyze", func(s string) { a.Analyze(s) })
	t.Logf("stanceFlags = %.2f x govader", float64(both)/float64(g))
	t.Logf("stance+flags = %.2f x govader; analyze = %.2f x govader (throughput ratio %.2f)",
		float64(st+fl)/float64(g), float64(an)/float64(g), float64(g)/float64(an))
}
