package ingest

import (
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
)

// Formats returns the formats Parse reads, for help texts.
func Formats() []string {
	return []string{FormatText, FormatJSON, FormatJSONL, FormatCSV}
}

// extFormats maps file extensions to formats.
var extFormats = map[string]string{
	".txt":    FormatText,
	".text":   FormatText,
	".json":   FormatJSON,
	".jsonl":  FormatJSONL,
	".ndjson": FormatJSONL,
	".csv":    FormatCSV,
}

// Parse reads one input file into a batch, with the parser for format
// ("text", "json", "jsonl" or "csv"; see Formats) or, when format is "", the
// one for the extension of name (.txt or .text, .json, .jsonl or .ndjson,
// .csv, in any case). name is used in errors and as Batch.File; meta is
// what the caller knows about a plain-text article (see Meta and the package
// documentation for the other formats). A bad record fails the whole file:
// the error is an *Error with the file and line, and no batch is returned.
func Parse(name string, r io.Reader, format string, meta Meta) (dashboard.Batch, error) {
	if format == "" {
		if strings.HasSuffix(strings.ToLower(name), SidecarSuffix) {
			return dashboard.Batch{}, &Error{File: name, Msg: "a sidecar file: import the article file it describes"}
		}
		format = extFormats[strings.ToLower(filepath.Ext(name))]
		if format == "" {
			return dashboard.Batch{}, &Error{File: name, Msg: fmt.Sprintf("cannot tell the format from the file name: name one of %s, or use one of the extensions .txt, .json, .jsonl, .ndjson, .csv", strings.Join(Formats(), ", "))}
		}
	}
	switch format {
	case FormatText:
		return ParseText(name, r, meta)
	case FormatJSON:
		return ParseJSON(name, r, meta)
	case FormatJSONL:
		return ParseJSONL(name, r, meta)
	case FormatCSV:
		if _, err := newBuilder(name, meta); err != nil {
			return dashboard.Batch{}, err
		}
		return ParseCSV(name, r)
	}
	return dashboard.Batch{}, &Error{File: name, Msg: fmt.Sprintf("unknown format %q (want %s)", format, strings.Join(Formats(), ", "))}
}
