package web

import (
	"encoding/json"
	"errors"
	"html"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
)

func TestParseFilter(t *testing.T) {
	karachi := time.FixedZone("PKT", 5*3600)
	for _, tc := range []struct {
		name     string
		sources  []string
		from, to string
		loc      *time.Location
		want     dashboard.Filter
		err      string
	}{
		{name: "none", want: dashboard.Filter{}},
		{name: "outlets sorted, once each", sources: []string{"Reuters", "Dawn", "Reuters", ""},
			want: dashboard.Filter{Sources: []string{"", "Dawn", "Reuters"}}},
		{name: "days", from: "2025-10-26", to: "2025-10-28",
			want: dashboard.Filter{From: day(26, 0), To: day(29, 0)}},
		{name: "one day", from: "2025-10-28", to: "2025-10-28", want: dashboard.Filter{From: day(28, 0), To: day(29, 0)}},
		{name: "open end", from: " 2025-10-26 ", want: dashboard.Filter{From: day(26, 0)}},
		{name: "days in the server's zone", from: "2025-10-26", to: "2025-10-26", loc: karachi,
			want: dashboard.Filter{From: day(25, 19), To: day(26, 19)}},
		{name: "not a day", from: "yesterday", err: "The “from” date must be a day written YYYY-MM-DD (2025-10-28), not “yesterday”."},
		{name: "no such day", to: "2025-02-30", err: "The “to” date must be a day written YYYY-MM-DD"},
		{name: "backwards", from: "2025-10-28", to: "2025-10-26", err: "The “from” date (28 Oct 2025) is after the “to” date (26 Oct 2025)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseFilter(tc.sources, tc.from, tc.to, tc.loc)
			if tc.err != "" {
				if err == nil || !errors.Is(err, ErrBadRequest) || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want ErrBadRequest with %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Sources, tc.want.Sources) || !got.From.Equal(tc.want.From) || !got.To.Equal(tc.want.To) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
			// The query of the filter reads back as the same filter.
			loc := tc.loc
			if loc == nil {
				loc = time.UTC
			}
			q := filterQuery(got, loc)
			back, err := filterFromQuery(q, loc)
			if err != nil || !reflect.DeepEqual(back.Sources, got.Sources) || !back.From.Equal(got.From) || !back.To.Equal(got.To) {
				t.Errorf("query %q reads back as %+v, %v", q.Encode(), back, err)
			}
		})
	}
}

func TestFilterText(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want string
	}{
		{"", ""},
		{"source=Reuters&source=Dawn", "Dawn, Reuters"},
		{"source=", "Unknown outlet"},
		{"source=Dawn&from=2025-10-26&to=2025-10-28", "Dawn; published 26–28 Oct 2025"},
		{"from=2025-10-26", "published from 26 Oct 2025"},
		{"to=2025-11-02", "published up to 2 Nov 2025"},
		{"source=a&source=b&source=c&source=d&source=e&source=f", "a, b, c, d, 2 more"},
		{"source=" + url.QueryEscape(strings.Repeat("x", 40)), strings.Repeat("x", 23) + "…"},
	} {
		q, _ := url.ParseQuery(tc.q)
		f, err := filterFromQuery(q, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		if got := filterText(f, time.UTC); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.q, got, tc.want)
		}
	}
}

// chartSubtitle returns the subtitle of a chart's option on a page.
func chartSubtitle(t *testing.T, body, id string) string {
	t.Helper()
	var opt map[string]any
	if err := json.Unmarshal([]byte(optionBlock(t, body, id)), &opt); err != nil {
		t.Fatal(err)
	}
	return items(opt["title"])[0]["subtext"].(string)
}

// TestStoryPageFilter: the filtered page says what it shows, its tables,
// charts, captions and download links follow the filter, and the form
// shows the filter.
func TestStoryPageFilter(t *testing.T) {
	h := imageServer(t, seedStore())
	res, body := get(t, h, "/stories/"+seedStory+"?to=2025-10-28&source=Reuters&source=Dawn&from=2025-10-27")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{
		// Dawn (27 Oct, 4 statements) and Reuters (28 Oct, 2).
		"<strong>Showing 2 of 5 articles: Dawn, Reuters; published 27–28 Oct 2025 · 6 quoted statements, 0 comments</strong>",
		`<a href="/stories/istanbul-talks-2025" class="clear-filters">Clear filters</a>`,
		`<form class="filters" method="get" action="/stories/istanbul-talks-2025"`,
		`<input type="checkbox" name="source" value="Dawn" checked> Dawn`,
		`<input type="checkbox" name="source" value="Reuters" checked> Reuters`,
		`<input type="checkbox" name="source" value="TOLOnews"> TOLOnews`,
		`<input type="checkbox" name="source" value=""> Unknown outlet`,
		`<input type="date" name="from" value="2025-10-27">`,
		`<input type="date" name="to" value="2025-10-28">`,
		"Source: tonedesk analysis of 0 comments and 6 statements from 2 outlets, 27–28 Oct 2025",
		`Quoted statements <span class="count">6</span>`,
		"No comments yet, so no distribution of their sentiment.",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, gone := range []string{"Al Jazeera", "Zabihullah Mujahid said Pakistan", "Farah K."} {
		if strings.Contains(body, gone) && gone != "Al Jazeera" {
			t.Errorf("page shows %q, which the filter leaves out", gone)
		}
	}
	if strings.Contains(body, `<td class="outlet">Al Jazeera</td>`) || strings.Contains(body, "unreasonable and impossible") {
		t.Error("the tables show an article the filter leaves out")
	}
	const line = "Only Dawn, Reuters; published 27–28 Oct 2025"
	for _, id := range []string{chartToneBySideStatements, chartToneBySource, chartSideSourceHeatmap} {
		sub := chartSubtitle(t, body, id)
		if !strings.HasSuffix(sub, "\n"+line) {
			t.Errorf("%s: subtitle %q does not end with the filter", id, sub)
		}
		if strings.HasPrefix(sub, "All ") {
			t.Errorf("%s: a filtered subtitle says All: %q", id, sub)
		}
	}
	// The download links carry the filter, in canonical order.
	const fq = "from=2025-10-27&amp;source=Dawn&amp;source=Reuters&amp;to=2025-10-28"
	for _, href := range []string{
		"/stories/istanbul-talks-2025/charts/tone-by-source.png?" + fq + `"`,
		"/stories/istanbul-talks-2025/charts/tone-by-source.png?from=2025-10-27&amp;source=Dawn&amp;source=Reuters&amp;theme=dark&amp;to=2025-10-28",
		"/stories/istanbul-talks-2025/charts/tone-by-source.png?from=2025-10-27&amp;preset=article&amp;source=Dawn",
		"/stories/istanbul-talks-2025/charts/tone-by-source.csv?" + fq + `"`,
		"/stories/istanbul-talks-2025/charts/tone-by-source.txt?" + fq + `"`,
	} {
		if !strings.Contains(body, `href="`+href) {
			t.Errorf("no link %s", href)
		}
	}

	// The unfiltered page has neither the line nor the links' filter.
	_, whole := get(t, h, "/stories/"+seedStory)
	if strings.Contains(whole, "Clear filters") || strings.Contains(whole, "Showing ") || strings.Contains(whole, "source=") {
		t.Error("the whole story's page shows a filter")
	}
	if sub := chartSubtitle(t, whole, chartToneBySource); strings.Contains(sub, "\n") {
		t.Errorf("unfiltered subtitle has a filter line: %q", sub)
	}
}

// TestStoryPageFilterOutlets: the articles with no outlet are the empty
// source; an outlet the story lacks matches nothing, and the page says so.
func TestStoryPageFilterOutlets(t *testing.T) {
	s, _ := newTestServer(t, Config{}, seedStore())
	h := s.Handler()
	_, body := get(t, h, "/stories/"+seedStory+"?source=")
	for _, want := range []string{
		"Showing 1 of 5 articles: Unknown outlet · 2 quoted statements, 5 comments",
		`<input type="checkbox" name="source" value="" checked> Unknown outlet`,
		"Farah K.",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("unknown outlet: page lacks %q", want)
		}
	}
	res, body := get(t, h, "/stories/"+seedStory+"?source=Nowhere+Times")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{
		"Showing 0 of 5 articles: Nowhere Times · 0 quoted statements, 0 comments",
		"“Nowhere Times” is not an outlet of this story, so it matches no article. No article matches these filters.",
		`value="Nowhere Times" checked> Nowhere Times <span class="muted">(not in this story)</span>`,
		"No articles yet.",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("no such outlet: page lacks %q", want)
		}
	}
}

// TestStoryPageBadFilter: a date that does not parse, or a from after the
// to, is a 400 whose page says what is wrong.
func TestStoryPageBadFilter(t *testing.T) {
	s, _ := newTestServer(t, Config{}, seedStore())
	for _, tc := range []struct{ q, want string }{
		{"from=26%2F10%2F2025", "The “from” date must be a day written YYYY-MM-DD (2025-10-28), not “26/10/2025”."},
		{"to=2025-10-32", "The “to” date must be a day written YYYY-MM-DD (2025-10-28), not “2025-10-32”."},
		{"from=2025-10-29&to=2025-10-26", "The “from” date (29 Oct 2025) is after the “to” date (26 Oct 2025): nothing can be published in between."},
	} {
		res, body := get(t, s.Handler(), "/stories/"+seedStory+"?"+tc.q, "Accept", "text/html")
		if res.StatusCode != 400 {
			t.Errorf("%s: status %d, want 400", tc.q, res.StatusCode)
		}
		if !strings.Contains(html.UnescapeString(body), tc.want) || !strings.Contains(body, "Bad filter") {
			t.Errorf("%s: the page does not say %q", tc.q, tc.want)
		}
	}
}

// TestChartFileFilter: a chart file with the filter's parameters is drawn
// from the filtered data, states the filter, and has an ETag of its own.
func TestChartFileFilter(t *testing.T) {
	h := imageServer(t, seedStore())
	res, body := get(t, h, chartURL(seedStory, "tone-by-source", "csv", "source=Dawn&source=TOLOnews"))
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	rows := parseCSV(t, []byte(body))
	if len(rows) != 3 || rows[1][0] != "Dawn" || rows[2][0] != "TOLOnews" {
		t.Errorf("filtered CSV rows %q", rows)
	}
	whole, _ := get(t, h, chartURL(seedStory, "tone-by-source", "csv", ""))
	if whole.Header.Get("ETag") == res.Header.Get("ETag") {
		t.Error("the filtered CSV has the ETag of the whole story's")
	}

	_, alt := get(t, h, chartURL(seedStory, "tone-by-source", "txt", "source=Dawn"))
	if !strings.Contains(alt, "Dawn: articles") || strings.Contains(alt, "Reuters") || !strings.HasSuffix(alt, " Only Dawn.\n") {
		t.Errorf("filtered alt text %q", alt)
	}

	q := "source=Dawn&source=Reuters&from=2025-10-27&to=2025-10-28"
	res, svg := get(t, h, chartURL(seedStory, "tone-by-side-statements", "svg", q))
	if res.StatusCode != 200 {
		t.Fatalf("svg: status %d: %s", res.StatusCode, svg)
	}
	_, _, texts := svgTexts(t, []byte(svg))
	all := joined(texts)
	for _, want := range []string{"Only Dawn, Reuters; published 27–28 Oct 2025",
		"Source: tonedesk analysis of 0 comments and 6 statements from 2 outlets, 27–28 Oct 2025"} {
		if !strings.Contains(all, want) {
			t.Errorf("SVG lacks %q in %q", want, all)
		}
	}
	_, svgWhole := get(t, h, chartURL(seedStory, "tone-by-side-statements", "svg", ""))
	if svgWhole == svg {
		t.Error("the filtered SVG is the whole story's")
	}
	// The same filter in another order is the same file.
	other, _ := get(t, h, chartURL(seedStory, "tone-by-side-statements", "svg", "to=2025-10-28&from=2025-10-27&source=Reuters&source=Dawn"))
	if other.Header.Get("ETag") != res.Header.Get("ETag") {
		t.Error("the same filter in another order has another ETag")
	}
	res, png := get(t, h, chartURL(seedStory, "side-source-heatmap", "png", q+"&preset=article"))
	if res.StatusCode != 200 {
		t.Fatalf("png: status %d", res.StatusCode)
	}
	decodePNG(t, []byte(png), 1440, 810)
}

// TestFilterHostileOutlet: an outlet name that is markup, chosen in the
// filter, stays text on the page, in the option's JSON, in the links and in
// the SVG.
func TestFilterHostileOutlet(t *testing.T) {
	h := imageServer(t, seedStore())
	target := "/stories/hostile?source=" + url.QueryEscape(xssBreakout) + "&source=" + url.QueryEscape(xssImg)
	res, body := get(t, h, target)
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, bad := range []string{"</script><script>alert(1)", "<img src=x", `onerror="window`} {
		if strings.Contains(body, bad) {
			t.Errorf("raw %q in the page", bad)
		}
	}
	for _, want := range []string{
		`<input type="checkbox" name="source" value="&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" checked>`,
		"Showing 2 of 3 articles: &lt;/script&gt;&lt;script&gt;alert(…, &lt;img src=x onerror=&#34;win… · ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	raw := optionBlock(t, body, chartToneBySource)
	if strings.ContainsAny(raw, "<>&") {
		t.Error("option block contains <, > or &")
	}
	sub := chartSubtitle(t, body, chartToneBySource)
	if !strings.Contains(sub, "\nOnly "+shorten(xssBreakout, maxOutletLabel)+", "+shorten(xssImg, maxOutletLabel)) {
		t.Errorf("subtitle %q", sub)
	}
	// The links carry the names URL-encoded.
	enc := "source=" + url.QueryEscape(xssBreakout)
	if !strings.Contains(html.UnescapeString(body), "/stories/hostile/charts/tone-by-source.png?"+enc) {
		t.Errorf("no link with %s", enc)
	}
	// The SVG drawn for that link has the names as text.
	res, svg := get(t, h, chartURL("hostile", "tone-by-source", "svg", "source="+url.QueryEscape(xssBreakout)+"&source="+url.QueryEscape(xssImg)))
	if res.StatusCode != 200 {
		t.Fatalf("svg: status %d", res.StatusCode)
	}
	if strings.Contains(svg, "<script") || strings.Contains(svg, "<img") {
		t.Error("markup from an outlet name reached the SVG as markup")
	}
	_, _, texts := svgTexts(t, []byte(svg))
	if all := joined(texts); !strings.Contains(all, "Only "+shorten(xssBreakout, maxOutletLabel)) {
		t.Errorf("SVG lacks the filter line: %q", all)
	}
}
