package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
)

// Import writes a batch into a story in one transaction: all of it or, on
// error, nothing. Articles, comments and quotes already stored (same
// external id in the story, same external id under the article, same span
// in the article) are skipped; skipped articles and comments are counted as
// duplicates. The comments of a skipped article are still imported if they
// are new. A comment in b.Comments names its article by ArticleExternalID:
// an article of this batch or one stored earlier in the story.
//
// Import returns an error wrapping dashboard.ErrNotFound if the story does
// not exist or a comment names an unknown article, one wrapping ErrInvalid
// if the batch holds something no database can store (see ErrInvalid), and
// the database's error otherwise.
func (db *DB) Import(ctx context.Context, storyID string, b dashboard.Batch) (dashboard.ImportResult, error) {
	const op = "store: import"
	if err := validateBatch(storyID, b); err != nil {
		return dashboard.ImportResult{}, fmt.Errorf("%s: %w", op, err)
	}
	res, err := db.importTx(ctx, storyID, b)
	if err != nil {
		if b.File != "" {
			return dashboard.ImportResult{}, fmt.Errorf("%s: %s: %w", op, b.File, err)
		}
		return dashboard.ImportResult{}, fmt.Errorf("%s: %w", op, err)
	}
	return res, nil
}

func (db *DB) importTx(ctx context.Context, storyID string, b dashboard.Batch) (res dashboard.ImportResult, err error) {
	err = db.storyTx(ctx, storyID, b.Analyzer, func(tx *sql.Tx) error {
		im := newImporter(ctx, tx, db.d, storyID, b.Analyzer)
		defer im.close()
		for _, a := range b.Articles {
			if err := im.article(a); err != nil {
				return fmt.Errorf("article %q: %w", a.ExternalID, err)
			}
		}
		for _, c := range b.Comments {
			articleID, err := im.articleID(c.ArticleExternalID)
			if err != nil {
				return fmt.Errorf("comment %q: %w", c.ExternalID, err)
			}
			if err := im.comment(articleID, c); err != nil {
				return fmt.Errorf("comment %q: %w", c.ExternalID, err)
			}
		}
		if err := im.flushComments(); err != nil {
			return err
		}
		if err := im.rollups.write(ctx, tx); err != nil {
			return fmt.Errorf("rollups: %w", err)
		}
		res = im.res
		return nil
	})
	if err != nil {
		return dashboard.ImportResult{}, err
	}
	return res, nil
}

// storyTx runs f in one transaction on the story storyID, which must
// exist, after recording analyzer as the last that wrote to it: all of it
// or, on an error, nothing.
func (db *DB) storyTx(ctx context.Context, storyID, analyzer string, f func(tx *sql.Tx) error) (err error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	if err := storyExists(ctx, tx, storyID); err != nil {
		return err
	}
	if err := setStoryAnalyzer(ctx, tx, storyID, analyzer); err != nil {
		return err
	}
	if err := f(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// The statements of an import. Each is prepared on first use and reused for
// the rest of the batch.
const (
	insertArticleSQL = `
		INSERT INTO articles (story_id, external_id, source, url, title, dateline,
			published, body, sentiment_score, sentiment_label, sentiment_confidence,
			stance_label, analysis, imported_at, analyzer)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT (story_id, external_id) DO NOTHING
		RETURNING id`
	findArticleSQL = `SELECT id FROM articles WHERE story_id = $1 AND external_id = $2`
	insertQuoteSQL = `
		INSERT INTO quotes (article_id, span_start, span_end, text, speaker, side, via,
			sentiment_score, sentiment_label, sentiment_confidence, stance_label, analysis, analyzer)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (article_id, span_start, span_end) DO NOTHING`
	lastPositionSQL = `SELECT COALESCE(MAX(position), 0) FROM comments WHERE article_id = $1`
)

// importer writes one batch inside one transaction.
type importer struct {
	ctx     context.Context
	tx      *sql.Tx
	d       *dialect
	storyID string
	// analyzer is the fingerprint stored with every row (Batch.Analyzer).
	analyzer string
	now      any
	stmts    map[string]*sql.Stmt

	// chunkSQL inserts d.commentChunk comments. pending holds the arguments
	// of comments not yet inserted, queued what the rollups count them by.
	chunkSQL string
	pending  []any
	queued   []queuedComment

	// articles maps the external ids of articles seen in this import to ids.
	articles map[string]int64
	// next is the position of the next comment under an article.
	next map[int64]int64
	// rollups counts the comments inserted.
	rollups rollupDelta
	res     dashboard.ImportResult
}

func newImporter(ctx context.Context, tx *sql.Tx, d *dialect, storyID, analyzer string) *importer {
	return &importer{
		ctx:      ctx,
		tx:       tx,
		d:        d,
		storyID:  storyID,
		analyzer: analyzer,
		now:      d.timeArg(time.Now()),
		stmts:    map[string]*sql.Stmt{},
		chunkSQL: insertCommentsSQL(d.commentChunk),
		articles: map[string]int64{},
		next:     map[int64]int64{},
		rollups:  rollupDelta{},
	}
}

// stmt returns query prepared in the transaction.
func (im *importer) stmt(query string) (*sql.Stmt, error) {
	if s, ok := im.stmts[query]; ok {
		return s, nil
	}
	s, err := im.tx.PrepareContext(im.ctx, query)
	if err != nil {
		return nil, err
	}
	im.stmts[query] = s
	return s, nil
}

func (im *importer) close() {
	for _, s := range im.stmts {
		s.Close()
	}
}

// article inserts a, or finds it if stored, then its quotes and comments.
func (im *importer) article(a dashboard.Article) error {
	analysis, err := analysisJSON(a.Analysis)
	if err != nil {
		return err
	}
	insert, err := im.stmt(insertArticleSQL)
	if err != nil {
		return err
	}
	var id int64
	err = insert.QueryRowContext(im.ctx,
		im.storyID, a.ExternalID, a.Source, a.URL, a.Title, a.Dateline,
		im.d.timeArg(a.Published), a.Body,
		a.Analysis.Sentiment.Score, a.Analysis.Sentiment.Label, a.Analysis.Sentiment.Confidence,
		a.Analysis.Stance.Label, analysis, im.now, im.analyzer,
	).Scan(&id)
	switch {
	case err == nil:
		im.res.Articles++
		im.articles[a.ExternalID] = id
		im.next[id] = 1
	case errors.Is(err, sql.ErrNoRows):
		im.res.DuplicateArticles++
		if id, err = im.articleID(a.ExternalID); err != nil {
			return err
		}
	case isForeignKeyViolation(err):
		// The story was deleted since the transaction checked it.
		return fmt.Errorf("story %q: %w", im.storyID, dashboard.ErrNotFound)
	default:
		return err
	}
	for _, q := range a.Quotes {
		if err := im.quote(id, q); err != nil {
			return fmt.Errorf("quote [%d:%d]: %w", q.Start, q.End, err)
		}
	}
	for _, c := range a.Comments {
		if err := im.comment(id, c); err != nil {
			return fmt.Errorf("comment %q: %w", c.ExternalID, err)
		}
	}
	return nil
}

// articleID returns the id of the story's article with the given external
// id: from this import or from the database.
func (im *importer) articleID(externalID string) (int64, error) {
	if id, ok := im.articles[externalID]; ok {
		return id, nil
	}
	find, err := im.stmt(findArticleSQL)
	if err != nil {
		return 0, err
	}
	var id int64
	err = find.QueryRowContext(im.ctx, im.storyID, externalID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("article %q not in story %q: %w", externalID, im.storyID, dashboard.ErrNotFound)
	}
	if err != nil {
		return 0, err
	}
	im.articles[externalID] = id
	return id, nil
}

func (im *importer) quote(articleID int64, q dashboard.Quote) error {
	analysis, err := analysisJSON(q.Analysis)
	if err != nil {
		return err
	}
	insert, err := im.stmt(insertQuoteSQL)
	if err != nil {
		return err
	}
	r, err := insert.ExecContext(im.ctx,
		articleID, q.Start, q.End, q.Text, q.Speaker, q.Side, q.Via,
		q.Analysis.Sentiment.Score, q.Analysis.Sentiment.Label, q.Analysis.Sentiment.Confidence,
		q.Analysis.Stance.Label, analysis, im.analyzer)
	if err != nil {
		return err
	}
	n, err := r.RowsAffected()
	if err != nil {
		return err
	}
	im.res.Quotes += int(n)
	return nil
}

// commentColumns is the number of parameters of one comment row.
const commentColumns = 16

// insertCommentsSQL returns the INSERT of n comments. Of more than one,
// it returns the article id and position of those it inserted, not of the
// duplicates it skipped; of one, RowsAffected says whether it was.
// (RETURNING costs SQLite about as much as the INSERT itself, and there
// the chunks are of one comment.)
func insertCommentsSQL(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO comments (article_id, external_id, parent_external_id, author, text,
		posted, sentiment_score, sentiment_label, sentiment_confidence, stance_label,
		flag_severity, lang, analysis, position, imported_at, analyzer)
		VALUES `)
	for r := range n {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range commentColumns {
			if c > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "$%d", r*commentColumns+c+1)
		}
		b.WriteByte(')')
	}
	b.WriteString(` ON CONFLICT (article_id, external_id) DO NOTHING`)
	if n > 1 {
		b.WriteString(` RETURNING article_id, position`)
	}
	return b.String()
}

// comment queues c for insertion under the article; flushComments writes
// the queue.
func (im *importer) comment(articleID int64, c dashboard.Comment) error {
	analysis, err := analysisJSON(c.Analysis)
	if err != nil {
		return err
	}
	pos, ok := im.next[articleID]
	if !ok {
		last, err := im.stmt(lastPositionSQL)
		if err != nil {
			return err
		}
		if err := last.QueryRowContext(im.ctx, articleID).Scan(&pos); err != nil {
			return err
		}
		pos++
	}
	// A duplicate uses up its position too: positions order comments, they
	// need not be dense.
	im.next[articleID] = pos + 1
	im.pending = append(im.pending,
		articleID, c.ExternalID, c.ParentExternalID, c.Author, c.Text,
		im.d.timeArg(c.Posted),
		c.Analysis.Sentiment.Score, c.Analysis.Sentiment.Label, c.Analysis.Sentiment.Confidence,
		c.Analysis.Stance.Label, maxSeverity(c.Analysis), c.Analysis.Lang, analysis,
		pos, im.now, im.analyzer)
	im.queued = append(im.queued, queuedComment{
		rollupComment: rollupComment{articleID: articleID, posted: c.Posted,
			stance: c.Analysis.Stance.Label, score: c.Analysis.Sentiment.Score, analyzer: im.analyzer},
		position: pos,
	})
	if len(im.queued) == im.d.commentChunk {
		return im.flushComments()
	}
	return nil
}

// flushComments inserts the queued comments, counting the rows the
// database skipped as duplicates and adding those it inserted to
// im.rollups.
func (im *importer) flushComments() error {
	n := len(im.queued)
	if n == 0 {
		return nil
	}
	// A full chunk has one statement, prepared once; the last, shorter one
	// of a batch is run unprepared.
	var insert *sql.Stmt
	if n == im.d.commentChunk {
		var err error
		if insert, err = im.stmt(im.chunkSQL); err != nil {
			return fmt.Errorf("comments: %w", err)
		}
	}
	inserted, err := im.insertQueued(insert)
	if err != nil {
		return fmt.Errorf("comments: %w", err)
	}
	for _, c := range inserted {
		im.rollups.add(c.rollupComment, 1)
	}
	im.res.Comments += len(inserted)
	im.res.DuplicateComments += n - len(inserted)
	im.pending, im.queued = im.pending[:0], im.queued[:0]
	return nil
}

// queuedComment is a comment queued for insertion: what the rollups count
// it by, and its position, which tells whether the INSERT inserted it.
type queuedComment struct {
	rollupComment
	position int64
}

// insertQueued runs the INSERT of the queued comments (insertCommentsSQL),
// prepared when insert is not nil, and returns those it inserted.
func (im *importer) insertQueued(insert *sql.Stmt) ([]queuedComment, error) {
	if len(im.queued) == 1 {
		var r sql.Result
		var err error
		if insert != nil {
			r, err = insert.ExecContext(im.ctx, im.pending...)
		} else {
			r, err = im.tx.ExecContext(im.ctx, insertCommentsSQL(1), im.pending...)
		}
		if err != nil {
			return nil, err
		}
		n, err := r.RowsAffected()
		return im.queued[:n], err
	}
	var rows *sql.Rows
	var err error
	if insert != nil {
		rows, err = insert.QueryContext(im.ctx, im.pending...)
	} else {
		rows, err = im.tx.QueryContext(im.ctx, insertCommentsSQL(len(im.queued)), im.pending...)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type row struct{ articleID, position int64 }
	inserted := map[row]bool{}
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.articleID, &r.position); err != nil {
			return nil, err
		}
		inserted[r] = true
	}
	var out []queuedComment
	for _, c := range im.queued {
		if inserted[row{c.articleID, c.position}] {
			out = append(out, c)
		}
	}
	return out, rows.Err()
}
