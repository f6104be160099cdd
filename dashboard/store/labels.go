package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/tonedesk/tonedesk/dashboard"
)

var _ dashboard.ModerationLabels = (*DB)(nil)

// DecidedComments returns every comment that has a decision, of the story
// storyID or of every story when storyID is empty, each with its latest
// decision (the one recorded last), its text and its analysis as stored
// now. They are ordered by story, article external id and comment
// external id (byte order, the same on both databases). It returns the
// database's error, if any; a story without decisions gives none.
func (db *DB) DecidedComments(ctx context.Context, storyID string) ([]dashboard.DecidedComment, error) {
	const op = "store: decided comments"
	query := `
		SELECT ` + commentFields + `, s.id,
			d.action, d.sentiment, d.stance, d.flag, d.decided_by, d.decided_at
		FROM moderation_decisions d
		JOIN comments c ON c.id = d.comment_id
		JOIN articles a ON a.id = c.article_id
		JOIN stories s ON s.id = a.story_id
		WHERE d.id = (SELECT MAX(m.id) FROM moderation_decisions m WHERE m.comment_id = d.comment_id)`
	var args []any
	if storyID != "" {
		query += ` AND a.story_id = $1`
		args = append(args, storyID)
	}
	rows, err := db.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	defer rows.Close()
	var out []dashboard.DecidedComment
	for rows.Next() {
		var dc dashboard.DecidedComment
		d := &dc.Decision
		if err := scanComment(rows, &dc.Comment, &dc.StoryID,
			&d.Action, &d.Sentiment, &d.Stance, &d.Flag, &d.By, timeScan{&d.At}); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		d.CommentID = dc.Comment.ID
		out = append(out, dc)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	slices.SortFunc(out, func(x, y dashboard.DecidedComment) int {
		return cmp.Or(cmp.Compare(x.StoryID, y.StoryID),
			cmp.Compare(x.Comment.ArticleExternalID, y.Comment.ArticleExternalID),
			cmp.Compare(x.Comment.ExternalID, y.Comment.ExternalID),
			cmp.Compare(x.Comment.ID, y.Comment.ID))
	})
	return out, nil
}
