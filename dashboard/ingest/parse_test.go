package ingest

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestParseFormats(t *testing.T) {
	tests := []struct {
		name, format, in   string
		articles, comments int
	}{
		{"a.txt", "", "Body.\n", 1, 0},
		{"A.TEXT", "", "Body.\n", 1, 0},
		{"a.json", "", `[{"body": "B"}]`, 1, 0},
		{"a.jsonl", "", `{"article_id": "a", "text": "t"}`, 0, 1},
		{"a.ndjson", "", `{"article_id": "a", "text": "t"}`, 0, 1},
		{"a.csv", "", "article_id,text\na,t\n", 0, 1},
		{"-", "text", "Body.\n", 1, 0},
		{"a.json", "text", `[{"body": "B"}]`, 1, 0}, // the format wins over the extension
		{"comments.dat", "csv", "article_id,text\na,t\n", 0, 1},
	}
	for _, tt := range tests {
		b, err := Parse(tt.name, strings.NewReader(tt.in), tt.format, Meta{})
		if err != nil {
			t.Errorf("Parse(%s, %q): %v", tt.name, tt.format, err)
			continue
		}
		if b.File != tt.name || len(b.Articles) != tt.articles || len(b.Comments) != tt.comments {
			t.Errorf("Parse(%s, %q) = %+v", tt.name, tt.format, b)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, format string
		meta         Meta
		want         string
	}{
		{"a.xml", "", Meta{}, "a.xml: an XML file that is neither a Disqus export (<disqus>) nor a WordPress export (<rss> with the WordPress namespace): no XML root element at the start of the file; name the format (--format, or ?format= on the import API)"},
		{"a", "", Meta{}, "a: cannot tell the format from the file name: name one of text, json, jsonl, csv, disqus, wxr, or use one of the extensions .txt, .json, .jsonl, .ndjson, .csv, .xml"},
		{"a.txt", "html", Meta{}, `a.txt: unknown format "html" (want text, json, jsonl, csv, disqus, wxr)`},
		{"a.txt.meta.json", "", Meta{}, "a.txt.meta.json: a sidecar file: import the article file it describes"},
		{"a.csv", "", Meta{Title: "T"}, "a.csv: a URL or title from the command line or a sidecar applies to plain-text articles only"},
		{"a.json", "", Meta{URL: "u"}, "a.json: a URL or title from the command line or a sidecar applies to plain-text articles only"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.name, strings.NewReader("article_id,text\na,t\n"), tt.format, tt.meta)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%s, %q) error = %v\nwant %s", tt.name, tt.format, err, tt.want)
		}
	}
}

func TestParseReadError(t *testing.T) {
	boom := errors.New("boom")
	prefix := map[string]string{
		FormatText:  "Body.\n",
		FormatJSON:  "[",
		FormatJSONL: `{"article_id": "a", "text": "t"}` + "\n",
		FormatCSV:   "article_id,text\na,t\n",
	}
	for _, format := range Formats() {
		r := io.MultiReader(strings.NewReader(prefix[format]), iotest.ErrReader(boom))
		_, err := Parse("r", r, format, Meta{})
		var e *Error
		if !errors.Is(err, boom) || !errors.As(err, &e) || e.File != "r" {
			t.Errorf("%s: error = %v, want an *Error wrapping boom", format, err)
		}
	}
}

func TestErrorString(t *testing.T) {
	cause := errors.New("cause")
	tests := []struct {
		e    *Error
		want string
	}{
		{&Error{File: "a.csv", Line: 3, Msg: "bad"}, "a.csv:3: bad"},
		{&Error{File: "a.csv", Msg: "bad"}, "a.csv: bad"},
		{&Error{File: "a.csv", Line: 2, Msg: "read", Err: cause}, "a.csv:2: read: cause"},
		{&Error{File: "a.csv", Err: cause}, "a.csv: cause"},
		{&Error{Line: 4, Msg: "bad"}, "line 4: bad"},
		{&Error{Msg: "bad"}, "bad"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("%#v.Error() = %q, want %q", tt.e, got, tt.want)
		}
	}
	if !errors.Is(&Error{Err: cause}, cause) {
		t.Error("Unwrap does not return the cause")
	}
}
