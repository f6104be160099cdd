package web

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/dashboard/web/render"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// compareGolden compares got with testdata/name, or rewrites the file with
// -update.
func compareGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff. Got:\n%s", path, got)
	}
}

// seedSummary is the summary of the realistic story of seedStore.
func seedSummary(t *testing.T) dashboard.Summary {
	t.Helper()
	sum, err := seedStore().Summary(context.Background(), "istanbul-talks-2025", dashboard.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

const testAssetsHost = "/static/0123abcd/vendor/echarts/"

// seedGroups returns the groups the quote charts of the seed story show.
func seedGroups(t *testing.T, sum dashboard.Summary) []group {
	t.Helper()
	_, gs, err := storyGroups(seedStore().stories["istanbul-talks-2025"])
	if err != nil {
		t.Fatal(err)
	}
	return gs.chartGroups(sum.SideTones)
}

// testInput is the chart input of a summary, with no groups, for the
// page's theme.
func testInput(sum dashboard.Summary, gs ...group) chartInput {
	return chartInput{Summary: sum, Groups: gs, Theme: render.ThemeLight, AssetsHost: testAssetsHost}
}

// optionOf builds an option and encodes it as the page gets it.
func optionOf(t *testing.T, build func(chartInput) (map[string]any, error), in chartInput) json.RawMessage {
	t.Helper()
	m, err := build(in)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := encodeOption(m)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestChartOptionsGolden(t *testing.T) {
	sum := seedSummary(t)
	in := testInput(sum, seedGroups(t, sum)...)
	for _, tc := range []struct {
		name  string
		build func(chartInput) (map[string]any, error)
	}{
		{chartToneBySource, toneBySourceOption},
		{chartCommentSentiment, commentSentimentOption},
		{chartToneBySideStatements, toneBySideOption},
		{chartSideSourceHeatmap, sideSourceOption},
		{chartToneBySideReaders, toneByStanceOption},
		{chartStanceMix, stanceMixOption},
		{chartTimeline, timelineOption},
		{chartDrivers, driversOption},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := optionOf(t, tc.build, in)
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, raw, "", "  "); err != nil {
				t.Fatal(err)
			}
			pretty.WriteByte('\n')
			compareGolden(t, tc.name+".json", pretty.Bytes())
		})
	}
}

func TestChartsArePure(t *testing.T) {
	sum := seedSummary(t)
	a := optionOf(t, toneBySourceOption, testInput(sum))
	b := optionOf(t, toneBySourceOption, testInput(sum))
	if !bytes.Equal(a, b) {
		t.Error("the same summary gives two different options")
	}
}

func TestChartsUseOurECharts(t *testing.T) {
	sum := seedSummary(t)
	tone := toneBySourceChart(testInput(sum))
	dist := commentSentimentChart(testInput(sum))
	tone.Validate()
	dist.Validate()
	for name, js := range map[string][]string{
		chartToneBySource:     tone.JSAssets.Values,
		chartCommentSentiment: dist.JSAssets.Values,
	} {
		if len(js) == 0 {
			t.Errorf("%s: no JS assets", name)
		}
		for _, u := range js {
			if u != testAssetsHost+"echarts.min.js" {
				t.Errorf("%s: JS asset %q, want our own echarts.min.js", name, u)
			}
		}
	}
	if tone.ChartID != chartToneBySource || dist.ChartID != chartCommentSentiment {
		t.Errorf("chart ids %q, %q", tone.ChartID, dist.ChartID)
	}
}

func TestToneBySourceData(t *testing.T) {
	sum := dashboard.Summary{Sources: []dashboard.SourceTone{
		{Source: "", Articles: 2, ArticleTone: -0.123456, Quotes: 0, QuoteTone: 0, Comments: 1, CommentTone: 0.5},
		{Source: "Dawn", Articles: 1, ArticleTone: 0.3, Quotes: 3, QuoteTone: -0.25},
	}}
	raw := optionOf(t, toneBySourceOption, testInput(sum))
	var opt struct {
		YAxis []struct {
			Data []string `json:"data"`
		} `json:"yAxis"`
		Series []struct {
			Name string `json:"name"`
			Data []struct {
				Value any `json:"value"`
				Label struct {
					Formatter string `json:"formatter"`
					Position  string `json:"position"`
				} `json:"label"`
			} `json:"data"`
		} `json:"series"`
		Tooltip map[string]any `json:"tooltip"`
	}
	if err := json.Unmarshal(raw, &opt); err != nil {
		t.Fatal(err)
	}
	wantLabels := []string{"Unknown outlet", "Dawn"}
	if len(opt.YAxis) != 1 || strings.Join(opt.YAxis[0].Data, "|") != strings.Join(wantLabels, "|") {
		t.Errorf("outlet labels %q, want %q", opt.YAxis, wantLabels)
	}
	if len(opt.Series) != 3 {
		t.Fatalf("%d series", len(opt.Series))
	}
	want := map[string][]any{
		"Article tone": {-0.12, 0.3},
		"Quote tone":   {"-", -0.25}, // no quotes: no bar, not a bar at 0
		"Comment tone": {0.5, "-"},
	}
	for _, s := range opt.Series {
		var got []any
		for _, d := range s.Data {
			got = append(got, d.Value)
		}
		if w := want[s.Name]; len(got) != len(w) || got[0] != w[0] || got[1] != w[1] {
			t.Errorf("%s: %v, want %v", s.Name, got, w)
		}
	}
	if l := opt.Series[0].Data[0].Label; l.Formatter != "−0.12 · n=2" || l.Position != "left" {
		t.Errorf("label of the first bar %+v, want the mean and count left of the bar", l)
	}
	if l := opt.Series[2].Data[0].Label; l.Formatter != "+0.50 · n=1" || l.Position != "insideRight" {
		t.Errorf("label of a long bar %+v, want it inside", l)
	}
	if opt.Tooltip["renderMode"] != "richText" {
		t.Errorf("tooltip %v: want richText rendering (no HTML from user text)", opt.Tooltip)
	}
}

func TestCommentSentimentData(t *testing.T) {
	var sum dashboard.Summary
	sum.Comments = 4
	sum.Histogram[0], sum.Histogram[10], sum.Histogram[19] = 1, 2, 1
	raw := optionOf(t, commentSentimentOption, testInput(sum))
	var opt struct {
		Series []struct {
			Data []struct {
				Name  string    `json:"name"`
				Value []float64 `json:"value"`
			} `json:"data"`
		} `json:"series"`
	}
	if err := json.Unmarshal(raw, &opt); err != nil {
		t.Fatal(err)
	}
	d := opt.Series[0].Data
	if len(d) != dashboard.HistogramBins {
		t.Fatalf("%d bins", len(d))
	}
	for i, w := range []struct {
		i           int
		name        string
		center, cnt float64
	}{{0, "−1.00 to −0.90: 1 comment", -0.95, 1}, {10, "0.00 to +0.10: 2 comments", 0.05, 2}, {19, "+0.90 to +1.00: 1 comment", 0.95, 1}, {5, "−0.50 to −0.40: 0 comments", -0.45, 0}} {
		got := d[w.i]
		if got.Name != w.name || got.Value[0] != w.center || got.Value[1] != w.cnt {
			t.Errorf("case %d: bin %d = %q %v, want %q [%v %v]", i, w.i, got.Name, got.Value, w.name, w.center, w.cnt)
		}
	}
	if alt := commentSentimentAlt(sum); alt != "Comment sentiment distribution of 4 comments: 1 below zero, 3 at zero or above; the fullest bin is 0.00 to +0.10 with 2 comments." {
		t.Errorf("alt %q", alt)
	}
}

func TestAltText(t *testing.T) {
	sum := dashboard.Summary{Sources: []dashboard.SourceTone{{Source: "", Articles: 1, ArticleTone: -0.5, Comments: 2, CommentTone: 0.25}}}
	want := "Tone by source, mean sentiment from −1 to +1. Unknown outlet: articles −0.50 (n=1), quotes none, comments +0.25 (n=2)."
	if got := toneBySourceAlt(sum); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got := toneBySourceAlt(dashboard.Summary{}); got != "Tone by source: no outlets yet." {
		t.Errorf("empty: %q", got)
	}
	if got := commentSentimentAlt(dashboard.Summary{}); got != "Comment sentiment distribution: no comments yet." {
		t.Errorf("empty: %q", got)
	}
}

func TestOptionJSONIsHTMLSafe(t *testing.T) {
	sum := dashboard.Summary{Sources: []dashboard.SourceTone{{Source: xssBreakout + xssImg + "\u2028", Articles: 1}}}
	raw := optionOf(t, toneBySourceOption, testInput(sum))
	if bytes.ContainsAny(raw, "<>&\u2028") {
		t.Errorf("option has raw <, >, & or U+2028: %s", raw)
	}
	if !bytes.Contains(raw, []byte(`\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e`)) {
		t.Errorf("option lacks the escaped payload: %s", raw)
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{{0, "0.00"}, {-0.001, "0.00"}, {0.004, "0.00"}, {0.005, "+0.01"}, {-0.625, "−0.63"}, {1, "+1.00"}, {-1, "−1.00"}} {
		if got := formatScore(tc.v); got != tc.want {
			t.Errorf("formatScore(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 12, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		from, to time.Time
		want     string
	}{
		{time.Time{}, time.Time{}, ""},
		{d(2025, 10, 20), time.Time{}, "20 Oct 2025"},
		{time.Time{}, d(2025, 10, 20), "20 Oct 2025"},
		{d(2025, 10, 20), d(2025, 10, 20), "20 Oct 2025"},
		{d(2025, 10, 20), d(2025, 10, 31), "20–31 Oct 2025"},
		{d(2025, 10, 28), d(2025, 11, 2), "28 Oct – 2 Nov 2025"},
		{d(2024, 12, 30), d(2025, 1, 2), "30 Dec 2024 – 2 Jan 2025"},
		{d(2025, 10, 31), d(2025, 10, 20), "20–31 Oct 2025"},
	} {
		if got := formatDateRange(tc.from, tc.to, time.UTC); got != tc.want {
			t.Errorf("formatDateRange(%v, %v) = %q, want %q", tc.from, tc.to, got, tc.want)
		}
	}
	// The zone decides the day.
	late := time.Date(2025, 10, 20, 23, 30, 0, 0, time.UTC)
	karachi := time.FixedZone("PKT", 5*3600)
	if got := formatDateRange(late, late, karachi); got != "21 Oct 2025" {
		t.Errorf("in PKT: %q", got)
	}
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0 outlets"}, {1, "1 outlet"}, {2, "2 outlets"}} {
		if got := plural(tc.n, "outlet", "outlets"); got != tc.want {
			t.Errorf("plural(%d) = %q", tc.n, got)
		}
	}
}

func TestStanceText(t *testing.T) {
	sides := map[string]string{"pakistan": "Pakistan"}
	for label, want := range map[string]string{
		"": "—", "balanced": "Balanced", "none": "None", "pro_pakistan": "Pro Pakistan", "pro_mars": "Pro mars", "odd": "odd",
	} {
		if got := stanceText(label, sides); got != want {
			t.Errorf("stanceText(%q) = %q, want %q", label, got, want)
		}
	}
}
