package store

import (
	"errors"
	"testing"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/sentiment"
)

// importWith imports sampleBatch into story "s" as written by analyzer.
func importWith(t *testing.T, db *DB, analyzer string) {
	t.Helper()
	putStory(t, db, "s")
	b := sampleBatch()
	b.Analyzer = analyzer
	if _, err := db.Import(t.Context(), "s", b); err != nil {
		t.Fatal(err)
	}
}

// staleBatch fetches the stale items of story "s" for analyzer, at most
// limit of each, and gives them new analyses: every score +0.1 and the
// articles' quotes replaced by newQuotes (when not nil).
func staleBatch(t *testing.T, db *DB, analyzer string, limit int, newQuotes func(a dashboard.Article) []dashboard.Quote) dashboard.Rescore {
	t.Helper()
	ctx := t.Context()
	arts, err := db.StaleArticles(ctx, "s", analyzer, 0, limit)
	if err != nil {
		t.Fatal(err)
	}
	comments, err := db.StaleComments(ctx, "s", analyzer, 0, limit)
	if err != nil {
		t.Fatal(err)
	}
	r := dashboard.Rescore{Analyzer: analyzer}
	for _, a := range arts {
		a.Analysis = tone(a.Analysis.Sentiment.Score + 0.1)
		if newQuotes != nil {
			a.Quotes = newQuotes(a)
		}
		r.Articles = append(r.Articles, a)
	}
	for _, c := range comments {
		c.Analysis = tone(c.Analysis.Sentiment.Score + 0.1)
		r.Comments = append(r.Comments, c)
	}
	return r
}

func TestStaleAfterImport(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		importWith(t, db, "v1")
		st, err := db.Story(ctx, "s")
		if err != nil {
			t.Fatal(err)
		}
		if st.Analyzer != "v1" {
			t.Errorf("story analyzer = %q, want v1", st.Analyzer)
		}
		// PutStory without an analyzer keeps it.
		putStory(t, db, "s")
		if st, _ := db.Story(ctx, "s"); st.Analyzer != "v1" {
			t.Errorf("story analyzer after PutStory = %q, want v1", st.Analyzer)
		}
		for _, tc := range []struct {
			analyzer string
			want     dashboard.Staleness
		}{
			{"v1", dashboard.Staleness{}},
			{"v2", dashboard.Staleness{Articles: 2, Quotes: 3, Comments: 5}},
		} {
			got, err := db.Stale(ctx, "s", tc.analyzer)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("Stale(%s) = %+v, want %+v", tc.analyzer, got, tc.want)
			}
		}
		sum, err := db.Summary(ctx, "s", dashboard.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if !sum.Stale.IsZero() {
			t.Errorf("summary stale = %+v, want zero", sum.Stale)
		}
		if _, err := db.Stale(ctx, "nope", "v1"); !errors.Is(err, dashboard.ErrNotFound) {
			t.Errorf("Stale of a missing story: %v, want ErrNotFound", err)
		}
	})
}

func TestRescoreBatch(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		importWith(t, db, "v1")
		before, err := db.Articles(ctx, "s")
		if err != nil {
			t.Fatal(err)
		}
		keptID := before[0].Quotes[0].ID // a1's "talks failed"

		// a1 keeps its first quote (re-attributed), loses the second and
		// gains one; a2 keeps its quote.
		r := staleBatch(t, db, "v2", 100, func(a dashboard.Article) []dashboard.Quote {
			if a.ExternalID != "a1" {
				return a.Quotes
			}
			q0 := a.Quotes[0]
			q0.Side, q0.Analysis = "afghanistan", tone(-0.9)
			return []dashboard.Quote{q0, {Start: 0, End: 8, Text: "Minister", Speaker: "x", Side: "pakistan", Analysis: tone(0.2)}}
		})
		res, err := db.Rescore(ctx, "s", r)
		if err != nil {
			t.Fatal(err)
		}
		want := dashboard.RescoreResult{Articles: 2, Comments: 5, QuotesBefore: 3, QuotesAfter: 3}
		if res != want {
			t.Errorf("result = %+v, want %+v", res, want)
		}
		if got, err := db.Stale(ctx, "s", "v2"); err != nil || !got.IsZero() {
			t.Errorf("stale after rescore = %+v, %v; want none", got, err)
		}
		if st, _ := db.Story(ctx, "s"); st.Analyzer != "v2" {
			t.Errorf("story analyzer = %q, want v2", st.Analyzer)
		}

		a1, err := db.Article(ctx, "s", before[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if !near(a1.Analysis.Sentiment.Score, -0.1) {
			t.Errorf("a1 score = %v, want -0.1", a1.Analysis.Sentiment.Score)
		}
		if len(a1.Quotes) != 2 {
			t.Fatalf("a1 quotes = %+v, want 2", a1.Quotes)
		}
		if q := a1.Quotes[0]; q.Start != 0 || q.Text != "Minister" {
			t.Errorf("a1 quote 0 = %+v, want the new [0:8]", q)
		}
		if q := a1.Quotes[1]; q.ID != keptID || q.Side != "afghanistan" || !near(q.Analysis.Sentiment.Score, -0.9) {
			t.Errorf("a1 quote 1 = %+v, want id %d re-attributed to afghanistan at -0.9", q, keptID)
		}
		for _, c := range a1.Comments {
			if c.ExternalID == "c1" && !near(c.Analysis.Sentiment.Score, -0.3) {
				t.Errorf("c1 score = %v, want -0.3", c.Analysis.Sentiment.Score)
			}
		}

		// The summary reads the new rows.
		sum, err := db.Summary(ctx, "s", dashboard.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Quotes != 3 || sum.Comments != 5 {
			t.Errorf("summary: %d quotes, %d comments; want 3 and 5", sum.Quotes, sum.Comments)
		}
		var sides []string
		for _, s := range sum.SideTones {
			sides = append(sides, s.Side)
		}
		if len(sides) != 3 || sides[0] != "afghanistan" || sides[1] != "pakistan" || sides[2] != "unknown" {
			t.Errorf("summary sides = %v", sides)
		}
	})
}

func TestRescoreAllOrNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		importWith(t, db, "v1")
		before, err := db.Articles(ctx, "s")
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name  string
			spoil func(r *dashboard.Rescore)
			want  error
		}{
			{"unknown comment", func(r *dashboard.Rescore) {
				r.Comments = append(r.Comments, dashboard.Comment{ID: 99999, Analysis: tone(0)})
			}, dashboard.ErrNotFound},
			{"article of another story", func(r *dashboard.Rescore) {
				r.Articles = append(r.Articles, dashboard.Article{ID: 99999, Analysis: tone(0)})
			}, dashboard.ErrNotFound},
			{"quote outside the body", func(r *dashboard.Rescore) {
				r.Articles[len(r.Articles)-1].Quotes = []dashboard.Quote{{Start: 0, End: 5000, Text: "x"}}
			}, ErrInvalid},
			{"no analyzer", func(r *dashboard.Rescore) { r.Analyzer = "" }, ErrInvalid},
		} {
			r := staleBatch(t, db, "v2", 100, nil)
			tc.spoil(&r)
			if _, err := db.Rescore(ctx, "s", r); !errors.Is(err, tc.want) {
				t.Errorf("%s: error = %v, want %v", tc.name, err, tc.want)
			}
			if got, _ := db.Stale(ctx, "s", "v2"); got.Articles != 2 || got.Comments != 5 {
				t.Errorf("%s: stale after failed rescore = %+v, want everything", tc.name, got)
			}
			if st, _ := db.Story(ctx, "s"); st.Analyzer != "v1" {
				t.Errorf("%s: story analyzer = %q, want v1 still", tc.name, st.Analyzer)
			}
			after, err := db.Articles(ctx, "s")
			if err != nil {
				t.Fatal(err)
			}
			if len(after) != len(before) || !equalArticles(after[0], before[0]) || !equalArticles(after[1], before[1]) {
				t.Errorf("%s: articles changed by a failed rescore", tc.name)
			}
		}
		if _, err := db.Rescore(ctx, "nope", dashboard.Rescore{Analyzer: "v2"}); !errors.Is(err, dashboard.ErrNotFound) {
			t.Errorf("rescore of a missing story: %v, want ErrNotFound", err)
		}
	})
}

func TestRescoreResume(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		importWith(t, db, "v1")
		// A first batch of one article and two comments, as an interrupted
		// rescore leaves it.
		r := staleBatch(t, db, "v2", 1, nil)
		if len(r.Articles) != 1 || len(r.Comments) != 1 {
			t.Fatalf("first batch: %d articles, %d comments; want 1 and 1", len(r.Articles), len(r.Comments))
		}
		first, firstComment := r.Articles[0].ID, r.Comments[0].ID
		if _, err := db.Rescore(ctx, "s", r); err != nil {
			t.Fatal(err)
		}
		got, err := db.Stale(ctx, "s", "v2")
		if err != nil {
			t.Fatal(err)
		}
		if want := (dashboard.Staleness{Articles: 1, Quotes: 1, Comments: 4}); got != want {
			t.Errorf("stale after one batch = %+v, want %+v", got, want)
		}
		// The summary counts what is stale against the story's analyzer,
		// now v2.
		sum, err := db.Summary(ctx, "s", dashboard.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Stale != got {
			t.Errorf("summary stale = %+v, want %+v", sum.Stale, got)
		}
		sum, err = db.Summary(ctx, "s", dashboard.Filter{Sources: []string{"Reuters"}})
		if err != nil {
			t.Fatal(err)
		}
		if want := (dashboard.Staleness{Articles: 1, Quotes: 1, Comments: 2}); sum.Stale != want {
			t.Errorf("Reuters summary stale = %+v, want %+v", sum.Stale, want)
		}

		// Resuming finds only the rest, in id order.
		arts, err := db.StaleArticles(ctx, "s", "v2", 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(arts) != 1 || arts[0].ID == first || len(arts[0].Quotes) != 1 || arts[0].Body == "" {
			t.Errorf("stale articles = %+v, want the other article with its body and quote", arts)
		}
		comments, err := db.StaleComments(ctx, "s", "v2", 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(comments) != 4 {
			t.Fatalf("stale comments = %d, want 4", len(comments))
		}
		for i, c := range comments {
			if c.ID == firstComment || (i > 0 && c.ID <= comments[i-1].ID) {
				t.Errorf("stale comments not the rest in id order: %+v", comments)
			}
		}
		// after pages on.
		page, err := db.StaleComments(ctx, "s", "v2", comments[1].ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) != 2 || page[0].ID != comments[2].ID {
			t.Errorf("page after %d = %+v, want the last two", comments[1].ID, page)
		}

		// A quote a re-import added with another analyzer makes its
		// article stale.
		if _, err := db.db.ExecContext(ctx, `UPDATE quotes SET analyzer = 'v1' WHERE article_id = $1`, first); err != nil {
			t.Fatal(err)
		}
		arts, err = db.StaleArticles(ctx, "s", "v2", 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(arts) != 2 || arts[0].ID != first {
			t.Errorf("stale articles with a stale quote = %d, want both", len(arts))
		}
	})
}

func TestRescoreFlagSeverity(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		importWith(t, db, "v1")
		comments, err := db.StaleComments(ctx, "s", "v2", 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		c := comments[0]
		c.Analysis = tone(-0.8)
		c.Analysis.Flags = []sentiment.Flag{{Kind: "insult", Severity: 0.7, Span: "sad"}}
		if _, err := db.Rescore(ctx, "s", dashboard.Rescore{Analyzer: "v2", Comments: []dashboard.Comment{c}}); err != nil {
			t.Fatal(err)
		}
		var sev float64
		var label string
		if err := db.db.QueryRowContext(ctx, `SELECT flag_severity, sentiment_label FROM comments WHERE id = $1`, c.ID).Scan(&sev, &label); err != nil {
			t.Fatal(err)
		}
		if sev != 0.7 || label != sentiment.Negative {
			t.Errorf("flag severity %v, label %q; want 0.7 and negative", sev, label)
		}
	})
}
