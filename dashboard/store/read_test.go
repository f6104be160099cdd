package store

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/sentiment"
)

func TestSummarySides(t *testing.T) {
	// Worked by hand. Scores per side and outlet:
	//   side         Dawn          Reuters  ""
	//   afghanistan  0.4           0.2
	//   pakistan     -0.5, -0.3    -0.1
	//   ttp                        -0.8
	//   unknown      0.1 (side "")          0
	// afghanistan: n=2, mean 0.3, variance ((0.1)²+(0.1)²)/1 = 0.02
	// pakistan:    n=3, mean -0.3, variance (0.04+0+0.04)/2 = 0.04, sd 0.2;
	//              95% interval -0.3 ± 4.302652730·0.2/√3 = -0.3 ± 0.496827
	// ttp:         n=1, mean -0.8, no interval
	// unknown:     n=2, mean 0.05, variance (0.0025+0.0025)/1 = 0.005
	// pakistan in Dawn: n=2, mean -0.4, variance 0.02.
	q := func(start int, side string, score float64) dashboard.Quote {
		return dashboard.Quote{Start: start, End: start + 1, Text: "x", Speaker: "someone", Side: side, Analysis: tone(score)}
	}
	b := dashboard.Batch{Articles: []dashboard.Article{
		{ExternalID: "a1", Source: "Dawn", Body: "0123456789", Analysis: tone(0),
			Quotes: []dashboard.Quote{q(0, "pakistan", -0.5), q(1, "pakistan", -0.3), q(2, "afghanistan", 0.4), q(3, "", 0.1)}},
		{ExternalID: "a2", Source: "Reuters", Body: "0123456789", Analysis: tone(0),
			Quotes: []dashboard.Quote{q(0, "pakistan", -0.1), q(1, "afghanistan", 0.2), q(2, "ttp", -0.8)}},
		{ExternalID: "a3", Source: "", Body: "0123456789", Analysis: tone(0),
			Quotes: []dashboard.Quote{q(5, "unknown", 0)}},
		{ExternalID: "a4", Source: "AP", Body: "no quotes", Analysis: tone(0)},
	}}
	wantSides := []dashboard.SideTone{
		{Side: "afghanistan", Quotes: 2, Mean: 0.3, SD: math.Sqrt(0.02)},
		{Side: "pakistan", Quotes: 3, Mean: -0.3, SD: 0.2},
		{Side: "ttp", Quotes: 1, Mean: -0.8},
		{Side: "unknown", Quotes: 2, Mean: 0.05, SD: math.Sqrt(0.005)},
	}
	wantCells := []dashboard.SideSourceTone{
		{Side: "afghanistan", Source: "Dawn", Quotes: 1, Mean: 0.4},
		{Side: "afghanistan", Source: "Reuters", Quotes: 1, Mean: 0.2},
		{Side: "pakistan", Source: "Dawn", Quotes: 2, Mean: -0.4, SD: math.Sqrt(0.02)},
		{Side: "pakistan", Source: "Reuters", Quotes: 1, Mean: -0.1},
		{Side: "ttp", Source: "Reuters", Quotes: 1, Mean: -0.8},
		{Side: "unknown", Source: "", Quotes: 1, Mean: 0},
		{Side: "unknown", Source: "Dawn", Quotes: 1, Mean: 0.1},
	}
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		putStory(t, db, "s")
		putStory(t, db, "noise") // another story's quotes must not count
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
		if got.Quotes != 8 {
			t.Errorf("quotes = %d, want 8", got.Quotes)
		}
		if len(got.SideTones) != len(wantSides) {
			t.Fatalf("side tones = %+v\nwant %+v", got.SideTones, wantSides)
		}
		for i, w := range wantSides {
			if g := got.SideTones[i]; g.Side != w.Side || g.Quotes != w.Quotes || !near(g.Mean, w.Mean) || !near(g.SD, w.SD) {
				t.Errorf("side tone %d = %+v, want %+v", i, g, w)
			}
		}
		if len(got.SideSourceTones) != len(wantCells) {
			t.Fatalf("side×source tones = %+v\nwant %+v", got.SideSourceTones, wantCells)
		}
		for i, w := range wantCells {
			if g := got.SideSourceTones[i]; g.Side != w.Side || g.Source != w.Source ||
				g.Quotes != w.Quotes || !near(g.Mean, w.Mean) || !near(g.SD, w.SD) {
				t.Errorf("side×source tone %d = %+v, want %+v", i, g, w)
			}
		}
		lo, hi, ok := got.SideTones[1].Interval95()
		if !ok || math.Abs(lo-(-0.3-0.4968275)) > 1e-6 || math.Abs(hi-(-0.3+0.4968275)) > 1e-6 {
			t.Errorf("pakistan interval = %v, %v, %v; want -0.796828, 0.196828", lo, hi, ok)
		}
		if _, _, ok := got.SideTones[2].Interval95(); ok {
			t.Error("one quote has an interval")
		}

		// A story without quotes has no side tones.
		putStory(t, db, "empty")
		got, err = db.Summary(ctx, "empty", dashboard.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if got.SideTones != nil || got.SideSourceTones != nil {
			t.Errorf("empty story: %+v, %+v", got.SideTones, got.SideSourceTones)
		}
	})
}

func TestArticle(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		putStory(t, db, "s")
		putStory(t, db, "other")
		if _, err := db.Import(ctx, "s", sampleBatch()); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Import(ctx, "other", sampleBatch()); err != nil {
			t.Fatal(err)
		}
		all, err := db.Articles(ctx, "s")
		if err != nil {
			t.Fatal(err)
		}
		comments, err := db.Comments(ctx, "s")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range all {
			got, err := db.Article(ctx, "s", want.ID)
			if err != nil {
				t.Fatal(err)
			}
			gotComments := got.Comments
			got.Comments = nil
			if !equalArticles(got, want) {
				t.Errorf("Article(%d) = %+v\nwant %+v", want.ID, got, want)
			}
			var wantComments []dashboard.Comment
			for _, c := range comments {
				if c.ArticleID == want.ID {
					wantComments = append(wantComments, c)
				}
			}
			if len(gotComments) != len(wantComments) {
				t.Fatalf("article %s: %d comments, want %d", want.ExternalID, len(gotComments), len(wantComments))
			}
			for i := range wantComments {
				g, w := gotComments[i], wantComments[i]
				if g.ID != w.ID || g.ExternalID != w.ExternalID || g.Text != w.Text || g.Source != w.Source ||
					g.ArticleTitle != w.ArticleTitle || g.ArticleExternalID != w.ArticleExternalID || !g.Posted.Equal(w.Posted) ||
					!reflect.DeepEqual(g.Analysis, w.Analysis) {
					t.Errorf("article %s comment %d = %+v\nwant %+v", want.ExternalID, i, g, w)
				}
			}
		}
		if n := len(all[0].Quotes); n != 2 {
			t.Errorf("first article has %d quotes, want 2", n)
		}

		other, err := db.Articles(ctx, "other")
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name  string
			story string
			id    int64
		}{
			{"another story's article", "s", other[0].ID},
			{"no such article", "s", 1 << 40},
			{"no such story", "nope", all[0].ID},
		} {
			if _, err := db.Article(ctx, tc.story, tc.id); !errors.Is(err, dashboard.ErrNotFound) {
				t.Errorf("%s: err = %v, want ErrNotFound", tc.name, err)
			}
		}
	})
}

// equalArticles compares the stored fields of two articles with their
// quotes, not their comments.
func equalArticles(a, b dashboard.Article) bool {
	if a.ID != b.ID || a.StoryID != b.StoryID || a.ExternalID != b.ExternalID || a.Source != b.Source ||
		a.URL != b.URL || a.Title != b.Title || a.Dateline != b.Dateline || !a.Published.Equal(b.Published) ||
		a.Body != b.Body || !reflect.DeepEqual(a.Analysis, b.Analysis) || len(a.Quotes) != len(b.Quotes) {
		return false
	}
	for i := range a.Quotes {
		p, q := a.Quotes[i], b.Quotes[i]
		if p.ID != q.ID || p.ArticleID != q.ArticleID || p.Start != q.Start || p.End != q.End || p.Text != q.Text ||
			p.Speaker != q.Speaker || p.Side != q.Side || p.Via != q.Via || !reflect.DeepEqual(p.Analysis, q.Analysis) {
			return false
		}
	}
	return true
}

// TestSummaryReaders checks the rollups of comments by stance, by outlet
// and stance, and by day, and the drivers of each side's statements, on the
// whole story and filtered to one outlet.
func TestSummaryReaders(t *testing.T) {
	// Worked by hand:
	//   a1 Dawn, published 25 Oct: c1 pro_pakistan -0.4 (26 Oct), c2 pro_pakistan -0.2 (26 Oct 23:30),
	//      c3 balanced 0.6 (no time: 25 Oct, its article's day)
	//   a2 Reuters, undated: c4 "" (none) 0.2 (27 Oct), c5 none -1 (no time, no date)
	// stances: balanced n=1 0.6; none n=2 mean -0.4, sd √0.72; pro_pakistan n=2 mean -0.3, sd √0.02
	// days: 25 Oct 1 (fallback 1) 0.6; 26 Oct 2 -0.3; 27 Oct 1 0.2; undated 1
	// drivers of pakistan: "war" -1 + -0.5 (in two quotes; "War " folds in), "calm" 0.25; of
	// afghanistan: "hope" 0.8; of the unattributed quote (side ""): "maybe" 0.1.
	st := func(label string, score float64) sentiment.Analysis {
		a := tone(score)
		a.Stance.Label = label
		return a
	}
	drv := func(score float64, ds ...sentiment.Driver) sentiment.Analysis {
		a := tone(score)
		a.Sentiment.Drivers = ds
		return a
	}
	b := dashboard.Batch{Articles: []dashboard.Article{
		{ExternalID: "a1", Source: "Dawn", Body: "0123456789", Published: at("2025-10-25T10:00:00Z"), Analysis: tone(0),
			Quotes: []dashboard.Quote{
				{Start: 0, End: 1, Side: "pakistan", Analysis: drv(-0.5, sentiment.Driver{Text: "war", Weight: -1}, sentiment.Driver{Text: "calm", Weight: 0.25})},
				{Start: 1, End: 2, Side: "pakistan", Analysis: drv(-0.4, sentiment.Driver{Text: "War ", Weight: -0.5})},
				{Start: 2, End: 3, Side: "afghanistan", Analysis: drv(0.3, sentiment.Driver{Text: "hope", Weight: 0.8})},
			},
			Comments: []dashboard.Comment{
				{ExternalID: "c1", Posted: at("2025-10-26T08:00:00Z"), Analysis: st("pro_pakistan", -0.4)},
				{ExternalID: "c2", Posted: at("2025-10-26T23:30:00Z"), Analysis: st("pro_pakistan", -0.2)},
				{ExternalID: "c3", Analysis: st("balanced", 0.6)},
			}},
		{ExternalID: "a2", Source: "Reuters", Body: "0123456789", Analysis: tone(0),
			Quotes: []dashboard.Quote{{Start: 0, End: 1, Side: "", Analysis: drv(0.1, sentiment.Driver{Text: "maybe", Weight: 0.1})}},
			Comments: []dashboard.Comment{
				{ExternalID: "c4", Posted: at("2025-10-27T09:00:00+05:00"), Analysis: st("", 0.2)},
				{ExternalID: "c5", Analysis: st("none", -1)},
			}},
	}}
	day := func(s string) time.Time { return at(s + "T00:00:00Z") }
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		putStory(t, db, "s")
		putStory(t, db, "noise")
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
		wantStances := []dashboard.StanceTone{
			{Stance: "balanced", Comments: 1, Mean: 0.6},
			{Stance: "none", Comments: 2, Mean: -0.4, SD: math.Sqrt(0.72)},
			{Stance: "pro_pakistan", Comments: 2, Mean: -0.3, SD: math.Sqrt(0.02)},
		}
		if len(got.StanceTones) != len(wantStances) {
			t.Fatalf("stance tones %+v", got.StanceTones)
		}
		for i, w := range wantStances {
			if g := got.StanceTones[i]; g.Stance != w.Stance || g.Comments != w.Comments || !near(g.Mean, w.Mean) || !near(g.SD, w.SD) {
				t.Errorf("stance tone %d = %+v, want %+v", i, g, w)
			}
		}
		wantMix := []dashboard.SourceStance{{Source: "Dawn", Stance: "balanced", Comments: 1},
			{Source: "Dawn", Stance: "pro_pakistan", Comments: 2}, {Source: "Reuters", Stance: "none", Comments: 2}}
		if !reflect.DeepEqual(got.SourceStances, wantMix) {
			t.Errorf("source stances %+v, want %+v", got.SourceStances, wantMix)
		}
		wantDays := []dashboard.DayTone{
			{Day: day("2025-10-25"), Comments: 1, Mean: 0.6, Fallback: 1},
			{Day: day("2025-10-26"), Comments: 2, Mean: -0.3},
			{Day: day("2025-10-27"), Comments: 1, Mean: 0.2},
		}
		if len(got.Days) != len(wantDays) || got.UndatedComments != 1 {
			t.Fatalf("days %+v, %d undated", got.Days, got.UndatedComments)
		}
		for i, w := range wantDays {
			if g := got.Days[i]; !g.Day.Equal(w.Day) || g.Comments != w.Comments || !near(g.Mean, w.Mean) || g.Fallback != w.Fallback {
				t.Errorf("day %d = %+v, want %+v", i, g, w)
			}
		}
		wantDrivers := []dashboard.SideDriver{
			{Side: "afghanistan", Text: "hope", Weight: 0.8, Abs: 0.8, Quotes: 1},
			{Side: "pakistan", Text: "war", Weight: -1.5, Abs: 1.5, Quotes: 2},
			{Side: "pakistan", Text: "calm", Weight: 0.25, Abs: 0.25, Quotes: 1},
			{Side: "unknown", Text: "maybe", Weight: 0.1, Abs: 0.1, Quotes: 1},
		}
		if len(got.Drivers) != len(wantDrivers) {
			t.Fatalf("drivers %+v", got.Drivers)
		}
		for i, w := range wantDrivers {
			if g := got.Drivers[i]; g.Side != w.Side || g.Text != w.Text || !near(g.Weight, w.Weight) || !near(g.Abs, w.Abs) || g.Quotes != w.Quotes {
				t.Errorf("driver %d = %+v, want %+v", i, g, w)
			}
		}

		// Filtered to Dawn: Reuters' comments and quote go.
		got, err = db.Summary(ctx, "s", dashboard.Filter{Sources: []string{"Dawn"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.StanceTones) != 2 || len(got.SourceStances) != 2 || len(got.Days) != 2 || got.UndatedComments != 0 ||
			len(got.Drivers) != 3 || got.Drivers[2].Side != "pakistan" {
			t.Errorf("filtered to Dawn: %+v %+v %+v %d %+v", got.StanceTones, got.SourceStances, got.Days, got.UndatedComments, got.Drivers)
		}
		// Filtered by date: the undated Reuters article matches no bound.
		got, err = db.Summary(ctx, "s", dashboard.Filter{From: at("2025-10-26T00:00:00Z")})
		if err != nil {
			t.Fatal(err)
		}
		if got.StanceTones != nil || got.SourceStances != nil || got.Days != nil || got.Drivers != nil || got.UndatedComments != 0 {
			t.Errorf("filter matching nothing: %+v", got)
		}
	})
}

// TestSummaryTopDrivers: a side keeps its dashboard.TopDrivers heaviest
// drivers by summed absolute weight.
func TestSummaryTopDrivers(t *testing.T) {
	var ds []sentiment.Driver
	for i := range dashboard.TopDrivers + 3 {
		w := float64(i+1) / 10
		if i%2 == 0 {
			w = -w
		}
		ds = append(ds, sentiment.Driver{Text: fmt.Sprint("w", i), Weight: w})
	}
	a := tone(0)
	a.Sentiment.Drivers = ds
	b := dashboard.Batch{Articles: []dashboard.Article{{ExternalID: "a1", Body: "xy", Analysis: tone(0),
		Quotes: []dashboard.Quote{{Start: 0, End: 1, Side: "pakistan", Analysis: a}}}}}
	forEachDB(t, func(t *testing.T, db *DB) {
		putStory(t, db, "s")
		if _, err := db.Import(t.Context(), "s", b); err != nil {
			t.Fatal(err)
		}
		got, err := db.Summary(t.Context(), "s", dashboard.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Drivers) != dashboard.TopDrivers || got.Drivers[0].Text != "w10" || got.Drivers[0].Weight != -1.1 ||
			got.Drivers[dashboard.TopDrivers-1].Text != "w3" {
			t.Errorf("drivers %+v: want w10 … w3", got.Drivers)
		}
	})
}

// TestCommentPage checks that CommentPage is Comments filtered as Summary
// counts them and cut to the limit, on a generated story with undated
// articles, comments without a posted time and rejected comments.
func TestCommentPage(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		g := newBenchStory(0.05) // 100 articles (one undated), 10,000 comments
		g.importAll(t, db)
		if _, err := db.db.ExecContext(ctx, `UPDATE comments SET moderation = 'rejected' WHERE id % 7 = 0`); err != nil {
			t.Fatal(err)
		}
		rebuildRollups(t, db)
		articles, err := db.Articles(ctx, g.id)
		if err != nil {
			t.Fatal(err)
		}
		published := map[int64]time.Time{}
		for _, a := range articles {
			published[a.ID] = a.Published
		}
		all, err := db.Comments(ctx, g.id)
		if err != nil {
			t.Fatal(err)
		}
		day := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
		filters := []dashboard.Filter{
			{},
			{Rejected: true},
			{Sources: []string{g.outlets[2], g.outlets[5]}},
			{Sources: []string{"nowhere"}},
			{From: day, To: day.AddDate(0, 0, 10)},
			{From: day, Rejected: true},
		}
		for _, f := range filters {
			var want []dashboard.Comment
			for _, c := range all {
				if f.Match(c.Source, published[c.ArticleID]) && f.MatchComment(c.Moderation) {
					want = append(want, c)
				}
			}
			sum, err := db.Summary(ctx, g.id, f)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Comments != len(want) {
				t.Errorf("filter %+v: Summary counts %d comments, the filtered Comments %d", f, sum.Comments, len(want))
			}
			for _, limit := range []int{0, 1, 37, 500, len(all) + 1} {
				got, err := db.CommentPage(ctx, g.id, f, limit)
				if err != nil {
					t.Fatal(err)
				}
				w := want[:min(limit, len(want))]
				if len(got) != len(w) {
					t.Fatalf("filter %+v, limit %d: %d comments, want %d", f, limit, len(got), len(w))
				}
				for i := range w {
					if !reflect.DeepEqual(got[i], w[i]) {
						t.Fatalf("filter %+v, limit %d: comment %d is %d, want %d", f, limit, i, got[i].ID, w[i].ID)
					}
				}
			}
		}
		if _, err := db.CommentPage(ctx, "no-such-story", dashboard.Filter{}, 10); !errors.Is(err, dashboard.ErrNotFound) {
			t.Errorf("unknown story: %v, want ErrNotFound", err)
		}
	})
}

// TestArticlePages checks that ArticlePage and QuotePage are the first
// articles and quoted statements of those Articles returns that the filter
// matches, Summary counting them all, and that Outlets counts the articles
// Articles returns.
func TestArticlePages(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		g := newBenchStory(0.05) // 100 articles (one undated), 500 quotes
		g.importAll(t, db)
		all, err := db.Articles(ctx, g.id)
		if err != nil {
			t.Fatal(err)
		}
		outlets, err := db.Outlets(ctx, g.id)
		if err != nil {
			t.Fatal(err)
		}
		counted := map[string]int{}
		for _, a := range all {
			counted[a.Source]++
		}
		if !reflect.DeepEqual(outlets, counted) {
			t.Errorf("Outlets = %v, want %v", outlets, counted)
		}
		day := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
		filters := []dashboard.Filter{
			{},
			{Sources: []string{g.outlets[2], g.outlets[5]}},
			{Sources: []string{"nowhere"}},
			{From: day, To: day.AddDate(0, 0, 10)},
			{From: day, Sources: []string{g.outlets[0]}},
		}
		for _, f := range filters {
			var want []dashboard.Article
			quotes := 0
			for _, a := range all {
				if f.Match(a.Source, a.Published) {
					want = append(want, a)
					quotes += len(a.Quotes)
				}
			}
			sum, err := db.Summary(ctx, g.id, f)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Articles != len(want) || sum.Quotes != quotes {
				t.Errorf("filter %+v: Summary counts %d articles and %d quotes, the filtered Articles %d and %d",
					f, sum.Articles, sum.Quotes, len(want), quotes)
			}
			for _, limit := range []int{0, 1, 7, 37, len(all) + 1} {
				got, err := db.ArticlePage(ctx, g.id, f, limit)
				if err != nil {
					t.Fatal(err)
				}
				if w := want[:min(limit, len(want))]; !reflect.DeepEqual(got, w) && len(got)+len(w) > 0 {
					t.Errorf("filter %+v, limit %d: ArticlePage differs from the first %d filtered Articles", f, limit, len(w))
				}
			}
			for _, limit := range []int{0, 1, 4, 5, 6, 123, quotes + 1} {
				got, err := db.QuotePage(ctx, g.id, f, limit)
				if err != nil {
					t.Fatal(err)
				}
				if w := firstQuotes(want, limit); !reflect.DeepEqual(got, w) && len(got)+len(w) > 0 {
					t.Errorf("filter %+v, limit %d: QuotePage differs from the first %d quotes of the filtered Articles", f, limit, limit)
				}
			}
		}
		for name, read := range map[string]func() error{
			"ArticlePage": func() error { _, err := db.ArticlePage(ctx, "no-such-story", dashboard.Filter{}, 10); return err },
			"QuotePage":   func() error { _, err := db.QuotePage(ctx, "no-such-story", dashboard.Filter{}, 10); return err },
			"Outlets":     func() error { _, err := db.Outlets(ctx, "no-such-story"); return err },
		} {
			if err := read(); !errors.Is(err, dashboard.ErrNotFound) {
				t.Errorf("%s of an unknown story: %v, want ErrNotFound", name, err)
			}
		}
	})
}

// firstQuotes returns the articles holding the first limit quotes of
// articles, each with those of its quotes.
func firstQuotes(articles []dashboard.Article, limit int) []dashboard.Article {
	var out []dashboard.Article
	for _, a := range articles {
		if limit <= 0 {
			break
		}
		if len(a.Quotes) == 0 {
			continue
		}
		a.Quotes = a.Quotes[:min(limit, len(a.Quotes))]
		limit -= len(a.Quotes)
		out = append(out, a)
	}
	return out
}

// A pair of function words ("of the") moved a score but says nothing about
// why: the drivers chart leaves it out, as it does the placeholders.
func TestSummaryDriversSkipFunctionWords(t *testing.T) {
	a := tone(0)
	a.Sentiment.Drivers = []sentiment.Driver{{Text: "of the", Weight: -2}, {Text: "@side", Weight: -1}, {Text: "impasse", Weight: -0.5}}
	b := dashboard.Batch{Articles: []dashboard.Article{{ExternalID: "a1", Body: "xy", Analysis: tone(0),
		Quotes: []dashboard.Quote{{Start: 0, End: 1, Side: "pakistan", Analysis: a}}}}}
	forEachDB(t, func(t *testing.T, db *DB) {
		putStory(t, db, "s")
		if _, err := db.Import(t.Context(), "s", b); err != nil {
			t.Fatal(err)
		}
		got, err := db.Summary(t.Context(), "s", dashboard.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Drivers) != 1 || got.Drivers[0].Text != "impasse" {
			t.Errorf("drivers %+v: want impasse alone", got.Drivers)
		}
	})
}
