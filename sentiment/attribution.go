package sentiment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file attributes the quotes found by findQuoteSpans: it tokenizes the
// text with each quote as one token, splits sentences around them, finds
// the speaker phrase by news grammar (see ExtractQuotes), and resolves the
// speaker's side from the story's aliases.

type qkind uint8

const (
	qWord  qkind = iota
	qPunct       // one punctuation rune, or a run of full stops
	qQuote       // a whole quotation, marks included
	qBreak       // a paragraph break
)

// qtok is a token of the text being attributed.
type qtok struct {
	start, end int
	kind       qkind
	low        string // lower case, typographic apostrophes as '
	cap        bool   // starts with an upper-case letter
	quote      int    // index of the quotation, for qQuote
	para       int    // paragraph index
	sent       int    // sentence index
}

// qsent is a sentence: tokens [a, b).
type qsent struct{ a, b int }

// qattr is the attribution of one quote.
type qattr struct {
	speaker    string
	start, end int // byte span of the speaker phrase; start < 0 when none
	ctxStart   int // byte span of an apposition or wider phrase for the side, or -1
	ctxEnd     int
	head       string // lemma of the head word, lower case
	ctxHead    string // lemma of the apposition's head word
	headCap    bool   // the head word is capitalised (a name)
	side       string
	via        string
	tok        int  // token index of the head word, or -1
	pron       bool // a pronoun, replaced by its antecedent
	ok         bool
}

// Bounds that keep attribution linear in the length of the text, whatever
// the input: the tokens around a quote that attribution reads, and how many
// earlier quotes it looks back over.
const (
	qWindow   = 60
	qLookback = 40
)

// quoteAttributor holds one ExtractQuotes run.
type quoteAttributor struct {
	story     *Story
	text      string
	spans     []qspan
	marks     map[int]bool // offsets of opening and closing marks
	toks      []qtok
	sents     []qsent
	qtok      []int // token index of each quotation
	attrs     []qattr
	demonyms  map[string]string // derived nationality word -> group
	aliasWord map[string]string // word of an alias -> group ("" when several)
	nameSide  map[string]string // cache for surnameSide
	names     map[string][]int  // capitalised word -> its token indexes
	prevGroup map[int]string    // cache for prevSentenceGroup, by sentence
}

func newQuoteAttributor(story *Story, text string, spans []qspan) *quoteAttributor {
	x := &quoteAttributor{story: story, text: text, spans: spans, marks: map[int]bool{},
		qtok: make([]int, len(spans)), attrs: make([]qattr, len(spans)), nameSide: map[string]string{},
		prevGroup: map[int]string{}}
	for _, s := range spans {
		x.marks[s.open] = true
		if s.close > s.end {
			_, size := utf8.DecodeLastRuneInString(text[:s.close])
			x.marks[s.close-size] = true
		}
	}
	x.indexStory()
	x.tokenize()
	x.splitSentences()
	return x
}

// run attributes every quote, in order: later quotes may refer back to
// earlier speakers.
func (x *quoteAttributor) run() []Quote {
	out := make([]Quote, 0, len(x.spans))
	for k, s := range x.spans {
		a := x.attribute(k)
		x.attrs[k] = a
		side := a.side
		if side == "" {
			side = unknownGroup
		}
		out = append(out, Quote{Start: s.start, End: s.end, Text: x.text[s.start:s.end],
			Speaker: a.speaker, Side: side, Via: a.via})
	}
	return out
}

// ---- story index ----

// indexStory derives, from the story's aliases, nationality words the story
// does not list (Egyptian from Egypt, Chinese from China, Philippine from
// Philippines, Turkish from Turkey) and the words of multi-word aliases
// ("court" from "International Court of Justice").
func (x *quoteAttributor) indexStory() {
	x.demonyms = map[string]string{}
	x.aliasWord = map[string]string{}
	if x.story == nil {
		return
	}
	known := map[string]bool{}
	var groups []Group
	groups = append(groups, x.story.Sides...)
	groups = append(groups, x.story.Parties...)
	for _, g := range groups {
		for _, a := range g.Aliases {
			known[strings.ToLower(a)] = true
		}
	}
	for _, g := range groups {
		for _, a := range g.Aliases {
			words := strings.Fields(a)
			for _, w := range words {
				lw := qLower(w)
				if len(words) > 1 && lw != "" {
					if prev, ok := x.aliasWord[lw]; ok && prev != g.ID {
						x.aliasWord[lw] = ""
					} else {
						x.aliasWord[lw] = g.ID
					}
				}
			}
			if len(words) != 1 {
				continue
			}
			r, _ := utf8.DecodeRuneInString(a)
			if !unicode.IsUpper(r) || utf8.RuneCountInString(a) < 4 {
				continue
			}
			for _, d := range qDemonyms(strings.ToLower(a)) {
				if known[d] {
					continue
				}
				if prev, ok := x.demonyms[d]; ok && prev != g.ID {
					x.demonyms[d] = ""
				} else {
					x.demonyms[d] = g.ID
				}
			}
		}
	}
}

// qDemonyms returns the nationality words an English country name usually
// gives: stem plus -n, -an, -ian, -i, -ese, -ish, -ic, and their plurals.
func qDemonyms(name string) []string {
	stems := []string{name}
	for _, suf := range []string{"a", "e", "y", "s", "ia", "ey", "istan"} {
		if strings.HasSuffix(name, suf) && utf8.RuneCountInString(name)-len(suf) >= 4 {
			stems = append(stems, strings.TrimSuffix(name, suf))
		}
	}
	var out []string
	for _, s := range stems {
		for _, suf := range []string{"", "n", "an", "ian", "i", "ese", "ish", "ic"} {
			d := s + suf
			if d == name {
				continue
			}
			out = append(out, d)
			if suf != "ese" && suf != "ish" && suf != "ic" && suf != "" {
				out = append(out, d+"s")
			}
		}
	}
	return out
}

// ---- tokens and sentences ----

func qLower(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), "’", "'")
}

func (x *quoteAttributor) tokenize() {
	text := x.text
	k, para := 0, 0
	for i := 0; i < len(text); {
		if k < len(x.spans) && i >= x.spans[k].open {
			s := x.spans[k]
			x.qtok[k] = len(x.toks)
			x.toks = append(x.toks, qtok{start: s.open, end: s.close, kind: qQuote, quote: k, para: para})
			i = max(i, s.close)
			k++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			if n := len(x.toks); n > 0 && x.toks[n-1].kind != qBreak {
				x.toks = append(x.toks, qtok{start: i, end: i + size, kind: qBreak, para: para})
				para++
			}
			i += size
		case unicode.IsSpace(r):
			i += size
		case isWordRune(r):
			j := x.wordEnd(i)
			if k < len(x.spans) && j > x.spans[k].open {
				j = x.spans[k].open
			}
			w := text[i:j]
			x.toks = append(x.toks, qtok{start: i, end: j, kind: qWord, low: qLower(w),
				cap: unicode.IsUpper(r), para: para})
			i = j
		default:
			j := i + size
			if r == '.' {
				for j < len(text) && text[j] == '.' {
					j++
				}
			}
			x.toks = append(x.toks, qtok{start: i, end: j, kind: qPunct, low: text[i:j], para: para})
			i = j
		}
	}
}

// wordEnd returns the end of the word starting at text[i]: letters and
// digits, joined by apostrophes, hyphens, full stops (U.S., 2.5) and
// thousands commas, with the full stop of an abbreviation ("Jr.") and the
// apostrophe of a plural possessive ("workers'").
func (x *quoteAttributor) wordEnd(i int) int {
	text := x.text
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if isWordRune(r) {
			j += size
			continue
		}
		if x.marks[j] {
			break
		}
		n, _ := utf8.DecodeRuneInString(text[j+size:])
		p, _ := utf8.DecodeLastRuneInString(text[:j])
		joins := false
		switch r {
		case '\'', '’', '-', '‐', '‑':
			joins = isWordRune(n)
		case '.':
			joins = unicode.IsLetter(p) && unicode.IsLetter(n) && (j+size+1 >= len(text) || !isWordRune(rune(text[j+size+1]))) ||
				unicode.IsDigit(p) && unicode.IsDigit(n)
		case ',':
			joins = unicode.IsDigit(p) && unicode.IsDigit(n)
		}
		if !joins {
			break
		}
		j += size
	}
	if j >= len(text) {
		return j
	}
	w := strings.ToLower(text[i:j])
	switch text[j] {
	case '.':
		if qAbbrevDot[w] && w != "no" && w != "nos" || qInitialism(w) {
			return j + 1
		}
		if (w == "no" || w == "nos") && j+2 < len(text) && text[j+1] == ' ' && '0' <= text[j+2] && text[j+2] <= '9' {
			return j + 1
		}
	case '\'':
		if (strings.HasSuffix(w, "s")) && !x.marks[j] {
			if n, _ := utf8.DecodeRuneInString(text[j+1:]); !isWordRune(n) {
				return j + 1
			}
		}
	default:
		if strings.HasPrefix(text[j:], "’") && strings.HasSuffix(w, "s") && !x.marks[j] {
			if n, _ := utf8.DecodeRuneInString(text[j+len("’"):]); !isWordRune(n) {
				return j + len("’")
			}
		}
	}
	return j
}

func (x *quoteAttributor) splitSentences() {
	a := 0
	closeSent := func(b int) {
		if b > a {
			for i := a; i < b; i++ {
				x.toks[i].sent = len(x.sents)
			}
			x.sents = append(x.sents, qsent{a, b})
		}
		a = b
	}
	for i := 0; i < len(x.toks); i++ {
		t := x.toks[i]
		switch t.kind {
		case qBreak:
			closeSent(i)
			x.toks[i].sent = -1
			a = i + 1
		case qPunct:
			if t.low == "." || t.low == "!" || t.low == "?" || t.low == "…" || strings.HasPrefix(t.low, "..") {
				j := i + 1
				for j < len(x.toks) && x.toks[j].kind == qPunct && strings.Contains(")]}", x.toks[j].low) {
					j++
				}
				if x.endsAt(i, j) {
					closeSent(j)
					i = j - 1
				}
			}
		case qQuote:
			s := x.spans[t.quote]
			last, _ := utf8.DecodeLastRuneInString(x.text[s.start:s.end])
			if strings.ContainsRune(".!?…", last) && x.endsAt(i, i+1) {
				closeSent(i + 1)
			}
		}
	}
	closeSent(len(x.toks))
}

// endsAt reports whether a sentence ends after the terminator at token i,
// the next sentence starting at token j.
func (x *quoteAttributor) endsAt(i, j int) bool {
	if j >= len(x.toks) {
		return true
	}
	n := x.toks[j]
	switch n.kind {
	case qBreak, qQuote:
		return true
	case qPunct:
		return n.low != "," && n.low != ";" && n.low != ":"
	}
	r, _ := utf8.DecodeRuneInString(x.text[n.start:])
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
		return false
	}
	if x.toks[i].kind == qPunct && x.toks[i].low == "." && i > 0 && x.toks[i-1].kind == qWord {
		p := x.toks[i-1]
		if utf8.RuneCountInString(p.low) == 1 && p.cap {
			return false // an initial: J. Smith
		}
	}
	return true
}

// ---- token helpers ----

func (x *quoteAttributor) isWord(i int) bool {
	return i >= 0 && i < len(x.toks) && x.toks[i].kind == qWord
}

func (x *quoteAttributor) low(i int) string {
	if i < 0 || i >= len(x.toks) {
		return ""
	}
	return x.toks[i].low
}

func (x *quoteAttributor) isPunct(i int, set string) bool {
	return i >= 0 && i < len(x.toks) && x.toks[i].kind == qPunct && strings.Contains(set, x.toks[i].low)
}

// isSep reports whether token i separates inserted clauses: a comma or a
// dash.
func (x *quoteAttributor) isSep(i int) bool {
	return x.isPunct(i, ",—–")
}

// sentOf returns the sentence of token i, clipped to qWindow tokens either
// side of i.
func (x *quoteAttributor) sentOf(i int) qsent {
	if s := x.toks[i].sent; s >= 0 && s < len(x.sents) {
		return x.clip(x.sents[s], i)
	}
	return qsent{i, i + 1}
}

// clip returns sentence s clipped to qWindow tokens either side of token i.
func (x *quoteAttributor) clip(s qsent, i int) qsent {
	return qsent{max(s.a, i-qWindow), min(s.b, i+qWindow)}
}

// prevSent returns the sentence before sentence si, clipped to its last
// qWindow tokens, and whether there is one in the same paragraph as token i.
func (x *quoteAttributor) prevSent(si, i int) (qsent, bool) {
	if si <= 0 || si > len(x.sents) {
		return qsent{}, false
	}
	p := x.sents[si-1]
	if p.a >= len(x.toks) || x.toks[p.a].para != x.toks[i].para {
		return qsent{}, false
	}
	return qsent{max(p.a, p.b-qWindow), p.b}, true
}

// isVerbAt reports whether token i is a reporting verb used as a verb, not
// as a noun after a determiner or possessive ("Pakistan's demands").
func (x *quoteAttributor) isVerbAt(i int, parts bool) bool {
	if !x.isWord(i) || x.toks[i].cap {
		return false // "the United States" holds no verb
	}
	w := x.low(i)
	if !qVerbs[w] && !(parts && qParts[w]) {
		return false
	}
	if x.isWord(i - 1) {
		p := x.low(i - 1)
		if qDeterminers[p] || qPossessive(p) || qQuantifiers[p] && !qParts[w] {
			return false
		}
	}
	return true
}

// nounish reports whether word token i can be part of a noun phrase.
func (x *quoteAttributor) nounish(i int) bool {
	if !x.isWord(i) {
		return false
	}
	t := x.toks[i]
	w := t.low
	if qStop[w] || qVerbs[w] || qParts[w] || qPronouns[w] || qDeterminers[w] || qBe[w] || qTimeWords[w] && (t.cap || w == "today" || w == "yesterday") {
		return false
	}
	if t.cap {
		return true
	}
	if qAdverb(w) || qAux[w] || qIrregularParticiples[w] {
		return false
	}
	if len(w) > 4 && strings.HasSuffix(w, "ed") && !qEdAdjectives[w] {
		return false
	}
	return true
}

// speakerLike reports whether the noun phrase with head token h can speak.
func (x *quoteAttributor) speakerLike(h int) bool {
	if !x.isWord(h) {
		return false
	}
	t := x.toks[h]
	if qPronouns[t.low] {
		return true
	}
	if qSpeakerNouns[qLemma(t.low)] {
		return true
	}
	r, _ := utf8.DecodeRuneInString(x.text[t.start:])
	return t.cap && !unicode.IsDigit(r) && !qTimeWords[t.low] && !qPossessive(t.low)
}

// headOf returns the head token of the noun phrase [s, e): the last word
// before its first post-modifying preposition.
func (x *quoteAttributor) headOf(s, e int) int {
	for i := s + 1; i < e; i++ {
		if x.isWord(i) && qNPPreps[x.low(i)] {
			return i - 1
		}
	}
	return e - 1
}

// npBack returns the first token of the noun phrase ending with token e,
// not before token lo.
func (x *quoteAttributor) npBack(e, lo int) (int, bool) {
	if e < lo || !x.isWord(e) {
		return 0, false
	}
	if qPronouns[x.low(e)] {
		return e, true
	}
	if !x.nounish(e) {
		return 0, false
	}
	capHead := x.toks[e].cap
	s, n := e, 1
	for j := e - 1; j >= lo && n < 9 && x.isWord(j); j-- {
		w := x.toks[j]
		if qDeterminers[w.low] {
			s = j
			break
		}
		if qQuantifiers[w.low] {
			s, n = j, n+1
			continue
		}
		if !x.nounish(j) {
			break
		}
		if !w.cap && capHead && !qTitleWords[w.low] && !qSpeakerNouns[qLemma(w.low)] && !qPossessive(w.low) {
			break
		}
		s, n = j, n+1
	}
	// Post-modifiers: "sources in Islamabad", "a delegate to the talks".
	for s-2 >= lo && x.isWord(s-1) && qNPPreps[x.low(s-1)] && x.isWord(s-2) {
		h := qLemma(x.low(s - 2))
		if qChannelNouns[h] || !(qSpeakerNouns[h] || x.toks[s-2].cap) || qPossessive(x.low(s-2)) {
			break
		}
		ls, ok := x.npBack(s-2, lo)
		if !ok {
			break
		}
		s = ls
	}
	return s, true
}

// npFwd returns the end (exclusive) of the noun phrase starting at token i,
// not reaching token hi, with its post-modifiers ("Greg Poling of the
// Center...").
func (x *quoteAttributor) npFwd(i, hi int) (int, bool) {
	return x.npFwdOpt(i, hi, true)
}

// npFwdOpt is npFwd, without post-modifiers unless pp.
func (x *quoteAttributor) npFwdOpt(i, hi int, pp bool) (int, bool) {
	j := i
	for j < hi && x.isWord(j) && (qDeterminers[x.low(j)] || qQuantifiers[x.low(j)]) {
		j++
	}
	if j == i && j < hi && x.isWord(j) && qPronouns[x.low(j)] {
		return j + 1, true
	}
	start, prevCap := j, false
	for j < hi && x.isWord(j) && j-start < 9 && x.nounish(j) {
		w := x.toks[j]
		if !w.cap && prevCap && !qTitleWords[w.low] && !qSpeakerNouns[qLemma(w.low)] {
			break
		}
		prevCap = w.cap
		j++
	}
	if j == start {
		return 0, false
	}
	for pp && j+1 < hi && x.isWord(j) && qNPPreps[x.low(j)] {
		h := x.toks[j-1]
		if !(qSpeakerNouns[qLemma(h.low)] || h.cap) || qChannelNouns[qLemma(h.low)] {
			break
		}
		e, ok := x.npFwd(j+1, hi)
		if !ok {
			break
		}
		j = e
	}
	return j, true
}

// attrOf returns an attribution to the noun phrase [s, e).
func (x *quoteAttributor) attrOf(s, e int) qattr {
	h := x.headOf(s, e)
	a := qattr{start: x.toks[s].start, end: x.toks[e-1].end, ctxStart: -1, ctxEnd: -1,
		head: qLemma(x.low(h)), headCap: x.toks[h].cap, tok: h, ok: true}
	a.speaker = x.text[a.start:a.end]
	a.pron = s == e-1 && qPronouns[x.low(s)]
	return a
}

// possessorOf returns an attribution to the possessor ending at token e
// ("Pakistan's"), without the possessive ending.
func (x *quoteAttributor) possessorOf(e, lo int) (qattr, bool) {
	if !x.isWord(e) || !qPossessive(x.low(e)) {
		return qattr{}, false
	}
	s := e
	for s-1 >= lo && x.isWord(s-1) && (x.toks[s-1].cap || qDeterminers[x.low(s-1)]) {
		s--
		if qDeterminers[x.low(s)] {
			break
		}
	}
	a := x.attrOf(s, e+1)
	a.speaker = strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(a.speaker, "'s"), "’s"), "'’")
	a.end = a.start + len(a.speaker)
	a.head = qLemma(x.low(e))
	return a, true
}

// withAppos sets the side context of a to cover the apposition [s, e) too,
// and makes the apposition the speaker when it is a name and a is not.
func (x *quoteAttributor) withAppos(a qattr, s, e int, apposFirst bool) qattr {
	b := x.attrOf(s, e)
	lo, hi := min(a.start, b.start), max(a.end, b.end)
	if b.headCap && !a.headCap || b.headCap && a.headCap && !apposFirst {
		b.ctxStart, b.ctxEnd, b.ctxHead = lo, hi, a.head
		return b
	}
	a.ctxStart, a.ctxEnd, a.ctxHead = lo, hi, b.head
	return a
}

// ---- attribution ----

// attribute finds the speaker of quote k, then its side and via.
func (x *quoteAttributor) attribute(k int) qattr {
	qi := x.qtok[k]
	a, how := x.findSpeaker(qi, k)
	if !a.ok {
		return qattr{start: -1, tok: -1}
	}
	if a.via == "" {
		a.via = x.sentenceVia(qi, a)
	}
	if a.pron {
		at := qi
		if a.tok >= 0 && a.tok < qi {
			at = a.tok // "Asked..., he replied:" then the quote
		}
		if ante, ok := x.antecedent(at, k); ok {
			via := a.via
			a = ante
			a.via = via
			return a
		}
		return qattr{start: -1, tok: -1, via: a.via}
	}
	if how == "context" {
		return a
	}
	a.side = x.sideOf(a, qi, k)
	return a
}

// findSpeaker applies the attribution rules in order of reliability. how
// is "context" when the speaker was carried over from an earlier quote
// (with its side already resolved).
func (x *quoteAttributor) findSpeaker(qi, k int) (qattr, string) {
	sent := x.sentOf(qi)
	if a, ok := x.postAttribution(qi, sent); ok {
		return a, "post"
	}
	a, status := x.preAttribution(qi, sent)
	switch status {
	case preFound:
		return a, "pre"
	case prePassive:
		// "were rejected as “...”": the speaker of the sentence's earlier
		// quote, else of the sentence or paragraph before.
		if b, ok := x.sameSentenceSpeaker(qi, k); ok {
			return b, "context"
		}
		if b, ok := x.contextSpeaker(qi, k); ok {
			return b, "context"
		}
		return qattr{}, ""
	}
	if a, ok := x.accordingTo(qi, sent); ok {
		return a, "according"
	}
	if a, ok := x.possessiveNoun(qi, sent); ok {
		return a, "possessive"
	}
	if s, e, ok := x.subject(qi, sent.a); ok {
		return x.attrOf(s, e), "subject"
	}
	if a, ok := x.nextSentence(qi, sent); ok {
		return a, "next"
	}
	if a, ok := x.colonIntro(qi); ok {
		return a, "colon"
	}
	if b, ok := x.sameSentenceSpeaker(qi, k); ok {
		return b, "context"
	}
	if b, ok := x.contextSpeaker(qi, k); ok {
		return b, "context"
	}
	return qattr{}, ""
}

// postAttribution reads an attribution right after the quote: “...,” X
// said / said X / according to X. Quotes joined by "and" share it: “A”
// and “B,” she said.
func (x *quoteAttributor) postAttribution(qi int, sent qsent) (qattr, bool) {
	hi := sent.b
	j := qi + 1
	for j < hi {
		switch {
		case x.isPunct(j, ",—–"):
			j++
			continue
		case x.isWord(j) && (x.low(j) == "and" || x.low(j) == "or") && j+1 < hi && x.toks[j+1].kind == qQuote:
			j += 2
			continue
		}
		break
	}
	if j >= hi || !x.isWord(j) {
		return qattr{}, false
	}
	// said X
	if qVerbs[x.low(j)] {
		e, ok := x.npFwd(j+1, hi)
		if !ok || !x.speakerLike(x.headOf(j+1, e)) {
			return qattr{}, false
		}
		a := x.attrOf(j+1, e)
		if x.isPunct(e, ",") {
			if e2, ok := x.npFwd(e+1, hi); ok && x.speakerLike(x.headOf(e+1, e2)) {
				a = x.withAppos(a, e+1, e2, false)
			}
		}
		a.via = x.viaIn(j, hi)
		return a, true
	}
	// according to X
	if x.low(j) == "according" && x.low(j+1) == "to" {
		return x.accordingAt(j, qi, sent)
	}
	// X said
	e, ok := x.npFwd(j, hi)
	if !ok || !x.speakerLike(x.headOf(j, e)) {
		return qattr{}, false
	}
	a := x.attrOf(j, e)
	v := e
	if x.isPunct(v, ",") { // X, the union's president, said
		if e2, ok := x.npFwd(v+1, hi); ok && x.isPunct(e2, ",") {
			a = x.withAppos(a, v+1, e2, false)
			v = e2 + 1
		}
	}
	for v < hi && x.isWord(v) && qAdverb(x.low(v)) {
		v++
	}
	if !x.isWord(v) || !qVerbs[x.low(v)] {
		return qattr{}, false
	}
	a.via = x.viaIn(v, hi)
	return a, true
}

const (
	preNone = iota
	preFound
	prePassive // a passive reporting verb without an agent
)

// preAttribution reads the attribution before the quote: the nearest
// reporting verb of the sentence and its subject.
//
// A reporting verb inside what an earlier one reports, with a subject that
// refers back ("Ali ... said his government had asked the court to take
// “urgent provisional measures”"), gives way to the earlier verb's speaker.
func (x *quoteAttributor) preAttribution(qi int, sent qsent) (qattr, int) {
	for j := qi - 1; j >= sent.a; j-- {
		if !x.isVerbAt(j, true) {
			continue
		}
		a, status := x.subjectOf(j, sent.a, qi, 0)
		if status == preFound && !a.pron && qPossessivePronoun(qLower(qFirstWord(a.speaker))) {
			for i := j - 1; i >= sent.a; i-- {
				if x.isVerbAt(i, false) {
					if b, st := x.subjectOf(i, sent.a, qi, 1); st == preFound && b.start < a.start {
						return b, st
					}
					break
				}
			}
		}
		return a, status
	}
	return qattr{}, preNone
}

// qPossessivePronoun reports whether w is a possessive determiner.
func qPossessivePronoun(w string) bool {
	switch w {
	case "his", "her", "its", "their", "our":
		return true
	}
	return false
}

// subjectOf returns the speaker of the reporting verb at token v.
func (x *quoteAttributor) subjectOf(v, lo, qi, depth int) (qattr, int) {
	w := x.low(v)
	k := v - 1
	passive := false
	for k >= lo && x.isWord(k) {
		l := x.low(k)
		switch {
		case qBe[l]:
			passive = true
		case qAdverb(l) || qTimeWords[l]:
		case qTimePreps[l] && k+1 < v && qTimeWords[x.low(k+1)]:
		default:
			goto done
		}
		k--
	}
done:
	if passive && !qParts[w] {
		if a, ok := x.agent(v, qi); ok {
			a.via = x.viaIn(lo, qi)
			return a, preFound
		}
		return qattr{}, prePassive
	}
	if qParts[w] {
		// "with Foreign Minister Yván Gil calling", "Khawaja Asif previously
		// stating": the participle's own subject.
		if x.isWord(k) && !qStop[x.low(k)] {
			if s, ok := x.npBack(k, lo); ok && x.speakerLike(x.headOf(s, k+1)) {
				a := x.attrOf(s, k+1)
				a.via = x.viaIn(lo, qi)
				return a, preFound
			}
		}
		return x.clauseSubject(v, lo, qi, depth)
	}
	switch {
	case k < lo:
		return x.clauseSubject(v, lo, qi, depth)
	case x.toks[k].kind == qQuote || x.isPunct(k, ",") && k-1 >= lo && x.toks[k-1].kind == qQuote:
		// “...,” said X, “...”
		if e, ok := x.npFwd(v+1, qi); ok && x.speakerLike(x.headOf(v+1, e)) {
			a := x.attrOf(v+1, e)
			a.via = x.viaIn(v, qi)
			return a, preFound
		}
		if x.toks[k].kind == qQuote {
			return qattr{}, preNone
		}
		return x.clauseSubject(v, lo, qi, depth)
	case x.isSep(k):
		if a, ok := x.segmentSubject(k, lo); ok {
			if a.via == "" {
				a.via = x.viaIn(lo, qi)
			}
			return a, preFound
		}
		return x.clauseSubject(v, lo, qi, depth)
	case x.isWord(k):
		if qStop[x.low(k)] {
			return x.clauseSubject(v, lo, qi, depth) // "... and said"
		}
		s, ok := x.npBack(k, lo)
		if ok && x.speakerLike(x.headOf(s, k+1)) {
			a := x.attrOf(s, k+1)
			a.via = x.viaIn(lo, qi)
			return a, preFound
		}
	}
	return x.clauseSubject(v, lo, qi, depth)
}

// clauseSubject returns the subject a participle or a coordinated verb at v
// shares: the subject of the previous reporting verb of the sentence, else
// the sentence's subject.
func (x *quoteAttributor) clauseSubject(v, lo, qi, depth int) (qattr, int) {
	if depth < 3 {
		for j := v - 1; j >= lo; j-- {
			if x.isVerbAt(j, true) {
				return x.subjectOf(j, lo, qi, depth+1)
			}
		}
	}
	if s, e, ok := x.subject(v, lo); ok {
		a := x.attrOf(s, e)
		a.via = x.viaIn(lo, qi)
		return a, preFound
	}
	return qattr{}, preNone
}

// segmentSubject finds the subject before the separator at token k,
// skipping inserted clauses (", who ...,", ", speaking to ...,", ", 2025,")
// and resolving appositions ("Pakistan's Information Minister, Attaullah
// Tarar,").
func (x *quoteAttributor) segmentSubject(k, lo int) (qattr, bool) {
	via := ""
	for k >= lo && x.isSep(k) {
		segEnd := k - 1
		segStart := segEnd
		for segStart-1 >= lo && x.isWord(segStart-1) {
			segStart--
		}
		if segEnd < segStart || !x.isWord(segEnd) {
			return qattr{}, false
		}
		if x.insertion(segStart, segEnd) {
			if v := x.viaIn(segStart, segEnd+1); v != "" {
				via = v
			}
			k = segStart - 1
			continue
		}
		s, ok := x.npBack(segEnd, segStart)
		if !ok || !x.speakerLike(x.headOf(s, segEnd+1)) {
			return qattr{}, false
		}
		a := x.attrOf(s, segEnd+1)
		if s == segStart && x.isPunct(s-1, ",") {
			pe := s - 2
			if ps, ok := x.npBack(pe, lo); ok && x.speakerLike(x.headOf(ps, pe+1)) &&
				(ps == lo || !x.isWord(ps-1) || qCoordinators[x.low(ps-1)] || x.low(ps-1) == "that") {
				prev := x.attrOf(ps, pe+1)
				a = x.withAppos(prev, s, segEnd+1, false)
			}
		}
		a.via = via
		return a, true
	}
	return qattr{}, false
}

// insertion reports whether the words [a, b] form an inserted clause rather
// than a subject: a relative clause, an adverbial or prepositional phrase,
// a participle clause, a bare date.
func (x *quoteAttributor) insertion(a, b int) bool {
	first := x.low(a)
	switch {
	case qCoordinators[first]:
		return false
	case qRelatives[first] || qStop[first] || qAdverb(first) || qIrregularParticiples[first]:
		return true
	case !x.toks[a].cap && (strings.HasSuffix(first, "ing") || strings.HasSuffix(first, "ed")):
		return true
	}
	for i := a; i <= b; i++ {
		r, _ := utf8.DecodeRuneInString(x.text[x.toks[i].start:])
		if !unicode.IsDigit(r) && !qTimeWords[x.low(i)] {
			return false
		}
	}
	return true
}

// agent returns the "by X" agent of the passive reporting verb at v, before
// the quote ("characterized by Pakistani officials as") or after it
// ("described as “...” by the union").
func (x *quoteAttributor) agent(v, qi int) (qattr, bool) {
	hi := x.sentOf(qi).b
	for j := v + 1; j < hi; j++ {
		if j > qi+3 {
			break
		}
		if x.isWord(j) && x.low(j) == "by" {
			if e, ok := x.npFwd(j+1, hi); ok && x.speakerLike(x.headOf(j+1, e)) {
				return x.attrOf(j+1, e), true
			}
		}
	}
	return qattr{}, false
}

// subject returns the subject noun phrase [s, e) of the clause holding token
// i, when it can speak: after introductory phrases ("In response to the
// stalemate, the Taliban issued..."). A clause opened by a colon with no
// subject of its own takes the one before the colon ("Abdelatty was blunt:
// “...”"), unless that is a label ("Egypt's Position:").
func (x *quoteAttributor) subject(i, lo int) (int, int, bool) {
	c := i
	lo = max(lo, i-qWindow)
	for c > lo && !x.isPunct(c-1, ":;•●▪") {
		c--
	}
	if s, e, ok := x.subjectFrom(c, i); ok {
		return s, e, true
	}
	if c > lo && x.isPunct(c-1, ":") {
		if s, e, ok := x.subject(c-1, lo); ok && e < c-1 {
			return s, e, true
		}
	}
	return 0, 0, false
}

// subjectFrom returns the subject noun phrase of the clause starting at
// token c, before token i.
func (x *quoteAttributor) subjectFrom(c, i int) (int, int, bool) {
	for c < i && x.toks[c].kind == qPunct {
		c++
	}
	for tries := 0; tries < 3 && c < i && x.isWord(c); tries++ {
		w := x.low(c)
		if !(qStop[w] || qAdverb(w) || qParts[w] || strings.HasSuffix(w, "ing") || w == "according") {
			break
		}
		k := c
		for k < i && k < c+qWindow && !x.isPunct(k, ",") && x.toks[k].kind != qQuote {
			k++
		}
		if k >= i || !x.isPunct(k, ",") {
			return 0, 0, false
		}
		c = k + 1
	}
	if c >= i {
		return 0, 0, false
	}
	e, ok := x.npFwd(c, i)
	if !ok || !x.speakerLike(x.headOf(c, e)) {
		return 0, 0, false
	}
	return c, e, true
}

// accordingTo looks for "according to X" anywhere in the quote's sentence.
func (x *quoteAttributor) accordingTo(qi int, sent qsent) (qattr, bool) {
	for j := sent.a; j+1 < sent.b; j++ {
		if x.low(j) == "according" && x.low(j+1) == "to" {
			return x.accordingAt(j, qi, sent)
		}
	}
	return qattr{}, false
}

// accordingAt attributes the quote to the X of "according to X" at token j,
// or, when X is an outlet and the sentence has a subject that can speak, to
// that subject with X as the via.
func (x *quoteAttributor) accordingAt(j, qi int, sent qsent) (qattr, bool) {
	s, e, ok := x.accordingNP(j+2, sent.b)
	if !ok {
		return qattr{}, false
	}
	src := x.attrOf(s, e)
	if x.mediaLike(s, e) {
		if ss, se, ok := x.subject(qi, sent.a); ok && !(ss >= j && ss < e) {
			a := x.attrOf(ss, se)
			a.via = x.outletName(s, e)
			return a, true
		}
	}
	if !x.speakerLike(x.headOf(s, e)) {
		return qattr{}, false
	}
	return src, true
}

// accordingNP returns the noun phrase after "according to" at token i: the
// author when it names a statement ("a statement from the ministry").
func (x *quoteAttributor) accordingNP(i, hi int) (int, int, bool) {
	e, ok := x.npFwdOpt(i, hi, false)
	if !ok {
		return 0, 0, false
	}
	if qChannelNouns[qLemma(x.low(e-1))] && (x.low(e) == "from" || x.low(e) == "by" || x.low(e) == "of") {
		if e2, ok := x.npFwd(e+1, hi); ok {
			return e + 1, e2, true
		}
	}
	e, _ = x.npFwd(i, hi)
	return i, e, true
}

// possessiveNoun attributes a quote to the possessor of a reporting noun
// around it: "Pakistan's demands for 'concrete and verifiable' action",
// "Islamabad's "evidence-based" demands".
func (x *quoteAttributor) possessiveNoun(qi int, sent qsent) (qattr, bool) {
	if x.isWord(qi-1) && qPossessive(x.low(qi-1)) && x.isWord(qi+1) && qSpeechNouns[x.low(qi+1)] {
		return x.possessorOf(qi-1, sent.a)
	}
	for j := qi - 1; j > sent.a; j-- {
		if x.isWord(j) && qSpeechNouns[x.low(j)] && x.isWord(j-1) && qPossessive(x.low(j-1)) {
			return x.possessorOf(j-1, sent.a)
		}
	}
	return qattr{}, false
}

// nextSentence attributes a quote standing alone as a sentence to a short
// attribution sentence right after it: “We will fight.” Delgado said.
func (x *quoteAttributor) nextSentence(qi int, sent qsent) (qattr, bool) {
	if sent.b != qi+1 && !(sent.b == qi+2 && x.toks[qi+1].kind == qPunct) {
		return qattr{}, false
	}
	if sent.b >= len(x.toks) || x.toks[sent.b].kind != qWord {
		return qattr{}, false
	}
	next := x.sentOf(sent.b)
	if next.b-next.a > 12 {
		return qattr{}, false
	}
	j := next.a
	if qVerbs[x.low(j)] {
		if e, ok := x.npFwd(j+1, next.b); ok && x.speakerLike(x.headOf(j+1, e)) {
			return x.attrOf(j+1, e), true
		}
		return qattr{}, false
	}
	e, ok := x.npFwd(j, next.b)
	if !ok || !x.speakerLike(x.headOf(j, e)) {
		return qattr{}, false
	}
	v := e
	for v < next.b && x.isWord(v) && qAdverb(x.low(v)) {
		v++
	}
	if !x.isWord(v) || !qVerbs[x.low(v)] {
		return qattr{}, false
	}
	a := x.attrOf(j, e)
	a.via = x.viaIn(v, next.b)
	return a, true
}

// colonIntro attributes a quote opening a paragraph to the reporting verb of
// the paragraph before when that one ends with a colon: "In a televised
// address, Abiy said:" followed by the quote.
func (x *quoteAttributor) colonIntro(qi int) (qattr, bool) {
	if qi < 2 || x.toks[qi-1].kind != qBreak || !x.isPunct(qi-2, ":") {
		return qattr{}, false
	}
	prev := x.sentOf(qi - 2)
	for j := qi - 3; j >= prev.a; j-- {
		if x.isVerbAt(j, true) {
			if a, st := x.subjectOf(j, prev.a, qi-2, 0); st == preFound {
				return a, true
			}
			break
		}
	}
	return qattr{}, false
}

// sameSentenceSpeaker returns the speaker of an earlier quote in the same
// sentence.
func (x *quoteAttributor) sameSentenceSpeaker(qi, k int) (qattr, bool) {
	s := x.toks[qi].sent
	for p := k - 1; p >= max(0, k-qLookback); p-- {
		if x.toks[x.qtok[p]].sent != s {
			break
		}
		if x.attrs[p].ok {
			return x.carry(p), true
		}
	}
	return qattr{}, false
}

// contextSpeaker returns the speaker the quote continues from: the last
// speaker of its paragraph, the subject of the sentence before, or the last
// speaker of the paragraph before.
func (x *quoteAttributor) contextSpeaker(qi, k int) (qattr, bool) {
	para := x.toks[qi].para
	for p := k - 1; p >= max(0, k-qLookback); p-- {
		pt := x.toks[x.qtok[p]]
		if pt.para != para {
			break
		}
		if x.attrs[p].ok {
			return x.carry(p), true
		}
	}
	if a, ok := x.prevSentenceSubject(qi); ok {
		a.side = x.sideOf(a, qi, k)
		return a, true
	}
	for p := k - 1; p >= max(0, k-qLookback); p-- {
		pt := x.toks[x.qtok[p]]
		if pt.para < para-1 {
			break
		}
		if pt.para == para-1 && x.attrs[p].ok {
			return x.carry(p), true
		}
	}
	return qattr{}, false
}

// carry returns quote p's attribution for reuse by a later quote.
func (x *quoteAttributor) carry(p int) qattr {
	a := x.attrs[p]
	a.via = ""
	a.pron = false
	return a
}

// prevSentenceSubject returns the subject of the sentence before token qi's
// in the same paragraph, when it can speak and is no pronoun.
func (x *quoteAttributor) prevSentenceSubject(qi int) (qattr, bool) {
	prev, ok := x.prevSent(x.toks[qi].sent, qi)
	if !ok {
		return qattr{}, false
	}
	s, e, ok := x.subject(prev.b, prev.a)
	if !ok {
		return qattr{}, false
	}
	a := x.attrOf(s, e)
	if a.pron {
		return qattr{}, false
	}
	return a, true
}

// antecedent resolves a pronoun speaker at token qi (the pronoun, or the
// quote it speaks): the speaker or subject of the sentence before, else the
// last speaker named before quote k.
func (x *quoteAttributor) antecedent(qi, k int) (qattr, bool) {
	si := x.toks[qi].sent
	// The sentence before, in the same paragraph: its quote's speaker or its
	// subject.
	if si > 0 {
		if _, ok := x.prevSent(si, qi); ok {
			for p := k - 1; p >= max(0, k-qLookback); p-- {
				ps := x.toks[x.qtok[p]].sent
				if ps < si-1 {
					break
				}
				if ps == si-1 && x.attrs[p].ok {
					return x.carry(p), true
				}
			}
			if a, ok := x.prevSentenceSubject(qi); ok {
				a.side = x.sideOf(a, qi, k)
				return a, true
			}
		}
	}
	for p := k - 1; p >= max(0, k-qLookback); p-- {
		if x.attrs[p].ok {
			return x.carry(p), true
		}
	}
	return qattr{}, false
}

// ---- side ----

// sideOf returns the story group the speaker a belongs to, or "".
func (x *quoteAttributor) sideOf(a qattr, qi, k int) string {
	if x.story == nil || a.start < 0 {
		return ""
	}
	lo, hi := a.start, a.end
	if a.ctxStart >= 0 {
		lo, hi = min(lo, a.ctxStart), max(hi, a.ctxEnd)
	}
	if g := x.phraseGroup(lo, hi, a); g != "" {
		return g
	}
	first := qLower(qFirstWord(x.text[a.start:a.end]))
	// A surname: the side of the person named in full elsewhere.
	if a.headCap && a.tok >= 0 {
		if g := x.surnameSide(a.tok, k); g != "" {
			return g
		}
	}
	// "army spokesman ...": a word of one group's alias ("Royal Thai Army").
	if g := x.aliasWordGroup(a); g != "" {
		return g
	}
	// "its negotiators": the nearest group named before, in the sentence.
	if first == "its" || first == "their" {
		sent := x.sentOf(qi)
		best := ""
		for _, m := range x.story.Mentions(x.text[x.toks[sent.a].start:a.start]) {
			best = m.Group
		}
		if best != "" {
			return best
		}
	}
	anaphoric := qDeterminers[first] && first != "a" && first != "an" || first == "one" || first == "another"
	if (first == "a" || first == "an") && qOfficialRoles[a.head] {
		// "a senior official" after "Egyptian officials said": the same body.
		for p := k - 1; p >= max(0, k-qLookback); p-- {
			b := x.attrs[p]
			if b.ok && b.head == a.head && b.side != "" && x.toks[x.qtok[p]].para >= x.toks[qi].para-3 {
				return b.side
			}
		}
	}
	if anaphoric {
		// "the official", "one official": the last speaker with that head.
		for p := k - 1; p >= max(0, k-qLookback); p-- {
			if x.attrs[p].ok && x.attrs[p].head == a.head && x.attrs[p].side != "" {
				return x.attrs[p].side
			}
		}
		if g := x.aliasWord[a.head]; g != "" && qDeterminers[first] {
			return g // "the court": International Court of Justice
		}
		if qDeterminers[first] {
			for p := k - 1; p >= max(0, k-qLookback); p-- {
				if x.attrs[p].ok && x.toks[x.qtok[p]].para >= x.toks[qi].para-2 {
					return x.attrs[p].side
				}
			}
		}
	}
	if x.officialRole(a) {
		para := x.toks[qi].para
		for p := k - 1; p >= max(0, k-qLookback); p-- {
			if x.toks[x.qtok[p]].para != para {
				break
			}
			if x.attrs[p].ok && x.attrs[p].side != "" {
				return x.attrs[p].side
			}
		}
	}
	// A speaker the sentence before introduces: "Dockworkers on the picket
	// line were defiant. “...,” said crane operator Luis Ortega." Not for
	// neutral roles or anonymous sources.
	if !qNeutralRoles[a.head] && !qNeutralRoles[a.ctxHead] && a.head != "source" && a.head != "insider" {
		if g := x.prevSentenceGroup(qi); g != "" {
			return g
		}
	}
	return ""
}

// aliasWordGroup returns the group one of whose multi-word aliases holds a
// common word of the speaker phrase ("army" in "army spokesman ..." and
// "Royal Thai Army"), when only one group's aliases hold it.
//
// Only lower-case words count (names are matched as aliases), and for a
// neutral speaker only those before the first preposition.
func (x *quoteAttributor) aliasWordGroup(a qattr) string {
	for i, w := range qWordsOf(x.text[a.start:a.end]) {
		lw := qLower(w.s)
		if i > 0 && qNPPreps[lw] && (qNeutralRoles[a.head] || qNeutralRoles[a.ctxHead]) {
			break
		}
		r, _ := utf8.DecodeRuneInString(w.s)
		if unicode.IsUpper(r) || qStop[lw] || qDeterminers[lw] || qQuantifiers[lw] || qPronouns[lw] || len(lw) < 3 {
			continue
		}
		if g := x.aliasWord[lw]; g != "" {
			return g
		}
	}
	return ""
}

// officialRole reports whether the speaker phrase names an office holder.
func (x *quoteAttributor) officialRole(a qattr) bool {
	for _, w := range strings.FieldsFunc(x.text[a.start:a.end], func(r rune) bool { return !isWordRune(r) }) {
		if qOfficialRoles[qLemma(qLower(w))] {
			return true
		}
	}
	return false
}

// phraseGroup returns the group of the first alias or nationality word in
// text[lo:hi]. For a neutral speaker (an analyst, a researcher) only the
// words before the first preposition count: "a researcher at a Cairo
// think-tank" speaks for no side.
func (x *quoteAttributor) phraseGroup(lo, hi int, a qattr) string {
	phrase := x.text[lo:hi]
	cut := len(phrase)
	if qNeutralRoles[a.head] || qNeutralRoles[a.ctxHead] {
		for i, w := range qWordsOf(phrase) {
			if i > 0 && qNPPreps[qLower(w.s)] || qLower(w.s) == "based" {
				cut = w.at
				break
			}
		}
	}
	for _, m := range x.story.Mentions(phrase[:cut]) {
		return m.Group
	}
	for _, w := range qWordsOf(phrase[:cut]) {
		if g := x.demonyms[strings.TrimSuffix(qLower(w.s), "'s")]; g != "" {
			return g
		}
	}
	return ""
}

type qword struct {
	s  string
	at int
}

// qWordsOf splits s into words (letters, digits, inner apostrophes and
// hyphens).
func qWordsOf(s string) []qword {
	var out []qword
	start := -1
	for i, r := range s {
		in := isWordRune(r) || (r == '\'' || r == '’' || r == '-') && start >= 0
		if in && start < 0 {
			start = i
		}
		if !in && start >= 0 {
			out = append(out, qword{s[start:i], start})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, qword{s[start:], start})
	}
	return out
}

// surnameSide returns the side of the person whose name ends with token
// h's word, from the earlier speakers or from any place in the text that
// names them with a title or apposition: "Council member Jae Park" makes
// "Park said" the council's.
func (x *quoteAttributor) surnameSide(h, k int) string {
	name := x.low(h)
	for p := k - 1; p >= max(0, k-qLookback); p-- {
		b := x.attrs[p]
		if b.ok && b.side != "" && b.tok >= 0 && x.low(b.tok) == name && b.tok != h {
			return b.side
		}
	}
	if g, ok := x.nameSide[name]; ok {
		return g
	}
	if x.names == nil {
		x.names = map[string][]int{}
		for i, t := range x.toks {
			if t.kind == qWord && t.cap && len(x.names[t.low]) < qLookback {
				x.names[t.low] = append(x.names[t.low], i)
			}
		}
	}
	g := ""
	for _, i := range x.names[name] {
		t := x.toks[i]
		if i == h {
			continue
		}
		sent := x.sentOf(i)
		s, ok := x.npBack(i, sent.a)
		if !ok {
			continue
		}
		lo, hi := x.toks[s].start, t.end
		if x.isPunct(i+1, ",") {
			if e, ok := x.npFwd(i+2, sent.b); ok {
				hi = x.toks[e-1].end
			}
		}
		a := x.attrOf(s, i+1)
		if g = x.phraseGroup(lo, hi, a); g != "" {
			break
		}
	}
	x.nameSide[name] = g
	return g
}

// prevSentenceGroup returns the one group named in the sentence before token
// qi's, in the same paragraph, or "".
func (x *quoteAttributor) prevSentenceGroup(qi int) string {
	si := x.toks[qi].sent
	prev, ok := x.prevSent(si, qi)
	if !ok {
		return ""
	}
	if g, ok := x.prevGroup[si]; ok {
		return g
	}
	g := x.onlyGroup(prev)
	x.prevGroup[si] = g
	return g
}

// onlyGroup returns the one group named in the tokens of s, or "".
func (x *quoteAttributor) onlyGroup(prev qsent) string {
	g := ""
	for _, m := range x.story.Mentions(x.text[x.toks[prev.a].start:x.toks[prev.b-1].end]) {
		if g != "" && m.Group != g {
			return ""
		}
		g = m.Group
	}
	return g
}

// ---- via ----

// sentenceVia returns the outlet of "according to X" elsewhere in the
// quote's sentence, when X is not the speaker.
func (x *quoteAttributor) sentenceVia(qi int, a qattr) string {
	sent := x.sentOf(qi)
	for j := sent.a; j+1 < sent.b; j++ {
		if x.low(j) == "according" && x.low(j+1) == "to" {
			if e, ok := x.npFwd(j+2, sent.b); ok && x.toks[j+2].start != a.start {
				return x.outletName(j+2, e)
			}
		}
	}
	return ""
}

// viaIn returns the outlet named in tokens [a, b): "told Reuters",
// "speaking to Geo News", "on state broadcaster RTA", "writing on X", "in
// an interview with...", "quoted by the Global Times". Generic audiences
// ("told reporters") give "".
func (x *quoteAttributor) viaIn(a, b int) string {
	for j := max(a, 0); j < b && j < len(x.toks); j++ {
		if !x.isWord(j) {
			if x.toks[j].kind == qQuote && j > a {
				return "" // past the next quote
			}
			continue
		}
		w := x.low(j)
		switch {
		case w == "told" || w == "telling" || w == "tell" || w == "tells":
			if v := x.outletAt(j+1, b, false); v != "" {
				return v
			}
		case w == "to" && j > a && (qParts[x.low(j-1)] || x.low(j-1) == "spoke" || x.low(j-1) == "talking" || x.low(j-1) == "speaking" ||
			qAdverb(x.low(j-1)) && (x.low(j-2) == "speaking" || x.low(j-2) == "talking")) ||
			w == "with" && j > a && x.low(j-1) == "interview":
			if v := x.outletAt(j+1, b, false); v != "" {
				return v
			}
		case w == "on" || w == "in" && x.low(j+1) == "a" && x.low(j+2) == "post":
			if v := x.outletAt(j+1, b, true); v != "" {
				return v
			}
		case qViaVerbs[w] && x.low(j+1) == "by":
			if v := x.outletAt(j+2, b, false); v != "" {
				return v
			}
		}
	}
	return ""
}

// outletAt returns the outlet named by the noun phrase at token i, or "".
// With needMedia, the phrase must say it is an outlet or platform ("on
// state broadcaster RTA", "on X"), which "on Monday" does not.
func (x *quoteAttributor) outletAt(i, hi int, needMedia bool) string {
	if x.low(i) == "a" && x.low(i+1) == "post" && x.low(i+2) == "on" {
		i += 3
	}
	e, ok := x.npFwdOpt(i, hi, false)
	if !ok {
		return ""
	}
	// "Geo News and Associated Press"
	for e+1 < hi && (x.low(e) == "and" || x.low(e) == "&") && x.isWord(e+1) && x.toks[e+1].cap {
		e2, ok := x.npFwdOpt(e+1, hi, false)
		if !ok {
			break
		}
		e = e2
	}
	if e == i {
		return ""
	}
	if needMedia && !x.mediaLike(i, e) {
		if !(e == i+1 && qPlatforms[x.low(i)]) {
			return ""
		}
	}
	return x.outletName(i, e)
}

// mediaLike reports whether the noun phrase [s, e) names an outlet or a
// platform.
func (x *quoteAttributor) mediaLike(s, e int) bool {
	for j := s; j < e; j++ {
		if x.isWord(j) && (qMediaWords[x.low(j)] || qPlatforms[x.low(j)] && x.toks[j].cap) {
			return true
		}
	}
	return false
}

// outletName returns the name in the noun phrase [s, e): its last run of
// capitalised words ("RTA" in "Afghanistan's state broadcaster RTA"), or ""
// when it has none (reporters, a news conference) or names an assembly.
func (x *quoteAttributor) outletName(s, e int) string {
	end := e
	for end > s && !(x.isWord(end-1) && x.toks[end-1].cap) {
		if x.isWord(end-1) && !qDeterminers[x.low(end-1)] && x.low(end-1) != "and" {
			// the phrase ends in a common noun: "a news conference"
			return ""
		}
		end--
	}
	start := end
	for start > s && (x.isWord(start-1) && (x.toks[start-1].cap || x.low(start-1) == "and") || x.isPunct(start-1, "&")) {
		start--
	}
	for start < end && x.isWord(start) && x.low(start) == "and" {
		start++
	}
	if start >= end {
		return ""
	}
	if qNotOutlets[x.low(end-1)] && end-start == 1 {
		return ""
	}
	name := x.text[x.toks[start].start:x.toks[end-1].end]
	if qPossessive(qLower(name)) {
		return ""
	}
	return name
}

// qFirstWord returns the first word of s.
func qFirstWord(s string) string {
	if ws := qWordsOf(s); len(ws) > 0 {
		return ws[0].s
	}
	return ""
}

// qInitialism reports whether the lower-case w is single letters joined by
// full stops: "u.s", "u.n".
func qInitialism(w string) bool {
	if !strings.Contains(w, ".") {
		return false
	}
	for _, part := range strings.Split(w, ".") {
		if utf8.RuneCountInString(part) != 1 {
			return false
		}
	}
	return true
}
