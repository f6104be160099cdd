package sentiment

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
)

// seedStory loads the story file of the seed articles.
func seedStory(tb testing.TB) *Story {
	tb.Helper()
	s, err := LoadStory(filepath.Join("..", "testdata", "stories", "istanbul-talks-2025.toml"))
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// mentionStrings renders mentions as "matched text=group".
func mentionStrings(text string, ms []Mention) []string {
	var out []string
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%s=%s", text[m.Start:m.End], m.Group))
	}
	return out
}

func TestMentions(t *testing.T) {
	s := seedStory(t)
	tests := []struct {
		text string
		want []string
	}{
		{"", nil},
		{"Nothing to see here.", nil},
		{"Pakistan and Afghanistan", []string{"Pakistan=pakistan", "Afghanistan=afghanistan"}},
		// Longest first: the TTP is neither side.
		{"the Tehrik-e-Taliban Pakistan (TTP) said", []string{"Tehrik-e-Taliban Pakistan=ttp", "TTP=ttp"}},
		{"Tehreek-i-Taliban Pakistan", []string{"Tehreek-i-Taliban Pakistan=ttp"}},
		{"the Pakistani Taliban attacked", []string{"Pakistani Taliban=ttp"}},
		{"the Afghan Taliban and the Taliban", []string{"Afghan Taliban=afghanistan", "Taliban=afghanistan"}},
		// Case, possessives with straight and curly apostrophes.
		{"PAKISTAN’S demands, pakistan's army", []string{"PAKISTAN=pakistan", "pakistan=pakistan"}},
		{"Afghanistan’s stance", []string{"Afghanistan=afghanistan"}},
		// Whole words only.
		{"Pakistanis and Pakistani officials", []string{"Pakistanis=pakistan", "Pakistani=pakistan"}},
		{"Afghanistani Kabulistan Taliban2 TTPs", nil},
		{"Pak-Afghan border", []string{"Afghan=afghanistan"}},
		{"Pakistan–Afghanistan talks", []string{"Pakistan=pakistan", "Afghanistan=afghanistan"}},
		// White space runs and line breaks inside aliases.
		{"Khawaja\n  Asif warned", []string{"Khawaja\n  Asif=pakistan"}},
		{"Defence Minister Khawaja Muhammad Asif", []string{"Khawaja Muhammad Asif=pakistan"}},
		// Non-ASCII letters and folding.
		{"TÜRKİYE hosted; Türkiye, Turkiye and Turkey", []string{"TÜRKİYE=mediators", "Türkiye=mediators", "Turkiye=mediators", "Turkey=mediators"}},
		{"Erdoğan and ERDOGAN", []string{"Erdoğan=mediators", "ERDOGAN=mediators"}},
		// An alias ending in punctuation, and a pronoun that is not an alias.
		{"U.S. President Trump told us", []string{"U.S.=us", "Trump=us"}},
		{"the U.S.-brokered deal", []string{"U.S.=us"}},
		// Non-breaking hyphens.
		{"Tehrik\u2011e\u2011Taliban Pakistan", []string{"Tehrik\u2011e\u2011Taliban Pakistan=ttp"}},
		// Invalid UTF-8 is no letter.
		{"\xffKabul\xff", []string{"Kabul=afghanistan"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := mentionStrings(tt.text, s.Mentions(tt.text))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Mentions(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestMentionFields(t *testing.T) {
	s := seedStory(t)
	text := "Mediators in Doha: QATARI officials; Kabul."
	got := s.Mentions(text)
	want := []Mention{
		{Start: 19, End: 25, Group: "mediators", Side: false, Alias: "Qatari"},
		{Start: 37, End: 42, Group: "afghanistan", Side: true, Alias: "Kabul"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Mentions(%q) = %+v, want %+v", text, got, want)
	}
}

func TestMentionsOverlappingAliases(t *testing.T) {
	// Leftmost wins over longest; longest wins among matches at one start.
	s := &Story{ID: "x", Sides: []Group{
		{ID: "a", Aliases: []string{"New York", "York Times"}},
		{ID: "b", Aliases: []string{"New", "New York Times", "#tag"}},
	}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want []string
	}{
		{"New York Times", []string{"New York Times=b"}},
		{"New York Timesx", []string{"New York=a"}},
		{"The York Times", []string{"York Times=a"}},
		{"New Yorker", []string{"New=b"}},
		{"a#tag and x#tag", []string{"#tag=b", "#tag=b"}},
	}
	for _, tt := range tests {
		if got := mentionStrings(tt.text, s.Mentions(tt.text)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Mentions(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestFoldRune(t *testing.T) {
	tests := []struct{ a, b rune }{
		{'K', 'k'}, {'\u212a', 'k'}, {'Σ', 'σ'}, {'ς', 'σ'}, {'ſ', 's'}, {'Ü', 'ü'}, {'İ', 'i'},
	}
	for _, tt := range tests {
		if normRune(tt.a) != normRune(tt.b) {
			t.Errorf("normRune(%q) = %q, normRune(%q) = %q, want equal", tt.a, normRune(tt.a), tt.b, normRune(tt.b))
		}
	}
}

// TestMentionsPairFilter checks the two-letter filter that lets Mentions
// skip words: one-letter aliases, aliases with a space or a non-ASCII
// letter second, and white space other than a space inside an alias.
func TestMentionsPairFilter(t *testing.T) {
	st := &Story{ID: "s", Title: "s", Sides: []Group{
		{ID: "q", Name: "Q", Aliases: []string{"Q Corp", "X"}},
		{ID: "z", Name: "Z", Aliases: []string{"Zürich", "zz top"}},
	}}
	if err := st.Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want []string
	}{
		{"Q Corp and q\tcorp, not QCorp or Quorum", []string{"Q Corp=q", "q\tcorp=q"}},
		{"X marks it; Xavier and x-ray do not", []string{"X=q", "x=q"}},
		{"ZÜRICH and zurich, zz\ntop, zzz top", []string{"ZÜRICH=z", "zz\ntop=z"}},
	}
	for _, tt := range tests {
		if got := mentionStrings(tt.text, st.Mentions(tt.text)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Mentions(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestMentionsIn checks that the mentions mentionsIn takes from a whole
// text's are, whenever it accepts a span, those that Mentions finds in the
// span alone: for every span of some awkward texts, and for every sentence
// of the labelled comments and the seed articles.
func TestMentionsIn(t *testing.T) {
	s := seedStory(t)
	check := func(text string, spans []span) (accepted int) {
		t.Helper()
		all := s.Mentions(text)
		mi := 0
		for _, sp := range spans {
			var ms []Mention
			var ok bool
			ms, mi, ok = mentionsIn(nil, all, mi, text, sp)
			if !ok {
				continue
			}
			accepted++
			want := s.Mentions(text[sp.start:sp.end])
			if len(ms) == 0 && len(want) == 0 {
				continue
			}
			if !reflect.DeepEqual(ms, want) {
				t.Errorf("%q[%d:%d] = %q: mentionsIn gives %v, Mentions %v", text, sp.start, sp.end, text[sp.start:sp.end], ms, want)
			}
		}
		return accepted
	}
	awkward := []string{
		"U.S. President Trump told Pakistan. Pakistanis said no.",
		"the Tehrik-e-Taliban Pakistan (TTP) said; Pakistan's army",
		"Khawaja\n  Asif warned the Afghan Taliban.Taliban2 and TTPs",
		"TÜRKİYE hosted; Türkiye, Turkiye and Turkey. Erdoğan.",
		"Pak-Afghan border, Pakistan–Afghanistan talks",
	}
	for _, text := range awkward {
		// Every span between rune boundaries, in order of start, and
		// for each start all ends (mentionsIn's cursor only moves on).
		var bounds []int
		for i := range text {
			bounds = append(bounds, i)
		}
		bounds = append(bounds, len(text))
		for _, a := range bounds {
			for _, b := range bounds {
				if b > a {
					check(text, []span{{a, b}})
				}
			}
		}
	}
	accepted := 0
	texts := append(labelledTexts(t), seedTexts(t)...)
	for _, text := range texts {
		accepted += check(text, splitSentences(text))
	}
	if accepted == 0 {
		t.Error("mentionsIn accepted no sentence")
	}
}
