package ingest

import (
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tonedesk/tonedesk/dashboard"
)

// checkBatch fails unless a parse returned either an *Error and an empty
// batch, or a batch of clean strings.
func checkBatch(t *testing.T, b dashboard.Batch, err error) {
	t.Helper()
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error %T %v is not an *Error", err, err)
		}
		if len(b.Articles)+len(b.Comments) != 0 {
			t.Fatalf("error %v with a partial batch", err)
		}
		return
	}
	ok := func(s string) {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\r\x00") || s != strings.TrimSpace(s) {
			t.Fatalf("unclean string %q", s)
		}
	}
	var comments []dashboard.Comment
	for _, a := range b.Articles {
		for _, s := range []string{a.ExternalID, a.Source, a.URL, a.Title, a.Dateline, a.Body} {
			ok(s)
		}
		if a.Body == "" || a.ExternalID == "" {
			t.Fatalf("article without body or id: %+v", a)
		}
		comments = append(comments, a.Comments...)
	}
	for _, c := range append(comments, b.Comments...) {
		for _, s := range []string{c.ArticleExternalID, c.ExternalID, c.ParentExternalID, c.Author, c.Text} {
			ok(s)
		}
		if c.Text == "" || c.ExternalID == "" || c.ArticleExternalID == "" {
			t.Fatalf("comment without text or ids: %+v", c)
		}
	}
}

func FuzzParseText(f *testing.F) {
	for _, p := range seedFiles(f) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"", "Title Here\n• a\n• b\nKABUL (AP) — x[1].\n2 Comments\nA\nB\nC\nD\n",
		"Talks\n\nwrapped\nlines\n\n- item\n", "Published in X, May 1st, 2025\n", "\r\r\n\xff",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseText("f.txt", strings.NewReader(string(data)), Meta{})
		checkBatch(t, b, err)
		if err == nil && len(b.Articles) != 1 {
			t.Fatalf("%d articles", len(b.Articles))
		}
	})
}

func FuzzParseJSON(f *testing.F) {
	f.Add([]byte(articlesJSON))
	f.Add([]byte(`{"body": "B", "comments": [{"id": 1, "text": "t", "posted": "2025-10-27"}]}` + "\n" + `{"article_id": 3, "text": "x"}`))
	f.Add([]byte("[\n1, {\"x\": null}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseJSON("f.json", strings.NewReader(string(data)), Meta{})
		checkBatch(t, b, err)
		b, err = ParseJSONL("f.jsonl", strings.NewReader(string(data)), Meta{})
		checkBatch(t, b, err)
	})
}

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("article_id,id,author,text,posted,parent_id\na,1,x,\"t\nu\",2025-10-27,\n"))
	f.Add([]byte("text,article_id\n\"a\"\"b\",c\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseCSV("f.csv", strings.NewReader(string(data)))
		checkBatch(t, b, err)
	})
}
