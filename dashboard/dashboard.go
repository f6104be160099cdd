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
	"math"
	"slices"
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
	// Analyzer is the fingerprint of the analyzer that last wrote analyses
	// into the story (an import or a rescore), "" when none is recorded.
	// Items whose analyses another analyzer wrote are stale (see
	// Staleness). PutStory with an empty Analyzer keeps the stored one.
	Analyzer string
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
	// Moderation is what a moderator decided: Undecided, Approved or
	// Rejected (see Moderation.Decide). Import ignores it.
	Moderation string
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
	// Analyzer is the fingerprint of the analyzer that scored the batch:
	// stored with every row written and, when not empty, as the story's
	// Analyzer.
	Analyzer string
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
	// SideTones is the tone of the quoted statements of each side or party
	// (Quote.Side; an empty side counts as "unknown"), sides in byte order.
	// Only sides with at least one quote appear.
	SideTones []SideTone
	// SideSourceTones is the tone of the quoted statements of each side or
	// party in each outlet's articles, in byte order of side, then source.
	// Only pairs with at least one quote appear.
	SideSourceTones []SideSourceTone
	// StanceTones is the sentiment of the comments grouped by the stance
	// their analysis gives them (Comment.Analysis.Stance.Label: "pro_<side
	// id>", "balanced" or "none"; an empty label counts as "none"), labels
	// in byte order. Only labels with at least one comment appear.
	StanceTones []StanceTone
	// SourceStances counts the comments under each outlet's articles by
	// stance label (as StanceTones), in byte order of source, then label.
	// Only pairs with at least one comment appear.
	SourceStances []SourceStance
	// Days counts the comments of each day, with their mean sentiment, in
	// day order; only days with comments appear. A comment's day is that
	// of its posted time, or, when it has none, of its article's published
	// time (counted in Fallback too); days are UTC. UndatedComments counts
	// the comments that have neither and so have no day.
	Days            []DayTone
	UndatedComments int
	// Drivers are the words and phrases that weigh most in the sentiment of
	// the statements quoted from each side or party (Quote.Side, an empty
	// side counting as "unknown"): the drivers of the quotes' analyses
	// (sentiment.Sentiment.Drivers), added up by side and lower-cased text,
	// without the analyzer's placeholders ("@side"). At most
	// TopDrivers per side, the heaviest by summed absolute weight; sides
	// in byte order, then heaviest first (ties in byte order of text).
	Drivers []SideDriver
	// Stale counts the items matched whose analyses were written by
	// another analyzer than the story's (Story.Analyzer): `tonedesk
	// rescore` brings them up to date. Zero when the story records no
	// analyzer.
	Stale Staleness
}

// Staleness counts the articles, quotes and comments whose stored analyses
// another analyzer than a given one wrote.
type Staleness struct {
	Articles int
	Quotes   int
	Comments int
}

// IsZero reports whether nothing is stale.
func (s Staleness) IsZero() bool { return s == Staleness{} }

// Rescore is one batch of new analyses for stored items, written by
// Rescorer.Rescore in one transaction. Each article names its row by ID and
// carries its new Analysis and its complete new Quotes (Start, End, Text,
// Speaker, Side, Via, Analysis), which replace the stored ones: a quote at
// the same span keeps its id. Each comment names its row by ID and carries
// its new Analysis. Other fields are ignored. Analyzer is the fingerprint
// of the analyzer that produced them.
type Rescore struct {
	Analyzer string
	Articles []Article
	Comments []Comment
}

// RescoreResult counts what a rescore rewrote: articles and comments, and
// the quotes of those articles before and after.
type RescoreResult struct {
	Articles     int
	Comments     int
	QuotesBefore int
	QuotesAfter  int
}

// Add returns the sum of two results.
func (r RescoreResult) Add(o RescoreResult) RescoreResult {
	return RescoreResult{
		Articles:     r.Articles + o.Articles,
		Comments:     r.Comments + o.Comments,
		QuotesBefore: r.QuotesBefore + o.QuotesBefore,
		QuotesAfter:  r.QuotesAfter + o.QuotesAfter,
	}
}

// Rescorer is a Store whose stored analyses can be rewritten after the
// model or the story file changed (`tonedesk rescore`). Items are stale
// when their analyses were written by another analyzer than the one given
// (compared by fingerprint); rewriting them with that analyzer makes them
// fresh, so running the rescore again continues where it stopped.
type Rescorer interface {
	Store
	// Stale counts the story's stale items: those not written by analyzer.
	// It returns an error wrapping ErrNotFound if the story does not exist.
	Stale(ctx context.Context, storyID, analyzer string) (Staleness, error)
	// StaleArticles returns at most limit stale articles of the story with
	// id greater than after, in id order, each with its body and its
	// stored quotes in span order (but no comments). It returns an error
	// wrapping ErrNotFound if the story does not exist.
	StaleArticles(ctx context.Context, storyID, analyzer string, after int64, limit int) ([]Article, error)
	// StaleComments returns at most limit stale comments of the story with
	// id greater than after, in id order, with their text and stored
	// analysis. It returns an error wrapping ErrNotFound if the story does
	// not exist.
	StaleComments(ctx context.Context, storyID, analyzer string, after int64, limit int) ([]Comment, error)
	// Rescore writes a batch of new analyses in one transaction, all of it
	// or, on error, nothing, and records r.Analyzer as the story's
	// analyzer. It returns an error wrapping ErrNotFound if the story does
	// not exist or an item is not in it.
	Rescore(ctx context.Context, storyID string, r Rescore) (RescoreResult, error)
}

// TopDrivers is how many drivers per side Summary.Drivers keeps.
const TopDrivers = 8

// StanceTone is the sentiment of the comments that take one stance, as
// SideTone: count, mean and sample standard deviation.
type StanceTone struct {
	Stance   string
	Comments int
	Mean     float64
	SD       float64
}

// Interval95 returns the 95% confidence interval of the mean; see
// MeanInterval95.
func (t StanceTone) Interval95() (lo, hi float64, ok bool) {
	return MeanInterval95(t.Comments, t.Mean, t.SD)
}

// SourceStance is how many comments under one outlet's articles take one
// stance.
type SourceStance struct {
	Source   string
	Stance   string
	Comments int
}

// DayTone is the comments of one day: how many, their mean sentiment, and
// how many of them have no posted time and are counted on the day their
// article was published. Day is the start of the day, UTC.
type DayTone struct {
	Day      time.Time
	Comments int
	Mean     float64
	Fallback int
}

// SideDriver is one word or phrase that moved the sentiment of the
// statements of one side: Weight is the sum of its signed weights over the
// statements, Abs the sum of their absolute values (what ranks it), Quotes
// how many statements it moved.
type SideDriver struct {
	Side   string
	Text   string
	Weight float64
	Abs    float64
	Quotes int
}

// UnknownSide is the Quote.Side of a statement whose speaker the text does
// not tie to a side or party.
const UnknownSide = "unknown"

// HistogramBins is the number of bins of Summary.Histogram.
const HistogramBins = 20

// SourceTone is the mean sentiment of one outlet's articles, quotes and
// comments. A mean over zero items is 0; check the count.
type SourceTone struct {
	Source   string
	Articles int
	// NoText counts the Articles without body text (the threads of a
	// comment export): ArticleTone is the mean over the others.
	NoText      int
	ArticleTone float64
	Quotes      int
	QuoteTone   float64
	Comments    int
	CommentTone float64
}

// TextArticles is how many articles ArticleTone is the mean of.
func (t SourceTone) TextArticles() int { return t.Articles - t.NoText }

// SideTone is the tone of the statements quoted from one side or party:
// how many there are, the mean of their sentiment scores and the sample
// standard deviation of the scores (n−1 in the denominator; 0 for fewer than
// two). MeanSD computes Mean and SD from sums; Interval95 the 95% interval.
type SideTone struct {
	Side   string
	Quotes int
	Mean   float64
	SD     float64
}

// Interval95 returns the 95% confidence interval of the mean; see
// MeanInterval95.
func (t SideTone) Interval95() (lo, hi float64, ok bool) {
	return MeanInterval95(t.Quotes, t.Mean, t.SD)
}

// SideSourceTone is the tone of the statements of one side or party quoted
// in one outlet's articles, as SideTone.
type SideSourceTone struct {
	Side   string
	Source string
	Quotes int
	Mean   float64
	SD     float64
}

// MeanSD returns the mean and the sample standard deviation of n scores
// from their sum and the sum of their squares, as a database aggregates
// them: mean = sum/n, variance = (sumSquares − n·mean²)/(n−1). Rounding can
// make that variance slightly negative when the scores are all alike; it is
// then 0. For n < 2 the deviation is 0, and for n < 1 the mean is 0 too.
//
// The one-pass formula loses precision when the variance is tiny next to the
// squared mean; for sentiment scores in [-1, 1] that costs digits far below
// the two decimals a chart shows.
func MeanSD(n int, sum, sumSquares float64) (mean, sd float64) {
	if n < 1 {
		return 0, 0
	}
	mean = sum / float64(n)
	if n < 2 {
		return mean, 0
	}
	v := (sumSquares - float64(n)*mean*mean) / float64(n-1)
	if v <= 0 || math.IsNaN(v) {
		return mean, 0
	}
	return mean, math.Sqrt(v)
}

// MeanInterval95 returns the 95% confidence interval of the mean of n
// scores with sample standard deviation sd: mean ± t·sd/√n, where t is the
// 97.5th percentile of Student's t distribution with n−1 degrees of freedom
// (12.71 for n = 2, 2.26 for n = 10, 1.96 as n grows). The interval is
// clamped to [-1, 1], the range of a score. ok is false, and lo and hi are
// the mean, when n < 2: one score has no interval.
func MeanInterval95(n int, mean, sd float64) (lo, hi float64, ok bool) {
	if n < 2 {
		return mean, mean, false
	}
	h := tQuantile975(n-1) * sd / math.Sqrt(float64(n))
	return max(mean-h, -1), min(mean+h, 1), true
}

// t975 are the 97.5th percentiles of Student's t distribution for 1 to 30
// degrees of freedom (t975[df-1]).
var t975 = [...]float64{
	12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836,
	2.446911851, 2.364624252, 2.306004135, 2.262157163, 2.228138852,
	2.200985160, 2.178812830, 2.160368656, 2.144786688, 2.131449546,
	2.119905299, 2.109815578, 2.100922040, 2.093024054, 2.085963447,
	2.079613845, 2.073873068, 2.068657610, 2.063898562, 2.059538553,
	2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
}

// tQuantile975 returns the 97.5th percentile of Student's t distribution
// with df ≥ 1 degrees of freedom: from the table up to 30, beyond it from
// the Cornish–Fisher expansion around the normal quantile, which is within
// 1e-5 of the exact value there.
func tQuantile975(df int) float64 {
	if df <= len(t975) {
		return t975[max(df, 1)-1]
	}
	const z = 1.959963984540054
	z2 := z * z
	n := float64(df)
	g1 := (z2 + 1) * z / 4
	g2 := ((5*z2+16)*z2 + 3) * z / 96
	g3 := (((3*z2+19)*z2+17)*z2 - 15) * z / 384
	return z + g1/n + g2/(n*n) + g3/(n*n*n)
}

// Filter narrows a story to some of its articles, by outlet and by
// published time; an article's quotes and comments go with it. The zero
// Filter matches every article.
//
// Sources, when not empty, lists the outlets (Article.Source, compared
// byte for byte) whose articles match; "" in it matches the articles with
// no outlet (shown as "Unknown outlet"). An outlet the story does not have
// matches nothing. From and To, when not zero, bound the article's
// published time: From ≤ published < To (To is exclusive, so a day "to 28
// Oct" is To = the start of 29 Oct). An article with no published time
// matches no filter that has a bound. Comments are not filtered by their
// own posted time: they go with their article.
//
// Comments a moderator rejected are left out of every count unless
// Rejected is true.
type Filter struct {
	Sources  []string
	From, To time.Time
	Rejected bool
}

// IsZero reports whether f is the zero Filter: every article, without the
// rejected comments.
func (f Filter) IsZero() bool {
	return len(f.Sources) == 0 && f.From.IsZero() && f.To.IsZero() && !f.Rejected
}

// MatchComment reports whether f counts a comment in that moderation state
// (its article matched): rejected comments only when f.Rejected.
func (f Filter) MatchComment(moderation string) bool {
	return f.Rejected || moderation != Rejected
}

// Match reports whether f matches an article with that source and
// published time (zero when unknown), as a Store's Summary matches it.
func (f Filter) Match(source string, published time.Time) bool {
	if len(f.Sources) > 0 && !slices.Contains(f.Sources, source) {
		return false
	}
	if (!f.From.IsZero() || !f.To.IsZero()) && published.IsZero() {
		return false
	}
	if !f.From.IsZero() && published.Before(f.From) {
		return false
	}
	if !f.To.IsZero() && !published.Before(f.To) {
		return false
	}
	return true
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
	// Summary returns the counts and rollups of the articles of a story
	// that f matches, with their quotes and comments; the zero Filter
	// matches the whole story.
	Summary(ctx context.Context, storyID string, f Filter) (Summary, error)
	// Article returns one article of a story with its quotes in span order
	// and its comments in posting order (Source and ArticleTitle filled
	// in), or an error wrapping ErrNotFound when the story has no article
	// with that id.
	Article(ctx context.Context, storyID string, id int64) (Article, error)
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
