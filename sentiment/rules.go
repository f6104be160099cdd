package sentiment

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
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
	words   map[string]wordInfo  // every word of the lexicons below, one lookup
	known   bloom                // the words of words, to skip most misses
	table   *wordTable[wordInfo] // words again, for the lookups per word
	lex     map[string]float64   // VADER's lexicon
	emoji   map[rune]string      // single-rune emoji to their descriptions
	emoji0  rune                 // the smallest rune of emoji
	booster map[string]float64   // single-word boosters and dampeners
	negate  map[string]bool      // VADER's negation words
	special [][]string           // VADER's special-case idioms, as words
	specVal []float64            // their valences
	multi   [][]string           // multi-word boosters ("kind of")
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
			if rb.emoji0 == 0 || r < rb.emoji0 {
				rb.emoji0 = r
			}
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
	for w := range rb.negate {
		wi := rb.words[w]
		wi.negate = true
		rb.words[w] = wi
	}
	for w, k := range contrastKinds {
		wi := rb.words[w]
		wi.ck = k
		rb.words[w] = wi
	}
	for w := range sharedNews().negator {
		wi := rb.words[w]
		wi.newsNeg = true
		rb.words[w] = wi
	}
	for _, ws := range append(slices.Clip(rb.special), rb.multi...) {
		for _, w := range ws {
			wi := rb.words[w]
			wi.idiom = true
			rb.words[w] = wi
		}
	}
	for w := range rb.lex {
		if l := strings.ToLower(w); l != w {
			wi := rb.words[l]
			wi.upperVariant = true
			rb.words[l] = wi
		}
	}
	rb.table = newWordTable[wordInfo](len(rb.words))
	for w, wi := range rb.words {
		rb.known.add(fnv64(w))
		rb.table.put(w, wi)
	}
	return rb
})

// bloom is a Bloom filter over 64-bit hashes (two bits each, 2^17 bits:
// 16 KB, about 2% false positives for the ruleBook's ten thousand words).
// Most words of a text are in no lexicon; the filter answers that from the
// cache, where a map lookup would miss it.
type bloom [1 << 11]uint64

func (b *bloom) bits(h uint64) (uint64, uint64) {
	h *= 0x9e3779b97f4a7c15 // as slotOf: the high bits mix all of h
	return h >> 47, (h >> 30) & (1<<17 - 1)
}

func (b *bloom) add(h uint64) {
	x, y := b.bits(h)
	b[x>>6] |= 1 << (x & 63)
	b[y>>6] |= 1 << (y & 63)
}

// has reports whether h may have been added; false means it was not.
func (b *bloom) has(h uint64) bool {
	x, y := b.bits(h)
	return b[x>>6]&(1<<(x&63)) != 0 && b[y>>6]&(1<<(y&63)) != 0
}

// wordInfo is what the lexicons say about one lower-case word.
type wordInfo struct {
	val, boost, news         float64
	hasVal, isBoost, hasNews bool
	phrase                   bool // starts a news phrase
	negate                   bool // in VADER's negation list
	newsNeg                  bool // in newsNegators
	upperVariant             bool // VADER's lexicon also has it with capitals
	idiom                    bool // in a special idiom or multi-word booster
	ck                       contrastKind
}

// vtok is one of VADER's tokens: a space-separated word with punctuation
// trimmed when at least 3 bytes remain, with what the lexicons say about
// its lower case (the wordInfo of lower: val, boost, news, phrase …).
type vtok struct {
	word, lower string
	upper       bool // no a-z and some A-Z (Python's isupper on ASCII)
	inLexWord   bool // the lexicon has word as written
	clauseEnd   bool // the raw token ends with , ; : . ! or ?
	negator     bool // VADER's negation list or n't
	wordInfo
}

// ruleScratch is reused between calls to keep allocation low.
type ruleScratch struct {
	toks []vtok
	vs   []float64 // VADER valences
	es   []float64 // extended valences
	neg  []bool    // extended: token negated
	cw   []float64 // contrast weights
}

var scratchPool = sync.Pool{New: func() any { return &ruleScratch{} }}

// ruleScores are the rule-based scores of one span.
type ruleScores struct {
	vader float64 // VADER compound in [-1, 1]
	rules float64 // tonedesk rule compound in [-1, 1]
	words int     // VADER tokens
}

// ruleDriver is a token with extended valence: its lower-case text (a
// news phrase's words), whether a negator flipped it, and its valence.
type ruleDriver struct {
	name string
	neg  bool
	v    float64
}

// lowerSameLen returns s in lower case (as strings.ToLower) when that keeps
// every byte offset, that is when each rune's lower case is as long as the
// rune (always for ASCII), else "". Text that is already lower case is
// returned as it is.
func lowerSameLen(s string) string {
	i := skipLowerPlain(s, 0)
	for i < len(s) && !lowerStop[s[i]] {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	done := 0 // s[:done] is in b, once b has anything
	for j := i; j < len(s); {
		c := s[j]
		if !lowerStop[c] {
			// A run of ASCII that lowering leaves as it is.
			j = skipLowerPlain(s, j+1)
			for j < len(s) && !lowerStop[s[j]] {
				j++
			}
			continue
		}
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				if done == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[done:j])
				b.WriteByte(c + 'a' - 'A')
				done = j + 1
			}
			j++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		l := unicode.ToLower(r)
		if r == utf8.RuneError && size == 1 || utf8.RuneLen(l) != size {
			return "" // strings.ToLower would move the offsets after it
		}
		if l != r {
			if done == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[done:j])
			b.WriteRune(l)
			done = j + size
		}
		j += size
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// load8 returns the first 8 bytes of b as a little-endian word, in one
// load: for the scans that test 8 bytes at a time.
func load8(b string) uint64 {
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// skipLowerPlain returns the start of the first 8-byte block of s from i
// on that may hold a byte of lowerStop, or of the last block of fewer than
// 8 bytes: s[i:] up to there has none.
func skipLowerPlain(s string, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(s); i += 8 {
		x := load8(s[i : i+8])
		// With no high bit set, each byte plus 0x80-'A' has its high bit
		// set when it is 'A' or above, and plus 0x80-'Z'-1 when above
		// 'Z', without carries between bytes.
		if x&highs != 0 || (x+(0x80-'A')*ones)&^(x+(0x80-'Z'-1)*ones)&highs != 0 {
			break
		}
	}
	return i
}

// lowerStop marks the bytes lowerSameLen must look at: A-Z and the bytes
// of multi-byte runes.
var lowerStop = func() (t [256]bool) {
	for c := range t {
		t[c] = 'A' <= c && c <= 'Z' || c >= utf8.RuneSelf
	}
	return t
}()

// scoreLowPlain computes the rule scores of norm, a span already passed
// through normalizeForVADER, with low its lower case at the same byte
// offsets (or "" when there is none), so that no word is lowered twice.
// plain says that isPlainASCII(norm) holds: then norm has no emoji to
// replace and no space to trim, and it skips looking. drv, if not nil,
// gets the extended valences appended.
func (rb *ruleBook) scoreLowPlain(norm, low string, plain bool, drv *[]ruleDriver) ruleScores {
	text := norm
	if !plain {
		var replaced bool
		text, replaced = rb.replaceEmoji(norm)
		if replaced {
			low = lowerSameLen(text)
		}
		if t := strings.TrimSpace(text); len(t) != len(text) {
			off := strings.Index(text, t)
			text = t
			if low != "" {
				low = low[off : off+len(t)]
			}
		}
	}
	sc := scratchPool.Get().(*ruleScratch)
	defer scratchPool.Put(sc)
	toks := sc.toks[:0]
	upperCount := 0
	for i := 0; i <= len(text); {
		j := strings.IndexByte(text[i:], ' ')
		if j < 0 {
			j = len(text)
		} else {
			j += i
		}
		raw := text[i:j]
		w, off := raw, i
		if a, b := trimVADERPunct(raw); b-a >= 3 {
			w = raw[a:b]
			off += a
		}
		toks = append(toks, vtok{word: w, upper: isUpperASCII(w)})
		t := &toks[len(toks)-1]
		if low != "" {
			t.lower = low[off : off+len(w)]
		} else {
			t.lower = strings.ToLower(w)
		}
		if t.upper {
			upperCount++
		}
		var wi wordInfo
		if h := fnv64(t.lower); rb.known.has(h) {
			wi, _ = rb.table.get(h, t.lower)
		}
		t.wordInfo = wi
		t.negator = wi.negate || strings.IndexByte(t.lower, '\'') >= 0 && strings.Contains(t.lower, "n't")
		if t.lower == w {
			t.inLexWord = t.hasVal
		} else if wi.upperVariant {
			_, t.inLexWord = rb.lex[w]
		}
		if n := len(raw); n > 0 {
			switch raw[n-1] {
			case ',', ';', ':', '.', '!', '?':
				t.clauseEnd = true
			}
		}
		i = j + 1
	}
	sc.toks = toks
	capDiff := upperCount > 0 && upperCount < len(toks)

	vs := growFloats(sc.vs, len(toks))
	es := growFloats(sc.es, len(toks))
	neg := growBools(sc.neg, len(toks))
	sc.vs, sc.es, sc.neg = vs, es, neg

	for i := range toks {
		// vaderValence is 0 for a token without valence or that boosts
		// (vs is zero already): most tokens, without the call.
		if toks[i].hasVal && !toks[i].isBoost {
			vs[i] = rb.vaderValence(toks, i, capDiff)
		}
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

	sc.cw = rb.extendedValences(toks, capDiff, es, neg, sc.cw)
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
			*drv = append(*drv, ruleDriver{name: name, neg: neg[i], v: v})
		}
	}
	return out
}

// replaceEmoji replaces each emoji rune by its description as govader does:
// a space before it unless one is there, none after. It reports whether
// it replaced any.
func (rb *ruleBook) replaceEmoji(s string) (string, bool) {
	found := false
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			found = true
			break
		}
	}
	if !found {
		return s, false
	}
	hit := false
	for _, r := range s {
		if r < rb.emoji0 {
			continue
		}
		if _, ok := rb.emoji[r]; ok {
			hit = true
			break
		}
	}
	if !hit {
		return s, false
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
	return b.String(), true
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

func (rb *ruleBook) negationCheck(valence float64, toks []vtok, s, i int) float64 {
	lw := func(k int) string { return toks[k].lower }
	switch s {
	case 0:
		if toks[i-1].negator {
			return valence * vNScalar
		}
	case 1:
		switch {
		case lw(i-2) == "never" && (lw(i-1) == "so" || lw(i-1) == "this"):
			return valence * vNegationScale
		case lw(i-2) == "without" && lw(i-1) == "doubt":
			return valence
		case toks[i-2].negator:
			return valence * vNScalar
		}
	case 2:
		switch {
		case lw(i-3) == "never" && (lw(i-2) == "so" || lw(i-2) == "this" || lw(i-1) == "so" || lw(i-1) == "this"):
			return valence * vNegationScale
		case lw(i-3) == "without" && (lw(i-2) == "doubt" || lw(i-1) == "doubt"):
			return valence
		case toks[i-3].negator:
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
	// Every sequence looked at lies in toks[i-3 : i+3] and is made of
	// idiom words: without one there, nothing changes.
	found := false
	for k := i - 3; k < min(i+3, len(toks)); k++ {
		if toks[k].idiom {
			found = true
			break
		}
	}
	if !found {
		return valence
	}
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
func (rb *ruleBook) extendedValences(toks []vtok, capDiff bool, es []float64, neg []bool, cwBuf []float64) []float64 {
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
		if !ok || base == 0 || t.lower == "like" && !likeIsVerb(toks, i) {
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
		if nl.negatedAt(toks, i) {
			v *= vNScalar
			neg[i] = true
		}
		es[i] = v
		i += span - 1
	}
	w := contrastWeights(len(toks), func(i int) contrastKind { return toks[i].ck },
		func(i int) bool { return toks[i].clauseEnd }, cwBuf)
	for i := range w {
		es[i] *= w[i]
	}
	return w
}

// likeIsVerb reports whether "like" at toks[i] is the verb ("I like it",
// "don't like", "really like"): VADER scores every "like" as praise, but
// in comments it is mostly a preposition or a filler ("acting like a
// government", "by like two seconds"), which the rule score leaves out.
func likeIsVerb(toks []vtok, i int) bool {
	if i == 0 || toks[i-1].clauseEnd {
		return false
	}
	return likeSubjects[toks[i-1].lower] || toks[i-1].negator
}

// likeSubjects are the words before a verb "like".
var likeSubjects = setOf("i", "we", "you", "they", "really", "totally", "truly",
	"genuinely", "actually", "just", "also", "still", "always", "do", "does",
	"did", "people", "everyone", "everybody", "kids", "both", "all", "u", "ya")

// contrastKind says whether a word takes part in a contrast
// (contrastWeights), and how.
type contrastKind uint8

const (
	ckNone contrastKind = iota
	ckBut
	ckHowever // also nevertheless, nonetheless
	ckYet     // also still: only after a clause break
	ckAlthough
	ckThough
	ckWhile // also despite: only at the start
	ckWhereas
	ckEven
	ckAlso    // "not only … but also"
	ckNothing // "nothing but", "all but"
)

// contrastKinds are the words contrastWeights looks at.
var contrastKinds = map[string]contrastKind{
	"but": ckBut, "however": ckHowever, "nevertheless": ckHowever, "nonetheless": ckHowever,
	"yet": ckYet, "still": ckYet, "although": ckAlthough, "though": ckThough,
	"while": ckWhile, "despite": ckWhile, "whereas": ckWhereas, "even": ckEven,
	"also": ckAlso, "nothing": ckNothing, "all": ckNothing,
}

// contrastWeights returns the weight of each of n words around the first
// contrast in a sentence, or nil when there is none. kind(i) is the
// contrast kind of word i, clauseEnd(i) whether punctuation ends a clause
// after it; buf, if large enough, holds the result.
//   - "X but Y", "X; however Y", "X, yet Y", "X. Nevertheless Y", "X,
//     still Y": X weighs 0.5, Y 1.5 (VADER's "but" rule, more words);
//   - "Although X, Y" (also though, even though, while, despite, at the
//     start): X 0.5, Y 1.5;
//   - "Y, although X" (also though, even though, whereas, mid-sentence):
//     X 0.5, Y 1.5.
//
// "not only … but also", "nothing but" and "all but" are no contrast.
func contrastWeights(n int, kind func(int) contrastKind, clauseEnd func(int) bool, buf []float64) []float64 {
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
		k := kind(i)
		if k == ckNone {
			continue
		}
		prevEnd := i == 0 || clauseEnd(i-1)
		switch {
		case k == ckBut && i > 0 && !(i+1 < n && kind(i+1) == ckAlso) && kind(i-1) != ckNothing,
			k == ckHowever && i > 0, k == ckYet && i > 0 && prevEnd:
			return fill(0.5, 1, 1.5, i, i)
		case i == 0 && (k == ckAlthough || k == ckThough || k == ckWhile),
			i == 1 && k == ckThough && kind(0) == ckEven:
			end := i
			for end < n && !clauseEnd(end) {
				end++
			}
			if end+1 >= n {
				return nil // one clause only: nothing to contrast with
			}
			return fill(0.5, 0.5, 1.5, 0, end)
		case i > 0 && prevEnd && (k == ckAlthough || k == ckThough || k == ckWhereas ||
			k == ckEven && i+1 < n && kind(i+1) == ckThough):
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

// trimVADERPunct returns the bounds of strings.Trim(s, vaderPunct) in s,
// without building the cutset on every call.
func trimVADERPunct(s string) (int, int) {
	i, j := 0, len(s)
	for i < j && vaderPunctSet[s[i]] {
		i++
	}
	for j > i && vaderPunctSet[s[j-1]] {
		j--
	}
	return i, j
}
