package ingest

import (
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
)

func TestParseCSV(t *testing.T) {
	in := "\uFEFFText, Article_ID ,author,posted,id,parent_id\r\n" +
		"\"Kabul isn't serious, clearly.\",dawn-1,Coccinella,2025-10-27T09:15:00Z,c1,\r\n" +
		"\"Two\r\nlines, \"\"quoted\"\"\",dawn-1,  Habibi  ,,,c1\r\n" +
		"\"=HYPERLINK(\"\"x\"\")\",42,,2025-10-28,,\r\n"
	b, err := ParseCSV("c.csv", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if b.File != "c.csv" || len(b.Articles) != 0 || len(b.Comments) != 3 {
		t.Fatalf("batch = %+v", b)
	}
	want := []dashboard.Comment{
		{ArticleExternalID: "dawn-1", ExternalID: "c1", Author: "Coccinella", Text: "Kabul isn't serious, clearly.", Posted: time.Date(2025, 10, 27, 9, 15, 0, 0, time.UTC)},
		{ArticleExternalID: "dawn-1", ExternalID: dashboard.ContentID("Habibi", "Two\nlines, \"quoted\""), ParentExternalID: "c1", Author: "Habibi", Text: "Two\nlines, \"quoted\""},
		{ArticleExternalID: "42", ExternalID: dashboard.ContentID("", `=HYPERLINK("x")`, "2025-10-28T00:00:00Z"), Text: `=HYPERLINK("x")`, Posted: date(2025, 10, 28)},
	}
	for i, w := range want {
		if !sameComment(b.Comments[i], w) {
			t.Errorf("comment %d = %+v\nwant %+v", i, b.Comments[i], w)
		}
	}
}

func TestParseCSVHeaderOnly(t *testing.T) {
	b, err := ParseCSV("c.csv", strings.NewReader("article_id,text\n"))
	if err != nil || len(b.Comments) != 0 || b.File != "c.csv" {
		t.Errorf("got %+v, %v", b, err)
	}
}

func TestParseCSVErrors(t *testing.T) {
	const h = "article_id,id,author,text,posted,parent_id\n"
	tests := []struct {
		name, in, want string
		is             error // when set, errors.Is(err, is) must hold
	}{
		{"empty", "", `c.csv: empty file: want a header row (article_id,id,author,text,posted,parent_id)`, nil},
		{"unknown column", "article_id,text,likes\n", `c.csv:1: unknown column "likes" (want article_id, id, author, text, posted, parent_id)`, nil},
		{"repeated column", "article_id,text,Text\n", `c.csv:1: column "text" appears twice`, nil},
		{"missing text column", "article_id,author\n", `c.csv:1: missing column "text" (need article_id and text)`, nil},
		{"missing article_id column", "\n\ntext\nhi\n", `c.csv:3: missing column "article_id" (need article_id and text)`, nil},
		{"empty text", h + "a,1,x,t,,\na,2,x,  ,,\n", `c.csv:3: empty "text"`, nil},
		{"empty article_id", h + "a,1,x,t,,\n,2,x,t,,\n", `c.csv:3: empty "article_id"`, nil},
		{"too few fields", h + "a,1,x,t,,\na,2,x,t\n", `c.csv:3: record has 4 fields, the header 6: wrong number of fields`, csv.ErrFieldCount},
		{"too many fields", h + "a,1,x,t,,,\n", `c.csv:2: record has 7 fields, the header 6: wrong number of fields`, csv.ErrFieldCount},
		{"bare quote", h + "a,1,x,say \"hi\",,\n", `c.csv:2: column 11: bare " in non-quoted-field`, csv.ErrBareQuote},
		{"unterminated quote", h + "a,1,x,\"open,,\nmore\n", `c.csv:3: column 6: extraneous or missing " in quoted-field`, csv.ErrQuote},
		{"bad posted", h + "a,1,x,t,27/10/2025,\n", `c.csv:2: "posted": want an RFC 3339 time or a YYYY-MM-DD date, got "27/10/2025"`, nil},
		{"invalid UTF-8 in a multi-line field", h + "a,1,x,\"ok\nstill ok\nbad \xff\",,\n", `c.csv:4: "text": invalid UTF-8`, nil},
		{"NUL", h + "a,1,x\x00y,t,,\n", `c.csv:2: "author": NUL character`, nil},
		{"own parent", h + "a,1,x,t,,1\n", `c.csv:2: comment "1" is its own parent`, nil},
		{"different duplicate", h + "a,1,x,t,,\nb,1,x,t,,\na,1,x,u,,\n", `c.csv:4: comment "1" of article "a" is also at line 2, with different content`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ParseCSV("c.csv", strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("no error; batch %+v", b)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %s\nwant    %s", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.File != "c.csv" {
				t.Errorf("error %#v is not an *Error for c.csv", err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error does not wrap %v", tt.is)
			}
			if b.File != "" || len(b.Comments) != 0 {
				t.Errorf("partial batch returned: %+v", b)
			}
		})
	}
}
