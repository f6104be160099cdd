package store

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
)

// The Summary of before the comment passes were merged and then replaced
// by the comment rollups, kept as the reference that
// TestSummaryMatchesReference and TestRollupsFollowWrites compare Summary
// with: one query per rollup, each a pass over the comments, the filter
// and the grouping done by the database.

// refSummary is Summary with a pass over the comments per rollup.
func (db *DB) refSummary(ctx context.Context, storyID string, f dashboard.Filter) (dashboard.Summary, error) {
	const op = "store: summary"
	s := dashboard.Summary{StoryID: storyID}
	err := db.read(ctx, storyID, func(tx *sql.Tx) error {
		w := db.articleWhere(storyID, f, 1)
		if err := refSummarySources(ctx, tx, w, &s); err != nil {
			return fmt.Errorf("sources: %w", err)
		}
		if err := tx.QueryRowContext(ctx, `
			SELECT MIN(t), MAX(t) FROM (
				SELECT a.published AS t FROM articles a WHERE `+w.sql+`
				UNION ALL
				SELECT c.posted FROM comments c JOIN articles a ON a.id = c.article_id
				WHERE `+w.sql+w.comments+`
			) times`, w.args...).Scan(timeScan{&s.From}, timeScan{&s.To}); err != nil {
			return fmt.Errorf("dates: %w", err)
		}
		if err := refSummaryHistogram(ctx, tx, db.articleWhere(storyID, f, 2), &s); err != nil {
			return fmt.Errorf("histogram: %w", err)
		}
		if err := summarySides(ctx, tx, w, &s); err != nil {
			return fmt.Errorf("sides: %w", err)
		}
		if err := refSummaryStances(ctx, tx, w, &s); err != nil {
			return fmt.Errorf("stances: %w", err)
		}
		if err := refSummaryDays(ctx, tx, w, &s); err != nil {
			return fmt.Errorf("days: %w", err)
		}
		if err := summaryDrivers(ctx, tx, w, &s); err != nil {
			return fmt.Errorf("drivers: %w", err)
		}
		if err := summaryStale(ctx, tx, storyID, db.articleWhere(storyID, f, 2), &s); err != nil {
			return fmt.Errorf("stale: %w", err)
		}
		return nil
	})
	if err != nil {
		return dashboard.Summary{}, fmt.Errorf("%s: %w", op, err)
	}
	return s, nil
}

// summaryStale fills in s.Stale for the articles that w matches (its
// placeholders from $2), against the story's analyzer; nothing when the
// story records none: how refSummary counts them (Summary counts the stale
// comments from their rollups).
func summaryStale(ctx context.Context, tx *sql.Tx, storyID string, w whereClause, s *dashboard.Summary) error {
	var analyzer string
	if err := tx.QueryRowContext(ctx, `SELECT analyzer FROM stories WHERE id = $1`, storyID).Scan(&analyzer); err != nil {
		return err
	}
	if analyzer == "" {
		return nil
	}
	st, err := staleness(ctx, tx, analyzer, w)
	s.Stale = st
	return err
}

// refSummarySources is the sources query of refSummary.
func refSummarySources(ctx context.Context, tx *sql.Tx, w whereClause, s *dashboard.Summary) error {
	rows, err := tx.QueryContext(ctx, `
		SELECT 'a', a.source, COUNT(*), COALESCE(AVG(CASE WHEN a.body <> '' THEN a.sentiment_score END), 0)
		FROM articles a WHERE `+w.sql+` GROUP BY a.source
		UNION ALL
		SELECT 't', a.source, COUNT(*), 0
		FROM articles a WHERE `+w.sql+` AND a.body = '' GROUP BY a.source
		UNION ALL
		SELECT 'q', a.source, COUNT(*), COALESCE(AVG(q.sentiment_score), 0)
		FROM quotes q JOIN articles a ON a.id = q.article_id
		WHERE `+w.sql+` GROUP BY a.source
		UNION ALL
		SELECT 'c', a.source, COUNT(*), COALESCE(AVG(c.sentiment_score), 0)
		FROM comments c JOIN articles a ON a.id = c.article_id
		WHERE `+w.sql+w.comments+` GROUP BY a.source`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	bySource := map[string]*dashboard.SourceTone{}
	for rows.Next() {
		var kind, source string
		var n int
		var mean float64
		if err := rows.Scan(&kind, &source, &n, &mean); err != nil {
			return err
		}
		t := bySource[source]
		if t == nil {
			t = &dashboard.SourceTone{Source: source}
			bySource[source] = t
		}
		switch kind {
		case "a":
			t.Articles, t.ArticleTone = n, mean
			s.Articles += n
		case "t":
			t.NoText = n
		case "q":
			t.Quotes, t.QuoteTone = n, mean
			s.Quotes += n
		case "c":
			t.Comments, t.CommentTone = n, mean
			s.Comments += n
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range bySource {
		s.Sources = append(s.Sources, *t)
	}
	sort.Slice(s.Sources, func(i, j int) bool { return s.Sources[i].Source < s.Sources[j].Source })
	return nil
}

// refSummaryHistogram is the histogram query of refSummary (placeholders
// from $2): FLOOR(score*n/2) + n/2, clamped.
func refSummaryHistogram(ctx context.Context, tx *sql.Tx, w whereClause, s *dashboard.Summary) error {
	const n = dashboard.HistogramBins
	rows, err := tx.QueryContext(ctx, `
		SELECT FLOOR(c.sentiment_score * $1) AS bin, COUNT(*)
		FROM comments c JOIN articles a ON a.id = c.article_id
		WHERE `+w.sql+w.comments+`
		GROUP BY bin`, append([]any{float64(n) / 2}, w.args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var bin float64
		var count int
		if err := rows.Scan(&bin, &count); err != nil {
			return err
		}
		i := min(max(int(bin)+n/2, 0), n-1)
		s.Histogram[i] += count
	}
	return rows.Err()
}

// refSummaryStances is the stances query of refSummary.
func refSummaryStances(ctx context.Context, tx *sql.Tx, w whereClause, s *dashboard.Summary) error {
	rows, err := tx.QueryContext(ctx, `
		SELECT a.source, COALESCE(NULLIF(c.stance_label, ''), 'none'), COUNT(*),
			SUM(c.sentiment_score), SUM(c.sentiment_score * c.sentiment_score)
		FROM comments c JOIN articles a ON a.id = c.article_id
		WHERE `+w.sql+w.comments+`
		GROUP BY a.source, COALESCE(NULLIF(c.stance_label, ''), 'none')`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	byStance := moments{}
	for rows.Next() {
		var source, stance string
		var c moment
		if err := rows.Scan(&source, &stance, &c.n, &c.sum, &c.sq); err != nil {
			return err
		}
		s.SourceStances = append(s.SourceStances, dashboard.SourceStance{Source: source, Stance: stance, Comments: c.n})
		byStance.add(stance, c)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for stance, t := range byStance {
		mean, sd := t.meanSD()
		s.StanceTones = append(s.StanceTones, dashboard.StanceTone{Stance: stance, Comments: t.n, Mean: mean, SD: sd})
	}
	sort.Slice(s.StanceTones, func(i, j int) bool { return s.StanceTones[i].Stance < s.StanceTones[j].Stance })
	sort.Slice(s.SourceStances, func(i, j int) bool {
		a, b := s.SourceStances[i], s.SourceStances[j]
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		return a.Stance < b.Stance
	})
	return nil
}

// refSummaryDays is the days query of refSummary.
func refSummaryDays(ctx context.Context, tx *sql.Tx, w whereClause, s *dashboard.Summary) error {
	rows, err := tx.QueryContext(ctx, `
		SELECT COALESCE(c.posted, a.published), CASE WHEN c.posted IS NULL THEN 1 ELSE 0 END,
			c.sentiment_score
		FROM comments c JOIN articles a ON a.id = c.article_id
		WHERE `+w.sql+w.comments, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	type sums struct {
		n, fallback int
		sum         float64
	}
	byDay := map[time.Time]*sums{}
	for rows.Next() {
		var t time.Time
		var fallback int
		var score float64
		if err := rows.Scan(timeScan{&t}, &fallback, &score); err != nil {
			return err
		}
		if t.IsZero() {
			s.UndatedComments++
			continue
		}
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		c := byDay[d]
		if c == nil {
			c = &sums{}
			byDay[d] = c
		}
		c.n, c.fallback, c.sum = c.n+1, c.fallback+fallback, c.sum+score
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for d, c := range byDay {
		s.Days = append(s.Days, dashboard.DayTone{Day: d, Comments: c.n, Mean: c.sum / float64(c.n), Fallback: c.fallback})
	}
	sort.Slice(s.Days, func(i, j int) bool { return s.Days[i].Day.Before(s.Days[j].Day) })
	return nil
}

// TestSummaryMatchesReference checks that Summary, which reads the comment
// rollups (rebuilt as migration 0006 builds them after the comment rows
// are changed here by hand), returns what refSummary's query per rollup
// returns, for filters of sources, dates and rejected comments together,
// on a generated
// story (deterministic seed) with every stance, scores on the bins' edges
// (-1, -0.8, 0, 0.3, 1 and the like), rejected and undated comments, and
// items another analyzer scored. Counts, bins, days and times must be
// equal; means and deviations, added up in another order, within 1e-9.
func TestSummaryMatchesReference(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		g := newBenchStory(0.05) // 100 articles (one undated), 10,000 comments
		g.importAll(t, db)
		for _, q := range []string{
			`UPDATE comments SET moderation = 'rejected' WHERE id % 7 = 0`,
			`UPDATE comments SET sentiment_score = ((id % 21) - 10) / 10.0 WHERE id % 3 = 0`,
			`UPDATE comments SET sentiment_score = 1 WHERE id % 101 = 0`,
			`UPDATE comments SET analyzer = 'old' WHERE id % 11 = 0`,
			`UPDATE quotes SET analyzer = 'old' WHERE id % 13 = 0`,
			`UPDATE articles SET analyzer = 'old' WHERE id % 17 = 0`,
		} {
			if _, err := db.db.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		rebuildRollups(t, db)
		day := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
		filters := []dashboard.Filter{
			{},
			{Rejected: true},
			{Sources: []string{g.outlets[2], g.outlets[5]}},
			{Sources: []string{g.outlets[1]}, Rejected: true},
			{Sources: []string{"nowhere"}},
			{From: day, To: day.AddDate(0, 0, 10)},
			{From: day, Rejected: true},
			{To: day.AddDate(0, 0, 20), Sources: []string{g.outlets[0], g.outlets[3]}},
		}
		for _, analyzer := range []string{"bench-v1", ""} {
			if _, err := db.db.ExecContext(ctx, `UPDATE stories SET analyzer = $1 WHERE id = $2`, analyzer, g.id); err != nil {
				t.Fatal(err)
			}
			for _, f := range filters {
				got, err := db.Summary(ctx, g.id, f)
				if err != nil {
					t.Fatal(err)
				}
				want, err := db.refSummary(ctx, g.id, f)
				if err != nil {
					t.Fatal(err)
				}
				if want.Comments == 0 && len(f.Sources) == 0 {
					t.Fatalf("analyzer %q, filter %+v: no comments to compare", analyzer, f)
				}
				if diff := summaryDiff(reflect.ValueOf(got), reflect.ValueOf(want), "Summary"); diff != "" {
					t.Errorf("analyzer %q, filter %+v: %s", analyzer, f, diff)
				}
			}
		}
	})
}

// summaryDiff returns the first difference between got and want, floats
// compared with near and times with Equal, or "".
func summaryDiff(got, want reflect.Value, path string) string {
	if got.Type() == reflect.TypeFor[time.Time]() {
		if g, w := got.Interface().(time.Time), want.Interface().(time.Time); !g.Equal(w) {
			return fmt.Sprintf("%s = %v, want %v", path, g, w)
		}
		return ""
	}
	switch got.Kind() {
	case reflect.Float64:
		if !near(got.Float(), want.Float()) {
			return fmt.Sprintf("%s = %v, want %v", path, got.Float(), want.Float())
		}
	case reflect.Struct:
		for i := range got.NumField() {
			if d := summaryDiff(got.Field(i), want.Field(i), path+"."+got.Type().Field(i).Name); d != "" {
				return d
			}
		}
	case reflect.Slice, reflect.Array:
		if got.Len() != want.Len() {
			return fmt.Sprintf("%s has %d items, want %d: %+v\nwant %+v", path, got.Len(), want.Len(), got, want)
		}
		for i := range got.Len() {
			if d := summaryDiff(got.Index(i), want.Index(i), fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
	default:
		if !reflect.DeepEqual(got.Interface(), want.Interface()) {
			return fmt.Sprintf("%s = %v, want %v", path, got, want)
		}
	}
	return ""
}
