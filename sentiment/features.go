package sentiment

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The model's word features. A span of text becomes lower-case word tokens;
// mentions of the story's sides and parties become the placeholders
// "@side" and "@party" (so the model learns "@side must stop …", never a
// country's name); runs of digits become "0"; "!" and "?" are tokens too.
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
	negator  bool
	clauseBr bool // a clause break (, ; : . …) follows the token
}

// tokenizeFeatures splits span into feature tokens; ms are the mentions
// inside span, with offsets relative to span. buf is reused.
func tokenizeFeatures(span string, ms []Mention, buf []featToken) []featToken {
	toks := buf[:0]
	var lower []byte // reused for tokens with upper case or odd runes
	mi := 0
	negLeft := 0 // words still negated
	for i := 0; i < len(span); {
		if mi < len(ms) && i >= ms[mi].Start {
			ph := partyPlaceholder
			if ms[mi].Side {
				ph = sidePlaceholder
			}
			toks = append(toks, featToken{text: ph, hash: fnv64(ph), negated: negLeft > 0})
			if negLeft > 0 {
				negLeft--
			}
			i = max(i, ms[mi].End)
			mi++
			continue
		}
		r, size := rune(span[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(span[i:])
		}
		switch {
		case isWordRune(r):
			start := i
			end := i
			simple := true
			digits := true
			for end < len(span) {
				r2, s2 := rune(span[end]), 1
				if r2 >= utf8.RuneSelf {
					r2, s2 = utf8.DecodeRuneInString(span[end:])
				}
				if mi < len(ms) && end >= ms[mi].Start {
					break
				}
				if isWordRune(r2) {
					if r2 >= utf8.RuneSelf || 'A' <= r2 && r2 <= 'Z' {
						simple = false
					}
					if !('0' <= r2 && r2 <= '9') {
						digits = false
					}
					end += s2
					continue
				}
				// Apostrophes and hyphens inside a word: isn't, de-escalate.
				if r2 == '\'' || r2 == '\u2019' || r2 == '-' || r2 == '\u2010' || r2 == '\u2011' {
					if end+s2 < len(span) {
						r3, _ := utf8.DecodeRuneInString(span[end+s2:])
						if isWordRune(r3) {
							if r2 != '\'' && r2 != '-' {
								simple = false
							}
							end += s2
							continue
						}
					}
				}
				break
			}
			var text string
			switch {
			case digits:
				text = "0"
			case simple:
				text = span[start:end]
			default:
				lower = lower[:0]
				for _, r3 := range span[start:end] {
					switch r3 {
					case '\u2019':
						r3 = '\''
					case '\u2010', '\u2011':
						r3 = '-'
					}
					lower = utf8.AppendRune(lower, unicode.ToLower(r3))
				}
				text = internToken(lower)
			}
			t := featToken{text: text, hash: fnv64(text), negated: negLeft > 0}
			if negLeft > 0 {
				negLeft--
			}
			if isFeatureNegator(text) {
				t.negator = true
				negLeft = 3
			}
			toks = append(toks, t)
			i = end
			continue
		case r == '!' || r == '?':
			s := "!"
			if r == '?' {
				s = "?"
			}
			toks = append(toks, featToken{text: s, hash: fnv64(s), clauseBr: true})
			negLeft = 0
		case r == ',' || r == ';' || r == ':' || r == '.' || r == '…' || r == '(' || r == ')' || r == '—' || r == '–':
			if n := len(toks); n > 0 {
				toks[n-1].clauseBr = true
			}
			negLeft = 0
		}
		i += size
	}
	return toks
}

// isFeatureNegator reports whether a lower-case token negates the words
// after it.
func isFeatureNegator(w string) bool {
	switch w {
	case "not", "no", "never", "nothing", "nobody", "none", "nor", "neither",
		"without", "cannot", "hardly", "scarcely", "barely", "lack", "lacks",
		"lacked", "lacking", "fail", "fails", "failed", "failing", "refuse",
		"refused", "refuses", "nahi", "nahin":
		return true
	}
	return strings.HasSuffix(w, "n't") || strings.HasSuffix(w, "nt") && sharedRules().negate[w]
}

// emitFeatures sends each unigram (bigram false) and bigram (bigram
// true, of toks[i-1] and toks[i]) feature hash of toks to sink. Function
// words and "!" give no unigram (only bigrams): on a few thousand labelled
// texts their unigram weights are noise ("the" or "on" learned as
// sentiment), and VADER's rules already weigh "!".
//
// Each feature has a weight: 1, or the contrast weight of its token
// (contrastWeights: 0.5 before "but", 1.5 after).
func emitFeatures(toks []featToken, sink func(h uint64, i int, bigram bool, w float64)) {
	var buf [64]float64
	cw := contrastWeights(len(toks), func(i int) string { return toks[i].text },
		func(i int) bool { return toks[i].clauseBr }, buf[:0])
	for i := range toks {
		w := 1.0
		if cw != nil {
			w = cw[i]
		}
		if !stopUnigram[toks[i].text] {
			sink(unigramHash(toks[i].hash, toks[i].negated), i, false, w)
		}
		if i > 0 {
			sink(bigramHash(toks[i-1].hash, toks[i].hash), i, true, w)
		}
	}
}

// featureName is the model-file name of a feature sent by emitFeatures.
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
var stopUnigram = setOf("!", "the", "a", "an", "and", "or", "of", "to", "in",
	"on", "at", "for", "with", "by", "from", "is", "are", "was", "were", "be",
	"been", "being", "it", "its", "it's", "this", "that", "these", "those",
	"he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "my",
	"your", "him", "them", "us", "me", "as", "than", "then", "there", "here",
	"has", "have", "had", "do", "does", "did", "about", "into", "over",
	"after", "before", "up", "out", "what", "which", "who", "whom", "when",
	"where", "how", "all", "any", "each", "every", "some", "own", "same",
	"such", "also", "one", "two", "0")

// tokenIntern maps common lower-case tokens to one shared string, so that
// lowering "The" or "KABUL'S" allocates nothing for words the built-in
// model or the word lists know.
var tokenIntern = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	add := func(w string) { m[w] = w }
	for w := range stopUnigram {
		add(w)
	}
	for w := range englishWords {
		add(w)
	}
	for name := range BuiltinModel().file.Features {
		if len(name) > 2 {
			a, b, _ := strings.Cut(name[2:], " ")
			add(a)
			if b != "" {
				add(b)
			}
		}
	}
	return m
})

// internToken returns b as a string, shared when it is a known token.
func internToken(b []byte) string {
	if s, ok := tokenIntern()[string(b)]; ok {
		return s
	}
	return string(b)
}
