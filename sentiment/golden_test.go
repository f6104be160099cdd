package sentiment

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestAnalyzeGolden checks Analyze's full output (sentences, drivers,
// stance evidence, flags, language) on every labelled comment with its own
// story and with none, and on the seed articles and their comments, against
// testdata/analyze.golden.jsonl. Speed work must leave it byte for byte as
// it is; a change of the model or the rules changes it on purpose: run
// with -update and review the diff.
func TestAnalyzeGolden(t *testing.T) {
	ids, data, stories := loadLabelled(t)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	write := func(set string, a *Analyzer, texts []string) {
		for i, text := range texts {
			if err := enc.Encode(struct {
				Set      string   `json:"set"`
				N        int      `json:"n"`
				Analysis Analysis `json:"analysis"`
			}{set, i, a.Analyze(text)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	none := NewAnalyzer(nil)
	for _, id := range ids {
		var texts []string
		for _, c := range data[id] {
			texts = append(texts, c.Text)
		}
		write(id, NewAnalyzer(stories[id]), texts)
		write(id+"/nostory", none, texts)
	}
	seed := NewAnalyzer(seedStory(t))
	write("seeds", seed, seedTexts(t))
	write("seeds/comments", seed, seedComments(t))

	path := filepath.Join("testdata", "analyze.golden.jsonl")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	got := buf.Bytes()
	if bytes.Equal(got, want) {
		return
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(gl), len(wl)) {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Fatalf("Analyze output differs from %s at line %d:\n got: %s\nwant: %s\n(run with -update if the change is intended)", path, i+1, g, w)
		}
	}
}
