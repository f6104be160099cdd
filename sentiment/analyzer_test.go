package sentiment

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestAnalyzeLabels(t *testing.T) {
	a := NewAnalyzer(nil)
	tests := []struct {
		text string
		want string
	}{
		{"This is a wonderful, excellent result.", Positive},
		{"Turkey has played a crucial role, and the talks were productive and fruitful.", Positive},
		{"I love it! 😀", Positive},
		{"Both sides need a more flexible approach to de-escalate.", Positive},
		{"The talks were a disaster and a terrible failure.", Negative},
		{"The breakdown of negotiations is worrying, potentially leading to further conflict.", Negative},
		{"The food is not good.", Negative},
		{"The plan was good, but the execution was awful.", Negative},
		{"Patronage of terrorists is unacceptable.", Negative},
		{"The delegation met on Tuesday in Istanbul.", Neutral},
		{"The talks began around October 26.", Neutral},
		{"The summit was hardly a success.", Negative},
		{"The talks reached an impasse.", Negative},
		{"A breakthrough at last.", Positive},
		{"The talks failed, although the hosts were kind.", Negative},
		{"Although the hosts were kind, the talks failed.", Negative},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := a.Analyze(tt.text).Sentiment
			if got.Label != tt.want {
				t.Errorf("Analyze(%q) = %s (%.4f), want %s", tt.text, got.Label, got.Score, tt.want)
			}
			if got.Label != labelOf(got.Score) {
				t.Errorf("label %s does not match score %.4f", got.Label, got.Score)
			}
			if got.Confidence <= 0 || got.Confidence > 1 {
				t.Errorf("confidence %.4f outside (0, 1]", got.Confidence)
			}
		})
	}
}

func TestAnalyzeEmpty(t *testing.T) {
	a := NewAnalyzer(seedStory(t))
	for _, text := range []string{"", " \n\t", "!!! ...", "\u00a0"} {
		got := a.Analyze(text)
		want := Analysis{
			Sentiment: Sentiment{Label: Neutral},
			Stance:    Stance{Label: StanceNone, Sides: map[string]float64{"pakistan": 0, "afghanistan": 0}, Evidence: []string{}},
			Flags:     []Flag{},
			Lang:      "und",
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Analyze(%q) = %+v, want %+v", text, got, want)
		}
	}
}

func TestAnalyzeStance(t *testing.T) {
	tests := []struct {
		name  string
		story *Story
		want  []string // side ids
	}{
		{"nil story", nil, nil},
		{"seed story", seedStory(t), []string{"afghanistan", "pakistan"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := NewAnalyzer(tt.story).Analyze("Pakistan must protect its people.").Stance
			var got []string
			for id := range st.Sides {
				got = append(got, id)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) || st.Evidence == nil {
				t.Errorf("stance = %+v, want sides %v and non-nil evidence", st, tt.want)
			}
		})
	}
}

func TestAnalyzeJSON(t *testing.T) {
	b, err := json.Marshal(NewAnalyzer(nil).Analyze(""))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"sentiment":{"label":"neutral","score":0,"confidence":0},"stance":{"label":"none","sides":{},"evidence":[]},"flags":[],"lang":"und"}`
	if string(b) != want {
		t.Errorf("JSON:\n got %s\nwant %s", b, want)
	}
}

func TestAnalyzeSentences(t *testing.T) {
	a := NewAnalyzer(nil)
	text := "  Mr. Tarar said the talks failed.\nIt was “illogical and detached.” Turkey’s help was great!  "
	want := []string{"Mr. Tarar said the talks failed.", "It was “illogical and detached.”", "Turkey’s help was great!"}
	wantLabels := []string{Negative, Negative, Positive}
	got := a.Analyze(text).Sentiment.Sentences
	if len(got) != len(want) {
		t.Fatalf("got %d sentences %+v, want %d", len(got), got, len(want))
	}
	for i, s := range got {
		if text[s.Start:s.End] != want[i] {
			t.Errorf("sentence %d = %q, want %q", i, text[s.Start:s.End], want[i])
		}
		if labelOf(s.Score) != wantLabels[i] {
			t.Errorf("sentence %d score %.4f, want %s", i, s.Score, wantLabels[i])
		}
	}
}

func TestAnalyzeSentenceScores(t *testing.T) {
	a := NewAnalyzer(nil)
	text := "Wonderful. The delegation met again on Tuesday in Istanbul. The talks collapsed."
	s := a.Analyze(text).Sentiment
	if len(s.Sentences) != 3 {
		t.Fatalf("sentences = %+v", s.Sentences)
	}
	// A sentence's score is the model on that sentence alone.
	for _, sen := range s.Sentences {
		if want := round4(a.polarity(text[sen.Start:sen.End])); sen.Score != want {
			t.Errorf("sentence %q score %.4f, want polarity %.4f", text[sen.Start:sen.End], sen.Score, want)
		}
	}
	if !(s.Sentences[0].Score > 0 && s.Sentences[2].Score < 0) {
		t.Errorf("sentence scores %+v: want positive first, negative last", s.Sentences)
	}
}

func TestAnalyzeDrivers(t *testing.T) {
	a := NewAnalyzer(nil)
	// The first drivers, in order, with their sign. (The old expectations
	// were VADER's lexicon valences; drivers are now the model's logit
	// contributions, so only their order and sign are stable.)
	tests := []struct {
		text string
		want []string // "+word" or "-word"
	}{
		{"The food is not good.", []string{"-not good"}},
		{"Kabul isn’t serious about peace.", []string{"-not peace"}},
		{"The plan was good, but the execution was awful.", []string{"-awful", "+good"}},
		{"The talks reached an impasse.", []string{"-impasse"}},
		{"Patronage of terrorists is unacceptable.", []string{"-patronage of terrorists", "-unacceptable"}},
		{"The meeting was constructive and fruitful.", []string{"+fruitful", "+constructive"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := a.Analyze(tt.text).Sentiment.Drivers
			if len(got) < len(tt.want) {
				t.Fatalf("drivers = %+v, want at least %v", got, tt.want)
			}
			for i, w := range tt.want {
				sign := "+"
				if got[i].Weight < 0 {
					sign = "-"
				}
				if sign+got[i].Text != w {
					t.Errorf("driver %d = %+v, want %s (all: %+v)", i, got[i], w, got)
				}
			}
		})
	}
	// A sentence without sentiment words has only light drivers.
	for _, d := range a.Analyze("The delegation met on Tuesday.").Sentiment.Drivers {
		if abs(d.Weight) > 1 {
			t.Errorf("neutral sentence driver %+v", d)
		}
	}

	// Many lexicon words: the five heaviest, by decreasing weight.
	got := a.Analyze("Terrible, awful, horrible, bad, sad, ugly, nice, kind.").Sentiment.Drivers
	if len(got) != maxDrivers {
		t.Fatalf("got %d drivers %+v, want %d", len(got), got, maxDrivers)
	}
	for i := 1; i < len(got); i++ {
		if abs(got[i].Weight) > abs(got[i-1].Weight) {
			t.Errorf("drivers not sorted by weight: %+v", got)
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestAnalyzeConfidence(t *testing.T) {
	a := NewAnalyzer(nil)
	conf := func(text string) float64 { return a.Analyze(text).Sentiment.Confidence }
	agree := conf("The talks were a disaster. The outcome was terrible.")
	mixed := conf("The talks were a disaster. The hosts were wonderful and kind.")
	weak := conf("The talks were slightly disappointing in places for some of the delegates.")
	if !(agree > mixed) {
		t.Errorf("agreeing text %.4f should be more confident than mixed text %.4f", agree, mixed)
	}
	if !(agree > weak) {
		t.Errorf("strong text %.4f should be more confident than weak text %.4f", agree, weak)
	}
	if got := conf("El acuerdo fue un desastre para todos los países."); got != 0 {
		t.Errorf("non-English confidence = %.4f, want 0", got)
	}
}

func TestDetectLang(t *testing.T) {
	tests := []struct{ text, want string }{
		{"", "und"},
		{"12345 !!!", "und"},
		{"😀😀", "und"},
		{"Great!", "en"},
		{"Kabul clearly isn't serious about peace.", "en"},
		{"Это ужасно плохо, переговоры провалились.", "und"},
		{"مذاکرات ناکام شد", "fa"},
		{"مذاکرات ناکام ہو گئے اور دونوں طرف سے الزامات", "ur"},
		{"خبرې اترې ناکامې شوې، ټول ګوتې نیسي", "ps"},
		{"yaar ye talks bilkul bakwas hain, koi faida nahi", "ur+en"},
		{"Both sides need to talk, warna jang hi hogi aur sab kuch khatam", "en+ur"},
		{"The talks failed again, bhai.", "en"},
		{"El acuerdo fue un desastre para todos los países.", "und"},
		{"Pakistan must protect its people.", "en"},
	}
	for _, tt := range tests {
		if got := detectLang(tt.text); got != tt.want {
			t.Errorf("detectLang(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// seedTexts returns the body of every seed article.
func seedTexts(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("..", "testdata", "seeds", "*.txt"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no seed files: %v", err)
	}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// seedComments returns the reader comments at the end of the seed articles:
// after a "N Comments" line, author and text lines alternate.
func seedComments(tb testing.TB) []string {
	tb.Helper()
	header := regexp.MustCompile(`(?m)^\d+ Comments\n`)
	var out []string
	for _, text := range seedTexts(tb) {
		loc := header.FindStringIndex(text)
		if loc == nil {
			continue
		}
		lines := strings.Split(strings.TrimSpace(text[loc[1]:]), "\n")
		for i := 1; i < len(lines); i += 2 {
			out = append(out, lines[i])
		}
	}
	if len(out) == 0 {
		tb.Fatal("no seed comments")
	}
	return out
}

func TestSeedComments(t *testing.T) {
	a := NewAnalyzer(seedStory(t))
	comments := seedComments(t)
	if len(comments) != 5 {
		t.Fatalf("found %d seed comments, want 5", len(comments))
	}
	for _, c := range comments {
		got := a.Analyze(c)
		checkAnalysis(t, c, got)
		if got.Lang != "en" {
			t.Errorf("Analyze(%q).Lang = %q, want en", c, got.Lang)
		}
	}
}

func TestAnalyzeConcurrent(t *testing.T) {
	a := NewAnalyzer(seedStory(t))
	texts := append(seedTexts(t), seedComments(t)...)
	want := make([]Analysis, len(texts))
	for i, text := range texts {
		want[i] = a.Analyze(text)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(texts))
	for range 8 {
		wg.Go(func() {
			for i, text := range texts {
				if got := a.Analyze(text); !reflect.DeepEqual(got, want[i]) {
					errs <- texts[i][:min(40, len(texts[i]))]
				}
			}
		})
	}
	// Another analyzer on the same shared lexicon, at the same time.
	wg.Go(func() {
		b := NewAnalyzer(nil)
		for _, text := range texts {
			b.Analyze(text)
		}
	})
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("concurrent Analyze differs for %q...", e)
	}
}

var langCode = regexp.MustCompile(`^(en|ur|ps|fa|ar|und)(\+(en|ur|ps))?$`)

// checkAnalysis checks the invariants every Analysis must hold.
func checkAnalysis(t *testing.T, text string, got Analysis) {
	t.Helper()
	s := got.Sentiment
	if !(s.Score >= -1 && s.Score <= 1) {
		t.Errorf("Analyze(%q): score %v outside [-1, 1]", text, s.Score)
	}
	if !(s.Confidence >= 0 && s.Confidence <= 1) {
		t.Errorf("Analyze(%q): confidence %v outside [0, 1]", text, s.Confidence)
	}
	if s.Label != labelOf(s.Score) {
		t.Errorf("Analyze(%q): label %q for score %v", text, s.Label, s.Score)
	}
	prev := 0
	for _, sen := range s.Sentences {
		if sen.Start < prev || sen.End <= sen.Start || sen.End > len(text) {
			t.Fatalf("Analyze(%q): bad sentence span [%d, %d) after %d", text, sen.Start, sen.End, prev)
		}
		if !(sen.Score >= -1 && sen.Score <= 1) {
			t.Errorf("Analyze(%q): sentence score %v outside [-1, 1]", text, sen.Score)
		}
		prev = sen.End
	}
	if len(s.Drivers) > maxDrivers {
		t.Errorf("Analyze(%q): %d drivers", text, len(s.Drivers))
	}
	if got.Flags == nil || got.Stance.Sides == nil || got.Stance.Evidence == nil {
		t.Errorf("Analyze(%q): nil flags, sides or evidence: %+v", text, got)
	}
	if !langCode.MatchString(got.Lang) {
		t.Errorf("Analyze(%q): lang %q", text, got.Lang)
	}
}

// TestAnalyzeOnePass checks that Analyze, which takes stance and flags from
// one tokenizer pass (stanceFlags), gives what the two steps give apart:
// the rules' flags, else the flag model's of the sentiment pass.
func TestAnalyzeOnePass(t *testing.T) {
	a := NewAnalyzer(seedStory(t))
	for _, text := range append(labelledTexts(t), seedComments(t)...) {
		got := a.Analyze(text)
		if st := a.stance(text); !reflect.DeepEqual(got.Stance, st) {
			t.Errorf("%q: stance %+v, alone %+v", text, got.Stance, st)
		}
		fl := a.flags(text)
		if len(fl) == 0 {
			_, fs := a.sentimentOf(text)
			if f, ok := fs.flag(text); ok {
				fl = append(fl, f)
			}
		}
		if !reflect.DeepEqual(got.Flags, fl) {
			t.Errorf("%q: flags %+v, alone %+v", text, got.Flags, fl)
		}
	}
}

// TestSocialPolarity checks that strong lexical sentiment in social-media
// style (emoticons, emoji, capitals, "!!!") keeps its sign with the
// built-in model, in both directions, and that news phrases do too.
func TestSocialPolarity(t *testing.T) {
	a := NewAnalyzer(nil)
	tests := []struct {
		text string
		want string
	}{
		{"I LOVE this so much!!! :D", Positive},
		{"best day ever :) :)", Positive},
		{"omg this is amazing 😍😍", Positive},
		{"Happy birthday!! Have a great day", Positive},
		{"I like this song", Positive},
		{"This is terrible!!!", Negative},
		{"I hate this!!!", Negative},
		{"worst service ever :(", Negative},
		{"so sad :( :(", Negative},
		{"They are now in open war.", Negative},
		{"Calling it open war is reckless.", Negative},
	}
	for _, tt := range tests {
		s := a.Analyze(tt.text).Sentiment
		// The label, and the sign under the VADER paper's scoring
		// (neutral within ±0.05).
		if s.Label != tt.want || SignLabel(s.Score, 0.05) != tt.want {
			t.Errorf("Analyze(%q) = %s (%.4f), want %s", tt.text, s.Label, s.Score, tt.want)
		}
	}
}

// TestPolarityAllocs checks that polarity, called per clause, allocates
// nothing for lower-case ASCII text.
func TestPolarityAllocs(t *testing.T) {
	a := NewAnalyzer(seedStory(t))
	a.polarity("warm up")
	n := testing.AllocsPerRun(100, func() { a.polarity("the talks failed again, but both sides will return next week") })
	if n > 0 {
		t.Errorf("polarity allocates %.1f times per call", n)
	}
}
