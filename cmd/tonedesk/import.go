package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/dashboard/ingest"
	"github.com/tonedesk/tonedesk/dashboard/store"
	"github.com/tonedesk/tonedesk/sentiment"
)

const importSynopsis = `tonedesk import --db DSN --story FILE [--model FILE]... [--source S] [--url U] [--published DATE] [--format F] [--thread TEXT]... FILE...

Imports articles and reader comments into a story. Each file is one batch:
it is written whole or, if any record in it is bad, not at all. Importing a
file again adds nothing. --thread keeps only the articles (Disqus threads,
WordPress posts) whose URL, title or id contains the text. Exits non-zero if
any file was rejected.`

func runImport(ctx context.Context, e env, args []string) error {
	var c config
	c.load(e.getenv)
	fs := flagSet("import", importSynopsis, e.stderr)
	c.dbFlag(fs)
	c.storyFlag(fs)
	c.modelFlag(fs)
	c.metaFlags(fs)
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	files := fs.Args()
	if len(files) == 0 {
		return exitError{code: 2, err: errors.New("import: no files given")}
	}
	if c.URL != "" && len(files) > 1 {
		return exitError{code: 2, err: errors.New("import: --url names one article; give one file with it")}
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
	if err := st.PutStory(ctx, dashboard.Story{ID: story.ID, Title: story.Title, Spec: string(spec)}); err != nil {
		return err
	}
	progress := isTerminal(e.stderr)

	var total dashboard.ImportResult
	skipped := ingest.Skipped{}
	var rejected []string
	for i, path := range files {
		if progress {
			fmt.Fprintf(e.stderr, "\r\033[K[%d/%d] %s", i+1, len(files), filepath.Base(path))
		}
		res, skip, err := importFile(ctx, st, an, story, fp, c, path)
		if err != nil {
			if progress {
				fmt.Fprint(e.stderr, "\r\033[K")
			}
			fmt.Fprintf(e.stderr, "tonedesk: import: %v (nothing from this file was written)\n", err)
			rejected = append(rejected, path)
			continue
		}
		total = total.Add(res)
		skipped = skipped.Merge(skip)
	}
	if progress {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	fmt.Fprintf(e.stdout, "story %s: imported %d articles, %d comments, %d quotes from %d of %d files; skipped %d duplicate articles, %d duplicate comments\n",
		story.ID, total.Articles, total.Comments, total.Quotes, len(files)-len(rejected), len(files), total.DuplicateArticles, total.DuplicateComments)
	if skipped.Total() > 0 {
		fmt.Fprintf(e.stdout, "left out of the exports: %s\n", skipped)
	}
	if len(rejected) > 0 {
		return exitError{code: 1, err: fmt.Errorf("import: %d of %d files rejected: %s", len(rejected), len(files), strings.Join(rejected, ", "))}
	}
	return nil
}

// importFile parses, analyses and stores one file as one batch, stamped
// with the analyzer's fingerprint fp. It also returns what the parser left
// out on purpose (deleted, spam and unapproved comments of an export...),
// counted only when the batch was stored.
func importFile(ctx context.Context, st dashboard.Store, an *sentiment.Analyzer, story *sentiment.Story, fp string, c config, path string) (dashboard.ImportResult, ingest.Skipped, error) {
	b, skipped, err := readBatch(c, path)
	if err != nil {
		return dashboard.ImportResult{}, nil, err
	}
	res, err := importBatch(ctx, st, an, story, fp, b)
	if err != nil {
		return res, nil, fmt.Errorf("%s: %w", path, err)
	}
	return res, skipped, nil
}

// importBatch analyses a parsed batch with the story's analyzer, stamps it
// with the analyzer's fingerprint fp and stores it in the story, all or
// nothing: the one way a batch is imported, from a file or through the
// ingest API. It returns the store's error.
func importBatch(ctx context.Context, st dashboard.Store, an *sentiment.Analyzer, story *sentiment.Story, fp string, b dashboard.Batch) (dashboard.ImportResult, error) {
	analyzeBatch(an, story, &b)
	b.Analyzer = fp
	return st.Import(ctx, story.ID, b)
}

// readBatch parses one input file with the metadata from the flags and its
// sidecar file (the sidecar, being about this file only, wins). It also
// returns what the parser left out on purpose (see ingest.Skipped).
func readBatch(c config, path string) (dashboard.Batch, ingest.Skipped, error) {
	pub, err := parseDate(c.Published)
	if err != nil {
		return dashboard.Batch{}, nil, exitError{code: 2, err: fmt.Errorf("--published: %w", err)}
	}
	meta := ingest.Meta{Source: c.Source, URL: c.URL, Published: pub}
	side, ok, err := ingest.LoadSidecar(path)
	if err != nil {
		return dashboard.Batch{}, nil, err
	}
	if ok {
		meta = mergeMeta(meta, side)
	}
	f, err := os.Open(path)
	if err != nil {
		return dashboard.Batch{}, nil, err
	}
	defer f.Close()
	b, skipped, err := ingest.ParseSkipped(path, f, c.Format, meta)
	if err != nil {
		return b, skipped, err
	}
	return selectThreads(b, skipped, c.Threads)
}

// selectThreads keeps the articles of b that match threads (see
// ingest.Select) and adds what it left out to skipped.
func selectThreads(b dashboard.Batch, skipped ingest.Skipped, threads []string) (dashboard.Batch, ingest.Skipped, error) {
	left, err := ingest.Select(&b, threads)
	if err != nil {
		return dashboard.Batch{}, nil, err
	}
	return b, skipped.Merge(left), nil
}

// mergeMeta returns base with every field that over sets replaced.
func mergeMeta(base, over ingest.Meta) ingest.Meta {
	if over.Source != "" {
		base.Source = over.Source
	}
	if over.URL != "" {
		base.URL = over.URL
	}
	if over.Title != "" {
		base.Title = over.Title
	}
	if !over.Published.IsZero() {
		base.Published = over.Published
	}
	return base
}

// analyzeBatch scores every article, quote and comment of b in place. An
// article the parser gave no quotes gets those sentiment.ExtractQuotes finds
// in its body, attributed to story's sides and parties; each quote is
// scored like a comment, on its own text.
func analyzeBatch(an *sentiment.Analyzer, story *sentiment.Story, b *dashboard.Batch) {
	for i := range b.Articles {
		a := &b.Articles[i]
		a.Analysis = an.Analyze(a.Body)
		if len(a.Quotes) == 0 {
			a.Quotes = articleQuotes(story, a.Body)
		}
		for j := range a.Quotes {
			a.Quotes[j].Analysis = an.Analyze(a.Quotes[j].Text)
		}
		for j := range a.Comments {
			a.Comments[j].Analysis = an.Analyze(a.Comments[j].Text)
		}
	}
	for i := range b.Comments {
		b.Comments[i].Analysis = an.Analyze(b.Comments[i].Text)
	}
}

// articleQuotes returns the quoted statements of an article body, not yet
// scored, or nil when it has none.
func articleQuotes(story *sentiment.Story, body string) []dashboard.Quote {
	found := sentiment.ExtractQuotes(story, body)
	if len(found) == 0 {
		return nil
	}
	out := make([]dashboard.Quote, len(found))
	for i, q := range found {
		out[i] = dashboard.Quote{Start: q.Start, End: q.End, Text: q.Text, Speaker: q.Speaker, Side: q.Side, Via: q.Via}
	}
	return out
}
