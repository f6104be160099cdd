//go:build modelselect

// The stance probe (model/dev/stance-neutral-probe.jsonl): comments that name
// one or both sides without taking a side, and comments that take a side by
// a subtle cue. It scores the probe twice, with the shipped models and with
// models trained in memory on the current training files plus the pending
// batch in testdata/labelled/pending/ (the stance model on the four
// testdata/labelled files, as TestStanceModelUpdate does, the sentiment model
// on the files of the Makefile's MODEL_DATA, as `make model` does), and writes
// no model file under the repository:
//
//	go test -tags modelselect -run 'TestStanceProbe|TestStanceBatchLOO' -v ./sentiment/
//
// STANCE_PENDING=0 leaves the pending batch out (the models then equal the
// shipped ones); STANCE_PROBE_OUT=/tmp/file writes the in-memory stance model
// there, to compare with what TestStanceModelUpdate will write once the batch
// is merged.
//
// STANCE_PENDING3=1 also adds the third batch in testdata/labelled/pending3/
// (README "Third batch (pending)") to the in-memory training of both tests,
// and TestStanceBatchLOO then takes that batch as "the batch" (everything
// else is "old"):
//
//	STANCE_PENDING3=1 go test -tags modelselect -run 'TestStanceProbe|TestStanceBatchLOO' -v ./sentiment/
//
// Nothing here reads ../shared/eval/.

package sentiment

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

type probeItem struct {
	ID, Story, Text, Stance, Sentiment, Kind string
}

func loadProbe(t *testing.T) []probeItem {
	fh, err := os.Open(filepath.Join("model", "dev", "stance-neutral-probe.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var out []probeItem
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		var p probeItem
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// pendingDir holds comments written for testdata/labelled but not merged yet
// (merging them changes the golden file; see testdata/labelled/README.md).
var pendingDir = filepath.Join("..", "testdata", "labelled", "pending")

// pending3Dir holds the third batch (testdata/labelled/README.md, "Third
// batch (pending)"), read only with STANCE_PENDING3=1.
var pending3Dir = filepath.Join("..", "testdata", "labelled", "pending3")

// withPending3 reports whether STANCE_PENDING3=1 asks for the third batch.
func withPending3() bool { return os.Getenv("STANCE_PENDING3") == "1" }

// pendingDirs are the directories whose comments loadWithPending appends, in
// merge order.
func pendingDirs() []string {
	var dirs []string
	if os.Getenv("STANCE_PENDING") != "0" {
		dirs = append(dirs, pendingDir)
	}
	if withPending3() {
		dirs = append(dirs, pending3Dir)
	}
	return dirs
}

// readPending reads dir/<story>.jsonl (nil when there is no such file).
func readPending(t *testing.T, dir, story string) []labelledComment {
	b, err := os.ReadFile(filepath.Join(dir, story+".jsonl"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []labelledComment
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var c labelledComment
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			t.Fatalf("%s/%s: %v", dir, story, err)
		}
		if c.Story == "" {
			c.Story = story
		}
		out = append(out, c)
	}
	return out
}

// loadWithPending is loadLabelled plus, unless STANCE_PENDING=0, the pending
// comments of each story appended after its own (the order a merge gives),
// and with STANCE_PENDING3=1 the third batch after those.
func loadWithPending(t *testing.T) ([]string, map[string][]labelledComment, map[string]*Story) {
	ids, data, stories := loadLabelled(t)
	for _, dir := range pendingDirs() {
		for _, id := range ids {
			data[id] = append(data[id], readPending(t, dir, id)...)
		}
	}
	return ids, data, stories
}

func TestStanceProbe(t *testing.T) {
	probe := loadProbe(t)
	ids, data, stories := loadWithPending(t)
	var train []StanceExample
	for _, id := range ids {
		train = append(train, examplesOf(data[id])...)
	}
	sm, err := TrainStance(train, stories)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := sm.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	shipped, _ := os.ReadFile(filepath.Join("lexicon", "stance_model.json"))
	t.Logf("in-memory stance model (%s) identical to lexicon/stance_model.json: %v", sm.Trained, bytes.Equal(buf.Bytes(), shipped))
	if out := os.Getenv("STANCE_PROBE_OUT"); out != "" {
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	var sentEx []Example
	for _, f := range selectTrain {
		sentEx = append(sentEx, selectLoad(t, f)...)
		if !strings.Contains(f, "testdata/labelled") {
			continue
		}
		for _, dir := range pendingDirs() {
			pf := filepath.Join(dir, filepath.Base(f))
			if _, err := os.Stat(pf); err == nil {
				sentEx = append(sentEx, selectLoad(t, pf)...)
			}
		}
	}
	m, err := Train(sentEx, TrainOptions{})
	if err != nil {
		t.Fatal(err)
	}

	type tally struct{ stance, sent, n int }
	var before, after = map[string]*tally{}, map[string]*tally{}
	for _, p := range probe {
		st := stories[p.Story]
		if st == nil {
			t.Fatalf("%s: unknown story %q", p.ID, p.Story)
		}
		b := NewAnalyzer(st).Analyze(p.Text)
		a := NewAnalyzer(st, WithModel(m), WithStanceModel(sm)).Analyze(p.Text)
		for _, x := range []struct {
			m map[string]*tally
			r Analysis
		}{{before, b}, {after, a}} {
			tl := x.m[p.Kind]
			if tl == nil {
				tl = &tally{}
				x.m[p.Kind] = tl
			}
			tl.n++
			if x.r.Stance.Label == p.Stance {
				tl.stance++
			}
			if x.r.Sentiment.Label == p.Sentiment {
				tl.sent++
			}
		}
		t.Logf("%s %-7s gold %-15s %-8s | shipped %-15s %-8s %+.2f | in-memory %-15s %-8s %+.2f | %s",
			p.ID[len(p.ID)-3:], p.Kind, p.Stance, p.Sentiment,
			b.Stance.Label, b.Sentiment.Label, b.Sentiment.Score,
			a.Stance.Label, a.Sentiment.Label, a.Sentiment.Score, p.Text)
	}
	for _, k := range []string{"neutral", "subtle"} {
		b, a := before[k], after[k]
		if b == nil {
			continue
		}
		t.Logf("%-7s n=%d  stance correct: shipped %d, in-memory %d   sentiment correct: shipped %d, in-memory %d",
			k, b.n, b.stance, a.stance, b.sent, a.sent)
	}
}

// mentionBatchFrom is the first id number of the batch of comments that name
// sides without taking one (December 2026, testdata/labelled/README.md).
var mentionBatchFrom = map[string]int{
	"armenia-azerbaijan-2025":    161,
	"calder-transit-strike-2026": 162,
	"gerd-nile-2025":             163,
	"istanbul-talks-2025":        246,
}

// batchFrom is the first id number of the batch TestStanceBatchLOO
// separates: mentionBatchFrom, or with STANCE_PENDING3=1 the first id of
// each story's file in pending3/.
func batchFrom(t *testing.T, ids []string) map[string]int {
	if !withPending3() {
		return mentionBatchFrom
	}
	from := map[string]int{}
	for _, id := range ids {
		cs := readPending(t, pending3Dir, id)
		if len(cs) == 0 {
			t.Fatalf("STANCE_PENDING3=1 but no %s in %s", id, pending3Dir)
		}
		n, err := strconv.Atoi(cs[0].ID[strings.LastIndexByte(cs[0].ID, '-')+1:])
		if err != nil {
			t.Fatalf("%s: %v", cs[0].ID, err)
		}
		from[id] = n
	}
	return from
}

// splitBatch splits cs into the comments before the batch and the batch.
func splitBatch(t *testing.T, starts map[string]int, story string, cs []labelledComment) (old, batch []labelledComment) {
	from, ok := starts[story]
	if !ok {
		t.Fatalf("no batch start for %s", story)
	}
	for _, c := range cs {
		i := strings.LastIndexByte(c.ID, '-')
		n, err := strconv.Atoi(c.ID[i+1:])
		if err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
		if n >= from {
			batch = append(batch, c)
		} else {
			old = append(old, c)
		}
	}
	return old, batch
}

// TestStanceBatchLOO separates the effect of the batch on the
// leave-one-dispute-out stance macro-F1 from the change of the test sets:
// for each held-out dispute, models trained on the other three without and
// with the batch, each scored on that dispute's old comments, its batch and
// all of them.
//
//	go test -tags modelselect -run TestStanceBatchLOO -v ./sentiment/
func TestStanceBatchLOO(t *testing.T) {
	ids, data, stories := loadWithPending(t)
	starts := batchFrom(t, ids)
	t.Logf("batch starts at id %v (third batch: %v)", starts, withPending3())
	old, batch := map[string][]labelledComment{}, map[string][]labelledComment{}
	for _, id := range ids {
		old[id], batch[id] = splitBatch(t, starts, id, data[id])
	}
	sums := map[string]float64{}
	for _, test := range ids {
		line := fmt.Sprintf("%-27s", test)
		for _, withBatch := range []bool{false, true} {
			var train []StanceExample
			for _, id := range ids {
				if id == test {
					continue
				}
				train = append(train, examplesOf(old[id])...)
				if withBatch {
					train = append(train, examplesOf(batch[id])...)
				}
			}
			m, err := trainStance(train, stories, defaultTrainOptions)
			if err != nil {
				t.Fatal(err)
			}
			name := map[bool]string{false: "train old", true: "train old+batch"}[withBatch]
			line += " | " + name
			for _, set := range []struct {
				name string
				cs   []labelledComment
			}{{"old", old[test]}, {"batch", batch[test]}, {"all", data[test]}} {
				g, p := scoreStance(stories[test], m, set.cs)
				f := macroF1(g, p, stanceClasses)
				acc := 0
				for i := range g {
					if g[i] == p[i] {
						acc++
					}
				}
				line += fmt.Sprintf(" %s F1 %.3f (acc %d/%d)", set.name, f, acc, len(g))
				sums[name+" "+set.name] += f / float64(len(ids))
			}
		}
		t.Log(line)
	}
	for _, k := range []string{"train old old", "train old batch", "train old all", "train old+batch old", "train old+batch batch", "train old+batch all"} {
		t.Logf("mean %-22s macro-F1 %.3f", k, sums[k])
	}
}
