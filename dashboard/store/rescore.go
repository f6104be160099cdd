package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/tonedesk/tonedesk/dashboard"
)

var _ dashboard.Rescorer = (*DB)(nil)

// staleArticle is the condition, on articles a, that an article needs
// rescoring with the analyzer in placeholder $1: the article or one of its
// quotes was written by another analyzer. (A re-import can add quotes to a
// stored article with the analyzer of the day.)
const staleArticle = `(a.analyzer <> $1 OR EXISTS (
		SELECT 1 FROM quotes sq WHERE sq.article_id = a.id AND sq.analyzer <> $1))`

// staleCounts is a select list of two counts over the articles that w
// matches (its placeholders from $2; $1 is the analyzer): their stale
// articles and their stale quotes. staleness and Summary both select it.
func staleCounts(w whereClause) string {
	return `(SELECT COUNT(*) FROM articles a WHERE ` + w.sql + ` AND ` + staleArticle + `),
		(SELECT COUNT(*) FROM quotes q JOIN articles a ON a.id = q.article_id
			WHERE ` + w.sql + ` AND q.analyzer <> $1)`
}

// staleness counts the stale items of the articles that w matches (its
// placeholders from $2; $1 is the analyzer).
func staleness(ctx context.Context, q querier, analyzer string, w whereClause) (dashboard.Staleness, error) {
	var s dashboard.Staleness
	err := q.QueryRowContext(ctx, `SELECT `+staleCounts(w)+`,
		(SELECT COUNT(*) FROM comments c JOIN articles a ON a.id = c.article_id
			WHERE `+w.sql+` AND c.analyzer <> $1)`,
		append([]any{analyzer}, w.args...)...).Scan(&s.Articles, &s.Quotes, &s.Comments)
	return s, err
}

// Stale counts the story's items whose analyses another analyzer than
// analyzer wrote: articles (an article counts when it or one of its quotes
// is stale), quotes and comments. It returns an error wrapping
// dashboard.ErrNotFound if the story does not exist, and the database's
// error otherwise.
func (db *DB) Stale(ctx context.Context, storyID, analyzer string) (dashboard.Staleness, error) {
	var s dashboard.Staleness
	err := db.read(ctx, storyID, func(tx *sql.Tx) error {
		var err error
		s, err = staleness(ctx, tx, analyzer, db.articleWhere(storyID, dashboard.Filter{}, 2))
		return err
	})
	if err != nil {
		return dashboard.Staleness{}, fmt.Errorf("store: stale: %w", err)
	}
	return s, nil
}

// StaleArticles returns at most limit articles of the story with id greater
// than after, in id order, that need rescoring with analyzer (the article
// or one of its quotes was written by another analyzer), each with its body
// and its stored quotes in span order but without comments. It returns an
// error wrapping dashboard.ErrNotFound if the story does not exist, and the
// database's error otherwise.
func (db *DB) StaleArticles(ctx context.Context, storyID, analyzer string, after int64, limit int) ([]dashboard.Article, error) {
	const op = "store: stale articles"
	var out []dashboard.Article
	err := db.read(ctx, storyID, func(tx *sql.Tx) error {
		var err error
		out, err = scanArticles(ctx, tx, storyID, `SELECT `+articleFields+` FROM articles a
			WHERE a.story_id = $2 AND a.id > $3 AND `+staleArticle+`
			ORDER BY a.id
			LIMIT $4`, analyzer, storyID, after, limit)
		if err != nil || len(out) == 0 {
			return err
		}
		// The quotes of the articles in the id range, kept for those
		// returned.
		return addQuotes(ctx, tx, out, `SELECT `+quoteFields+` FROM quotes q
			JOIN articles a ON a.id = q.article_id
			WHERE a.story_id = $1 AND a.id >= $2 AND a.id <= $3
			ORDER BY `+quoteOrder, storyID, out[0].ID, out[len(out)-1].ID)
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}

// StaleComments returns at most limit comments of the story with id greater
// than after, in id order, whose analyses another analyzer than analyzer
// wrote, with Source and ArticleTitle filled in. It returns an error
// wrapping dashboard.ErrNotFound if the story does not exist, and the
// database's error otherwise.
func (db *DB) StaleComments(ctx context.Context, storyID, analyzer string, after int64, limit int) ([]dashboard.Comment, error) {
	const op = "store: stale comments"
	var out []dashboard.Comment
	err := db.read(ctx, storyID, func(tx *sql.Tx) error {
		return scanComments(ctx, tx, `SELECT `+commentFields+`
			FROM comments c
			JOIN articles a ON a.id = c.article_id
			WHERE a.story_id = $2 AND c.id > $3 AND c.analyzer <> $1
			ORDER BY c.id
			LIMIT $4`,
			[]any{analyzer, storyID, after, limit}, func(c dashboard.Comment) { out = append(out, c) })
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}

// Rescore writes a batch of new analyses in one transaction: all of it or,
// on error, nothing. Each article's sentiment columns, analysis and analyzer
// are replaced, and its quotes by r's: a quote at a span already stored is
// updated in place (it keeps its id, so links to it still work), a new span
// is inserted, and a stored span r does not have is deleted. Each
// comment's sentiment columns, flag severity, language, analysis and
// analyzer are replaced. r.Analyzer is recorded with every row and as the
// story's analyzer. The summary reads these rows directly, so it follows
// in the same transaction.
//
// Rescore returns an error wrapping ErrInvalid for an empty analyzer or an
// analysis or quote no database can store (a quote span outside the stored
// body among them), one wrapping dashboard.ErrNotFound if the story does
// not exist or an article or comment is not in it, and the database's
// error otherwise.
func (db *DB) Rescore(ctx context.Context, storyID string, r dashboard.Rescore) (dashboard.RescoreResult, error) {
	const op = "store: rescore"
	if err := validateRescore(storyID, r); err != nil {
		return dashboard.RescoreResult{}, fmt.Errorf("%s: %w", op, err)
	}
	res, err := db.rescoreTx(ctx, storyID, r)
	if err != nil {
		return dashboard.RescoreResult{}, fmt.Errorf("%s: %w", op, err)
	}
	return res, nil
}

// validateRescore checks everything Rescore can check without the
// database.
func validateRescore(storyID string, r dashboard.Rescore) error {
	if err := checkID("story id", storyID); err != nil {
		return err
	}
	if err := checkID("analyzer", r.Analyzer); err != nil {
		return err
	}
	for _, a := range r.Articles {
		if err := validateAnalysis(a.Analysis); err != nil {
			return fmt.Errorf("article %d: %w", a.ID, err)
		}
		for i, q := range a.Quotes {
			// The span is checked against the stored body in rescoreTx.
			if err := validateQuote(q, q.End); err != nil {
				return fmt.Errorf("article %d: quote %d [%d:%d]: %w", a.ID, i, q.Start, q.End, err)
			}
		}
	}
	for _, c := range r.Comments {
		if err := validateAnalysis(c.Analysis); err != nil {
			return fmt.Errorf("comment %d: %w", c.ID, err)
		}
	}
	return nil
}

// The statements of a rescore.
const (
	rescoreArticleSQL = `
		UPDATE articles SET sentiment_score = $1, sentiment_label = $2, sentiment_confidence = $3,
			stance_label = $4, analysis = $5, analyzer = $6
		WHERE id = $7 AND story_id = $8
		RETURNING body`
	articleQuoteIDsSQL = `SELECT id FROM quotes WHERE article_id = $1`
	upsertQuoteSQL     = `
		INSERT INTO quotes (article_id, span_start, span_end, text, speaker, side, via,
			sentiment_score, sentiment_label, sentiment_confidence, stance_label, analysis, analyzer)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (article_id, span_start, span_end) DO UPDATE SET
			text = excluded.text, speaker = excluded.speaker, side = excluded.side, via = excluded.via,
			sentiment_score = excluded.sentiment_score, sentiment_label = excluded.sentiment_label,
			sentiment_confidence = excluded.sentiment_confidence, stance_label = excluded.stance_label,
			analysis = excluded.analysis, analyzer = excluded.analyzer
		RETURNING id`
	deleteQuoteSQL    = `DELETE FROM quotes WHERE id = $1`
	rescoreCommentSQL = `
		UPDATE comments SET sentiment_score = $1, sentiment_label = $2, sentiment_confidence = $3,
			stance_label = $4, flag_severity = $5, lang = $6, analysis = $7, analyzer = $8
		WHERE id = $9 AND article_id IN (SELECT id FROM articles WHERE story_id = $10)
		RETURNING ` + rollupFields
)

func (db *DB) rescoreTx(ctx context.Context, storyID string, r dashboard.Rescore) (res dashboard.RescoreResult, err error) {
	err = db.storyTx(ctx, storyID, r.Analyzer, func(tx *sql.Tx) error {
		w := &rescorer{ctx: ctx, tx: tx, d: db.d, storyID: storyID, analyzer: r.Analyzer,
			stmts: map[string]*sql.Stmt{}, rollups: rollupDelta{}}
		defer w.close()
		for _, a := range r.Articles {
			before, after, err := w.article(a)
			if err != nil {
				return fmt.Errorf("article %d: %w", a.ID, err)
			}
			res.Articles++
			res.QuotesBefore += before
			res.QuotesAfter += after
		}
		for _, c := range r.Comments {
			if err := w.comment(c); err != nil {
				return fmt.Errorf("comment %d: %w", c.ID, err)
			}
			res.Comments++
		}
		if err := w.rollups.write(ctx, tx); err != nil {
			return fmt.Errorf("rollups: %w", err)
		}
		return nil
	})
	return res, err
}

// setStoryAnalyzer records the analyzer that wrote into the story, unless
// it is empty.
func setStoryAnalyzer(ctx context.Context, tx *sql.Tx, storyID, analyzer string) error {
	if analyzer == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE stories SET analyzer = $1 WHERE id = $2`, analyzer, storyID)
	return err
}

// rescorer writes one rescore batch inside one transaction.
type rescorer struct {
	ctx      context.Context
	tx       *sql.Tx
	d        *dialect
	storyID  string
	analyzer string
	stmts    map[string]*sql.Stmt
	// rollups counts the comments rewritten out of their old rollup rows
	// and into their new ones.
	rollups rollupDelta
}

// stmt returns query prepared in the transaction.
func (w *rescorer) stmt(query string) (*sql.Stmt, error) {
	if s, ok := w.stmts[query]; ok {
		return s, nil
	}
	s, err := w.tx.PrepareContext(w.ctx, query)
	if err != nil {
		return nil, err
	}
	w.stmts[query] = s
	return s, nil
}

func (w *rescorer) close() {
	for _, s := range w.stmts {
		s.Close()
	}
}

// article rewrites one article's analysis and quotes and returns how many
// quotes it had before and has after.
func (w *rescorer) article(a dashboard.Article) (before, after int, err error) {
	analysis, err := analysisJSON(a.Analysis)
	if err != nil {
		return 0, 0, err
	}
	update, err := w.stmt(rescoreArticleSQL)
	if err != nil {
		return 0, 0, err
	}
	var body string
	err = update.QueryRowContext(w.ctx,
		a.Analysis.Sentiment.Score, a.Analysis.Sentiment.Label, a.Analysis.Sentiment.Confidence,
		a.Analysis.Stance.Label, analysis, w.analyzer, a.ID, w.storyID).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, fmt.Errorf("not in story %q: %w", w.storyID, dashboard.ErrNotFound)
	}
	if err != nil {
		return 0, 0, err
	}
	old, err := w.quoteIDs(a.ID)
	if err != nil {
		return 0, 0, err
	}
	upsert, err := w.stmt(upsertQuoteSQL)
	if err != nil {
		return 0, 0, err
	}
	kept := map[int64]bool{}
	for _, q := range a.Quotes {
		if err := validateQuote(q, len(body)); err != nil {
			return 0, 0, fmt.Errorf("quote [%d:%d]: %w", q.Start, q.End, err)
		}
		qa, err := analysisJSON(q.Analysis)
		if err != nil {
			return 0, 0, err
		}
		var id int64
		if err := upsert.QueryRowContext(w.ctx,
			a.ID, q.Start, q.End, q.Text, q.Speaker, q.Side, q.Via,
			q.Analysis.Sentiment.Score, q.Analysis.Sentiment.Label, q.Analysis.Sentiment.Confidence,
			q.Analysis.Stance.Label, qa, w.analyzer).Scan(&id); err != nil {
			return 0, 0, fmt.Errorf("quote [%d:%d]: %w", q.Start, q.End, err)
		}
		kept[id] = true
	}
	del, err := w.stmt(deleteQuoteSQL)
	if err != nil {
		return 0, 0, err
	}
	for _, id := range old {
		if kept[id] {
			continue
		}
		if _, err := del.ExecContext(w.ctx, id); err != nil {
			return 0, 0, fmt.Errorf("quote %d: %w", id, err)
		}
	}
	return len(old), len(kept), nil
}

// quoteIDs returns the ids of an article's stored quotes.
func (w *rescorer) quoteIDs(articleID int64) ([]int64, error) {
	q, err := w.stmt(articleQuoteIDsSQL)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(w.ctx, articleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// comment rewrites one comment's analysis and counts the change in
// w.rollups.
func (w *rescorer) comment(c dashboard.Comment) error {
	analysis, err := analysisJSON(c.Analysis)
	if err != nil {
		return err
	}
	read, err := w.stmt(w.d.rollupCommentSQL())
	if err != nil {
		return err
	}
	update, err := w.stmt(rescoreCommentSQL)
	if err != nil {
		return err
	}
	old, err := scanRollupComment(read.QueryRowContext(w.ctx, c.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("not in story %q: %w", w.storyID, dashboard.ErrNotFound)
	}
	if err != nil {
		return err
	}
	now, err := scanRollupComment(update.QueryRowContext(w.ctx,
		c.Analysis.Sentiment.Score, c.Analysis.Sentiment.Label, c.Analysis.Sentiment.Confidence,
		c.Analysis.Stance.Label, maxSeverity(c.Analysis), c.Analysis.Lang, analysis, w.analyzer,
		c.ID, w.storyID))
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("not in story %q: %w", w.storyID, dashboard.ErrNotFound)
	}
	if err != nil {
		return err
	}
	w.rollups.change(old, now)
	return nil
}
