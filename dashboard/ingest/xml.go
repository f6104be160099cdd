package ingest

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Limits of the XML exports. The other formats are read whole and their
// records are bounded by the file; an export may be hundreds of megabytes,
// so each record read into memory is bounded on its own, and an element
// outside these limits rejects the file.
const (
	// maxRecordText is the most text (before HTML is removed) of one
	// Disqus thread or post, one WXR comment or one field of a WXR item
	// other than its content.
	maxRecordText = 1 << 20
	// maxBodyText is the most text of a WXR item's content:encoded.
	maxBodyText = 16 << 20
	// maxRecordNodes and maxRecordDepth bound the elements of one record.
	maxRecordNodes = 1000
	maxRecordDepth = 16
	// sniffBytes is how far into a .xml file the root element is looked for.
	sniffBytes = 64 << 10
)

// Skipped counts what a parser left out of a batch on purpose, by reason: a
// singular noun phrase such as "deleted comment", "spam comment" or "page".
// Of the parsers, only Disqus and WXR skip anything (the other formats have
// no such records); Select skips the articles a story does not want.
type Skipped map[string]int

// Reasons of Skipped, in the order String lists them.
const (
	skipDeleted      = "deleted comment"
	skipSpam         = "spam comment"
	skipUnapproved   = "unapproved comment"
	skipEmpty        = "comment with no text"
	skipPingback     = "pingback"
	skipTrackback    = "trackback"
	skipUnderSkipped = "comment of a skipped article"
	skipDeletedPost  = "deleted thread"
	skipNoComments   = "thread without comments"
	skipUnpublished  = "unpublished post"
	skipPage         = "page"
	skipAttachment   = "attachment"
)

var skipOrder = []string{
	skipDeleted, skipSpam, skipUnapproved, skipEmpty, skipPingback, skipTrackback,
	skipUnderSkipped, skipDeletedPost, skipNoComments, skipUnpublished, skipPage, skipAttachment,
	skipUnselected,
}

// add counts one more record skipped for reason.
func (s Skipped) add(reason string) { s[reason]++ }

// Merge returns s with o's counts added (a new map when s is nil).
func (s Skipped) Merge(o Skipped) Skipped {
	if len(o) == 0 {
		return s
	}
	if s == nil {
		s = Skipped{}
	}
	for k, n := range o {
		s[k] += n
	}
	return s
}

// Total returns how many records were skipped.
func (s Skipped) Total() int {
	n := 0
	for _, v := range s {
		n += v
	}
	return n
}

// String lists the counts ("3 deleted comments, 2 spam comments, 1 page"),
// the known reasons first, in a fixed order, then the others sorted; "" when
// nothing was skipped.
func (s Skipped) String() string {
	var keys []string
	for k, n := range s {
		if n > 0 && !slices.Contains(skipOrder, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	keys = append(slices.Clone(skipOrder), keys...)
	var parts []string
	for _, k := range keys {
		if n := s[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, plural(k, n)))
		}
	}
	return strings.Join(parts, ", ")
}

// plural returns the noun phrase for n things: the head noun gets an "s"
// (the first word of "comment of a skipped article", else the last).
func plural(phrase string, n int) string {
	if n == 1 {
		return phrase
	}
	words := strings.Fields(phrase)
	head := len(words) - 1
	for i, w := range words {
		if w == "of" || w == "without" || w == "with" {
			head = i - 1
			break
		}
	}
	if head < 0 {
		return phrase
	}
	words[head] += "s"
	return strings.Join(words, " ")
}

// Namespaces of the exports, by the short keys nsKey returns.
const (
	nsDisqusInternals = "http://disqus.com/disqus-internals"
	nsWordPressPrefix = "http://wordpress.org/export/"
	nsContent         = "http://purl.org/rss/1.0/modules/content/"
	nsDC              = "http://purl.org/dc/elements/1.1/"
)

// nsKey maps an element's namespace to a short key: "dsq", "wp",
// "excerpt", "content", "dc", or "" for the default ones (RSS, Disqus).
// An undeclared prefix, which encoding/xml leaves as the name space, is its
// own key, so a file that forgot its declarations still reads.
func nsKey(space string) string {
	switch {
	case space == nsDisqusInternals:
		return "dsq"
	case strings.HasPrefix(space, nsWordPressPrefix):
		if strings.Contains(space, "/excerpt") {
			return "excerpt"
		}
		return "wp"
	case space == nsContent:
		return "content"
	case space == nsDC:
		return "dc"
	case space == "http://disqus.com":
		return ""
	}
	return space
}

// node is one element of a record read by readNode: its name, attributes,
// the line its start tag ends on, its own text and its child elements.
type node struct {
	name xml.Name
	attr []xml.Attr
	line int
	text string
	kids []*node
}

// child returns the first child element with the namespace key ns (see
// nsKey) and local name, or nil.
func (n *node) child(ns, local string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name.Local == local && nsKey(k.name.Space) == ns {
			return k
		}
	}
	return nil
}

// childText returns the text of child(ns, local), "" when there is none.
func (n *node) childText(ns, local string) string {
	if c := n.child(ns, local); c != nil {
		return c.text
	}
	return ""
}

// attrValue returns the value of the attribute with namespace key ns and
// local name, and whether it is there.
func (n *node) attrValue(ns, local string) (string, bool) {
	if n == nil {
		return "", false
	}
	for _, a := range n.attr {
		if a.Name.Local == local && nsKey(a.Name.Space) == ns {
			return a.Value, true
		}
	}
	return "", false
}

// xmlReader reads tokens from an export and turns the decoder's errors into
// *Error values at their line.
type xmlReader struct {
	d *xml.Decoder
}

// newXMLReader returns a strict decoder over r: UTF-8 only (a declared
// other encoding is an error), the five XML entities only. A leading byte
// order mark is dropped.
func newXMLReader(r io.Reader) *xmlReader {
	br := bufio.NewReader(r)
	if p, _ := br.Peek(len(bom)); bytes.Equal(p, bom) {
		br.Discard(len(bom))
	}
	d := xml.NewDecoder(br)
	d.CharsetReader = func(label string, _ io.Reader) (io.Reader, error) {
		return nil, fmt.Errorf("encoding %q: want UTF-8", label)
	}
	return &xmlReader{d: d}
}

// line returns the line the decoder is at.
func (x *xmlReader) line() int {
	l, _ := x.d.InputPos()
	return l
}

// token returns the next token, io.EOF at the end, or an *Error.
func (x *xmlReader) token() (xml.Token, error) {
	t, err := x.d.Token()
	if err == nil || err == io.EOF {
		return t, err
	}
	return nil, x.error(err)
}

// error turns a decoding error into an *Error at its line.
func (x *xmlReader) error(err error) *Error {
	var syn *xml.SyntaxError
	if errors.As(err, &syn) {
		return &Error{Line: syn.Line, Msg: "invalid XML: " + syn.Msg}
	}
	return &Error{Line: x.line(), Msg: "read", Err: err}
}

// skip skips the rest of the element whose start tag was just read.
func (x *xmlReader) skip() error {
	if err := x.d.Skip(); err != nil {
		if err == io.EOF {
			err = &xml.SyntaxError{Msg: "unexpected EOF", Line: x.line()}
		}
		return x.error(err)
	}
	return nil
}

// readNode reads the element whose start tag was just read into a node
// tree: at most maxText bytes of text in all, maxRecordNodes elements and
// maxRecordDepth levels, else an *Error at the element's line. Comments and
// processing instructions are ignored.
func (x *xmlReader) readNode(start xml.StartElement, maxText int) (*node, error) {
	root := &node{name: start.Name, attr: start.Attr, line: x.line()}
	stack := []*node{root}
	texts := []*strings.Builder{{}}
	total, count := 0, 1
	for {
		t, err := x.token()
		if err == io.EOF {
			return nil, &Error{Line: x.line(), Msg: fmt.Sprintf("invalid XML: unexpected EOF in <%s> of line %d", qname(root.name), root.line)}
		}
		if err != nil {
			return nil, err
		}
		switch t := t.(type) {
		case xml.StartElement:
			count++
			if count > maxRecordNodes || len(stack) >= maxRecordDepth {
				return nil, errorf(root.line, "<%s> has more than %d elements or %d levels", qname(root.name), maxRecordNodes, maxRecordDepth)
			}
			n := &node{name: t.Name, attr: t.Attr, line: x.line()}
			top := stack[len(stack)-1]
			top.kids = append(top.kids, n)
			stack = append(stack, n)
			texts = append(texts, &strings.Builder{})
		case xml.CharData:
			total += len(t)
			if total > maxText {
				return nil, errorf(root.line, "<%s> holds more than %d MB of text", qname(root.name), maxText>>20)
			}
			texts[len(texts)-1].Write(t)
		case xml.EndElement:
			top := stack[len(stack)-1]
			top.text = texts[len(texts)-1].String()
			stack, texts = stack[:len(stack)-1], texts[:len(texts)-1]
			if len(stack) == 0 {
				return root, nil
			}
		}
	}
}

// qname writes an element name as the file would, with the usual prefix
// of its namespace ("wp:comment").
func qname(n xml.Name) string {
	if k := nsKey(n.Space); k != "" {
		return k + ":" + n.Local
	}
	return n.Local
}

// sniffXML tells a Disqus export from a WordPress WXR export by the root
// element of the XML at the start of data: <disqus> is "disqus", <rss> that
// declares the WordPress export namespace is "wxr". It returns "" and what
// it found otherwise.
func sniffXML(data []byte) (string, string) {
	d := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, bom)))
	d.CharsetReader = func(string, io.Reader) (io.Reader, error) { return nil, errors.New("not UTF-8") }
	for {
		t, err := d.RawToken()
		if err != nil {
			return "", "no XML root element at the start of the file"
		}
		start, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		switch start.Name.Local {
		case "disqus":
			return FormatDisqus, ""
		case "rss":
			for _, a := range start.Attr {
				if a.Name.Space == "xmlns" && strings.HasPrefix(a.Value, nsWordPressPrefix) {
					return FormatWXR, ""
				}
			}
			return "", "an RSS feed without the WordPress export namespace (" + nsWordPressPrefix + "...)"
		}
		return "", fmt.Sprintf("root element <%s>", start.Name.Local)
	}
}

// parseXMLTime reads an export time: RFC 3339, or the same without a zone
// (as Disqus' own example writes it), taken as UTC.
func parseXMLTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse("2006-01-02T15:04:05", s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("want a time like 2025-10-27T09:15:00Z, got %q", s)
}
