package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/sentiment"
)

// benchScaleEnv asks for the newsroom-scale benchmarks: 1 is a story of
// 2,000 articles from 12 outlets over 90 days, 10,000 quoted statements and
// 200,000 comments; 0.1 is a tenth of it. Unset, they skip, so that a plain
// `go test -bench .` stays quick.
//
//	TONEDESK_BENCH_SCALE=1 go test ./dashboard/store -run '^$' -bench StoryScale -benchtime 10x
const benchScaleEnv = "TONEDESK_BENCH_SCALE"

// BenchmarkStoryScale builds a synthetic story once per database (SQLite,
// and PostgreSQL when TONEDESK_TEST_POSTGRES is set), imported through
// Import in batches of 50 articles with their comments, logs how long the
// import took, and then times the reads of a story page view: Summary with
// no filter, an outlet filter and a date filter, each part of Summary on
// its own, Articles, Comments and one article's page.
func BenchmarkStoryScale(b *testing.B) {
	scale := benchScale(b)
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			var dsn string
			if dialect == "sqlite" {
				dsn = filepath.Join(b.TempDir(), "tonedesk.db")
			} else {
				dsn = pgDSN(b)
			}
			db := openDB(b, dsn)
			ctx := context.Background()
			g := newBenchStory(scale)
			start := time.Now()
			res := g.importAll(b, db)
			took := time.Since(start)
			b.Logf("%s: imported %d articles, %d quotes, %d comments in %d batches in %v (%.0f comments/s)",
				dialect, res.Articles, res.Quotes, res.Comments, g.batches, took.Round(time.Millisecond),
				float64(res.Comments)/took.Seconds())
			// About 1% of the comments rejected by a moderator, as the
			// filter leaves them out of every count; the rollups rebuilt
			// from the comments as migration 0006 builds them.
			if _, err := db.db.ExecContext(ctx, `UPDATE comments SET moderation = 'rejected' WHERE id % 97 = 0`); err != nil {
				b.Fatal(err)
			}
			start = time.Now()
			rebuildRollups(b, db)
			b.Logf("%s: rollups of %d comments rebuilt in %v", dialect, res.Comments, time.Since(start).Round(time.Millisecond))
			// PostgreSQL's autovacuum would vacuum and analyze the new rows soon; do it
			// now. SQLite is left as the store leaves it (no ANALYZE).
			if dialect == "postgres" {
				if _, err := db.db.ExecContext(ctx, `VACUUM ANALYZE`); err != nil {
					b.Fatal(err)
				}
			}

			day := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
			filters := []struct {
				name string
				f    dashboard.Filter
			}{
				{"all", dashboard.Filter{}},
				{"outlet", dashboard.Filter{Sources: []string{g.outlets[3]}}},
				{"dates", dashboard.Filter{From: day, To: day.AddDate(0, 0, 7)}},
			}
			for _, fc := range filters {
				b.Run("Summary/"+fc.name, func(b *testing.B) {
					for b.Loop() {
						if _, err := db.Summary(ctx, g.id, fc.f); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
			parts := []struct {
				name string
				f    func(context.Context, *sql.Tx, whereClause, *dashboard.Summary) error
			}{
				{"comments", func(ctx context.Context, tx *sql.Tx, _ whereClause, s *dashboard.Summary) error {
					_, err := summaryComments(ctx, tx, db.articleWhere(g.id, dashboard.Filter{}, 1), "bench-v1", s)
					return err
				}},
				{"sources", func(ctx context.Context, tx *sql.Tx, w whereClause, s *dashboard.Summary) error {
					return summarySources(ctx, tx, w, nil, s)
				}},
				{"sides", summarySides},
				{"drivers", summaryDrivers},
			}
			for _, p := range parts {
				b.Run("SummaryPart/"+p.name, func(b *testing.B) {
					for b.Loop() {
						err := db.read(ctx, g.id, func(tx *sql.Tx) error {
							var s dashboard.Summary
							return p.f(ctx, tx, db.articleWhere(g.id, dashboard.Filter{}, 1), &s)
						})
						if err != nil {
							b.Fatal(err)
						}
					}
				})
			}
			b.Run("Articles", func(b *testing.B) {
				for b.Loop() {
					if _, err := db.Articles(ctx, g.id); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("Comments", func(b *testing.B) {
				for b.Loop() {
					if _, err := db.Comments(ctx, g.id); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("CommentPage", func(b *testing.B) {
				for b.Loop() {
					if _, err := db.CommentPage(ctx, g.id, dashboard.Filter{}, 500); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("ArticlePage", func(b *testing.B) {
				for b.Loop() {
					if _, err := db.ArticlePage(ctx, g.id, dashboard.Filter{}, 200); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("QuotePage", func(b *testing.B) {
				for b.Loop() {
					if _, err := db.QuotePage(ctx, g.id, dashboard.Filter{}, 500); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("Outlets", func(b *testing.B) {
				for b.Loop() {
					if _, err := db.Outlets(ctx, g.id); err != nil {
						b.Fatal(err)
					}
				}
			})
			// What a story page view reads (web handleStory): Summary, the
			// outlets, and the pages of articles, statements and comments
			// it lists.
			b.Run("StoryPage", func(b *testing.B) {
				for b.Loop() {
					if _, err := db.Summary(ctx, g.id, dashboard.Filter{}); err != nil {
						b.Fatal(err)
					}
					if _, err := db.ArticlePage(ctx, g.id, dashboard.Filter{}, 200); err != nil {
						b.Fatal(err)
					}
					if _, err := db.QuotePage(ctx, g.id, dashboard.Filter{}, 500); err != nil {
						b.Fatal(err)
					}
					if _, err := db.Outlets(ctx, g.id); err != nil {
						b.Fatal(err)
					}
					if _, err := db.CommentPage(ctx, g.id, dashboard.Filter{}, 500); err != nil {
						b.Fatal(err)
					}
				}
			})
			var busiest int64
			if err := db.db.QueryRowContext(ctx, `
				SELECT article_id FROM comments GROUP BY article_id ORDER BY COUNT(*) DESC, article_id LIMIT 1`).Scan(&busiest); err != nil {
				b.Fatal(err)
			}
			b.Run("Article", func(b *testing.B) {
				for b.Loop() {
					if _, err := db.Article(ctx, g.id, busiest); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// benchScale returns the scale TONEDESK_BENCH_SCALE asks for, or skips.
func benchScale(b *testing.B) float64 {
	v := os.Getenv(benchScaleEnv)
	if v == "" {
		b.Skipf("set %s=1 to run the newsroom-scale benchmarks", benchScaleEnv)
	}
	scale, err := strconv.ParseFloat(v, 64)
	if err != nil || scale <= 0 || scale > 10 {
		b.Fatalf("%s=%q: want a number in (0, 10]", benchScaleEnv, v)
	}
	return scale
}

// benchStory generates a deterministic synthetic story: the same scale
// gives the same rows on every run.
type benchStory struct {
	id       string
	articles int
	comments int
	quotes   int // per article
	outlets  []string
	batches  int
	rng      *rand.Rand
}

func newBenchStory(scale float64) *benchStory {
	return &benchStory{
		id:       "bench-story",
		articles: max(1, int(2000*scale)),
		comments: max(1, int(200000*scale)),
		quotes:   5,
		outlets: []string{"Dawn", "Reuters", "Al Jazeera", "Geo News", "Tolo News", "BBC", "The Express Tribune",
			"Associated Press", "Anadolu", "Khaama Press", "The News", "Ariana News"},
		rng: rand.New(rand.NewPCG(2025, 10)),
	}
}

var (
	benchSides   = []string{"pakistan", "afghanistan", "mediators", "ttp", "unknown", ""}
	benchStances = []string{"pro_pakistan", "pro_afghanistan", "balanced", "none", "none", ""}
	benchWords   = []string{"ceasefire", "talks", "border", "terrorism", "peace", "war", "attack", "agreement",
		"hostile", "dialogue", "violation", "trust", "sovereignty", "refugees", "trade", "militants",
		"failed", "constructive", "threat", "security", "blame", "progress", "deadlock", "mediation"}
	benchPhrases = []string{"open war", "no progress", "lasting peace", "cross-border attacks", "good faith",
		"safe havens", "written guarantees", "mutual respect"}
	benchFlags = []string{sentiment.FlagInsult, sentiment.FlagProfanity, sentiment.FlagIdentityAttack,
		sentiment.FlagThreat, sentiment.FlagSpam}
)

// importAll imports the story in batches of 50 articles, each with its
// comments nested, as a file-by-file import would.
func (g *benchStory) importAll(b testing.TB, db *DB) dashboard.ImportResult {
	ctx := context.Background()
	spec := "id = \"bench-story\"\ntitle = \"Bench\"\n[[sides]]\nid = \"pakistan\"\nname = \"Pakistan\"\naliases = [\"Pakistan\"]\n" +
		"[[sides]]\nid = \"afghanistan\"\nname = \"Afghanistan\"\naliases = [\"Afghanistan\"]\n"
	if err := db.PutStory(ctx, dashboard.Story{ID: g.id, Title: "Synthetic story", Spec: spec}); err != nil {
		b.Fatal(err)
	}
	// Comments per article: a long tail, as real threads have (a few
	// articles draw thousands, most a few dozen).
	weights := make([]float64, g.articles)
	var total float64
	for i := range weights {
		weights[i] = math.Exp(g.rng.NormFloat64() * 1.2)
		total += weights[i]
	}
	counts := make([]int, g.articles)
	left := g.comments
	for i := range counts {
		counts[i] = int(float64(g.comments) * weights[i] / total)
		left -= counts[i]
	}
	for i := 0; left > 0; i = (i + 1) % g.articles {
		counts[i]++
		left--
	}

	start := time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC)
	var res dashboard.ImportResult
	const perBatch = 50
	for first := 0; first < g.articles; first += perBatch {
		batch := dashboard.Batch{File: fmt.Sprintf("batch-%03d.jsonl", first/perBatch), Analyzer: "bench-v1"}
		for i := first; i < min(first+perBatch, g.articles); i++ {
			batch.Articles = append(batch.Articles, g.article(i, start, counts[i]))
		}
		r, err := db.Import(ctx, g.id, batch)
		if err != nil {
			b.Fatal(err)
		}
		res = res.Add(r)
		g.batches++
	}
	return res
}

func (g *benchStory) article(i int, start time.Time, comments int) dashboard.Article {
	r := g.rng
	a := dashboard.Article{
		ExternalID: fmt.Sprintf("art-%05d", i),
		Source:     g.outlets[r.IntN(len(g.outlets))],
		URL:        fmt.Sprintf("https://news.example/%d", i),
		Title:      "Talks " + g.words(6),
		Dateline:   "ISLAMABAD",
	}
	if i%100 != 99 { // 1% undated
		a.Published = start.Add(time.Duration(r.Int64N(int64(90 * 24 * time.Hour)))).Truncate(time.Minute)
	}
	var body strings.Builder
	for body.Len() < 3000 {
		body.WriteString(g.words(12) + ". ")
	}
	a.Body = body.String()
	a.Analysis = g.analysis(4, 6)
	for q := range g.quotes {
		s := q * 500
		a.Quotes = append(a.Quotes, dashboard.Quote{
			Start: s, End: s + 120, Text: a.Body[s : s+120], Speaker: "Official " + strconv.Itoa(r.IntN(40)),
			Side: benchSides[r.IntN(len(benchSides))], Via: "told reporters", Analysis: g.analysis(2, 7),
		})
	}
	for c := range comments {
		cm := dashboard.Comment{
			ExternalID: fmt.Sprintf("c-%05d-%05d", i, c),
			Author:     "reader" + strconv.Itoa(r.IntN(20000)),
			Text:       g.words(10 + r.IntN(40)),
			Analysis:   g.analysis(1, 3),
		}
		if c > 0 && r.IntN(3) == 0 {
			cm.ParentExternalID = fmt.Sprintf("c-%05d-%05d", i, r.IntN(c))
		}
		if r.IntN(30) != 0 { // about 3% with no posted time
			base := a.Published
			if base.IsZero() {
				base = start
			}
			cm.Posted = base.Add(time.Duration(r.ExpFloat64() * float64(18*time.Hour))).Truncate(time.Second)
		}
		a.Comments = append(a.Comments, cm)
	}
	return a
}

// analysis returns a plausible analysis with n drivers in [lo, hi].
func (g *benchStory) analysis(lo, hi int) sentiment.Analysis {
	r := g.rng
	score := math.Round(math.Tanh(r.NormFloat64()*0.6-0.15)*1000) / 1000
	label := sentiment.Neutral
	switch {
	case score > 0.05:
		label = sentiment.Positive
	case score < -0.05:
		label = sentiment.Negative
	}
	a := sentiment.Analysis{
		Sentiment: sentiment.Sentiment{Label: label, Score: score, Confidence: 0.5 + r.Float64()/2},
		Stance: sentiment.Stance{Label: benchStances[r.IntN(len(benchStances))],
			Sides: map[string]float64{"pakistan": r.Float64()*2 - 1, "afghanistan": r.Float64()*2 - 1}},
		Lang: "en",
	}
	for s := range 1 + r.IntN(3) {
		a.Sentiment.Sentences = append(a.Sentiment.Sentences, sentiment.Sentence{Start: s * 80, End: s*80 + 79, Score: score})
	}
	for range lo + r.IntN(hi-lo+1) {
		text := benchWords[r.IntN(len(benchWords))]
		switch r.IntN(6) {
		case 0:
			text = benchPhrases[r.IntN(len(benchPhrases))]
		case 1:
			text = "@side"
		}
		a.Sentiment.Drivers = append(a.Sentiment.Drivers, sentiment.Driver{Text: text, Weight: math.Round((r.Float64()*4-2)*100) / 100})
	}
	if a.Stance.Label != "none" && a.Stance.Label != "" {
		a.Stance.Evidence = []string{g.words(5)}
	}
	if r.IntN(20) == 0 {
		a.Flags = []sentiment.Flag{{Kind: benchFlags[r.IntN(len(benchFlags))], Severity: r.Float64(), Span: g.words(2)}}
	}
	return a
}

func (g *benchStory) words(n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = benchWords[g.rng.IntN(len(benchWords))]
	}
	return strings.Join(ws, " ")
}
