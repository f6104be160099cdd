package sentiment

import (
	"strings"
	"unicode"
	"unicode/utf8"
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

// fnv64 hashes s (already lower case) with FNV-1a.
func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
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
	toks := buf[:0]
	mi := 0
	negLeft := 0 // words still negated
	push := func(t featToken) {
		t.negated = negLeft > 0
		if negLeft > 0 {
			negLeft--
		}
		toks = append(toks, t)
	}
	for i := 0; i < len(src); {
		if mi < len(ms) && i >= ms[mi].Start {
			if ms[mi].Side {
				push(sideToken)
			} else {
				push(partyToken)
			}
			i = max(i, ms[mi].End)
			mi++
			continue
		}
		c := src[i]
		if c < utf8.RuneSelf {
			switch {
			case asciiWord[c]:
				// fall through to the word below
			case c == '!':
				// Not a token: "!" says how strongly, not which way, and
				// VADER's rules weigh it. (As a feature it learned the
				// sign of whichever class shouts more in the training
				// data: "This is terrible!!!" came out positive.)
				if n := len(toks); n > 0 {
					toks[n-1].clauseBr = true
				}
				negLeft = 0
				i++
				continue
			case c == '?':
				toks = append(toks, askToken)
				negLeft = 0
				i++
				continue
			case c == ',' || c == ';' || c == ':' || c == '.' || c == '(' || c == ')':
				if n := len(toks); n > 0 {
					toks[n-1].clauseBr = true
				}
				negLeft = 0
				i++
				continue
			default:
				i++
				continue
			}
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
				if n := len(toks); n > 0 {
					toks[n-1].clauseBr = true
				}
				negLeft = 0
				i += size
				continue
			case 0x1f1e6 <= r && r <= 0x1f1ff:
				// Regional indicators spell flags: a country's name,
				// which the model must not learn.
				i += size
				continue
			case r >= 0x2000 && unicode.Is(unicode.So, r):
				push(emojiToken(src[i : i+size]))
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
		for end < len(src) {
			if mi < len(ms) && end >= ms[mi].Start {
				break
			}
			c2 := src[end]
			if c2 < utf8.RuneSelf {
				if asciiWord[c2] {
					digits = digits && c2 <= '9'
					end++
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
		var t featToken
		switch {
		case digits:
			t = featToken{text: "0", hash: hashZero}
		default:
			text := src[start:end]
			if low == "" {
				text = strings.ToLower(text)
			}
			t = featToken{text: text, hash: fnv64(text)}
		}
		f := featWordFlags(t.hash)
		t.stop = f&fwStop != 0
		t.ck = contrastKind(f >> 8)
		negator := f&fwNegator != 0 || strings.HasSuffix(t.text, "n't")
		push(t)
		if negator {
			negLeft = 3
		}
		i = end
	}
	return toks
}

var hashZero = fnv64("0")

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
	w := contrastWeights(len(toks), func(i int) contrastKind { return toks[i].ck },
		func(i int) bool { return toks[i].clauseBr }, (*cw)[:0])
	if w != nil {
		*cw = w
	}
	for i := range toks {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		if !toks[i].stop {
			out = append(out, feature{h: unigramHash(toks[i].hash, toks[i].negated), i: int32(i), w: wi})
		}
		if i > 0 {
			out = append(out, feature{h: bigramHash(toks[i-1].hash, toks[i].hash), i: int32(i), bigram: true, w: wi})
		}
	}
	return out
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
	"refused", "refuses", "nahi", "nahin"}

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
	// cant, isnt …).
	for _, w := range sharedVADER().Constants.NegateList {
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
	keys []uint64
	vals []uint16
	mask uint64
}

func newHashTable16(n int) hashTable16 {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return hashTable16{keys: make([]uint64, size), vals: make([]uint16, size), mask: uint64(size - 1)}
}

// put sets the value of h, which must not be 0.
func (t *hashTable16) put(h uint64, v uint16) {
	for i := mix64(h) & t.mask; ; i = (i + 1) & t.mask {
		if t.keys[i] == 0 || t.keys[i] == h {
			t.keys[i], t.vals[i] = h, v
			return
		}
	}
}

func (t *hashTable16) get(h uint64) uint16 {
	for i := mix64(h) & t.mask; ; i = (i + 1) & t.mask {
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
// for a word in the table, one string comparison. Unlike hashTable16 it is
// exact: a word is found only under its own spelling.
type wordTable[V any] struct {
	hashes []uint64 // 0: empty (a word hashing to 0 is stored as 1)
	keys   []string
	vals   []V
	mask   uint64
}

func newWordTable[V any](n int) *wordTable[V] {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return &wordTable[V]{hashes: make([]uint64, size), keys: make([]string, size), vals: make([]V, size), mask: uint64(size - 1)}
}

// put sets the value of w.
func (t *wordTable[V]) put(w string, v V) {
	h := max(fnv64(w), 1)
	for i := mix64(h) & t.mask; ; i = (i + 1) & t.mask {
		if t.hashes[i] == 0 || t.hashes[i] == h && t.keys[i] == w {
			t.hashes[i], t.keys[i], t.vals[i] = h, w, v
			return
		}
	}
}

// get returns the value of w, whose fnv64 is h, and whether w is in t.
func (t *wordTable[V]) get(h uint64, w string) (V, bool) {
	h = max(h, 1)
	for i := mix64(h) & t.mask; ; i = (i + 1) & t.mask {
		switch t.hashes[i] {
		case h:
			if t.keys[i] == w {
				return t.vals[i], true
			}
		case 0:
			var zero V
			return zero, false
		}
	}
}
