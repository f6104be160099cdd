package store

import (
	"testing"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
)

// TestDecidedComments reads the decisions back for training: the latest
// decision of each decided comment wins, its corrections come with it,
// undecided comments stay out, and a story id filters.
func TestDecidedComments(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		putStory(t, db, "s")
		putStory(t, db, "t")
		// Article "b" is imported first, so database order is not the
		// order wanted (by article and comment external id).
		for _, imp := range []struct {
			story string
			art   dashboard.Article
		}{
			{"s", dashboard.Article{ExternalID: "b", Title: "B", Body: "Body.", Analysis: tone(0), Comments: []dashboard.Comment{
				{ExternalID: "c1", Text: "b's comment", Analysis: flagged(-0.5, "profanity", 0.4, "damn")},
			}}},
			{"s", dashboard.Article{ExternalID: "a", Title: "A", Body: "Body.", Analysis: tone(0), Comments: []dashboard.Comment{
				{ExternalID: "c2", Text: "you idiot", Analysis: flagged(-0.9, "insult", 0.6, "idiot")},
				{ExternalID: "c1", Text: "I will hurt you", Analysis: flagged(-0.8, "threat", 0.95, "hurt you")},
				{ExternalID: "c3", Text: "never decided", Analysis: flagged(-0.2, "spam", 0.3, "http")},
			}}},
			{"t", dashboard.Article{ExternalID: "a", Title: "A", Body: "Body.", Analysis: tone(0), Comments: []dashboard.Comment{
				{ExternalID: "c1", Text: "other story", Analysis: flagged(-0.3, "insult", 0.5, "clown")},
			}}},
		} {
			if _, err := db.Import(ctx, imp.story, dashboard.Batch{Articles: []dashboard.Article{imp.art}}); err != nil {
				t.Fatal(err)
			}
		}
		ids := map[string]int64{}
		for _, story := range []string{"s", "t"} {
			cs, err := db.Comments(ctx, story)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cs {
				ids[story+"/"+c.ArticleExternalID+"/"+c.ExternalID] = c.ID
			}
		}
		t0 := time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)
		// The insult is first approved with a sentiment correction, then
		// rejected with a flag correction: the rejection wins, alone.
		for _, batch := range [][]dashboard.Decision{
			{{CommentID: ids["s/a/c2"], Action: dashboard.Approved, Sentiment: "neutral", By: "mo", At: t0}},
			{{CommentID: ids["s/a/c2"], Action: dashboard.Rejected, Flag: "identity_attack", By: "ana", At: t0.Add(time.Hour)},
				{CommentID: ids["s/a/c1"], Action: dashboard.Rejected, By: "ana", At: t0.Add(time.Hour)},
				{CommentID: ids["s/b/c1"], Action: dashboard.Approved, Sentiment: "negative", Stance: "none", Flag: "none", By: "ana", At: t0.Add(time.Hour)},
				{CommentID: ids["t/a/c1"], Action: dashboard.Approved, By: "mo", At: t0.Add(2 * time.Hour)}},
		} {
			if err := db.Decide(ctx, batch); err != nil {
				t.Fatal(err)
			}
		}

		all, err := db.DecidedComments(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, dc := range all {
			got = append(got, dc.StoryID+"/"+dc.Comment.ArticleExternalID+"/"+dc.Comment.ExternalID)
		}
		want := []string{"s/a/c1", "s/a/c2", "s/b/c1", "t/a/c1"}
		if len(got) != len(want) {
			t.Fatalf("decided comments %v, want %v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("decided comments %v, want %v", got, want)
			}
		}
		insult := all[1]
		if d := insult.Decision; d.Action != dashboard.Rejected || d.Flag != "identity_attack" || d.Sentiment != "" ||
			d.By != "ana" || !d.At.Equal(t0.Add(time.Hour)) || d.CommentID != ids["s/a/c2"] {
			t.Errorf("latest decision on the insult = %+v", d)
		}
		if c := insult.Comment; c.Text != "you idiot" || c.Moderation != dashboard.Rejected || c.Analysis.Sentiment.Label != "negative" ||
			len(c.Analysis.Flags) != 1 || c.Analysis.Flags[0].Kind != "insult" || c.ArticleTitle != "A" {
			t.Errorf("insult comment = %+v", c)
		}
		if d := all[2].Decision; d.Action != dashboard.Approved || d.Sentiment != "negative" || d.Stance != "none" || d.Flag != "none" {
			t.Errorf("corrected approval = %+v", d)
		}

		only, err := db.DecidedComments(ctx, "t")
		if err != nil || len(only) != 1 || only[0].StoryID != "t" || only[0].Comment.Text != "other story" ||
			only[0].Decision.Action != dashboard.Approved {
			t.Errorf("story t: %+v, %v", only, err)
		}
		if none, err := db.DecidedComments(ctx, "nope"); err != nil || len(none) != 0 {
			t.Errorf("unknown story: %+v, %v", none, err)
		}
	})
}
