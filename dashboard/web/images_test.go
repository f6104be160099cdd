package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tonedesk/tonedesk/assets"
	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/dashboard/web/render"
)

var outDir = flag.String("out", "", "also write the chart files the tests serve to this directory, to look at them")

// renderCache holds the compiled resvg of the test binary's renderers.
var renderCache string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "web-render-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	renderCache = dir
	code := m.Run()
	if testRenderer != nil {
		testRenderer.Close()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

var (
	rendererOnce sync.Once
	testRenderer *render.Renderer
	rendererErr  error
)

// sharedRenderer returns the renderer the tests share: two runtimes, as
// `tonedesk serve` starts by default.
func sharedRenderer(tb testing.TB) *render.Renderer {
	tb.Helper()
	rendererOnce.Do(func() {
		testRenderer, rendererErr = render.New(context.Background(), render.Config{Runtimes: 2, CacheDir: renderCache})
	})
	if rendererErr != nil {
		tb.Fatal(rendererErr)
	}
	return testRenderer
}

// imageServer returns the dashboard over st with the shared renderer.
func imageServer(t *testing.T, st dashboard.Store) http.Handler {
	t.Helper()
	s, _ := newTestServer(t, Config{Renderer: sharedRenderer(t)}, st)
	return s.Handler()
}

// saveFile writes a file to -out, if given.
func saveFile(tb testing.TB, name string, b []byte) {
	tb.Helper()
	if *outDir == "" {
		return
	}
	if err := os.WriteFile(filepath.Join(*outDir, name), b, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// decodePNG decodes a PNG and checks its size and that it is a drawn chart:
// at least 8 distinct colours.
func decodePNG(t *testing.T, b []byte, w, h int) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	if got := img.Bounds().Size(); got != (image.Point{w, h}) {
		t.Fatalf("PNG is %v, want %dx%d", got, w, h)
	}
	colours := map[[3]uint32]bool{}
	for y := 0; y < h; y += 3 {
		for x := 0; x < w; x += 3 {
			r, g, b, _ := img.At(x, y).RGBA()
			colours[[3]uint32{r >> 8, g >> 8, b >> 8}] = true
		}
	}
	if len(colours) < 8 {
		t.Fatalf("PNG has %d distinct colours: blank?", len(colours))
	}
	return img
}

// imgWidth is the width in CSS pixels of the images TestChartFiles asks for.
func imgWidth(query string) int {
	if query == "preset=article" {
		return 720
	}
	return 1200
}

// assertMargin checks that nothing is drawn within m pixels of the edges of
// an image: the border is all the colour of its corner.
func assertMargin(t *testing.T, img image.Image, m int) {
	t.Helper()
	b := img.Bounds()
	bg := img.At(b.Min.X, b.Min.Y)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if x >= m && x < b.Max.X-m && y >= m && y < b.Max.Y-m {
				x = b.Max.X - m - 1
				continue
			}
			if img.At(x, y) != bg {
				t.Errorf("pixel (%d, %d) in the %d px margin is drawn", x, y, m)
				return
			}
		}
	}
}

// svgTexts parses an SVG strictly as XML and returns its size and the text
// of its <text> elements, with no-break spaces as spaces.
func svgTexts(t *testing.T, b []byte) (width, height string, texts []string) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	var in bool
	var cur strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "svg":
				if width == "" {
					for _, a := range tok.Attr {
						switch a.Name.Local {
						case "width":
							width = a.Value
						case "height":
							height = a.Value
						}
					}
				}
			case "text":
				in = true
				cur.Reset()
			case "script", "foreignObject":
				t.Errorf("SVG has a <%s> element", tok.Name.Local)
			}
		case xml.CharData:
			if in {
				cur.Write(tok)
			}
		case xml.EndElement:
			if tok.Name.Local == "text" {
				in = false
				texts = append(texts, strings.ReplaceAll(cur.String(), "\u00a0", " "))
			}
		}
	}
	return width, height, texts
}

// joined returns the texts of an SVG joined by spaces: a wrapped title or
// caption is one <text> per line.
func joined(texts []string) string { return strings.Join(texts, " ") }

// parseCSV reads a CSV with encoding/csv.
func parseCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !utf8.Valid(b) {
		t.Fatal("CSV is not UTF-8")
	}
	if bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Error("CSV starts with a byte-order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	return rows
}

const seedStory = "istanbul-talks-2025"

// seedCaption is the caption of the seed story's charts.
const seedCaption = "Source: tonedesk analysis of 5 comments and 12 statements from 4 outlets and 1 article whose outlet is not given, 26–29 Oct 2025"

func chartURL(story, chart, ext, query string) string {
	u := "/stories/" + story + "/charts/" + chart + "." + ext
	if query != "" {
		u += "?" + query
	}
	return u
}

// TestChartFiles fetches every chart of the seed story in every format
// through the router and reads each file back: PNGs decoded at the size
// asked, SVGs parsed as XML with their title, caption and outlet names,
// CSVs parsed, alt texts with the numbers.
func TestChartFiles(t *testing.T) {
	h := imageServer(t, seedStore())
	outlets := map[string][]string{
		"tone-by-source":      {"Dawn", "Reuters", "Al Jazeera", "TOLOnews", "Unknown outlet"},
		"side-source-heatmap": {"Dawn", "Reuters", "Al Jazeera", "TOLOnews", "Unknown outlet"},
	}
	for _, chart := range ChartNames() {
		spec := findChart(chart)
		t.Run(chart, func(t *testing.T) {
			// PNG at the default size, and the article preset at 2x.
			for _, tc := range []struct {
				query string
				w, h  int
			}{{"", 1200, 675}, {"preset=article", 1440, 810}} {
				res, body := get(t, h, chartURL(seedStory, chart, "png", tc.query))
				if res.StatusCode != 200 {
					t.Fatalf("png %s: status %d: %s", tc.query, res.StatusCode, body)
				}
				if ct := res.Header.Get("Content-Type"); ct != "image/png" {
					t.Errorf("Content-Type %q", ct)
				}
				img := decodePNG(t, []byte(body), tc.w, tc.h)
				assertMargin(t, img, 12*tc.w/imgWidth(tc.query))
				_, params, _ := mime.ParseMediaType(res.Header.Get("Content-Disposition"))
				saveFile(t, params["filename"], []byte(body))
			}

			res, body := get(t, h, chartURL(seedStory, chart, "svg", "theme=dark"))
			if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/svg+xml") {
				t.Fatalf("svg: status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
			}
			w, hh, texts := svgTexts(t, []byte(body))
			if w != "1200" || hh != "675" {
				t.Errorf("SVG %s×%s", w, hh)
			}
			all := joined(texts)
			for _, want := range append([]string{spec.Title, seedCaption}, outlets[chart]...) {
				if !strings.Contains(all, want) {
					t.Errorf("SVG lacks the text %q; texts: %q", want, texts)
				}
			}

			res, body = get(t, h, chartURL(seedStory, chart, "csv", ""))
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/csv; charset=utf-8; header=present" {
				t.Fatalf("csv: status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
			}
			rows := parseCSV(t, []byte(body))
			if len(rows) < 2 {
				t.Fatalf("CSV of %d rows", len(rows))
			}
			for _, o := range outlets[chart] {
				if !strings.Contains(body, o) {
					t.Errorf("CSV lacks %q", o)
				}
			}

			res, body = get(t, h, chartURL(seedStory, chart, "txt", ""))
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
				t.Fatalf("txt: status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
			}
			if !strings.ContainsAny(body, "0123456789") || strings.Count(body, "\n") != 1 {
				t.Errorf("alt text %q: want one line with the numbers", body)
			}
		})
	}
}

// TestChartFileNumbers checks what the seed story's files say.
func TestChartFileNumbers(t *testing.T) {
	h := imageServer(t, seedStore())
	_, alt := get(t, h, chartURL(seedStory, "tone-by-side-statements", "txt", ""))
	for _, want := range []string{"statements by Pakistan averaged −0.40 (n=5", "by Afghanistan (Taliban government) −0.26 (n=3"} {
		if !strings.Contains(alt, want) {
			t.Errorf("alt text lacks %q: %s", want, alt)
		}
	}
	_, body := get(t, h, chartURL(seedStory, "tone-by-side-statements", "csv", ""))
	rows := parseCSV(t, []byte(body))
	want := []string{"Side or party", "Id", "Kind", "Statements", "Mean tone", "95% interval low", "95% interval high"}
	if !reflect.DeepEqual(rows[0], want) {
		t.Errorf("header %q, want %q", rows[0], want)
	}
	if got := rows[1][:5]; !reflect.DeepEqual(got, []string{"Pakistan", "pakistan", "side", "5", "-0.404"}) {
		t.Errorf("Pakistan row %q", rows[1])
	}
	_, body = get(t, h, chartURL(seedStory, "comment-sentiment", "csv", ""))
	rows = parseCSV(t, []byte(body))
	if len(rows) != 1+dashboard.HistogramBins || !reflect.DeepEqual(rows[1], []string{"-1", "-0.9", "0"}) {
		t.Errorf("histogram CSV %q", rows)
	}
}

// formulaStore holds a story whose outlet names are spreadsheet formulas
// and markup.
func formulaStore() *fakeStore {
	ctx := context.Background()
	f := newFakeStore()
	_ = f.PutStory(ctx, dashboard.Story{ID: "formulas", Title: "Formulas", Spec: istanbulSpec})
	body := "Pakistan said \"no\". Kabul said \"yes\"."
	_, err := f.Import(ctx, "formulas", dashboard.Batch{Articles: []dashboard.Article{
		{ExternalID: "f1", Source: `=HYPERLINK("http://x","y")`, Title: "One", Published: day(20, 8), Analysis: analysis(-0.41, "none"), Body: body,
			Quotes: []dashboard.Quote{quoteIn(body, `"no"`, "A", "pakistan", "", -0.5)}},
		{ExternalID: "f2", Source: "-1+2", Title: "Two", Published: day(21, 8), Analysis: analysis(0.2, "none"), Body: body,
			Quotes: []dashboard.Quote{quoteIn(body, `"yes"`, "B", "afghanistan", "", 0.3)}},
		{ExternalID: "f3", Source: `<b>Dawn & "Co"</b> ]]>`, Title: "Three", Published: day(22, 8), Analysis: analysis(0.1, "none"), Body: body,
			Quotes: []dashboard.Quote{quoteIn(body, `"no"`, "C", "pakistan", "", -0.2)},
			Comments: []dashboard.Comment{
				{ExternalID: "c1", Author: "@x", Text: "+cmd|' /C calc'!A0", Posted: day(22, 9), Analysis: analysis(-0.3, "none")},
			}},
	}})
	if err != nil {
		panic(err)
	}
	return f
}

// TestCSVFormulaInjection: text cells that a spreadsheet would run as a
// formula are guarded with an apostrophe; numbers, negative ones included,
// stay numbers.
func TestCSVFormulaInjection(t *testing.T) {
	h := imageServer(t, formulaStore())
	res, body := get(t, h, chartURL("formulas", "tone-by-source", "csv", ""))
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	rows := parseCSV(t, []byte(body))
	got := map[string][]string{}
	for _, r := range rows[1:] {
		got[r[0]] = r
	}
	for _, want := range [][]string{
		{`'=HYPERLINK("http://x","y")`, "1", "-0.41", "1", "-0.5", "0", ""},
		{"'-1+2", "1", "0.2", "1", "0.3", "0", ""},
		{`<b>Dawn & "Co"</b> ]]>`, "1", "0.1", "1", "-0.2", "1", "-0.3"},
	} {
		if r, ok := got[want[0]]; !ok || !reflect.DeepEqual(r, want) {
			t.Errorf("row %q, want %q (rows %q)", r, want, rows)
		}
	}
	for _, r := range rows {
		for _, c := range r {
			if c != "" && strings.ContainsRune("=+@\t\r", rune(c[0])) {
				t.Errorf("cell %q starts a formula", c)
			}
		}
	}

	// Filtered to the outlet that is a formula, its row is still guarded.
	_, body = get(t, h, chartURL("formulas", "tone-by-source", "csv", "source="+url.QueryEscape(`=HYPERLINK("http://x","y")`)))
	if rows := parseCSV(t, []byte(body)); len(rows) != 2 || rows[1][0] != `'=HYPERLINK("http://x","y")` {
		t.Errorf("filtered CSV %q", rows)
	}

	for _, tc := range []struct{ in, want string }{
		{"=1+1", "'=1+1"}, {"+1", "'+1"}, {"-1+2", "'-1+2"}, {"@SUM(A1)", "'@SUM(A1)"}, {"\tx", "'\tx"}, {"\rx", "'\rx"},
		{"  =1", "'  =1"}, {"＝1", "'＝1"}, {"Dawn", "Dawn"}, {"", ""}, {"a=b", "a=b"},
	} {
		if got := csvText(tc.in); got != tc.want {
			t.Errorf("csvText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct {
		in   any
		want string
	}{{csvScore(-0.41), "-0.41"}, {csvScore(-0.123456), "-0.1235"}, {csvScore(-0.00001), "0"}, {3, "3"}, {nil, ""}} {
		if got := csvCell(tc.in); got != tc.want {
			t.Errorf("csvCell(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestChartSVGEscapesOutlets: outlet names with markup reach the served SVG
// as text, and the SVG stays well-formed.
func TestChartSVGEscapesOutlets(t *testing.T) {
	for _, tc := range []struct {
		st      *fakeStore
		story   string
		chart   string
		outlets []string
		// filter names outlets in the query; the subtitle then states them.
		filter []string
	}{
		{formulaStore(), "formulas", "tone-by-source", []string{`<b>Dawn & "Co"</b> ]]>`, `=HYPERLINK("http://x","y")`, "-1+2"}, nil},
		{formulaStore(), "formulas", "side-source-heatmap", []string{`<b>Dawn & "Co"</b> ]]>`}, nil},
		{seedStore(), "hostile", "tone-by-source", []string{xssBreakout, xssImg, xssFunc}, nil},
		{formulaStore(), "formulas", "tone-by-source", []string{`<b>Dawn & "Co"</b> ]]>`}, []string{`<b>Dawn & "Co"</b> ]]>`}},
		{seedStore(), "hostile", "side-source-heatmap", []string{xssBreakout}, []string{xssBreakout}},
		// A side and words of strangers' statements.
		{seedStore(), "hostile", "tone-drivers", []string{xssBreakout, "{a|x}{b} =1+1"}, nil},
		{seedStore(), "hostile", "stance-mix-by-source", []string{shorten(xssBreakout, maxOutletLabel)}, nil},
	} {
		t.Run(tc.story+"/"+tc.chart+fmt.Sprint(len(tc.filter)), func(t *testing.T) {
			h := imageServer(t, tc.st)
			q := url.Values{"source": tc.filter}.Encode()
			res, body := get(t, h, chartURL(tc.story, tc.chart, "svg", q))
			if res.StatusCode != 200 {
				t.Fatalf("status %d: %s", res.StatusCode, body)
			}
			_, _, texts := svgTexts(t, []byte(body))
			for _, o := range tc.outlets {
				// A name is one text, or (wrapped under a heat map column)
				// consecutive texts.
				found := false
				for i := range texts {
					for j := i + 1; j <= len(texts) && !found; j++ {
						found = strings.Join(texts[i:j], "") == o
					}
				}
				if !found {
					t.Errorf("no text %q in %q", o, texts)
				}
			}
			if strings.Contains(body, "<b>") || strings.Contains(body, "<script") {
				t.Error("markup from an outlet name reached the SVG as markup")
			}
			if len(tc.filter) > 0 {
				if want := "Only " + shorten(tc.filter[0], maxOutletLabel); !strings.Contains(joined(texts), want) {
					t.Errorf("no filter line %q in %q", want, texts)
				}
			}
			res, png := get(t, h, chartURL(tc.story, tc.chart, "png", "width=600&height=400&"+q))
			if res.StatusCode != 200 {
				t.Fatalf("png: status %d", res.StatusCode)
			}
			decodePNG(t, []byte(png), 600, 400)
		})
	}
}

func TestChartFileErrors(t *testing.T) {
	st := seedStore()
	_ = st.PutStory(context.Background(), dashboard.Story{ID: "empty", Title: "Empty"})
	h := imageServer(t, st)
	for _, tc := range []struct {
		target string
		status int
		want   string
	}{
		{chartURL(seedStory, "pie", "png", ""), 404, "There is no chart “pie”. The charts are tone-by-side-statements, tone-by-side-readers, tone-by-source, stance-mix-by-source, comment-sentiment, timeline, side-source-heatmap, tone-drivers."},
		{chartURL("no-such-story", "tone-by-source", "png", ""), 404, "There is no story with the id “no-such-story”."},
		{chartURL("no-such-story", "tone-by-source", "csv", ""), 404, "There is no story with the id “no-such-story”."},
		{chartURL(seedStory, "tone-by-source", "gif", ""), 404, "There is no format “gif”: use png, svg, csv, txt."},
		{"/stories/" + seedStory + "/charts/tone-by-source", 404, "add .png, .svg, .csv or .txt"},
		{chartURL(seedStory, "tone-by-source", "png", "width=100"), 400, "The width must be 200 to 4000 pixels, not 100."},
		{chartURL(seedStory, "tone-by-source", "png", "height=4001"), 400, "The height must be 200 to 4000 pixels, not 4001."},
		{chartURL(seedStory, "tone-by-source", "png", "width=wide"), 400, "The width must be a whole number of pixels from 200 to 4000, not “wide”."},
		{chartURL(seedStory, "tone-by-source", "png", "scale=3"), 400, "The scale must be 1 or 2, not 3."},
		{chartURL(seedStory, "tone-by-source", "svg", "scale=1.5"), 400, "The scale must be 1 or 2, not “1.5”."},
		{chartURL(seedStory, "tone-by-source", "png", "theme=sepia"), 400, "There is no theme “sepia”: use light or dark."},
		{chartURL(seedStory, "tone-by-source", "png", "preset=poster"), 400, "There is no preset “poster”: use article, social, square."},
		{chartURL("empty", "tone-by-source", "png", ""), 404, "has nothing to draw yet: No articles yet, so no tone by source."},
		{chartURL(seedStory, "tone-by-source", "png", "from=28-10-2025"), 400, "The “from” date must be a day written YYYY-MM-DD (2025-10-28), not “28-10-2025”."},
		{chartURL(seedStory, "tone-by-source", "csv", "to=2025-13-01"), 400, "The “to” date must be a day written YYYY-MM-DD"},
		{chartURL(seedStory, "tone-by-source", "txt", "from=2025-10-29&to=2025-10-27"), 400, "The “from” date (29 Oct 2025) is after the “to” date (27 Oct 2025)"},
		{chartURL(seedStory, "tone-by-source", "png", "source=Nowhere"), 404, "has nothing to draw yet"},
	} {
		t.Run(tc.target, func(t *testing.T) {
			// An <img> or a script: plain text.
			res, body := get(t, h, tc.target, "Accept", "image/avif,image/webp,*/*")
			if res.StatusCode != tc.status {
				t.Errorf("status %d, want %d", res.StatusCode, tc.status)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
				t.Errorf("Content-Type %q, want text/plain", ct)
			}
			if !strings.Contains(body, tc.want) || !strings.HasPrefix(body, fmt.Sprint(tc.status)) {
				t.Errorf("body %q lacks %q", body, tc.want)
			}
			if res.Header.Get("ETag") != "" {
				t.Error("an error has an ETag")
			}
			// A browser: the error page.
			res, body = get(t, h, tc.target, "Accept", "text/html,application/xhtml+xml")
			if res.StatusCode != tc.status || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				t.Errorf("HTML: status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
			}
			assertSecurityHeaders(t, res)
		})
	}
	// An empty chart still has its CSV (a header) and alt text.
	res, body := get(t, h, chartURL("empty", "tone-by-source", "csv", ""))
	if res.StatusCode != 200 || len(parseCSV(t, []byte(body))) != 1 {
		t.Errorf("CSV of an empty chart: status %d, %q", res.StatusCode, body)
	}
	res, body = get(t, h, chartURL("empty", "tone-by-source", "txt", ""))
	if res.StatusCode != 200 || body != "Tone by source: no outlets yet.\n" {
		t.Errorf("alt text of an empty chart: status %d, %q", res.StatusCode, body)
	}
}

// TestChartFileCaching: an ETag and a short, revalidated cache life; the
// same ETag answers 304 without a body; other options, other ETags.
func TestChartFileCaching(t *testing.T) {
	h := imageServer(t, seedStore())
	for _, ext := range []string{"png", "svg", "csv", "txt"} {
		t.Run(ext, func(t *testing.T) {
			u := chartURL(seedStory, "tone-by-side-statements", ext, "")
			res, body := get(t, h, u)
			tag := res.Header.Get("ETag")
			if res.StatusCode != 200 || !strings.HasPrefix(tag, `"`) || len(tag) < 10 {
				t.Fatalf("status %d, ETag %q", res.StatusCode, tag)
			}
			if cc := res.Header.Get("Cache-Control"); cc != chartCacheControl {
				t.Errorf("Cache-Control %q", cc)
			}
			if cd := res.Header.Get("Content-Disposition"); cd != `inline; filename=istanbul-talks-2025-tone-by-side-statements.`+ext {
				t.Errorf("Content-Disposition %q", cd)
			}
			for _, inm := range []string{tag, "W/" + tag, `"other", ` + tag, "*"} {
				res, again := get(t, h, u, "If-None-Match", inm)
				if res.StatusCode != http.StatusNotModified || again != "" {
					t.Errorf("If-None-Match %s: status %d, %d bytes; want 304 and no body", inm, res.StatusCode, len(again))
				}
				if res.Header.Get("ETag") != tag || res.Header.Get("Cache-Control") != chartCacheControl {
					t.Errorf("304 headers %v", res.Header)
				}
			}
			res, _ = get(t, h, u, "If-None-Match", `"stale"`)
			if res.StatusCode != 200 {
				t.Errorf("stale If-None-Match: status %d", res.StatusCode)
			}
			// The same request gives the same bytes and tag.
			res, again := get(t, h, u)
			if res.Header.Get("ETag") != tag || again != body {
				t.Error("a second request gives another file or tag")
			}
		})
	}
	tags := map[string]string{}
	for _, q := range []string{"", "theme=dark", "scale=2", "width=800", "preset=article", "preset=square"} {
		res, _ := get(t, h, chartURL(seedStory, "tone-by-source", "png", q))
		tag := res.Header.Get("ETag")
		if prev, ok := tags[tag]; ok {
			t.Errorf("%q and %q share the ETag %s", q, prev, tag)
		}
		tags[tag] = q
	}
	// download=1 asks for an attachment, with a name that says the size.
	res, _ := get(t, h, chartURL(seedStory, "tone-by-source", "png", "preset=article&theme=dark&download=1"))
	if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="istanbul-talks-2025-tone-by-source-720x405@2x-dark.png"` {
		t.Errorf("Content-Disposition %q", cd)
	}
}

// TestChartFilesConcurrent: 20 PNG requests at once through the router, on
// a pool of two runtimes, all answered.
func TestChartFilesConcurrent(t *testing.T) {
	// No image cache: every request draws.
	s, _ := newTestServer(t, Config{Renderer: sharedRenderer(t), ImageCache: -1}, seedStore())
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	charts := ChartNames()
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	start := time.Now()
	for i := range 20 {
		wg.Go(func() {
			u := srv.URL + chartURL(seedStory, charts[i%len(charts)], "png", []string{"", "theme=dark&scale=2"}[i%2])
			req, _ := http.NewRequest(http.MethodGet, u, nil)
			req.Header.Set("Cookie", sessionHeader(dashboard.RoleEditor))
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				errs <- err
				return
			}
			defer res.Body.Close()
			b, err := io.ReadAll(res.Body)
			if err != nil || res.StatusCode != 200 {
				errs <- fmt.Errorf("request %d: status %d, %v: %s", i, res.StatusCode, err, b)
				return
			}
			if img, err := png.Decode(bytes.NewReader(b)); err != nil || img.Bounds().Dx() != 1200*(1+i%2) {
				errs <- fmt.Errorf("request %d: bad PNG (%v)", i, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	t.Logf("20 concurrent PNG requests in %v", time.Since(start))
}

// TestChartFileTimeout: a render over the renderer's timeout is stopped and
// answered with 503 and why, and the server goes on answering. The renderer
// has one runtime and a timeout of a millisecond, far below what any chart
// takes: the second image request can only be answered once the first
// one's render was stopped and gave its runtime back. (The render package
// tests that the render is interrupted while it runs.)
func TestChartFileTimeout(t *testing.T) {
	sharedRenderer(t) // fills the compilation cache
	r, err := render.New(context.Background(), render.Config{Runtimes: 1, Timeout: time.Millisecond, CacheDir: renderCache})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	s, _ := newTestServer(t, Config{Renderer: r}, seedStore())
	for _, format := range []string{"png", "svg"} {
		res, body := get(t, s.Handler(), chartURL(seedStory, "tone-by-source", format, ""), "Accept", "*/*")
		if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "took too long to draw and was stopped") {
			t.Errorf("%s: status %d, body %.300q; want 503 and why", format, res.StatusCode, body)
		}
		if res.Header.Get("Retry-After") == "" {
			t.Errorf("%s: no Retry-After", format)
		}
	}
	if res, _ := get(t, s.Handler(), chartURL(seedStory, "tone-by-source", "csv", "")); res.StatusCode != 200 {
		t.Errorf("CSV after a timeout: status %d", res.StatusCode)
	}
}

// TestChartFilesWithoutRenderer: CSV and alt text work, images say why not.
func TestChartFilesWithoutRenderer(t *testing.T) {
	s, _ := newTestServer(t, Config{}, seedStore())
	res, body := get(t, s.Handler(), chartURL(seedStory, "tone-by-source", "png", ""))
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "without a renderer") {
		t.Errorf("png: status %d, %q", res.StatusCode, body)
	}
	if res, _ := get(t, s.Handler(), chartURL(seedStory, "tone-by-source", "csv", "")); res.StatusCode != 200 {
		t.Errorf("csv: status %d", res.StatusCode)
	}
}

// TestExporterIsTheRoute: the CLI's Export and the route give the same file.
func TestExporterIsTheRoute(t *testing.T) {
	st := seedStore()
	h := imageServer(t, st)
	x := NewExporter(st, sharedRenderer(t), nil)
	for _, format := range Formats() {
		f, err := x.Export(context.Background(), ExportRequest{Story: seedStory, Chart: "side-source-heatmap", Format: format,
			Image: ImageOptions{Width: 720, Height: 405, Scale: 2, Theme: "dark"}})
		if err != nil {
			t.Fatal(err)
		}
		res, body := get(t, h, chartURL(seedStory, "side-source-heatmap", format, "preset=article&theme=dark"))
		if res.StatusCode != 200 || body != string(f.Body) || res.Header.Get("ETag") != f.ETag {
			t.Errorf("%s: the route's file (status %d, %d bytes, %s) differs from Export's (%d bytes, %s)",
				format, res.StatusCode, len(body), res.Header.Get("ETag"), len(f.Body), f.ETag)
		}
	}
	_, err := x.Export(context.Background(), ExportRequest{Story: seedStory, Chart: "nope", Format: "png"})
	if err == nil || !strings.Contains(err.Error(), "There is no chart “nope”") {
		t.Errorf("unknown chart: %v", err)
	}
}

// documentedImageFields are the fields an image may change in the page's
// option (see imagelayout.go); the test deletes them from both options
// before it compares them.
func stripImageFields(m map[string]any) {
	delete(m, "title")
	delete(m, "media")
	for _, l := range items(m["legend"]) {
		delete(l, "top")
	}
	for _, g := range items(m["grid"]) {
		delete(g, "top")
		delete(g, "bottom")
	}
	for _, g := range items(m["graphic"]) {
		delete(g, "bottom")
	}
	for _, v := range items(m["visualMap"]) {
		delete(v, "bottom")
	}
	for _, a := range items(m["xAxis"]) {
		delete(a, "nameGap")
		if l, ok := a["axisLabel"].(map[string]any); ok {
			delete(l, "width")
			delete(l, "rotate")
			delete(l, "overflow")
		}
	}
	for _, a := range items(m["yAxis"]) {
		if l, ok := a["axisLabel"].(map[string]any); ok {
			delete(l, "width")
			delete(l, "overflow")
		}
	}
	for _, s := range items(m["series"]) {
		if l, ok := s["label"].(map[string]any); ok {
			delete(l, "show")
		}
		if s["type"] == "heatmap" {
			for _, d := range items(s["data"]) {
				delete(d["label"].(map[string]any), "formatter")
			}
		}
	}
}

// stripThemeFields deletes the fields that depend on the theme: the heat
// map's scale and its cell labels' colours.
func stripThemeFields(m map[string]any) {
	for _, v := range items(m["visualMap"]) {
		delete(v, "inRange")
	}
	// A heat map's scale legend: its words' ink and its bar's colours.
	for _, g := range items(m["graphic"]) {
		for _, c := range items(g["children"]) {
			if st, ok := c["style"].(map[string]any); ok {
				delete(st, "fill")
			}
		}
	}
	for _, s := range items(m["series"]) {
		if s["type"] == "heatmap" {
			for _, d := range items(s["data"]) {
				delete(d["label"].(map[string]any), "color")
			}
		}
	}
}

// TestImageOptionIsThePageOption: the option an image draws is the page's,
// but for the fields imagelayout.go names; between themes only the heat
// map's colours differ.
func TestImageOptionIsThePageOption(t *testing.T) {
	sum := seedSummary(t)
	gs := seedGroups(t, sum)
	measure := sharedRenderer(t).TextWidth
	for _, filter := range []string{"", "Only Dawn, Reuters; published 27–28 Oct 2025"} {
		for _, spec := range chartSpecs {
			t.Run(spec.Name+"/filter="+filter, func(t *testing.T) {
				imageIsPageOption(t, spec, sum, gs, filter, measure)
			})
		}
	}
}

// imageIsPageOption checks one chart of TestImageOptionIsThePageOption,
// built with a filter line (or none).
func imageIsPageOption(t *testing.T, spec *chartSpec, sum dashboard.Summary, gs []group, filter string, measure measureFunc) {
	input := func() chartInput {
		in := testInput(sum, gs...)
		in.Filter = filter
		return in
	}
	page, err := buildChart(spec, input())
	if err != nil {
		t.Fatal(err)
	}
	want, err := deepCopy(page.Option)
	if err != nil {
		t.Fatal(err)
	}
	stripImageFields(want)
	var light map[string]any
	// Narrower than a phone in landscape, the page's media rules
	// apply, as they do on the page.
	narrow, err := deepCopy(page.Option)
	if err != nil {
		t.Fatal(err)
	}
	applyMedia(narrow, 400, 400)
	stripImageFields(narrow)
	for _, o := range []ImageOptions{defaultImage, imagePresets["article"], imagePresets["square"], {Width: 400, Height: 400, Scale: 1, Theme: "light"},
		{Width: 1200, Height: 675, Scale: 1, Theme: "dark"}} {
		in := input()
		in.Theme = o.Theme
		c, err := buildChart(spec, in)
		if err != nil {
			t.Fatal(err)
		}
		img, err := imageOption(c.Option, seedCaption, o, measure)
		if err != nil {
			t.Fatal(err)
		}
		titles := img["title"].([]any)
		if got := titles[0].(map[string]any)["text"].(string); strings.ReplaceAll(got, "\n", " ") != spec.Title {
			t.Errorf("%v: title %q", o, got)
		}
		if got := titles[1].(map[string]any)["subtext"].(string); strings.ReplaceAll(got, "\n", " ") != seedCaption {
			t.Errorf("%v: caption %q", o, got)
		}
		// The subtitle is the page's (after its media rules),
		// wrapped: the filter line included.
		pageTitle := items(page.Option["title"])[0]
		if o.Width <= 560 {
			nt, _ := deepCopy(page.Option)
			applyMedia(nt, o.Width, o.Height)
			pageTitle = items(nt["title"])[0]
		}
		if got, want := strings.Fields(titles[0].(map[string]any)["subtext"].(string)), strings.Fields(pageTitle["subtext"].(string)); !reflect.DeepEqual(got, want) {
			t.Errorf("%v: subtitle %q, want the page's %q", o, got, want)
		}
		if filter != "" && !strings.Contains(titles[0].(map[string]any)["subtext"].(string), "Only Dawn") {
			t.Errorf("%v: the image's subtitle lacks the filter", o)
		}
		if img["media"] != nil {
			t.Errorf("%v: the image keeps media rules", o)
		}
		got, _ := deepCopy(img)
		stripImageFields(got)
		if o.Theme == render.ThemeDark {
			stripThemeFields(got)
			stripThemeFields(light)
			if !reflect.DeepEqual(got, light) {
				t.Errorf("dark and light options differ beyond the theme's colours:\n%s", diffJSON(light, got))
			}
			continue
		}
		if o == defaultImage {
			light = got
		}
		want := want
		if o.Width <= 560 {
			want = narrow
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%v: image option differs from the page's beyond the documented fields:\n%s", o, diffJSON(want, got))
		}
	}
}

// diffJSON lists the top-level keys whose values differ.
func diffJSON(a, b map[string]any) string {
	var out []string
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	for k := range keys {
		if !reflect.DeepEqual(a[k], b[k]) {
			ja, _ := json.Marshal(a[k])
			jb, _ := json.Marshal(b[k])
			out = append(out, fmt.Sprintf("%s:\n  page  %s\n  image %s", k, ja, jb))
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// TestChartSVGGolden compares the SVG of "Tone by side — statements" of the
// seed story with testdata/tone-by-side-statements.golden.svg: a change of
// the chart, the layout of images, the theme, the font or ECharts shows
// here. After an intended change, run go test -run TestChartSVGGolden
// -update and look at the diff (and the image, with -out).
func TestChartSVGGolden(t *testing.T) {
	h := imageServer(t, seedStore())
	res, body := get(t, h, chartURL(seedStory, "tone-by-side-statements", "svg", ""))
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	compareGolden(t, "tone-by-side-statements.golden.svg", []byte(body))
}

// TestDownloadMenu: each chart of the story page has a download menu whose
// links are the chart's files.
func TestDownloadMenu(t *testing.T) {
	h := imageServer(t, seedStore())
	_, page := get(t, h, "/stories/"+seedStory)
	for _, name := range ChartNames() {
		i := strings.Index(page, `id="chart-`+name+`-figure"`)
		if i < 0 {
			t.Fatalf("no figure for %s", name)
		}
		fig := page[i:]
		fig = fig[:strings.Index(fig, "</figure>")]
		if !strings.Contains(fig, `<details class="chart-downloads">`) {
			t.Errorf("%s: no download menu", name)
			continue
		}
		base := "/stories/" + seedStory + "/charts/" + name
		for _, href := range []string{base + ".png", base + ".png?theme=dark", base + ".png?scale=2", base + ".svg",
			base + ".png?preset=article", base + ".png?preset=social&amp;theme=dark", base + ".png?preset=square", base + ".csv", base + ".txt"} {
			if !strings.Contains(fig, `href="`+href+`"`) {
				t.Errorf("%s: no link %s", name, href)
			}
		}
		if !strings.Contains(fig, `download="istanbul-talks-2025-`+name+`-720x405@2x-dark.png"`) {
			t.Errorf("%s: the article preset's link does not name its file", name)
		}
	}
	// The links work: one of each kind.
	for _, u := range []string{"/stories/" + seedStory + "/charts/comment-sentiment.png?preset=social&theme=dark", "/stories/" + seedStory + "/charts/comment-sentiment.svg?theme=dark"} {
		if res, _ := get(t, h, u); res.StatusCode != 200 {
			t.Errorf("%s: status %d", u, res.StatusCode)
		}
	}
}

// BenchmarkServePNG1200x675At2x asks the router for a 2400×1350 PNG of each
// chart of the seed story, with a warm pool, no image cache and no
// If-None-Match: the store read, the option, the SVG and the PNG. It
// reports the median.
func BenchmarkServePNG1200x675At2x(b *testing.B) {
	benchServePNG(b, -1)
}

// BenchmarkServePNG1200x675At2xCached is the same with the image cache:
// every request after the first of each chart is answered from memory.
func BenchmarkServePNG1200x675At2xCached(b *testing.B) {
	benchServePNG(b, 0)
}

func benchServePNG(b *testing.B, cache int64) {
	s, err := New(Config{Renderer: sharedRenderer(b), ImageCache: cache}, seedStore(), nil)
	if err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	for _, chart := range ChartNames() {
		u := chartURL(seedStory, chart, "png", "scale=2")
		b.Run(chart, func(b *testing.B) {
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				rec := httptest.NewRecorder()
				req := httptest.NewRequest(http.MethodGet, u, nil)
				req.Header.Set("Cookie", sessionHeader(dashboard.RoleEditor))
				h.ServeHTTP(rec, req)
				times = append(times, time.Since(start))
				if rec.Code != 200 {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
		})
	}
}

func TestImageCache(t *testing.T) {
	c := newImageCache(400)
	c.put("a", make([]byte, 100))
	c.put("b", make([]byte, 100))
	c.put("big", make([]byte, 101)) // over a quarter: not kept
	if _, ok := c.get("big"); ok {
		t.Error("an image over a quarter of the cache is kept")
	}
	c.get("a") // a is now the most recent
	c.put("c", make([]byte, 100))
	c.put("d", make([]byte, 100))
	c.put("e", make([]byte, 100)) // 500 bytes: b goes
	for tag, want := range map[string]bool{"a": true, "b": false, "c": true, "d": true, "e": true} {
		if _, ok := c.get(tag); ok != want {
			t.Errorf("%s kept = %v, want %v", tag, ok, want)
		}
	}
	var none *imageCache
	none.put("x", []byte("x"))
	if _, ok := none.get("x"); ok || newImageCache(-1) != nil {
		t.Error("a nil cache keeps something")
	}
}

// TestPageChartAssets: the page loads the chart font and the themes its
// images are drawn in, from its own static files.
func TestPageChartAssets(t *testing.T) {
	s, _ := newTestServer(t, Config{}, seedStore())
	_, page := get(t, s.Handler(), "/stories/"+seedStory)
	for _, name := range []string{fontsCSSFile, themesJSFile} {
		u, err := s.static.url(name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(page, `"`+u+`"`) {
			t.Errorf("the story page does not load %s", u)
		}
	}
	css := string(s.static.files[fontsCSSFile].data)
	for _, f := range fontFaces {
		u, _ := s.static.url(f.file)
		if !strings.Contains(css, fmt.Sprintf("font-weight: %d", f.weight)) || !strings.Contains(css, `url("`+u+`")`) {
			t.Errorf("fonts.css does not declare %s: %s", u, css)
		}
		res, body := get(t, s.Handler(), u)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "font/ttf" || len(body) < 100000 {
			t.Errorf("%s: status %d, type %q, %d bytes", u, res.StatusCode, res.Header.Get("Content-Type"), len(body))
		}
	}
	js := string(s.static.files[themesJSFile].data)
	for _, name := range render.Themes() {
		theme, _ := render.ThemeJSON(name)
		if !strings.Contains(js, fmt.Sprintf("echarts.registerTheme(%q, %s);", render.ThemePrefix+name, theme)) {
			t.Errorf("themes.js does not register %s", name)
		}
	}
	charts, _ := fs.ReadFile(assets.Static, "static/js/charts.js")
	if !strings.Contains(string(charts), "echarts.init(el, 'tonedesk-light'") {
		t.Error("charts.js does not draw in the light theme")
	}
}

// TestArticleWidthKeepsNames draws every chart of the seed story at the
// article preset (720×405) and looks for a cut name: at a newspaper's
// column width a side's or an outlet's name must still be whole.
func TestArticleWidthKeepsNames(t *testing.T) {
	h := imageServer(t, seedStore())
	for _, chart := range ChartNames() {
		for _, theme := range []string{"light", "dark"} {
			res, body := get(t, h, chartURL(seedStory, chart, "svg", "preset=article&theme="+theme))
			if res.StatusCode != 200 {
				t.Fatalf("%s: status %d: %s", chart, res.StatusCode, body)
			}
			_, _, texts := svgTexts(t, []byte(body))
			for _, s := range texts {
				if strings.HasSuffix(s, "...") || strings.HasSuffix(s, "…") {
					t.Errorf("%s (%s): a label is cut at article width: %q", chart, theme, s)
				}
			}
		}
	}
}
