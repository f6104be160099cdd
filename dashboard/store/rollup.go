package store

import (
	"cmp"
	"context"
	"database/sql"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
)

// The comment rollups (table comment_rollups, migration 0006) count a
// story's comments per article by stance label, histogram bin, posted day
// and analyzer, each split by whether a moderator rejected them, with the
// sum of their scores and of the squares: what Summary reads instead of
// the comments. Every write that adds comments or changes a column they
// are counted by (Import, Rescore, Decide) gathers its changes in a
// rollupDelta and writes it in the same transaction, just before it
// commits; deleting an article or a story deletes its rollups with it (ON
// DELETE CASCADE). Nothing deletes single comments.

// The kinds of rollup rows, each with what its bucket holds.
const (
	rollupStance   = "stance"   // the stance label, "" counted as "none"
	rollupBin      = "bin"      // the histogram bin (histogramBin), in decimal
	rollupDay      = "day"      // the posted time's UTC day, time.DateOnly; "" when there is none
	rollupAnalyzer = "analyzer" // the analyzer's fingerprint
)

// rollupFields are the columns of a comment the rollups count it by, as
// scanRollupComment reads them.
const rollupFields = `article_id, posted, moderation, stance_label, sentiment_score, analyzer`

// rollupCommentSQL returns the SELECT of the rollupFields of the comment
// with id $1, which locks its row until the transaction ends: a writer
// reads what the rollups count the comment by before it changes it.
func (d *dialect) rollupCommentSQL() string {
	return `SELECT ` + rollupFields + ` FROM comments WHERE id = $1` + d.forUpdate
}

// rollupComment is what the rollups know of one comment.
type rollupComment struct {
	articleID  int64
	posted     time.Time
	moderation string
	stance     string
	score      float64
	analyzer   string
}

// scanRollupComment scans a row of rollupFields followed by the columns
// of extra into c and extra. It returns the Scan error as it is
// (sql.ErrNoRows for a *sql.Row without one).
func scanRollupComment(r rowScanner, extra ...any) (c rollupComment, err error) {
	dest := append([]any{&c.articleID, timeScan{&c.posted}, &c.moderation, &c.stance, &c.score, &c.analyzer}, extra...)
	err = r.Scan(dest...)
	return c, err
}

// rollupKey names one row of comment_rollups.
type rollupKey struct {
	articleID    int64
	kind, bucket string
	rejected     bool
}

// keys returns the rollup rows that count c, one of each kind.
func (c rollupComment) keys() [4]rollupKey {
	day := ""
	if !c.posted.IsZero() {
		day = c.posted.UTC().Format(time.DateOnly)
	}
	k := rollupKey{articleID: c.articleID, rejected: c.moderation == dashboard.Rejected}
	buckets := [4][2]string{
		{rollupStance, cmp.Or(c.stance, "none")},
		{rollupBin, strconv.Itoa(histogramBin(c.score))},
		{rollupDay, day},
		{rollupAnalyzer, c.analyzer},
	}
	var out [4]rollupKey
	for i, b := range buckets {
		k.kind, k.bucket = b[0], b[1]
		out[i] = k
	}
	return out
}

// histogramBin returns the bin of dashboard.Summary.Histogram that counts a
// comment score. Bin i of n covers [-1 + 2i/n, -1 + 2(i+1)/n) and is
// floor(score*n/2) + n/2 in float64, as FLOOR(score * n/2) is in both
// databases (migration 0006 computes it so), which puts scores with one
// decimal (-0.8, 0.3) exactly on their bin's lower edge; scores of 1 and
// above go to the last bin, below -1 to the first.
func histogramBin(score float64) int {
	const bins = dashboard.HistogramBins
	return min(max(int(math.Floor(score*(bins/2)))+bins/2, 0), bins-1)
}

// rollupDelta is what a transaction changes in comment_rollups: per row, the
// comments added (negative: removed) and their scores summed.
type rollupDelta map[rollupKey]moment

// add counts c in the rows of its keys, sign +1 for a comment added and -1
// for one removed.
func (d rollupDelta) add(c rollupComment, sign int) {
	for _, k := range c.keys() {
		d.addKey(k, sign, c.score)
	}
}

// change counts a comment that was old and is now c: out of the rows that
// counted old and into those of c, leaving alone a row that counts both
// with the same score.
func (d rollupDelta) change(old, c rollupComment) {
	was, is := old.keys(), c.keys()
	for i := range was {
		if was[i] == is[i] && old.score == c.score {
			continue
		}
		d.addKey(was[i], -1, old.score)
		d.addKey(is[i], 1, c.score)
	}
}

func (d rollupDelta) addKey(k rollupKey, sign int, score float64) {
	m := d[k]
	s := float64(sign)
	m.n, m.sum, m.sq = m.n+sign, m.sum+s*score, m.sq+s*score*score
	d[k] = m
}

// The statements of rollupDelta.write: upsertRollupSQL adds a delta to a
// row (creating it) and returns its count; deleteRollupSQL deletes a row
// whose count is zero.
const (
	upsertRollupSQL = `
		INSERT INTO comment_rollups (article_id, kind, bucket, rejected, comments, score_sum, score_sq)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (article_id, kind, bucket, rejected) DO UPDATE SET
			comments = comment_rollups.comments + excluded.comments,
			score_sum = comment_rollups.score_sum + excluded.score_sum,
			score_sq = comment_rollups.score_sq + excluded.score_sq
		RETURNING comments`
	deleteRollupSQL = `
		DELETE FROM comment_rollups
		WHERE article_id = $1 AND kind = $2 AND bucket = $3 AND rejected = $4 AND comments = 0`
)

// write adds d to comment_rollups in the transaction tx, deleting the rows
// it leaves without comments. Rows are written in key order, so that two
// transactions take their locks in the same order. It returns the
// database's error.
func (d rollupDelta) write(ctx context.Context, tx *sql.Tx) error {
	keys := make([]rollupKey, 0, len(d))
	for k, m := range d {
		if m != (moment{}) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b rollupKey) int {
		return cmp.Or(cmp.Compare(a.articleID, b.articleID), cmp.Compare(a.kind, b.kind),
			cmp.Compare(a.bucket, b.bucket), boolCompare(a.rejected, b.rejected))
	})
	if len(keys) == 0 {
		return nil
	}
	upsert, err := tx.PrepareContext(ctx, upsertRollupSQL)
	if err != nil {
		return err
	}
	defer upsert.Close()
	for _, k := range keys {
		m := d[k]
		var n int
		if err := upsert.QueryRowContext(ctx,
			k.articleID, k.kind, k.bucket, k.rejected, m.n, m.sum, m.sq).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			if _, err := tx.ExecContext(ctx, deleteRollupSQL, k.articleID, k.kind, k.bucket, k.rejected); err != nil {
				return err
			}
		}
	}
	return nil
}

// boolCompare orders false before true.
func boolCompare(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
