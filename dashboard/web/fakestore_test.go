package web

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/sentiment"
)

// fakeStore is an in-memory dashboard.Store for handler tests: a test double,
// not product code. Summary computes the rollups from the stored rows the way
// the contract describes them. err, when set, is returned by every read;
// panicOn names a method that panics.
type fakeStore struct {
	mu       sync.Mutex
	stories  map[string]dashboard.Story
	articles map[string][]dashboard.Article
	comments map[string][]dashboard.Comment
	err      error
	panicOn  string
	nextID   int64
	acc      fakeAccounts
}

var _ dashboard.Store = (*fakeStore)(nil)

func newFakeStore() *fakeStore {
	return &fakeStore{
		stories:  map[string]dashboard.Story{},
		articles: map[string][]dashboard.Article{},
		comments: map[string][]dashboard.Comment{},
		acc:      newFakeAccounts(),
	}
}

func (f *fakeStore) check(method string) error {
	if f.panicOn == method {
		panic("fakeStore: " + method + " panics")
	}
	return f.err
}

func (f *fakeStore) PutStory(_ context.Context, s dashboard.Story) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stories[s.ID] = s
	return nil
}

func (f *fakeStore) Story(_ context.Context, id string) (dashboard.Story, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check("Story"); err != nil {
		return dashboard.Story{}, err
	}
	s, ok := f.stories[id]
	if !ok {
		return dashboard.Story{}, fmt.Errorf("fakeStore: story %q: %w", id, dashboard.ErrNotFound)
	}
	return s, nil
}

func (f *fakeStore) Stories(context.Context) ([]dashboard.Story, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check("Stories"); err != nil {
		return nil, err
	}
	var out []dashboard.Story
	for _, s := range f.stories {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b dashboard.Story) int { return cmpString(a.ID, b.ID) })
	return out, nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Import stores a batch. Comments nested in articles belong to them;
// Batch.Comments name their article by external id.
func (f *fakeStore) Import(_ context.Context, storyID string, b dashboard.Batch) (dashboard.ImportResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.stories[storyID]; !ok {
		return dashboard.ImportResult{}, fmt.Errorf("fakeStore: story %q: %w", storyID, dashboard.ErrNotFound)
	}
	var res dashboard.ImportResult
	byExt := map[string]dashboard.Article{}
	for _, a := range f.articles[storyID] {
		byExt[a.ExternalID] = a
	}
	addComment := func(a dashboard.Article, c dashboard.Comment) {
		f.nextID++
		c.ID, c.ArticleID, c.ArticleExternalID = f.nextID, a.ID, a.ExternalID
		c.Source, c.ArticleTitle = a.Source, a.Title
		f.comments[storyID] = append(f.comments[storyID], c)
		res.Comments++
	}
	for _, a := range b.Articles {
		f.nextID++
		a.ID, a.StoryID = f.nextID, storyID
		nested := a.Comments
		a.Comments = nil
		a.Quotes = slices.Clone(a.Quotes)
		for i := range a.Quotes {
			f.nextID++
			a.Quotes[i].ID, a.Quotes[i].ArticleID = f.nextID, a.ID
		}
		f.articles[storyID] = append(f.articles[storyID], a)
		byExt[a.ExternalID] = a
		res.Articles++
		res.Quotes += len(a.Quotes)
		for _, c := range nested {
			addComment(a, c)
		}
	}
	for _, c := range b.Comments {
		a, ok := byExt[c.ArticleExternalID]
		if !ok {
			return res, fmt.Errorf("fakeStore: comment on unknown article %q", c.ArticleExternalID)
		}
		addComment(a, c)
	}
	return res, nil
}

func (f *fakeStore) Articles(_ context.Context, storyID string) ([]dashboard.Article, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check("Articles"); err != nil {
		return nil, err
	}
	return slices.Clone(f.articles[storyID]), nil
}

func (f *fakeStore) Comments(_ context.Context, storyID string) ([]dashboard.Comment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check("Comments"); err != nil {
		return nil, err
	}
	return slices.Clone(f.comments[storyID]), nil
}

// Article returns one article of a story with its quotes and comments.
func (f *fakeStore) Article(_ context.Context, storyID string, id int64) (dashboard.Article, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check("Article"); err != nil {
		return dashboard.Article{}, err
	}
	for _, a := range f.articles[storyID] {
		if a.ID != id {
			continue
		}
		for _, c := range f.comments[storyID] {
			if c.ArticleID == id {
				a.Comments = append(a.Comments, c)
			}
		}
		return a, nil
	}
	return dashboard.Article{}, fmt.Errorf("fakeStore: article %q/%d: %w", storyID, id, dashboard.ErrNotFound)
}

// Summary rolls the story's rows up: counts, per-source means in order of
// first appearance, the date span, the comment histogram and the quote tone
// per side and per side and source (in byte order, from sums, as the store
// computes them), of the articles that filter matches (Filter.Match) and
// their comments.
func (f *fakeStore) Summary(_ context.Context, storyID string, filter dashboard.Filter) (dashboard.Summary, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check("Summary"); err != nil {
		return dashboard.Summary{}, err
	}
	sum := dashboard.Summary{StoryID: storyID}
	idx := map[string]int{}
	source := func(name string) *dashboard.SourceTone {
		i, ok := idx[name]
		if !ok {
			i = len(sum.Sources)
			idx[name] = i
			sum.Sources = append(sum.Sources, dashboard.SourceTone{Source: name})
		}
		return &sum.Sources[i]
	}
	span := func(t time.Time) {
		if t.IsZero() {
			return
		}
		if sum.From.IsZero() || t.Before(sum.From) {
			sum.From = t
		}
		if t.After(sum.To) {
			sum.To = t
		}
	}
	type sums struct {
		n       int
		sum, sq float64
	}
	sides := map[string]*sums{}
	cells := map[[2]string]*sums{}
	add := func(m *sums, v float64) { m.n, m.sum, m.sq = m.n+1, m.sum+v, m.sq+v*v }
	matched := map[int64]bool{}
	for _, a := range f.articles[storyID] {
		if !filter.Match(a.Source, a.Published) {
			continue
		}
		matched[a.ID] = true
		s := source(a.Source)
		sum.Articles++
		s.Articles++
		if a.Body == "" {
			s.NoText++
		} else {
			s.ArticleTone += a.Analysis.Sentiment.Score
		}
		for _, q := range a.Quotes {
			sum.Quotes++
			s.Quotes++
			v := q.Analysis.Sentiment.Score
			s.QuoteTone += v
			side := q.Side
			if side == "" {
				side = dashboard.UnknownSide
			}
			if sides[side] == nil {
				sides[side] = &sums{}
			}
			add(sides[side], v)
			k := [2]string{side, a.Source}
			if cells[k] == nil {
				cells[k] = &sums{}
			}
			add(cells[k], v)
		}
		span(a.Published)
	}
	for side, m := range sides {
		mean, sd := dashboard.MeanSD(m.n, m.sum, m.sq)
		sum.SideTones = append(sum.SideTones, dashboard.SideTone{Side: side, Quotes: m.n, Mean: mean, SD: sd})
	}
	slices.SortFunc(sum.SideTones, func(a, b dashboard.SideTone) int { return cmpString(a.Side, b.Side) })
	for k, m := range cells {
		mean, sd := dashboard.MeanSD(m.n, m.sum, m.sq)
		sum.SideSourceTones = append(sum.SideSourceTones, dashboard.SideSourceTone{Side: k[0], Source: k[1], Quotes: m.n, Mean: mean, SD: sd})
	}
	slices.SortFunc(sum.SideSourceTones, func(a, b dashboard.SideSourceTone) int {
		if c := cmpString(a.Side, b.Side); c != 0 {
			return c
		}
		return cmpString(a.Source, b.Source)
	})
	var counted []dashboard.Comment
	for _, c := range f.comments[storyID] {
		if filter.MatchComment(c.Moderation) {
			counted = append(counted, c)
		}
	}
	for _, c := range counted {
		if !matched[c.ArticleID] {
			continue
		}
		s := source(c.Source)
		sum.Comments++
		s.Comments++
		s.CommentTone += c.Analysis.Sentiment.Score
		span(c.Posted)
		bin := int(math.Floor((c.Analysis.Sentiment.Score + 1) / 2 * dashboard.HistogramBins))
		sum.Histogram[min(max(bin, 0), dashboard.HistogramBins-1)]++
	}
	fakeSummaryComments(&sum, counted, matched, f.articles[storyID])
	fakeSummaryDrivers(&sum, f.articles[storyID], matched)
	for i := range sum.Sources {
		s := &sum.Sources[i]
		if s.TextArticles() > 0 {
			s.ArticleTone /= float64(s.TextArticles())
		}
		if s.Quotes > 0 {
			s.QuoteTone /= float64(s.Quotes)
		}
		if s.Comments > 0 {
			s.CommentTone /= float64(s.Comments)
		}
	}
	return sum, nil
}

// fakeSummaryComments fills in the stance and day rollups of the matched
// comments as the store does: an empty stance is "none"; a comment's day is
// its posted day or, without one, its article's published day (UTC).
func fakeSummaryComments(sum *dashboard.Summary, comments []dashboard.Comment, matched map[int64]bool, articles []dashboard.Article) {
	published := map[int64]time.Time{}
	for _, a := range articles {
		published[a.ID] = a.Published
	}
	type sums struct {
		n, fallback int
		sum, sq     float64
	}
	stances := map[string]*sums{}
	cells := map[[2]string]int{}
	days := map[time.Time]*sums{}
	for _, c := range comments {
		if !matched[c.ArticleID] {
			continue
		}
		v := c.Analysis.Sentiment.Score
		st := c.Analysis.Stance.Label
		if st == "" {
			st = sentiment.StanceNone
		}
		if stances[st] == nil {
			stances[st] = &sums{}
		}
		m := stances[st]
		m.n, m.sum, m.sq = m.n+1, m.sum+v, m.sq+v*v
		cells[[2]string{c.Source, st}]++
		t, fallback := c.Posted, 0
		if t.IsZero() {
			t, fallback = published[c.ArticleID], 1
		}
		if t.IsZero() {
			sum.UndatedComments++
			continue
		}
		t = t.UTC()
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		if days[d] == nil {
			days[d] = &sums{}
		}
		days[d].n, days[d].fallback, days[d].sum = days[d].n+1, days[d].fallback+fallback, days[d].sum+v
	}
	for st, m := range stances {
		mean, sd := dashboard.MeanSD(m.n, m.sum, m.sq)
		sum.StanceTones = append(sum.StanceTones, dashboard.StanceTone{Stance: st, Comments: m.n, Mean: mean, SD: sd})
	}
	slices.SortFunc(sum.StanceTones, func(a, b dashboard.StanceTone) int { return cmpString(a.Stance, b.Stance) })
	for k, n := range cells {
		sum.SourceStances = append(sum.SourceStances, dashboard.SourceStance{Source: k[0], Stance: k[1], Comments: n})
	}
	slices.SortFunc(sum.SourceStances, func(a, b dashboard.SourceStance) int {
		if c := cmpString(a.Source, b.Source); c != 0 {
			return c
		}
		return cmpString(a.Stance, b.Stance)
	})
	for d, m := range days {
		sum.Days = append(sum.Days, dashboard.DayTone{Day: d, Comments: m.n, Mean: m.sum / float64(m.n), Fallback: m.fallback})
	}
	slices.SortFunc(sum.Days, func(a, b dashboard.DayTone) int { return a.Day.Compare(b.Day) })
}

// fakeSummaryDrivers adds up the drivers of the matched quotes by side and
// lower-cased text and keeps the dashboard.TopDrivers heaviest per side.
func fakeSummaryDrivers(sum *dashboard.Summary, articles []dashboard.Article, matched map[int64]bool) {
	type key struct{ side, text string }
	sums := map[key]*dashboard.SideDriver{}
	for _, a := range articles {
		if !matched[a.ID] {
			continue
		}
		for _, q := range a.Quotes {
			side := q.Side
			if side == "" {
				side = dashboard.UnknownSide
			}
			seen := map[string]bool{}
			for _, d := range q.Analysis.Sentiment.Drivers {
				text := strings.ToLower(strings.TrimSpace(d.Text))
				if text == "" || strings.HasPrefix(text, "@") || d.Weight == 0 {
					continue
				}
				k := key{side, text}
				if sums[k] == nil {
					sums[k] = &dashboard.SideDriver{Side: side, Text: text}
				}
				sums[k].Weight += d.Weight
				sums[k].Abs += math.Abs(d.Weight)
				if !seen[text] {
					seen[text] = true
					sums[k].Quotes++
				}
			}
		}
	}
	var all []dashboard.SideDriver
	for _, d := range sums {
		all = append(all, *d)
	}
	slices.SortFunc(all, func(a, b dashboard.SideDriver) int {
		if c := cmpString(a.Side, b.Side); c != 0 {
			return c
		}
		if a.Abs != b.Abs {
			if a.Abs > b.Abs {
				return -1
			}
			return 1
		}
		return cmpString(a.Text, b.Text)
	})
	n := 0
	for i, d := range all {
		if i > 0 && d.Side != all[i-1].Side {
			n = 0
		}
		if n < dashboard.TopDrivers {
			sum.Drivers = append(sum.Drivers, d)
		}
		n++
	}
}

func (f *fakeStore) Close() error { return nil }

// The hostile strings of the XSS tests. Each would run script if a page or a
// chart option wrote it unescaped.
const (
	xssBreakout = `</script><script>alert(1)</script>`
	xssInline   = `<script>window.__xss=1</script>`
	xssImg      = `<img src=x onerror="window.__xss=1">`
	xssFunc     = `__f__function(){window.__xss=1}__f__`
	xssURL      = `javascript:window.__xss=1`
	xssQuote    = `</script><script>window.__xss=1</script>`
)

// Bodies of the hostile story: statements that are payloads, and the edge
// cases of marking statements in a text.
const (
	hostileBody = "Before " + xssQuote + " between " + xssBreakout + " after."
	edgeBody    = "The first half and second half overlap. This one runs on\ninto the next line. Café société."
)

// analysis returns an analysis with a sentiment score, its label and a
// stance label.
func analysis(score float64, stance string) sentiment.Analysis {
	label := sentiment.Neutral
	switch {
	case score <= -0.05:
		label = sentiment.Negative
	case score >= 0.05:
		label = sentiment.Positive
	}
	return sentiment.Analysis{
		Sentiment: sentiment.Sentiment{Label: label, Score: score, Confidence: 0.8},
		Stance:    sentiment.Stance{Label: stance},
		Lang:      "en",
	}
}

// quoteIn returns a quote of text, which must occur in body, at its place.
func quoteIn(body, text, speaker, side, via string, score float64) dashboard.Quote {
	i := strings.Index(body, text)
	if i < 0 {
		panic(fmt.Sprintf("quoteIn: %q is not in the body", text))
	}
	return dashboard.Quote{Start: i, End: i + len(text), Text: text, Speaker: speaker, Side: side, Via: via,
		Analysis: analysis(score, "none")}
}

// driven returns q with the drivers of its sentiment: pairs of text and
// weight.
func driven(q dashboard.Quote, drivers ...any) dashboard.Quote {
	for i := 0; i+1 < len(drivers); i += 2 {
		q.Analysis.Sentiment.Drivers = append(q.Analysis.Sentiment.Drivers,
			sentiment.Driver{Text: drivers[i].(string), Weight: drivers[i+1].(float64)})
	}
	return q
}

func day(d, h int) time.Time { return time.Date(2025, time.October, d, h, 0, 0, 0, time.UTC) }

// istanbulSpec is a story file with two sides and two parties, for the
// stance labels and the side names and colours.
const istanbulSpec = `id = "istanbul-talks-2025"
title = "Pakistan–Afghanistan talks, Istanbul, October 2025"

[[sides]]
id = "pakistan"
name = "Pakistan"
aliases = ["Pakistan", "Islamabad"]

[[sides]]
id = "afghanistan"
name = "Afghanistan (Taliban government)"
aliases = ["Afghanistan", "Kabul", "Taliban"]

[[parties]]
id = "mediators"
name = "Mediators"
aliases = ["Turkey", "Qatar"]

[[parties]]
id = "ttp"
name = "Tehrik-e-Taliban Pakistan"
aliases = ["TTP"]
`

// Article bodies of the seed story, with the statements quoteIn finds.
const (
	dawnBody = "ISTANBUL: Talks between Pakistan and the Afghan Taliban stalled on Monday.\n" +
		"Defence Minister Khawaja Asif told Geo News that “patience has run its course” and warned of “open war” if the talks failed.\n" +
		"A senior security official said the Afghan side was “unwilling to cooperate or acknowledge ground realities”.\n" +
		"Taliban spokesman Zabihullah Mujahid said on X that Kabul “wants a peaceful solution”."
	reutersBody = "ISTANBUL, Oct 28 (Reuters) - Peace talks between Pakistan and Afghanistan ended without agreement.\n" +
		"\"The talks have ended without a result,\" a Pakistani security official told Reuters.\n" +
		"Turkey's foreign ministry said both sides \"agreed to keep talking\"."
	ajBody = "Negotiations in Istanbul ended without a resolution.\n" +
		"A member of the Afghan delegation told Al Jazeera that Pakistan's demands were \"unreasonable and impossible to meet\".\n" +
		"Information Minister Attaullah Tarar said on PTV there was \"no workable solution\".\n" +
		"A TTP spokesman said the group \"will keep watching the talks\"."
	toloBody = "Kabul says Islamabad lacked intent for constructive dialogue.\n" +
		"Zabihullah Mujahid said Pakistan's delegation \"showed no will to solve the problems\"."
	anonBody = "The talks entered a critical third day.\n" +
		"Qatar's foreign ministry praised the \"constructive atmosphere\" of the meetings.\n" +
		"Officials were quoted as saying the talks were at a \"delicate stage\"."
)

// seedStore returns a store with two stories: "istanbul-talks-2025", which
// reads like the seed story (five outlets, one of them unknown), and
// "hostile", whose outlets, titles, authors and comments are XSS payloads.
func seedStore() *fakeStore {
	ctx := context.Background()
	f := newFakeStore()
	_ = f.PutStory(ctx, dashboard.Story{ID: "istanbul-talks-2025", Title: "Pakistan–Afghanistan talks, Istanbul, October 2025", Spec: istanbulSpec})
	_, err := f.Import(ctx, "istanbul-talks-2025", dashboard.Batch{Articles: []dashboard.Article{
		{ExternalID: "dawn-1", Source: "Dawn", URL: "https://www.dawn.com/news/1951234", Title: "Stalemate persists at Istanbul talks as Taliban balk at verifiable action", Dateline: "ISTANBUL", Published: day(27, 2), Analysis: analysis(-0.41, "pro_pakistan"), Body: dawnBody,
			Quotes: []dashboard.Quote{
				driven(quoteIn(dawnBody, "“patience has run its course”", "Khawaja Asif", "pakistan", "Geo News", -0.62), "patience", 0.4, "run its course", -1.1),
				driven(quoteIn(dawnBody, "“open war”", "Khawaja Asif", "pakistan", "Geo News", -0.55), "war", -1.8, "open war", -0.6),
				driven(quoteIn(dawnBody, "“unwilling to cooperate or acknowledge ground realities”", "a senior security official", "pakistan", "", -0.3), "unwilling", -1.2, "cooperate", 0.5),
				driven(quoteIn(dawnBody, "“wants a peaceful solution”", "Zabihullah Mujahid", "afghanistan", "X", 0.1), "peaceful", 1.4, "solution", 0.6),
			}},
		{ExternalID: "reuters-1", Source: "Reuters", URL: "https://www.reuters.com/world/asia-pacific/pakistan-afghanistan-talks-end-2025-10-28/", Title: "Pakistan-Afghanistan peace talks end without agreement", Published: day(28, 9), Analysis: analysis(-0.28, "balanced"), Body: reutersBody,
			Quotes: []dashboard.Quote{
				driven(quoteIn(reutersBody, "\"The talks have ended without a result,\"", "a Pakistani security official", "pakistan", "Reuters", -0.35), "without a result", -0.9, "ended", -0.3),
				driven(quoteIn(reutersBody, "\"agreed to keep talking\"", "Turkey's foreign ministry", "mediators", "", 0.05), "agreed", 0.7),
			}},
		{ExternalID: "aj-1", Source: "Al Jazeera", Title: "Istanbul negotiations end without resolution", Published: day(29, 11), Analysis: analysis(-0.33, "balanced"), Body: ajBody,
			Quotes: []dashboard.Quote{
				driven(quoteIn(ajBody, "\"unreasonable and impossible to meet\"", "a member of the Afghan delegation", "afghanistan", "Al Jazeera", -0.48), "unreasonable", -1.3, "impossible", -1.0),
				driven(quoteIn(ajBody, "\"no workable solution\"", "Attaullah Tarar", "pakistan", "PTV", -0.2), "not workable", -0.8, "Solution", 0.6),
				quoteIn(ajBody, "\"will keep watching the talks\"", "a TTP spokesman", "ttp", "", 0.15),
			}},
		{ExternalID: "tolo-1", Source: "TOLOnews", Title: "Kabul says Islamabad lacked intent for constructive dialogue", Published: day(28, 16), Analysis: analysis(-0.19, "pro_afghanistan"), Body: toloBody,
			Quotes: []dashboard.Quote{
				driven(quoteIn(toloBody, "\"showed no will to solve the problems\"", "Zabihullah Mujahid", "afghanistan", "", -0.4), "problems", -0.9, "not will", -0.4, "solve", 0.5),
			}},
		{ExternalID: "anon-1", Source: "", Title: "Talks enter critical third day", Published: day(26, 8), Analysis: analysis(0.12, "none"), Body: anonBody,
			Quotes: []dashboard.Quote{
				quoteIn(anonBody, "\"constructive atmosphere\"", "Qatar's foreign ministry", "mediators", "", 0.3),
				quoteIn(anonBody, "\"delicate stage\"", "officials", "unknown", "", -0.1),
			},
			Comments: []dashboard.Comment{
				{ExternalID: "c1", Author: "Farah K.", Text: "Another round of talks, another round of excuses. Nothing will change at the border.", Posted: day(26, 12), Analysis: analysis(-0.64, "none")},
				{ExternalID: "c2", Author: "jamal_pk", Text: "Islamabad showed real evidence. Kabul must act against the TTP now.", Posted: day(26, 13), Analysis: analysis(-0.21, "pro_pakistan")},
				{ExternalID: "c3", Author: "Observer", Text: "Credit to Turkey and Qatar for keeping both sides at the table.", Posted: day(26, 15), Analysis: analysis(0.58, "balanced")},
				{ExternalID: "c4", Author: "", Text: "Both governments are failing ordinary people on both sides of the Durand Line.", Posted: day(27, 9), Analysis: analysis(-0.72, "balanced")},
				{ExternalID: "c5", Author: "Wahid", Text: "The Islamic Emirate has said clearly it will not let its soil be used against anyone.", Posted: day(27, 10), Analysis: analysis(0.22, "pro_afghanistan")},
			}},
	}})
	if err != nil {
		panic(err)
	}

	_ = f.PutStory(ctx, dashboard.Story{ID: "hostile", Title: "Talks " + xssInline})
	_, err = f.Import(ctx, "hostile", dashboard.Batch{Articles: []dashboard.Article{
		{ExternalID: "h1", Source: xssBreakout, URL: xssURL, Title: "Headline " + xssBreakout, Published: day(20, 8), Analysis: analysis(-0.5, "none"),
			Body: hostileBody,
			Quotes: []dashboard.Quote{
				quoteIn(hostileBody, xssQuote, xssQuote, "unknown", xssQuote, -0.7),
				driven(quoteIn(hostileBody, xssBreakout, xssImg, xssBreakout, xssFunc, 0.2), xssImg, 0.9, xssFunc, -0.5, "{a|x}{b} =1+1", 0.2, xssBreakout, -0.3),
				// Out of range, reversed, negative, empty: listed, never placed.
				{Start: 10, End: 1 << 20, Text: "beyond the end " + xssInline, Speaker: xssInline, Side: "unknown", Analysis: analysis(-0.1, "none")},
				{Start: 30, End: 20, Text: "reversed", Speaker: "someone", Side: "", Analysis: analysis(0.1, "none")},
				{Start: -5, End: 3, Text: "negative", Speaker: "someone", Side: "unknown", Analysis: analysis(0, "none")},
				{Start: 4, End: 4, Text: "empty", Speaker: "someone", Side: "unknown", Analysis: analysis(0, "none")},
			},
			Comments: []dashboard.Comment{
				{ExternalID: "hc1", Author: xssBreakout, Text: "Comment " + xssBreakout, Posted: day(20, 9), Analysis: analysis(-0.9, "pro_pakistan")},
				{ExternalID: "hc2", Author: xssInline, Text: "Comment " + xssInline, Posted: day(20, 10), Analysis: analysis(-0.35, "none")},
			}},
		{ExternalID: "h2", Source: xssImg, Title: xssImg, Published: day(21, 8), Analysis: analysis(0.3, "none"), Body: edgeBody,
			Quotes: []dashboard.Quote{
				// Overlapping statements, one over a line break, one with
				// offsets inside a multi-byte character.
				quoteIn(edgeBody, "first half and", "A", "unknown", "", 0.4),
				quoteIn(edgeBody, "half and second", "B", "unknown", "", -0.2),
				quoteIn(edgeBody, "runs on\ninto the next", "C", "unknown", "", 0.1),
				{Start: strings.Index(edgeBody, "é") + 1, End: strings.Index(edgeBody, "é") + 3, Text: "é", Speaker: "D", Side: "unknown", Analysis: analysis(0, "none")},
			},
			Comments: []dashboard.Comment{
				{ExternalID: "hc3", Author: xssImg, Text: xssImg + " & " + xssFunc, Posted: day(21, 9), Analysis: analysis(0.45, "none")},
			}},
		{ExternalID: "h3", Source: xssFunc, Title: xssFunc, Published: day(22, 8), Analysis: analysis(0.05, "none"),
			Comments: []dashboard.Comment{
				{ExternalID: "hc4", Author: "{a|x}{b} {@[1]}", Text: "--> <!-- ]]> \u2028 \u2029 {a}", Posted: day(22, 9), Analysis: analysis(0.8, "none")},
			}},
	}})
	if err != nil {
		panic(err)
	}
	return f
}
