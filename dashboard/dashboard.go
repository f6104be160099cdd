// Package dashboard holds tonedesk's domain types (stories, articles,
// comments, quotes) and the Store contract that dashboard/store implements and
// dashboard/web reads from. Sub-packages of dashboard do not import each
// other; cmd/tonedesk wires them together.
package dashboard

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/tonedesk/tonedesk/sentiment"
)

// ErrNotFound is returned (wrapped) by a Store when a story, article or
// comment does not exist.
var ErrNotFound = errors.New("not found")

// Story is one news event followed across outlets. Spec is the story file
// (TOML) as the editor wrote it; sentiment.ParseStory reads it.
type Story struct {
	ID    string
	Title string
	Spec  string
}

// Article is one report. ExternalID identifies it within its story: the
// source's own id when the input has one, else ContentID of source, title and
// body. Published is zero when the input does not say.
type Article struct {
	ID         int64
	StoryID    string
	ExternalID string
	Source     string
	URL        string
	Title      string
	Dateline   string
	Published  time.Time
	Body       string
	Analysis   sentiment.Analysis
	Quotes     []Quote
	Comments   []Comment
}

// Comment is one reader comment. On import, a comment nested in an Article
// belongs to it; a comment in Batch.Comments names its article by
// ArticleExternalID. ExternalID is the source's id, else ContentID of
// author, text and posted time. Posted is zero when unknown.
type Comment struct {
	ID                int64
	ArticleID         int64
	ArticleExternalID string
	ExternalID        string
	ParentExternalID  string
	Author            string
	Text              string
	Posted            time.Time
	Analysis          sentiment.Analysis
	// Source and ArticleTitle are filled in by Store reads for display.
	Source       string
	ArticleTitle string
}

// Quote is a quoted statement inside an article: Start and End are byte
// offsets into Article.Body; Side is a side id, a party id or "unknown".
type Quote struct {
	ID        int64
	ArticleID int64
	Start     int
	End       int
	Text      string
	Speaker   string
	Side      string
	Via       string
	Analysis  sentiment.Analysis
}

// Batch is the unit of import: everything parsed from one input file. A Store
// writes all of it or nothing.
type Batch struct {
	File     string
	Articles []Article
	Comments []Comment
}

// ImportResult counts what an import wrote and what it skipped because it
// was already stored.
type ImportResult struct {
	Articles          int
	Comments          int
	Quotes            int
	DuplicateArticles int
	DuplicateComments int
}

// Add returns the sum of two results.
func (r ImportResult) Add(o ImportResult) ImportResult {
	return ImportResult{
		Articles:          r.Articles + o.Articles,
		Comments:          r.Comments + o.Comments,
		Quotes:            r.Quotes + o.Quotes,
		DuplicateArticles: r.DuplicateArticles + o.DuplicateArticles,
		DuplicateComments: r.DuplicateComments + o.DuplicateComments,
	}
}

// Summary says what data a story's dashboard is looking at, and holds the
// rollups its first charts are drawn from.
type Summary struct {
	StoryID  string
	Articles int
	Comments int
	Quotes   int
	Sources  []SourceTone
	// From and To span the articles' published dates and comments' posted
	// times; both zero when nothing is dated.
	From, To time.Time
	// Histogram counts comment sentiment scores in HistogramBins equal bins
	// over [-1, 1]; a score of exactly 1 falls in the last bin.
	Histogram [HistogramBins]int
}

// HistogramBins is the number of bins of Summary.Histogram.
const HistogramBins = 20

// SourceTone is the mean sentiment of one outlet's articles, quotes and
// comments. A mean over zero items is 0; check the count.
type SourceTone struct {
	Source      string
	Articles    int
	ArticleTone float64
	Quotes      int
	QuoteTone   float64
	Comments    int
	CommentTone float64
}

// Store keeps stories, articles, comments and quotes with their analyses.
// Implementations: dashboard/store on SQLite and PostgreSQL.
type Store interface {
	// PutStory creates or updates a story.
	PutStory(ctx context.Context, s Story) error
	// Story returns one story, or an error wrapping ErrNotFound.
	Story(ctx context.Context, id string) (Story, error)
	// Stories returns all stories ordered by id.
	Stories(ctx context.Context) ([]Story, error)
	// Import writes a batch into a story in one transaction: all of it or,
	// on error, nothing. Rows already stored (same external id) are skipped
	// and counted as duplicates. The story must exist.
	Import(ctx context.Context, storyID string, b Batch) (ImportResult, error)
	// Articles returns a story's articles, oldest first, with their quotes
	// but without comments.
	Articles(ctx context.Context, storyID string) ([]Article, error)
	// Comments returns a story's comments in article then posting order,
	// with Source and ArticleTitle filled in.
	Comments(ctx context.Context, storyID string) ([]Comment, error)
	// Summary returns the counts and rollups of a story.
	Summary(ctx context.Context, storyID string) (Summary, error)
	// Close releases the database.
	Close() error
}

// ContentID is the external id of an item that came without one: a hash of
// its parts, so re-importing the same text yields the same id.
func ContentID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(strings.TrimSpace(p)))
		h.Write([]byte{0})
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))[:32]
}
