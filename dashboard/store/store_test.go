package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/sentiment"
)

// The suite runs every test on SQLite (in t.TempDir) and, when
// TONEDESK_TEST_POSTGRES names a server, on PostgreSQL in a fresh schema per
// test. CI=true makes a missing TONEDESK_TEST_POSTGRES a failure.
const pgEnv = "TONEDESK_TEST_POSTGRES"

func TestMain(m *testing.M) {
	if os.Getenv(pgEnv) == "" {
		fmt.Fprintf(os.Stderr, "\n*** store: %s is not set: the PostgreSQL half of the store suite is SKIPPED ***\n"+
			"*** e.g. %s='postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable' go test ./dashboard/store/ ***\n\n",
			pgEnv, pgEnv)
	}
	os.Exit(m.Run())
}

// forEachDB runs f as a subtest on a fresh, migrated database of each
// dialect.
func forEachDB(t *testing.T, f func(t *testing.T, db *DB)) {
	t.Helper()
	forEachDSN(t, func(t *testing.T, dsn string) {
		f(t, openDB(t, dsn))
	})
}

// forEachDSN runs f as a subtest with the DSN of a fresh, empty database of
// each dialect.
func forEachDSN(t *testing.T, f func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		f(t, filepath.Join(t.TempDir(), "tonedesk.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		f(t, pgDSN(t))
	})
}

// pgDSN creates a schema of its own for the test on the server named by
// TONEDESK_TEST_POSTGRES, drops it when the test ends, and returns a DSN
// whose search_path is that schema. It skips the test when the variable is
// unset, or fails it when CI=true.
func pgDSN(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(pgEnv)
	if base == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("CI requires %s", pgEnv)
		}
		tb.Skipf("SKIPPED: %s not set; PostgreSQL is not tested", pgEnv)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	var b [8]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		tb.Fatalf("create schema on %s: %v", pgEnv, err)
	}
	tb.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func openDB(tb testing.TB, dsn string) *DB {
	tb.Helper()
	db, err := Open(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func putStory(t *testing.T, db *DB, id string) {
	t.Helper()
	if err := db.PutStory(t.Context(), dashboard.Story{ID: id, Title: "Story " + id}); err != nil {
		t.Fatal(err)
	}
}

func tone(score float64) sentiment.Analysis {
	label := sentiment.Neutral
	switch {
	case score > 0.05:
		label = sentiment.Positive
	case score < -0.05:
		label = sentiment.Negative
	}
	return sentiment.Analysis{
		Sentiment: sentiment.Sentiment{Label: label, Score: score, Confidence: 0.75},
		Stance:    sentiment.Stance{Label: sentiment.StanceNone},
		Lang:      "en",
	}
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// rowCounts counts rows of all stories, straight from the tables.
func rowCounts(t *testing.T, db *DB) [3]int {
	t.Helper()
	var c [3]int
	err := db.db.QueryRowContext(t.Context(), `SELECT
		(SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM comments), (SELECT COUNT(*) FROM quotes)`,
	).Scan(&c[0], &c[1], &c[2])
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sampleBatch: two articles, three quotes, three nested comments and two
// comments naming their article.
func sampleBatch() dashboard.Batch {
	body := "Minister said \"talks failed\" and the spokesman said \"we remain hopeful\"."
	return dashboard.Batch{
		File: "sample.jsonl",
		Articles: []dashboard.Article{
			{
				ExternalID: "a1", Source: "Dawn", Title: "Talks stall", Body: body,
				Published: at("2025-10-25T10:00:00Z"), Analysis: tone(-0.2),
				Quotes: []dashboard.Quote{
					{Start: 14, End: 28, Text: `"talks failed"`, Speaker: "Minister", Side: "pakistan", Analysis: tone(-0.5)},
					{Start: 51, End: 70, Text: `"we remain hopeful"`, Speaker: "spokesman", Side: "afghanistan", Analysis: tone(0.4)},
				},
				Comments: []dashboard.Comment{
					{ExternalID: "c1", Author: "x", Text: "sad", Posted: at("2025-10-25T12:00:00Z"), Analysis: tone(-0.4)},
					{ExternalID: "c2", ParentExternalID: "c1", Author: "y", Text: "agreed", Analysis: tone(0.1)},
				},
			},
			{
				ExternalID: "a2", Source: "Reuters", Title: "Ceasefire holds", Body: "Body two.",
				Analysis: tone(0.3),
				Quotes: []dashboard.Quote{
					{Start: 0, End: 4, Text: "Body", Speaker: "official", Side: "unknown", Analysis: tone(0)},
				},
				Comments: []dashboard.Comment{
					{ExternalID: "c3", Author: "z", Text: "good", Analysis: tone(0.6)},
				},
			},
		},
		Comments: []dashboard.Comment{
			{ArticleExternalID: "a1", ExternalID: "c4", Author: "w", Text: "meh", Analysis: tone(0)},
			{ArticleExternalID: "a2", ExternalID: "c5", Author: "v", Text: "hope", Analysis: tone(0.5)},
		},
	}
}

func TestMigrationsIdempotent(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		db, err := Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		putStory(t, db, "s")
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		db = openDB(t, dsn) // second Open: nothing to apply
		want, err := db.d.loadMigrations()
		if err != nil {
			t.Fatal(err)
		}
		var n, maxVersion int
		if err := db.db.QueryRowContext(t.Context(),
			`SELECT COUNT(*), MAX(version) FROM schema_migrations`).Scan(&n, &maxVersion); err != nil {
			t.Fatal(err)
		}
		if n != len(want) || maxVersion != want[len(want)-1].version {
			t.Errorf("schema_migrations: %d rows up to %d, want %d up to %d",
				n, maxVersion, len(want), want[len(want)-1].version)
		}
		if _, err := db.Story(t.Context(), "s"); err != nil {
			t.Errorf("story lost across reopen: %v", err)
		}
	})
}

func TestOpenMemory(t *testing.T) {
	db := openDB(t, ":memory:")
	putStory(t, db, "s")
	if _, err := db.Import(t.Context(), "s", sampleBatch()); err != nil {
		t.Fatal(err)
	}
	sum, err := db.Summary(t.Context(), "s", dashboard.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Articles != 2 || sum.Comments != 5 {
		t.Errorf("summary of :memory: = %d articles, %d comments; want 2, 5", sum.Articles, sum.Comments)
	}
}

func TestOpenEmptyDSN(t *testing.T) {
	if _, err := Open(t.Context(), ""); err == nil {
		t.Fatal("Open(\"\") succeeded")
	}
}

func TestSQLiteDSN(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"td.db", "td.db?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"},
		{"file:td.db?mode=rwc", "file:td.db?mode=rwc&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"},
		{"td.db?_pragma=journal_mode(DELETE)&_txlock=deferred", "td.db?_pragma=journal_mode(DELETE)&_txlock=deferred&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"},
	} {
		if got := sqliteDSN(tc.in); got != tc.want {
			t.Errorf("sqliteDSN(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestSQLitePragmas(t *testing.T) {
	db := openDB(t, filepath.Join(t.TempDir(), "p.db"))
	var mode string
	var fk, busy int
	ctx := t.Context()
	if err := db.db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if err := db.db.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil {
		t.Fatal(err)
	}
	if err := db.db.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&busy); err != nil {
		t.Fatal(err)
	}
	if !strings.EqualFold(mode, "wal") || fk != 1 || busy != 5000 {
		t.Errorf("journal_mode=%s foreign_keys=%d busy_timeout=%d; want wal, 1, 5000", mode, fk, busy)
	}
}

func TestStories(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		if _, err := db.Story(ctx, "nope"); !errors.Is(err, dashboard.ErrNotFound) {
			t.Errorf("Story(nope) error = %v, want ErrNotFound", err)
		}
		for _, id := range []string{"b", "é", "a", "B"} {
			putStory(t, db, id)
		}
		want := dashboard.Story{ID: "a", Title: "Talks", Spec: "id = \"a\"\n[[sides]]\n"}
		if err := db.PutStory(ctx, want); err != nil {
			t.Fatal(err)
		}
		got, err := db.Story(ctx, "a")
		if err != nil || got != want {
			t.Errorf("Story(a) = %+v, %v; want %+v", got, err, want)
		}
		all, err := db.Stories(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, s := range all {
			ids = append(ids, s.ID)
		}
		if want := []string{"B", "a", "b", "é"}; !reflect.DeepEqual(ids, want) {
			t.Errorf("Stories order = %q, want byte order %q", ids, want)
		}
		for _, bad := range []dashboard.Story{{ID: ""}, {ID: "  "}, {ID: "x", Title: "a\x00b"}, {ID: "x", Spec: "\xff"}} {
			if err := db.PutStory(ctx, bad); !errors.Is(err, ErrInvalid) {
				t.Errorf("PutStory(%q) error = %v, want ErrInvalid", bad, err)
			}
		}
	})
}

func TestImportCounts(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		putStory(t, db, "s")
		got, err := db.Import(ctx, "s", sampleBatch())
		if err != nil {
			t.Fatal(err)
		}
		want := dashboard.ImportResult{Articles: 2, Comments: 5, Quotes: 3}
		if got != want {
			t.Errorf("first import = %+v, want %+v", got, want)
		}

		// Re-import: nothing new, everything counted as duplicate.
		got, err = db.Import(ctx, "s", sampleBatch())
		if err != nil {
			t.Fatal(err)
		}
		want = dashboard.ImportResult{DuplicateArticles: 2, DuplicateComments: 5}
		if got != want {
			t.Errorf("re-import = %+v, want %+v", got, want)
		}
		if c := rowCounts(t, db); c != [3]int{2, 5, 3} {
			t.Errorf("rows after re-import = %v, want [2 5 3]", c)
		}

		// A known article with a new comment and a new quote: only those are
		// written. The same article twice in a batch is a duplicate.
		b := sampleBatch()
		b.Articles[0].Comments = append(b.Articles[0].Comments,
			dashboard.Comment{ExternalID: "c6", Text: "late", Analysis: tone(0)})
		b.Articles[1].Quotes = append(b.Articles[1].Quotes,
			dashboard.Quote{Start: 5, End: 8, Text: "two", Analysis: tone(0)})
		b.Articles = append(b.Articles, b.Articles[1])
		b.Comments = nil
		got, err = db.Import(ctx, "s", b)
		if err != nil {
			t.Fatal(err)
		}
		want = dashboard.ImportResult{Comments: 1, Quotes: 1, DuplicateArticles: 3, DuplicateComments: 4}
		if got != want {
			t.Errorf("import with additions = %+v, want %+v", got, want)
		}

		// The same external ids in another story are other articles.
		putStory(t, db, "other")
		got, err = db.Import(ctx, "other", sampleBatch())
		if err != nil {
			t.Fatal(err)
		}
		if want := (dashboard.ImportResult{Articles: 2, Comments: 5, Quotes: 3}); got != want {
			t.Errorf("import into other story = %+v, want %+v", got, want)
		}
	})
}

// TestImportManyComments crosses the PostgreSQL insert chunk (several full
// chunks, a short one, duplicates inside and across chunks) and checks that
// comments keep their import order.
func TestImportManyComments(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		putStory(t, db, "s")
		const n = 137
		b := benchBatch("a", n)
		var want []string
		for i := range b.Articles[0].Comments {
			c := &b.Articles[0].Comments[i]
			c.Posted = time.Time{} // order by position alone
			c.ExternalID = fmt.Sprintf("c%03d", (i*7919)%n)
			want = append(want, c.ExternalID)
		}
		dups := b.Articles[0].Comments[:12]
		b.Articles[0].Comments = append(b.Articles[0].Comments, dups...)
		b.Comments = append(b.Comments, dashboard.Comment{ArticleExternalID: "a", ExternalID: "last"})
		want = append(want, "last")

		got, err := db.Import(ctx, "s", b)
		if err != nil {
			t.Fatal(err)
		}
		if w := (dashboard.ImportResult{Articles: 1, Comments: n + 1, DuplicateComments: 12}); got != w {
			t.Errorf("import = %+v, want %+v", got, w)
		}
		got, err = db.Import(ctx, "s", b)
		if err != nil {
			t.Fatal(err)
		}
		if w := (dashboard.ImportResult{DuplicateArticles: 1, DuplicateComments: n + 13}); got != w {
			t.Errorf("re-import = %+v, want %+v", got, w)
		}
		if _, err := db.Import(ctx, "s", dashboard.Batch{Comments: []dashboard.Comment{
			{ArticleExternalID: "a", ExternalID: "c000"}, {ArticleExternalID: "a", ExternalID: "after"}}}); err != nil {
			t.Fatal(err)
		}
		want = append(want, "after")
		cs, err := db.Comments(ctx, "s")
		if err != nil {
			t.Fatal(err)
		}
		var order []string
		for _, c := range cs {
			order = append(order, c.ExternalID)
		}
		if !reflect.DeepEqual(order, want) {
			t.Errorf("order = %q\nwant %q", order, want)
		}
	})
}

func TestImportStoryNotFound(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		if _, err := db.Import(ctx, "nope", sampleBatch()); !errors.Is(err, dashboard.ErrNotFound) {
			t.Errorf("Import into missing story: error = %v, want ErrNotFound", err)
		}
		if _, err := db.Import(ctx, "nope", dashboard.Batch{}); !errors.Is(err, dashboard.ErrNotFound) {
			t.Errorf("empty Import into missing story: error = %v, want ErrNotFound", err)
		}
		if _, err := db.Articles(ctx, "nope"); !errors.Is(err, dashboard.ErrNotFound) {
			t.Errorf("Articles: error = %v, want ErrNotFound", err)
		}
		if _, err := db.Comments(ctx, "nope"); !errors.Is(err, dashboard.ErrNotFound) {
			t.Errorf("Comments: error = %v, want ErrNotFound", err)
		}
		if _, err := db.Summary(ctx, "nope", dashboard.Filter{}); !errors.Is(err, dashboard.ErrNotFound) {
			t.Errorf("Summary: error = %v, want ErrNotFound", err)
		}
	})
}

func TestImportUnknownArticleRollsBack(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		putStory(t, db, "s")
		if _, err := db.Import(ctx, "s", dashboard.Batch{Articles: sampleBatch().Articles[:1]}); err != nil {
			t.Fatal(err)
		}
		before := rowCounts(t, db)

		b := sampleBatch() // a2 and its quote and comment are new
		b.Comments = append(b.Comments, dashboard.Comment{
			ArticleExternalID: "no-such-article", ExternalID: "c-orphan", Text: "lost"})
		_, err := db.Import(ctx, "s", b)
		if err == nil {
			t.Fatal("import with an orphan comment succeeded")
		}
		if !errors.Is(err, dashboard.ErrNotFound) {
			t.Errorf("error = %v, want ErrNotFound", err)
		}
		for _, s := range []string{"c-orphan", "no-such-article", "sample.jsonl", "store: import:"} {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("error %q does not mention %q", err, s)
			}
		}
		if after := rowCounts(t, db); after != before {
			t.Errorf("rows after failed import = %v, want unchanged %v", after, before)
		}
	})
}

func TestImportCommentsOnly(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		putStory(t, db, "s")
		b := sampleBatch()
		b.Comments = nil
		if _, err := db.Import(ctx, "s", b); err != nil {
			t.Fatal(err)
		}
		got, err := db.Import(ctx, "s", dashboard.Batch{Comments: []dashboard.Comment{
			{ArticleExternalID: "a1", ExternalID: "later-2", Text: "second"},
			{ArticleExternalID: "a1", ExternalID: "later-1", Text: "third"},
			{ArticleExternalID: "a1", ExternalID: "c1", Text: "sad"},
			{ArticleExternalID: "a2", ExternalID: "early", Text: "first", Posted: at("2025-10-20T00:00:00Z")},
		}})
		if err != nil {
			t.Fatal(err)
		}
		if want := (dashboard.ImportResult{Comments: 3, DuplicateComments: 1}); got != want {
			t.Errorf("comments-only import = %+v, want %+v", got, want)
		}
		cs, err := db.Comments(ctx, "s")
		if err != nil {
			t.Fatal(err)
		}
		// a1 (published) before a2 (undated); within an article by posted
		// time, undated last in import order.
		var order []string
		for _, c := range cs {
			order = append(order, c.ExternalID)
		}
		if want := []string{"c1", "c2", "later-2", "later-1", "early", "c3"}; !reflect.DeepEqual(order, want) {
			t.Errorf("comment order = %q, want %q", order, want)
		}
		c := cs[2]
		if c.Source != "Dawn" || c.ArticleTitle != "Talks stall" || c.ArticleExternalID != "a1" || c.ArticleID == 0 || c.ID == 0 {
			t.Errorf("comment display fields = %+v", c)
		}
		if cs[1].ParentExternalID != "c1" {
			t.Errorf("parent = %q, want c1", cs[1].ParentExternalID)
		}
	})
}

func TestImportValidation(t *testing.T) {
	withArticle := func(f func(a *dashboard.Article)) dashboard.Batch {
		b := sampleBatch()
		f(&b.Articles[0])
		return b
	}
	cases := []struct {
		name    string
		batch   dashboard.Batch
		mention string
	}{
		{"empty article id", withArticle(func(a *dashboard.Article) { a.ExternalID = "" }), "external id is empty"},
		{"blank comment id", withArticle(func(a *dashboard.Article) { a.Comments[0].ExternalID = " " }), "external id is empty"},
		{"comment without article", dashboard.Batch{Comments: []dashboard.Comment{{ExternalID: "c"}}}, "article external id is empty"},
		{"NUL in comment", withArticle(func(a *dashboard.Article) { a.Comments[1].Text = "a\x00b" }), "NUL"},
		{"NUL in title", withArticle(func(a *dashboard.Article) { a.Title = "\x00" }), "title contains a NUL byte"},
		{"NUL in analysis", withArticle(func(a *dashboard.Article) {
			a.Analysis.Stance.Evidence = []string{"x\x00"}
		}), "NUL"},
		{"invalid UTF-8", withArticle(func(a *dashboard.Article) { a.Comments[0].Author = "\xff\xfe" }), "UTF-8"},
		{"quote outside body", withArticle(func(a *dashboard.Article) { a.Quotes[0].End = len(a.Body) + 1 }), "span"},
		{"quote backwards", withArticle(func(a *dashboard.Article) { a.Quotes[0].Start = a.Quotes[0].End + 1 }), "span"},
		{"NaN score", withArticle(func(a *dashboard.Article) { a.Comments[0].Analysis.Sentiment.Score = math.NaN() }), "NaN"},
		{"year 10000", withArticle(func(a *dashboard.Article) { a.Published = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }), "year"},
	}
	forEachDB(t, func(t *testing.T, db *DB) {
		putStory(t, db, "s")
		for _, tc := range cases {
			_, err := db.Import(t.Context(), "s", tc.batch)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("%s: error = %v, want ErrInvalid mentioning %q", tc.name, err, tc.mention)
			}
		}
		if c := rowCounts(t, db); c != [3]int{} {
			t.Errorf("rows after rejected batches = %v, want none", c)
		}
	})
}

func TestHostileStringsRoundTrip(t *testing.T) {
	hostile := []string{
		`</script><script>alert(1)</script>`,
		"👍🏽 family 👨‍👩‍👧 flag 🇵🇰",
		"طالبان حکومت — ‏RTL‏ mixed עברית",
		`'; DROP TABLE comments; -- "quoted" \ backslash`,
		`literal \u0000 and \x00 escapes, not bytes`,
		"=HYPERLINK(\"http://x\")\t+cmd|' /C calc'!A0",
		"  leading and trailing spaces\r\n\n",
		"e\u0301 (combining) vs \u00e9, zero\u200bwidth",
		"",
	}
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		putStory(t, db, "s")
		var b dashboard.Batch
		for i, h := range hostile {
			an := tone(-0.3)
			an.Stance.Evidence = []string{h}
			an.Stance.Sides = map[string]float64{h + "side": 0.5}
			an.Flags = []sentiment.Flag{{Kind: sentiment.FlagInsult, Severity: 0.9, Span: h}}
			an.Sentiment.Drivers = []sentiment.Driver{{Text: h, Weight: -0.25}}
			b.Articles = append(b.Articles, dashboard.Article{
				ExternalID: fmt.Sprintf("%s#%d", h, i), Source: h, URL: h, Title: h, Dateline: h,
				Body: h, Analysis: an,
				Quotes: []dashboard.Quote{{Start: 0, End: len(h), Text: h, Speaker: h, Side: h, Via: h, Analysis: an}},
				Comments: []dashboard.Comment{{
					ExternalID: h + "c", ParentExternalID: h, Author: h, Text: h, Analysis: an}},
			})
		}
		if _, err := db.Import(ctx, "s", b); err != nil {
			t.Fatal(err)
		}
		arts, err := db.Articles(ctx, "s")
		if err != nil {
			t.Fatal(err)
		}
		cs, err := db.Comments(ctx, "s")
		if err != nil {
			t.Fatal(err)
		}
		if len(arts) != len(hostile) || len(cs) != len(hostile) {
			t.Fatalf("got %d articles, %d comments; want %d each", len(arts), len(cs), len(hostile))
		}
		for i, want := range b.Articles {
			got := arts[i] // same published (none): import order
			if got.ExternalID != want.ExternalID || got.Source != want.Source || got.URL != want.URL ||
				got.Title != want.Title || got.Dateline != want.Dateline || got.Body != want.Body {
				t.Errorf("article %d changed:\n got %+q\nwant %+q", i,
					[]string{got.ExternalID, got.Source, got.URL, got.Title, got.Dateline, got.Body},
					[]string{want.ExternalID, want.Source, want.URL, want.Title, want.Dateline, want.Body})
			}
			if !reflect.DeepEqual(got.Analysis, want.Analysis) {
				t.Errorf("article %d analysis:\n got %+v\nwant %+v", i, got.Analysis, want.Analysis)
			}
			if len(got.Quotes) != 1 {
				t.Fatalf("article %d: %d quotes", i, len(got.Quotes))
			}
			gq, wq := got.Quotes[0], want.Quotes[0]
			gq.ID, gq.ArticleID = 0, 0
			if !reflect.DeepEqual(gq, wq) {
				t.Errorf("quote %d:\n got %+v\nwant %+v", i, gq, wq)
			}
			gc, wc := cs[i], want.Comments[0]
			if gc.ExternalID != wc.ExternalID || gc.ParentExternalID != wc.ParentExternalID ||
				gc.Author != wc.Author || gc.Text != wc.Text || gc.Source != want.Source ||
				gc.ArticleTitle != want.Title || !reflect.DeepEqual(gc.Analysis, wc.Analysis) {
				t.Errorf("comment %d changed: %+v", i, gc)
			}
		}
	})
}

func TestTimesUTC(t *testing.T) {
	karachi := time.FixedZone("PKT", 5*3600)
	kabul := time.FixedZone("AFT", 4*3600+1800)
	published := time.Date(2025, 10, 25, 15, 4, 5, 123456789, karachi)
	posted := time.Date(2025, 10, 26, 1, 2, 3, 999999999, kabul)
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		putStory(t, db, "s")
		b := dashboard.Batch{Articles: []dashboard.Article{
			{ExternalID: "undated", Title: "undated"},
			{ExternalID: "late", Published: published.Add(48 * time.Hour)},
			{ExternalID: "dated", Published: published,
				Comments: []dashboard.Comment{{ExternalID: "c", Posted: posted}, {ExternalID: "u"}}},
		}}
		if _, err := db.Import(ctx, "s", b); err != nil {
			t.Fatal(err)
		}
		arts, err := db.Articles(ctx, "s")
		if err != nil {
			t.Fatal(err)
		}
		var order []string
		for _, a := range arts {
			order = append(order, a.ExternalID)
		}
		if want := []string{"dated", "late", "undated"}; !reflect.DeepEqual(order, want) {
			t.Errorf("article order = %q, want %q (oldest first, undated last)", order, want)
		}
		wantPub := published.UTC().Truncate(time.Microsecond)
		if got := arts[0].Published; !got.Equal(wantPub) || got.Location() != time.UTC || got.Nanosecond() != 123456000 {
			t.Errorf("published = %v (%v), want %v in UTC", got, got.Location(), wantPub)
		}
		if !arts[2].Published.IsZero() {
			t.Errorf("undated article published = %v, want zero", arts[2].Published)
		}
		cs, err := db.Comments(ctx, "s")
		if err != nil {
			t.Fatal(err)
		}
		wantPosted := posted.UTC().Truncate(time.Microsecond)
		if got := cs[0].Posted; got != wantPosted {
			t.Errorf("posted = %v, want %v", got, wantPosted)
		}
		if !cs[1].Posted.IsZero() {
			t.Errorf("unknown posted = %v, want zero", cs[1].Posted)
		}
		sum, err := db.Summary(ctx, "s", dashboard.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.From != wantPub || sum.To != published.Add(48*time.Hour).UTC().Truncate(time.Microsecond) {
			t.Errorf("summary span = %v – %v", sum.From, sum.To)
		}
	})
}

// summaryBatch is the story of TestSummary and TestSummaryFilter.
func summaryBatch() dashboard.Batch {
	return dashboard.Batch{Articles: []dashboard.Article{
		{ExternalID: "a1", Source: "Dawn", Body: "0123456789", Published: at("2025-10-25T10:00:00Z"), Analysis: tone(0.5),
			Quotes: []dashboard.Quote{{Start: 0, End: 2, Analysis: tone(-0.4)}, {Start: 3, End: 5, Analysis: tone(0.2)}},
			Comments: []dashboard.Comment{
				{ExternalID: "c1", Posted: at("2025-10-26T08:00:00Z"), Analysis: tone(0.9)},
				{ExternalID: "c2", Posted: at("2025-10-25T12:00:00Z"), Analysis: tone(-0.8)},
			}},
		{ExternalID: "a2", Source: "Dawn", Published: at("2025-10-27T00:00:00Z"), Analysis: tone(-0.1),
			Comments: []dashboard.Comment{{ExternalID: "c3", Analysis: tone(-1)}}},
		{ExternalID: "a3", Source: "", Body: "quote", Analysis: tone(0.3),
			Quotes: []dashboard.Quote{{Start: 0, End: 5, Analysis: tone(0.6)}},
			Comments: []dashboard.Comment{
				{ExternalID: "c4", Posted: at("2025-10-29T09:30:00+05:00"), Analysis: tone(1)},
				{ExternalID: "c5", Posted: at("2025-10-24T23:00:00Z"), Analysis: tone(0)},
			}},
		{ExternalID: "a4", Source: "Reuters", Published: at("2025-10-28T06:00:00Z"), Analysis: tone(-0.6)},
	}}
}

func TestSummary(t *testing.T) {
	// Worked by hand:
	//   source   articles              quotes           comments
	//   ""       0.3                   0.6              1.0, 0     -> 0.5
	//   Dawn     0.5, (a2 no text)     -0.4, 0.2->-0.1  0.9, -0.8, -1 -> -0.3
	//   Reuters  (a4 no text) -> 0     none -> 0        none -> 0
	// An article without body text has no tone of its own: it counts, but
	// not in the mean.
	// From: comment posted 2025-10-24T23:00Z; To: comment posted
	// 2025-10-29T09:30+05:00 = 04:30Z.
	// Bins of width 0.1 from -1: -1 -> 0, -0.8 -> 2, 0 -> 10, 0.9 -> 19, 1 -> 19.
	b := summaryBatch()
	want := dashboard.Summary{
		StoryID: "s", Articles: 4, Comments: 5, Quotes: 3,
		Sources: []dashboard.SourceTone{
			{Source: "", Articles: 1, ArticleTone: 0.3, Quotes: 1, QuoteTone: 0.6, Comments: 2, CommentTone: 0.5},
			{Source: "Dawn", Articles: 2, NoText: 1, ArticleTone: 0.5, Quotes: 2, QuoteTone: -0.1, Comments: 3, CommentTone: -0.3},
			{Source: "Reuters", Articles: 1, NoText: 1, ArticleTone: 0},
		},
		From: at("2025-10-24T23:00:00Z"),
		To:   at("2025-10-29T04:30:00Z"),
	}
	want.Histogram[0], want.Histogram[2], want.Histogram[10], want.Histogram[19] = 1, 1, 1, 2

	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		putStory(t, db, "s")
		putStory(t, db, "noise") // another story's rows must not count
		if _, err := db.Import(ctx, "noise", sampleBatch()); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Import(ctx, "s", b); err != nil {
			t.Fatal(err)
		}
		got, err := db.Summary(ctx, "s", dashboard.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if got.StoryID != want.StoryID || got.Articles != want.Articles || got.Comments != want.Comments ||
			got.Quotes != want.Quotes || got.Histogram != want.Histogram {
			t.Errorf("summary = %+v\nwant %+v", got, want)
		}
		if !got.From.Equal(want.From) || !got.To.Equal(want.To) {
			t.Errorf("span = %v – %v, want %v – %v", got.From, got.To, want.From, want.To)
		}
		if len(got.Sources) != len(want.Sources) {
			t.Fatalf("sources = %+v\nwant %+v", got.Sources, want.Sources)
		}
		for i, w := range want.Sources {
			g := got.Sources[i]
			if g.Source != w.Source || g.Articles != w.Articles || g.NoText != w.NoText || g.Quotes != w.Quotes || g.Comments != w.Comments ||
				!near(g.ArticleTone, w.ArticleTone) || !near(g.QuoteTone, w.QuoteTone) || !near(g.CommentTone, w.CommentTone) {
				t.Errorf("source %q = %+v\nwant %+v", w.Source, g, w)
			}
		}

		// An empty story: zeros, no span.
		putStory(t, db, "empty")
		got, err = db.Summary(ctx, "empty", dashboard.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if got.Articles != 0 || len(got.Sources) != 0 || !got.From.IsZero() || !got.To.IsZero() || got.Histogram != [dashboard.HistogramBins]int{} {
			t.Errorf("empty summary = %+v", got)
		}
	})
}

// TestSummaryFilter narrows the story of TestSummary by outlet, by date,
// by both, and to nothing; the rollups are those of the matched articles
// with their quotes and comments, computed by the database.
func TestSummaryFilter(t *testing.T) {
	type want struct {
		articles, quotes, comments int
		sources                    []string
		from, to                   string // RFC 3339, "" for zero
		sides                      int
		histogram                  map[int]int
	}
	cases := []struct {
		name string
		f    dashboard.Filter
		want want
	}{
		{"none", dashboard.Filter{}, want{4, 3, 5, []string{"", "Dawn", "Reuters"},
			"2025-10-24T23:00:00Z", "2025-10-29T04:30:00Z", 1, map[int]int{0: 1, 2: 1, 10: 1, 19: 2}}},
		{"outlet", dashboard.Filter{Sources: []string{"Dawn"}}, want{2, 2, 3, []string{"Dawn"},
			"2025-10-25T10:00:00Z", "2025-10-27T00:00:00Z", 1, map[int]int{0: 1, 2: 1, 19: 1}}},
		{"two outlets", dashboard.Filter{Sources: []string{"Reuters", "Dawn"}}, want{3, 2, 3, []string{"Dawn", "Reuters"},
			"2025-10-25T10:00:00Z", "2025-10-28T06:00:00Z", 1, map[int]int{0: 1, 2: 1, 19: 1}}},
		{"unknown outlet", dashboard.Filter{Sources: []string{""}}, want{1, 1, 2, []string{""},
			"2025-10-24T23:00:00Z", "2025-10-29T04:30:00Z", 1, map[int]int{10: 1, 19: 1}}},
		// From inclusive, To exclusive: a2 is published at 27 Oct 00:00,
		// a4 on 28 Oct; the undated a3 matches no date bound.
		{"dates", dashboard.Filter{From: at("2025-10-27T00:00:00Z"), To: at("2025-10-29T00:00:00Z")}, want{2, 0, 1,
			[]string{"Dawn", "Reuters"}, "2025-10-27T00:00:00Z", "2025-10-28T06:00:00Z", 0, map[int]int{0: 1}}},
		{"from only", dashboard.Filter{From: at("2025-10-27T00:00:01Z")}, want{1, 0, 0, []string{"Reuters"},
			"2025-10-28T06:00:00Z", "2025-10-28T06:00:00Z", 0, nil}},
		{"to only", dashboard.Filter{To: at("2025-10-27T00:00:00Z")}, want{1, 2, 2, []string{"Dawn"},
			"2025-10-25T10:00:00Z", "2025-10-26T08:00:00Z", 1, map[int]int{2: 1, 19: 1}}},
		{"outlet and dates", dashboard.Filter{Sources: []string{"Dawn"}, From: at("2025-10-26T00:00:00Z"), To: at("2025-10-28T00:00:00Z")},
			want{1, 0, 1, []string{"Dawn"}, "2025-10-27T00:00:00Z", "2025-10-27T00:00:00Z", 0, map[int]int{0: 1}}},
		{"no such outlet", dashboard.Filter{Sources: []string{"Nowhere Times"}}, want{}},
		{"outlet named like SQL", dashboard.Filter{Sources: []string{"' OR 1=1 --"}}, want{}},
		{"dates with nothing", dashboard.Filter{From: at("2026-01-01T00:00:00Z")}, want{}},
	}
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		putStory(t, db, "s")
		putStory(t, db, "noise")
		if _, err := db.Import(ctx, "noise", sampleBatch()); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Import(ctx, "s", summaryBatch()); err != nil {
			t.Fatal(err)
		}
		articles, err := db.Articles(ctx, "s")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				got, err := db.Summary(ctx, "s", c.f)
				if err != nil {
					t.Fatal(err)
				}
				w := c.want
				if got.Articles != w.articles || got.Quotes != w.quotes || got.Comments != w.comments {
					t.Errorf("counts = %d articles, %d quotes, %d comments; want %d, %d, %d",
						got.Articles, got.Quotes, got.Comments, w.articles, w.quotes, w.comments)
				}
				var sources []string
				for _, s := range got.Sources {
					sources = append(sources, s.Source)
				}
				if !reflect.DeepEqual(sources, w.sources) {
					t.Errorf("sources = %q, want %q", sources, w.sources)
				}
				span := func(s string) time.Time {
					if s == "" {
						return time.Time{}
					}
					return at(s)
				}
				if !got.From.Equal(span(w.from)) || !got.To.Equal(span(w.to)) {
					t.Errorf("span = %v – %v, want %s – %s", got.From, got.To, w.from, w.to)
				}
				if len(got.SideTones) != w.sides {
					t.Errorf("side tones = %+v, want %d", got.SideTones, w.sides)
				}
				var hist [dashboard.HistogramBins]int
				for i, n := range w.histogram {
					hist[i] = n
				}
				if got.Histogram != hist {
					t.Errorf("histogram = %v, want %v", got.Histogram, hist)
				}
				// Filter.Match, which the pages use for their tables,
				// agrees with the database.
				n := 0
				for _, a := range articles {
					if c.f.Match(a.Source, a.Published) {
						n++
					}
				}
				if n != w.articles {
					t.Errorf("Filter.Match matches %d articles, the database %d", n, w.articles)
				}
			})
		}
	})
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestConcurrentImports: two writers and a reader at once. On SQLite the
// writers serialise on the write lock (BEGIN IMMEDIATE, busy_timeout)
// instead of failing with SQLITE_BUSY or deadlocking.
func TestConcurrentImports(t *testing.T) {
	const writers, batches, perBatch = 2, 15, 40
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		putStory(t, db, "s")
		var wg sync.WaitGroup
		errs := make(chan error, writers*batches+1)
		done := make(chan struct{})
		for w := range writers {
			wg.Go(func() {
				for i := range batches {
					_, err := db.Import(ctx, "s", benchBatch(fmt.Sprintf("w%d-%d", w, i), perBatch))
					if err != nil {
						errs <- fmt.Errorf("writer %d batch %d: %w", w, i, err)
						return
					}
				}
			})
		}
		var reader sync.WaitGroup
		reader.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				if _, err := db.Summary(ctx, "s", dashboard.Filter{}); err != nil {
					errs <- fmt.Errorf("reader: %w", err)
					return
				}
			}
		})
		wg.Wait()
		close(done)
		reader.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		sum, err := db.Summary(ctx, "s", dashboard.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Articles != writers*batches || sum.Comments != writers*batches*perBatch {
			t.Errorf("after concurrent imports: %d articles, %d comments; want %d, %d",
				sum.Articles, sum.Comments, writers*batches, writers*batches*perBatch)
		}
	})
}

// benchBatch is one article with n comments, spread over the score range.
func benchBatch(articleID string, n int) dashboard.Batch {
	a := dashboard.Article{
		ExternalID: articleID, Source: "Wire", Title: "Article " + articleID,
		Body: strings.Repeat("Officials met in Istanbul. ", 40), Published: at("2025-10-25T10:00:00Z"),
		Analysis: tone(0.1),
	}
	for i := range n {
		an := tone(float64(i%201)/100 - 1)
		an.Flags = []sentiment.Flag{{Kind: sentiment.FlagInsult, Severity: 0.4, Span: "idiots"}}
		a.Comments = append(a.Comments, dashboard.Comment{
			ExternalID: fmt.Sprintf("c%d", i), Author: fmt.Sprintf("reader%d", i%37),
			Text:   "The talks were a waste of time, both sides are idiots who never listen. " + articleID,
			Posted: at("2025-10-25T12:00:00Z").Add(time.Duration(i) * time.Minute), Analysis: an,
		})
	}
	return dashboard.Batch{Articles: []dashboard.Article{a}}
}

func BenchmarkImport(b *testing.B) {
	const perBatch = 1000
	run := func(b *testing.B, db *DB) {
		ctx := context.Background()
		if err := db.PutStory(ctx, dashboard.Story{ID: "s"}); err != nil {
			b.Fatal(err)
		}
		batch := benchBatch("a", perBatch)
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			batch.Articles[0].ExternalID = fmt.Sprintf("a%d", i)
			i++
			res, err := db.Import(ctx, "s", batch)
			if err != nil {
				b.Fatal(err)
			}
			if res.Comments != perBatch {
				b.Fatalf("imported %d comments, want %d", res.Comments, perBatch)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(i*perBatch), "ns/comment")
	}
	b.Run("sqlite", func(b *testing.B) {
		run(b, openDB(b, filepath.Join(b.TempDir(), "bench.db")))
	})
	b.Run("postgres", func(b *testing.B) {
		run(b, openDB(b, pgDSN(b)))
	})
}
