package web

import (
	"fmt"
	"html/template"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/sentiment"
)

// renderBody writes paragraphs as the article template does, in a compact
// notation: [id:text] for a mark with an id, (text) for one without, | between
// pieces, and a new line per paragraph.
func renderBody(paras []paragraph) string {
	var b strings.Builder
	for _, p := range paras {
		for i, pc := range p.Pieces {
			if i > 0 {
				b.WriteString("|")
			}
			for _, m := range pc.Marks {
				if m.ID != "" {
					b.WriteString("[" + strings.TrimPrefix(m.ID, "quote-") + ":")
				} else {
					b.WriteString("(")
				}
			}
			b.WriteString(pc.Text)
			for j := len(pc.Marks) - 1; j >= 0; j-- {
				if pc.Marks[j].ID != "" {
					b.WriteString("]")
				} else {
					b.WriteString(")")
				}
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestLayoutBody(t *testing.T) {
	q := func(id int64, start, end int) dashboard.Quote { return dashboard.Quote{ID: id, Start: start, End: end} }
	mark := func(dashboard.Quote) (string, string) { return "grp-unknown", "" }
	for _, tc := range []struct {
		name   string
		body   string
		quotes []dashboard.Quote
		want   string
		placed []bool
	}{
		{"no quotes", "One.\n\n  \nTwo.", nil, "One.\nTwo.\n", []bool{}},
		{"one quote", `He said "no" today.`, []dashboard.Quote{q(1, 8, 12)}, "He said |[1:\"no\"]| today.\n", []bool{true}},
		{"whole body", "abc", []dashboard.Quote{q(1, 0, 3)}, "[1:abc]\n", []bool{true}},
		{"nested", "a bc d", []dashboard.Quote{q(2, 2, 3), q(1, 0, 6)}, "[1:a ]|([2:b])|(c d)\n", []bool{true, true}},
		{"overlapping", "abcdef", []dashboard.Quote{q(1, 0, 4), q(2, 2, 6)}, "[1:ab]|([2:cd])|(ef)\n", []bool{true, true}},
		{"same span twice", "abc", []dashboard.Quote{q(1, 0, 3), q(2, 0, 3)}, "[1:[2:abc]]\n", []bool{true, true}},
		{"over a line break", "ab\ncd", []dashboard.Quote{q(1, 1, 4)}, "a|[1:b]\n(c)|d\n", []bool{true}},
		{"starting on white space", "ab\n\ncd", []dashboard.Quote{q(1, 2, 5)}, "ab\n[1:c]|d\n", []bool{true}},
		{"out of range", "abc", []dashboard.Quote{q(1, 1, 99), q(2, -1, 2), q(3, 2, 1), q(4, 1, 1), q(5, 0, 1)},
			"[5:a]|bc\n", []bool{false, false, false, false, true}},
		{"only white space", "ab\n \ncd", []dashboard.Quote{q(1, 2, 5)}, "ab\ncd\n", []bool{false}},
		{"inside a character", "xé!", []dashboard.Quote{q(1, 2, 3)}, "x|[1:é]|!\n", []bool{true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			paras, placed := layoutBody(tc.body, tc.quotes, mark)
			if got := renderBody(paras); got != tc.want {
				t.Errorf("layout\n%q\nwant\n%q", got, tc.want)
			}
			if fmt.Sprint(placed) != fmt.Sprint(tc.placed) {
				t.Errorf("placed %v, want %v", placed, tc.placed)
			}
			// The pieces hold the text of the lines, nothing lost, nothing
			// added.
			var text []string
			for _, p := range paras {
				var line strings.Builder
				for _, pc := range p.Pieces {
					line.WriteString(pc.Text)
				}
				text = append(text, line.String())
			}
			var lines []string
			for _, l := range strings.Split(tc.body, "\n") {
				if strings.TrimSpace(l) != "" {
					lines = append(lines, l)
				}
			}
			if strings.Join(text, "\n") != strings.Join(lines, "\n") {
				t.Errorf("text %q, want the lines %q", text, lines)
			}
		})
	}
	// A CR before the line break stays in the piece (white space on the page).
	paras, placed := layoutBody("ab\r\ncd", []dashboard.Quote{q(1, 4, 6)}, mark)
	if got := renderBody(paras); got != "ab\r\n[1:cd]\n" || !placed[0] {
		t.Errorf("crlf: %q %v", got, placed)
	}
}

func FuzzLayoutBody(f *testing.F) {
	f.Add("He said \"no\".\nShe said \"yes\".", 8, 12, 3, 20)
	f.Add("é\n\nü", 1, 4, -3, 2)
	f.Fuzz(func(t *testing.T, body string, s1, e1, s2, e2 int) {
		quotes := []dashboard.Quote{{ID: 1, Start: s1, End: e1}, {ID: 2, Start: s2, End: e2}}
		paras, placed := layoutBody(body, quotes, func(dashboard.Quote) (string, string) { return "", "" })
		ids := 0
		for _, p := range paras {
			for _, pc := range p.Pieces {
				if pc.Text == "" {
					t.Fatal("empty piece")
				}
				for _, m := range pc.Marks {
					if m.ID != "" {
						ids++
					}
				}
			}
		}
		n := 0
		for _, ok := range placed {
			if ok {
				n++
			}
		}
		if ids != n {
			t.Fatalf("%d ids for %d placed statements", ids, n)
		}
	})
}

// articleIDs returns the ids of a story's articles in the seed store, by
// external id.
func articleIDs(t *testing.T, st *fakeStore, story string) map[string]dashboard.Article {
	t.Helper()
	m := map[string]dashboard.Article{}
	for _, a := range st.articles[story] {
		m[a.ExternalID] = a
	}
	return m
}

func TestArticlePage(t *testing.T) {
	st := seedStore()
	s, logs := newTestServer(t, Config{}, st)
	dawn := articleIDs(t, st, "istanbul-talks-2025")["dawn-1"]
	anon := articleIDs(t, st, "istanbul-talks-2025")["anon-1"]

	res, body := get(t, s.Handler(), articleLink("istanbul-talks-2025", dawn.ID))
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	q := dawn.Quotes[0]
	for _, w := range []string{
		"<h1>Stalemate persists at Istanbul talks as Taliban balk at verifiable action</h1>",
		`<a href="/stories/istanbul-talks-2025">Pakistan–Afghanistan talks, Istanbul, October 2025</a>`,
		`<time datetime="2025-10-27T02:00:00Z">27 Oct 2025</time>`, `<span class="dateline">ISTANBUL</span>`,
		fmt.Sprintf(`Defence Minister Khawaja Asif told Geo News that <mark id="quote-%d" class="quote-mark grp-s0" data-quote="%d" title="Khawaja Asif (Pakistan), tone −0.62">“patience has run its course”</mark> and warned`, q.ID, q.ID),
		fmt.Sprintf(`href="/stories/istanbul-talks-2025/articles/%d#quote-%d"`, dawn.ID, q.ID),
		`<span class="chip grp-s1"><span class="swatch grp-s1" aria-hidden="true"></span>Afghanistan (Taliban government)</span>`,
		"No comments under this article.",
		`<a href="https://www.dawn.com/news/1951234" rel="noopener noreferrer nofollow">Read at Dawn</a>`,
	} {
		if !strings.Contains(body, w) {
			t.Errorf("body lacks %q", w)
		}
	}
	if n := strings.Count(body, "<mark id="); n != 4 {
		t.Errorf("%d marks with an id, want 4", n)
	}
	assertSecurityHeaders(t, res)
	assertOwnAssets(t, body)

	// Comments are listed under their article.
	_, body = get(t, s.Handler(), articleLink("istanbul-talks-2025", anon.ID))
	for _, w := range []string{"Farah K.", "Credit to Turkey and Qatar", "Pro Pakistan", "Unknown outlet", "Talks enter critical third day"} {
		if !strings.Contains(body, w) {
			t.Errorf("untitled-outlet article lacks %q", w)
		}
	}
	if strings.Contains(logs.String(), "outside their article") {
		t.Errorf("a warning for statements that fit:\n%s", logs)
	}
}

func TestArticlePageHostile(t *testing.T) {
	st := seedStore()
	s, logs := newTestServer(t, Config{}, st)
	h1 := articleIDs(t, st, "hostile")["h1"]
	res, body := get(t, s.Handler(), articleLink("hostile", h1.ID))
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, bad := range []string{"</script><script>", "<script>window.__xss", "<img src=x", `href="javascript:`} {
		if strings.Contains(body, bad) {
			i := strings.Index(body, bad)
			t.Errorf("raw %q in the page: …%s…", bad, body[max(0, i-80):min(len(body), i+80)])
		}
	}
	for _, w := range []string{
		`<td class="speaker">&lt;/script&gt;&lt;script&gt;window.__xss=1&lt;/script&gt;</td>`,
		`<td class="via">&lt;/script&gt;&lt;script&gt;window.__xss=1&lt;/script&gt;</td>`,
		`title="&lt;/script&gt;&lt;script&gt;window.__xss=1&lt;/script&gt; (Unattributed), tone −0.70"`,
		"4 statements’ places in the text could not be found",
		fmt.Sprintf(`<tr id="quote-%d">`, h1.Quotes[2].ID), // out of range: its row is the target
	} {
		if !strings.Contains(body, w) {
			t.Errorf("body lacks %q", w)
		}
	}
	if !strings.Contains(logs.String(), "quoted statements outside their article's text") || !strings.Contains(logs.String(), "count=4") {
		t.Errorf("the unplaced statements are not logged:\n%s", logs)
	}
	// Every mark is well formed: as many closed as opened, ids unique.
	if o, c := strings.Count(body, "<mark "), strings.Count(body, "</mark>"); o != c || o == 0 {
		t.Errorf("%d <mark> opened, %d closed", o, c)
	}

	// The edge cases: nested and split marks.
	h2 := articleIDs(t, st, "hostile")["h2"]
	_, body = get(t, s.Handler(), articleLink("hostile", h2.ID))
	ids := regexp.MustCompile(`<mark id="(quote-\d+)"`).FindAllStringSubmatch(body, -1)
	if len(ids) != 4 {
		t.Errorf("%d ids, want one per statement (4): %v", len(ids), ids)
	}
	if strings.Contains(body, "could not be found") {
		t.Error("the edge-case statements are reported as not found")
	}
}

func TestArticleNotFound(t *testing.T) {
	st := seedStore()
	s, _ := newTestServer(t, Config{}, st)
	hostile := articleIDs(t, st, "hostile")["h1"]
	for _, tc := range []struct {
		target, title string
	}{
		{"/stories/istanbul-talks-2025/articles/999999", "Article not found"},
		{"/stories/istanbul-talks-2025/articles/abc", "Article not found"},
		{"/stories/istanbul-talks-2025/articles/-1", "Article not found"},
		{"/stories/istanbul-talks-2025/articles/99999999999999999999999", "Article not found"},
		{articleLink("istanbul-talks-2025", hostile.ID), "Article not found"}, // another story's
		{"/stories/no-such-story/articles/1", "Story not found"},
		{"/stories/%3Cscript%3E/articles/%3Cscript%3E", "Article not found"},
	} {
		res, body := get(t, s.Handler(), tc.target)
		if res.StatusCode != 404 || !strings.Contains(body, tc.title) {
			t.Errorf("%s: status %d, want 404 %q", tc.target, res.StatusCode, tc.title)
		}
		if strings.Contains(body, "<script>") && !strings.Contains(tc.target, "%3C") {
			t.Errorf("%s: raw script", tc.target)
		}
		if strings.Contains(body, "“<script>") {
			t.Errorf("%s: the id is written raw", tc.target)
		}
	}
}

func TestStoryQuotesTable(t *testing.T) {
	st := seedStore()
	s, _ := newTestServer(t, Config{}, st)
	_, body := get(t, s.Handler(), "/stories/istanbul-talks-2025")
	dawn := articleIDs(t, st, "istanbul-talks-2025")["dawn-1"]
	for _, w := range []string{
		`Quoted statements <span class="count">12</span>`,
		`<td class="speaker">Khawaja Asif</td>`,
		`<td class="via">Geo News</td>`,
		fmt.Sprintf(`<a class="quote-link" href="/stories/istanbul-talks-2025/articles/%d#quote-%d">“patience has run its course”</a>`, dawn.ID, dawn.Quotes[0].ID),
		`<span class="chip grp-unknown"><span class="swatch grp-unknown" aria-hidden="true"></span>Unattributed</span>`,
		`<span class="chip grp-p1"><span class="swatch grp-p1" aria-hidden="true"></span>Tehrik-e-Taliban Pakistan</span>`,
		fmt.Sprintf(`<a href="/stories/istanbul-talks-2025/articles/%d">Stalemate persists`, dawn.ID), // the articles table
		`id="chart-tone-by-side-statements"`, `id="chart-side-source-heatmap"`,
		`<script type="application/json" id="chart-side-source-heatmap-option">`,
		"statements by Pakistan averaged −0.40 (n=5, 95% interval −0.62 to −0.19)",
		"Tone by side — statements as a table", "Side × source as a table",
		`<th scope="row"><span class="swatch grp-s0" aria-hidden="true"></span>Pakistan</th>`,
	} {
		if !strings.Contains(body, w) {
			t.Errorf("body lacks %q", w)
		}
	}
	if strings.Contains(body, "its place in the text is not known") {
		t.Error("a seed statement is reported as not placed")
	}

	// Hostile: escaped in the table, out-of-range statements flagged.
	_, body = get(t, s.Handler(), "/stories/hostile")
	for _, w := range []string{
		`<td class="speaker">&lt;img src=x onerror=&#34;window.__xss=1&#34;&gt;</td>`,
		`>&lt;/script&gt;&lt;script&gt;window.__xss=1&lt;/script&gt;</a>`,
		"(its place in the text is not known)",
	} {
		if !strings.Contains(body, w) {
			t.Errorf("hostile body lacks %q", w)
		}
	}
	for _, id := range []string{chartToneBySideStatements, chartSideSourceHeatmap} {
		if raw := optionBlock(t, body, id); strings.ContainsAny(raw, "<>&") {
			t.Errorf("%s: option block contains <, > or &", id)
		}
	}

	// The cap.
	s, _ = newTestServer(t, Config{MaxQuotes: 3}, st)
	_, body = get(t, s.Handler(), "/stories/istanbul-talks-2025")
	if !strings.Contains(body, "Showing the first 3 of 12 statements.") || strings.Count(body, `class="quote-link"`) != 3 {
		t.Error("MaxQuotes does not cap the table")
	}
}

func TestGroupsStyleSheet(t *testing.T) {
	s, _ := newTestServer(t, Config{}, seedStore())
	u, err := s.static.url(groupsCSSFile)
	if err != nil {
		t.Fatal(err)
	}
	res, body := get(t, s.Handler(), u)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") || body != string(groupsCSS()) {
		t.Errorf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	_, page := get(t, s.Handler(), "/stories/istanbul-talks-2025")
	if !strings.Contains(page, `<link rel="stylesheet" href="`+u+`">`) {
		t.Error("the story page does not load the group colours")
	}
}

// The class names put into class attributes come from fixed sets.
func TestGroupClassesAreFixed(t *testing.T) {
	ok := regexp.MustCompile(`^grp-(s\d|p\d|other|unknown)$`)
	gs := newGroups(testSpec)
	for _, id := range []string{"pk", "af", "med", "ttp", "unknown", "", xssBreakout} {
		if c := gs.lookup(id).Class; !ok.MatchString(c) || template.HTMLEscapeString(c) != c {
			t.Errorf("class of %q = %q", id, c)
		}
	}
}

// Each statement's tone shows the words that moved it most, a word folded
// into the phrase that holds it ("war" into "open war").
func TestArticlePageWhy(t *testing.T) {
	st := seedStore()
	s, _ := newTestServer(t, Config{}, st)
	dawn := articleIDs(t, st, "istanbul-talks-2025")["dawn-1"]
	_, body := get(t, s.Handler(), articleLink("istanbul-talks-2025", dawn.ID))
	for _, w := range []string{
		`<span class="why"><span class="visually-hidden">moved by: </span><span class="why-sign">−</span>run its course, <span class="why-sign">+</span>patience</span>`,
		`<span class="why"><span class="visually-hidden">moved by: </span><span class="why-sign">−</span>open war</span>`,
		`<span class="why-sign">+</span>peaceful, <span class="why-sign">+</span>solution</span>`,
	} {
		if !strings.Contains(body, w) {
			t.Errorf("body lacks %q", w)
		}
	}
	if strings.Contains(body, `</span>war</span>`) || strings.Contains(body, `</span>war,`) {
		t.Error(`"war" is listed apart from "open war"`)
	}
}

func TestWhyOf(t *testing.T) {
	got := whyOf([]sentiment.Driver{
		{Text: "talks", Weight: 0.3}, {Text: "open war", Weight: -0.6}, {Text: "war", Weight: -1.8},
		{Text: "calm", Weight: 0.9}, {Text: "the", Weight: 0.01}, {Text: "hope", Weight: 0.2},
	})
	want := []driverView{{true, "open war"}, {false, "calm"}, {false, "talks"}}
	if !slices.Equal(got, want) {
		t.Errorf("whyOf = %v, want %v", got, want)
	}
	got = whyOf([]sentiment.Driver{{Text: "@side problem", Weight: -0.8}, {Text: "of the", Weight: 0.6}, {Text: "@party", Weight: 0.3}})
	want = []driverView{{true, "[a side] problem"}, {false, "[a party]"}}
	if !slices.Equal(got, want) {
		t.Errorf("whyOf = %v, want %v", got, want)
	}
	if got := whyOf([]sentiment.Driver{{Text: "the", Weight: 0.01}}); got != nil {
		t.Errorf("a driver that moved nothing: %v", got)
	}
}
