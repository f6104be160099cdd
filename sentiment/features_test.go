package sentiment

import (
	"reflect"
	"strings"
	"testing"
)

// tokenizeFeatures splits span into feature tokens, with the mentions of
// story's groups (story may be nil) as placeholders: tokenizeLower after
// normalising and lowering span.
func tokenizeFeatures(span string, story *Story, buf []featToken) []featToken {
	norm := normalizeForVADER(span)
	var ms []Mention
	if story != nil {
		ms = story.Mentions(norm)
	}
	return tokenizeLower(norm, lowerSameLen(norm), ms, buf)
}

// isFeatureNegator reports whether a lower-case token negates the words
// after it.
func isFeatureNegator(w string) bool {
	return featWordFlags(fnv64(w))&fwNegator != 0 || strings.HasSuffix(w, "n't")
}

// emitFeatures sends each feature of toks (see appendFeatures) to sink.
func emitFeatures(toks []featToken, sink func(h uint64, i int, bigram bool, w float64)) {
	var cw []float64
	for _, f := range appendFeatures(toks, nil, &cw) {
		sink(f.h, int(f.i), f.bigram, f.w)
	}
}

func tokenTexts(toks []featToken) []string {
	var out []string
	for _, t := range toks {
		s := t.text
		if t.negated {
			s = "~" + s
		}
		if t.clauseBr {
			s += "|"
		}
		out = append(out, s)
	}
	return out
}

func TestTokenizeFeatures(t *testing.T) {
	tests := []struct {
		text string
		want []string // "~" marks a negated token, "|" a clause break after it
	}{
		// "!" ends a clause but is no token; "?" is one.
		{"Great game!!! Who scored?", []string{"great", "game|", "who", "scored", "?|"}},
		// Lower case, curly apostrophes, inner hyphens, digits as "0".
		{"Kabul’s DE-ESCALATION plan, 2025 edition", []string{"kabul's", "de-escalation", "plan|", "0", "edition"}},
		// Emoji are tokens; variation selectors and flags are not.
		{"love it ❤️ 🇦🇿 😭", []string{"love", "it", "❤", "😭"}},
		// Negation scope: three words, ended by a clause break.
		{"not good at all, fine", []string{"not", "~good", "~at", "~all|", "fine"}},
		{"didn't like it", []string{"didn't", "~like", "~it"}},
	}
	for _, tt := range tests {
		got := tokenTexts(tokenizeFeatures(tt.text, nil, nil))
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("tokenizeFeatures(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
	// Mentions become placeholders.
	got := tokenTexts(tokenizeFeatures("Kabul and  Khawaja\nAsif met", seedStory(t), nil))
	if want := []string{"@side", "and", "@side", "met"}; !reflect.DeepEqual(got, want) {
		t.Errorf("placeholders: %q, want %q", got, want)
	}
}

func TestFeatTable(t *testing.T) {
	var tb featTable
	if _, ok := tb.get(42); ok {
		t.Error("empty table has 42")
	}
	tb = newFeatTable(2)
	for i := range uint64(1000) { // grows past its first size
		tb.put(i*0x9e3779b97f4a7c15, [3]float32{float32(i), 0, 0})
	}
	tb.put(0x9e3779b97f4a7c15, [3]float32{-1, 0, 0}) // replaces
	if tb.n != 1000 {
		t.Errorf("n = %d, want 1000", tb.n)
	}
	for i := range uint64(1000) {
		w, ok := tb.get(i * 0x9e3779b97f4a7c15)
		want := float32(i)
		if i == 1 {
			want = -1
		}
		if !ok || w.w[0] != want {
			t.Fatalf("get(%d) = %v, %v", i, w, ok)
		}
	}
	if _, ok := tb.get(12345); ok {
		t.Error("get of a missing key succeeded")
	}
}

func TestWordTables(t *testing.T) {
	rb := sharedRules()
	for w := range rb.words {
		if !rb.known.has(fnv64(w)) {
			t.Fatalf("bloom filter misses %q", w)
		}
	}
	for w := range stopUnigram {
		if featWordFlags(fnv64(w))&fwStop == 0 {
			t.Errorf("%q is not a stop unigram", w)
		}
	}
	for _, w := range []string{"not", "never", "dont", "failed"} {
		if !isFeatureNegator(w) {
			t.Errorf("%q is not a negator", w)
		}
	}
	if isFeatureNegator("good") || !isFeatureNegator("shouldn't") {
		t.Error("negators: good or shouldn't")
	}
}
