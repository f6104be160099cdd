package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

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
		rows, err := tx.QueryContext(ctx, `
			SELECT id, external_id, source, url, title, dateline, published, body, analysis
			FROM articles
			WHERE story_id = $1
			ORDER BY published ASC NULLS LAST, id`, storyID)
		if err != nil {
			return err
		}
		defer rows.Close()
		index := map[int64]int{}
		for rows.Next() {
			a := dashboard.Article{StoryID: storyID}
			var analysis []byte
			if err := rows.Scan(&a.ID, &a.ExternalID, &a.Source, &a.URL, &a.Title, &a.Dateline,
				timeScan{&a.Published}, &a.Body, &analysis); err != nil {
				return err
			}
			if err := unmarshalAnalysis(analysis, &a.Analysis); err != nil {
				return fmt.Errorf("article %d: %w", a.ID, err)
			}
			index[a.ID] = len(out)
			out = append(out, a)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()

		return scanQuotes(ctx, tx, `
			SELECT q.id, q.article_id, q.span_start, q.span_end, q.text, q.speaker, q.side, q.via,
				q.analysis
			FROM quotes q
			JOIN articles a ON a.id = q.article_id
			WHERE a.story_id = $1
			ORDER BY q.article_id, q.span_start, q.span_end`, []any{storyID}, func(q dashboard.Quote) {
			a := &out[index[q.ArticleID]]
			a.Quotes = append(a.Quotes, q)
		})
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}

// Comments returns a story's comments in article order (as Articles), then
// by posted time (unknown last), then in import order; with Source and
// ArticleTitle filled in. It returns an error wrapping dashboard.ErrNotFound
// if the story does not exist, and the database's error otherwise.
func (db *DB) Comments(ctx context.Context, storyID string) ([]dashboard.Comment, error) {
	const op = "store: comments"
	var out []dashboard.Comment
	err := db.read(ctx, storyID, func(tx *sql.Tx) error {
		return scanComments(ctx, tx, `
			SELECT c.id, c.article_id, a.external_id, c.external_id, c.parent_external_id,
				c.author, c.text, c.posted, c.analysis, a.source, a.title
			FROM comments c
			JOIN articles a ON a.id = c.article_id
			WHERE a.story_id = $1
			ORDER BY a.published ASC NULLS LAST, a.id, c.posted ASC NULLS LAST, c.position, c.id`,
			[]any{storyID}, func(c dashboard.Comment) { out = append(out, c) })
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
// comment scores, and the tone of quoted statements per side and per side
// and source. The filter is applied by the database. It returns an error
// wrapping dashboard.ErrNotFound if the story does not exist, and the
// database's error otherwise.
func (db *DB) Summary(ctx context.Context, storyID string, f dashboard.Filter) (dashboard.Summary, error) {
	const op = "store: summary"
	s := dashboard.Summary{StoryID: storyID}
	err := db.read(ctx, storyID, func(tx *sql.Tx) error {
		w := db.articleWhere(storyID, f, 1)
		if err := summarySources(ctx, tx, w, &s); err != nil {
			return fmt.Errorf("sources: %w", err)
		}
		if err := tx.QueryRowContext(ctx, `
			SELECT MIN(t), MAX(t) FROM (
				SELECT a.published AS t FROM articles a WHERE `+w.sql+`
				UNION ALL
				SELECT c.posted FROM comments c JOIN articles a ON a.id = c.article_id
				WHERE `+w.sql+`
			) times`, w.args...).Scan(timeScan{&s.From}, timeScan{&s.To}); err != nil {
			return fmt.Errorf("dates: %w", err)
		}
		if err := summaryHistogram(ctx, tx, db.articleWhere(storyID, f, 2), &s); err != nil {
			return fmt.Errorf("histogram: %w", err)
		}
		if err := summarySides(ctx, tx, w, &s); err != nil {
			return fmt.Errorf("sides: %w", err)
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
	return w
}

// summarySources fills in the counts and s.Sources of the articles that w
// matches.
func summarySources(ctx context.Context, tx *sql.Tx, w whereClause, s *dashboard.Summary) error {
	rows, err := tx.QueryContext(ctx, `
		SELECT 'a', a.source, COUNT(*), COALESCE(AVG(a.sentiment_score), 0)
		FROM articles a WHERE `+w.sql+` GROUP BY a.source
		UNION ALL
		SELECT 'q', a.source, COUNT(*), COALESCE(AVG(q.sentiment_score), 0)
		FROM quotes q JOIN articles a ON a.id = q.article_id
		WHERE `+w.sql+` GROUP BY a.source
		UNION ALL
		SELECT 'c', a.source, COUNT(*), COALESCE(AVG(c.sentiment_score), 0)
		FROM comments c JOIN articles a ON a.id = c.article_id
		WHERE `+w.sql+` GROUP BY a.source`, w.args...)
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

// summaryHistogram counts the scores of the comments on the articles that w
// matches (its placeholders from $2) into s.Histogram, grouping in the
// database. Bin i of n covers [-1 + 2i/n, -1 + 2(i+1)/n); the bin is
// computed as FLOOR(score*n/2) + n/2, which puts scores with one decimal
// (-0.8, 0.3) exactly on their bin's lower edge, where
// FLOOR((score+1)*n/2) would let rounding drop some into the bin below.
// Scores of 1 and above go to the last bin, below -1 to the first.
func summaryHistogram(ctx context.Context, tx *sql.Tx, w whereClause, s *dashboard.Summary) error {
	const n = dashboard.HistogramBins
	rows, err := tx.QueryContext(ctx, `
		SELECT FLOOR(c.sentiment_score * $1) AS bin, COUNT(*)
		FROM comments c JOIN articles a ON a.id = c.article_id
		WHERE `+w.sql+`
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
	type sums struct {
		n       int
		sum, sq float64
	}
	bySide := map[string]*sums{}
	for rows.Next() {
		var side, source string
		var c sums
		if err := rows.Scan(&side, &source, &c.n, &c.sum, &c.sq); err != nil {
			return err
		}
		mean, sd := dashboard.MeanSD(c.n, c.sum, c.sq)
		s.SideSourceTones = append(s.SideSourceTones, dashboard.SideSourceTone{
			Side: side, Source: source, Quotes: c.n, Mean: mean, SD: sd,
		})
		t := bySide[side]
		if t == nil {
			t = &sums{}
			bySide[side] = t
		}
		t.n, t.sum, t.sq = t.n+c.n, t.sum+c.sum, t.sq+c.sq
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for side, t := range bySide {
		mean, sd := dashboard.MeanSD(t.n, t.sum, t.sq)
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

// Article returns one article of a story with its quotes in span order and
// its comments in posting order (unknown last, then import order), Source
// and ArticleTitle filled in. It returns an error wrapping
// dashboard.ErrNotFound if the story does not exist or has no article with
// that id, and the database's error otherwise.
func (db *DB) Article(ctx context.Context, storyID string, id int64) (dashboard.Article, error) {
	const op = "store: article"
	a := dashboard.Article{StoryID: storyID}
	err := db.read(ctx, storyID, func(tx *sql.Tx) error {
		var analysis []byte
		err := tx.QueryRowContext(ctx, `
			SELECT id, external_id, source, url, title, dateline, published, body, analysis
			FROM articles
			WHERE story_id = $1 AND id = $2`, storyID, id).Scan(&a.ID, &a.ExternalID, &a.Source, &a.URL,
			&a.Title, &a.Dateline, timeScan{&a.Published}, &a.Body, &analysis)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("article %d: %w", id, dashboard.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if err := unmarshalAnalysis(analysis, &a.Analysis); err != nil {
			return fmt.Errorf("article %d: %w", a.ID, err)
		}
		err = scanQuotes(ctx, tx, `
			SELECT id, article_id, span_start, span_end, text, speaker, side, via, analysis
			FROM quotes
			WHERE article_id = $1
			ORDER BY span_start, span_end`, []any{id}, func(q dashboard.Quote) {
			a.Quotes = append(a.Quotes, q)
		})
		if err != nil {
			return err
		}
		return scanComments(ctx, tx, `
			SELECT c.id, c.article_id, a.external_id, c.external_id, c.parent_external_id,
				c.author, c.text, c.posted, c.analysis, a.source, a.title
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

// scanQuotes runs query, whose columns are those of a dashboard.Quote, and
// passes each row to f.
func scanQuotes(ctx context.Context, tx *sql.Tx, query string, args []any, f func(dashboard.Quote)) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var q dashboard.Quote
		var analysis []byte
		if err := rows.Scan(&q.ID, &q.ArticleID, &q.Start, &q.End, &q.Text, &q.Speaker,
			&q.Side, &q.Via, &analysis); err != nil {
			return err
		}
		if err := unmarshalAnalysis(analysis, &q.Analysis); err != nil {
			return fmt.Errorf("quote %d: %w", q.ID, err)
		}
		f(q)
	}
	return rows.Err()
}

// scanComments runs query, whose columns are those of a dashboard.Comment
// with its article's external id, source and title, and passes each row to
// f.
func scanComments(ctx context.Context, tx *sql.Tx, query string, args []any, f func(dashboard.Comment)) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c dashboard.Comment
		var analysis []byte
		if err := rows.Scan(&c.ID, &c.ArticleID, &c.ArticleExternalID, &c.ExternalID,
			&c.ParentExternalID, &c.Author, &c.Text, timeScan{&c.Posted}, &analysis,
			&c.Source, &c.ArticleTitle); err != nil {
			return err
		}
		if err := unmarshalAnalysis(analysis, &c.Analysis); err != nil {
			return fmt.Errorf("comment %d: %w", c.ID, err)
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
