package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/tonedesk/tonedesk/dashboard/ingest"
	"github.com/tonedesk/tonedesk/sentiment"
)

// Quote extraction measured against hand-written gold files.
//
// testdata/quotes/seeds.gold.jsonl lists every quote of the five seed
// articles, written by reading them; testdata/quotes/other.gold.jsonl does
// the same for articles about other disputes (testdata/quotes/other/), each
// with its own story file, written before the extractor was run on them.
//
// A predicted quote matches a gold quote of the same file when their texts
// are equal after normalising (case, white space, quotation marks and
// apostrophes dropped, end punctuation trimmed), or when their longest
// common substring covers at least 80% of the longer one. Matching is one to
// one, in text order. Over matched quotes:
//   - the speaker is right when, normalised (case, punctuation, a leading
//     "the"/"a"/"an" dropped), the gold speaker equals the predicted one or
//     either holds the other as whole words ("ISPR" and "the ISPR";
//     "Khawaja Asif" and "Pakistan's Defence Minister Khawaja Asif");
//   - the side is right when it is the same id ("unknown" included);
//   - the via is logged, not asserted (the gold file gives it too).

type goldQuote struct {
	File    string `json:"file"`
	Story   string `json:"story"`
	Text    string `json:"text"`
	Speaker string `json:"speaker"`
	Side    string `json:"side"`
	Via     string `json:"via"`
}

type quoteScore struct {
	gold, predicted, matched int
	speaker, side, via       int
}

func (s quoteScore) precision() float64 { return ratio(s.matched, s.predicted) }
func (s quoteScore) recall() float64    { return ratio(s.matched, s.gold) }
func (s quoteScore) speakerAcc() float64 {
	return ratio(s.speaker, s.matched)
}
func (s quoteScore) sideAcc() float64 { return ratio(s.side, s.matched) }
func (s quoteScore) viaAcc() float64  { return ratio(s.via, s.matched) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func readGold(t *testing.T, path string) []goldQuote {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []goldQuote
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var g goldQuote
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// articleBody parses an article file as `tonedesk import` does and returns
// its body, the text quote offsets refer to.
func articleBody(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := ingest.Parse(path, f, "", ingest.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Articles) != 1 {
		t.Fatalf("%s: %d articles, want 1", path, len(b.Articles))
	}
	return b.Articles[0].Body
}

// normQuote normalises a quote text for comparison.
func normQuote(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case strings.ContainsRune("\"“”„«»‘’'‚‛", r):
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimFunc(b.String(), func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
}

// longestCommon returns the length in runes of the longest common substring
// of a and b.
func longestCommon(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	best := 0
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			if ra[i-1] == rb[j-1] {
				cur[j] = prev[j-1] + 1
				best = max(best, cur[j])
			} else {
				cur[j] = 0
			}
		}
		prev, cur = cur, prev
	}
	return best
}

// quotesMatch reports whether a predicted quote text matches a gold one.
func quotesMatch(gold, pred string) bool {
	g, p := normQuote(gold), normQuote(pred)
	if g == p {
		return true
	}
	n := max(len([]rune(g)), len([]rune(p)))
	return n > 0 && float64(longestCommon(g, p)) >= 0.8*float64(n)
}

// normSpeaker normalises a speaker for comparison: lower case, words only,
// without a leading article.
func normSpeaker(s string) string {
	s = strings.ReplaceAll(strings.ToLower(s), "’", "'")
	s = strings.ReplaceAll(s, "'s ", " ")
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for len(words) > 0 && (words[0] == "the" || words[0] == "a" || words[0] == "an") {
		words = words[1:]
	}
	return " " + strings.Join(words, " ") + " "
}

// speakersMatch reports whether the predicted speaker names the gold one.
func speakersMatch(gold, pred string) bool {
	g, p := normSpeaker(gold), normSpeaker(pred)
	if strings.TrimSpace(g) == "" || strings.TrimSpace(p) == "" {
		return strings.TrimSpace(g) == strings.TrimSpace(p)
	}
	return strings.Contains(g, p) || strings.Contains(p, g)
}

// scoreFile compares the quotes extracted from one article with its gold.
func scoreFile(t *testing.T, name string, got []sentiment.Quote, gold []goldQuote) quoteScore {
	t.Helper()
	s := quoteScore{gold: len(gold), predicted: len(got)}
	used := make([]bool, len(got))
	for _, g := range gold {
		m := -1
		for i, q := range got {
			if !used[i] && normQuote(q.Text) == normQuote(g.Text) {
				m = i
				break
			}
		}
		if m < 0 {
			for i, q := range got {
				if !used[i] && quotesMatch(g.Text, q.Text) {
					m = i
					break
				}
			}
		}
		if m < 0 {
			t.Logf("%s: missed %q (%s, %s)", name, g.Text, g.Speaker, g.Side)
			continue
		}
		used[m] = true
		q := got[m]
		s.matched++
		if speakersMatch(g.Speaker, q.Speaker) {
			s.speaker++
		} else {
			t.Logf("%s: %q: speaker %q, want %q", name, g.Text, q.Speaker, g.Speaker)
		}
		if q.Side == g.Side {
			s.side++
		} else {
			t.Logf("%s: %q: side %q (speaker %q), want %q", name, g.Text, q.Side, q.Speaker, g.Side)
		}
		if q.Via == g.Via || g.Via != "" && speakersMatch(g.Via, q.Via) {
			s.via++
		} else {
			t.Logf("%s: %q: via %q, want %q", name, g.Text, q.Via, g.Via)
		}
	}
	for i, q := range got {
		if !used[i] {
			t.Logf("%s: extra %q (%s, %s)", name, q.Text, q.Speaker, q.Side)
		}
	}
	return s
}

func (s quoteScore) add(o quoteScore) quoteScore {
	return quoteScore{s.gold + o.gold, s.predicted + o.predicted, s.matched + o.matched,
		s.speaker + o.speaker, s.side + o.side, s.via + o.via}
}

// scoreGold extracts the quotes of every article of a gold file and scores
// them. storyFor gives the story file of an article.
func scoreGold(t *testing.T, gold []goldQuote, dir string, storyFor func(goldQuote) string) quoteScore {
	t.Helper()
	var files []string
	byFile := map[string][]goldQuote{}
	for _, g := range gold {
		if _, ok := byFile[g.File]; !ok {
			files = append(files, g.File)
		}
		byFile[g.File] = append(byFile[g.File], g)
	}
	// Articles without any quote in the gold still count for precision.
	all, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range all {
		if _, ok := byFile[filepath.Base(p)]; !ok {
			files = append(files, filepath.Base(p))
		}
	}
	stories := map[string]*sentiment.Story{}
	var total quoteScore
	for _, name := range files {
		gs := byFile[name]
		storyPath := storyFor(goldQuote{File: name})
		if len(gs) > 0 {
			storyPath = storyFor(gs[0])
		}
		st, ok := stories[storyPath]
		if !ok {
			st, err = sentiment.LoadStory(storyPath)
			if err != nil {
				t.Fatal(err)
			}
			stories[storyPath] = st
		}
		body := articleBody(t, filepath.Join(dir, name))
		got := sentiment.ExtractQuotes(st, body)
		for _, q := range got {
			if body[q.Start:q.End] != q.Text {
				t.Errorf("%s: quote %q: Text is not body[%d:%d]", name, q.Text, q.Start, q.End)
			}
		}
		s := scoreFile(t, name, got, gs)
		t.Logf("%s: gold %d, predicted %d, matched %d, speaker %d, side %d", name, s.gold, s.predicted, s.matched, s.speaker, s.side)
		total = total.add(s)
	}
	return total
}

func reportQuotes(t *testing.T, what string, s quoteScore, minPR, minSpeaker, minSide float64) {
	t.Helper()
	t.Logf("%s: %d gold, %d predicted, %d matched: precision %.3f, recall %.3f, speaker accuracy %.3f, side accuracy %.3f, via accuracy %.3f",
		what, s.gold, s.predicted, s.matched, s.precision(), s.recall(), s.speakerAcc(), s.sideAcc(), s.viaAcc())
	if s.precision() < minPR || s.recall() < minPR {
		t.Errorf("%s: quote precision %.3f, recall %.3f, want both >= %.2f", what, s.precision(), s.recall(), minPR)
	}
	if s.speakerAcc() < minSpeaker {
		t.Errorf("%s: speaker accuracy %.3f, want >= %.2f", what, s.speakerAcc(), minSpeaker)
	}
	if s.sideAcc() < minSide {
		t.Errorf("%s: side accuracy %.3f, want >= %.2f", what, s.sideAcc(), minSide)
	}
}

// TestQuotesAgainstGold scores quote extraction and attribution on the
// seeds (issue 4: precision and recall >= 0.95, side >= 0.95, speaker >=
// 0.90) and on the other-dispute articles (precision and recall >= 0.90,
// side >= 0.85, the bar for held-out articles).
func TestQuotesAgainstGold(t *testing.T) {
	t.Run("seeds", func(t *testing.T) {
		gold := readGold(t, "../../testdata/quotes/seeds.gold.jsonl")
		s := scoreGold(t, gold, "../../testdata/seeds", func(goldQuote) string { return storyFile })
		reportQuotes(t, "seeds", s, 0.95, 0.90, 0.95)
	})
	t.Run("other", func(t *testing.T) {
		gold := readGold(t, "../../testdata/quotes/other.gold.jsonl")
		dir := "../../testdata/quotes/other"
		storyOf := map[string]string{}
		for _, g := range gold {
			storyOf[g.File] = filepath.Join(dir, g.Story)
		}
		s := scoreGold(t, gold, dir, func(g goldQuote) string {
			if p, ok := storyOf[g.File]; ok {
				return p
			}
			t.Fatalf("%s: no story file: give it a gold line", g.File)
			return ""
		})
		reportQuotes(t, "other disputes", s, 0.90, 0.0, 0.85)
	})
}

// TestQuoteMatching checks the gold comparison rules themselves.
func TestQuoteMatching(t *testing.T) {
	for _, c := range []struct {
		gold, pred string
		want       bool
	}{
		{"open war", "open war.", true},
		{"clear, evidence-based, and solution-oriented", "clear, evidence-based, and solution-oriented,", true},
		{"Not this week, not next week. Not until they respect us.", "Not this week, not next week.\n\n\"Not until they respect us.", true},
		{"I’ll get that solved", "I'll get that solved", true},
		{"open war", "patience has run its course", false},
		{"concrete and verifiable steps to eliminate cross-border terrorism", "concrete and verifiable", false},
	} {
		if got := quotesMatch(c.gold, c.pred); got != c.want {
			t.Errorf("quotesMatch(%q, %q) = %v, want %v", c.gold, c.pred, got, c.want)
		}
	}
	for _, c := range []struct {
		gold, pred string
		want       bool
	}{
		{"the ISPR", "ISPR", true},
		{"Khawaja Asif", "Pakistan’s Defence Minister Khawaja Asif", true},
		{"Official sources in Islamabad", "Islamabad", true},
		{"Attaullah Tarar", "Minister Tarar", false},
		{"sources", "", false},
		{"Afghan state media", "Pakistani officials", false},
	} {
		if got := speakersMatch(c.gold, c.pred); got != c.want {
			t.Errorf("speakersMatch(%q, %q) = %v, want %v", c.gold, c.pred, got, c.want)
		}
	}
}

// TestAnalyzePrintsQuotes checks the DESIGN.md contract of the quote lines
// of `tonedesk analyze`.
func TestAnalyzePrintsQuotes(t *testing.T) {
	out, stderr, err := runCmd(t, "", "analyze", "--story", storyFile, "../../testdata/seeds/003_fad8165bace0e45a.txt")
	if err != nil {
		t.Fatalf("analyze: %v\n%s", err, stderr)
	}
	n := 0
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not JSON: %q", l)
		}
		if m["kind"] != "quote" {
			continue
		}
		n++
		if got, want := keys(m), "article,end,kind,sentiment,side,speaker,stance,start,text,via"; got != want {
			t.Fatalf("quote keys = %s, want %s", got, want)
		}
		if m["text"] == "" || m["start"].(float64) >= m["end"].(float64) {
			t.Errorf("bad quote span: %v", m)
		}
		if s := m["side"].(string); s != "unknown" && s != "pakistan" && s != "afghanistan" && s != "mediators" && s != "us" {
			t.Errorf("quote %q: side %q is no group of the story", m["text"], s)
		}
		if m["sentiment"].(map[string]any)["label"] == "" {
			t.Errorf("quote %q was not scored", m["text"])
		}
	}
	if n != 17 {
		t.Errorf("%d quote lines, want the 17 of the gold file", n)
	}
}

// TestImportStoresQuotes checks that `tonedesk import` stores each article's
// quotes, attributed and scored.
func TestImportStoresQuotes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "td.db")
	args := append([]string{"import", "--db", db, "--story", storyFile}, seedFiles(t)...)
	out, stderr, err := runCmd(t, "", args...)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "48 quotes") {
		t.Errorf("summary = %q, want 48 quotes", out)
	}
	arts, err := openStore(t, db).Articles(t.Context(), storyID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range arts {
		for _, q := range a.Quotes {
			n++
			if a.Body[q.Start:q.End] != q.Text || q.Side == "" || q.Analysis.Sentiment.Label == "" {
				t.Errorf("stored quote %+v", q)
			}
		}
	}
	if n != 48 {
		t.Errorf("%d stored quotes, want 48", n)
	}
}
