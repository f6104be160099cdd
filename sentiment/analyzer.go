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
	vader *govader.SentimentIntensityAnalyzer
	// negators is govader's negation list as a set, for drivers.
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

// Sentiment thresholds on the compound score, VADER's own.
const (
	posThreshold = 0.05
	negThreshold = -0.05
)

// maxDrivers is how many drivers Analyze reports.
const maxDrivers = 5

// NewAnalyzer returns an analyzer for story; story may be nil, in which case
// stance is always "none" with no sides. It loads the VADER lexicon the
// first time it is called in a process (about 15 ms); later analyzers share
// it. It cannot fail.
func NewAnalyzer(story *Story) *Analyzer {
	v := sharedVADER()
	neg := make(map[string]bool, len(v.Constants.NegateList))
	for _, w := range v.Constants.NegateList {
		neg[w] = true
	}
	return &Analyzer{story: story, vader: v, negators: neg}
}

// Analyze scores one text. It never fails: empty or blank text is neutral
// with score 0 and confidence 0.
//
// Sentiment is sentence-level VADER. Each sentence (see splitSentences) gets
// VADER's compound score. The text's Score is the mean of the sentence
// scores weighted by each sentence's word count, clamped to [-1, 1]; Label
// is positive at Score >= 0.05, negative at <= -0.05, else neutral (VADER's
// thresholds). Weighting by length rather than taking a plain mean keeps
// the score stable when the splitter errs: a headline fragment, a lone
// "5 Comments" or a sentence cut in two at a missed abbreviation count for
// as many words as they have, not as one full sentence each.
//
// Confidence is agreement × (0.5 + 0.5 × margin), in [0, 1]:
//   - agreement is the word-weighted share of the sentences that agree with
//     Label. For a positive or negative text, among the sentences that take
//     a side (neutral sentences neither support nor contradict); for a
//     neutral text, among all sentences (any polar sentence contradicts).
//   - margin is how far Score is from the label's threshold, as a share of
//     the label's range: (|Score| - 0.05) / 0.95 for a polar label,
//     1 - |Score| / 0.05 for neutral.
//
// So a text whose sentences all agree and whose score sits far from a
// threshold gets close to 1; a mixed text or one near a threshold, about
// 0.5 or less. A text with letters but not in English (Lang "und") gets 0:
// the lexicon is English. A text without any sentiment word is neutral
// with confidence 1 in these terms; the trained model will know better. Drivers are the (at most five) lexicon words with the largest
// summed weight; see drivers.
//
// Scores are rounded to 4 decimals so results and golden files are the same
// on every platform.
func (a *Analyzer) Analyze(text string) Analysis {
	lang := detectLang(text)
	return Analysis{
		Sentiment: a.sentiment(text, lang),
		Stance:    a.stance(text),
		Flags:     a.flags(text),
		Lang:      lang,
	}
}

// polarity is the sentiment of a short span (a clause or a sentence) in
// [-1, 1], for the stance and flag rules to weigh what surrounds a mention.
func (a *Analyzer) polarity(span string) float64 {
	return a.vader.PolarityScores(normalizeForVADER(span)).Compound
}

// sentiment scores text as a whole; see Analyze.
func (a *Analyzer) sentiment(text, lang string) Sentiment {
	spans := splitSentences(text)
	if len(spans) == 0 {
		return Sentiment{Label: Neutral}
	}
	sents := make([]Sentence, len(spans))
	weights := make([]float64, len(spans))
	drv := newDriverSet()
	var sum, total float64
	for i, sp := range spans {
		norm := normalizeForVADER(text[sp.start:sp.end])
		c := a.vader.PolarityScores(norm).Compound
		if math.IsNaN(c) {
			c = 0
		}
		w := float64(max(1, countWords(norm)))
		sents[i] = Sentence{Start: sp.start, End: sp.end, Score: round4(c)}
		weights[i] = w
		sum += w * c
		total += w
		a.addDrivers(drv, norm)
	}
	score := clamp(sum/total, -1, 1)
	label := labelOf(score)
	conf := confidence(score, label, sents, weights)
	if lang != "en" && strings.IndexFunc(text, unicode.IsLetter) >= 0 {
		conf = 0 // words VADER's English lexicon cannot read
	}
	return Sentiment{
		Label:      label,
		Score:      round4(score),
		Confidence: round4(conf),
		Sentences:  sents,
		Drivers:    drv.top(maxDrivers),
	}
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

// labelOf returns the sentiment label of a compound score.
func labelOf(score float64) string {
	switch {
	case score >= posThreshold:
		return Positive
	case score <= negThreshold:
		return Negative
	}
	return Neutral
}

// confidence implements the formula documented on Analyze. sents and
// weights are parallel.
func confidence(score float64, label string, sents []Sentence, weights []float64) float64 {
	var agree, considered float64
	for i, s := range sents {
		l := labelOf(s.Score)
		if label != Neutral && l == Neutral {
			continue
		}
		considered += weights[i]
		if l == label {
			agree += weights[i]
		}
	}
	agreement := 0.0
	if considered > 0 {
		agreement = agree / considered
	}
	var margin float64
	if label == Neutral {
		margin = 1 - math.Abs(score)/posThreshold
	} else {
		margin = (math.Abs(score) - posThreshold) / (1 - posThreshold)
	}
	return clamp(agreement*(0.5+0.5*clamp(margin, 0, 1)), 0, 1)
}

// normalizeForVADER prepares a sentence for govader, which splits words on
// single ASCII spaces and knows only ASCII punctuation: white space runs
// become one space, and curly quotes and apostrophes become straight ones
// (so “clear” is stripped to clear and isn’t is a negation).
func normalizeForVADER(s string) string {
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

// driverSet sums the weight of each lexicon word (or "not word") over a
// text, remembering first appearance for stable ordering.
type driverSet struct {
	weight map[string]float64
	order  []string
}

func newDriverSet() *driverSet { return &driverSet{weight: map[string]float64{}} }

func (d *driverSet) add(text string, w float64) {
	if _, ok := d.weight[text]; !ok {
		d.order = append(d.order, text)
	}
	d.weight[text] += w
}

// top returns the n drivers of largest absolute weight, ties in order of
// appearance, or nil when there are none.
func (d *driverSet) top(n int) []Driver {
	var out []Driver
	for _, t := range d.order {
		if w := round4(d.weight[t]); w != 0 {
			out = append(out, Driver{Text: t, Weight: w})
		}
	}
	slices.SortStableFunc(out, func(x, y Driver) int {
		return cmp.Compare(math.Abs(y.Weight), math.Abs(x.Weight))
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// addDrivers adds the lexicon words of one normalized sentence to d,
// approximating how govader weighs them: VADER's tokens (split on spaces,
// ASCII punctuation trimmed from words of 3+ letters), booster words
// skipped, each word's lexicon valence (-4..4) multiplied by -0.74 for each
// negation among the three words before it (reported as "not word"), and
// by 0.5 before or 1.5 after a "but". Idioms and capitals are ignored.
func (a *Analyzer) addDrivers(d *driverSet, norm string) {
	if norm == "" {
		return
	}
	raw := strings.Split(norm, " ")
	toks := make([]string, len(raw))
	but := -1
	for i, t := range raw {
		if s := strings.Trim(t, vaderPunct); len(s) >= 3 {
			t = s
		}
		toks[i] = strings.ToLower(t)
		if toks[i] == "but" && but < 0 {
			but = i
		}
	}
	for i, t := range toks {
		v, ok := a.vader.Lexicon[t]
		if !ok || v == 0 {
			continue
		}
		if _, boost := a.vader.Constants.BoosterDict[t]; boost {
			continue
		}
		if t == "kind" && i+1 < len(toks) && toks[i+1] == "of" {
			continue
		}
		negations := 0
		for k := max(0, i-3); k < i; k++ {
			if a.isNegation(toks[k], i-k) {
				negations++
			}
		}
		if negations > 0 {
			v *= math.Pow(-0.74, float64(negations))
		}
		switch {
		case but >= 0 && i < but:
			v *= 0.5
		case but >= 0 && i > but:
			v *= 1.5
		}
		text := t
		if negations%2 == 1 {
			text = "not " + t
		}
		d.add(text, v)
	}
}

// isNegation reports whether tok, dist words before a lexicon word, negates
// it: govader's negation list, any n't, and "no" up to two words before.
func (a *Analyzer) isNegation(tok string, dist int) bool {
	return a.negators[tok] || strings.Contains(tok, "n't") || tok == "no" && dist <= 2
}

// vaderPunct is the punctuation govader trims from words (Python's
// string.punctuation).
const vaderPunct = `"!#$%&'()*+,-./:;<=>?@[\]^_` + "`{|}~"

// detectLang returns "en" for text that looks English, "und" (undetermined)
// for text without letters, mostly in a non-Latin script, or of six or more
// words with no common English function word. It is a coarse guard until
// the model handles languages, not a language identifier.
func detectLang(text string) string {
	letters, latin, words, english := 0, 0, 0, 0
	word := func(w string) {
		words++
		if englishWords[strings.ToLower(w)] {
			english++
		}
	}
	start := -1 // start of the current word, or -1
	for i, r := range text {
		if unicode.IsLetter(r) {
			letters++
			if unicode.Is(unicode.Latin, r) {
				latin++
			}
			if start < 0 {
				start = i
			}
			continue
		}
		if r == '\'' && start >= 0 {
			continue // isn't
		}
		if start >= 0 {
			word(text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		word(text[start:])
	}
	switch {
	case letters == 0, latin*2 < letters:
		return "und"
	case words >= 6 && english == 0:
		return "und"
	}
	return "en"
}

var englishWords = setOf("the", "a", "an", "and", "or", "but", "of", "to",
	"in", "on", "at", "for", "with", "by", "from", "is", "are", "was", "were",
	"be", "been", "it", "its", "this", "that", "these", "those", "he", "she",
	"they", "we", "you", "i", "his", "her", "their", "our", "my", "not",
	"no", "will", "would", "should", "can", "could", "must", "has", "have",
	"had", "do", "does", "did", "as", "if", "so", "than", "then", "who",
	"what", "which", "about", "into", "over", "after", "isn't", "don't",
	"won't", "can't", "it's")

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
