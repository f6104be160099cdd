package sentiment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a byte range [start, end) of a text.
type span struct{ start, end int }

// splitSentences returns the sentences of text as byte spans, in order,
// trimmed of white space; spans with no letter, digit or symbol (emoji) are
// dropped. A sentence ends:
//   - after . ! ? or … (and any closing quotes or brackets) followed by
//     white space, unless the full stop ends an abbreviation ("Mr.", "e.g.",
//     "Oct. 19", "U.S. President"), or a quote or an ellipsis is followed by
//     a lower-case word ("“No.” he said", "well... maybe");
//   - at a blank line;
//   - at a single line break, unless the next line starts with a lower-case
//     letter or the line ends with a comma or semicolon (a wrapped line).
//
// Headlines and bylines without a full stop thus stand alone.
func splitSentences(text string) []span {
	return appendSentences(nil, text)
}

// appendSentences is splitSentences appending to out, so that a caller
// can reuse its slice.
func appendSentences(out []span, text string) []span {
	emit := func(a, b int) {
		for a < b {
			r, size := utf8.DecodeRuneInString(text[a:])
			if !unicode.IsSpace(r) {
				break
			}
			a += size
		}
		for b > a {
			r, size := utf8.DecodeLastRuneInString(text[a:b])
			if !unicode.IsSpace(r) {
				break
			}
			b -= size
		}
		if strings.IndexFunc(text[a:b], isContentRune) >= 0 {
			out = append(out, span{a, b})
		}
	}
	start := 0
	for i := 0; i < len(text); {
		if !sentenceByte[text[i]] {
			// The common case: a run of ASCII that cannot end a sentence.
			i++
			for i < len(text) && !sentenceByte[text[i]] {
				i++
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			k, lines := i, 0
			for k < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[k:])
				if !unicode.IsSpace(r2) {
					break
				}
				if r2 == '\n' {
					lines++
				}
				k += s2
			}
			if lines >= 2 || k == len(text) || newlineEnds(text, start, i, k) {
				emit(start, i)
				start = k
			}
			i = k
		case isTerminator(r):
			end, ok := terminatorEnds(text, start, i)
			if ok {
				emit(start, end)
				start = end
			}
			i = end
		default:
			i += size
		}
	}
	emit(start, len(text))
	return out
}

// sentenceByte marks the bytes splitSentences must look at: . ! ? and
// line feed, and every byte of a multi-byte rune (which may be … or a
// space).
var sentenceByte = func() (t [256]bool) {
	for _, c := range ".!?\n" {
		t[c] = true
	}
	for c := utf8.RuneSelf; c < len(t); c++ {
		t[c] = true
	}
	return t
}()

// newlineEnds decides whether the single line break at text[i] ends the
// sentence begun at start; next is the offset of the next line's first rune.
func newlineEnds(text string, start, i, next int) bool {
	line := strings.TrimRightFunc(text[start:i], unicode.IsSpace)
	if strings.HasSuffix(line, ",") || strings.HasSuffix(line, ";") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[next:])
	return !unicode.IsLower(r)
}

// terminatorEnds looks at the run of terminators starting at text[i] (in the
// sentence begun at start) and returns the offset after it and its closing
// quotes or brackets, and whether the sentence ends there.
func terminatorEnds(text string, start, i int) (int, bool) {
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if !isTerminator(r) {
			break
		}
		j += size
	}
	run := text[i:j]
	closed := false
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if !isCloser(r) {
			break
		}
		j += size
		closed = true
	}
	if j == len(text) {
		return j, true
	}
	if r, _ := utf8.DecodeRuneInString(text[j:]); !unicode.IsSpace(r) {
		return j, false // 2.5, U.S, example.com, "end.Next"
	}
	k := j
	for k < len(text) {
		r, size := utf8.DecodeRuneInString(text[k:])
		if !unicode.IsSpace(r) {
			break
		}
		k += size
	}
	if k == len(text) {
		return j, true
	}
	next, _ := utf8.DecodeRuneInString(text[k:])
	lowerNext := unicode.IsLower(next)
	if closed && lowerNext {
		return j, false // “No.” he said
	}
	if run != "." {
		// "...", "…", "!", "?!": an ellipsis before a lower-case word is a
		// pause, anything else ends the sentence.
		ellipsis := strings.Contains(run, "…") || strings.HasPrefix(run, "..")
		return j, !(ellipsis && lowerNext)
	}
	if closed {
		return j, true
	}
	var buf [16]byte
	var nb [16]byte
	wb, nw := wordBefore(text, start, i), wordAt(text, k)
	lw, ok := lowerInto(wb, &buf)
	ln, ok2 := lowerInto(nw, &nb)
	if ok && ok2 {
		return j, !continuesAfter(string(lw), string(ln), next)
	}
	return j, !continuesAfter(strings.ToLower(wb), strings.ToLower(nw), next)
}

// continuesAfter reports whether a full stop after word (lower case)
// leaves the sentence open, given the next word (lower case) and its
// first rune.
func continuesAfter(word, nextWord string, next rune) bool {
	k := abbrevKinds[word] // one lookup for the four lists
	switch {
	case k&akTitle != 0:
		return true // Mr. Tarar
	case (k&akMonth != 0 || word == "no" || word == "nos") && unicode.IsDigit(next):
		return true // Oct. 19, No. 5
	case k&akInSentence != 0:
		return true // e.g. Kabul
	case k&akMaybeEnd != 0 || isInitialism(word):
		// U.S. President, J. Smith, Plan B. But: end the sentence only
		// when a typical sentence opener follows.
		return !(unicode.IsUpper(next) && starters[nextWord])
	}
	return false
}

// lowerInto writes s in lower case into buf and returns that part of it,
// or false when s does not fit or is not ASCII.
func lowerInto(s string, buf *[16]byte) ([]byte, bool) {
	if len(s) > len(buf) {
		return nil, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return nil, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(s)], true
}

// wordBefore returns the letters and dots just before text[i], not before
// start: "U.S" for "the U.S." with i at the last dot.
func wordBefore(text string, start, i int) string {
	a := i
	for a > start {
		r, size := utf8.DecodeLastRuneInString(text[start:a])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		a -= size
	}
	return text[a:i]
}

// wordAt returns the run of letters starting at text[k].
func wordAt(text string, k int) string {
	e := k
	for e < len(text) {
		r, size := utf8.DecodeRuneInString(text[e:])
		if !unicode.IsLetter(r) {
			break
		}
		e += size
	}
	return text[k:e]
}

// isInitialism reports whether w (lower case, no final dot) is single
// letters joined by dots: "u.s", "u.n", "j".
func isInitialism(w string) bool {
	if w == "" {
		return false
	}
	n := 0 // runes in the current part
	for _, r := range w {
		if r == '.' {
			if n != 1 {
				return false
			}
			n = 0
			continue
		}
		n++
	}
	return n == 1
}

func isTerminator(r rune) bool {
	return r == '.' || r == '!' || r == '?' || r == '…'
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', '›', ')', ']', '}':
		return true
	}
	return false
}

// isContentRune reports whether r makes a span worth scoring.
func isContentRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.So, r)
}

// titles never end a sentence: they come before a name.
var titles = setOf("mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj",
	"brig", "capt", "cpt", "sgt", "cdr", "adm", "rev", "hon", "sen", "rep",
	"gov", "pres", "st", "mt", "fr", "sr", "jr", "messrs", "mme", "mlle")

// inSentence abbreviations are followed by more of the same sentence.
var inSentence = setOf("e.g", "i.e", "vs", "cf", "viz", "approx", "ca", "fig",
	"dept", "est", "incl", "ref", "vol", "pp", "p")

// maybeEnd abbreviations often end a sentence as well ("and so on, etc.").
var maybeEnd = setOf("etc", "inc", "ltd", "co", "corp", "plc", "llc", "al",
	"bros", "govt", "intl")

var months = setOf("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
	"sept", "oct", "nov", "dec")

// Bits of abbrevKinds: the lists a word is in.
const (
	akTitle = 1 << iota
	akMonth
	akInSentence
	akMaybeEnd
)

// abbrevKinds maps each word of titles, months, inSentence and maybeEnd to
// the lists it is in.
var abbrevKinds = func() map[string]uint8 {
	m := map[string]uint8{}
	for bit, set := range []map[string]bool{titles, months, inSentence, maybeEnd} {
		for w := range set {
			m[w] |= 1 << bit
		}
	}
	return m
}()

// starters are words that typically open a sentence; after an initialism
// such as "U.S." a capitalised starter means a new sentence.
var starters = setOf("the", "a", "an", "this", "that", "these", "those", "it",
	"its", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our",
	"my", "but", "and", "or", "so", "yet", "however", "meanwhile", "also",
	"then", "in", "on", "at", "after", "before", "when", "while", "if", "as",
	"there", "here", "what", "why", "how", "who", "both", "since", "although",
	"though", "no", "not", "one", "some", "many", "all", "officials",
	"analysts", "still", "now", "today", "yesterday")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
