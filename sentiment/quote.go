package sentiment

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quote is a quoted statement found in a text by ExtractQuotes.
//
// Start and End are the byte offsets of the quoted words, without the
// quotation marks (and without a trailing comma that belongs to the
// sentence), so Text == text[Start:End]. A quote that runs over several
// paragraphs (a paragraph left open and the next one reopened) is one Quote
// whose Text holds the paragraph break and the reopening mark.
//
// Speaker is the speaker as the text names them: a name ("Attaullah
// Tarar"), a role ("a senior security official", "Afghan state media"), or
// "" when the text does not say. A pronoun ("he said") is replaced by the
// speaker it refers to. Side is the id of the story side or party the
// speaker belongs to, or "unknown". Via is the named outlet or platform the
// statement was reported through ("Geo News", "RTA", "X"), or "".
type Quote struct {
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Text    string `json:"text"`
	Speaker string `json:"speaker"`
	Side    string `json:"side"`
	Via     string `json:"via"`
}

// ExtractQuotes returns the quoted statements of text, in order, each
// attributed to a speaker and to one of story's sides or parties. story may
// be nil: every side is then "unknown". It returns nil when text has no
// quotes. It cannot fail; malformed quotation (an unclosed mark) is read as
// well as it can be.
//
// What counts as a quote: any span in double quotation marks (“...”, "...",
// „...“, «...»), or in single marks ('...', ‘...’) outside double ones,
// including short phrases (scare quotes such as "described as 'illogical and
// detached'"), which are attributed like any other quote to whoever the
// sentence says used the words. Apostrophes (don't, Taliban's, workers',
// ’s) are not quotation marks. Quotes nested in another quote are part of
// it. Names introduced as names ("so-called", "dubbed", "known as",
// "titled", "Operation") are not quotes.
//
// Attribution follows ordinary news grammar, never a list of names:
//   - after the quote: “...,” X said / said X / X told Reuters / according
//     to X;
//   - before it, the nearest reporting verb in the sentence and its subject:
//     X said/warned/insisted/described... (that), with the subject found
//     past inserted clauses (", who ...,", ", speaking to ...,") and
//     appositions ("Pakistan's Information Minister, Attaullah Tarar,");
//     a participle ("..., stating") takes the subject of its clause; a
//     passive ("was described by X as") takes its agent, or without one
//     the speaker of the sentence before;
//   - then "according to X", a possessor of a reporting noun ("Pakistan's
//     demands for 'concrete...' action"), the subject of the sentence, an
//     attribution-only sentence right after ("Delgado said."), and finally
//     the speaker of the sentence or paragraph before.
//
// Side comes from the story's aliases found in the speaker phrase and its
// apposition ("Pakistani officials", "the Afghan delegation"), including
// nationality words derived from single-word aliases (Egyptian from
// Egypt, Chinese from China) when the story does not list them; a pronoun,
// "the official", "one official" or "its negotiators" take the side of the
// speaker they refer to; a bare surname takes the side of the person named
// in full elsewhere in the text; a spokesperson or official with no side of
// their own takes the side of the paragraph's previous speaker. Mentions
// after "at"/"in" that only locate a neutral speaker ("a researcher at a
// Cairo think-tank") do not count. Otherwise Side is "unknown".
//
// Via is the outlet in "told Reuters", "speaking to Geo News", "on state
// broadcaster RTA", "writing on X", "in an interview with...", "quoted by
// the Global Times", or "according to Radio Pakistan" when someone else is
// the speaker; generic audiences ("told reporters", "a news conference",
// "a regular briefing") give "".
func ExtractQuotes(story *Story, text string) []Quote {
	spans := findQuoteSpans(text)
	if len(spans) == 0 {
		return nil
	}
	return newQuoteAttributor(story, text, spans).run()
}

// qspan is one quotation found in a text: the opening mark at open, the
// quoted words at [start, end), and close just after the closing mark (or
// at the paragraph end when the quote was never closed).
type qspan struct {
	open, start, end, close int
}

// findQuoteSpans returns the quotations of text, in order and without
// nesting.
func findQuoteSpans(text string) []qspan {
	doubles := qFindDoubleQuotes(text)
	singles := qFindSingleQuotes(text, doubles)
	all := append(doubles, singles...)
	sort.Slice(all, func(i, j int) bool { return all[i].open < all[j].open })
	var out []qspan
	for _, s := range all {
		if n := len(out); n > 0 && s.open < out[n-1].close {
			continue // nested in (or overlapping) the previous quote
		}
		if qNamedBefore(text, s.open) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// qMakeSpan trims the quoted words of white space and a trailing comma and
// reports whether anything worth calling a quote is left: at least two
// letters or digits.
func qMakeSpan(text string, open, start, end, close int) (qspan, bool) {
	for start < end {
		r, size := utf8.DecodeRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += size
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) && r != ',' {
			break
		}
		end -= size
	}
	n := 0
	for _, r := range text[start:end] {
		if isWordRune(r) {
			n++
			if n >= 2 {
				return qspan{open, start, end, close}, true
			}
		}
	}
	return qspan{}, false
}

// qIsDoubleMark reports whether r is a double quotation mark.
func qIsDoubleMark(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '«', '»', '‟':
		return true
	}
	return false
}

// qIsSingleMark reports whether r is a single quotation mark or apostrophe.
func qIsSingleMark(r rune) bool {
	switch r {
	case '\'', '‘', '’', '‚', '‛':
		return true
	}
	return false
}

// qRuneBefore returns the rune before text[i] and whether there is one on the
// same line.
func qRuneBefore(text string, i int) (rune, bool) {
	if i <= 0 {
		return 0, false
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	if r == '\n' {
		return 0, false
	}
	return r, true
}

// qRuneAt returns the rune at text[i] and whether there is one on the same
// line.
func qRuneAt(text string, i int) (rune, bool) {
	if i >= len(text) {
		return 0, false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	if r == '\n' {
		return 0, false
	}
	return r, true
}

// qLooksOpening reports whether a mark at text[i:i+size] stands where a quote
// opens: after a space, a line start or an opening bracket or dash, and
// before a word.
func qLooksOpening(text string, i, size int) bool {
	p, ok := qRuneBefore(text, i)
	if ok && (isWordRune(p) || strings.ContainsRune(".,;:!?)]}", p)) {
		return false
	}
	n, ok := qRuneAt(text, i+size)
	return ok && (isWordRune(n) || qIsDoubleMark(n) || qIsSingleMark(n) || n == '$' || n == '.' || n == '…')
}

// qFindDoubleQuotes pairs the double quotation marks of text. A quote still
// open at the end of a paragraph continues when the next paragraph opens
// with a quotation mark (the convention for a quote of several paragraphs)
// or, in hard-wrapped text, when the next line goes on in lower case;
// otherwise it ends with its paragraph.
func qFindDoubleQuotes(text string) []qspan {
	var out []qspan
	open, inner := -1, 0
	emit := func(end, close int) {
		if s, ok := qMakeSpan(text, open, inner, end, close); ok {
			out = append(out, s)
		}
		open = -1
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			if open < 0 {
				i += size
				continue
			}
			next, lines := i, 0
			for next < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[next:])
				if !unicode.IsSpace(r2) {
					break
				}
				if r2 == '\n' {
					lines++
				}
				next += s2
			}
			if next < len(text) {
				nr, ns := utf8.DecodeRuneInString(text[next:])
				if nr == '“' || nr == '"' || nr == '„' || nr == '«' {
					i = next + ns // the reopening mark is part of the quote
					continue
				}
				if lines == 1 && unicode.IsLower(nr) {
					i = next
					continue
				}
			}
			emit(i, i)
			i += size
		case qIsDoubleMark(r):
			opening := qLooksOpening(text, i, size)
			closing := false
			switch r {
			case '“', '„', '«', '‟':
				// Openers; a misplaced one after a word closes.
				closing = open >= 0 && !opening
			case '”', '»':
				closing = open >= 0
				opening = open < 0 && opening
			default: // '"': toggles, unless it plainly opens a new quote
				closing = open >= 0 && !(opening && qSpaceBefore(text, i))
				opening = !closing
			}
			switch {
			case closing:
				emit(i, i+size)
			case opening:
				if open >= 0 {
					emit(i, i) // the previous quote was never closed
				}
				open, inner = i, i+size
			}
			i += size
		default:
			i += size
		}
	}
	if open >= 0 {
		emit(len(text), len(text))
	}
	return out
}

// qSpaceBefore reports whether text[i] follows white space or starts a line.
func qSpaceBefore(text string, i int) bool {
	p, ok := qRuneBefore(text, i)
	return !ok || unicode.IsSpace(p)
}

// qmark is a single quotation mark candidate.
type qmark struct {
	i, size   int
	canOpen   bool
	canClose  bool
	lineFirst bool // the first rune of its paragraph
	para      int  // index of its paragraph (non-blank line)
}

// qFindSingleQuotes pairs single quotation marks outside the double quotes,
// telling them from apostrophes. A mark between two letters is an
// apostrophe (don't, Taliban's, Ren'ai). A mark after a word and before a
// non-word closes a quote, unless it is a plural possessive ("the workers'
// demands") followed by another closing mark before the next opening one.
// A mark after a space and before a word opens one ('90s is an
// abbreviation). Unclosed single quotes are dropped, except a paragraph
// that opens with a mark and is continued by a paragraph opening with one.
func qFindSingleQuotes(text string, doubles []qspan) []qspan {
	var marks []qmark
	para, lineStart, lineEmpty := 0, true, true
	d := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		for d < len(doubles) && doubles[d].close <= i {
			d++
		}
		inDouble := d < len(doubles) && doubles[d].open <= i
		switch {
		case r == '\n':
			if !lineEmpty {
				para++
			}
			lineStart, lineEmpty = true, true
			i += size
			continue
		case qIsSingleMark(r) && !inDouble:
			p, pok := qRuneBefore(text, i)
			n, nok := qRuneAt(text, i+size)
			if pok && nok && isWordRune(p) && isWordRune(n) {
				break // apostrophe inside a word
			}
			m := qmark{i: i, size: size, para: para, lineFirst: lineStart}
			m.canOpen = r != '’' || !pok || unicode.IsSpace(p)
			m.canOpen = m.canOpen && qLooksOpening(text, i, size) && !qDecadeAt(text, i+size)
			m.canClose = r != '‘' && r != '‚' && pok && !unicode.IsSpace(p) && (!nok || !isWordRune(n))
			if m.canOpen || m.canClose {
				marks = append(marks, m)
			}
		}
		if !unicode.IsSpace(r) {
			lineStart, lineEmpty = false, false
		}
		i += size
	}

	var out []qspan
	for k := 0; k < len(marks); k++ {
		m := marks[k]
		if !m.canOpen {
			continue
		}
		c := qPickCloser(text, marks, k)
		if c < 0 {
			continue
		}
		cl := marks[c]
		if s, ok := qMakeSpan(text, m.i, m.i+m.size, cl.i, cl.i+cl.size); ok {
			out = append(out, s)
		}
		k = c
	}
	return out
}

// qMaxMarks bounds how many marks after an opening one may close it, so
// that a text full of stray marks costs linear time.
const qMaxMarks = 64

// qPickCloser returns the index in marks of the mark closing the quote opened
// by marks[k], or -1.
func qPickCloser(text string, marks []qmark, k int) int {
	para := marks[k].para
	for j := k + 1; j < len(marks) && j <= k+qMaxMarks; j++ {
		m := marks[j]
		if m.para != para {
			// A quote paragraph left open continues in the next paragraph
			// when that one opens with a mark.
			if marks[k].lineFirst && m.lineFirst && m.canOpen && m.para == para+1 {
				para = m.para
				continue
			}
			return -1
		}
		if !m.canClose {
			continue
		}
		if qPluralPossessive(text, m) && qLaterCloser(marks, j, para) {
			continue
		}
		return j
	}
	return -1
}

// qPluralPossessive reports whether the closing candidate m reads as the
// apostrophe of a plural possessive: "workers' demands", but not "borders'
// and" (a function word follows a closing mark, not a possessive).
func qPluralPossessive(text string, m qmark) bool {
	p, _ := utf8.DecodeLastRuneInString(text[:m.i])
	if p != 's' && p != 'S' {
		return false
	}
	rest := text[m.i+m.size:]
	if !strings.HasPrefix(rest, " ") {
		return false
	}
	n, _ := utf8.DecodeRuneInString(rest[1:])
	if !unicode.IsLower(n) {
		return false
	}
	w := rest[1:]
	if i := strings.IndexFunc(w, func(r rune) bool { return !isWordRune(r) }); i >= 0 {
		w = w[:i]
	}
	return !qStop[w] && !qDeterminers[w] && !qPronouns[w]
}

// qLaterCloser reports whether a closing mark follows marks[j] in its
// paragraph before any mark that can only open a quote.
func qLaterCloser(marks []qmark, j, para int) bool {
	for _, m := range marks[j+1 : min(len(marks), j+1+qMaxMarks)] {
		if m.para != para {
			return false
		}
		if m.canClose {
			return true
		}
		if m.canOpen {
			return false
		}
	}
	return false
}

// qDecadeAt reports whether text at i reads "90s" (as in '90s).
func qDecadeAt(text string, i int) bool {
	if i+3 > len(text) {
		return false
	}
	if !('0' <= text[i] && text[i] <= '9' && '0' <= text[i+1] && text[i+1] <= '9' && text[i+2] == 's') {
		return false
	}
	n, ok := qRuneAt(text, i+3)
	return !ok || !isWordRune(n)
}

// qNamingWords introduce a name or term in quotation marks, not a statement.
var qNamingWords = []string{"so-called", "so called", "dubbed", "nicknamed", "codenamed",
	"code-named", "titled", "entitled", "known as", "hashtag", "named"}

// qNamedBefore reports whether the quotation opening at text[open] is
// introduced as a name ("the so-called “Trump Route”").
func qNamedBefore(text string, open int) bool {
	a := max(0, open-24)
	for a < open && !utf8.RuneStart(text[a]) {
		a++
	}
	raw := strings.TrimRightFunc(text[a:open], unicode.IsSpace)
	if strings.HasSuffix(raw, "Operation") { // "Operation ‘Dry Season’", not "the operation"
		return true
	}
	before := strings.ToLower(raw)
	for _, w := range qNamingWords {
		if strings.HasSuffix(before, w) {
			k := len(before) - len(w)
			if k == 0 {
				return true
			}
			r, _ := utf8.DecodeLastRuneInString(before[:k])
			if !isWordRune(r) {
				return true
			}
		}
	}
	return false
}
