package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/dashboard/store"
	"github.com/tonedesk/tonedesk/sentiment"
)

const rescoreSynopsis = `tonedesk rescore --db DSN --story FILE [--model FILE]... [--batch N] [--dry-run]

Analyses a stored story again with the current story file and model: every
article (its sentiment, and its quoted statements extracted and attributed
again) and every reader comment. Results are rewritten in batches of N
articles or comments, each batch in one transaction. Every row records the
analyzer that scored it, so only rows another analyzer scored are
rewritten: a rescore that was stopped continues where it stopped when run
again, and running it twice does nothing the second time. The story file's
id must be a story in the database. --dry-run says what would change and
writes nothing.`

// defaultRescoreBatch is the default number of items per rescore
// transaction.
const defaultRescoreBatch = 500

func runRescore(ctx context.Context, e env, args []string) error {
	var c config
	c.load(e.getenv)
	fs := flagSet("rescore", rescoreSynopsis, e.stderr)
	c.dbFlag(fs)
	c.storyFlag(fs)
	c.modelFlag(fs)
	batch := fs.Int("batch", defaultRescoreBatch, "articles or comments rewritten per transaction")
	dryRun := fs.Bool("dry-run", false, "say what would change, write nothing")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return exitError{code: 2, err: fmt.Errorf("rescore: unexpected arguments %q", fs.Args())}
	}
	if *batch < 1 {
		return exitError{code: 2, err: fmt.Errorf("rescore: --batch %d: want at least 1", *batch)}
	}
	an, story, spec, err := c.analyzer()
	if err != nil {
		return err
	}
	fp, err := analyzerFingerprint(an, story)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := checkStoredStory(ctx, st, story.ID, c.StoryFile); err != nil {
		return err
	}
	if !*dryRun {
		// The stored story becomes the file's, and its analyzer this one:
		// until every row is rewritten, the story page counts the rest.
		if err := st.PutStory(ctx, dashboard.Story{ID: story.ID, Title: story.Title, Spec: string(spec), Analyzer: fp}); err != nil {
			return err
		}
	}
	todo, err := st.Stale(ctx, story.ID, fp)
	if err != nil {
		return err
	}
	r := rescoreRun{st: st, an: an, story: story, analyzer: fp, batch: *batch, dryRun: *dryRun}
	if isTerminal(e.stderr) {
		total := todo.Articles + todo.Comments
		r.onBatch = func(t rescoreTotals) {
			fmt.Fprintf(e.stderr, "\r\033[K[%d/%d] batch %d: %d articles, %d comments", t.Articles+t.Comments, total, t.Batches, t.Articles, t.Comments)
		}
	}
	t, runErr := r.run(ctx)
	if r.onBatch != nil {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	left := todo
	if !*dryRun {
		// Counted afresh, even when interrupted: what a next run would do.
		if left, err = st.Stale(context.WithoutCancel(ctx), story.ID, fp); err != nil && runErr == nil {
			runErr = err
		}
	}
	printRescoreSummary(e.stdout, story.ID, t, left, *dryRun)
	if runErr != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("rescore: stopped after %d batches: %w; run it again to continue", t.Batches, runErr)
		}
		return fmt.Errorf("rescore: %w", runErr)
	}
	return nil
}

// checkStoredStory returns an error unless the database holds the story
// with the id of the story file, naming the stories it does hold.
func checkStoredStory(ctx context.Context, st dashboard.Store, id, file string) error {
	_, err := st.Story(ctx, id)
	if !errors.Is(err, dashboard.ErrNotFound) {
		return err
	}
	stories, err := st.Stories(ctx)
	if err != nil {
		return err
	}
	ids := make([]string, len(stories))
	for i, s := range stories {
		ids[i] = s.ID
	}
	held := "no stories"
	if len(ids) > 0 {
		held = "stories " + strings.Join(ids, ", ")
	}
	return exitError{code: 1, err: fmt.Errorf("rescore: story %q (the id in %s) is not in the database, which holds %s: give the story file of a stored story, or import this one first", id, file, held)}
}

// rescoreRun rewrites the stale items of one story in batches.
type rescoreRun struct {
	st       dashboard.Rescorer
	an       *sentiment.Analyzer
	story    *sentiment.Story
	analyzer string
	batch    int
	dryRun   bool
	// onBatch, when set, is called after each batch with the totals so
	// far.
	onBatch func(rescoreTotals)
}

// rescoreTotals is what a rescore did, or in a dry run would do.
type rescoreTotals struct {
	dashboard.RescoreResult
	Batches int
	Changes labelChanges
}

// labelChanges counts labels that a new analysis changed: sentiment and
// stance labels of articles, quotes and comments, the side of quotes at
// the same span, and quotes found or no longer found.
type labelChanges struct {
	Sentiment int
	Stance    int
	Side      int
	Added     int
	Removed   int
}

func (c labelChanges) add(o labelChanges) labelChanges {
	return labelChanges{c.Sentiment + o.Sentiment, c.Stance + o.Stance, c.Side + o.Side, c.Added + o.Added, c.Removed + o.Removed}
}

// run rescores batch after batch until nothing is stale, or ctx is done.
// Each batch is articles first, then comments, in id order; in a dry run,
// where nothing becomes fresh, the id cursors move past what was seen.
func (r *rescoreRun) run(ctx context.Context) (rescoreTotals, error) {
	var t rescoreTotals
	var afterArticle, afterComment int64
	for {
		if err := ctx.Err(); err != nil {
			return t, err
		}
		arts, err := r.st.StaleArticles(ctx, r.story.ID, r.analyzer, afterArticle, r.batch)
		if err != nil {
			return t, err
		}
		var comments []dashboard.Comment
		if len(arts) < r.batch {
			if comments, err = r.st.StaleComments(ctx, r.story.ID, r.analyzer, afterComment, r.batch-len(arts)); err != nil {
				return t, err
			}
		}
		if len(arts)+len(comments) == 0 {
			return t, nil
		}
		if len(arts) > 0 {
			afterArticle = arts[len(arts)-1].ID
		}
		if len(comments) > 0 {
			afterComment = comments[len(comments)-1].ID
		}
		b, changes := rescoreItems(r.an, r.story, r.analyzer, arts, comments)
		res := dryRescoreResult(arts, b)
		if !r.dryRun {
			if res, err = r.st.Rescore(ctx, r.story.ID, b); err != nil {
				return t, err
			}
		}
		t.RescoreResult = t.RescoreResult.Add(res)
		t.Batches++
		t.Changes = t.Changes.add(changes)
		if r.onBatch != nil {
			r.onBatch(t)
		}
	}
}

// rescoreItems analyses stored articles and comments again: each article's
// body, with its quotes extracted and attributed anew and each scored on
// its own text (as import does), and each comment's text. It returns the
// batch to write and how the labels changed.
func rescoreItems(an *sentiment.Analyzer, story *sentiment.Story, analyzer string, arts []dashboard.Article, comments []dashboard.Comment) (dashboard.Rescore, labelChanges) {
	b := dashboard.Rescore{Analyzer: analyzer}
	var ch labelChanges
	for _, old := range arts {
		a := dashboard.Article{ID: old.ID, Body: old.Body, Analysis: an.Analyze(old.Body)}
		a.Quotes = articleQuotes(story, old.Body)
		for j := range a.Quotes {
			a.Quotes[j].Analysis = an.Analyze(a.Quotes[j].Text)
		}
		ch = ch.add(analysisChanges(old.Analysis, a.Analysis)).add(quoteChanges(old.Quotes, a.Quotes))
		b.Articles = append(b.Articles, a)
	}
	for _, old := range comments {
		c := dashboard.Comment{ID: old.ID, Analysis: an.Analyze(old.Text)}
		ch = ch.add(analysisChanges(old.Analysis, c.Analysis))
		b.Comments = append(b.Comments, c)
	}
	return b, ch
}

// analysisChanges counts the labels that differ between two analyses.
func analysisChanges(old, new sentiment.Analysis) labelChanges {
	var c labelChanges
	if old.Sentiment.Label != new.Sentiment.Label {
		c.Sentiment++
	}
	if old.Stance.Label != new.Stance.Label {
		c.Stance++
	}
	return c
}

// quoteChanges compares an article's quotes by span: the labels and sides
// of quotes at the same span, and the spans only one side has.
func quoteChanges(old, new []dashboard.Quote) labelChanges {
	type span struct{ start, end int }
	before := map[span]dashboard.Quote{}
	for _, q := range old {
		before[span{q.Start, q.End}] = q
	}
	var c labelChanges
	seen := map[span]bool{}
	for _, q := range new {
		k := span{q.Start, q.End}
		if seen[k] {
			continue
		}
		seen[k] = true
		o, ok := before[k]
		if !ok {
			c.Added++
			continue
		}
		c = c.add(analysisChanges(o.Analysis, q.Analysis))
		if o.Side != q.Side {
			c.Side++
		}
	}
	c.Removed = len(before) - (len(seen) - c.Added)
	return c
}

// dryRescoreResult is what writing b would count, from the stored articles
// it replaces: as the store counts it, quotes at the same span are one.
func dryRescoreResult(old []dashboard.Article, b dashboard.Rescore) dashboard.RescoreResult {
	res := dashboard.RescoreResult{Articles: len(b.Articles), Comments: len(b.Comments)}
	for _, a := range old {
		res.QuotesBefore += len(a.Quotes)
	}
	for _, a := range b.Articles {
		spans := map[[2]int]bool{}
		for _, q := range a.Quotes {
			spans[[2]int{q.Start, q.End}] = true
		}
		res.QuotesAfter += len(spans)
	}
	return res
}

// printRescoreSummary writes the one-line summary of a rescore.
func printRescoreSummary(w io.Writer, storyID string, t rescoreTotals, left dashboard.Staleness, dryRun bool) {
	verb, change := "rescored", "changed"
	if dryRun {
		verb, change = "would rescore", "would change"
	}
	if t.Batches == 0 {
		fmt.Fprintf(w, "story %s: nothing to rescore: every article, quote and comment was scored by this analyzer\n", storyID)
		return
	}
	fmt.Fprintf(w, "story %s: %s %s (%d → %s), %s in %s; %s %s, %s, %s; %d quotes new, %d gone; ",
		storyID, verb, plural(t.Articles, "article"), t.QuotesBefore, plural(t.QuotesAfter, "quote"),
		plural(t.Comments, "comment"), plural(t.Batches, "batch"), change,
		plural(t.Changes.Sentiment, "sentiment label"), plural(t.Changes.Stance, "stance label"),
		plural(t.Changes.Side, "quote side"), t.Changes.Added, t.Changes.Removed)
	if dryRun {
		fmt.Fprintln(w, "dry run: nothing written")
		return
	}
	fmt.Fprintf(w, "%d left\n", left.Articles+left.Comments)
}

// plural returns "1 thing" or "n things" ("batches" for "batch").
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "ch") {
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// analysisVersion is the version of tonedesk's analysis, part of every
// analyzer fingerprint. Bump it when a change to the analysis code (quote
// extraction, attribution, rules) should make stored results stale.
const analysisVersion = 1

// analyzerFingerprint identifies what scores a story: tonedesk's analysis
// version, the sentiment model (built-in or --model), the story as parsed
// (sides, parties, aliases; not the file's comments or layout), and the
// analyses of a few probe texts built from the story, which change with a
// stance model or with analysis code the version did not count. Stored
// rows keep it (import and rescore), so that rescore rewrites only the
// rows another analyzer wrote. It returns an error only if the model or
// story cannot be encoded.
func analyzerFingerprint(an *sentiment.Analyzer, story *sentiment.Story) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "tonedesk analysis %d\n", analysisVersion)
	model, err := an.Model().MarshalJSON()
	if err != nil {
		return "", fmt.Errorf("analyzer fingerprint: model: %w", err)
	}
	h.Write(model)
	if _, err := an.StanceModel().WriteTo(h); err != nil {
		return "", fmt.Errorf("analyzer fingerprint: stance model: %w", err)
	}
	enc := json.NewEncoder(h)
	if err := enc.Encode(story); err != nil {
		return "", fmt.Errorf("analyzer fingerprint: story: %w", err)
	}
	for _, p := range fingerprintProbes(story) {
		if err := enc.Encode(an.Analyze(p)); err != nil {
			return "", fmt.Errorf("analyzer fingerprint: probe: %w", err)
		}
	}
	return fmt.Sprintf("a%d-%s", analysisVersion, hex.EncodeToString(h.Sum(nil))[:16]), nil
}

// fingerprintProbes returns texts whose analyses show a change of
// analyzer: blame and praise between each pair of sides, a party's call,
// and a few texts that name no one.
func fingerprintProbes(story *sentiment.Story) []string {
	probes := []string{
		"Great news, finally some hope for peace!",
		"This is a disgrace. What idiots, they should be ashamed.",
		"The talks ended without an agreement, officials said.",
	}
	name := func(g sentiment.Group) string {
		if len(g.Aliases) > 0 {
			return g.Aliases[0]
		}
		return g.Name
	}
	for i, a := range story.Sides {
		probes = append(probes, fmt.Sprintf("%s welcomed the agreement and thanked the mediators for their patience.", name(a)))
		for j, b := range story.Sides {
			if i != j {
				probes = append(probes, fmt.Sprintf("%s accused %s of sheltering militants and said the talks had failed.", name(a), name(b)))
			}
		}
	}
	for _, p := range story.Parties {
		probes = append(probes, fmt.Sprintf("%s said both sides must stop the violence and return to talks.", name(p)))
	}
	return probes
}
