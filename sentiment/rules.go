package sentiment

import (
	"math"
	"strings"
	"sync"
	"unicode/utf8"
)

// This file holds the rule scores of one span of text: VADER's compound
// score, computed exactly as govader computes it but in one pass and
// without regular expressions, and tonedesk's own rule score, which adds
// the news lexicon (lexicon.go), a wider negation scope and contrast words
// beyond "but". Both are features of the trained model (model.go).

// VADER's constants (govader constants.go).
const (
	vBIncr          = 0.293
	vCIncr          = 0.733
	vNScalar        = -0.74
	vAlpha          = 15
	vScalarScale1   = 0.95
	vScalarScale2   = 0.9
	vEPAmplifyScale = 0.292
	vQMAmplifyScale = 0.18
	vMaxEP          = 4
	vMaxQM          = 0.96
	vNegationScale  = 1.25
	vButScale       = 0.5
)

// ruleBook is the VADER lexicon and rule words, with lookups prepared for
// the scorer. It is built once per process and only read afterwards.
type ruleBook struct {
	words   map[string]wordInfo // every word of the lexicons below, one lookup
	lex     map[string]float64  // VADER's lexicon
	emoji   map[rune]string     // single-rune emoji to their descriptions
	booster map[string]float64  // single-word boosters and dampeners
	negate  map[string]bool     // VADER's negation words
	special [][]string          // VADER's special-case idioms, as words
	specVal []float64           // their valences
	multi   [][]string          // multi-word boosters ("kind of")
	multiV  []float64
}

var sharedRules = sync.OnceValue(func() *ruleBook {
	v := sharedVADER()
	rb := &ruleBook{
		lex:     v.Lexicon,
		emoji:   make(map[rune]string, len(v.EmojiDict)),
		booster: map[string]float64{},
		negate:  map[string]bool{},
	}
	for k, d := range v.EmojiDict {
		// govader looks up each rune on its own, so only single-rune
		// keys can ever match.
		if r, size := utf8.DecodeRuneInString(k); size == len(k) && r != utf8.RuneError {
			rb.emoji[r] = d
		}
	}
	for k, b := range v.Constants.BoosterDict {
		if strings.Contains(k, " ") {
			rb.multi = append(rb.multi, strings.Split(k, " "))
			rb.multiV = append(rb.multiV, b)
		}
		rb.booster[k] = b
	}
	for _, w := range v.Constants.NegateList {
		rb.negate[w] = true
	}
	for k, s := range v.Constants.SpecialCaseIdioms {
		rb.special = append(rb.special, strings.Split(k, " "))
		rb.specVal = append(rb.specVal, s)
	}
	rb.words = make(map[string]wordInfo, len(rb.lex)+len(rb.booster))
	for w, val := range rb.lex {
		wi := rb.words[w]
		wi.val, wi.hasVal = val, true
		rb.words[w] = wi
	}
	for w, b := range rb.booster {
		wi := rb.words[w]
		wi.boost, wi.isBoost = b, true
		rb.words[w] = wi
	}
	for w, val := range sharedNews().words {
		wi := rb.words[w]
		wi.news, wi.hasNews = val, true
		rb.words[w] = wi
	}
	for w := range sharedNews().phrases {
		wi := rb.words[w]
		wi.phrase = true
		rb.words[w] = wi
	}
	return rb
})

// wordInfo is what the lexicons say about one lower-case word.
type wordInfo struct {
	val, boost, news         float64
	hasVal, isBoost, hasNews bool
	phrase                   bool // starts a news phrase
}

// vtok is one of VADER's tokens: a space-separated word with punctuation
// trimmed when at least 3 bytes remain.
type vtok struct {
	word, lower string
	upper       bool    // no a-z and some A-Z (Python's isupper on ASCII)
	inLexWord   bool    // the lexicon has word as written
	val         float64 // lexicon valence of lower
	hasVal      bool
	clauseEnd   bool    // the raw token ends with , ; : . ! or ?
	boost       float64 // booster value of lower
	isBoost     bool
	news        float64 // news lexicon valence of lower
	hasNews     bool
	phrase      bool // may start a news phrase
}

// ruleScratch is reused between calls to keep allocation low.
type ruleScratch struct {
	toks []vtok
	vs   []float64 // VADER valences
	es   []float64 // extended valences
	neg  []bool    // extended: token negated
}

var scratchPool = sync.Pool{New: func() any { return &ruleScratch{} }}

// ruleScores are the rule-based scores of one span.
type ruleScores struct {
	vader float64 // VADER compound in [-1, 1]
	rules float64 // tonedesk rule compound in [-1, 1]
	words int     // VADER tokens
}

// driverFunc receives each token that carries extended valence: its text
// ("not word" when negated) and valence after the rules.
type driverFunc func(text string, valence float64)

// score computes the rule scores of norm, a span already passed through
// normalizeForVADER. drv, if not nil, receives the extended valences.
func (rb *ruleBook) score(norm string, drv driverFunc) ruleScores {
	text := rb.replaceEmoji(norm)
	text = strings.TrimSpace(text)
	sc := scratchPool.Get().(*ruleScratch)
	defer scratchPool.Put(sc)
	toks := sc.toks[:0]
	upperCount := 0
	for raw := range strings.SplitSeq(text, " ") {
		w := raw
		if s := trimVADERPunct(raw); len(s) >= 3 {
			w = s
		}
		t := vtok{word: w, lower: strings.ToLower(w), upper: isUpperASCII(w)}
		if t.upper {
			upperCount++
		}
		wi := rb.words[t.lower]
		t.val, t.hasVal = wi.val, wi.hasVal
		t.boost, t.isBoost = wi.boost, wi.isBoost
		t.news, t.hasNews = wi.news, wi.hasNews
		t.phrase = wi.phrase
		if t.lower == w {
			t.inLexWord = t.hasVal
		} else {
			_, t.inLexWord = rb.lex[w]
		}
		if n := len(raw); n > 0 {
			switch raw[n-1] {
			case ',', ';', ':', '.', '!', '?':
				t.clauseEnd = true
			}
		}
		toks = append(toks, t)
	}
	sc.toks = toks
	capDiff := upperCount > 0 && upperCount < len(toks)

	vs := growFloats(sc.vs, len(toks))
	es := growFloats(sc.es, len(toks))
	neg := growBools(sc.neg, len(toks))
	sc.vs, sc.es, sc.neg = vs, es, neg

	for i := range toks {
		vs[i] = rb.vaderValence(toks, i, capDiff)
	}
	if bi := firstWord(toks, "but"); bi >= 0 {
		for i := range vs {
			if i < bi {
				vs[i] *= 1 - vButScale
			} else if i > bi {
				vs[i] *= 1 + vButScale
			}
		}
	}
	amp := punctuationEmphasis(text)
	out := ruleScores{vader: compound(vs, amp), words: len(toks)}

	rb.extendedValences(toks, capDiff, es, neg)
	out.rules = compound(es, amp)
	if drv != nil {
		for i, v := range es {
			if v == 0 {
				continue
			}
			name := toks[i].lower
			if p, n := newsPhraseAt(toks, i); n > 1 {
				name = p
			}
			if neg[i] {
				name = "not " + name
			}
			drv(name, v)
		}
	}
	return out
}

// replaceEmoji replaces each emoji rune by its description as govader does:
// a space before it unless one is there, none after.
func (rb *ruleBook) replaceEmoji(s string) string {
	found := false
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			found = true
			break
		}
	}
	if !found {
		return s
	}
	hit := false
	for _, r := range s {
		if _, ok := rb.emoji[r]; ok {
			hit = true
			break
		}
	}
	if !hit {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) * 2)
	prevSpace := true
	for _, r := range s {
		if d, ok := rb.emoji[r]; ok {
			if !prevSpace {
				b.WriteByte(' ')
			}
			b.WriteString(d)
			prevSpace = false
			continue
		}
		b.WriteRune(r)
		prevSpace = r == ' '
	}
	return b.String()
}

// vaderValence is govader's sentiment_valence for token i, quirks included
// (the booster scan checks the lexicon for the word as written; "least" is
// compared as written).
func (rb *ruleBook) vaderValence(toks []vtok, i int, capDiff bool) float64 {
	t := &toks[i]
	if t.isBoost {
		return 0
	}
	if i < len(toks)-1 && t.lower == "kind" && toks[i+1].lower == "of" {
		return 0
	}
	if !t.hasVal {
		return 0
	}
	v := t.val
	if t.lower == "no" && i+1 < len(toks) && toks[i+1].hasVal {
		v = 0
	}
	if (i > 0 && toks[i-1].lower == "no") || (i > 1 && toks[i-2].lower == "no") ||
		(i > 2 && toks[i-3].lower == "no" && (toks[i-1].lower == "or" || toks[i-1].lower == "nor")) {
		v = t.val * vNScalar
	}
	if t.upper && capDiff {
		if v > 0 {
			v += vCIncr
		} else {
			v -= vCIncr
		}
	}
	for s := 0; s < 3; s++ {
		if i > s && !toks[i-(s+1)].inLexWord {
			p := &toks[i-(s+1)]
			b := rb.scalarIncDec(p, v, capDiff)
			if s == 1 && b != 0 {
				b *= vScalarScale1
			}
			if s == 2 && b != 0 {
				b *= vScalarScale2
			}
			v += b
			v = rb.negationCheck(v, toks, s, i)
			if s == 2 {
				v = rb.specialIdioms(v, toks, i)
			}
		}
	}
	// least check, on the words as written.
	if i > 1 && !toks[i-1].inLexWord && toks[i-1].word == "least" {
		if toks[i-2].word != "at" && toks[i-2].word != "very" {
			v *= vNScalar
		}
	} else if i > 0 && !toks[i-1].inLexWord && toks[i-1].word == "least" {
		v *= vNScalar
	}
	return v
}

func (rb *ruleBook) scalarIncDec(p *vtok, valence float64, capDiff bool) float64 {
	if !p.isBoost {
		return 0
	}
	b := p.boost
	if valence < 0 {
		b = -b
	}
	if p.upper && capDiff {
		if valence > 0 {
			b += vCIncr
		} else {
			b -= vCIncr
		}
	}
	return b
}

func (rb *ruleBook) isNegated(w string) bool {
	return rb.negate[w] || strings.Contains(w, "n't")
}

func (rb *ruleBook) negationCheck(valence float64, toks []vtok, s, i int) float64 {
	lw := func(k int) string { return toks[k].lower }
	switch s {
	case 0:
		if rb.isNegated(lw(i - 1)) {
			return valence * vNScalar
		}
	case 1:
		switch {
		case lw(i-2) == "never" && (lw(i-1) == "so" || lw(i-1) == "this"):
			return valence * vNegationScale
		case lw(i-2) == "without" && lw(i-1) == "doubt":
			return valence
		case rb.isNegated(lw(i - 2)):
			return valence * vNScalar
		}
	case 2:
		switch {
		case lw(i-3) == "never" && (lw(i-2) == "so" || lw(i-2) == "this" || lw(i-1) == "so" || lw(i-1) == "this"):
			return valence * vNegationScale
		case lw(i-3) == "without" && (lw(i-2) == "doubt" || lw(i-1) == "doubt"):
			return valence
		case rb.isNegated(lw(i - 3)):
			return valence * vNScalar
		}
	}
	return valence
}

// seqIs reports whether the lower-case words of toks[from:from+len(p)] are p.
func seqIs(toks []vtok, from int, p []string) bool {
	if from < 0 || from+len(p) > len(toks) {
		return false
	}
	for k, w := range p {
		if toks[from+k].lower != w {
			return false
		}
	}
	return true
}

// specialIdioms is govader's special_idioms_check for i >= 3.
func (rb *ruleBook) specialIdioms(valence float64, toks []vtok, i int) float64 {
	v := valence
	// The sequences in govader's order: (i-1,i), (i-2..i), (i-2,i-1),
	// (i-3..i-1), (i-3,i-2); the first that is an idiom wins.
	seqs := [5][2]int{{i - 1, 2}, {i - 2, 3}, {i - 2, 2}, {i - 3, 3}, {i - 3, 2}}
found:
	for _, sq := range seqs {
		for k, p := range rb.special {
			if len(p) == sq[1] && seqIs(toks, sq[0], p) {
				v = rb.specVal[k]
				break found
			}
		}
	}
	if len(toks)-1 > i {
		for k, p := range rb.special {
			if len(p) == 2 && seqIs(toks, i, p) {
				v = rb.specVal[k]
			}
		}
	}
	if len(toks)-1 > i+1 {
		for k, p := range rb.special {
			if len(p) == 3 && seqIs(toks, i, p) {
				v = rb.specVal[k]
			}
		}
	}
	for _, sq := range [3][2]int{{i - 3, 3}, {i - 3, 2}, {i - 2, 2}} {
		for k, p := range rb.multi {
			if len(p) == sq[1] && seqIs(toks, sq[0], p) {
				v += rb.multiV[k]
			}
		}
	}
	return v
}

func punctuationEmphasis(text string) float64 {
	ep := min(strings.Count(text, "!"), vMaxEP)
	amp := float64(ep) * vEPAmplifyScale
	if qm := strings.Count(text, "?"); qm > 1 {
		if qm <= 3 {
			amp += float64(qm) * vQMAmplifyScale
		} else {
			amp += vMaxQM
		}
	}
	return amp
}

// compound sums valences, adds punctuation emphasis away from zero and
// normalizes as VADER does.
func compound(vals []float64, amp float64) float64 {
	sum := 0.0
	for _, v := range vals {
		sum += v
	}
	switch {
	case sum > 0:
		sum += amp
	case sum < 0:
		sum -= amp
	}
	n := sum / math.Sqrt(sum*sum+vAlpha)
	return math.Max(-1, math.Min(1, n))
}

func firstWord(toks []vtok, w string) int {
	for i := range toks {
		if toks[i].lower == w {
			return i
		}
	}
	return -1
}

// isUpperASCII is govader's stringIsUpper: no a-z and at least one A-Z.
func isUpperASCII(s string) bool {
	up := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' {
			return false
		}
		if 'A' <= c && c <= 'Z' {
			up = true
		}
	}
	return up
}

func growFloats(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func growBools(s []bool, n int) []bool {
	if cap(s) < n {
		return make([]bool, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// extendedValences is tonedesk's rule pass: the news lexicon over VADER's
// (news entries win), phrases, boosters as in VADER, and
//   - negation scope: a negator (VADER's list, n't, and the news negators
//     such as "hardly", "lack of", "failed to", "far from") up to four words
//     back in the same clause flips the valence (× -0.74), so "not
//     unreasonable" is mildly positive and "hardly a success" negative;
//   - contrast: after "but", "however", "yet" (after a comma or at the
//     start), "nevertheless", "still" (at the start) the clause before
//     weighs 0.5 and the rest 1.5; a sentence opening with "although",
//     "though", "even though" or "while" weighs its first clause 0.5 and the
//     rest 1.5.
func (rb *ruleBook) extendedValences(toks []vtok, capDiff bool, es []float64, neg []bool) {
	nl := sharedNews()
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		if t.isBoost {
			continue
		}
		base, ok := 0.0, false
		span := 1
		if p, n := nl.phraseAt(toks, i); t.phrase && n > 0 {
			base, ok, span = p, true, n
		} else if t.hasNews {
			base, ok = t.news, true
		} else if t.hasVal {
			base, ok = t.val, true
		}
		if !ok || base == 0 {
			continue
		}
		v := base
		if t.upper && capDiff {
			if v > 0 {
				v += vCIncr
			} else {
				v -= vCIncr
			}
		}
		for s := 0; s < 3 && i > s; s++ {
			p := &toks[i-(s+1)]
			if p.clauseEnd {
				break
			}
			b := rb.scalarIncDec(p, v, capDiff)
			if s == 1 {
				b *= vScalarScale1
			}
			if s == 2 {
				b *= vScalarScale2
			}
			v += b
		}
		if nl.negatedAt(rb, toks, i) {
			v *= vNScalar
			neg[i] = true
		}
		es[i] = v
		i += span - 1
	}
	applyContrast(toks, es)
}

// applyContrast weighs the clauses around a contrast word; see
// contrastWeights.
func applyContrast(toks []vtok, es []float64) {
	w := contrastWeights(len(toks), func(i int) string { return toks[i].lower },
		func(i int) bool { return toks[i].clauseEnd }, nil)
	if w == nil {
		return
	}
	for i := range es {
		es[i] *= w[i]
	}
}

// contrastWeights returns the weight of each of n words around the first
// contrast in a sentence, or nil when there is none. word(i) is the lower
// case word, clauseEnd(i) whether punctuation ends a clause after it.
//   - "X but Y", "X; however Y", "X, yet Y", "X. Nevertheless Y", "X,
//     still Y": X weighs 0.5, Y 1.5 (VADER's "but" rule, more words);
//   - "Although X, Y" (also though, even though, while, despite, at the
//     start): X 0.5, Y 1.5;
//   - "Y, although X" (also though, even though, whereas, mid-sentence):
//     X 0.5, Y 1.5.
//
// "not only … but also", "nothing but" and "all but" are no contrast.
func contrastWeights(n int, word func(int) string, clauseEnd func(int) bool, buf []float64) []float64 {
	fill := func(before, mid, after float64, from, to int) []float64 {
		w := buf[:0]
		for k := range n {
			switch {
			case k < from:
				w = append(w, before)
			case k <= to:
				w = append(w, mid)
			default:
				w = append(w, after)
			}
		}
		return w
	}
	for i := range n {
		w := word(i)
		prevEnd := i == 0 || clauseEnd(i-1)
		switch {
		case w == "but" && i > 0 && !(i+1 < n && word(i+1) == "also") &&
			word(i-1) != "nothing" && word(i-1) != "all",
			w == "however" && i > 0, w == "nevertheless" && i > 0, w == "nonetheless" && i > 0,
			w == "yet" && i > 0 && prevEnd, w == "still" && i > 0 && prevEnd:
			return fill(0.5, 1, 1.5, i, i)
		case i == 0 && (w == "although" || w == "though" || w == "while" || w == "despite"),
			i == 1 && w == "though" && word(0) == "even":
			end := i
			for end < n && !clauseEnd(end) {
				end++
			}
			if end+1 >= n {
				return nil // one clause only: nothing to contrast with
			}
			return fill(0.5, 0.5, 1.5, 0, end)
		case i > 0 && prevEnd && (w == "although" || w == "though" || w == "whereas" ||
			w == "even" && i+1 < n && word(i+1) == "though"):
			end := i
			for end < n && !clauseEnd(end) {
				end++
			}
			return fill(1.5, 0.5, 1.5, i, end)
		}
	}
	return nil
}

// vaderPunctSet marks the bytes of vaderPunct.
var vaderPunctSet = func() (t [256]bool) {
	for i := 0; i < len(vaderPunct); i++ {
		t[vaderPunct[i]] = true
	}
	return t
}()

// trimVADERPunct is strings.Trim(s, vaderPunct) without building the
// cutset on every call.
func trimVADERPunct(s string) string {
	i, j := 0, len(s)
	for i < j && vaderPunctSet[s[i]] {
		i++
	}
	for j > i && vaderPunctSet[s[j-1]] {
		j--
	}
	return s[i:j]
}
