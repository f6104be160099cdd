package sentiment

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"

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
	for _, o := range opts {
		o(a)
	}
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
// features pooled), so a long article does not saturate. Score is
// P(positive) − P(negative) in [-1, 1]; Label is neutral within the model's
// neutral band (Model.NeutralBand) and otherwise the sign.
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
	return Analysis{
		Sentiment: a.sentiment(text, li),
		Stance:    a.stance(text),
		Flags:     a.flags(text),
		Lang:      li.code,
	}
}

// polarity is the sentiment of a short span (a clause or a sentence) in
// [-1, 1], for the stance and flag rules to weigh what surrounds a mention:
// the model's score of the span taken as one sentence.
func (a *Analyzer) polarity(span string) float64 {
	if !hasWordRune(span) && strings.IndexFunc(span, isContentRune) < 0 {
		return 0
	}
	var ms []Mention
	if a.story != nil {
		ms = a.story.Mentions(span)
	}
	var f spanFeatures
	setDense(&f, a.rules.score(normalizeForVADER(span), nil))
	buf := featPool.Get().(*[]featToken)
	toks := tokenizeFeatures(span, ms, *buf)
	emitFeatures(toks, func(h uint64, _ int, _ bool, cw float64) {
		if w, ok := a.model.feats[h]; ok {
			f.sum[0] += cw * float64(w[0])
			f.sum[1] += cw * float64(w[1])
			f.sum[2] += cw * float64(w[2])
		}
		f.n += cw
	})
	*buf = toks
	featPool.Put(buf)
	return a.model.blend(a.model.probs(&f), &f.dense)
}

var featPool = sync.Pool{New: func() any { s := make([]featToken, 0, 64); return &s }}

// sentencePart is one sentence of a text with its rule scores and weight.
type sentencePart struct {
	sp     span
	rs     ruleScores
	weight float64
	f      spanFeatures
}

// walkText splits text into sentences and computes each one's rule scores;
// feat is called for every word feature of sentence k, and drv (if not nil)
// for every token with rule valence. Mentions of story's groups become
// placeholders. Training and scoring share it, so they see the same
// features.
func walkText(rb *ruleBook, text string, story *Story, feat func(k int, toks []featToken, h uint64, i int, bigram bool, w float64), drv func(k int) driverFunc) []sentencePart {
	spans := splitSentences(text)
	if len(spans) == 0 {
		return nil
	}
	var ms []Mention
	if story != nil {
		ms = story.Mentions(text)
	}
	parts := make([]sentencePart, len(spans))
	buf := featPool.Get().(*[]featToken)
	var local []Mention
	mi := 0
	for k, sp := range spans {
		sent := text[sp.start:sp.end]
		var d driverFunc
		if drv != nil {
			d = drv(k)
		}
		rs := rb.score(normalizeForVADER(sent), d)
		parts[k] = sentencePart{sp: sp, rs: rs, weight: float64(max(1, rs.words))}
		local = local[:0]
		for mi < len(ms) && ms[mi].Start < sp.start {
			mi++
		}
		for j := mi; j < len(ms) && ms[j].End <= sp.end; j++ {
			m := ms[j]
			m.Start -= sp.start
			m.End -= sp.start
			local = append(local, m)
		}
		toks := tokenizeFeatures(sent, local, *buf)
		emitFeatures(toks, func(h uint64, i int, bigram bool, w float64) { feat(k, toks, h, i, bigram, w) })
		*buf = toks
	}
	featPool.Put(buf)
	return parts
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
// word feature by name, as Train needs them.
func namedFeatures(text string, story *Story) ([numDense]float64, map[string]float64) {
	names := map[string]float64{}
	parts := walkText(sharedRules(), text, story, func(_ int, toks []featToken, _ uint64, i int, bigram bool, w float64) {
		names[featureName(toks, i, bigram)] += w
	}, nil)
	return pooledDense(parts), names
}

// sentiment scores text as a whole; see Analyze.
func (a *Analyzer) sentiment(text string, li langInfo) Sentiment {
	m := a.model
	var sums []spanFeatures // word-feature sums per sentence
	cands := make([]driverCand, 0, 16)
	parts := walkText(a.rules, text, a.story, func(k int, toks []featToken, h uint64, i int, bigram bool, cw float64) {
		for len(sums) <= k {
			sums = append(sums, spanFeatures{})
		}
		f := &sums[k]
		f.n += cw
		w, ok := m.feats[h]
		if !ok {
			return
		}
		f.sum[0] += cw * float64(w[0])
		f.sum[1] += cw * float64(w[1])
		f.sum[2] += cw * float64(w[2])
		if d := cw * float64(w[classPos]-w[classNeg]); math.Abs(d) >= 0.05 {
			c := driverCand{b: toks[i].text, weight: d, neg: toks[i].negated && !bigram}
			if bigram {
				c.a = toks[i-1].text
			}
			cands = append(cands, c)
		}
	}, func(k int) driverFunc {
		return func(t string, v float64) { cands = append(cands, driverCand{b: t, weight: v, rule: true, sent: k}) }
	})
	if len(parts) == 0 {
		return Sentiment{Label: Neutral}
	}
	sents := make([]Sentence, len(parts))
	var text3 spanFeatures
	var totalWeight float64
	for k := range parts {
		p := &parts[k]
		if k < len(sums) {
			p.f.sum, p.f.n = sums[k].sum, sums[k].n
		}
		setDense(&p.f, p.rs)
		sents[k] = Sentence{Start: p.sp.start, End: p.sp.end, Score: round4(m.blend(m.probs(&p.f), &p.f.dense))}
		for c := range 3 {
			text3.sum[c] += p.f.sum[c]
		}
		text3.n += p.f.n
		totalWeight += p.weight
	}
	text3.dense = pooledDense(parts)
	probs := m.probs(&text3)
	score := m.blend(probs, &text3.dense)
	label := m.label(score)
	conf := labelProb(probs, label) * li.readable

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
		if c.rule {
			c.weight = (dv + dr) * c.weight / 4 * parts[c.sent].weight / totalWeight
		} else {
			c.weight *= norm
		}
	}
	return Sentiment{
		Label:      label,
		Score:      round4(score),
		Confidence: round4(clamp(conf, 0, 1)),
		Sentences:  sents,
		Drivers:    topDrivers(cands, maxDrivers),
	}
}

// driverCand is a word feature (a, b: the tokens of a bigram, else b
// alone; neg: a negated unigram) or a rule word (rule: b is its text) with
// its contribution to the positive-minus-negative logit.
type driverCand struct {
	a, b   string
	neg    bool
	rule   bool
	sent   int
	weight float64
}

// parts returns the pieces whose concatenation is c's text.
func (c *driverCand) parts() [3]string {
	switch {
	case c.rule:
		return [3]string{c.b}
	case c.a != "":
		return [3]string{c.a, " ", c.b}
	case c.neg:
		return [3]string{"not ", c.b}
	}
	return [3]string{c.b}
}

// textHash is the FNV-1a hash of c's text, computed without building it.
func (c *driverCand) textHash() uint64 {
	h := uint64(14695981039346656037)
	for _, p := range c.parts() {
		for i := 0; i < len(p); i++ {
			h ^= uint64(p[i])
			h *= 1099511628211
		}
	}
	return h
}

func (c *driverCand) text() string {
	switch {
	case c.rule:
		return c.b
	case c.a != "":
		return c.a + " " + c.b
	case c.neg:
		return "not " + c.b
	}
	return c.b
}

// topDrivers merges the heaviest candidates by text and returns the n of
// largest absolute weight, ties in order of appearance; nil when there
// are none. Only the 4n heaviest candidates are merged, so a phrase made
// heavy by many light occurrences may be missed: drivers explain, they do
// not account.
func topDrivers(cands []driverCand, n int) []Driver {
	if len(cands) == 0 {
		return nil
	}
	// Keep the 4n heaviest, in order (a bounded insertion: cands is
	// often long, the kept part short).
	k := min(len(cands), 4*n)
	for i := 1; i < len(cands); i++ {
		c := cands[i]
		if i >= k && math.Abs(c.weight) <= math.Abs(cands[k-1].weight) {
			continue
		}
		j := min(i, k-1)
		for j > 0 && math.Abs(cands[j-1].weight) < math.Abs(c.weight) {
			if j < k {
				cands[j] = cands[j-1]
			}
			j--
		}
		cands[j] = c
	}
	cands = cands[:k]
	// Merge equal texts without building them, by a hash of the text.
	var sum [4 * maxDrivers]float64
	var keys [4 * maxDrivers]uint64
	var order []int
	for i := range cands {
		keys[i] = cands[i].textHash()
		j := i
		for _, o := range order {
			if keys[o] == keys[i] {
				j = o
				break
			}
		}
		if j == i {
			order = append(order, i)
		}
		sum[j] += cands[i].weight
	}
	out := make([]Driver, 0, len(order))
	for _, j := range order {
		out = append(out, Driver{Text: cands[j].text(), Weight: sum[j]})
	}
	out = slices.DeleteFunc(out, func(d Driver) bool {
		d.Weight = round4(d.Weight)
		return d.Weight == 0
	})
	for i := range out {
		out[i].Weight = round4(out[i].Weight)
	}
	slices.SortStableFunc(out, func(x, y Driver) int {
		return cmp.Compare(math.Abs(y.Weight), math.Abs(x.Weight))
	})
	if len(out) > n {
		out = out[:n]
	}
	if len(out) == 0 {
		return nil
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
		if unicode.IsSpace(r) {
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
		b.WriteRune(r)
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
