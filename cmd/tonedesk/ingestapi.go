package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/dashboard/ingest"
	"github.com/tonedesk/tonedesk/dashboard/store"
	"github.com/tonedesk/tonedesk/dashboard/web"
	"github.com/tonedesk/tonedesk/sentiment"
)

// apiImporter imports the batches of the ingest API (web.Config.Import) as
// `tonedesk import` imports a file: parsed by dashboard/ingest, analysed
// with the stored story file and the server's model, stamped with the
// analyzer's fingerprint, stored in one transaction.
type apiImporter struct {
	st   dashboard.Store
	opts []sentiment.Option // the model options of serve's --model

	mu    sync.Mutex
	cache map[string]*storyAnalyzer // by story id
}

// storyAnalyzer is the analyzer of one stored story file.
type storyAnalyzer struct {
	spec  string
	story *sentiment.Story
	an    *sentiment.Analyzer
	fp    string
}

func newAPIImporter(st dashboard.Store, opts []sentiment.Option) *apiImporter {
	return &apiImporter{st: st, opts: opts, cache: map[string]*storyAnalyzer{}}
}

// analyzer returns the analyzer of the story's stored file, made once per
// version of the file.
func (im *apiImporter) analyzer(s dashboard.Story) (*storyAnalyzer, error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	if sa := im.cache[s.ID]; sa != nil && sa.spec == s.Spec {
		return sa, nil
	}
	if strings.TrimSpace(s.Spec) == "" {
		return nil, fmt.Errorf("story %q has no story file stored: import a file with 'tonedesk import --story' first", s.ID)
	}
	story, err := sentiment.ParseStory(s.ID+".toml", []byte(s.Spec))
	if err != nil {
		return nil, fmt.Errorf("story %q: stored story file: %w", s.ID, err)
	}
	if story.ID != s.ID {
		return nil, fmt.Errorf("story %q: the stored story file says id %q", s.ID, story.ID)
	}
	an := sentiment.NewAnalyzer(story, im.opts...)
	fp, err := analyzerFingerprint(an, story)
	if err != nil {
		return nil, err
	}
	sa := &storyAnalyzer{spec: s.Spec, story: story, an: an, fp: fp}
	im.cache[s.ID] = sa
	return sa, nil
}

// Import is a web.ImportFunc. A bad record, a bad --published or a batch
// the store refuses as it stands (a comment on an unknown article, text
// that is not UTF-8...) is a *web.BatchError.
func (im *apiImporter) Import(ctx context.Context, s dashboard.Story, req web.ImportRequest) (web.ImportOutcome, error) {
	sa, err := im.analyzer(s)
	if err != nil {
		return web.ImportOutcome{}, err
	}
	pub, err := parseDate(req.Published)
	if err != nil {
		return web.ImportOutcome{}, &web.BatchError{Msg: "published: " + err.Error()}
	}
	meta := ingest.Meta{Source: req.Source, URL: req.URL, Published: pub}
	b, skipped, err := ingest.ParseSkipped("request", req.Body, req.Format, meta)
	if err == nil {
		b, skipped, err = selectThreads(b, skipped, req.Threads)
	}
	if ie, ok := errors.AsType[*ingest.Error](err); ok {
		return web.ImportOutcome{}, &web.BatchError{Line: ie.Line, Msg: (&ingest.Error{Msg: ie.Msg, Err: ie.Err}).Error()}
	}
	if err != nil {
		return web.ImportOutcome{}, &web.BatchError{Msg: err.Error()}
	}
	b.File = ""
	res, err := importBatch(ctx, im.st, sa.an, sa.story, sa.fp, b)
	if errors.Is(err, store.ErrInvalid) || errors.Is(err, dashboard.ErrNotFound) {
		return web.ImportOutcome{}, &web.BatchError{Msg: strings.TrimPrefix(err.Error(), "store: import: ")}
	}
	if err != nil {
		return web.ImportOutcome{}, err
	}
	return web.ImportOutcome{Result: res, Skipped: skipped}, nil
}
