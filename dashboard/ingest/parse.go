package ingest

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/tonedesk/tonedesk/dashboard"
)

// Formats of Parse.
const (
	FormatText  = "text"
	FormatJSON  = "json"
	FormatJSONL = "jsonl"
	FormatCSV   = "csv"
	// FormatDisqus and FormatWXR are the comment exports of Disqus and
	// WordPress; a .xml file is one or the other by its root element.
	FormatDisqus = "disqus"
	FormatWXR    = "wxr"
	// FormatXML is FormatDisqus or FormatWXR, whichever the root element
	// says: the format of a .xml file, and one a caller may name when it
	// knows no more than that (a Content-Type of application/xml).
	FormatXML = "xml"
)

// Formats returns the formats Parse reads, for help texts.
func Formats() []string {
	return []string{FormatText, FormatJSON, FormatJSONL, FormatCSV, FormatDisqus, FormatWXR}
}

// extFormats maps file extensions to formats.
var extFormats = map[string]string{
	".txt":    FormatText,
	".text":   FormatText,
	".json":   FormatJSON,
	".jsonl":  FormatJSONL,
	".ndjson": FormatJSONL,
	".csv":    FormatCSV,
	".xml":    FormatXML,
}

// Parse reads one input file into a batch, with the parser for format
// ("text", "json", "jsonl", "csv", "disqus" or "wxr"; see Formats; "xml"
// for Disqus or WXR by the root element) or, when format is "", the one for
// the extension of name (.txt or .text, .json, .jsonl or .ndjson, .csv, in
// any case; .xml as "xml"). name is used in errors and as Batch.File; meta is what the
// caller knows about a plain-text article (see Meta and the package
// documentation for the other formats). A bad record fails the whole file:
// the error is an *Error with the file and line, and no batch is returned.
// What the exports leave out on purpose is not reported; see ParseSkipped.
func Parse(name string, r io.Reader, format string, meta Meta) (dashboard.Batch, error) {
	b, _, err := ParseSkipped(name, r, format, meta)
	return b, err
}

// ParseSkipped is Parse, and also returns what the parser left out on
// purpose (deleted, spam and unapproved comments, pages...; see Skipped):
// nil for the formats that skip nothing, and with an error.
func ParseSkipped(name string, r io.Reader, format string, meta Meta) (dashboard.Batch, Skipped, error) {
	if format == "" {
		if strings.HasSuffix(strings.ToLower(name), SidecarSuffix) {
			return dashboard.Batch{}, nil, &Error{File: name, Msg: "a sidecar file: import the article file it describes"}
		}
		format = extFormats[strings.ToLower(filepath.Ext(name))]
		if format == "" {
			return dashboard.Batch{}, nil, &Error{File: name, Msg: fmt.Sprintf("cannot tell the format from the file name: name one of %s, or use one of the extensions .txt, .json, .jsonl, .ndjson, .csv, .xml", strings.Join(Formats(), ", "))}
		}
	}
	if format == FormatXML {
		br := bufio.NewReaderSize(r, sniffBytes)
		head, err := br.Peek(sniffBytes)
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return dashboard.Batch{}, nil, &Error{File: name, Msg: "read", Err: err}
		}
		f, found := sniffXML(head)
		if f == "" {
			return dashboard.Batch{}, nil, &Error{File: name, Msg: "an XML file that is neither a Disqus export (<disqus>) nor a WordPress export (<rss> with the WordPress namespace): " + found + "; name the format (--format, or ?format= on the import API)"}
		}
		format, r = f, br
	}
	var b dashboard.Batch
	var err error
	switch format {
	case FormatText:
		b, err = ParseText(name, r, meta)
	case FormatJSON:
		b, err = ParseJSON(name, r, meta)
	case FormatJSONL:
		b, err = ParseJSONL(name, r, meta)
	case FormatCSV:
		if _, err := newBuilder(name, meta); err != nil {
			return dashboard.Batch{}, nil, err
		}
		b, err = ParseCSV(name, r)
	case FormatDisqus:
		return ParseDisqus(name, r, meta)
	case FormatWXR:
		return ParseWXR(name, r, meta)
	default:
		return dashboard.Batch{}, nil, &Error{File: name, Msg: fmt.Sprintf("unknown format %q (want %s)", format, strings.Join(Formats(), ", "))}
	}
	return b, nil, err
}
