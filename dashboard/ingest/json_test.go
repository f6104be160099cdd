package ingest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
)

// articlesJSON is an array with one article with two comments and a
// comment record for it.
const articlesJSON = `[
  {"id": "dawn-1", "source": "Dawn", "url": "https://www.dawn.com/news/1",
   "title": "Talks stall", "dateline": "ISLAMABAD", "published": "2025-10-27",
   "body": "Stalemate persisted.\r\n\r\n“Unacceptable,” the official said. <b>&amp;</b>",
   "comments": [
     {"id": 101, "author": "Ali", "text": "Sad.", "posted": "2025-10-27T09:15:00+05:00"},
     {"author": " Bo ", "text": "Why?", "parent_id": 101}
   ]},
  {"id": "c9", "article_id": "dawn-1", "author": "Cy", "text": "Agreed.", "parent_id": "101"}
]
`

func TestParseJSONArray(t *testing.T) {
	b, err := ParseJSON("a.json", strings.NewReader(articlesJSON), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if b.File != "a.json" || len(b.Articles) != 1 || len(b.Comments) != 1 {
		t.Fatalf("batch = %+v", b)
	}
	a := b.Articles[0]
	if a.ExternalID != "dawn-1" || a.Source != "Dawn" || a.URL != "https://www.dawn.com/news/1" || a.Title != "Talks stall" ||
		a.Dateline != "ISLAMABAD" || !a.Published.Equal(date(2025, 10, 27)) {
		t.Errorf("article = %+v", a)
	}
	if want := "Stalemate persisted.\n\n“Unacceptable,” the official said. <b>&amp;</b>"; a.Body != want {
		t.Errorf("body = %q, want %q (CRLF normalised, nothing escaped)", a.Body, want)
	}
	if len(a.Comments) != 2 {
		t.Fatalf("comments = %+v", a.Comments)
	}
	c0, c1 := a.Comments[0], a.Comments[1]
	posted := time.Date(2025, 10, 27, 4, 15, 0, 0, time.UTC)
	if c0.ExternalID != "101" || c0.ArticleExternalID != "dawn-1" || c0.Author != "Ali" || c0.Text != "Sad." || !c0.Posted.Equal(posted) {
		t.Errorf("comment 0 = %+v", c0)
	}
	if c1.ExternalID != dashboard.ContentID("Bo", "Why?") || c1.Author != "Bo" || c1.ParentExternalID != "101" || !c1.Posted.IsZero() {
		t.Errorf("comment 1 = %+v", c1)
	}
	c := b.Comments[0]
	if c.ExternalID != "c9" || c.ArticleExternalID != "dawn-1" || c.ParentExternalID != "101" || c.Text != "Agreed." {
		t.Errorf("comment record = %+v", c)
	}
}

func TestParseJSONForms(t *testing.T) {
	// The same two records as an array, JSON Lines in a .json file,
	// pretty-printed objects, and JSON Lines.
	art := `{"source": "Dawn", "title": "T", "body": "B", "comments": [{"author": "A", "text": "X", "posted": "2025-10-27"}]}`
	com := `{"article_id": "x", "text": "Y"}`
	pretty := "{\n  \"source\": \"Dawn\",\n  \"title\": \"T\",\n  \"body\": \"B\",\n  \"comments\": [{\"author\": \"A\", \"text\": \"X\", \"posted\": \"2025-10-27\"}]\n}\n{\n  \"article_id\": \"x\",\n  \"text\": \"Y\"\n}\n"
	inputs := []struct {
		name, format, in string
	}{
		{"array", "json", "[" + art + ",\n" + com + "]"},
		{"lines in .json", "json", art + "\n" + com + "\n"},
		{"pretty objects", "json", pretty},
		{"jsonl", "jsonl", "\uFEFF" + art + "\r\n\r\n" + com},
	}
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			b, err := Parse("f", strings.NewReader(in.in), in.format, Meta{})
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Articles) != 1 || len(b.Comments) != 1 {
				t.Fatalf("batch = %+v", b)
			}
			a := b.Articles[0]
			if a.ExternalID != dashboard.ContentID("Dawn", "T", "B") {
				t.Errorf("article id = %q", a.ExternalID)
			}
			if got, want := a.Comments[0].ExternalID, dashboard.ContentID("A", "X", "2025-10-27T00:00:00Z"); got != want {
				t.Errorf("comment id = %q, want %q", got, want)
			}
			if b.Comments[0].ArticleExternalID != "x" || b.Comments[0].Text != "Y" {
				t.Errorf("comment = %+v", b.Comments[0])
			}
		})
	}
}

func TestParseJSONMetaAndDuplicates(t *testing.T) {
	in := `{"url": "u1", "body": "B1"}
{"url": "u1", "body": "B1"}
{"url": "u2", "source": "Own", "published": "2025-01-02", "body": "B2"}
{"article_id": "u1", "id": 7, "text": "t"}
{"article_id": "u1", "id": 7, "text": "t"}
{"article_id": "u2", "id": 7, "text": "other article"}
`
	meta := Meta{Source: "Dawn", Published: date(2025, 10, 27)}
	b, err := ParseJSONL("f.jsonl", strings.NewReader(in), meta)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Articles) != 2 || len(b.Comments) != 2 {
		t.Fatalf("want 2 articles and 2 comments after dropping repeats, got %+v", b)
	}
	a1, a2 := b.Articles[0], b.Articles[1]
	if a1.ExternalID != "u1" || a1.Source != "Dawn" || !a1.Published.Equal(date(2025, 10, 27)) {
		t.Errorf("meta did not fill article 1: %+v", a1)
	}
	if a2.Source != "Own" || !a2.Published.Equal(date(2025, 1, 2)) {
		t.Errorf("meta overrode article 2: %+v", a2)
	}
}

func TestParseJSONEmpty(t *testing.T) {
	for _, in := range []string{"", " \n", "[]", "[\n]\n"} {
		b, err := ParseJSON("e.json", strings.NewReader(in), Meta{})
		if err != nil || len(b.Articles)+len(b.Comments) != 0 || b.File != "e.json" {
			t.Errorf("ParseJSON(%q) = %+v, %v", in, b, err)
		}
	}
	b, err := ParseJSONL("e.jsonl", strings.NewReader("\n\n"), Meta{})
	if err != nil || len(b.Articles)+len(b.Comments) != 0 {
		t.Errorf("ParseJSONL(blank) = %+v, %v", b, err)
	}
}

func TestParseJSONErrors(t *testing.T) {
	tests := []struct {
		name, format, in string
		meta             Meta
		want             string
	}{
		// JSON Lines: the line of the record.
		{"unknown field", "jsonl", `{"body": "B"}` + "\n" + `{"body": "B2", "author": "x"}`, Meta{}, `f:2: article: unknown field "author"`},
		{"unknown nested field", "jsonl", `{"body": "B", "comments": [{"text": "t", "article_id": "a"}]}`, Meta{}, `f:1: article: comments[0]: unknown field "article_id"`},
		{"key case", "jsonl", `{"body": "B", "Title": "T"}`, Meta{}, `f:1: article: unknown field "Title"`},
		{"nested key case", "jsonl", `{"body": "B", "comments": [{"text": "t"}, {"Text": "t"}]}`, Meta{}, `f:1: article: comments[1]: unknown field "Text"`},
		{"comment key case", "jsonl", `{"article_id": "a", "text": "t", "Author": "x"}`, Meta{}, `f:1: comment: unknown field "Author"`},
		{"unknown comment field", "jsonl", "\n\n" + `{"article_id": "a", "text": "t", "likes": 3}`, Meta{}, `f:3: comment: unknown field "likes"`},
		{"neither", "jsonl", `{"title": "T"}`, Meta{}, `f:1: record is neither an article (no "body") nor a comment (no "article_id")`},
		{"both", "jsonl", `{"body": "B", "article_id": "a", "text": "t"}`, Meta{}, `f:1: record has both "body" (article) and "article_id" (comment)`},
		{"empty body", "jsonl", `{"body": "  "}`, Meta{}, `f:1: article: empty "body"`},
		{"null body", "jsonl", `{"body": null}`, Meta{}, `f:1: article: empty "body"`},
		{"missing text", "jsonl", `{"article_id": "a"}`, Meta{}, `f:1: comment: empty "text"`},
		{"missing nested text", "jsonl", `{"body": "B", "comments": [{"text": "ok"}, {"author": "x"}]}`, Meta{}, `f:1: article: comments[1]: empty "text"`},
		{"empty article_id", "jsonl", `{"article_id": "", "text": "t"}`, Meta{}, `f:1: comment: empty "article_id"`},
		{"bad article_id", "jsonl", `{"article_id": true, "text": "t"}`, Meta{}, `f:1: comment: "article_id": want a string or a number, got true`},
		{"wrong type", "jsonl", `{"body": "B", "title": 3}`, Meta{}, `f:1: article: "title": want a string, got number`},
		{"wrong nested type", "jsonl", `{"body": "B", "comments": [{"text": ["t"]}]}`, Meta{}, `f:1: article: "comments.text": want a string, got array`},
		{"comments not array", "jsonl", `{"body": "B", "comments": {}}`, Meta{}, `f:1: article: "comments": want an array, got object`},
		{"bad published", "jsonl", `{"body": "B", "published": "27/10/2025"}`, Meta{}, `f:1: article: "published": want an RFC 3339 time or a YYYY-MM-DD date, got "27/10/2025"`},
		{"bad posted", "jsonl", `{"article_id": "a", "text": "t", "posted": "yesterday"}`, Meta{}, `f:1: comment: "posted": want an RFC 3339 time or a YYYY-MM-DD date, got "yesterday"`},
		{"own parent", "jsonl", `{"article_id": "a", "id": "c", "parent_id": "c", "text": "t"}`, Meta{}, `f:1: comment: comment "c" is its own parent`},
		{"not an object", "jsonl", `["body"]`, Meta{}, `f:1: want a JSON object, got array`},
		{"null record", "jsonl", `null`, Meta{}, `f:1: want a JSON object, got null`},
		{"two objects on a line", "jsonl", `{"body": "B"} {"body": "C"}`, Meta{}, `f:1: invalid JSON: invalid character '{' after top-level value`},
		{"broken line", "jsonl", `{"body": "B"}` + "\n" + `{"body": "B2"`, Meta{}, `f:2: invalid JSON: unexpected end of JSON input`},
		{"invalid UTF-8", "jsonl", `{"body": "B"}` + "\n" + "{\"body\": \"\xff\"}", Meta{}, `f:2: invalid UTF-8`},
		{"escaped NUL", "jsonl", `{"body": "a\u0000b"}`, Meta{}, `f:1: article: "body": NUL character`},
		{"different duplicate article", "jsonl", `{"id": "a", "body": "B"}` + "\n" + `{"id": "a", "body": "C"}`, Meta{}, `f:2: article "a" is also at line 1, with different content`},
		{"different duplicate comment", "jsonl", `{"article_id": "a", "id": 1, "text": "t"}` + "\n" + `{"article_id": "a", "id": 1, "text": "u"}`, Meta{}, `f:2: comment "1" of article "a" is also at line 1, with different content`},
		{"meta url", "jsonl", `{"body": "B"}`, Meta{URL: "https://x"}, `f: a URL or title from the command line or a sidecar applies to plain-text articles only`},

		// A JSON array: the line where the bad record starts.
		{"array record", "json", "[\n  {\"body\": \"B\"},\n  {\n    \"body\": \"C\",\n    \"x\": 1\n  }\n]", Meta{}, `f:3: article: unknown field "x"`},
		{"array record after comma line", "json", "[{\"body\": \"B\"}\n,\n\n{\"text\": \"t\"}]", Meta{}, `f:4: record is neither an article (no "body") nor a comment (no "article_id")`},
		{"array number", "json", "[\n1]", Meta{}, `f:2: want a JSON object, got number`},
		{"array missing comma", "json", "[\n{\"body\": \"B\"}\n{\"body\": \"C\"}]", Meta{}, `f:2: invalid JSON: expected comma after array element`},
		{"array unterminated", "json", "[\n{\"body\": \"B\"},\n", Meta{}, `f:3: invalid JSON: unexpected end of JSON input`},
		{"array trailing", "json", "[{\"body\": \"B\"}]\n\n{}", Meta{}, `f:3: data after the JSON array`},
		{"array syntax in record", "json", "[\n{\"body\": \"B\",\n \"title\": tru}]", Meta{}, `f:3: invalid JSON: invalid character '}' in literal true (expecting 'e')`},
		{"stream record", "json", "{\"body\": \"B\"}\n\n{\n\"text\": \"t\"}", Meta{}, `f:3: record is neither an article (no "body") nor a comment (no "article_id")`},
		{"scalar", "json", "\n  42", Meta{}, `f:2: want a JSON array or JSON objects, got '4'`},
		{"invalid UTF-8 in array", "json", "[\n{\"body\": \"B\"},\n{\"body\": \"\xc3\x28\"}]", Meta{}, `f:3: invalid UTF-8`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Parse("f", strings.NewReader(tt.in), tt.format, tt.meta)
			if err == nil {
				t.Fatalf("no error; batch %+v", b)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %s\nwant    %s", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.File != "f" {
				t.Errorf("error %#v is not an *Error for f", err)
			}
			if b.File != "" || len(b.Articles)+len(b.Comments) != 0 {
				t.Errorf("partial batch returned: %+v", b)
			}
		})
	}
}
