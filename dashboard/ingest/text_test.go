package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
)

// date returns midnight UTC of y-m-d.
func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestSeed002TitleAndComments(t *testing.T) {
	a := parseSeed(t, "002")
	if a.Title != "Istanbul Negotiations End Without Resolution" {
		t.Errorf("title = %q", a.Title)
	}
	if strings.Contains(a.Body, "Istanbul Negotiations End Without Resolution") {
		t.Error("title left in the body")
	}
	if !strings.HasPrefix(a.Body, "Peace talks between Pakistan") {
		t.Errorf("body starts %q", a.Body[:40])
	}
	if strings.Contains(a.Body, "5 Comments") || strings.Contains(a.Body, "Coccinella") {
		t.Error("comment block left in the body")
	}
	want := []struct{ author, text string }{
		{"Coccinella", "This impasse was inevitable. Kabul clearly isn't serious about peace."},
		{"Matzomaster", "While the failure is disappointing, it highlights the deep-seated mistrust. Pakistan's demand for verifiable action is understandable, yet Afghanistan's sovereignty concerns mean they won't easily concede to external pressure."},
		{"ZmeeLove", "The breakdown of negotiations is worrying, potentially leading to further conflict. Pakistan needs to secure its borders, but simply accusing Afghanistan of harboring militants without a viable cooperative solution will only perpetuate the cycle of violence."},
		{"Rotfront", "Afghanistan's evasion proves their complicity. Pakistan must protect its people."},
		{"Habibi", "While Pakistan's security concerns are legitimate given the TTP attacks, Afghanistan also faces immense internal challenges that make immediate action difficult. Both sides need a more flexible approach to de-escalate."},
	}
	if len(a.Comments) != len(want) {
		t.Fatalf("%d comments, want %d", len(a.Comments), len(want))
	}
	for i, w := range want {
		c := a.Comments[i]
		if c.Author != w.author || c.Text != w.text {
			t.Errorf("comment %d = %q: %q, want %q: %q", i, c.Author, c.Text, w.author, w.text)
		}
		if c.ExternalID != dashboard.ContentID(w.author, w.text) {
			t.Errorf("comment %d id = %q, want ContentID(author, text)", i, c.ExternalID)
		}
		if c.ArticleExternalID != a.ExternalID || !c.Posted.IsZero() || c.ParentExternalID != "" {
			t.Errorf("comment %d = %+v", i, c)
		}
	}
	if a.ExternalID != dashboard.ContentID("", a.Title, a.Body) {
		t.Errorf("article id = %q, want ContentID(source, title, body)", a.ExternalID)
	}
}

func TestSeed004(t *testing.T) {
	a := parseSeed(t, "004")
	if a.Source != "Dawn" {
		t.Errorf("source = %q, want Dawn", a.Source)
	}
	if !a.Published.Equal(date(2025, 10, 27)) {
		t.Errorf("published = %v, want 2025-10-27", a.Published)
	}
	if a.Dateline != "ISLAMABAD" {
		t.Errorf("dateline = %q, want ISLAMABAD", a.Dateline)
	}
	if a.Title != "" {
		t.Errorf("title = %q, want none", a.Title)
	}
	for _, bad := range []string{"[1]", "[2]", "[3]", "[4]", "[5]", "Published in", "ISLAMABAD:"} {
		if strings.Contains(a.Body, bad) {
			t.Errorf("body contains %q", bad)
		}
	}
	for _, good := range []string{"Pakistan-Afghanistan talks in Istanbul", "ending terrorist safe havens", "recently deepened ties", "Doha ceasefire, mediated", "border clashes. Türkiye"} {
		if !strings.Contains(a.Body, good) {
			t.Errorf("body lacks %q", good)
		}
	}
	paras := strings.Split(a.Body, "\n\n")
	if !strings.HasPrefix(paras[0], "• Held under watchful eye") || !strings.HasPrefix(paras[2], "• Amid mixed signals") {
		t.Errorf("standfirst not leading the body: %q", paras[:3])
	}
	if !strings.HasPrefix(paras[3], "Stalemate persisted on Sunday") {
		t.Errorf("first paragraph after the standfirst = %q", paras[3])
	}
	if last := paras[len(paras)-1]; !strings.HasPrefix(last, "Diplomatic sources said") {
		t.Errorf("last paragraph = %q", last)
	}
}

func TestSeed000(t *testing.T) {
	a := parseSeed(t, "000")
	if strings.Contains(a.Body, "Would you like me") {
		t.Error("chatbot offer left in the body")
	}
	if a.Dateline != "Istanbul, Turkey" {
		t.Errorf("dateline = %q", a.Dateline)
	}
	if !a.Published.Equal(date(2025, 10, 28)) {
		t.Errorf("published = %v, want 2025-10-28", a.Published)
	}
	if a.Title != "" || strings.Contains(a.Body, "October 28, 2025") {
		t.Errorf("dateline line taken as title or body: title %q", a.Title)
	}
	if !strings.HasPrefix(a.Body, "The second round of critical peace talks") {
		t.Errorf("body starts %q", a.Body[:40])
	}
}

func TestSeed001(t *testing.T) {
	a := parseSeed(t, "001")
	if strings.Contains(a.Body, "Also Read") || strings.Contains(a.Body, "Trump Hints") || strings.Contains(a.Body, "Israel, Hamas") {
		t.Error("Also Read line left in the body")
	}
	if a.Title != "" || a.Dateline != "" || !a.Published.IsZero() || a.Source != "" {
		t.Errorf("invented values: %+v", a)
	}
	if n := len(strings.Split(a.Body, "\n\n")); n != 5 {
		t.Errorf("%d paragraphs, want 5", n)
	}
}

// TestSeedsKeepText checks that every body paragraph of the seeds without
// footnotes or dateline prefix is a line of the file, as written: nothing
// re-encoded, quotes intact.
func TestSeedsKeepText(t *testing.T) {
	for _, p := range seedFiles(t) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		lines := make(map[string]bool)
		for _, l := range strings.Split(string(data), "\n") {
			lines[strings.TrimSpace(l)] = true
		}
		b := parseFile(t, p)
		a := b.Articles[0]
		if strings.Count(a.Body, "“") != strings.Count(a.Body, "”") {
			t.Errorf("%s: unbalanced quotes in the body", p)
		}
		for _, para := range strings.Split(a.Body, "\n\n") {
			if !lines[para] && !strings.HasPrefix(filepath.Base(p), "004") {
				t.Errorf("%s: paragraph not in the file: %q", p, para)
			}
		}
	}
}

func TestSeedHeadings(t *testing.T) {
	tests := map[string][]string{
		"000": {"Key Point of Contention: Counter-Terrorism", "Mediation Efforts and Border Tensions", "Warning of Escalation"},
		"001": nil,
		"002": {"Background to the Impasse", "Pakistan's Demands and Accusations", "Afghanistan's Stance and Mediators' Efforts", "Future Implications and Warnings"},
		"003": nil,
		"004": nil,
	}
	for prefix, want := range tests {
		matches, _ := filepath.Glob(filepath.Join(seedDir, prefix+"_*.txt"))
		if len(matches) != 1 {
			t.Fatalf("seed %s: %v", prefix, matches)
		}
		data, err := os.ReadFile(matches[0])
		if err != nil {
			t.Fatal(err)
		}
		lines, err := textLines(data)
		if err != nil {
			t.Fatal(err)
		}
		d, err := parseTextDoc(lines)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(d.Headings, want) {
			t.Errorf("seed %s headings = %q, want %q", prefix, d.Headings, want)
		}
	}
}

func TestParseTextDoc(t *testing.T) {
	long := "Pakistan and Afghanistan ended their talks in Istanbul without an agreement, officials on both sides said late on Tuesday."
	tests := []struct {
		name string
		in   string
		want textDoc // Paragraphs always checked; other fields when set in want
		keep []string
	}{
		{
			name: "title case headline",
			in:   "Talks Collapse in Istanbul\n" + long,
			want: textDoc{Title: "Talks Collapse in Istanbul", Paragraphs: []string{long}},
		},
		{
			name: "sentence case headline before a longer paragraph",
			in:   "Pakistan, Afghan talks end without a deal\n\n" + long,
			want: textDoc{Title: "Pakistan, Afghan talks end without a deal", Paragraphs: []string{long}},
		},
		{
			name: "question headline",
			in:   "Is Peace Still Possible?\n" + long,
			want: textDoc{Title: "Is Peace Still Possible?", Paragraphs: []string{long}},
		},
		{
			name: "first line is a sentence",
			in:   "Talks ended.\n" + long,
			want: textDoc{Paragraphs: []string{"Talks ended.", long}},
		},
		{
			name: "short sentence-case line before a short line is not a title",
			in:   "the talks ended without a deal\nNo statement",
			want: textDoc{Paragraphs: []string{"the talks ended without a deal", "No statement"}},
		},
		{
			name: "long first line without period",
			in:   "Pakistan and Afghanistan ended three days of talks in Istanbul on Tuesday without any agreement on militants\n" + long,
			want: textDoc{Paragraphs: []string{"Pakistan and Afghanistan ended three days of talks in Istanbul on Tuesday without any agreement on militants", long}},
		},
		{
			name: "single headline-like line is the body",
			in:   "Talks Collapse in Istanbul\n",
			want: textDoc{Paragraphs: []string{"Talks Collapse in Istanbul"}},
		},
		{
			name: "title then dateline line",
			in:   "Talks Collapse\nKabul, Afghanistan – Oct. 28th, 2025\n" + long,
			want: textDoc{Title: "Talks Collapse", Dateline: "Kabul, Afghanistan", DatelineDate: date(2025, 10, 28), Paragraphs: []string{long}},
		},
		{
			name: "dateline line with weekday and day first",
			in:   "Doha—Tuesday, 28 October 2025\n" + long,
			want: textDoc{Dateline: "Doha", DatelineDate: date(2025, 10, 28), Paragraphs: []string{long}},
		},
		{
			name: "dash line without a date is not a dateline",
			in:   "Istanbul—the city of talks, again.\n" + long,
			want: textDoc{Paragraphs: []string{"Istanbul—the city of talks, again.", long}},
		},
		{
			name: "sentence-case dash line is a title",
			in:   "Istanbul—the city of talks\n" + long,
			want: textDoc{Title: "Istanbul—the city of talks", Paragraphs: []string{long}},
		},
		{
			name: "dateline prefix with agency",
			in:   "KABUL (AP) — The Taliban said talks failed.",
			want: textDoc{Dateline: "KABUL", Paragraphs: []string{"The Taliban said talks failed."}},
		},
		{
			name: "wire dateline prefix",
			in:   "ISLAMABAD, Oct 27 (Reuters) - Pakistan said talks failed.",
			want: textDoc{Dateline: "ISLAMABAD", Paragraphs: []string{"Pakistan said talks failed."}},
		},
		{
			name: "dateline prefix with country and agency",
			in:   "PESHAWAR, Pakistan (AP) — Militants attacked.",
			want: textDoc{Dateline: "PESHAWAR", Paragraphs: []string{"Militants attacked."}},
		},
		{
			name: "acronyms and caps without separator are not datelines",
			in:   "TTP: a history.",
			want: textDoc{Paragraphs: []string{"TTP: a history."}},
		},
		{
			name: "caps word without separator",
			in:   "ISPR said on Sunday: talks failed.",
			want: textDoc{Paragraphs: []string{"ISPR said on Sunday: talks failed."}},
		},
		{
			name: "two-word dateline prefix",
			in:   "NEW DELHI: India said nothing.",
			want: textDoc{Dateline: "NEW DELHI", Paragraphs: []string{"India said nothing."}},
		},
		{
			name: "labels are not datelines",
			in:   "UPDATE: Talks resumed.\nUS: no comment.",
			want: textDoc{Paragraphs: []string{"UPDATE: Talks resumed.", "US: no comment."}},
		},
		{
			name: "dateline prefix only on the first paragraph",
			in:   "Talks resumed.\nISLAMABAD: Officials said.",
			want: textDoc{Paragraphs: []string{"Talks resumed.", "ISLAMABAD: Officials said."}},
		},
		{
			name: "standfirst bullets after title lead the body",
			in:   "Talks Collapse\n• One\n\n• Two\nISLAMABAD: Body text.",
			want: textDoc{Title: "Talks Collapse", Dateline: "ISLAMABAD", Standfirst: []string{"• One", "• Two"}, Paragraphs: []string{"• One", "• Two", "Body text."}},
		},
		{
			name: "footnotes attached to words",
			in:   "Talks[1] ended,[2] he said.[10][11] Keep [3] and a[b].",
			want: textDoc{Paragraphs: []string{"Talks ended, he said. Keep [3] and a[b]."}},
		},
		{
			name: "furniture",
			in:   "Body one.\nAlso Read: Something Else\nread more: x\nBody two.\nPublished in The Express Tribune, Pakistan, October 28th, 2025\nWould you like me to search for more?\nLet me know if you need anything else.\n",
			want: textDoc{PubSource: "The Express Tribune, Pakistan", PubDate: date(2025, 10, 28), Paragraphs: []string{"Body one.", "Body two."}},
		},
		{
			name: "chatbot phrasing only dropped at the end",
			in:   "Would you like me to leave? she asked.\nHe stayed.",
			want: textDoc{Paragraphs: []string{"Would you like me to leave? she asked.", "He stayed."}},
		},
		{
			name: "published in without a date stays",
			in:   "Published in haste, the report was wrong.",
			want: textDoc{Paragraphs: []string{"Published in haste, the report was wrong."}},
		},
		{
			name: "comments with blank lines and CRLF",
			in:   "Body.\r\n2 comments\r\n\r\nAli\r\nGood.\r\n\r\nBo\r\n  Bad.  \r\n\r\n",
			want: textDoc{Paragraphs: []string{"Body."}, Comments: []textComment{{Line: 4, Author: "Ali", Text: "Good."}, {Line: 7, Author: "Bo", Text: "Bad."}}},
		},
		{
			name: "zero comments",
			in:   "Body.\n0 Comments\n",
			want: textDoc{Paragraphs: []string{"Body."}},
		},
		{
			name: "hard-wrapped text",
			in:   "Talks Collapse\n\nPakistan and Afghanistan ended their talks\nwithout a deal, officials said.\n\nBackground\nThe talks began on Saturday\nin Istanbul.\n\n- first item\n- second item\nwrapped\n",
			want: textDoc{Title: "Talks Collapse", Headings: []string{"Background"}, Paragraphs: []string{
				"Pakistan and Afghanistan ended their talks without a deal, officials said.",
				"Background",
				"The talks began on Saturday in Istanbul.",
				"- first item",
				"- second item wrapped",
			}},
		},
		{
			name: "one line per paragraph with a long line is not wrapped",
			in:   "Short line one\nshort line two\n\n" + long + " " + long,
			want: textDoc{Paragraphs: []string{"Short line one", "short line two", long + " " + long}},
		},
		{
			name: "BOM and surrounding space",
			in:   "\uFEFF  \n\t Body text.  \n",
			want: textDoc{Paragraphs: []string{"Body text."}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, err := textLines([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			got, err := parseTextDoc(lines)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestParseTextMeta(t *testing.T) {
	seed004 := filepath.Join(seedDir, "004_e262c06c533f369a.txt")
	data, err := os.ReadFile(seed004)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		meta Meta
		want dashboard.Article // fields compared: ExternalID (if set), Source, URL, Title, Published
	}{
		{"text fills", Meta{}, dashboard.Article{Source: "Dawn", Published: date(2025, 10, 27)}},
		{"meta overrides", Meta{Source: " Dawn.com ", URL: "https://www.dawn.com/news/1952817", Title: "Stalemate persists", Published: date(2025, 10, 26)},
			dashboard.Article{ExternalID: "https://www.dawn.com/news/1952817", Source: "Dawn.com", URL: "https://www.dawn.com/news/1952817", Title: "Stalemate persists", Published: date(2025, 10, 26)}},
		{"partial meta", Meta{Title: "Stalemate persists"}, dashboard.Article{Source: "Dawn", Title: "Stalemate persists", Published: date(2025, 10, 27)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ParseText("004.txt", strings.NewReader(string(data)), tt.meta)
			if err != nil {
				t.Fatal(err)
			}
			a := b.Articles[0]
			if a.Source != tt.want.Source || a.URL != tt.want.URL || a.Title != tt.want.Title || !a.Published.Equal(tt.want.Published) {
				t.Errorf("got source %q url %q title %q published %v", a.Source, a.URL, a.Title, a.Published)
			}
			wantID := tt.want.ExternalID
			if wantID == "" {
				wantID = dashboard.ContentID(a.Source, a.Title, a.Body)
			}
			if a.ExternalID != wantID {
				t.Errorf("external id = %q, want %q", a.ExternalID, wantID)
			}
			if a.Dateline != "ISLAMABAD" {
				t.Errorf("dateline = %q", a.Dateline)
			}
		})
	}
}

func TestParseTextDedupesComments(t *testing.T) {
	b, err := ParseText("a.txt", strings.NewReader("Body.\n2 Comments\nAli\nSame.\nAli\nSame.\n"), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(b.Articles[0].Comments); n != 1 {
		t.Errorf("%d comments, want 1", n)
	}
}

func TestParseTextErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		meta Meta
		want string
	}{
		{"empty", "", Meta{}, "a.txt: no article text"},
		{"blank", "\n  \n\t\n", Meta{}, "a.txt: no article text"},
		{"only furniture", "Also Read: X\nWould you like me to help?\n", Meta{}, "a.txt: no article text"},
		{"only comments", "1 Comment\nAli\nHi.\n", Meta{}, "a.txt: no article text"},
		{"invalid UTF-8", "Title\nBody.\nBad \xff byte.\n", Meta{}, "a.txt:3: invalid UTF-8"},
		{"invalid UTF-8 after CRLF", "Body.\r\n\r\nBad \xc3\x28.\r\n", Meta{}, "a.txt:3: invalid UTF-8"},
		{"NUL", "Body.\nA\x00B\n", Meta{}, "a.txt:2: NUL byte"},
		{"too few comments", "Body.\n3 Comments\nAli\nHi.\nBo\nHo.\n", Meta{}, `a.txt:2: "3 Comments" announces 3 comments but 4 non-blank lines follow, want 6 (an author line, then a text line, per comment)`},
		{"too many comments", "Body.\n\n1 comment\nAli\nHi.\nBo\nHo.\n", Meta{}, `a.txt:3: "1 comment" announces 1 comments but 4 non-blank lines follow, want 2 (an author line, then a text line, per comment)`},
		{"author without text", "Body.\n2 Comments\nAli\nHi.\nBo\n", Meta{}, `a.txt:2: "2 Comments" announces 2 comments but 3 non-blank lines follow, want 4 (an author line, then a text line, per comment)`},
		{"multi-line comment", "Body.\n1 Comments\nAli\nHi.\nMore.\n", Meta{}, `a.txt:2: "1 Comments" announces 1 comments but 3 non-blank lines follow, want 2 (an author line, then a text line, per comment)`},
		{"bad meta", "Body.\n", Meta{Source: "\xff"}, "a.txt: meta source: invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ParseText("a.txt", strings.NewReader(tt.in), tt.meta)
			if err == nil {
				t.Fatalf("no error; batch %+v", b)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %q\nwant    %q", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("error %T is not an *Error", err)
			}
			if b.File != "" || len(b.Articles) != 0 {
				t.Errorf("partial batch returned: %+v", b)
			}
		})
	}
}

func TestIsHeading(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Istanbul Negotiations End Without Resolution", true},
		{"Key Point of Contention: Counter-Terrorism", true},
		{"Afghanistan's Stance and Mediators' Efforts", true},
		{"Warning of Escalation", true},
		{"Background", true},
		{"“Open War” Looms", true},
		{"TALKS COLLAPSE", true},
		{"2025 in Review", true},
		{"Istanbul, Turkey—October 28, 2025", true}, // a heading by shape; datelines are checked first
		{"Talks ended.", false},
		{"Also Read:", false},
		{"the talks ended", false},
		{"Pakistan and afghanistan ended their talks without a deal", false},
		{"- Pakistan’s Position", false},
		{"• Pakistani officials share photo", false},
		{"5 Comments", false},
		{"One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen Fourteen Fifteen Sixteen", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isHeading(tt.in); got != tt.want {
			t.Errorf("isHeading(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseProseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time // zero: not a date
	}{
		{"October 27th, 2025", date(2025, 10, 27)},
		{"October 28, 2025", date(2025, 10, 28)},
		{"Oct 1st 2025", date(2025, 10, 1)},
		{"Oct. 2nd, 2025", date(2025, 10, 2)},
		{"Sept. 3rd, 2025", date(2025, 9, 3)},
		{"23rd September 2025", date(2025, 9, 23)},
		{"Monday, October 27, 2025", date(2025, 10, 27)},
		{"2025-10-27", date(2025, 10, 27)},
		{"october  27 ,2025", time.Time{}},
		{"October 27", time.Time{}},
		{"Oct 32, 2025", time.Time{}},
		{"the city of talks", time.Time{}},
		{"", time.Time{}},
	}
	for _, tt := range tests {
		got, ok := parseProseDate(tt.in)
		if ok != !tt.want.IsZero() || !got.Equal(tt.want) {
			t.Errorf("parseProseDate(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
}
