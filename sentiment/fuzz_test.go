package sentiment

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"", " ", "Mr. Tarar said “no.” Then U.S. officials left...", "2.5... ?! \n\n\r\n",
		"Great 😀", "\xff\xfe.", "“”’.’", "It isn't good, but fine.", "Kabul\u00a0is\u2028bad.",
	} {
		f.Add(s)
	}
	a := NewAnalyzer(seedStory(f))
	f.Fuzz(func(t *testing.T, text string) {
		checkAnalysis(t, text, a.Analyze(text))
	})
}

func FuzzParseStory(f *testing.F) {
	seed, err := os.ReadFile(filepath.Join("..", "testdata", "stories", "istanbul-talks-2025.toml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("id = \"x\"" + twoSides))
	f.Add([]byte("id = \"\\u00e9\\U0001F600\" # c\r\n[[parties]]\naliases = [\n'a',\n]\n"))
	f.Add([]byte("[[sides]\n\"x\" = 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseStory("f.toml", data)
		if err != nil {
			if s != nil {
				t.Errorf("ParseStory returned a story and an error: %v", err)
			}
			return
		}
		if len(s.Sides) < 2 || !validID(s.ID) || s.match == nil {
			t.Errorf("ParseStory accepted an invalid story: %+v", s)
		}
		for _, g := range append(s.Sides, s.Parties...) {
			for _, a := range g.Aliases {
				checkMentions(t, s, a)
			}
		}
		checkMentions(t, s, string(data))
	})
}

func FuzzMentions(f *testing.F) {
	for _, s := range []string{"Tehrik-e-Taliban Pakistan’s", "U.S.-brokered", "Khawaja\n Asif", "\xffKabul", "İSTANBUL TÜRKİYE"} {
		f.Add(s)
	}
	s := seedStory(f)
	f.Fuzz(func(t *testing.T, text string) {
		checkMentions(t, s, text)
	})
}

// checkMentions checks that mentions are ordered, non-overlapping, valid
// spans of text naming groups of s.
func checkMentions(t *testing.T, s *Story, text string) {
	t.Helper()
	groups := map[string]bool{}
	for _, g := range s.Sides {
		groups[g.ID] = true
	}
	for _, g := range s.Parties {
		groups[g.ID] = false
	}
	prev := 0
	for _, m := range s.Mentions(text) {
		if m.Start < prev || m.End <= m.Start || m.End > len(text) {
			t.Fatalf("Mentions(%q): bad span %+v after %d", text, m, prev)
		}
		if side, ok := groups[m.Group]; !ok || side != m.Side {
			t.Errorf("Mentions(%q): %+v names no group of the story", text, m)
		}
		if utf8.ValidString(text) && normalizeAlias(text[m.Start:m.End]) != normalizeAlias(m.Alias) {
			t.Errorf("Mentions(%q): %q does not match alias %q", text, text[m.Start:m.End], m.Alias)
		}
		prev = m.End
	}
}
