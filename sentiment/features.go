package sentiment

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jonreiter/govader"
)

// The model's word features. A span of text becomes lower-case word tokens;
// mentions of the story's sides and parties become the placeholders
// "@side" and "@party" (so the model learns "@side must stop …", never a
// country's name); runs of digits become "0"; "?" is a token too, and so
// is each emoji but flags (so the model can learn that 😭 is often happy
// tears, which VADER's emoji table reads as crying). "!" only ends a clause: it says how
// strongly, not which way, and VADER's rules weigh it.
// Each token gives a unigram, written "w:token", or "n:token" when a
// negator ("not", "never", n't, "hardly", "failed" …) stands before it in
// the same clause, at most three words back; each pair of neighbouring
// tokens gives a bigram "b:first second". Features are hashed to 64 bits
// (featureHash), so scoring allocates nothing per token; the names are
// kept in the model file and hashed again when it is loaded.

const (
	sidePlaceholder  = "@side"
	partyPlaceholder = "@party"
)

// featureKind tags the hash of a feature's tokens.
const (
	kindUnigram uint64 = 0x9e3779b97f4a7c15
	kindNegated uint64 = 0xc2b2ae3d27d4eb4f
	kindBigram  uint64 = 0x165667b19e3779f9
	kindPhrase  uint64 = 0x27d4eb2f165667c5 // driver texts only
)

// mix64 is splitmix64's finaliser.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// FNV-1a's 64-bit offset basis and prime, for the loops that hash a word
// as they read it.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// fnv64 hashes s (already lower case) with FNV-1a.
func fnv64(s string) uint64 {
	h := uint64(fnvOffset)
	// Four bytes a round, then the rest unrolled: the same sum with less
	// of the loop's bookkeeping.
	i := 0
	for ; i+4 <= len(s); i += 4 {
		w := s[i : i+4]
		h = (h ^ uint64(w[0])) * fnvPrime
		h = (h ^ uint64(w[1])) * fnvPrime
		h = (h ^ uint64(w[2])) * fnvPrime
		h = (h ^ uint64(w[3])) * fnvPrime
	}
	switch w := s[i:]; len(w) {
	case 3:
		h = (h ^ uint64(w[0])) * fnvPrime
		h = (h ^ uint64(w[1])) * fnvPrime
		h = (h ^ uint64(w[2])) * fnvPrime
	case 2:
		h = (h ^ uint64(w[0])) * fnvPrime
		h = (h ^ uint64(w[1])) * fnvPrime
	case 1:
		h = (h ^ uint64(w[0])) * fnvPrime
	}
	return h
}

func unigramHash(tok uint64, negated bool) uint64 {
	if negated {
		return mix64(tok ^ kindNegated)
	}
	return mix64(tok ^ kindUnigram)
}

func bigramHash(a, b uint64) uint64 {
	return mix64(mix64(a^kindBigram)*31 + b)
}

// featureHash returns the hash of a feature name ("w:tok", "n:tok" or
// "b:tok tok"), and false for a malformed name.
func featureHash(name string) (uint64, bool) {
	if len(name) < 3 || name[1] != ':' {
		return 0, false
	}
	body := name[2:]
	switch name[0] {
	case 'w':
		return unigramHash(fnv64(body), false), true
	case 'n':
		return unigramHash(fnv64(body), true), true
	case 'b':
		a, b, ok := strings.Cut(body, " ")
		if !ok || a == "" || b == "" {
			return 0, false
		}
		return bigramHash(fnv64(a), fnv64(b)), true
	}
	return 0, false
}

// featToken is one token of a span.
type featToken struct {
	text     string // lower case
	hash     uint64 // fnv64(text)
	negated  bool
	stop     bool // gives no unigram (stopUnigram)
	ck       contrastKind
	clauseBr bool // a clause break (, ; : . …) follows the token
}

// Placeholder tokens, hashed once.
var (
	sideToken  = featToken{text: sidePlaceholder, hash: fnv64(sidePlaceholder)}
	partyToken = featToken{text: partyPlaceholder, hash: fnv64(partyPlaceholder)}
	askToken   = featToken{text: "?", hash: fnv64("?"), clauseBr: true}
)

// featBuilder appends feature tokens, keeping the negation scope: a
// negator negates the three words after it, up to a clause break.
type featBuilder struct {
	toks    []featToken
	negLeft int // words still negated
}

// push appends t, negated when a negator's scope covers it.
func (b *featBuilder) push(t featToken) {
	t.negated = b.negLeft > 0
	if b.negLeft > 0 {
		b.negLeft--
	}
	b.toks = append(b.toks, t)
}

// word appends the word token text, whose fnv64 is h (runs of digits
// become "0": pass hashZero), and opens a negation scope after a negator.
func (b *featBuilder) word(text string, h uint64) {
	f := featWordFlags(h)
	b.push(featToken{text: text, hash: h, stop: f&fwStop != 0, ck: contrastKind(f >> 8)})
	if f&fwNegator != 0 || strings.HasSuffix(text, "n't") {
		b.negLeft = 3
	}
}

// clauseBreak marks a clause break after the last token and closes the
// negation scope.
func (b *featBuilder) clauseBreak() {
	if n := len(b.toks); n > 0 {
		b.toks[n-1].clauseBr = true
	}
	b.negLeft = 0
}

// punct reads the ASCII punctuation byte c: "?" is a token (and a clause
// break), , ; : . ( ) and "!" break the clause, other bytes are nothing.
// "!" is no token: it says how strongly, not which way, and VADER's rules
// weigh it. (As a feature it learned the sign of whichever class shouts
// more in the training data: "This is terrible!!!" came out positive.)
func (b *featBuilder) punct(c byte) {
	switch c {
	case '?':
		b.toks = append(b.toks, askToken)
		b.negLeft = 0
	case '!', ',', ';', ':', '.', '(', ')':
		b.clauseBreak()
	}
}

// mention appends the placeholder of a mention of a side (side) or of a
// party.
func (b *featBuilder) mention(side bool) {
	if side {
		b.push(sideToken)
	} else {
		b.push(partyToken)
	}
}

// tokenizeLower splits a normalised span (normalizeForVADER) into feature
// tokens. low is its lower case at the same byte offsets, or "" when
// lowering moves offsets (then each token is lowered on its own); ms are
// the story mentions in norm. Token texts are substrings of low, so
// tokenizing allocates nothing but buf's growth.
func tokenizeLower(norm, low string, ms []Mention, buf []featToken) []featToken {
	src := low
	if src == "" {
		src = norm
	}
	b := featBuilder{toks: buf[:0]}
	mi := 0
	nextM := len(src) // where the next mention starts
	if len(ms) > 0 {
		nextM = ms[0].Start
	}
	for i := 0; i < len(src); {
		if i >= nextM {
			b.mention(ms[mi].Side)
			i = max(i, ms[mi].End)
			mi++
			nextM = len(src)
			if mi < len(ms) {
				nextM = ms[mi].Start
			}
			continue
		}
		c := src[i]
		if c < utf8.RuneSelf && !asciiWord[c] {
			b.punct(c)
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(src[i:])
			switch {
			case r == '\ufe0f' || r == '\ufe0e':
				// Emoji and text presentation selectors: not words.
				i += size
				continue
			case r == '…' || r == '—' || r == '–':
				b.clauseBreak()
				i += size
				continue
			case 0x1f1e6 <= r && r <= 0x1f1ff:
				// Regional indicators spell flags: a country's name,
				// which the model must not learn.
				i += size
				continue
			case r >= 0x2000 && unicode.Is(unicode.So, r):
				b.push(emojiToken(src[i : i+size]))
				i += size
				continue
			case !isWordRune(r):
				i += size
				continue
			}
		}
		// A word: letters, digits and marks, with apostrophes and hyphens
		// inside (isn't, de-escalate).
		start, end := i, i
		digits := true
		lim := nextM // the word stops at the next mention
		for end < lim {
			c2 := src[end]
			if c2 < utf8.RuneSelf {
				if asciiWord[c2] {
					// The run of ASCII letters and digits from here.
					for {
						digits = digits && c2 <= '9'
						end++
						if end == lim {
							break
						}
						if c2 = src[end]; !asciiWordByte[c2] {
							break
						}
					}
					continue
				}
				if (c2 == '\'' || c2 == '-') && end+1 < len(src) && isWordStart(src[end+1:]) {
					end++
					continue
				}
				break
			}
			r2, s2 := utf8.DecodeRuneInString(src[end:])
			if !isWordRune(r2) || r2 == '\ufe0f' || r2 == '\ufe0e' {
				if (r2 == '\u2010' || r2 == '\u2011') && end+s2 < len(src) && isWordStart(src[end+s2:]) {
					end += s2
					continue
				}
				break
			}
			digits = false
			end += s2
		}
		switch text := src[start:end]; {
		case digits:
			b.word("0", hashZero)
		case low == "":
			text = strings.ToLower(text)
			b.word(text, fnv64(text))
		default:
			b.word(text, fnv64(text))
		}
		i = end
	}
	return b.toks
}

// sharedFeatTokens appends to buf the feature tokens that tokenizeLower
// finds in the sentence text[sp.start:sp.end], read from toks, the tokens
// of the whole text (tokenize), instead of from the sentence's bytes. The
// sentence must be plain ASCII (isPlainASCII), low the lower case of text
// at the same offsets and ms the sentence's mentions, those of toks
// (mentionsIn). The search starts at toks[k]; next is where the next
// sentence's tokens start. ok is false when the tokens do not line up with
// what tokenizeLower reads: a token crossing the sentence's bounds, a
// mention token that is not one of ms, a word holding '*' (a break for
// tokenizeLower), a word that tokenizeLower would carry on over a hyphen
// or an apostrophe (joinsOn); then the caller tokenizes the sentence.
func sharedFeatTokens(buf []featToken, toks []token, k int, sp span, low string, ms []Mention) (out []featToken, next int, ok bool) {
	b := featBuilder{toks: buf[:0]}
	for ; k < len(toks) && toks[k].start < sp.start; k++ {
		if toks[k].end > sp.start {
			return b.toks, k, false
		}
	}
	mi := 0
	for ; k < len(toks) && toks[k].start < sp.end; k++ {
		t := &toks[k]
		if t.end > sp.end {
			return b.toks, k, false
		}
		switch {
		case t.kind == tkPunct:
			b.punct(t.norm[0])
		case t.isMention():
			if mi == len(ms) || ms[mi].Start != t.start-sp.start || ms[mi].End != t.end-sp.start {
				return b.toks, k, false
			}
			b.mention(ms[mi].Side)
			mi++
		case t.kind != tkWord || t.odd && strings.IndexByte(t.norm, '*') >= 0:
			return b.toks, k, false
		case t.norm == "'s":
			// The possessive after a mention: tokenizeLower skips the
			// apostrophe and reads the word "s", which a hyphen or an
			// apostrophe would join to the next word.
			if k == 0 || !toks[k-1].isMention() || toks[k-1].end != t.start || joinsOn(low, t.end, sp.end) {
				return b.toks, k, false
			}
			b.word(low[t.start+1:t.end], hashS)
		default:
			end, h, digits := t.end, t.hash, isDigits(t.norm)
			if k+1 < len(toks) && toks[k+1].start == end && toks[k+1].norm == "'s" {
				// A possessive split off the word: one word for
				// tokenizeLower. Its hash goes on over the "'s".
				end = toks[k+1].end
				if end > sp.end {
					return b.toks, k, false
				}
				h = (h ^ '\'') * fnvPrime
				h = (h ^ 's') * fnvPrime
				digits = false
				k++
			}
			if joinsOn(low, end, sp.end) {
				return b.toks, k, false
			}
			if digits {
				b.word("0", hashZero)
			} else {
				b.word(low[t.start:end], h)
			}
		}
	}
	return b.toks, k, mi == len(ms)
}

// joinsOn reports whether tokenizeLower would go on with a word that ends
// at low[e], before lim: over an apostrophe or a hyphen before a letter or
// digit. tokenize ends a word there before a mention.
func joinsOn(low string, e, lim int) bool {
	return e+1 < lim && (low[e] == '-' || low[e] == '\'') && asciiWord[low[e+1]]
}

// isDigits reports whether the ASCII word w (letters and digits with inner
// apostrophes and hyphens) has no letter: tokenizeLower reads it as "0".
func isDigits(w string) bool {
	if w[0] > '9' {
		return false // most words start with a letter
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; c > '9' {
			return false
		}
	}
	return true
}

var (
	hashZero = fnv64("0")
	hashS    = fnv64("s")
)

// isWordStart reports whether s starts with a letter, digit or mark.
func isWordStart(s string) bool {
	if s == "" {
		return false
	}
	if s[0] < utf8.RuneSelf {
		return asciiWord[s[0]]
	}
	r, _ := utf8.DecodeRuneInString(s)
	return isWordRune(r) && r != '\ufe0f' && r != '\ufe0e'
}

// emojiToken is the token of one emoji rune.
func emojiToken(s string) featToken {
	return featToken{text: s, hash: fnv64(s)}
}

// feature is one word feature of a span: its hash, the token it ends at,
// whether it is a bigram (of toks[i-1] and toks[i]) and its weight (1, or
// the contrast weight of its token: 0.5 before "but", 1.5 after).
type feature struct {
	h      uint64
	i      int32
	bigram bool
	w      float64
}

// appendFeatures appends the unigram and bigram features of toks to out.
// Function words give no unigram (only bigrams): on a few thousand
// labelled texts their unigram weights are noise ("the" or "on" learned as
// sentiment). cw is scratch for the contrast weights.
func appendFeatures(toks []featToken, out []feature, cw *[]float64) []feature {
	w := featureWeights(toks, cw)
	for i := range toks {
		wi := weightAt(w, i)
		if !toks[i].stop {
			out = append(out, feature{h: unigramHash(toks[i].hash, toks[i].negated), i: int32(i), w: wi})
		}
		if i > 0 {
			out = append(out, feature{h: bigramHash(toks[i-1].hash, toks[i].hash), i: int32(i), bigram: true, w: wi})
		}
	}
	return out
}

// featureWeights returns the contrast weight of each of toks
// (contrastWeights), or nil when every weight is 1; cw is scratch.
func featureWeights(toks []featToken, cw *[]float64) []float64 {
	w := contrastWeights(len(toks), func(i int) contrastKind { return toks[i].ck },
		func(i int) bool { return toks[i].clauseBr }, (*cw)[:0])
	if w != nil {
		*cw = w
	}
	return w
}

// weightAt is the weight of token i under w, from featureWeights.
func weightAt(w []float64, i int) float64 {
	if w == nil {
		return 1
	}
	return w[i]
}

// featureName is the model-file name of a feature from appendFeatures.
func featureName(toks []featToken, i int, bigram bool) string {
	switch {
	case bigram:
		return "b:" + toks[i-1].text + " " + toks[i].text
	case toks[i].negated:
		return "n:" + toks[i].text
	}
	return "w:" + toks[i].text
}

// featureText is how a feature name reads to an editor: "not good" for
// n:good, "good news" for b:good news.
func featureText(name string) string {
	if len(name) < 3 {
		return name
	}
	switch name[0] {
	case 'n':
		return "not " + name[2:]
	}
	return name[2:]
}

// stopUnigram are tokens that give no unigram feature.
var stopUnigram = setOf("the", "a", "an", "and", "or", "of", "to", "in",
	"on", "at", "for", "with", "by", "from", "is", "are", "was", "were", "be",
	"been", "being", "it", "its", "it's", "this", "that", "these", "those",
	"he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "my",
	"your", "him", "them", "us", "me", "as", "than", "then", "there", "here",
	"has", "have", "had", "do", "does", "did", "about", "into", "over",
	"after", "before", "up", "out", "what", "which", "who", "whom", "when",
	"where", "how", "all", "any", "each", "every", "some", "own", "same",
	"such", "also", "one", "two", "0")

// featureNegators negate the words after them in the features, with any
// word ending in n't.
var featureNegators = []string{"not", "no", "never", "nothing", "nobody", "none", "nor", "neither",
	"without", "cannot", "hardly", "scarcely", "barely", "lack", "lacks",
	"lacked", "lacking", "fail", "fails", "failed", "failing", "refuse",
	"refused", "refuses", "refusing", "unable", "unwilling", "reluctant",
	"nahi", "nahin"}

// Flags of featWordFlags: the low byte holds these, the high byte the
// contrastKind.
const (
	fwStop uint16 = 1 << iota
	fwNegator
)

// featWords holds the flags of the words the feature tokenizer looks
// for, by fnv64 of the word: a table probed by the hash the tokenizer
// computes anyway, instead of three string maps per token.
var featWords = func() hashTable16 {
	flags := map[string]uint16{}
	for w := range stopUnigram {
		flags[w] |= fwStop
	}
	for _, w := range featureNegators {
		flags[w] |= fwNegator
	}
	// VADER's negation words written without the apostrophe (dont,
	// cant, isnt …). Its term constants alone: the whole analyzer
	// (sharedVADER) would load its lexicon when the package starts.
	for _, w := range govader.NewTermConstants().NegateList {
		if strings.HasSuffix(w, "nt") {
			flags[w] |= fwNegator
		}
	}
	for w, k := range contrastKinds {
		flags[w] |= uint16(k) << 8
	}
	t := newHashTable16(len(flags))
	for w, f := range flags {
		t.put(fnv64(w), f)
	}
	return t
}()

// featWordFlags returns the flags of the word whose fnv64 is h.
func featWordFlags(h uint64) uint16 { return featWords.get(h) }

// hashTable16 maps 64-bit hashes to 16-bit values (0 when absent): open
// addressing, linear probing, at most half full.
type hashTable16 struct {
	keys  []uint64
	vals  []uint16
	mask  uint64
	shift uint8 // see slotOf
}

// tableSize returns the power-of-two size of a table at most half full
// with n entries, and the shift slotOf takes for it.
func tableSize(n int) (int, uint8) {
	size, bits := 16, uint8(4)
	for size < 2*n {
		size *= 2
		bits++
	}
	return size, 64 - bits
}

// slotOf returns the home slot of hash h in a table of 2^(64-shift)
// slots: the top bits of h times 2^64/φ (Fibonacci hashing), which
// spreads FNV hashes with one multiplication.
func slotOf(h uint64, shift uint8) uint64 {
	return (h * 0x9e3779b97f4a7c15) >> shift
}

func newHashTable16(n int) hashTable16 {
	size, shift := tableSize(n)
	return hashTable16{keys: make([]uint64, size), vals: make([]uint16, size), mask: uint64(size - 1), shift: shift}
}

// put sets the value of h, which must not be 0.
func (t *hashTable16) put(h uint64, v uint16) {
	for i := slotOf(h, t.shift); ; i = (i + 1) & t.mask {
		if t.keys[i] == 0 || t.keys[i] == h {
			t.keys[i], t.vals[i] = h, v
			return
		}
	}
}

func (t *hashTable16) get(h uint64) uint16 {
	for i := slotOf(h, t.shift); ; i = (i + 1) & t.mask {
		switch t.keys[i] {
		case h:
			return t.vals[i]
		case 0:
			return 0
		}
	}
}

// wordTable maps words to values by their fnv64 hash, with open
// addressing: one hash of the word (often computed while reading it) and,
// for a word in the table, one comparison. Unlike hashTable16 it is exact:
// a word is found only under its own spelling. A slot holds the hash, the
// value and the word's bytes (words of up to wordInline bytes; longer ones
// are kept aside), so that a lookup reads one slot and no string
// elsewhere in memory.
type wordTable[V any] struct {
	slots []wordSlot[V]
	long  []string // the words longer than wordInline
	mask  uint64
	shift uint8 // see slotOf
}

// wordInline is the longest word a wordSlot holds itself.
const wordInline = 15

// wordSlot is one slot of a wordTable; hash 0 marks an empty one (a word
// hashing to 0 is stored as 1). The word is kb[:n] when n <= wordInline,
// else long[i] with i the little-endian uint32 in kb[:4].
type wordSlot[V any] struct {
	hash uint64
	val  V
	n    uint8
	kb   [wordInline]byte
}

func newWordTable[V any](n int) *wordTable[V] {
	size, shift := tableSize(n)
	return &wordTable[V]{slots: make([]wordSlot[V], size), mask: uint64(size - 1), shift: shift}
}

// is reports whether s holds the word w.
func (t *wordTable[V]) is(s *wordSlot[V], w string) bool {
	if s.n <= wordInline {
		return int(s.n) == len(w) && string(s.kb[:s.n]) == w
	}
	return t.long[uint32(s.kb[0])|uint32(s.kb[1])<<8|uint32(s.kb[2])<<16|uint32(s.kb[3])<<24] == w
}

// isBytes is is for a word in a byte slice.
func (t *wordTable[V]) isBytes(s *wordSlot[V], w []byte) bool {
	if s.n <= wordInline {
		return int(s.n) == len(w) && string(s.kb[:s.n]) == string(w)
	}
	return t.long[uint32(s.kb[0])|uint32(s.kb[1])<<8|uint32(s.kb[2])<<16|uint32(s.kb[3])<<24] == string(w)
}

// put sets the value of w.
func (t *wordTable[V]) put(w string, v V) {
	h := max(fnv64(w), 1)
	for i := slotOf(h, t.shift); ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.hash == h && t.is(s, w) {
			s.val = v
			return
		}
		if s.hash == 0 {
			s.hash, s.val = h, v
			if len(w) <= wordInline {
				s.n = uint8(len(w))
				copy(s.kb[:], w)
			} else {
				s.n = wordInline + 1
				k := uint32(len(t.long))
				s.kb[0], s.kb[1], s.kb[2], s.kb[3] = byte(k), byte(k>>8), byte(k>>16), byte(k>>24)
				t.long = append(t.long, w)
			}
			return
		}
	}
}

// get returns the value of w, whose fnv64 is h, and whether w is in t.
func (t *wordTable[V]) get(h uint64, w string) (V, bool) {
	h = max(h, 1)
	for i := slotOf(h, t.shift); ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		switch s.hash {
		case h:
			if t.is(s, w) {
				return s.val, true
			}
		case 0:
			var zero V
			return zero, false
		}
	}
}
