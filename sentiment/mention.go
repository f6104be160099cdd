package sentiment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Mention is one alias of a story group found in a text: the byte span
// text[Start:End], the group's id, whether it is a side (else a party) and
// the alias as written in the story file.
type Mention struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Group string `json:"group"`
	Side  bool   `json:"side"`
	Alias string `json:"alias"`
}

// Mentions returns the aliases of s's sides and parties found in text, in
// order and without overlaps, or nil when there are none. Matching ignores
// case (Unicode simple folding), treats any run of white space as one space
// and curly apostrophes and Unicode hyphens as their ASCII forms, and only
// matches whole words: an alias starting or ending with a letter or digit
// must not touch another letter or digit there ("Pakistan" matches in
// "Pakistan’s" but not in "Pakistani"). Where aliases overlap the leftmost,
// then the longest wins, so "Tehrik-e-Taliban Pakistan" is one mention.
//
// Stories from ParseStory, LoadStory or Validate have their aliases
// compiled; for any other Story, Mentions compiles them on every call.
func (s *Story) Mentions(text string) []Mention {
	m := s.match
	if m == nil {
		m = compileMatcher(s)
	}
	return m.find(text)
}

// appendMentions is Mentions appending to dst, so that a caller can reuse
// its slice.
func (s *Story) appendMentions(dst []Mention, text string) []Mention {
	m := s.match
	if m == nil {
		m = compileMatcher(s)
	}
	return m.appendFind(dst, text)
}

// mentionsIn returns the mentions of all (the mentions of text) inside the
// sentence text[sp.start:sp.end], with offsets into the sentence, in dst;
// from mi on, all starts at or after the previous sentence of text. That
// is what Mentions of the sentence alone returns when the sentence neither
// starts nor ends inside a word and no mention of all crosses its bounds:
// the matcher starts a match only after a non-word rune and takes the text's
// end as a word boundary, and it has no other state. Otherwise ok is false
// and the caller must match the sentence itself. next is where the next
// sentence's mentions start in all.
func mentionsIn(dst, all []Mention, mi int, text string, sp span) (ms []Mention, next int, ok bool) {
	for mi < len(all) && all[mi].End <= sp.start {
		mi++
	}
	if sp.start > 0 {
		if r, _ := utf8.DecodeLastRuneInString(text[:sp.start]); isWordRune(r) {
			return nil, mi, false
		}
	}
	if sp.end < len(text) {
		if r, _ := utf8.DecodeRuneInString(text[sp.end:]); isWordRune(r) {
			return nil, mi, false
		}
	}
	ms = dst[:0]
	for ; mi < len(all) && all[mi].Start < sp.end; mi++ {
		m := all[mi]
		if m.Start < sp.start || m.End > sp.end {
			return nil, mi, false
		}
		m.Start -= sp.start
		m.End -= sp.start
		ms = append(ms, m)
	}
	return ms, mi, true
}

// matcher is a trie over the normalized aliases of a story. The root
// indexes ASCII runes directly, as most aliases start with one.
type matcher struct {
	root  trieNode
	ascii [utf8.RuneSelf]*trieNode // root children for ASCII runes
	// pairs[a] has bit b when some alias starts with the ASCII runes a,
	// b (after normRune): a word starting with another ASCII pair is
	// skipped without walking the trie.
	pairs [utf8.RuneSelf][2]uint64
}

type trieNode struct {
	kids []trieEdge // few per node: a linear scan beats a map
	hit  *aliasHit  // the alias ending here, if any
}

type trieEdge struct {
	r    rune
	node *trieNode
}

// child returns the child of n for r, or nil.
func (n *trieNode) child(r rune) *trieNode {
	for _, e := range n.kids {
		if e.r == r {
			return e.node
		}
	}
	return nil
}

type aliasHit struct {
	group   string
	side    bool
	alias   string
	wordEnd bool // the alias ends with a word rune, so needs a boundary after it
}

// compileMatcher builds the trie of s's aliases. When two groups claim one
// alias (only possible in a Story that failed Validate) the first wins.
func compileMatcher(s *Story) *matcher {
	m := &matcher{}
	add := func(groups []Group, side bool) {
		for _, g := range groups {
			for _, a := range g.Aliases {
				key := normalizeAlias(a)
				if key == "" {
					continue
				}
				n := &m.root
				for _, r := range key {
					c := n.child(r)
					if c == nil {
						c = &trieNode{}
						n.kids = append(n.kids, trieEdge{r, c})
					}
					n = c
				}
				if n.hit == nil {
					last, _ := utf8.DecodeLastRuneInString(key)
					n.hit = &aliasHit{group: g.ID, side: side, alias: a, wordEnd: isWordRune(last)}
				}
			}
		}
	}
	add(s.Sides, true)
	add(s.Parties, false)
	for _, e := range m.root.kids {
		if e.r < utf8.RuneSelf {
			m.ascii[e.r] = e.node
			for _, e2 := range e.node.kids {
				if e2.r < utf8.RuneSelf {
					m.pairs[e.r][e2.r>>6] |= 1 << (e2.r & 63)
				} else {
					m.pairs[e.r][0] |= 1 // a non-ASCII second rune: no skipping
				}
			}
			if e.node.hit != nil {
				m.pairs[e.r][0] |= 1 // a one-rune alias: no skipping
			}
		}
	}
	return m
}

// cannotStart reports whether no alias can start at text[i], an ASCII
// letter or digit, judging by its first two bytes when both are ASCII.
func (m *matcher) cannotStart(text string, i int) bool {
	if i+1 >= len(text) || text[i+1] >= utf8.RuneSelf {
		return false
	}
	p := &m.pairs[asciiFold[text[i]]]
	b := asciiFold[text[i+1]]
	return p[0]&1 == 0 && p[b>>6]&(1<<(b&63)) == 0
}

// asciiFold is normRune for ASCII, with white space as a space (as
// longest reads it).
var asciiFold = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		switch {
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c + 'a' - 'A')
		case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			t[c] = ' '
		default:
			t[c] = byte(c)
		}
	}
	return t
}()

// first returns the root's child for the normalized rune r, or nil.
func (m *matcher) first(r rune) *trieNode {
	if r < utf8.RuneSelf {
		return m.ascii[r]
	}
	return m.root.child(r)
}

// find returns the leftmost-longest, non-overlapping alias matches in text.
func (m *matcher) find(text string) []Mention {
	return m.appendFind(nil, text)
}

// appendFind is find appending to out.
func (m *matcher) appendFind(out []Mention, text string) []Mention {
	if len(m.root.kids) == 0 {
		return out
	}
	prevWord := false // the rune before i is a word rune
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		} else if asciiWord[r] {
			// An ASCII word: try a match at its start, then skip its
			// ASCII letters and digits, where none can start.
			if !prevWord && m.ascii[asciiFold[r]] != nil && !m.cannotStart(text, i) {
				if end, hit := m.longest(text, i); hit != nil {
					out = append(out, Mention{Start: i, End: end, Group: hit.group, Side: hit.side, Alias: hit.alias})
					last, _ := utf8.DecodeLastRuneInString(text[i:end])
					prevWord = isWordRune(last)
					i = end
					continue
				}
			}
			i++
			for i < len(text) && asciiWordByte[text[i]] {
				i++
			}
			prevWord = true
			continue
		} else if m.ascii[asciiFold[r]] == nil {
			// ASCII space or punctuation that starts no alias.
			prevWord = false
			i++
			continue
		}
		word := isWordRune(r)
		// A match may start here unless we are inside a word (an alias
		// starting with a word rune needs a boundary before it, and one
		// starting with another rune cannot start on a word rune).
		if (!word || !prevWord) && m.first(normRune(r)) != nil {
			if end, hit := m.longest(text, i); hit != nil {
				out = append(out, Mention{Start: i, End: end, Group: hit.group, Side: hit.side, Alias: hit.alias})
				last, _ := utf8.DecodeLastRuneInString(text[i:end])
				prevWord = isWordRune(last)
				i = end
				continue
			}
		}
		prevWord = word
		i += size
	}
	return out
}

// longest returns the end of the longest alias that matches text at i and
// ends on a word boundary, or (0, nil).
func (m *matcher) longest(text string, i int) (int, *aliasHit) {
	n := &m.root
	bestEnd, best := 0, (*aliasHit)(nil)
	for j := i; j < len(text); {
		r, size := rune(text[j]), 1
		var space bool
		if r < utf8.RuneSelf {
			r = rune(asciiFold[r])
			space = r == ' '
		} else {
			r, size = utf8.DecodeRuneInString(text[j:])
			space = unicode.IsSpace(r)
			if space {
				r = ' '
			} else {
				r = normRune(r)
			}
		}
		if n == &m.root {
			n = m.first(r)
		} else {
			n = n.child(r)
		}
		if n == nil {
			break
		}
		j += size
		if space { // the rest of the run: only now, to stay linear
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsSpace(r2) {
					break
				}
				j += s2
			}
		}
		if n.hit != nil {
			if after, _ := utf8.DecodeRuneInString(text[j:]); !n.hit.wordEnd || j == len(text) || !isWordRune(after) {
				bestEnd, best = j, n.hit
			}
		}
	}
	return bestEnd, best
}

// normalizeAlias returns the form of an alias that the trie holds: trimmed,
// white space runs as one space, each rune through normRune. Aliases that
// are equal after this are the same alias.
func normalizeAlias(a string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimSpace(a) {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(normRune(r))
	}
	return b.String()
}

// normRune folds case and maps typographic apostrophes and hyphens to
// ASCII, so that "PAKISTAN’S" and "Pakistan's" compare equal.
func normRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	switch r {
	case '\u2019', '\u2018', '\u02bc', '\u2032', '\u00b4': // ’ ‘ ʼ ′ ´
		return '\''
	case '\u2010', '\u2011': // hyphen, non-breaking hyphen
		return '-'
	}
	return foldRune(r)
}

// foldRune returns one representative of r's case-folding orbit: the
// lower case of its smallest member. Kelvin sign, K and k all give k; Σ, σ
// and ς all give σ.
func foldRune(r rune) rune {
	lo := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < lo {
			lo = f
		}
	}
	return unicode.ToLower(lo)
}

// isWordRune reports whether r is part of a word: a letter, digit or
// combining mark.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r] // small enough to inline in the matcher's loop
	}
	return isWordRuneSlow(r)
}

func isWordRuneSlow(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for r := range t {
		t[r] = 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return t
}()

// asciiWordByte is asciiWord over all bytes (false from 0x80 on), so a
// loop over bytes needs no second bounds check.
var asciiWordByte = func() (t [256]bool) {
	copy(t[:], asciiWord[:])
	return t
}()

// hasWordRune reports whether s has a letter or digit.
func hasWordRune(s string) bool {
	return strings.IndexFunc(s, isWordRune) >= 0
}
