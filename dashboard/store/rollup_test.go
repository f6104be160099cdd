package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
)

// rebuildRollups recomputes comment_rollups from the comments as
// migration 0006 does on a database that had comments before it, by
// applying that migration again: for tests that change comment rows with
// SQL of their own, which the rollups do not follow.
func rebuildRollups(tb testing.TB, db *DB) {
	tb.Helper()
	ctx := context.Background()
	for _, q := range []string{`DROP TABLE comment_rollups`, `DELETE FROM schema_migrations WHERE version = 6`} {
		if _, err := db.db.ExecContext(ctx, q); err != nil {
			tb.Fatal(err)
		}
	}
	if err := db.migrate(ctx); err != nil {
		tb.Fatal(err)
	}
}

// storedRollups reads comment_rollups. A row with no comments is an
// error: the store deletes those.
func storedRollups(t *testing.T, db *DB) rollupDelta {
	t.Helper()
	rows, err := db.db.QueryContext(t.Context(), `
		SELECT article_id, kind, bucket, rejected, comments, score_sum, score_sq FROM comment_rollups`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := rollupDelta{}
	for rows.Next() {
		var k rollupKey
		var m moment
		if err := rows.Scan(&k.articleID, &k.kind, &k.bucket, &k.rejected, &m.n, &m.sum, &m.sq); err != nil {
			t.Fatal(err)
		}
		if m.n == 0 {
			t.Errorf("rollup %+v: a row with no comments", k)
		}
		out[k] = m
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// recomputedRollups counts every stored comment from scratch into the
// rollup rows it belongs in.
func recomputedRollups(t *testing.T, db *DB) rollupDelta {
	t.Helper()
	rows, err := db.db.QueryContext(t.Context(), `SELECT `+rollupFields+` FROM comments`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := rollupDelta{}
	for rows.Next() {
		c, err := scanRollupComment(rows)
		if err != nil {
			t.Fatal(err)
		}
		out.add(c, 1)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// rollupsDiff returns the first difference between two sets of rollup
// rows in key order, counts compared exactly and sums with near, or "".
func rollupsDiff(got, want rollupDelta) string {
	var keys []rollupKey
	for k := range got {
		keys = append(keys, k)
	}
	for k := range want {
		if _, ok := got[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b rollupKey) int {
		return cmp.Or(cmp.Compare(a.articleID, b.articleID), cmp.Compare(a.kind, b.kind),
			cmp.Compare(a.bucket, b.bucket), boolCompare(a.rejected, b.rejected))
	})
	for _, k := range keys {
		g, w := got[k], want[k]
		if g.n != w.n || !near(g.sum, w.sum) || !near(g.sq, w.sq) {
			return fmt.Sprintf("rollup %+v = %+v, want %+v", k, g, w)
		}
	}
	return ""
}

// rollupArticles are the articles of TestRollupsFollowWrites: one published
// in the morning, one just before midnight UTC, one undated with no outlet.
func rollupArticles() []dashboard.Article {
	return []dashboard.Article{
		{ExternalID: "a1", Source: "Dawn", Body: "text", Published: at("2025-10-25T10:00:00Z"), Analysis: tone(0.1)},
		{ExternalID: "a2", Source: "Reuters", Body: "text", Published: at("2025-10-26T23:30:00Z"), Analysis: tone(-0.1)},
		{ExternalID: "a3", Analysis: tone(0)},
	}
}

// rollupComments returns n comments with external ids prefix0, prefix1...
// spread over the articles of rollupArticles, over scores on the bins'
// edges and between them, over every stance label ("" among them), and
// over three days of posted times, a quarter of them with none.
func rollupComments(prefix string, n int) []dashboard.Comment {
	scores := []float64{-1, -0.8, -0.35, 0, 0.3, 0.62, 1}
	stances := []string{"pro_a", "pro_b", "balanced", "none", ""}
	articles := []string{"a1", "a2", "a3"}
	var out []dashboard.Comment
	for i := range n {
		an := tone(scores[i%len(scores)])
		an.Stance.Label = stances[i%len(stances)]
		c := dashboard.Comment{
			ArticleExternalID: articles[i%len(articles)], ExternalID: fmt.Sprintf("%s%d", prefix, i),
			Text: "comment", Analysis: an,
		}
		if i%4 != 0 {
			c.Posted = at("2025-10-25T20:00:00Z").Add(time.Duration(i) * 47 * time.Minute)
		}
		out = append(out, c)
	}
	return out
}

// TestRollupsFollowWrites drives a story through every write that changes
// what the comment rollups count — import, the same import again, an
// import of new comments among duplicates, rescore, reject, restore, a
// failed import, rescore and decision that roll back, an article deleted —
// and checks after each step that the rollups are what counting the
// comments from scratch gives, and that Summary, which reads them, still
// returns what refSummary's queries over the comments return. Another
// story's comments share the tables. At the end, the rollups rebuilt by
// migration 0006 from the comments are the rollups the writes kept.
func TestRollupsFollowWrites(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		day := time.Date(2025, 10, 26, 0, 0, 0, 0, time.UTC)
		filters := []dashboard.Filter{
			{},
			{Rejected: true},
			{Sources: []string{"Reuters", ""}},
			{From: day, To: day.AddDate(0, 0, 1), Rejected: true},
		}
		check := func(step string) {
			t.Helper()
			if diff := rollupsDiff(storedRollups(t, db), recomputedRollups(t, db)); diff != "" {
				t.Fatalf("after %s: %s", step, diff)
			}
			for _, f := range filters {
				got, err := db.Summary(ctx, "s", f)
				if err != nil {
					t.Fatal(err)
				}
				want, err := db.refSummary(ctx, "s", f)
				if err != nil {
					t.Fatal(err)
				}
				if diff := summaryDiff(reflect.ValueOf(got), reflect.ValueOf(want), "Summary"); diff != "" {
					t.Fatalf("after %s, filter %+v: %s", step, f, diff)
				}
			}
		}
		importBatch := func(story string, b dashboard.Batch) dashboard.ImportResult {
			t.Helper()
			res, err := db.Import(ctx, story, b)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		comments := func() []dashboard.Comment {
			t.Helper()
			cs, err := db.Comments(ctx, "s")
			if err != nil {
				t.Fatal(err)
			}
			return cs
		}
		decide := func(action string, cs []dashboard.Comment, every int) []dashboard.Decision {
			var ds []dashboard.Decision
			for i, c := range cs {
				if i%every == 0 {
					ds = append(ds, dashboard.Decision{CommentID: c.ID, Action: action, By: "mod"})
				}
			}
			return ds
		}

		putStory(t, db, "s")
		putStory(t, db, "noise")
		first := dashboard.Batch{Analyzer: "v1", Articles: rollupArticles(), Comments: rollupComments("c", 60)}
		importBatch("noise", first)
		importBatch("s", first)
		check("import")

		if res := importBatch("s", first); res.Comments != 0 || res.DuplicateComments != 60 {
			t.Fatalf("import again = %+v, want 60 duplicate comments", res)
		}
		check("the same import again")

		// Stored comments, new ones and a new one twice: on PostgreSQL,
		// chunks of 50 rows that mix them.
		more := dashboard.Batch{Analyzer: "v1", Comments: slices.Concat(rollupComments("c", 30),
			rollupComments("d", 45), rollupComments("d", 1))}
		if res := importBatch("s", more); res.Comments != 45 || res.DuplicateComments != 31 {
			t.Fatalf("import of new and stored comments = %+v, want 45 new, 31 duplicates", res)
		}
		check("an import of new comments among duplicates")

		// Rescore a third of the comments: new scores and stances for most,
		// for some only another analyzer.
		r := dashboard.Rescore{Analyzer: "v2"}
		for i, c := range comments() {
			if i%3 != 0 {
				continue
			}
			an := c.Analysis
			if i%2 == 0 {
				an = tone(-an.Sentiment.Score / 2)
				an.Stance.Label = "pro_b"
			}
			r.Comments = append(r.Comments, dashboard.Comment{ID: c.ID, Analysis: an})
		}
		if _, err := db.Rescore(ctx, "s", r); err != nil {
			t.Fatal(err)
		}
		check("rescore")

		// Reject every fourth comment; approve an undecided one (no
		// change); and reject and then approve one in the same call.
		cs := comments()
		ds := decide(dashboard.Rejected, cs, 4)
		ds = append(ds,
			dashboard.Decision{CommentID: cs[1].ID, Action: dashboard.Approved, By: "mod"},
			dashboard.Decision{CommentID: cs[2].ID, Action: dashboard.Rejected, By: "mod"},
			dashboard.Decision{CommentID: cs[2].ID, Action: dashboard.Approved, By: "mod"})
		if err := db.Decide(ctx, ds); err != nil {
			t.Fatal(err)
		}
		check("reject")

		if err := db.Decide(ctx, decide(dashboard.Approved, cs, 8)); err != nil {
			t.Fatal(err)
		}
		check("restore")

		// Writes that fail half-way leave nothing behind, rollups included.
		bad := dashboard.Batch{Analyzer: "v1", Comments: append(rollupComments("e", 20),
			dashboard.Comment{ArticleExternalID: "nowhere", ExternalID: "lost", Analysis: tone(0)})}
		if _, err := db.Import(ctx, "s", bad); !errors.Is(err, dashboard.ErrNotFound) {
			t.Fatalf("import naming an unknown article: %v, want ErrNotFound", err)
		}
		check("a failed import")
		r = dashboard.Rescore{Analyzer: "v3", Comments: []dashboard.Comment{
			{ID: cs[0].ID, Analysis: tone(0.9)}, {ID: 1 << 40, Analysis: tone(0.9)}}}
		if _, err := db.Rescore(ctx, "s", r); !errors.Is(err, dashboard.ErrNotFound) {
			t.Fatalf("rescore of an unknown comment: %v, want ErrNotFound", err)
		}
		check("a failed rescore")
		ds = []dashboard.Decision{{CommentID: cs[5].ID, Action: dashboard.Rejected, By: "mod"},
			{CommentID: 1 << 40, Action: dashboard.Rejected, By: "mod"}}
		if err := db.Decide(ctx, ds); !errors.Is(err, dashboard.ErrNotFound) {
			t.Fatalf("decision on an unknown comment: %v, want ErrNotFound", err)
		}
		check("a failed decision")

		if _, err := db.db.ExecContext(ctx, `DELETE FROM articles WHERE story_id = 's' AND external_id = 'a2'`); err != nil {
			t.Fatal(err)
		}
		check("an article deleted")

		kept := storedRollups(t, db)
		rebuildRollups(t, db)
		if diff := rollupsDiff(storedRollups(t, db), kept); diff != "" {
			t.Errorf("migration 0006 rebuilt: %s", diff)
		}
	})
}

// TestRollupsConcurrentWrites rescores, moderates and imports into one
// story at once, the rescores and decisions over the same comments, and
// checks that the rollups are then what counting the comments from scratch
// gives: on PostgreSQL a writer must read a comment's old values under the
// row lock it then updates, or two writers take the same old values out
// twice.
func TestRollupsConcurrentWrites(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		rounds := 15
		if db.d.forUpdate == "" {
			// SQLite runs one writer at a time, so the row locks this test
			// is about are PostgreSQL's; three goroutines committing back to
			// back there can starve one past busy_timeout (seen under -race).
			rounds = 3
		}
		ctx := t.Context()
		putStory(t, db, "s")
		if _, err := db.Import(ctx, "s", dashboard.Batch{Analyzer: "v1", Articles: rollupArticles(),
			Comments: rollupComments("c", 60)}); err != nil {
			t.Fatal(err)
		}
		cs, err := db.Comments(ctx, "s")
		if err != nil {
			t.Fatal(err)
		}
		writers := []func(round int) error{
			func(round int) error {
				r := dashboard.Rescore{Analyzer: fmt.Sprintf("v%d", round%2)}
				for i, c := range cs {
					an := tone(float64((i*7+round*3)%21-10) / 10)
					an.Stance.Label = []string{"pro_a", "pro_b", ""}[(i+round)%3]
					r.Comments = append(r.Comments, dashboard.Comment{ID: c.ID, Analysis: an})
				}
				_, err := db.Rescore(ctx, "s", r)
				return err
			},
			func(round int) error {
				var ds []dashboard.Decision
				for i, c := range cs {
					action := dashboard.Approved
					if (i+round)%2 == 0 {
						action = dashboard.Rejected
					}
					ds = append(ds, dashboard.Decision{CommentID: c.ID, Action: action, By: "mod"})
				}
				return db.Decide(ctx, ds)
			},
			func(round int) error {
				_, err := db.Import(ctx, "s", dashboard.Batch{Analyzer: "v1",
					Comments: rollupComments(fmt.Sprintf("r%d-", round), 6)})
				return err
			},
		}
		errs := make(chan error, len(writers))
		for _, write := range writers {
			go func() {
				for round := range rounds {
					if err := write(round); err != nil {
						errs <- err
						return
					}
				}
				errs <- nil
			}()
		}
		for range writers {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		if diff := rollupsDiff(storedRollups(t, db), recomputedRollups(t, db)); diff != "" {
			t.Error(diff)
		}
	})
}
