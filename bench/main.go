// Command bench compares the throughput of tonedesk's full analysis
// (sentiment, stance and flags) with govader's sentiment alone, on the same
// texts in the same run: the seed comments, the labelled comments of
// testdata/labelled and the sentences of the seed articles. Repetitions
// alternate between the two so that both see the same machine state.
//
// Usage, from the repository root:
//
//	go run ./bench [-reps 100] [-root .] [-cpuprofile FILE]
//
// It prints the machine, both throughputs in texts per second and their
// ratio (tonedesk / govader; the target is at least 0.7).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/jonreiter/govader"
	"github.com/tonedesk/tonedesk/sentiment"
)

// item is one text with the analyzer of its story.
type item struct {
	text string
	an   *sentiment.Analyzer
}

func main() {
	reps := flag.Int("reps", 100, "repetitions of each side, interleaved (one pass over the texts takes about 15 ms: fewer than 50 cannot tell 0.7 from 0.8 on a busy machine)")
	root := flag.String("root", ".", "repository root (holds testdata/)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the timed repetitions to `file`")
	flag.Parse()
	if err := run(*root, *reps, *cpuProfile); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(root string, reps int, cpuProfile string) error {
	items, counts, err := loadTexts(root)
	if err != nil {
		return err
	}
	vader := govader.NewSentimentIntensityAnalyzer()
	var bytes int
	for _, it := range items {
		bytes += len(it.text)
	}

	fmt.Printf("machine: %s, %d cores (GOMAXPROCS %d), %s %s/%s\n", cpuModel(), runtime.NumCPU(),
		runtime.GOMAXPROCS(0), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Printf("texts: %d (%s), %d bytes, %d repetitions each, interleaved\n",
		len(items), counts, bytes, reps)

	// Warm up: lexicons, models and caches load outside the timing.
	for _, it := range items {
		vader.PolarityScores(it.text)
		it.an.Analyze(it.text)
	}
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var tVader, tFull time.Duration
	ratios := make([]float64, 0, reps) // per repetition: govader's time / tonedesk's
	sink := 0.0
	for r := range reps {
		var dv, df time.Duration
		order := []bool{r%2 == 0, r%2 != 0} // alternate which side goes first
		for _, full := range order {
			start := time.Now()
			if full {
				for _, it := range items {
					sink += it.an.Analyze(it.text).Sentiment.Score
				}
				df = time.Since(start)
			} else {
				for _, it := range items {
					sink += vader.PolarityScores(it.text).Compound
				}
				dv = time.Since(start)
			}
		}
		tVader += dv
		tFull += df
		ratios = append(ratios, dv.Seconds()/df.Seconds())
	}
	n := float64(len(items) * reps)
	vRate := n / tVader.Seconds()
	fRate := n / tFull.Seconds()
	slices.Sort(ratios)
	q := func(p float64) float64 { return ratios[int(p*float64(len(ratios)-1)+0.5)] }
	fmt.Printf("govader sentiment alone:            %8.0f texts/s (%6.1f µs/text)\n", vRate, 1e6/vRate)
	fmt.Printf("tonedesk sentiment+stance+flags:    %8.0f texts/s (%6.1f µs/text)\n", fRate, 1e6/fRate)
	fmt.Printf("ratio tonedesk/govader: %.2f over all repetitions; per repetition median %.2f, quartiles %.2f–%.2f (target >= 0.70)\n",
		fRate/vRate, q(0.5), q(0.25), q(0.75))
	_ = sink
	return nil
}

// loadTexts reads the seed comments and sentences and the labelled
// comments, each with an analyzer for its story.
func loadTexts(root string) ([]item, string, error) {
	stories := map[string]*sentiment.Analyzer{}
	analyzer := func(id string) (*sentiment.Analyzer, error) {
		if an, ok := stories[id]; ok {
			return an, nil
		}
		st, err := sentiment.LoadStory(filepath.Join(root, "testdata", "stories", id+".toml"))
		if err != nil {
			return nil, err
		}
		an := sentiment.NewAnalyzer(st)
		stories[id] = an
		return an, nil
	}
	seedAn, err := analyzer("istanbul-talks-2025")
	if err != nil {
		return nil, "", err
	}
	var items []item
	seeds, _ := filepath.Glob(filepath.Join(root, "testdata", "seeds", "*.txt"))
	if len(seeds) == 0 {
		return nil, "", fmt.Errorf("no seed articles under %s/testdata/seeds", root)
	}
	header := regexp.MustCompile(`(?m)^\d+ Comments\n`)
	nComments, nSentences := 0, 0
	for _, f := range seeds {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, "", err
		}
		text := string(b)
		body := text
		if loc := header.FindStringIndex(text); loc != nil {
			body = text[:loc[0]]
			lines := strings.Split(strings.TrimSpace(text[loc[1]:]), "\n")
			for i := 1; i < len(lines); i += 2 { // author, text, author, text...
				items = append(items, item{lines[i], seedAn})
				nComments++
			}
		}
		for _, s := range seedAn.Analyze(body).Sentiment.Sentences {
			items = append(items, item{body[s.Start:s.End], seedAn})
			nSentences++
		}
	}
	files, _ := filepath.Glob(filepath.Join(root, "testdata", "labelled", "*.jsonl"))
	nLabelled := 0
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return nil, "", err
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var r struct{ Story, Text string }
			if json.Unmarshal(sc.Bytes(), &r) != nil || r.Text == "" {
				continue
			}
			an, err := analyzer(r.Story)
			if err != nil {
				an = seedAn
			}
			items = append(items, item{r.Text, an})
			nLabelled++
		}
		fh.Close()
	}
	return items, fmt.Sprintf("%d seed comments, %d labelled comments, %d seed sentences", nComments, nLabelled, nSentences), nil
}

// cpuModel returns the CPU model name from /proc/cpuinfo, or GOARCH.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}
