package ingest

import (
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tonedesk/tonedesk/dashboard"
)

// ParseText reads one plain-text article, with the reader comments that may
// follow it, as described in the package documentation. name is the file
// name used in errors and as Batch.File; meta says what the text does not
// (see Meta). It returns an *Error on invalid UTF-8 or NUL bytes, on a
// comment block whose count does not match, and on a file with no article
// text.
func ParseText(name string, r io.Reader, meta Meta) (dashboard.Batch, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return dashboard.Batch{}, &Error{File: name, Msg: "read", Err: err}
	}
	meta, err = cleanMeta(meta)
	if err != nil {
		return dashboard.Batch{}, inFile(name, err)
	}
	lines, err := textLines(data)
	if err != nil {
		return dashboard.Batch{}, inFile(name, err)
	}
	doc, err := parseTextDoc(lines)
	if err != nil {
		return dashboard.Batch{}, inFile(name, err)
	}
	return dashboard.Batch{File: name, Articles: []dashboard.Article{doc.article(meta)}}, nil
}

// textLine is one line of a text file: its 1-based number and its text
// without surrounding white space.
type textLine struct {
	n int
	s string
}

// textLines checks data (UTF-8, no NUL), drops a byte order mark, turns CRLF
// and CR into LF and splits it into trimmed lines.
func textLines(data []byte) ([]textLine, error) {
	data = normalizeNewlines(bytes.TrimPrefix(data, bom))
	if err := checkBytes(data, 1); err != nil {
		return nil, err
	}
	raw := strings.Split(string(data), "\n")
	lines := make([]textLine, len(raw))
	for i, s := range raw {
		lines[i] = textLine{n: i + 1, s: strings.TrimSpace(s)}
	}
	return lines, nil
}

// textDoc is what parseTextDoc found in a text file. Standfirst holds the
// bullet highlights under the title; they are also the first paragraphs.
// Headings are the paragraphs that look like section headings; they stay in
// Paragraphs too.
type textDoc struct {
	Title        string
	Dateline     string
	DatelineDate time.Time
	PubSource    string
	PubDate      time.Time
	Standfirst   []string
	Headings     []string
	Paragraphs   []string
	Comments     []textComment
}

// textComment is one comment of a text file's comment block.
type textComment struct {
	Line   int
	Author string
	Text   string
}

// article builds the article from what the text says and what meta says:
// meta's non-empty fields win.
func (d textDoc) article(meta Meta) dashboard.Article {
	a := dashboard.Article{
		Source:    firstNonEmpty(meta.Source, d.PubSource),
		URL:       meta.URL,
		Title:     firstNonEmpty(meta.Title, d.Title),
		Dateline:  d.Dateline,
		Published: firstNonZero(meta.Published, d.PubDate, d.DatelineDate),
		Body:      strings.Join(d.Paragraphs, "\n\n"),
	}
	a.ExternalID = articleID("", a.URL, a.Source, a.Title, a.Body)
	seen := make(map[string]bool)
	for _, c := range d.Comments {
		id := commentID(c.Author, c.Text, time.Time{})
		if seen[id] {
			continue // the same author posting the same text twice
		}
		seen[id] = true
		a.Comments = append(a.Comments, dashboard.Comment{
			ArticleExternalID: a.ExternalID,
			ExternalID:        id,
			Author:            c.Author,
			Text:              c.Text,
		})
	}
	return a
}

// parseTextDoc splits a text file into its comment block, page furniture,
// header (title, dateline, standfirst) and body paragraphs.
func parseTextDoc(lines []textLine) (textDoc, error) {
	var d textDoc
	lines, comments, err := splitComments(lines)
	if err != nil {
		return d, err
	}
	d.Comments = comments
	lines = d.dropFurniture(lines)
	body := d.parseHeader(lines)
	for i := range body {
		body[i].s = stripFootnotes(body[i].s)
	}
	d.Title = stripFootnotes(d.Title)
	for i, s := range d.Standfirst {
		d.Standfirst[i] = stripFootnotes(s)
	}
	d.takeDatelinePrefix(body)
	d.Paragraphs = append(append([]string(nil), d.Standfirst...), paragraphs(body)...)
	if len(d.Paragraphs) == 0 {
		return d, errorf(0, "no article text")
	}
	for i, p := range d.Paragraphs {
		if i+1 < len(d.Paragraphs) && isHeading(p) && !isBullet(p) {
			d.Headings = append(d.Headings, p)
		}
	}
	return d, nil
}

// commentsHeaderRe matches the line that opens a comment block: "5 Comments".
var commentsHeaderRe = regexp.MustCompile(`(?i)^(\d{1,6}) comments?$`)

// splitComments cuts the comment block off the end of lines: everything after
// the last "N Comments" line, read as author line, text line pairs (blank
// lines between them are skipped). It fails, at the "N Comments" line, when
// the lines do not make exactly N pairs.
func splitComments(lines []textLine) ([]textLine, []textComment, error) {
	h := -1
	for i := len(lines) - 1; i >= 0; i-- {
		if commentsHeaderRe.MatchString(lines[i].s) {
			h = i
			break
		}
	}
	if h < 0 {
		return lines, nil, nil
	}
	want, _ := strconv.Atoi(commentsHeaderRe.FindStringSubmatch(lines[h].s)[1])
	var rest []textLine
	for _, l := range lines[h+1:] {
		if l.s != "" {
			rest = append(rest, l)
		}
	}
	if len(rest) != 2*want {
		return nil, nil, errorf(lines[h].n, "%q announces %d comments but %d non-blank lines follow, want %d (an author line, then a text line, per comment)",
			lines[h].s, want, len(rest), 2*want)
	}
	var comments []textComment
	for i := 0; i < len(rest); i += 2 {
		comments = append(comments, textComment{Line: rest[i].n, Author: rest[i].s, Text: rest[i+1].s})
	}
	return lines[:h], comments, nil
}

// Page furniture: cross-links, the publication line and a chatbot's offer.
var (
	alsoReadRe  = regexp.MustCompile(`(?i)^(?:also read|read also|read more|see also)\s*:`)
	chatOfferRe = regexp.MustCompile(`(?i)^(?:would you like me to|do you want me to|let me know if|shall i |if you(?:'d|’d| would) like,? i can|want me to )`)
)

// dropFurniture blanks "Also Read:" lines and the "Published in OUTLET,
// DATE" line (keeping its outlet and date), and then any chatbot offers
// ("Would you like me to...") at the end. Blanking keeps line numbers and
// paragraph breaks.
func (d *textDoc) dropFurniture(lines []textLine) []textLine {
	out := make([]textLine, len(lines))
	copy(out, lines)
	for i, l := range out {
		if alsoReadRe.MatchString(l.s) {
			out[i].s = ""
			continue
		}
		if src, t, ok := publishedIn(l.s); ok {
			if d.PubSource == "" {
				d.PubSource, d.PubDate = src, t
			}
			out[i].s = ""
		}
	}
	for i := len(out) - 1; i >= 0; i-- {
		if out[i].s == "" {
			continue
		}
		if !chatOfferRe.MatchString(out[i].s) {
			break
		}
		out[i].s = ""
	}
	return out
}

// publishedIn reads a "Published in Dawn, October 27th, 2025" line.
func publishedIn(s string) (string, time.Time, bool) {
	const prefix = "Published in "
	if !strings.HasPrefix(s, prefix) {
		return "", time.Time{}, false
	}
	s = s[len(prefix):]
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], ", ")
		if j < 0 {
			break
		}
		i += j
		if t, ok := parseProseDate(s[i+2:]); ok {
			if src := strings.TrimSpace(s[:i]); src != "" {
				return src, t, true
			}
		}
		i += 2
	}
	return "", time.Time{}, false
}

// parseHeader reads, from the first non-blank lines, a headline (the first
// line only), a dateline line ("Istanbul, Turkey—October 28, 2025") before
// or after it, and bullet highlights (the standfirst) under them. It returns
// the lines after them, for the body.
func (d *textDoc) parseHeader(lines []textLine) []textLine {
	i := nextNonBlank(lines, 0)
	if i < 0 {
		return nil
	}
	if d.takeDatelineLine(lines[i].s) {
		i = nextNonBlank(lines, i+1)
	} else if next := nextNonBlank(lines, i+1); next >= 0 && isTitle(lines[i].s, lines[next].s) {
		d.Title = lines[i].s
		i = next
		if d.takeDatelineLine(lines[i].s) {
			i = nextNonBlank(lines, i+1)
		}
	}
	for ; i >= 0 && isBullet(lines[i].s); i = nextNonBlank(lines, i+1) {
		d.Standfirst = append(d.Standfirst, lines[i].s)
	}
	if i < 0 {
		return nil
	}
	return lines[i:]
}

// nextNonBlank returns the index of the first non-blank line at or after i,
// or -1.
func nextNonBlank(lines []textLine, i int) int {
	for ; i < len(lines); i++ {
		if lines[i].s != "" {
			return i
		}
	}
	return -1
}

// takeDatelineLine records s as the dateline when it is a line of its own
// of the form "Place, Country—Month D, YYYY".
func (d *textDoc) takeDatelineLine(s string) bool {
	place, t, ok := datelineLine(s)
	if ok {
		d.Dateline, d.DatelineDate = place, t
	}
	return ok
}

// placeRe matches a place name of a dateline line: up to four
// comma-separated capitalised parts ("Istanbul, Turkey").
var placeRe = regexp.MustCompile(`^\p{Lu}[\p{L}\p{M}.'’ -]{0,40}(?:, \p{Lu}[\p{L}\p{M}.'’ -]{0,40}){0,3}$`)

// datelineLine reads a line "Place, Country—Month D, YYYY" (em dash, en
// dash, " - " or "--" before the date) and returns the place and the date.
func datelineLine(s string) (string, time.Time, bool) {
	if len(s) > 200 {
		return "", time.Time{}, false
	}
	for _, sep := range []string{"—", "–", " - ", "--"} {
		i := strings.Index(s, sep)
		if i <= 0 {
			continue
		}
		place := strings.TrimSpace(s[:i])
		t, ok := parseProseDate(s[i+len(sep):])
		if ok && placeRe.MatchString(place) {
			return place, t, true
		}
	}
	return "", time.Time{}, false
}

// datelinePrefixRe matches an all-capitals place opening the first
// paragraph, "ISLAMABAD: ..." or "NEW DELHI — ...", optionally followed by
// an agency in brackets, itself maybe after a date or country: "KABUL (AP)
// — ...", "ISLAMABAD, Oct 27 (Reuters) - ...".
var datelinePrefixRe = regexp.MustCompile(`^(\p{Lu}[\p{Lu}\p{M}.'’-]*(?:,? \p{Lu}[\p{Lu}\p{M}.'’-]*){0,3})(?:(?:,[^:—–()]{1,30})?\s*\([^()]{1,30}\))?(?:\s*[:—–]|\s+--?)\s*(\S.*)$`)

// minPlaceLetters is the fewest letters of a dateline prefix: fewer are
// more likely an acronym ("UN: ...").
const minPlaceLetters = 4

// notPlaces are capitalised words that open a paragraph like a dateline but
// are labels.
var notPlaces = map[string]bool{
	"ANALYSIS": true, "BREAKING": true, "CORRECTION": true, "EDITORIAL": true,
	"EXCLUSIVE": true, "FILE": true, "LIVE": true, "NOTE": true, "EDITOR'S NOTE": true,
	"OPINION": true, "PHOTO": true, "UPDATE": true, "UPDATED": true, "VIDEO": true, "WATCH": true,
}

// takeDatelinePrefix cuts a dateline prefix ("ISLAMABAD: ") off the first
// body paragraph, and records it when no dateline line was found.
func (d *textDoc) takeDatelinePrefix(body []textLine) {
	for i, l := range body {
		if l.s == "" {
			continue
		}
		m := datelinePrefixRe.FindStringSubmatch(l.s)
		if m == nil || notPlaces[m[1]] || letters(m[1]) < minPlaceLetters {
			return
		}
		body[i].s = m[2]
		if d.Dateline == "" {
			d.Dateline = m[1]
		}
		return
	}
}

// letters counts the letters of s.
func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// footnoteRe matches footnote markers attached to a word: "talks[1]".
var footnoteRe = regexp.MustCompile(`(\S)(?:\[\d{1,3}\])+`)

// stripFootnotes removes footnote markers attached to words.
func stripFootnotes(s string) string {
	if strings.IndexByte(s, '[') < 0 {
		return s
	}
	return footnoteRe.ReplaceAllString(s, "$1")
}

// isBullet reports whether s is a highlight bullet ("• ...").
func isBullet(s string) bool {
	return strings.HasPrefix(s, "•") || strings.HasPrefix(s, "●") || strings.HasPrefix(s, "▪")
}

// isListItem reports whether s opens a list item: a bullet, "- ", "* " or
// "1. ".
func isListItem(s string) bool {
	if isBullet(s) || strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "* ") {
		return true
	}
	i := 0
	for i < len(s) && i < 3 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(s) && (s[i] == '.' || s[i] == ')') && s[i+1] == ' '
}

// maxHeadlineWords is the longest a headline or section heading may be;
// maxHeadlineBytes cuts the word count short on long lines.
const (
	maxHeadlineWords = 15
	maxHeadlineBytes = 300
)

// minorWords stay lower case in title case.
var minorWords = map[string]bool{
	"a": true, "an": true, "and": true, "as": true, "at": true, "but": true, "by": true,
	"for": true, "from": true, "in": true, "into": true, "nor": true, "of": true, "off": true,
	"on": true, "or": true, "over": true, "per": true, "the": true, "to": true, "up": true,
	"via": true, "vs": true, "with": true, "yet": true,
}

// shortUnpunctuated reports whether s could be a headline: at most
// maxHeadlineWords words, opening with a capital letter, a digit or a quote
// mark, not a list item, and not ending like a sentence or clause (".", ",",
// ";", ":", "…"); "?" and "!" are allowed.
func shortUnpunctuated(s string) bool {
	if s == "" || len(s) > maxHeadlineBytes || isListItem(s) || commentsHeaderRe.MatchString(s) {
		return false
	}
	if n := len(strings.Fields(s)); n == 0 || n > maxHeadlineWords {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(s, `"'”’)`))
	if strings.ContainsRune(".,;:…", last) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(strings.TrimLeft(s, `"'“‘(`))
	return unicode.IsUpper(first) || unicode.IsDigit(first)
}

// isHeading reports whether s looks like a headline or section heading:
// short, unpunctuated (see shortUnpunctuated) and in title case, that is at
// least 60% of its words other than minor ones (a, of, the...) capitalised.
func isHeading(s string) bool {
	if !shortUnpunctuated(s) {
		return false
	}
	major, capital := 0, 0
	for i, w := range strings.Fields(s) {
		w = strings.TrimLeft(w, `"'“‘(`)
		if i > 0 && minorWords[strings.ToLower(strings.TrimRight(w, `,:;"'”’)`))] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		major++
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			capital++
		}
	}
	return major > 0 && capital*10 >= major*6
}

// isTitle reports whether first, the first line of a file, is a headline:
// a heading (see isHeading), or a short unpunctuated line in sentence case
// ("Pakistan, Afghan talks end without deal") followed by a paragraph at
// least twice as long that ends like a sentence.
func isTitle(first, next string) bool {
	if isBullet(first) {
		return false
	}
	if isHeading(first) {
		return true
	}
	if !shortUnpunctuated(first) {
		return false
	}
	return len(strings.Fields(next)) >= 2*len(strings.Fields(first)) && endsSentence(next)
}

// endsSentence reports whether s ends with ".", "!" or "?", maybe followed by
// closing quotes or brackets.
func endsSentence(s string) bool {
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(s, `"'”’)]`))
	return last == '.' || last == '!' || last == '?'
}

// maxWrappedLine is the longest line (in characters) of a hard-wrapped text.
const maxWrappedLine = 100

// paragraphs turns body lines into paragraphs. Usually each non-blank line is
// a paragraph, as in text copied from a web page. When the text is
// hard-wrapped (paragraphs separated by blank lines, some paragraph of
// several lines, no line longer than maxWrappedLine characters), the lines of
// each blank-separated block are joined with spaces, except that list items
// and a heading opening a block start paragraphs of their own.
func paragraphs(lines []textLine) []string {
	var out []string
	if !hardWrapped(lines) {
		for _, l := range lines {
			if l.s != "" {
				out = append(out, l.s)
			}
		}
		return out
	}
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
			cur = nil
		}
	}
	for i, l := range lines {
		switch {
		case l.s == "":
			flush()
		case isListItem(l.s):
			flush()
			cur = append(cur, l.s)
		case len(cur) == 0 && isHeading(l.s) && i+1 < len(lines) && lines[i+1].s != "":
			out = append(out, l.s)
		default:
			cur = append(cur, l.s)
		}
	}
	flush()
	return out
}

// hardWrapped reports whether body lines are a hard-wrapped text: a blank
// line between two text lines, two text lines in a row, and no line longer
// than maxWrappedLine characters.
func hardWrapped(lines []textLine) bool {
	blankBetween, consecutive := false, false
	seenText, prevText, pendingBlank := false, false, false
	for _, l := range lines {
		if l.s == "" {
			pendingBlank = seenText
			prevText = false
			continue
		}
		if utf8.RuneCountInString(l.s) > maxWrappedLine {
			return false
		}
		if pendingBlank {
			blankBetween = true
		}
		if prevText {
			consecutive = true
		}
		seenText, prevText, pendingBlank = true, true, false
	}
	return blankBetween && consecutive
}

// firstNonEmpty returns the first non-empty string.
func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// firstNonZero returns the first non-zero time.
func firstNonZero(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}
