package sentiment

import (
	"math"
	"testing"
)

func TestFoldPhraseDrivers(t *testing.T) {
	in := []Driver{
		{Text: "open war", Weight: -12.1},
		{Text: "war", Weight: 7.9},
		{Text: "illogical", Weight: -9.3},
		{Text: "Open", Weight: 5.6},
		{Text: "war talk", Weight: -1},
		{Text: "talk", Weight: 0.5},
	}
	got := FoldPhraseDrivers(in)
	want := []Driver{
		{Text: "open war", Weight: -12.1 + 7.9 + 5.6},
		{Text: "illogical", Weight: -9.3},
		{Text: "war talk", Weight: -0.5},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].Text != want[i].Text || math.Abs(got[i].Weight-want[i].Weight) > 1e-9 {
			t.Errorf("driver %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if got := FoldPhraseDrivers(nil); len(got) != 0 {
		t.Errorf("nil: %+v", got)
	}
}

// A negated word holds the opposite of the word: the two stay apart.
func TestFoldPhraseDriversNegation(t *testing.T) {
	got := FoldPhraseDrivers([]Driver{{Text: "good", Weight: 1.49}, {Text: "not good", Weight: -0.59}})
	if len(got) != 2 || got[0].Text != "good" || got[1].Text != "not good" || got[1].Weight != -0.59 {
		t.Errorf("folded %+v: want good and not good apart", got)
	}
}

func TestOnlyFunctionWords(t *testing.T) {
	for text, want := range map[string]bool{"of the": true, "To The": true, "it": true, "open war": false, "of war": false, "": false} {
		if got := OnlyFunctionWords(text); got != want {
			t.Errorf("OnlyFunctionWords(%q) = %v, want %v", text, got, want)
		}
	}
}
