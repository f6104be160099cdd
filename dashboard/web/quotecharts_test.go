package web

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/dashboard/web/render"
	"github.com/tonedesk/tonedesk/sentiment"
)

// testSpec has two sides and two parties.
var testSpec = &sentiment.Story{
	ID:      "s",
	Sides:   []sentiment.Group{{ID: "pk", Name: "Pakistan"}, {ID: "af", Name: "Afghanistan"}},
	Parties: []sentiment.Group{{ID: "med", Name: "Mediators"}, {ID: "ttp", Name: "TTP"}},
}

// sideSummary: Pakistan -0.5, -0.3 (Dawn) and -0.1 (Reuters); Afghanistan
// nothing; Mediators 0.2 (no outlet); unknown 0.4, 0 (Dawn); an id the story
// file does not know, "zz", -0.6 (Reuters).
func sideSummary() dashboard.Summary {
	cell := func(side, source string, scores ...float64) dashboard.SideSourceTone {
		var sum, sq float64
		for _, s := range scores {
			sum, sq = sum+s, sq+s*s
		}
		mean, sd := dashboard.MeanSD(len(scores), sum, sq)
		return dashboard.SideSourceTone{Side: side, Source: source, Quotes: len(scores), Mean: mean, SD: sd}
	}
	side := func(id string, scores ...float64) dashboard.SideTone {
		c := cell(id, "", scores...)
		return dashboard.SideTone{Side: id, Quotes: c.Quotes, Mean: c.Mean, SD: c.SD}
	}
	return dashboard.Summary{
		Articles: 3, Quotes: 7,
		SideTones: []dashboard.SideTone{side("med", 0.2), side("pk", -0.5, -0.3, -0.1), side("unknown", 0.4, 0), side("zz", -0.6)},
		SideSourceTones: []dashboard.SideSourceTone{
			cell("med", "", 0.2), cell("pk", "Dawn", -0.5, -0.3), cell("pk", "Reuters", -0.1),
			cell("unknown", "Dawn", 0.4, 0), cell("zz", "Reuters", -0.6),
		},
	}
}

func TestChartGroups(t *testing.T) {
	gs := newGroups(testSpec).chartGroups(sideSummary().SideTones)
	var got []string
	for _, g := range gs {
		got = append(got, g.ID+"="+g.Name+"/"+g.Class+"/"+g.Color)
	}
	want := []string{
		"pk=Pakistan/grp-s0/#0072B2",
		"af=Afghanistan/grp-s1/#D55E00", // a side with no statements still shows
		"med=Mediators/grp-p0/#646464",  // a party with statements; TTP has none
		"zz=zz/grp-other/#767676",
		"unknown=Unattributed/grp-unknown/#BDBDBD",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("groups\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The colour of a side is its place in the story file, whatever was quoted.
	if g := newGroups(testSpec).lookup("af"); g.Color != sideColors[1] {
		t.Errorf("af colour %s", g.Color)
	}
	if g := newGroups(nil).lookup(""); g.ID != dashboard.UnknownSide || g.Name != unattributedName {
		t.Errorf("empty side: %+v", g)
	}
}

func TestGroupsCSSMatchesPalette(t *testing.T) {
	css := string(groupsCSS())
	for i, c := range sideColors {
		if !strings.Contains(css, ".grp-s"+string(rune('0'+i))+" { --grp: "+c+"; }") {
			t.Errorf("no rule for side %d (%s):\n%s", i, c, css)
		}
	}
	for _, c := range append(append([]string{}, partyColors...), colorOtherGroup, colorUnattributed) {
		if !strings.Contains(css, c) {
			t.Errorf("no rule with %s", c)
		}
	}
}

// sideOption is the decoded part of "Tone by side — statements" the tests
// look at.
type sideOption struct {
	YAxis []struct {
		Data []string `json:"data"`
	} `json:"yAxis"`
	Series []struct {
		Type string `json:"type"`
		Data []struct {
			Name      string `json:"name"`
			Value     any    `json:"value"`
			ItemStyle struct {
				Color string `json:"color"`
			} `json:"itemStyle"`
		} `json:"data"`
	} `json:"series"`
	Tooltip map[string]any `json:"tooltip"`
}

func TestToneBySideData(t *testing.T) {
	sum := sideSummary()
	gs := newGroups(testSpec).chartGroups(sum.SideTones)
	raw := optionOf(t, toneBySideOption, testInput(sum, gs...))
	var opt sideOption
	if err := json.Unmarshal(raw, &opt); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(opt.YAxis[0].Data, "|"); got != "Pakistan|Afghanistan|Mediators|zz|Unattributed" {
		t.Errorf("names %q", got)
	}
	if got := strings.Join(opt.YAxis[1].Data, "|"); got != "−0.30 · n=3|no statements|+0.20 · n=1|−0.60 · n=1|+0.20 · n=2" {
		t.Errorf("value column %q", got)
	}
	if len(opt.Series) != 2 || opt.Series[0].Type != "bar" || opt.Series[1].Type != "boxplot" {
		t.Fatalf("series %+v", opt.Series)
	}
	bars, box := opt.Series[0].Data, opt.Series[1].Data
	if bars[0].Value != -0.3 || bars[0].ItemStyle.Color != "#0072B2" || bars[1].Value != "-" || bars[4].ItemStyle.Color != colorUnattributed {
		t.Errorf("bars %+v", bars)
	}
	// Pakistan: -0.3 ± 4.302653·0.2/√3 = -0.80 … +0.20 (rounded).
	if v, ok := box[0].Value.([]any); !ok || len(v) != 5 || v[0] != -0.8 || v[1] != -0.3 || v[4] != 0.2 {
		t.Errorf("Pakistan whisker %v", box[0].Value)
	}
	for _, i := range []int{1, 2, 3} { // no statements, one, one
		if v, ok := box[i].Value.([]any); !ok || len(v) != 0 {
			t.Errorf("whisker %d = %v, want none ([])", i, box[i].Value)
		}
	}
	// Unattributed: 0.2 ± 12.706·0.2828/√2 → clamped to -1 … +1.
	if v := box[4].Value.([]any); v[0] != -1.0 || v[4] != 1.0 {
		t.Errorf("unattributed whisker %v, want clamped to ±1", v)
	}
	if want := "Pakistan\nmean −0.30, 95% interval −0.80 to +0.20\n3 statements"; bars[0].Name != want {
		t.Errorf("tooltip name %q, want %q", bars[0].Name, want)
	}
	if opt.Tooltip["renderMode"] != "richText" {
		t.Errorf("tooltip %v: want richText", opt.Tooltip)
	}
	if strings.Contains(string(raw), "__f__") || strings.Contains(string(raw), "function") {
		t.Errorf("the option holds a function: %s", raw)
	}

	alt := toneBySideAlt(sum, gs)
	want := "Tone by side — statements, mean sentiment from −1 to +1: statements by Pakistan averaged −0.30 (n=3, 95% interval −0.80 to +0.20), " +
		"by Mediators +0.20 (n=1), by zz −0.60 (n=1); " +
		"unattributed statements averaged +0.20 (n=2, 95% interval −1.00 to +1.00). Afghanistan has no quoted statements."
	if alt != want {
		t.Errorf("alt\n%q\nwant\n%q", alt, want)
	}
	if got := toneBySideAlt(dashboard.Summary{}, nil); got != "Tone by side — statements: no quoted statements yet." {
		t.Errorf("empty alt %q", got)
	}

	tbl := toneBySideTable(sum, gs)
	if r := tbl.Rows[0]; r.Head.Text != "Pakistan" || r.Head.Class != "grp-s0" || r.Cells[0].Text != "3" ||
		r.Cells[1].Text != "−0.30" || r.Cells[2].Text != "−0.80 to +0.20" {
		t.Errorf("table row %+v", r)
	}
	if r := tbl.Rows[1]; r.Cells[0].Text != "0" || r.Cells[1].Text != "—" || r.Cells[2].Text != "—" {
		t.Errorf("row without statements %+v", r)
	}
}

func TestSideSourceData(t *testing.T) {
	sum := sideSummary()
	gs := newGroups(testSpec).chartGroups(sum.SideTones)
	raw := optionOf(t, sideSourceOption, testInput(sum, gs...))
	var opt struct {
		XAxis []struct {
			Data []string `json:"data"`
		} `json:"xAxis"`
		YAxis []struct {
			Data []string `json:"data"`
		} `json:"yAxis"`
		Series []struct {
			Type string `json:"type"`
			Data []struct {
				Name  string `json:"name"`
				Value []any  `json:"value"`
				Label struct {
					Formatter string `json:"formatter"`
					Color     string `json:"color"`
				} `json:"label"`
			} `json:"data"`
		} `json:"series"`
		VisualMap struct {
			Min, Max float64
			InRange  struct {
				Color []string `json:"color"`
			} `json:"inRange"`
		} `json:"visualMap"`
	}
	if err := json.Unmarshal(raw, &opt); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(opt.XAxis[0].Data, "|"); got != "Dawn|Reuters|Unknown outlet" {
		t.Errorf("outlets %q (named in order, the unknown one last)", got)
	}
	if got := strings.Join(opt.YAxis[0].Data, "|"); got != "Pakistan|Afghanistan|Mediators|zz|Unattributed" {
		t.Errorf("rows %q", got)
	}
	if opt.VisualMap.Min != -1 || opt.VisualMap.Max != 1 || strings.Join(opt.VisualMap.InRange.Color, " ") != "#a63a00 #f2f2f2 #005c8a" {
		t.Errorf("visualMap %+v: want a fixed diverging scale from -1 to 1", opt.VisualMap)
	}
	type cell struct {
		x, y  float64
		mean  float64
		label string
	}
	var got []cell
	for _, d := range opt.Series[0].Data {
		got = append(got, cell{d.Value[0].(float64), d.Value[1].(float64), d.Value[2].(float64), d.Label.Formatter})
	}
	// Five cells; Afghanistan's row and the other pairs stay blank.
	want := []cell{{2, 2, 0.2, "+0.20\nn=1"}, {0, 0, -0.4, "−0.40\nn=2"}, {1, 0, -0.1, "−0.10\nn=1"}, {0, 4, 0.2, "+0.20\nn=2"}, {1, 3, -0.6, "−0.60\nn=1"}}
	if len(got) != len(want) {
		t.Fatalf("cells %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cell %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if n := opt.Series[0].Data[1].Name; n != "Pakistan in Dawn\nmean −0.40, 2 statements" {
		t.Errorf("tooltip name %q", n)
	}

	alt := sideSourceAlt(sum, gs)
	wantAlt := "Side × source, mean sentiment of statements from −1 to +1 by outlet. Pakistan: Dawn −0.40 (n=2), Reuters −0.10 (n=1). " +
		"Mediators: Unknown outlet +0.20 (n=1). zz: Reuters −0.60 (n=1). Unattributed: Dawn +0.20 (n=2). " +
		"Most negative: zz in Reuters, −0.60; most positive: Mediators in Unknown outlet, +0.20."
	if alt != wantAlt {
		t.Errorf("alt\n%q\nwant\n%q", alt, wantAlt)
	}
	tbl := sideSourceTable(sum, gs)
	if len(tbl.Columns) != 4 || tbl.Columns[3].Text != "Unknown outlet" || tbl.Rows[0].Cells[0].Text != "−0.40 (n=2)" || tbl.Rows[1].Cells[0].Text != "none" {
		t.Errorf("table %+v", tbl)
	}
}

func TestCellInk(t *testing.T) {
	light, _ := render.DivergingColors(render.ThemeLight)
	dark, _ := render.DivergingColors(render.ThemeDark)
	// Light theme: dark ends take white text, the light middle dark ink.
	for v, want := range map[float64]string{-1: inkLight, -0.9: inkLight, 0: inkDark, 0.3: inkDark, 1: inkLight} {
		if got := inkOn(divergingColor(v, light)); got != want {
			t.Errorf("light: ink on %v = %s, want %s", v, got, want)
		}
	}
	// Dark theme: the dark middle takes white text, the bright ends dark ink.
	for v, want := range map[float64]string{-1: inkDark, 0: inkLight, 0.2: inkLight, 1: inkDark} {
		if got := inkOn(divergingColor(v, dark)); got != want {
			t.Errorf("dark: ink on %v = %s, want %s", v, got, want)
		}
	}
	if c := divergingColor(0.5, light); math.Abs(c[0]-(0xf2+0x00)/2.0) > 0.01 || math.Abs(c[2]-(0xf2+0x8a)/2.0) > 0.01 {
		t.Errorf("colour of +0.5 = %v", c)
	}
}

func TestQuoteChartsEscapeNames(t *testing.T) {
	spec := &sentiment.Story{Sides: []sentiment.Group{{ID: "a", Name: xssBreakout}, {ID: "b", Name: "B"}}}
	sum := dashboard.Summary{Quotes: 1, Articles: 1,
		SideTones:       []dashboard.SideTone{{Side: "a", Quotes: 1, Mean: 0.5}},
		SideSourceTones: []dashboard.SideSourceTone{{Side: "a", Source: xssImg + "\u2028", Quotes: 1, Mean: 0.5}}}
	gs := newGroups(spec).chartGroups(sum.SideTones)
	for name, build := range map[string]func(chartInput) (map[string]any, error){
		"by side": toneBySideOption,
		"heat":    sideSourceOption,
	} {
		raw := optionOf(t, build, testInput(sum, gs...))
		if strings.ContainsAny(string(raw), "<>&\u2028") {
			t.Errorf("%s: raw <, >, & or U+2028 in %s", name, raw)
		}
		if !strings.Contains(string(raw), `\u003c/script\u003e`) {
			t.Errorf("%s: the escaped name is missing", name)
		}
	}
}

func TestShorten(t *testing.T) {
	if got := shorten("Café société", 6); got != "Café…" {
		t.Errorf("got %q", got)
	}
	if got := shorten("Dawn", 4); got != "Dawn" {
		t.Errorf("got %q", got)
	}
}
