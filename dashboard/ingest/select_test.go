package ingest

import (
	"errors"
	"slices"
	"testing"

	"github.com/tonedesk/tonedesk/dashboard"
)

func selectBatch() dashboard.Batch {
	return dashboard.Batch{
		File: "site.xml",
		Articles: []dashboard.Article{
			{ExternalID: "https://a.example/istanbul-talks", URL: "https://a.example/istanbul-talks", Title: "Talks stall",
				Comments: []dashboard.Comment{{ExternalID: "c1"}, {ExternalID: "c2"}}},
			{ExternalID: "https://a.example/weather", URL: "https://a.example/weather", Title: "Rain",
				Comments: []dashboard.Comment{{ExternalID: "c3"}}},
			{ExternalID: "post-7", Title: "Kabul answers", Comments: nil},
		},
		Comments: []dashboard.Comment{
			{ExternalID: "l1", ArticleExternalID: "https://a.example/weather"},        // its article is left out
			{ExternalID: "l2", ArticleExternalID: "post-7"},                           // its article is kept
			{ExternalID: "l3", ArticleExternalID: "https://b.example/istanbul-again"}, // not in the batch: judged by the id
			{ExternalID: "l4", ArticleExternalID: "https://b.example/sport"},
		},
	}
}

func ids[T any](xs []T, id func(T) string) []string {
	var out []string
	for _, x := range xs {
		out = append(out, id(x))
	}
	return out
}

func TestSelect(t *testing.T) {
	b := selectBatch()
	skipped, err := Select(&b, []string{"ISTANBUL", "kabul"})
	if err != nil {
		t.Fatal(err)
	}
	arts := ids(b.Articles, func(a dashboard.Article) string { return a.ExternalID })
	if want := []string{"https://a.example/istanbul-talks", "post-7"}; !slices.Equal(arts, want) {
		t.Errorf("articles %v, want %v", arts, want)
	}
	loose := ids(b.Comments, func(c dashboard.Comment) string { return c.ExternalID })
	if want := []string{"l2", "l3"}; !slices.Equal(loose, want) {
		t.Errorf("comments %v, want %v", loose, want)
	}
	if len(b.Articles[0].Comments) != 2 {
		t.Errorf("a kept article lost its comments: %v", b.Articles[0].Comments)
	}
	if got, want := skipped.String(), "3 comments of a skipped article, 1 unselected article"; got != want {
		t.Errorf("skipped %q, want %q", got, want)
	}
}

func TestSelectNoPatternsKeepsAll(t *testing.T) {
	b := selectBatch()
	skipped, err := Select(&b, nil)
	if err != nil || skipped.Total() != 0 || len(b.Articles) != 3 || len(b.Comments) != 4 {
		t.Errorf("Select(nil): %v, skipped %v, %d articles, %d comments", err, skipped, len(b.Articles), len(b.Comments))
	}
}

func TestSelectEmptyPatternIsAnError(t *testing.T) {
	b := selectBatch()
	if _, err := Select(&b, []string{"istanbul", ""}); err == nil || len(b.Articles) != 3 {
		t.Errorf("an empty pattern: err %v, %d articles left", err, len(b.Articles))
	}
}

func TestSelectNothingIsAnError(t *testing.T) {
	b := selectBatch()
	_, err := Select(&b, []string{"nowhere", "nope"})
	var ie *Error
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want an *Error", err)
	}
	want := `site.xml: no article's URL, title or id contains "nowhere" or "nope" (the file has 3 articles)`
	if err.Error() != want {
		t.Errorf("err = %q\nwant  %q", err, want)
	}
	b = dashboard.Batch{File: "c.jsonl", Comments: []dashboard.Comment{{ArticleExternalID: "x"}}}
	_, err = Select(&b, []string{"y"})
	if err == nil || err.Error() != `c.jsonl: no article's URL, title or id contains "y" (the file has no articles and 1 comment)` {
		t.Errorf("comments only: %v", err)
	}
}

func TestSkippedMerge(t *testing.T) {
	var s Skipped
	if got := s.Merge(nil); got != nil {
		t.Errorf("nil.Merge(nil) = %v", got)
	}
	s = s.Merge(Skipped{skipSpam: 2})
	s = s.Merge(Skipped{skipSpam: 1, skipPage: 1})
	if got, want := s.String(), "3 spam comments, 1 page"; got != want {
		t.Errorf("merged %q, want %q", got, want)
	}
}
