package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/sentiment"
)

// storyWithAlias writes a copy of the seed story file that also names
// "sources" as Pakistan: the seed quote whose speaker is "sources" moves
// from unknown to pakistan.
func storyWithAlias(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(storyFile)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), `"Shehbaz Sharif", `, `"Shehbaz Sharif", "sources", `, 1)
	if s == string(data) {
		t.Fatal("story file changed: no Shehbaz Sharif alias to add next to")
	}
	path := filepath.Join(t.TempDir(), "story.toml")
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// importSeeds imports the seeds with the seed story file into a new SQLite
// database and returns its path.
func importSeeds(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "td.db")
	args := append([]string{"import", "--db", db, "--story", storyFile}, seedFiles(t)...)
	if _, stderr, err := runCmd(t, "", args...); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	return db
}

// sourcesQuote returns the side of the seed quote spoken by "sources".
func sourcesQuoteSide(t *testing.T, db string) string {
	t.Helper()
	st := openStore(t, db)
	arts, err := st.Articles(context.Background(), storyID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		for _, q := range a.Quotes {
			if q.Speaker == "sources" {
				return q.Side
			}
		}
	}
	t.Fatal(`no quote spoken by "sources"`)
	return ""
}

func TestRescoreStoryChange(t *testing.T) {
	db := importSeeds(t)
	if side := sourcesQuoteSide(t, db); side != dashboard.UnknownSide {
		t.Fatalf(`"sources" quote side after import = %q, want unknown`, side)
	}
	// Same analyzer: nothing to do.
	out, stderr, err := runCmd(t, "", "rescore", "--db", db, "--story", storyFile)
	if err != nil {
		t.Fatalf("rescore: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "nothing to rescore") {
		t.Errorf("rescore with the import's analyzer: %q", out)
	}

	story2 := storyWithAlias(t)
	out, stderr, err = runCmd(t, "", "rescore", "--db", db, "--story", story2, "--dry-run")
	if err != nil {
		t.Fatalf("dry run: %v\n%s", err, stderr)
	}
	for _, want := range []string{"would rescore 5 articles (48 → 48 quotes), 5 comments in 1 batch;", "1 quote side", "dry run: nothing written"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output %q lacks %q", out, want)
		}
	}
	if side := sourcesQuoteSide(t, db); side != dashboard.UnknownSide {
		t.Errorf("dry run wrote: side = %q", side)
	}

	out, stderr, err = runCmd(t, "", "rescore", "--db", db, "--story", story2, "--batch", "4")
	if err != nil {
		t.Fatalf("rescore: %v\n%s", err, stderr)
	}
	for _, want := range []string{"rescored 5 articles (48 → 48 quotes), 5 comments in 3 batches;", "1 quote side", "; 0 left"} {
		if !strings.Contains(out, want) {
			t.Errorf("rescore output %q lacks %q", out, want)
		}
	}
	if side := sourcesQuoteSide(t, db); side != "pakistan" {
		t.Errorf(`"sources" quote side after rescore = %q, want pakistan`, side)
	}
	st := openStore(t, db)
	s, err := st.Story(context.Background(), storyID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.Spec, `"sources"`) {
		t.Error("stored story spec is not the new story file")
	}
	sum, err := st.Summary(context.Background(), storyID, dashboard.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Articles != 5 || sum.Comments != 5 || sum.Quotes != 48 || !sum.Stale.IsZero() {
		t.Errorf("summary after rescore: %d articles, %d comments, %d quotes, stale %+v", sum.Articles, sum.Comments, sum.Quotes, sum.Stale)
	}

	// Again: nothing.
	out, stderr, err = runCmd(t, "", "rescore", "--db", db, "--story", story2)
	if err != nil {
		t.Fatalf("second rescore: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "nothing to rescore") {
		t.Errorf("second rescore: %q", out)
	}
}

func TestRescoreResumes(t *testing.T) {
	db := importSeeds(t)
	story2 := storyWithAlias(t)

	// A rescore stopped after its first batch of 3 items.
	var c config
	c.StoryFile = story2
	an, story, _, err := c.analyzer()
	if err != nil {
		t.Fatal(err)
	}
	fp, err := analyzerFingerprint(an, story)
	if err != nil {
		t.Fatal(err)
	}
	st := openStore(t, db)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := rescoreRun{st: st, an: an, story: story, analyzer: fp, batch: 3, onBatch: func(rescoreTotals) { cancel() }}
	tot, err := r.run(ctx)
	if err == nil || ctx.Err() == nil {
		t.Fatalf("run = %v, want it stopped", err)
	}
	if tot.Batches != 1 || tot.Articles != 3 || tot.Comments != 0 {
		t.Errorf("stopped run did %+v, want 1 batch of 3 articles", tot)
	}
	left, err := st.Stale(context.Background(), storyID, fp)
	if err != nil {
		t.Fatal(err)
	}
	if left.Articles != 2 || left.Comments != 5 {
		t.Errorf("left after one batch: %+v, want 2 articles and 5 comments", left)
	}

	// Running it again does the rest only.
	out, stderr, err := runCmd(t, "", "rescore", "--db", db, "--story", story2, "--batch", "3")
	if err != nil {
		t.Fatalf("rescore: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "rescored 2 articles") || !strings.Contains(out, "5 comments in 3 batches") || !strings.Contains(out, "0 left") {
		t.Errorf("resumed rescore: %q", out)
	}
}

func TestRescoreUnknownStory(t *testing.T) {
	db := importSeeds(t)
	other := filepath.Join(t.TempDir(), "other.toml")
	data, err := os.ReadFile(storyFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, []byte(strings.Replace(string(data), `id = "istanbul-talks-2025"`, `id = "other-story"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = runCmd(t, "", "rescore", "--db", db, "--story", other)
	if err == nil {
		t.Fatal("rescore of a story not in the database succeeded")
	}
	for _, want := range []string{`"other-story"`, "not in the database", "istanbul-talks-2025"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if _, _, err := runCmd(t, "", "rescore", "--db", db, "--story", storyFile, "--batch", "0"); exitCode(err) != 2 {
		t.Errorf("--batch 0: exit %d (%v), want 2", exitCode(err), err)
	}
}

func TestQuoteChanges(t *testing.T) {
	q := func(start int, side, label string) dashboard.Quote {
		return dashboard.Quote{Start: start, End: start + 5, Side: side,
			Analysis: sentiment.Analysis{Sentiment: sentiment.Sentiment{Label: label}}}
	}
	old := []dashboard.Quote{q(0, "a", "positive"), q(10, "b", "negative"), q(20, "b", "neutral")}
	new := []dashboard.Quote{q(0, "a", "negative"), q(10, "a", "negative"), q(30, "a", "neutral")}
	got := quoteChanges(old, new)
	want := labelChanges{Sentiment: 1, Side: 1, Added: 1, Removed: 1}
	if got != want {
		t.Errorf("quoteChanges = %+v, want %+v", got, want)
	}
}

func TestAnalyzerFingerprint(t *testing.T) {
	fp := func(path string) string {
		t.Helper()
		c := config{StoryFile: path}
		an, story, _, err := c.analyzer()
		if err != nil {
			t.Fatal(err)
		}
		s, err := analyzerFingerprint(an, story)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b := fp(storyFile), fp(storyFile)
	if a != b || !strings.HasPrefix(a, "a1-") {
		t.Errorf("fingerprints %q, %q: want equal, a1-...", a, b)
	}
	if c := fp(storyWithAlias(t)); c == a {
		t.Error("a new alias does not change the fingerprint")
	}

	// Another stance model is another analyzer, even where the probes
	// would not show it.
	c := config{StoryFile: storyFile}
	_, story, _, err := c.analyzer()
	if err != nil {
		t.Fatal(err)
	}
	b2, err := json.Marshal(sentiment.DefaultStanceModel())
	if err != nil {
		t.Fatal(err)
	}
	var m sentiment.StanceModel
	if err := json.Unmarshal(b2, &m); err != nil {
		t.Fatal(err)
	}
	m.Bias[0] += 1e-9
	s, err := analyzerFingerprint(sentiment.NewAnalyzer(story, sentiment.WithStanceModel(&m)), story)
	if err != nil {
		t.Fatal(err)
	}
	if s == a {
		t.Error("another stance model does not change the fingerprint")
	}
}
