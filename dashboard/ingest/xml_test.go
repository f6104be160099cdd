package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
)

// exportGolden is what the golden file of an export holds.
type exportGolden struct {
	Batch   dashboard.Batch
	Skipped string
}

func TestExportsGolden(t *testing.T) {
	for _, name := range []string{"disqus", "wxr"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "xml", name+".xml")
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			b, skipped, err := ParseSkipped(name+".xml", f, "", Meta{})
			if err != nil {
				t.Fatal(err)
			}
			checkExportBatch(t, b)
			compareGolden(t, name+".json", marshal(t, exportGolden{b, skipped.String()}))
		})
	}
}

// checkExportBatch checks what checkBatch checks, but allows an empty body
// (a Disqus thread has none).
func checkExportBatch(t *testing.T, b dashboard.Batch) {
	t.Helper()
	for i := range b.Articles {
		if b.Articles[i].Body == "" {
			b.Articles[i].Body = "-"
			defer func(i int) { b.Articles[i].Body = "" }(i)
		}
	}
	checkBatch(t, b, nil)
}

func TestParseDisqus(t *testing.T) {
	b, skipped := parseExport(t, "disqus")
	if len(b.Articles) != 1 {
		t.Fatalf("%d articles, want 1 (the two threads of one link merged, the others skipped)", len(b.Articles))
	}
	a := b.Articles[0]
	if a.ExternalID != "https://frontier.example/news/2025/10/27/istanbul-talks" || a.URL != a.ExternalID ||
		a.Title != "Istanbul talks stall over TTP — officials" || a.Body != "" || a.Source != "" ||
		!a.Published.Equal(time.Date(2025, 10, 27, 6, 2, 11, 0, time.UTC)) {
		t.Errorf("article = %+v", a)
	}
	want := []dashboard.Comment{
		{ExternalID: "disqus:6100000001", Author: "Zoë Ahmadzaï", Text: "Kabul keeps promising & never delivers.\n\nSecond paragraph,\nwith a line break.", Posted: time.Date(2025, 10, 27, 9, 15, 0, 0, time.UTC)},
		{ExternalID: "disqus:6100000002", ParentExternalID: "disqus:6100000001", Author: "محمد خان", Text: "Mediation by Türkiye and Qatar deserves credit. source", Posted: time.Date(2025, 10, 27, 10, 2, 30, 0, time.UTC)},
		{ExternalID: "disqus:6100000005", Author: "hostile_user", Text: "=HYPERLINK(\"http://evil.example\",\"click\") <script>alert(1)</script>\n\nIslamabad should walk away.", Posted: time.Date(2025, 10, 27, 11, 0, 0, 0, time.UTC)},
	}
	if len(a.Comments) != len(want) {
		t.Fatalf("%d comments, want %d: %+v", len(a.Comments), len(want), a.Comments)
	}
	for i, w := range want {
		w.ArticleExternalID = a.ExternalID
		if !sameComment(a.Comments[i], w) {
			t.Errorf("comment %d = %+v\nwant %+v", i, a.Comments[i], w)
		}
	}
	if got, want := skipped.String(), "1 deleted comment, 1 spam comment, 1 unapproved comment, 1 comment with no text, 1 comment of a skipped article, 1 deleted thread, 1 thread without comments"; got != want {
		t.Errorf("skipped = %s\nwant      %s", got, want)
	}
}

func TestParseWXR(t *testing.T) {
	b, skipped := parseExport(t, "wxr")
	if len(b.Articles) != 1 {
		t.Fatalf("%d articles, want 1", len(b.Articles))
	}
	a := b.Articles[0]
	wantBody := "ISTANBUL: Talks between Pakistan and Afghanistan ended without agreement on Tuesday, officials said.\n\n" +
		"“The patronage of terrorists is unacceptable,” Information Minister Attaullah Tarar said on X.\n\n" +
		"Delegates in Istanbul [sic]\n\nZabihullah Mujahid said Kabul \"will not be pressured\"."
	if a.ExternalID != "https://ledger.example/2025/10/28/istanbul-talks-end/" || a.Source != "Khyber Ledger" ||
		a.Title != "Talks in Istanbul end without a deal — both sides blame the other" ||
		!a.Published.Equal(time.Date(2025, 10, 28, 7, 30, 0, 0, time.UTC)) || a.Body != wantBody {
		t.Errorf("article = %+v\nbody %q", a, a.Body)
	}
	want := []dashboard.Comment{
		{ExternalID: "wp:ledger.example:501", Author: "Sören O'Brien", Text: "Neither side wants peace.\n\nBoth capitals play to the home crowd.\nSad & predictable.", Posted: time.Date(2025, 10, 28, 9, 0, 0, 0, time.UTC)},
		{ExternalID: "wp:ledger.example:502", ParentExternalID: "wp:ledger.example:501", Author: "نادیہ", Text: `=HYPERLINK("http://evil.example","win") Turkey tried its best.`, Posted: time.Date(2025, 10, 28, 10, 10, 0, 0, time.UTC)},
	}
	if len(a.Comments) != len(want) {
		t.Fatalf("%d comments, want %d: %+v", len(a.Comments), len(want), a.Comments)
	}
	for i, w := range want {
		w.ArticleExternalID = a.ExternalID
		if !sameComment(a.Comments[i], w) {
			t.Errorf("comment %d = %+v\nwant %+v", i, a.Comments[i], w)
		}
	}
	if got, want := skipped.String(), `1 deleted comment, 1 spam comment, 1 unapproved comment, 1 pingback, 1 comment of a skipped article, 1 unpublished post, 1 page, 1 attachment, 1 item of type "nav_menu_item"`; got != want {
		t.Errorf("skipped = %s\nwant      %s", got, want)
	}
}

func TestExportMeta(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "xml", "wxr.xml"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse("w.xml", strings.NewReader(string(data)), "", Meta{Source: "The Ledger", Published: date(2025, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if a := b.Articles[0]; a.Source != "The Ledger" || !a.Published.Equal(time.Date(2025, 10, 28, 7, 30, 0, 0, time.UTC)) {
		t.Errorf("--source must win over the site's name, the export's date over --published: %+v", a)
	}
	for _, m := range []Meta{{URL: "u"}, {Title: "t"}} {
		if _, err := Parse("w.xml", strings.NewReader(string(data)), "", m); err == nil || !strings.Contains(err.Error(), "plain-text articles only") {
			t.Errorf("meta %+v: error %v", m, err)
		}
	}
}

// parseExport parses testdata/xml/name.xml by its extension.
func parseExport(t *testing.T, name string) (dashboard.Batch, Skipped) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "xml", name+".xml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, skipped, err := ParseSkipped(name+".xml", f, "", Meta{})
	if err != nil {
		t.Fatal(err)
	}
	return b, skipped
}

func TestParseXMLSniff(t *testing.T) {
	const disqus = `<?xml version="1.0"?><!-- export --><disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"></disqus>`
	const wxr = `<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.1/"><channel></channel></rss>`
	tests := []struct {
		name, format, in, err string
	}{
		{"a.xml", "", disqus, ""},
		{"A.XML", "", wxr, ""},
		{"a.dat", "disqus", disqus, ""},
		{"a.dat", "wxr", wxr, ""},
		{"a.xml", "", `<rss version="2.0"><channel></channel></rss>`, "a.xml: an XML file that is neither a Disqus export (<disqus>) nor a WordPress export (<rss> with the WordPress namespace): an RSS feed without the WordPress export namespace (http://wordpress.org/export/...); name the format (--format, or ?format= on the import API)"},
		{"a.xml", "", `<feed/>`, "a.xml: an XML file that is neither a Disqus export (<disqus>) nor a WordPress export (<rss> with the WordPress namespace): root element <feed>; name the format (--format, or ?format= on the import API)"},
		{"a.xml", "", ``, "a.xml: an XML file that is neither a Disqus export (<disqus>) nor a WordPress export (<rss> with the WordPress namespace): no XML root element at the start of the file; name the format (--format, or ?format= on the import API)"},
		{"a.xml", "wxr", disqus, "a.xml:1: root element <disqus>: want <rss> (a WordPress export)"},
		{"a.xml", "disqus", wxr, "a.xml:1: root element <rss>: want <disqus> (a Disqus export)"},
	}
	for _, tt := range tests {
		b, err := Parse(tt.name, strings.NewReader(tt.in), tt.format, Meta{})
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("Parse(%s, %q): %v", tt.name, tt.format, err)
		case tt.err != "" && (err == nil || err.Error() != tt.err):
			t.Errorf("Parse(%s, %q) error = %v\nwant %s", tt.name, tt.format, err, tt.err)
		case tt.err == "" && (b.File != tt.name || len(b.Articles) != 0):
			t.Errorf("Parse(%s, %q) = %+v", tt.name, tt.format, b)
		}
	}
}

// Small exports for the error cases. Each starts on line 1.
const (
	dsqHead    = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<disqus xmlns=\"http://disqus.com\" xmlns:dsq=\"http://disqus.com/disqus-internals\">\n"                                                                           // lines 1-2
	dsqThr     = "<thread dsq:id=\"1\">\n<link>https://x.example/a</link>\n<title>A</title>\n<createdAt>2025-10-27T06:00:00Z</createdAt>\n</thread>\n"                                                                           // lines 3-7
	wxrHead    = "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n<title>Site</title>\n" // lines 1-4
	wxrItemXML = "<item>\n<title>T</title>\n<link>https://s.example/t</link>\n<wp:post_type>post</wp:post_type>\n<wp:status>publish</wp:status>\n"                                                                               // lines 5-9
)

// dsqPost is a post of thread 1, on 5 lines, with extra elements inside.
func dsqPost(id, extra string) string {
	return "<post dsq:id=\"" + id + "\">\n<message><![CDATA[<p>Hi</p>]]></message>\n<createdAt>2025-10-27T07:00:00Z</createdAt>\n<thread dsq:id=\"1\"/>\n" + extra + "</post>\n"
}

// wpComment is an approved comment, on 8 lines, with extra elements inside.
func wpComment(id, extra string) string {
	return "<wp:comment>\n<wp:comment_id>" + id + "</wp:comment_id>\n<wp:comment_author>A</wp:comment_author>\n<wp:comment_date_gmt>2025-10-28 09:00:00</wp:comment_date_gmt>\n<wp:comment_content>Hi</wp:comment_content>\n<wp:comment_approved>1</wp:comment_approved>\n" + extra + "</wp:comment>\n"
}

func TestParseExportErrors(t *testing.T) {
	tests := []struct {
		name, format, in, want string
	}{
		{"disqus unclosed tag", "disqus", dsqHead + dsqThr + "<post dsq:id=\"2\">\n<message>Hi\n</post>\n</disqus>\n",
			"d.xml:10: invalid XML: element <message> closed by </post>"},
		{"disqus truncated", "disqus", dsqHead + dsqThr + dsqPost("2", ""),
			"d.xml:13: invalid XML: unexpected EOF"},
		{"disqus unknown thread", "disqus", dsqHead + dsqThr + dsqPost("2", "") + "<post dsq:id=\"3\">\n<message>Hi</message>\n<thread dsq:id=\"99\"/>\n</post>\n</disqus>\n",
			`d.xml:15: post "3": thread dsq:id "99" is not in the file`},
		{"disqus bad date", "disqus", dsqHead + dsqThr + "<post dsq:id=\"2\">\n<message>Hi</message>\n<createdAt>27/10/2025</createdAt>\n<thread dsq:id=\"1\"/>\n</post>\n</disqus>\n",
			`d.xml:10: <createdAt>: want a time like 2025-10-27T09:15:00Z, got "27/10/2025"`},
		{"disqus bad flag", "disqus", dsqHead + dsqThr + dsqPost("2", "<isSpam>maybe</isSpam>\n") + "</disqus>\n",
			`d.xml:12: <isSpam>: want true or false, got "maybe"`},
		{"disqus post without thread", "disqus", dsqHead + dsqThr + "<post dsq:id=\"2\">\n<message>Hi</message>\n</post>\n</disqus>\n",
			`d.xml:8: <post> without <thread dsq:id="...">`},
		{"disqus thread without id", "disqus", dsqHead + "<thread>\n<link>x</link>\n</thread>\n</disqus>\n",
			`d.xml:3: <thread> without a dsq:id`},
		{"disqus repeated thread", "disqus", dsqHead + dsqThr + dsqThr + "</disqus>\n",
			`d.xml:8: thread dsq:id "1" is also at line 3`},
		{"disqus own parent", "disqus", dsqHead + dsqThr + dsqPost("2", "<parent dsq:id=\"2\"/>\n") + "</disqus>\n",
			`d.xml:8: comment "disqus:2" is its own parent`},
		{"disqus different repeat", "disqus", dsqHead + dsqThr + dsqPost("2", "") + strings.Replace(dsqPost("2", ""), "Hi", "Ho", 1) + "</disqus>\n",
			`d.xml:3: comment "disqus:2" of article "https://x.example/a" is also at line 3, with different content`},
		{"disqus invalid UTF-8", "disqus", dsqHead + dsqThr + strings.Replace(dsqPost("2", ""), "Hi", "H\xffi", 1) + "</disqus>\n",
			"d.xml:9: invalid XML: invalid UTF-8"},
		{"disqus NUL", "disqus", dsqHead + dsqThr + strings.Replace(dsqPost("2", ""), "Hi", "H\x00i", 1) + "</disqus>\n",
			"d.xml:9: invalid XML: illegal character code U+0000"},
		{"disqus other encoding", "disqus", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<disqus/>\n",
			`d.xml:1: read: xml: opening charset "ISO-8859-1": encoding "ISO-8859-1": want UTF-8`},
		{"disqus trailing element", "disqus", dsqHead + "</disqus>\n<disqus/>\n",
			"d.xml:4: element <disqus> after the root element"},
		{"disqus too deep", "disqus", dsqHead + dsqThr + "<post dsq:id=\"2\">" + strings.Repeat("<a>", 20) + strings.Repeat("</a>", 20) + "</post>\n</disqus>\n",
			"d.xml:8: <post> has more than 1000 elements or 16 levels"},
		{"disqus too long", "disqus", dsqHead + dsqThr + "<post dsq:id=\"2\">\n<message>" + strings.Repeat("x", maxRecordText+1) + "</message>\n</post>\n</disqus>\n",
			"d.xml:8: <post> holds more than 1 MB of text"},
		{"wxr unclosed tag", "wxr", wxrHead + wxrItemXML + "<wp:comment>\n<wp:comment_content>Hi\n</wp:comment>\n</item>\n</channel>\n</rss>\n",
			"w.xml:12: invalid XML: element <comment_content> closed by </comment>"},
		{"wxr bad comment date", "wxr", wxrHead + wxrItemXML + strings.Replace(wpComment("5", ""), "2025-10-28 09:00:00", "yesterday", 1) + "</item>\n</channel>\n</rss>\n",
			`w.xml:13: <wp:comment_date_gmt>: want a time like 2025-10-27 09:15:00, got "yesterday"`},
		{"wxr bad post date", "wxr", wxrHead + wxrItemXML + "<wp:post_date_gmt>28 Oct</wp:post_date_gmt>\n</item>\n</channel>\n</rss>\n",
			`w.xml:10: <wp:post_date_gmt>: want a time like 2025-10-27 09:15:00, got "28 Oct"`},
		{"wxr bad pubDate", "wxr", wxrHead + wxrItemXML + "<pubDate>28/10/2025</pubDate>\n</item>\n</channel>\n</rss>\n",
			`w.xml:10: <pubDate>: want an RFC 1123 date like Mon, 27 Oct 2025 09:15:00 +0000, got "28/10/2025"`},
		{"wxr bad approval", "wxr", wxrHead + wxrItemXML + strings.Replace(wpComment("5", ""), ">1</wp:comment_approved>", ">maybe</wp:comment_approved>", 1) + "</item>\n</channel>\n</rss>\n",
			`w.xml:15: <wp:comment_approved>: want 1, 0, spam or trash, got "maybe"`},
		{"wxr own parent", "wxr", wxrHead + wxrItemXML + wpComment("5", "<wp:comment_parent>5</wp:comment_parent>\n") + "</item>\n</channel>\n</rss>\n",
			`w.xml:10: comment "wp:5" is its own parent`},
		{"wxr two posts, one link", "wxr", wxrHead + wxrItemXML + "<content:encoded>A</content:encoded>\n</item>\n" + wxrItemXML + "<content:encoded>B</content:encoded>\n</item>\n</channel>\n</rss>\n",
			`w.xml:12: article "https://s.example/t" is also at line 5, with different content`},
		{"wxr truncated", "wxr", wxrHead + wxrItemXML,
			"w.xml:10: invalid XML: unexpected EOF"},
		{"wxr long body", "wxr", wxrHead + wxrItemXML + "<content:encoded>" + strings.Repeat("x", maxBodyText+1) + "</content:encoded>\n</item>\n</channel>\n</rss>\n",
			"w.xml:10: <content:encoded> holds more than 16 MB of text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := "d.xml"
			if tt.format == "wxr" {
				file = "w.xml"
			}
			b, skipped, err := ParseSkipped(file, strings.NewReader(tt.in), tt.format, Meta{})
			if err == nil {
				t.Fatalf("no error; batch %+v", b)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %s\nwant    %s", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.File != file {
				t.Errorf("error %#v is not an *Error for %s", err, file)
			}
			if b.File != "" || len(b.Articles) != 0 || skipped != nil {
				t.Errorf("partial batch returned: %+v %v", b, skipped)
			}
		})
	}
}

func TestHTMLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"<p>One</p><p>Two</p>", "One\n\nTwo"},
		{"a<br>b<br/>c", "a\nb\nc"},
		{"Line one\n\nLine two\nthree", "Line one\n\nLine two\nthree"},
		{"  lots   of\t spaces&nbsp;&nbsp;here ", "lots of spaces here"},
		{"&lt;script&gt;x&lt;/script&gt; &amp; &#8217; &eacute;", "<script>x</script> & ’ é"},
		{"<script>alert(1)</script><style>p{}</style>ok", "ok"},
		{"<ul><li>a</li><li>b</li></ul>after", "a\nb\n\nafter"},
		{"<a href=\"javascript:x\" onclick=\"y\">link</a> <img src=x onerror=alert(1)>", "link"},
		{"<p>unclosed <b>bold", "unclosed bold"},
		{"<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph -->", "x"},
		{"<blockquote>quoted</blockquote>reply", "quoted\n\nreply"},
		{"<p></p><p>  </p>", ""},
		{"5 < 6 and 7 > 3", "5 < 6 and 7 > 3"},
	}
	for _, tt := range tests {
		if got := htmlText(tt.in); got != tt.want {
			t.Errorf("htmlText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStripShortcodes(t *testing.T) {
	in := `[caption id="a" width="800"]<img src="x"> Delegates [sic][/caption] [gallery ids="1,2"] "[the Taliban] will talk"`
	want := `<img src="x"> Delegates [sic]  "[the Taliban] will talk"`
	if got := stripShortcodes(in); got != want {
		t.Errorf("stripShortcodes = %q, want %q", got, want)
	}
}

func TestSkippedString(t *testing.T) {
	s := Skipped{skipSpam: 2, skipDeleted: 3, skipPage: 1, `item of type "wp_block"`: 2, skipNoComments: 2, skipUnderSkipped: 4}
	want := `3 deleted comments, 2 spam comments, 4 comments of a skipped article, 2 threads without comments, 1 page, 2 items of type "wp_block"`
	if got := s.String(); got != want {
		t.Errorf("String() = %s\nwant       %s", got, want)
	}
	if s.Total() != 14 || (Skipped{}).String() != "" || Skipped(nil).Total() != 0 {
		t.Errorf("Total %d, empty %q", s.Total(), Skipped{}.String())
	}
}

func FuzzParseDisqus(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "xml", "disqus.xml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(dsqHead + dsqThr + dsqPost("2", "<parent dsq:id=\"1\"/>") + "</disqus>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, _, err := ParseDisqus("f.xml", strings.NewReader(string(data)), Meta{})
		if err != nil {
			checkBatch(t, b, err)
			return
		}
		checkExportBatch(t, b)
	})
}

func FuzzParseWXR(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "xml", "wxr.xml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(wxrHead + wxrItemXML + wpComment("5", "") + "</item></channel></rss>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, _, err := ParseWXR("f.xml", strings.NewReader(string(data)), Meta{})
		if err != nil {
			checkBatch(t, b, err)
			return
		}
		checkExportBatch(t, b)
	})
}
