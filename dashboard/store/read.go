package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/sentiment"
)

// Articles returns a story's articles, oldest first (undated last, then in
// import order), each with its quotes in span order but without comments.
// It returns an error wrapping dashboard.ErrNotFound if the story does not
// exist, and the database's error otherwise.
func (db *DB) Articles(ctx context.Context, storyID string) ([]dashboard.Article, error) {
	const op = "store: articles"
	var out []dashboard.Article
	err := db.read(ctx, storyID, func(tx *sql.Tx) error {
		var err error
		out, err = scanArticles(ctx, tx, storyID, `SELECT `+articleFields+` FROM articles a
			WHERE a.story_id = $1
			ORDER BY `+articleOrder, storyID)
		if err != nil {
			return err
		}
		return addQuotes(ctx, tx, out, `SELECT `+quoteFields+` FROM quotes q
			JOIN articles a ON a.id = q.article_id
			WHERE a.story_id = $1
			ORDER BY `+quoteOrder, storyID)
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}

// articleOrder is the order of a story's articles (alias a): oldest first,
// undated last, then in import order. quoteOrder is that of the quotes
// (alias q) of one article: in span order. commentOrder is that of a
// story's comments (alias c, with their articles a): in the order of their
// articles, then by posted time (unknown last), then in import order.
const (
	articleOrder = `a.published ASC NULLS LAST, a.id`
	quoteOrder   = `q.article_id, q.span_start, q.span_end, q.id`
	commentOrder = articleOrder + `, c.posted ASC NULLS LAST, c.position, c.id`
)

// ArticlePage returns the first limit articles, in the order of Articles,
// of a story that f matches, each with its quotes: what Articles returns,
// filtered, cut to limit. It returns an error wrapping
// dashboard.ErrNotFound if the story does not exist, and the database's
// error otherwise.
func (db *DB) ArticlePage(ctx context.Context, storyID string, f dashboard.Filter, limit int) ([]dashboard.Article, error) {
	const op = "store: article page"
	var out []dashboard.Article
	if limit <= 0 {
		return out, nil
	}
	err := db.read(ctx, storyID, func(tx *sql.Tx) error {
		w := db.articleWhere(storyID, f, 2)
		args := append([]any{limit}, w.args...)
		page := `SELECT a.id FROM articles a WHERE ` + w.sql + ` ORDER BY ` + articleOrder + ` LIMIT $1`
		var err error
		out, err = scanArticles(ctx, tx, storyID, `SELECT `+articleFields+` FROM articles a
			WHERE a.id IN (`+page+`)
			ORDER BY `+articleOrder, args...)
		if err != nil {
			return err
		}
		return addQuotes(ctx, tx, out, `SELECT `+quoteFields+` FROM quotes q
			WHERE q.article_id IN (`+page+`)
			ORDER BY `+quoteOrder, args...)
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}

// QuotePage returns the first limit quoted statements of the articles of a
// story that f matches, in the order of Articles (the articles' order,
// then span order), under their articles: what Articles returns, filtered,
// without the articles that hold none of the first limit quotes and with
// the quotes after them left out. Only the quotes of the page are read.
// It returns an error wrapping dashboard.ErrNotFound if the story does
// not exist, and the database's error otherwise.
func (db *DB) QuotePage(ctx context.Context, storyID string, f dashboard.Filter, limit int) ([]dashboard.Article, error) {
	const op = "store: quote page"
	var out []dashboard.Article
	if limit <= 0 {
		return out, nil
	}
	err := db.read(ctx, storyID, func(tx *sql.Tx) error {
		w := db.articleWhere(storyID, f, 2)
		args := append([]any{limit}, w.args...)
		page := `SELECT q.id FROM quotes q JOIN articles a ON a.id = q.article_id WHERE ` + w.sql + `
			ORDER BY ` + articleOrder + `, q.span_start, q.span_end, q.id LIMIT $1`
		var err error
		out, err = scanArticles(ctx, tx, storyID, `SELECT `+articleFields+` FROM articles a
			WHERE a.id IN (SELECT q.article_id FROM quotes q WHERE q.id IN (`+page+`))
			ORDER BY `+articleOrder, args...)
		if err != nil {
			return err
		}
		return addQuotes(ctx, tx, out, `SELECT `+quoteFields+` FROM quotes q
			WHERE q.id IN (`+page+`)
			ORDER BY `+quoteOrder, args...)
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}

// Outlets returns the outlets of a story's articles, each with its number
// of articles: what a filter may choose from, without reading the
// articles. It returns an error wrapping dashboard.ErrNotFound if the
// story does not exist, and the database's error otherwise.
func (db *DB) Outlets(ctx context.Context, storyID string) (map[string]int, error) {
	const op = "store: outlets"
	out := map[string]int{}
	err := db.read(ctx, storyID, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `
			SELECT source, COUNT(*) FROM articles WHERE story_id = $1 GROUP BY source`, storyID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var source string
			var n int
			if err := rows.Scan(&source, &n); err != nil {
				return err
			}
			out[source] = n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}

// scanArticles runs query, whose columns are articleFields, and returns
// the articles in the order read, without quotes.
func scanArticles(ctx context.Context, tx *sql.Tx, storyID, query string, args ...any) ([]dashboard.Article, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dashboard.Article
	for rows.Next() {
		a := dashboard.Article{StoryID: storyID}
		if err := scanArticle(rows, &a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// addQuotes runs query, whose columns are quoteFields, and appends each
// quote read to its article in articles, in the order read; quotes of
// other articles are dropped.
func addQuotes(ctx context.Context, tx *sql.Tx, articles []dashboard.Article, query string, args ...any) error {
	index := make(map[int64]int, len(articles))
	for i, a := range articles {
		index[a.ID] = i
	}
	return scanQuotes(ctx, tx, query, args, func(q dashboard.Quote) {
		if i, ok := index[q.ArticleID]; ok {
			articles[i].Quotes = append(articles[i].Quotes, q)
		}
	})
}

// Comments returns a story's comments in article order (as Articles), then
// by posted time (unknown last), then in import order; with Source and
// ArticleTitle filled in. It returns an error wrapping dashboard.ErrNotFound
// if the story does not exist, and the database's error otherwise.
func (db *DB) Comments(ctx context.Context, storyID string) ([]dashboard.Comment, error) {
	const op = "store: comments"
	var out []dashboard.Comment
	err := db.read(ctx, storyID, func(tx *sql.Tx) error {
		return scanComments(ctx, tx, `SELECT `+commentFields+`
			FROM comments c
			JOIN articles a ON a.id = c.article_id
			WHERE a.story_id = $1
			ORDER BY `+commentOrder,
			[]any{storyID}, func(c dashboard.Comment) { out = append(out, c) })
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}

// CommentPage returns the first limit comments, in the order of Comments,
// of the articles of a story that f matches, leaving out the rejected ones
// unless f.Rejected (the comments Summary counts): what Comments returns,
// filtered, cut to limit. The ids of the page are chosen from the
// comments' index without reading their text or analysis, so a page costs
// about the same at 500 comments as at 500,000. It returns an error
// wrapping dashboard.ErrNotFound if the story does not exist, and the
// database's error otherwise.
func (db *DB) CommentPage(ctx context.Context, storyID string, f dashboard.Filter, limit int) ([]dashboard.Comment, error) {
	const op = "store: comment page"
	var out []dashboard.Comment
	if limit <= 0 {
		return out, nil
	}
	err := db.read(ctx, storyID, func(tx *sql.Tx) error {
		w := db.articleWhere(storyID, f, 2)
		return scanComments(ctx, tx, `SELECT `+commentFields+`
			FROM comments c
			JOIN articles a ON a.id = c.article_id
			WHERE c.id IN (
				SELECT c.id FROM comments c JOIN articles a ON a.id = c.article_id
				WHERE `+w.sql+w.comments+`
				ORDER BY `+commentOrder+`
				LIMIT $1)
			ORDER BY `+commentOrder,
			append([]any{limit}, w.args...), func(c dashboard.Comment) { out = append(out, c) })
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}

// Summary returns the counts and rollups of the articles of a story that f
// matches (see dashboard.Filter; the zero Filter is the whole story), with
// their quotes and comments, read from one snapshot of the database:
// per-source mean sentiment of articles, quotes and comments (sources in
// byte order), the span of published and posted times, the histogram of
// comment scores, the tone of quoted statements per side and per side
// and source, the tone of comments per stance and their stances per
// source, comments per day, the drivers of each side's statements, and
// how many items another analyzer than the story's scored. The filter is
// applied by the database. The comments are not read: their counts come
// from the comment rollups (rollup.go), kept per article, and their span
// from two index entries per article. It returns an error wrapping
// dashboard.ErrNotFound if the story does not exist, and the database's
// error otherwise.
func (db *DB) Summary(ctx context.Context, storyID string, f dashboard.Filter) (dashboard.Summary, error) {
	const op = "store: summary"
	s := dashboard.Summary{StoryID: storyID}
	err := db.read(ctx, storyID, func(tx *sql.Tx) error {
		var analyzer string
		if err := tx.QueryRowContext(ctx, `SELECT analyzer FROM stories WHERE id = $1`, storyID).Scan(&analyzer); err != nil {
			return fmt.Errorf("analyzer: %w", err)
		}
		w, w2 := db.articleWhere(storyID, f, 1), db.articleWhere(storyID, f, 2)
		bySource, err := summaryComments(ctx, tx, w, analyzer, &s)
		if err != nil {
			return fmt.Errorf("comments: %w", err)
		}
		if err := summarySources(ctx, tx, w, bySource, &s); err != nil {
			return fmt.Errorf("sources: %w", err)
		}
		if err := summarySides(ctx, tx, w, &s); err != nil {
			return fmt.Errorf("sides: %w", err)
		}
		if err := summaryDrivers(ctx, tx, w, &s); err != nil {
			return fmt.Errorf("drivers: %w", err)
		}
		if analyzer != "" {
			// Stale comments were counted from their rollups.
			if err := tx.QueryRowContext(ctx, `SELECT `+staleCounts(w2),
				append([]any{analyzer}, w2.args...)...).Scan(&s.Stale.Articles, &s.Stale.Quotes); err != nil {
				return fmt.Errorf("stale: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return dashboard.Summary{}, fmt.Errorf("%s: %w", op, err)
	}
	return s, nil
}

// whereClause is the condition on the articles (alias a) of a story that a
// filter matches, with its arguments.
type whereClause struct {
	sql  string
	args []any
	// comments is the condition on the comments (alias c) the filter
	// counts, " AND ..." or "": rejected comments are left out unless the
	// filter includes them. rollups is the same condition on their rollups
	// (alias r).
	comments, rollups string
}

// articleWhere returns the condition on articles a of the story that f
// matches, its placeholders numbered from first ($first is the story id).
// The same text serves both dialects: a source list is an IN of one
// placeholder per outlet, and the bounds compare with published, which is
// NULL (and so matches no bound) when the article is undated.
func (db *DB) articleWhere(storyID string, f dashboard.Filter, first int) whereClause {
	w := whereClause{args: []any{storyID}}
	arg := func(v any) string {
		w.args = append(w.args, v)
		return fmt.Sprintf("$%d", first+len(w.args)-1)
	}
	var b strings.Builder
	b.WriteString("a.story_id = " + fmt.Sprintf("$%d", first))
	if len(f.Sources) > 0 {
		b.WriteString(" AND a.source IN (")
		for i, src := range f.Sources {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(arg(src))
		}
		b.WriteString(")")
	}
	if !f.From.IsZero() {
		b.WriteString(" AND a.published >= " + arg(db.d.timeArg(f.From)))
	}
	if !f.To.IsZero() {
		b.WriteString(" AND a.published < " + arg(db.d.timeArg(f.To)))
	}
	w.sql = b.String()
	if !f.Rejected {
		w.comments = " AND c.moderation <> 'rejected'"
		w.rollups = " AND NOT r.rejected"
	}
	return w
}

// summarySources fills in the counts and s.Sources of the articles that w
// matches, and widens s.From and s.To to their published times, in one
// pass over the articles and one over their quotes; the comments per
// source are those summaryComments counted.
func summarySources(ctx context.Context, tx *sql.Tx, w whereClause, comments map[string]moment, s *dashboard.Summary) error {
	rows, err := tx.QueryContext(ctx, `
		SELECT 'a', a.source, COUNT(*), COALESCE(AVG(CASE WHEN a.body <> '' THEN a.sentiment_score END), 0),
			COUNT(CASE WHEN a.body = '' THEN 1 END), MIN(a.published), MAX(a.published)
		FROM articles a WHERE `+w.sql+` GROUP BY a.source
		UNION ALL
		SELECT 'q', a.source, COUNT(*), COALESCE(AVG(q.sentiment_score), 0), 0, NULL, NULL
		FROM quotes q JOIN articles a ON a.id = q.article_id
		WHERE `+w.sql+` GROUP BY a.source`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	bySource := map[string]*dashboard.SourceTone{}
	tone := func(source string) *dashboard.SourceTone {
		t := bySource[source]
		if t == nil {
			t = &dashboard.SourceTone{Source: source}
			bySource[source] = t
		}
		return t
	}
	for rows.Next() {
		var kind, source string
		var n, noText int
		var mean float64
		var from, to time.Time
		if err := rows.Scan(&kind, &source, &n, &mean, &noText, timeScan{&from}, timeScan{&to}); err != nil {
			return err
		}
		widenSpan(s, from)
		widenSpan(s, to)
		t := tone(source)
		switch kind {
		case "a":
			t.Articles, t.ArticleTone, t.NoText = n, mean, noText
			s.Articles += n
		case "q":
			t.Quotes, t.QuoteTone = n, mean
			s.Quotes += n
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for source, c := range comments {
		t := tone(source)
		t.Comments, t.CommentTone = c.n, c.sum/float64(c.n)
		s.Comments += c.n
	}
	for _, t := range bySource {
		s.Sources = append(s.Sources, *t)
	}
	sort.Slice(s.Sources, func(i, j int) bool { return s.Sources[i].Source < s.Sources[j].Source })
	return nil
}

// widenSpan widens s.From and s.To to take in t, unless t is the zero time.
func widenSpan(s *dashboard.Summary, t time.Time) {
	if t.IsZero() {
		return
	}
	if s.From.IsZero() || t.Before(s.From) {
		s.From = t
	}
	if s.To.IsZero() || t.After(s.To) {
		s.To = t
	}
}

// summaryComments folds the comment rollups of the articles that w matches
// into s.Histogram, s.StanceTones, s.SourceStances, s.Days,
// s.UndatedComments, and s.Stale.Comments (against analyzer; not counted
// when it is ""), widens s.From and s.To to the comments' posted times
// (commentSpan), and returns the count and sums of scores per source, for
// s.Sources. The rollups count the comments w.rollups keeps; staleness
// counts rejected comments too, so when analyzer is set the query keeps
// them and the fold skips them.
//
// As the comment rows did: an empty stance label counts as "none", a score
// in its histogramBin, and a comment's day is its posted time's, or its
// article's published time's when it has none (Fallback), in UTC; with
// neither it is undated.
func summaryComments(ctx context.Context, tx *sql.Tx, w whereClause, analyzer string, s *dashboard.Summary) (map[string]moment, error) {
	where := w.sql
	if analyzer == "" {
		where += w.rollups + ` AND r.kind <> '` + rollupAnalyzer + `'`
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT a.source, r.kind, r.bucket, r.rejected, r.comments, r.score_sum, r.score_sq,
			CASE WHEN r.kind = '`+rollupDay+`' AND r.bucket = '' THEN a.published END
		FROM comment_rollups r JOIN articles a ON a.id = r.article_id
		WHERE `+where, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	bySource := map[string]moments{} // source -> stance -> moment
	byDay := map[time.Time]*dashboard.DayTone{}
	countAll := w.rollups == ""
	for rows.Next() {
		var source, kind, bucket sql.RawBytes
		var rejected bool
		var m moment
		var published time.Time
		if err := rows.Scan(&source, &kind, &bucket, &rejected, &m.n, &m.sum, &m.sq, timeScan{&published}); err != nil {
			return nil, err
		}
		if string(kind) == rollupAnalyzer {
			if string(bucket) != analyzer {
				s.Stale.Comments += m.n
			}
			continue
		}
		if rejected && !countAll {
			continue
		}
		switch string(kind) {
		case rollupStance:
			byStance := bySource[string(source)]
			if byStance == nil {
				byStance = moments{}
				bySource[string(source)] = byStance
			}
			byStance.add(string(bucket), m)
		case rollupBin:
			bin, err := strconv.Atoi(string(bucket))
			if err != nil || bin < 0 || bin >= len(s.Histogram) {
				return nil, fmt.Errorf("rollup bin %q", bucket)
			}
			s.Histogram[bin] += m.n
		case rollupDay:
			if err := addDay(byDay, string(bucket), published, m, s); err != nil {
				return nil, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := commentSpan(ctx, tx, w, s); err != nil {
		return nil, fmt.Errorf("span: %w", err)
	}

	out := map[string]moment{}
	byStance := moments{}
	for source, stances := range bySource {
		var total moment
		for stance, m := range stances {
			s.SourceStances = append(s.SourceStances, dashboard.SourceStance{Source: source, Stance: stance, Comments: m.n})
			byStance.add(stance, *m)
			total.n, total.sum, total.sq = total.n+m.n, total.sum+m.sum, total.sq+m.sq
		}
		out[source] = total
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
	for _, d := range byDay {
		d.Mean /= float64(d.Comments)
		s.Days = append(s.Days, *d)
	}
	sort.Slice(s.Days, func(i, j int) bool { return s.Days[i].Day.Before(s.Days[j].Day) })
	return out, nil
}

// addDay adds the comments m of a rollup row of kind day to byDay, their
// Mean the sum of their scores until summaryComments divides it: on the
// day of bucket, or, when bucket is "" (no posted time), on the day of
// their article's published time, counted in Fallback too; with neither
// they are counted in s.UndatedComments. It returns an error for a bucket
// that is not a day.
func addDay(byDay map[time.Time]*dashboard.DayTone, bucket string, published time.Time, m moment, s *dashboard.Summary) error {
	var day time.Time
	fallback := 0
	switch {
	case bucket != "":
		var err error
		if day, err = time.Parse(time.DateOnly, bucket); err != nil {
			return fmt.Errorf("rollup day: %w", err)
		}
	case published.IsZero():
		s.UndatedComments += m.n
		return nil
	default:
		day = time.Date(published.Year(), published.Month(), published.Day(), 0, 0, 0, 0, time.UTC)
		fallback = m.n
	}
	d := byDay[day]
	if d == nil {
		d = &dashboard.DayTone{Day: day}
		byDay[day] = d
	}
	d.Comments, d.Fallback, d.Mean = d.Comments+m.n, d.Fallback+fallback, d.Mean+m.sum
	return nil
}

// commentSpan widens s.From and s.To to the first and last posted times of
// the comments on the articles that w matches, of those w.comments keeps.
// It looks up two index entries per article (comments_article_read is in
// article and posted order) instead of reading the comments.
func commentSpan(ctx context.Context, tx *sql.Tx, w whereClause, s *dashboard.Summary) error {
	edge := func(order string) string {
		return `(SELECT c.posted FROM comments c
			WHERE c.article_id = a.id AND c.posted IS NOT NULL` + w.comments + `
			ORDER BY c.posted ` + order + ` LIMIT 1)`
	}
	var from, to time.Time
	if err := tx.QueryRowContext(ctx, `SELECT MIN(`+edge("ASC")+`), MAX(`+edge("DESC")+`)
		FROM articles a WHERE `+w.sql, w.args...).Scan(timeScan{&from}, timeScan{&to}); err != nil {
		return err
	}
	widenSpan(s, from)
	widenSpan(s, to)
	return nil
}

// summarySides fills in s.SideTones and s.SideSourceTones from the quotes
// of the articles that w matches. The database
// groups the quotes by side and source and returns the count, the sum of
// the scores and the sum of their squares; the per-side rows add those up,
// and dashboard.MeanSD turns sums into mean and deviation (no quote text is
// read). An empty side counts as dashboard.UnknownSide ('unknown' in the
// query).
func summarySides(ctx context.Context, tx *sql.Tx, w whereClause, s *dashboard.Summary) error {
	rows, err := tx.QueryContext(ctx, `
		SELECT COALESCE(NULLIF(q.side, ''), 'unknown'), a.source, COUNT(*),
			SUM(q.sentiment_score), SUM(q.sentiment_score * q.sentiment_score)
		FROM quotes q JOIN articles a ON a.id = q.article_id
		WHERE `+w.sql+`
		GROUP BY COALESCE(NULLIF(q.side, ''), 'unknown'), a.source`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	bySide := moments{}
	for rows.Next() {
		var side, source string
		var c moment
		if err := rows.Scan(&side, &source, &c.n, &c.sum, &c.sq); err != nil {
			return err
		}
		mean, sd := c.meanSD()
		s.SideSourceTones = append(s.SideSourceTones, dashboard.SideSourceTone{
			Side: side, Source: source, Quotes: c.n, Mean: mean, SD: sd,
		})
		bySide.add(side, c)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for side, t := range bySide {
		mean, sd := t.meanSD()
		s.SideTones = append(s.SideTones, dashboard.SideTone{Side: side, Quotes: t.n, Mean: mean, SD: sd})
	}
	sort.Slice(s.SideTones, func(i, j int) bool { return s.SideTones[i].Side < s.SideTones[j].Side })
	sort.Slice(s.SideSourceTones, func(i, j int) bool {
		a, b := s.SideSourceTones[i], s.SideSourceTones[j]
		if a.Side != b.Side {
			return a.Side < b.Side
		}
		return a.Source < b.Source
	})
	return nil
}

// moment is what the database sums of a group of scores: how many, their
// sum and the sum of their squares.
type moment struct {
	n       int
	sum, sq float64
}

// meanSD is dashboard.MeanSD of m.
func (m moment) meanSD() (mean, sd float64) { return dashboard.MeanSD(m.n, m.sum, m.sq) }

// moments adds up moments by key.
type moments map[string]*moment

func (ms moments) add(k string, c moment) {
	t := ms[k]
	if t == nil {
		t = &moment{}
		ms[k] = t
	}
	t.n, t.sum, t.sq = t.n+c.n, t.sum+c.sum, t.sq+c.sq
}

// summaryDrivers fills in s.Drivers from the analyses of the quotes of the
// articles that w matches. The drivers are inside the analysis JSON, which
// the two dialects read with different functions (json_each, jsonb_array_
// elements); so the database returns each quote's side and analysis, and
// the drivers are added up here. A driver's text is compared trimmed and
// in lower case; one that starts with "@" is the analyzer's placeholder for
// a mention of a side ("@side"), not a word of the statement, and is left
// out.
func summaryDrivers(ctx context.Context, tx *sql.Tx, w whereClause, s *dashboard.Summary) error {
	rows, err := tx.QueryContext(ctx, `
		SELECT COALESCE(NULLIF(q.side, ''), 'unknown'), q.id, q.analysis
		FROM quotes q JOIN articles a ON a.id = q.article_id
		WHERE `+w.sql+`
		ORDER BY q.id`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	type key struct{ side, text string }
	sums := map[key]*dashboard.SideDriver{}
	for rows.Next() {
		var side string
		var id int64
		var raw []byte
		if err := rows.Scan(&side, &id, &raw); err != nil {
			return err
		}
		// Only the drivers are needed: decoding into this much of the
		// analysis skips building its sentences, stance and flags.
		var a struct {
			Sentiment struct {
				Drivers []sentiment.Driver `json:"drivers"`
			} `json:"sentiment"`
		}
		if err := json.Unmarshal(raw, &a); err != nil {
			return fmt.Errorf("quote %d: analysis: %w", id, err)
		}
		seen := map[string]bool{}
		for _, d := range sentiment.FoldPhraseDrivers(a.Sentiment.Drivers) {
			text := strings.ToLower(strings.TrimSpace(d.Text))
			if text == "" || strings.HasPrefix(text, "@") || d.Weight == 0 || sentiment.OnlyFunctionWords(text) {
				continue
			}
			k := key{side, text}
			sd := sums[k]
			if sd == nil {
				sd = &dashboard.SideDriver{Side: side, Text: text}
				sums[k] = sd
			}
			sd.Weight += d.Weight
			sd.Abs += math.Abs(d.Weight)
			if !seen[text] {
				seen[text] = true
				sd.Quotes++
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	all := make([]dashboard.SideDriver, 0, len(sums))
	for _, d := range sums {
		all = append(all, *d)
	}
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if a.Side != b.Side {
			return a.Side < b.Side
		}
		if a.Abs != b.Abs {
			return a.Abs > b.Abs
		}
		return a.Text < b.Text
	})
	n := 0
	for i, d := range all {
		if i > 0 && d.Side != all[i-1].Side {
			n = 0
		}
		if n < dashboard.TopDrivers {
			s.Drivers = append(s.Drivers, d)
		}
		n++
	}
	return nil
}

// Article returns one article of a story with its quotes in span order and
// its comments in posting order (unknown last, then import order), Source
// and ArticleTitle filled in. It returns an error wrapping
// dashboard.ErrNotFound if the story does not exist or has no article with
// that id, and the database's error otherwise.
func (db *DB) Article(ctx context.Context, storyID string, id int64) (dashboard.Article, error) {
	const op = "store: article"
	a := dashboard.Article{StoryID: storyID}
	err := db.read(ctx, storyID, func(tx *sql.Tx) error {
		err := scanArticle(tx.QueryRowContext(ctx, `SELECT `+articleFields+` FROM articles a
			WHERE a.story_id = $1 AND a.id = $2`, storyID, id), &a)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("article %d: %w", id, dashboard.ErrNotFound)
		}
		if err != nil {
			return err
		}
		err = scanQuotes(ctx, tx, `SELECT `+quoteFields+` FROM quotes q
			WHERE q.article_id = $1
			ORDER BY q.span_start, q.span_end`, []any{id}, func(q dashboard.Quote) {
			a.Quotes = append(a.Quotes, q)
		})
		if err != nil {
			return err
		}
		return scanComments(ctx, tx, `SELECT `+commentFields+`
			FROM comments c
			JOIN articles a ON a.id = c.article_id
			WHERE c.article_id = $1
			ORDER BY c.posted ASC NULLS LAST, c.position, c.id`,
			[]any{id}, func(c dashboard.Comment) { a.Comments = append(a.Comments, c) })
	})
	if err != nil {
		return dashboard.Article{}, fmt.Errorf("%s: %w", op, err)
	}
	return a, nil
}

// The columns the row scanners read: articleFields of articles a
// (scanArticle), quoteFields of quotes q (scanQuote), and commentFields of
// comments c joined to their articles a (scanComment).
const (
	articleFields = `a.id, a.external_id, a.source, a.url, a.title, a.dateline, a.published, a.body,
		a.analysis`
	quoteFields = `q.id, q.article_id, q.span_start, q.span_end, q.text, q.speaker, q.side, q.via,
		q.analysis`
	commentFields = `c.id, c.article_id, a.external_id, c.external_id, c.parent_external_id,
		c.author, c.text, c.posted, c.analysis, a.source, a.title, c.moderation`
)

// rowScanner is a *sql.Row or a *sql.Rows.
type rowScanner interface {
	Scan(dest ...any) error
}

// scanArticle scans a row of articleFields into a. It returns the Scan
// error as it is (sql.ErrNoRows for a *sql.Row without one).
func scanArticle(r rowScanner, a *dashboard.Article) error {
	var analysis []byte
	if err := r.Scan(&a.ID, &a.ExternalID, &a.Source, &a.URL, &a.Title, &a.Dateline,
		timeScan{&a.Published}, &a.Body, &analysis); err != nil {
		return err
	}
	if err := unmarshalAnalysis(analysis, &a.Analysis); err != nil {
		return fmt.Errorf("article %d: %w", a.ID, err)
	}
	return nil
}

// scanQuote scans a row of quoteFields into q.
func scanQuote(r rowScanner, q *dashboard.Quote) error {
	var analysis []byte
	if err := r.Scan(&q.ID, &q.ArticleID, &q.Start, &q.End, &q.Text, &q.Speaker,
		&q.Side, &q.Via, &analysis); err != nil {
		return err
	}
	if err := unmarshalAnalysis(analysis, &q.Analysis); err != nil {
		return fmt.Errorf("quote %d: %w", q.ID, err)
	}
	return nil
}

// scanComment scans a row of commentFields followed by the columns of
// extra into c and extra.
func scanComment(r rowScanner, c *dashboard.Comment, extra ...any) error {
	var analysis []byte
	dest := append([]any{&c.ID, &c.ArticleID, &c.ArticleExternalID, &c.ExternalID,
		&c.ParentExternalID, &c.Author, &c.Text, timeScan{&c.Posted}, &analysis,
		&c.Source, &c.ArticleTitle, &c.Moderation}, extra...)
	if err := r.Scan(dest...); err != nil {
		return err
	}
	if err := unmarshalAnalysis(analysis, &c.Analysis); err != nil {
		return fmt.Errorf("comment %d: %w", c.ID, err)
	}
	return nil
}

// scanQuotes runs query, whose columns are quoteFields, and passes each
// row to f.
func scanQuotes(ctx context.Context, tx *sql.Tx, query string, args []any, f func(dashboard.Quote)) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var q dashboard.Quote
		if err := scanQuote(rows, &q); err != nil {
			return err
		}
		f(q)
	}
	return rows.Err()
}

// scanComments runs query, whose columns are commentFields, and passes
// each row to f.
func scanComments(ctx context.Context, tx *sql.Tx, query string, args []any, f func(dashboard.Comment)) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c dashboard.Comment
		if err := scanComment(rows, &c); err != nil {
			return err
		}
		f(c)
	}
	return rows.Err()
}

// read runs f in a read-only transaction after checking that the story
// exists.
func (db *DB) read(ctx context.Context, storyID string, f func(tx *sql.Tx) error) error {
	tx, err := db.readTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := storyExists(ctx, tx, storyID); err != nil {
		return err
	}
	if err := f(tx); err != nil {
		return err
	}
	return tx.Commit()
}

func unmarshalAnalysis(b []byte, a *sentiment.Analysis) error {
	if err := json.Unmarshal(b, a); err != nil {
		return fmt.Errorf("analysis: %w", err)
	}
	return nil
}
