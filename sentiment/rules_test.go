package sentiment

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The rule scorer in the forms the tests call: score with a callback for
// the drivers, scoreLow without the plain-ASCII hint (the reference for
// scoreLowPlain).

// driverFunc receives each token that carries extended valence: its text
// ("not word" when negated) and valence after the rules.
type driverFunc func(text string, valence float64)

// score computes the rule scores of norm, a span already passed through
// normalizeForVADER. drv, if not nil, receives the extended valences.
func (rb *ruleBook) score(norm string, drv driverFunc) ruleScores {
	var ds []ruleDriver
	var pd *[]ruleDriver
	if drv != nil {
		pd = &ds
	}
	rs := rb.scoreLow(norm, lowerSameLen(norm), pd)
	for _, d := range ds {
		name := d.name
		if d.neg {
			name = "not " + name
		}
		drv(name, d.v)
	}
	return rs
}

// scoreLow is score with low, the lower case of norm at the same byte
// offsets (or "" when there is none), so that no word is lowered twice;
// drv, if not nil, gets the extended valences appended.
func (rb *ruleBook) scoreLow(norm, low string, drv *[]ruleDriver) ruleScores {
	return rb.scoreLowPlain(norm, low, false, drv)
}

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

// TestLowerSameLen checks lowerSameLen against strings.ToLower: the same
// text when every rune keeps its length, else "" (even when the lengths
// even out, as with "İ" that grows and "K", the Kelvin sign, that shrinks).
func TestLowerSameLen(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"already lower, 123!", "already lower, 123!"},
		{"Pakistan's ARMY", "pakistan's army"},
		{"TÜRKİYE", ""}, // İ lowers to i and a combining dot
		{"Türkiye’s ÉLAN", "türkiye’s élan"},
		{"\u212a and \u0130", ""}, // same total length, moved offsets
		{"bad \xff byte", ""},
		{"ΣΟΦΙΑ", "σοφια"},
	}
	for _, tt := range tests {
		got := lowerSameLen(tt.in)
		if got != tt.want {
			t.Errorf("lowerSameLen(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got != "" && got != strings.ToLower(tt.in) {
			t.Errorf("lowerSameLen(%q) = %q, strings.ToLower gives %q", tt.in, got, strings.ToLower(tt.in))
		}
	}
	for _, text := range labelledTexts(t) {
		if got, low := lowerSameLen(text), strings.ToLower(text); got != "" && got != low || got == "" && len(low) == len(text) {
			t.Errorf("lowerSameLen(%q) = %q, strings.ToLower gives %q", text, got, low)
		}
	}
}
