package sentiment

import (
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/jonreiter/govader"
)

// Analyzer scores texts for one story. It is safe for concurrent use.
type Analyzer struct {
	story *Story
	model *Model
	rules *ruleBook
	vader *govader.SentimentIntensityAnalyzer
	// negators is govader's negation list as a set.
	negators map[string]bool
	// pro holds the stance label "pro_<id>" of each side of story.
	pro []string

	// stanceM is the stance model of WithStanceModel; nil: the built-in.
	stanceM *StanceModel
	// flagM is the flag model (withFlagModel; nil: the built-in) and
	// scorer the sentiment model with flagM's weights in its feature
	// table (Model.withFlags), which sentiment scores with.
	flagM  *FlagModel
	scorer *Model
}

// withFlagModel makes the analyzer flag with m instead of the built-in
// flag model (for the leave-one-dispute-out measures).
func withFlagModel(m *FlagModel) Option {
	return func(a *Analyzer) {
		if m != nil {
			a.flagM = m
		}
	}
}

// sharedVADER loads govader's lexicon (about 7,500 words and the emoji
// table) once per process: every Analyzer shares it.
//
// Sharing is safe: PolarityScores only reads the analyzer's maps and its
// compiled regexps and keeps all state in locals (checked in govader
// v0.0.0-20250429093935-f6505c8d03cc, sentiment_analyzer.go), and nothing in
// this package writes to them after loading.
var sharedVADER = sync.OnceValue(govader.NewSentimentIntensityAnalyzer)

// maxDrivers is how many drivers Analyze reports.
const maxDrivers = 5

// Option configures an Analyzer.
type Option func(*Analyzer)

// WithModel makes the analyzer score sentiment with m instead of the
// built-in model. A nil m keeps the built-in model.
func WithModel(m *Model) Option {
	return func(a *Analyzer) {
		if m != nil {
			a.model = m
		}
	}
}

// NewAnalyzer returns an analyzer for story; story may be nil, in which case
// stance is always "none" with no sides. Sentiment uses the built-in model
// unless WithModel says otherwise. The first call in a process loads the
// VADER lexicon and the built-in model (about 20 ms); later analyzers share
// them. It cannot fail.
func NewAnalyzer(story *Story, opts ...Option) *Analyzer {
	v := sharedVADER()
	neg := make(map[string]bool, len(v.Constants.NegateList))
	for _, w := range v.Constants.NegateList {
		neg[w] = true
	}
	a := &Analyzer{story: story, vader: v, negators: neg, rules: sharedRules(), model: BuiltinModel()}
	if story != nil {
		for _, g := range story.Sides {
			a.pro = append(a.pro, "pro_"+g.ID)
		}
	}
	for _, o := range opts {
		o(a)
	}
	if a.flagM == nil {
		a.flagM = DefaultFlagModel()
	}
	a.scorer = a.model.withFlags(a.flagM)
	return a
}

// Model returns the sentiment model the analyzer uses.
func (a *Analyzer) Model() *Model { return a.model }

// Analyze scores one text. It never fails: empty or blank text is neutral
// with score 0 and confidence 0.
//
// Sentiment comes from the analyzer's Model (see Model): each sentence
// (see splitSentences) gets its rule scores (VADER's compound and
// tonedesk's news-lexicon rule score with negation and contrast scope) and
// its word features, with mentions of the story's sides and parties
// replaced by placeholders. A sentence's Score is the model applied to that
// sentence alone; the text's Score is the model applied to the whole text
// (rule scores averaged over sentences weighted by their word count, word
// features pooled), so a long article does not saturate. Score is the
// model's P(positive) − P(negative) in [-1, 1], or its calibrated map (see
// ScoreWeights); Label is neutral within the model's neutral band
// (Model.NeutralBand) and otherwise the sign.
//
// Stance, flags and the word features of most sentences read one
// tokenizer pass (tokenize; see stanceFlags and sharedFeatTokens).
//
// Flags come from the rules (see flags) and, when the rules give none,
// from the flag model (flag_model.go), scored in the sentiment pass: its
// most probable class, when a kind other than profanity (modelFlagKinds)
// of probability P ≥ flagTau, gives one flag whose Span is the sentence
// that weighs most for that kind and whose Severity is
// modelFlagSeverity(P), in [0.4, 0.7]. The rules' flags win.
//
// Confidence is the model's probability of Label times the share of words
// the model can read (English, and the Roman Urdu words of its lexicon;
// see Lang), so text mostly in another language gets little or none.
// Drivers are the (at most five) words and phrases whose features move the
// positive-minus-negative logit most; "not x" marks a negated word.
//
// Scores are rounded to 4 decimals so results and golden files are the same
// on every platform.
func (a *Analyzer) Analyze(text string) Analysis {
	li := detectLanguage(text)
	// The story's mentions, found once: stance and flags read them, and
	// so does each sentence's sentiment.
	var bp *[]Mention
	var ms []Mention
	if a.story != nil {
		bp = mentionPool.Get().(*[]Mention)
		ms = a.story.appendMentions((*bp)[:0], text)
	}
	// One tokenizer pass, shared by stance, flags and sentiment.
	bt := a.pooledTokens(text, ms)
	st, fl := a.stanceFlags(text, *bt)
	sent, fs := a.sentiment(text, li, ms, *bt, len(fl) == 0)
	if f, ok := fs.flag(text); ok {
		fl = append(fl, f)
	}
	out := Analysis{
		Sentiment: sent,
		Stance:    st,
		Flags:     fl,
		Lang:      li.code,
	}
	putTokens(bt)
	if bp != nil {
		clear(ms)
		*bp = ms[:0]
		mentionPool.Put(bp)
	}
	return out
}

// mentionPool recycles the slices of Analyze's mentions.
var mentionPool = sync.Pool{New: func() any { return new([]Mention) }}

// polarity is the sentiment of a short span (a clause or a sentence) in
// [-1, 1], for the stance and flag rules to weigh what surrounds a mention:
// the model's score of the span taken as one sentence. It allocates
// nothing for lower-case ASCII text that names no side or party, and one
// string or slice for each otherwise.
func (a *Analyzer) polarity(span string) float64 {
	if !hasWordRune(span) && strings.IndexFunc(span, isContentRune) < 0 {
		return 0
	}
	sc := sentPool.Get().(*sentScratch)
	defer sentPool.Put(sc)
	rs, toks := sc.sentenceTokens(a.rules, span, a.story, false)
	var f spanFeatures
	setDense(&f, rs)
	a.model.addTokenFeatures(&f, toks, &sc.cw, nil, 0)
	return a.model.blend(a.model.probs(&f), &f.dense)
}

// sentScratch holds the buffers of one sentiment pass, reused through
// sentPool so that scoring a text allocates almost nothing.
type sentScratch struct {
	toks  []featToken
	spans []span
	ms    []Mention // a sentence's mentions, from the text's
	cw    []float64
	rdrv  []ruleDriver
	top   topCands
	cands []driverCand
	parts []sentencePart
}

var sentPool = sync.Pool{New: func() any { return new(sentScratch) }}

// sentenceTokens computes the rule scores and feature tokens of one
// sentence. It normalises the sentence once (normalizeForVADER), lowers
// it once, and both the rules and the feature tokenizer read those
// strings; mentions of story's groups become placeholders. With drivers,
// sc.rdrv receives the rule valences. The tokens live in sc until the
// next call.
func (sc *sentScratch) sentenceTokens(rb *ruleBook, sent string, story *Story, drivers bool) (ruleScores, []featToken) {
	norm := normalizeForVADER(sent)
	var ms []Mention
	if story != nil {
		sc.ms = story.appendMentions(sc.ms[:0], norm)
		ms = sc.ms
	}
	low := lowerSameLen(norm)
	rs := sc.ruleScores(rb, norm, low, false, drivers)
	sc.toks = tokenizeLower(norm, low, ms, sc.toks[:0])
	return rs, sc.toks
}

// ruleScores is scoreLowPlain of a normalised sentence, norm, with its
// lower case low ("" when lowering moves byte offsets); plain says that
// isPlainASCII(norm) holds. With drivers, sc.rdrv receives the rule
// valences.
func (sc *sentScratch) ruleScores(rb *ruleBook, norm, low string, plain bool, drivers bool) ruleScores {
	var pd *[]ruleDriver
	if drivers {
		sc.rdrv = sc.rdrv[:0]
		pd = &sc.rdrv
	}
	return rb.scoreLowPlain(norm, low, plain, pd)
}

// addTokenFeatures adds the weights of the features of toks
// (appendFeatures) to f, in their order, without building them; with
// top, it offers every feature that moves the positive-minus-negative
// logit by 0.05 or more as a driver of sentence k. cw is scratch for the
// contrast weights.
func (m *Model) addTokenFeatures(f *spanFeatures, toks []featToken, cw *[]float64, top *topCands, k int) {
	w := featureWeights(toks, cw)
	for i := range toks {
		wi := weightAt(w, i)
		for bigram := range 2 { // the unigram, then the bigram ending here
			var h uint64
			switch {
			case bigram == 0 && !toks[i].stop:
				h = unigramHash(toks[i].hash, toks[i].negated)
			case bigram == 1 && i > 0:
				h = bigramHash(toks[i-1].hash, toks[i].hash)
			default:
				continue
			}
			// The feature (h, i, bigram, wi) of appendFeatures.
			f.n += wi
			fs, ok := m.feats.get(h)
			if !ok {
				continue
			}
			if fs.flag != 0 {
				r := &m.flagW[fs.flag-1]
				for c := range numFlagClasses {
					f.flag[c] += wi * float64(r[c])
				}
			}
			fw := &fs.w
			f.sum[0] += wi * float64(fw[0])
			f.sum[1] += wi * float64(fw[1])
			f.sum[2] += wi * float64(fw[2])
			if top == nil {
				continue
			}
			if d := wi * float64(fw[classPos]-fw[classNeg]); math.Abs(d) >= 0.05 && top.wants(math.Abs(d)) {
				t := &toks[i]
				c := driverCand{b: t.text, weight: d, neg: t.negated && bigram == 0, sent: k, key: h}
				if bigram == 1 {
					c.a = toks[i-1].text
				}
				top.push(c)
			}
		}
	}
}

// topCands keeps the 4 × maxDrivers word-feature drivers of largest
// weight (ties: the earlier), as they come: all word features of a text
// are scaled by the same factor at the end, so their order is known before
// it, and topDrivers would keep no others. The kept ones are in no order;
// min is the index of the lightest once full.
type topCands struct {
	c   [4 * maxDrivers]driverCand
	n   int
	min int
	seq int32
}

// wants reports whether a candidate of absolute weight w would be kept.
func (t *topCands) wants(w float64) bool {
	return t.n < len(t.c) || w > math.Abs(t.c[t.min].weight)
}

// push keeps c if wants said so; its appearance order is the order of the
// calls.
func (t *topCands) push(c driverCand) {
	c.seq = t.seq
	t.seq++
	if t.n < len(t.c) {
		t.c[t.n] = c
		t.n++
		if t.n < len(t.c) {
			return
		}
	} else {
		t.c[t.min] = c
	}
	// Find the lightest, the later of equals (the one to drop first).
	t.min = 0
	for i := 1; i < len(t.c); i++ {
		if wi, wm := math.Abs(t.c[i].weight), math.Abs(t.c[t.min].weight); wi < wm || wi == wm && t.c[i].seq > t.c[t.min].seq {
			t.min = i
		}
	}
}

// sentencePart is one sentence of a text with its rule scores and weight.
type sentencePart struct {
	sp     span
	rs     ruleScores
	weight float64
	f      spanFeatures
}

// pooledDense is the word-weighted mean of the sentences' dense features.
func pooledDense(parts []sentencePart) [numDense]float64 {
	var d [numDense]float64
	var total float64
	for _, p := range parts {
		var f spanFeatures
		setDense(&f, p.rs)
		for j := range numDense {
			d[j] += p.weight * f.dense[j]
		}
		total += p.weight
	}
	if total > 0 {
		for j := range numDense {
			d[j] /= total
		}
	}
	return d
}

// namedFeatures returns the dense features of text and the count of each
// word feature by name, as Train needs them: the same sentences, rule
// scores and features as Analyze.
func namedFeatures(text string, story *Story) ([numDense]float64, map[string]float64) {
	names := map[string]float64{}
	var parts []sentencePart
	sc := new(sentScratch)
	var feats []feature
	for _, sp := range splitSentences(text) {
		rs, toks := sc.sentenceTokens(sharedRules(), text[sp.start:sp.end], story, false)
		feats = appendFeatures(toks, feats[:0], &sc.cw)
		parts = append(parts, sentencePart{sp: sp, rs: rs, weight: float64(max(1, rs.words))})
		for _, f := range feats {
			names[featureName(toks, int(f.i), f.bigram)] += f.w
		}
	}
	return pooledDense(parts), names
}

// flagScore is the flag model's reading of a text: its most probable
// class k (0: none, else flag kind k−1), that class's probability p (only
// when k is a kind), and the byte range of the sentence that adds most to
// class k's logit over none's.
type flagScore struct {
	k          int
	p          float64
	start, end int
}

// fires reports whether the model flags the text: its most probable class
// is a kind it may add (modelFlagKinds) with probability at least flagTau.
func (fs *flagScore) fires() bool {
	return modelFlagKinds[fs.k] && fs.p >= flagTau
}

// flag returns the flag the model gives text, if it fires.
func (fs *flagScore) flag(text string) (Flag, bool) {
	if !fs.fires() {
		return Flag{}, false
	}
	return Flag{Kind: flagClassNames[fs.k], Severity: modelFlagSeverity(fs.p), Span: text[fs.start:fs.end]}, true
}

// sentiment scores text as a whole; see Analyze. all are the story's
// mentions in text and shared its tokens (tokenize), from which the plain
// sentences take their feature tokens (sharedFeatTokens). With flags, the
// flag model reads the text in the same pass (the zero flagScore without).
func (a *Analyzer) sentiment(text string, li langInfo, all []Mention, shared []token, flags bool) (Sentiment, flagScore) {
	sc := sentPool.Get().(*sentScratch)
	defer sentPool.Put(sc)
	spans := appendSentences(sc.spans[:0], text)
	sc.spans = spans
	if len(spans) == 0 {
		return Sentiment{Label: Neutral}, flagScore{}
	}
	m := a.scorer
	sc.top.n, sc.top.min, sc.top.seq = 0, 0, 0
	cands := sc.cands[:0] // rule drivers, then the kept word features
	parts := sc.parts[:0]
	sents := make([]Sentence, len(spans))
	var text3 spanFeatures
	var totalWeight float64
	// Lower the text once: a sentence that normalisation leaves as it is
	// (plain ASCII, single spaces) takes its lower case from it.
	low := lowerSameLen(text)
	mi := 0 // all before it end before this sentence
	si := 0 // shared before it end before this sentence
	for k, sp := range spans {
		sent := text[sp.start:sp.end]
		var (
			rs   ruleScores
			toks []featToken
		)
		if low != "" && isPlainASCII(sent) {
			// normalizeForVADER leaves sent as it is: its mentions are
			// those of the text, when they can be told apart, and so
			// are its tokens.
			var ms []Mention
			ok := true
			if a.story != nil {
				if ms, mi, ok = mentionsIn(sc.ms, all, mi, text, sp); !ok {
					ms = a.story.appendMentions(sc.ms[:0], sent)
				}
				sc.ms = ms[:0]
			}
			lowSent := low[sp.start:sp.end]
			rs = sc.ruleScores(a.rules, sent, lowSent, true, true)
			if ok {
				sc.toks, si, ok = sharedFeatTokens(sc.toks[:0], shared, si, sp, low, ms)
			}
			if !ok {
				sc.toks = tokenizeLower(sent, lowSent, ms, sc.toks[:0])
			}
			toks = sc.toks
		} else {
			rs, toks = sc.sentenceTokens(a.rules, sent, a.story, true)
		}
		p := sentencePart{sp: sp, rs: rs, weight: float64(max(1, rs.words))}
		setDense(&p.f, rs)
		m.addTokenFeatures(&p.f, toks, &sc.cw, &sc.top, k)
		for _, d := range sc.rdrv {
			cands = append(cands, driverCand{b: d.name, neg: d.neg, weight: d.v, rule: true, sent: k,
				key: textKey(d.name, d.neg), seq: sc.top.seq})
			sc.top.seq++
		}
		sents[k] = Sentence{Start: sp.start, End: sp.end, Score: round4(m.blend(m.probs(&p.f), &p.f.dense))}
		for c := range 3 {
			text3.sum[c] += p.f.sum[c]
		}
		for c := range numFlagClasses {
			text3.flag[c] += p.f.flag[c]
		}
		text3.n += p.f.n
		totalWeight += p.weight
		parts = append(parts, p)
	}
	text3.dense = pooledDense(parts)
	probs := m.probs(&text3)
	score := m.blend(probs, &text3.dense)
	label := a.model.label(score) // the scorer is a copy: its band may be stale
	conf := labelProb(probs, label) * li.readable

	// The flag model: the most probable class, its probability and the
	// sentence that weighs most for it; no exp when it is none.
	var fs flagScore
	if flags {
		z := m.flagLogits(&text3)
		for c := 1; c < numFlagClasses; c++ {
			if z[c] > z[fs.k] {
				fs.k = c
			}
		}
		if fs.k != 0 {
			fs.p = softmaxN(z)[fs.k]
		}
	}
	if fs.k != 0 {
		best := math.Inf(-1)
		for _, p := range parts {
			if d := p.f.flag[fs.k] - p.f.flag[0]; d > best {
				best, fs.start, fs.end = d, p.sp.start, p.sp.end
			}
		}
	}

	// Drivers: word features by their share of the pooled logit, rule
	// valences through the dense weights (their share of the text's
	// words).
	norm := 0.0
	if text3.n > 0 {
		norm = 1 / math.Sqrt(text3.n)
	}
	dv := m.dense[denseVader][classPos] - m.dense[denseVader][classNeg]
	dr := m.dense[denseRules][classPos] - m.dense[denseRules][classNeg]
	for i := range cands {
		c := &cands[i]
		c.weight = (dv + dr) * c.weight / 4 * parts[c.sent].weight / totalWeight
	}
	for _, c := range sc.top.c[:sc.top.n] {
		c.weight *= norm
		cands = append(cands, c)
	}
	drivers := topDrivers(cands, maxDrivers)
	clear(sc.top.c[:])
	clear(cands)
	sc.cands, sc.parts = cands[:0], parts[:0]
	return Sentiment{
		Label:      label,
		Score:      round4(score),
		Confidence: round4(clamp(conf, 0, 1)),
		Sentences:  sents,
		Drivers:    drivers,
	}, fs
}

// driverCand is a word feature (a, b: the tokens of a bigram, else b
// alone; neg: a negated unigram) or a rule word (rule: b is its text, neg:
// a negator flipped it) with its contribution to the
// positive-minus-negative logit.
type driverCand struct {
	a, b   string
	neg    bool
	rule   bool
	sent   int
	seq    int32  // order of appearance in the text
	key    uint64 // equal for equal texts: the feature hash, or textKey
	weight float64
}

// textKey is the key of a rule driver's text: the hash of the feature
// with the same text (a word, "not word", or a two-word phrase as a
// bigram), so that both merge into one driver.
func textKey(name string, neg bool) uint64 {
	a, b, two := strings.Cut(name, " ")
	switch {
	case !two:
		return unigramHash(fnv64(name), neg)
	case !neg && !strings.Contains(b, " "):
		return bigramHash(fnv64(a), fnv64(b))
	}
	h := fnv64(name)
	if neg {
		h = ^h
	}
	return mix64(h ^ kindPhrase)
}

func (c *driverCand) text() string {
	switch {
	case c.a != "":
		return c.a + " " + c.b
	case c.neg:
		return "not " + c.b
	}
	return c.b
}

// driverRank is what topDrivers orders a candidate by: its absolute
// weight w, then its order of appearance seq; i is its index, key its
// text's key.
type driverRank struct {
	w   float64
	seq int32
	i   int32
	key uint64
}

// heavier reports whether r comes before o: heavier, or as heavy and
// earlier.
func (r *driverRank) heavier(o *driverRank) bool {
	return r.w > o.w || r.w == o.w && r.seq < o.seq
}

// topDrivers merges the heaviest candidates by text and returns the n of
// largest absolute weight, ties in order of appearance (seq); nil when
// there are none. Only the 4n heaviest candidates are merged, so a phrase made
// heavy by many light occurrences may be missed: drivers explain, they do
// not account.
func topDrivers(cands []driverCand, n int) []Driver {
	if len(cands) == 0 {
		return nil
	}
	// Keep the 4n heaviest, in order of weight and, for equal weights,
	// of appearance (seq; a bounded insertion of each candidate's rank,
	// compared without going back to cands).
	var keep [4 * maxDrivers]driverRank
	k := 0
	for i := range cands {
		c := &cands[i]
		r := driverRank{w: math.Abs(c.weight), seq: c.seq, i: int32(i), key: c.key}
		if k == len(keep) && !r.heavier(&keep[k-1]) {
			continue
		}
		// keep[:k] is in order: r goes after those it is not heavier
		// than, the lightest drops out when full.
		j := min(k, len(keep)-1)
		for j > 0 && r.heavier(&keep[j-1]) {
			keep[j] = keep[j-1]
			j--
		}
		keep[j] = r
		k = min(k+1, len(keep))
	}
	// Merge equal texts without building them, by their keys, in order of
	// first appearance.
	type merged struct {
		first int
		key   uint64
		sum   float64
	}
	var buf [4 * maxDrivers]merged
	ms := buf[:0]
	var seen uint64 // bit key%64 of every key in ms: most keys are new
	for _, r := range keep[:k] {
		j := -1
		if bit := uint64(1) << (r.key & 63); seen&bit == 0 {
			seen |= bit
		} else {
			for o := range ms {
				if ms[o].key == r.key {
					j = o
					break
				}
			}
		}
		if j < 0 {
			ms = append(ms, merged{first: int(r.i), key: r.key})
			j = len(ms) - 1
		}
		ms[j].sum += cands[r.i].weight
	}
	// Round, drop zeros, and sort by decreasing weight, stably (an
	// insertion sort: there are at most 4n).
	kept := ms[:0]
	for _, m := range ms {
		if m.sum = round4(m.sum); m.sum != 0 {
			j := len(kept)
			kept = append(kept, m)
			for j > 0 && math.Abs(kept[j-1].sum) < math.Abs(m.sum) {
				kept[j] = kept[j-1]
				j--
			}
			kept[j] = m
		}
	}
	ms = kept
	if len(ms) > n {
		ms = ms[:n]
	}
	if len(ms) == 0 {
		return nil
	}
	out := make([]Driver, len(ms))
	for i, m := range ms {
		out[i] = Driver{Text: cands[m.first].text(), Weight: m.sum}
	}
	return out
}

// noStance is the stance until the stance classifier lands: "none", with a
// zero for every side of the story.
func (a *Analyzer) noStance() Stance {
	st := Stance{Label: StanceNone, Sides: map[string]float64{}, Evidence: []string{}}
	if a.story != nil {
		for _, g := range a.story.Sides {
			st.Sides[g.ID] = 0
		}
	}
	return st
}

// labelOf returns the label the built-in model gives a score.
func labelOf(score float64) string { return BuiltinModel().label(score) }

// normalizeForVADER prepares a sentence for govader, which splits words on
// single ASCII spaces and knows only ASCII punctuation: white space runs
// become one space, and curly quotes and apostrophes become straight ones
// (so “clear” is stripped to clear and isn’t is a negation).
func normalizeForVADER(s string) string {
	if isPlainASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == ' ' || unicode.IsSpace(r) { // most often a space: no call
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		switch r {
		case '\u2019', '\u2018', '\u02bc', '\u2032':
			r = '\''
		case '\u201c', '\u201d', '\u201e', '\u00ab', '\u00bb':
			r = '"'
		}
		if r < utf8.RuneSelf {
			b.WriteByte(byte(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isPlainASCII reports whether s is printable ASCII with single spaces
// and no leading or trailing space, which normalizeForVADER leaves as is.
func isPlainASCII(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return s == ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c >= 0x7f || c == ' ' && s[i+1] == ' ' {
			return false
		}
	}
	return true
}

// countWords counts runs of letters and digits.
func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		w := isWordRune(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// isNegation reports whether tok, dist words before a lexicon word, negates
// it: govader's negation list, any n't, and "no" up to two words before.
func (a *Analyzer) isNegation(tok string, dist int) bool {
	return a.negators[tok] || strings.Contains(tok, "n't") || tok == "no" && dist <= 2
}

// vaderPunct is the punctuation govader trims from words (Python's
// string.punctuation).
const vaderPunct = `"!#$%&'()*+,-./:;<=>?@[\]^_` + "`{|}~"

func clamp(x, lo, hi float64) float64 {
	return math.Max(lo, math.Min(hi, x))
}

// round4 rounds to 4 decimals, without a negative zero.
func round4(x float64) float64 {
	r := math.Round(x*1e4) / 1e4
	if r == 0 {
		return 0
	}
	return r
}
