package store

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/tonedesk/tonedesk/dashboard"
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
