package sentiment

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// labelledTexts returns the texts of testdata/labelled (our own data).
func labelledTexts(tb testing.TB) []string {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "labelled", "*.jsonl"))
	var out []string
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			tb.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var r struct{ Text string }
			if json.Unmarshal(sc.Bytes(), &r) == nil && r.Text != "" {
				out = append(out, r.Text)
			}
		}
		fh.Close()
	}
	return out
}

// TestVADERPort checks that the rule pass computes govader's compound
// score exactly, on our own texts and on cases that exercise VADER's rules.
func TestVADERPort(t *testing.T) {
	rb := sharedRules()
	v := sharedVADER()
	texts := []string{
		"", "GOOD", "The food is not good.", "The plan was good, but the execution was awful.",
		"I LOVE it!!! 😀", "not bad at all", "at least it works", "least good thing", "never so happy",
		"without doubt the best", "the kiss of death for the deal", "kind of good", "it was sort of okay",
		"no good, no problem", "no", "no way", "This is the bomb", "yeah right, great job",
		"Is it good??", "What?!?!?!", "VERY BAD NEWS for us", "very good VERY good", ":) :( <3",
		"He is not, however, the worst.", "she didn't like it, nor did I", "hardly a success",
		"uh-uh, not again", "this isn't awful", "You are KIND of silly", "the food was to die for",
	}
	texts = append(texts, labelledTexts(t)...)
	for _, s := range seedTexts(t) {
		for _, sp := range splitSentences(s) {
			texts = append(texts, s[sp.start:sp.end])
		}
	}
	for _, text := range texts {
		norm := normalizeForVADER(text)
		want := v.PolarityScores(norm).Compound
		got := rb.score(norm, nil).vader
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("compound(%q) = %v, govader %v", text, got, want)
		}
	}
}
