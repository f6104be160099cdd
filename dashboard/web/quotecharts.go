package web

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/tonedesk/tonedesk/dashboard"
)

// Chart ids of the charts of quoted statements.
const (
	chartToneBySideStatements = "chart-tone-by-side-statements"
	chartSideSourceHeatmap    = "chart-side-source-heatmap"
)

// divergingColors are the colours of a mean tone on the heat map: most
// negative, zero, most positive. The ends are the page's negative and
// positive tones (and render's light theme); the middle is close to the
// background, so that a mean near zero recedes.
var divergingColors = [3]string{"#a63a00", "#f2f2f2", "#005c8a"}

// genericOption validates c and returns its ECharts option as plain JSON
// values (maps, slices, float64), with overrides set at the top level, so
// that a builder can set keys go-echarts has no field for at any depth. It
// returns an error when the option does not encode.
func genericOption(c echartsOption, overrides map[string]any) (map[string]any, error) {
	c.Validate()
	b, err := json.Marshal(c.JSON())
	if err != nil {
		return nil, fmt.Errorf("chart option: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("chart option: %w", err)
	}
	for k, v := range overrides {
		m[k] = v
	}
	return m, nil
}

// encodeOption encodes an option from genericOption as HTML-safe JSON (see
// optionJSON for why it is safe in a page).
func encodeOption(m map[string]any) (json.RawMessage, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("chart option: %w", err)
	}
	return b, nil
}

// optionItem returns element i of the list under key in a generic option
// (the second y axis, the third series) as a map to set keys in. It panics
// when the option lacks it: builders ask only for what they made.
func optionItem(m map[string]any, key string, i int) map[string]any {
	return m[key].([]any)[i].(map[string]any)
}

// Axis labels are cut to these many characters, so that a long name wraps
// to at most two lines under a heat map column and three beside a row, and
// never runs into the axis name; tooltips and tables keep the whole name.
const (
	maxOutletLabel = 24
	maxGroupLabel  = 60
)

// shorten cuts s to n characters, ending it with "…" when it was longer.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// toneBySideHeight is the height in CSS pixels of "Tone by side —
// statements" for n groups.
func toneBySideHeight(n int) int {
	return 150 + max(n, 1)*44
}

// quoteSubtitle is the subtitle line of the quote charts that says what they
// count: all the statements of the story, so far the only filter.
func quoteSubtitle(sum dashboard.Summary) string {
	return fmt.Sprintf("All %s quoted in %s", plural(sum.Quotes, "statement", "statements"),
		plural(sum.Articles, "article", "articles"))
}

// sideToneMap indexes tones by side.
func sideToneMap(tones []dashboard.SideTone) map[string]dashboard.SideTone {
	m := make(map[string]dashboard.SideTone, len(tones))
	for _, t := range tones {
		m[t.Side] = t
	}
	return m
}

// intervalText writes the 95% interval of a tone, "95% interval −0.60 to
// −0.22", or that there is none.
func intervalText(t dashboard.SideTone) string {
	lo, hi, ok := t.Interval95()
	if !ok {
		return "no interval from one statement"
	}
	return fmt.Sprintf("95%% interval %s to %s", formatScore(lo), formatScore(hi))
}

// toneBySideChart builds "Tone by side — statements": for each group (side,
// party, unattributed) a horizontal bar of the mean sentiment of its quoted
// statements on a -1..1 axis, in the group's colour, with a whisker for the
// 95% interval of the mean, and the mean and count written in a column on
// the right (a second category axis, so the numbers never collide with the
// bars or whiskers). The whiskers are a boxplot series whose box is the
// single point [lo, mean, mean, mean, hi]: plain JSON, no renderItem
// function. A group with one statement has no whisker; one with none, no
// bar.
func toneBySideChart(sum dashboard.Summary, gs []group, assetsHost string) *charts.Bar {
	tones := sideToneMap(sum.SideTones)
	n := len(gs)
	names := make([]string, n)
	values := make([]string, n)
	bars := make([]opts.BarData, n)
	whiskers := make([]opts.BoxPlotData, n)
	for i, g := range gs {
		names[i] = shorten(g.Name, maxGroupLabel)
		t := tones[g.ID]
		if t.Quotes == 0 {
			values[i] = "no statements"
			bars[i] = opts.BarData{Value: "-"}
			whiskers[i] = opts.BoxPlotData{Value: []any{}}
			continue
		}
		mean := roundScore(t.Mean)
		values[i] = fmt.Sprintf("%s · n=%d", formatScore(mean), t.Quotes)
		bars[i] = opts.BarData{
			Name: fmt.Sprintf("%s\nmean %s, %s\n%s", g.Name, formatScore(mean), intervalText(t),
				plural(t.Quotes, "statement", "statements")),
			Value:     mean,
			ItemStyle: &opts.ItemStyle{Color: g.Color},
		}
		if lo, hi, ok := t.Interval95(); ok {
			whiskers[i] = opts.BoxPlotData{Value: []float64{roundScore(lo), mean, mean, mean, roundScore(hi)}}
		} else {
			whiskers[i] = opts.BoxPlotData{Value: []any{}}
		}
	}

	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{
			ChartID:    chartToneBySideStatements,
			AssetsHost: assetsHost,
			Width:      "100%",
			Height:     fmt.Sprintf("%dpx", toneBySideHeight(n)),
		}),
		charts.WithAnimation(true),
		charts.WithTitleOpts(titleOpts("Tone by side — statements",
			quoteSubtitle(sum)+"; mean sentiment per side or party, whiskers: 95% interval of the mean")),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "8", Top: "96", Bottom: "48", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{
			Type: "value", Min: -1, Max: 1, MinInterval: 0.5, MaxInterval: 0.5,
			Name: "Mean sentiment of statements (−1 most negative, +1 most positive)", NameLocation: "middle", NameGap: 30,
			AxisLabel: &opts.AxisLabel{Color: colorMuted, FontSize: 12},
			SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: colorRule}},
		}),
		charts.WithYAxisOpts(opts.YAxis{
			Type: "category", Inverse: opts.Bool(true),
			Name: "Side or party", NameLocation: "start", NameGap: 12,
			AxisLabel: &opts.AxisLabel{
				Show: opts.Bool(true), Interval: "0", Color: colorText, FontSize: 13, FontFamily: chartFont,
				// Names come from the story file: a long one wraps, then is
				// cut, rather than squeeze the bars.
				Width: 180, Overflow: "break",
			},
			AxisLine: &opts.AxisLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: colorMuted}},
		}),
	)
	bar.ExtendYAxis(opts.YAxis{
		Type: "category", Inverse: opts.Bool(true), Position: "right", Data: values,
		AxisLabel: &opts.AxisLabel{
			Show: opts.Bool(true), Interval: "0", Color: colorText, FontSize: 12, FontFamily: chartFont,
		},
		AxisLine: &opts.AxisLine{Show: opts.Bool(false)},
	})
	bar.SetXAxis(names)
	bar.AddSeries("Mean tone", bars, charts.WithBarChartOpts(opts.BarChart{BarCategoryGap: "40%"}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.BarMaxWidth = "26" }))
	bar.MultiSeries = append(bar.MultiSeries, charts.SingleSeries{
		Name: "95% interval", Type: "boxplot", Data: whiskers,
		ItemStyle: &opts.ItemStyle{Color: "transparent", BorderColor: colorText, BorderWidth: 1.5},
	})
	bar.XYReversal()
	return bar
}

// toneBySideOption returns the option of "Tone by side — statements" as
// JSON: the chart with the keys go-echarts has no field for.
func toneBySideOption(sum dashboard.Summary, gs []group, assetsHost string) (json.RawMessage, error) {
	o := commonOverrides(map[string]any{"trigger": "item", "formatter": "{b}"})
	o["media"] = []any{map[string]any{
		"query": narrowQuery,
		"option": map[string]any{
			"title": map[string]any{"subtext": "Mean tone of quoted statements, 95% interval"},
			"xAxis": []any{map[string]any{"name": "Mean sentiment"}},
			"yAxis": []any{map[string]any{"axisLabel": map[string]any{"width": 112, "fontSize": 12}},
				map[string]any{"axisLabel": map[string]any{"fontSize": 11}}},
		},
	}}
	m, err := genericOption(toneBySideChart(sum, gs, assetsHost), o)
	if err != nil {
		return nil, err
	}
	// The category axis stands at the left edge, not at zero; a rule marks
	// zero instead. Names that wrap get room between their lines.
	left := optionItem(m, "yAxis", 0)
	left["axisLine"].(map[string]any)["onZero"] = false
	left["axisTick"] = map[string]any{"show": false}
	left["axisLabel"].(map[string]any)["lineHeight"] = 16
	optionItem(m, "series", 0)["markLine"] = map[string]any{
		"silent": true, "symbol": []any{"none", "none"}, "label": map[string]any{"show": false},
		"lineStyle": map[string]any{"color": colorMuted, "type": "solid", "width": 1},
		"data":      []any{map[string]any{"xAxis": 0}},
	}
	// The right axis shares the bars' categories and draws no ticks.
	right := optionItem(m, "yAxis", 1)
	right["axisTick"] = map[string]any{"show": false}
	right["splitLine"] = map[string]any{"show": false}
	// The whiskers: no box to speak of, caps 12 pixels wide, no tooltip of
	// their own (the bar's says the interval), not clipped at ±1.
	box := optionItem(m, "series", 1)
	box["boxWidth"] = []any{12, 12}
	box["tooltip"] = map[string]any{"show": false}
	box["silent"] = true
	box["z"] = 3
	return encodeOption(m)
}

// toneBySideAlt is the text alternative of "Tone by side — statements": the
// mean, count and interval of every group shown.
func toneBySideAlt(sum dashboard.Summary, gs []group) string {
	if sum.Quotes == 0 {
		return "Tone by side — statements: no quoted statements yet."
	}
	tones := sideToneMap(sum.SideTones)
	var parts []string
	for _, g := range gs {
		t := tones[g.ID]
		who := "Statements by " + g.Name
		if g.Kind == kindUnknown {
			who = "Unattributed statements"
		}
		switch t.Quotes {
		case 0:
			parts = append(parts, g.Name+" has no quoted statements")
		case 1:
			parts = append(parts, fmt.Sprintf("%s averaged %s (n=1)", who, formatScore(t.Mean)))
		default:
			lo, hi, _ := t.Interval95()
			parts = append(parts, fmt.Sprintf("%s averaged %s (n=%d, 95%% interval %s to %s)", who,
				formatScore(t.Mean), t.Quotes, formatScore(lo), formatScore(hi)))
		}
	}
	return "Tone by side — statements, mean sentiment from −1 to +1. " + strings.Join(parts, "; ") + "."
}

// toneBySideTable is the data table of "Tone by side — statements".
func toneBySideTable(sum dashboard.Summary, gs []group) *dataTable {
	tones := sideToneMap(sum.SideTones)
	t := &dataTable{
		Summary: "Tone by side — statements as a table",
		Columns: []tableColumn{{Text: "Side or party"}, {Text: "Statements", Num: true},
			{Text: "Mean tone", Num: true}, {Text: "95% interval", Num: true}},
	}
	for _, g := range gs {
		st := tones[g.ID]
		interval := "—"
		if lo, hi, ok := st.Interval95(); ok {
			interval = formatScore(lo) + " to " + formatScore(hi)
		}
		t.Rows = append(t.Rows, tableRow{
			Head: tableCell{Text: g.Name, Class: g.Class},
			Cells: []tableCell{
				{Text: strconv.Itoa(st.Quotes), Num: true},
				{Text: meanCell(st.Mean, st.Quotes), Num: true},
				{Text: interval, Num: true},
			},
		})
	}
	return t
}

// heatmapSources returns the outlets of the heat map: those with quoted
// statements, named ones in byte order, the unknown outlet last.
func heatmapSources(cells []dashboard.SideSourceTone) []string {
	seen := map[string]bool{}
	var out []string
	unknown := false
	for _, c := range cells {
		if c.Quotes == 0 || seen[c.Source] {
			continue
		}
		seen[c.Source] = true
		if strings.TrimSpace(c.Source) == "" {
			unknown = true
			continue
		}
		out = append(out, c.Source)
	}
	sort.Strings(out)
	if unknown {
		out = append(out, "")
	}
	return out
}

// heatmapHeight is the height in CSS pixels of the heat map for n rows.
func heatmapHeight(n int) int {
	return 250 + max(n, 1)*52
}

// heatCell is one cell of the heat map: [outlet index, group index, mean],
// with its own fixed label (mean and count, in a colour that reads on the
// cell) and a name for the tooltip.
type heatCell struct {
	Name  string      `json:"name"`
	Value [3]any      `json:"value"`
	Label *opts.Label `json:"label"`
}

// sideSourceHeatmap builds "Side × source": one row per group, one column
// per outlet, each cell coloured by the mean tone of that group's statements
// in that outlet's articles on a diverging scale fixed at -1..1 (so that 0
// is always the neutral middle colour), and labelled with the mean and n.
// A pair with no statements has no cell: it stays blank.
func sideSourceHeatmap(sum dashboard.Summary, gs []group, assetsHost string) *charts.HeatMap {
	sources := heatmapSources(sum.SideSourceTones)
	col := map[string]int{}
	outlets := make([]string, len(sources))
	for i, s := range sources {
		col[s] = i
		outlets[i] = shorten(outletName(s), maxOutletLabel)
	}
	row := map[string]int{}
	names := make([]string, len(gs))
	for i, g := range gs {
		row[g.ID] = i
		names[i] = shorten(g.Name, maxGroupLabel)
	}
	var cells []heatCell
	for _, c := range sum.SideSourceTones {
		x, okx := col[c.Source]
		y, oky := row[c.Side]
		if !okx || !oky || c.Quotes == 0 {
			continue
		}
		mean := roundScore(c.Mean)
		cells = append(cells, heatCell{
			Name: fmt.Sprintf("%s in %s\nmean %s, %s", gs[y].Name, outletName(c.Source), formatScore(mean),
				plural(c.Quotes, "statement", "statements")),
			Value: [3]any{x, y, mean},
			Label: &opts.Label{
				Show: opts.Bool(true), Color: inkOn(divergingColor(mean)), FontSize: 12, FontFamily: chartFont,
				LineHeight: 16,
				// A fixed text of numbers: no user text, no {placeholder}.
				Formatter: fmt.Sprintf("%s\nn=%d", formatScore(mean), c.Quotes),
			},
		})
	}

	hm := charts.NewHeatMap()
	hm.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{
			ChartID:    chartSideSourceHeatmap,
			AssetsHost: assetsHost,
			Width:      "100%",
			Height:     fmt.Sprintf("%dpx", heatmapHeight(len(gs))),
		}),
		charts.WithAnimation(true),
		charts.WithTitleOpts(titleOpts("Side × source",
			quoteSubtitle(sum)+"; mean sentiment of each side's statements by outlet; blank: none quoted")),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "8", Top: "100", Bottom: "80", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{
			Type: "category", Data: outlets, Name: "Outlet", NameLocation: "middle", NameGap: 66,
			AxisLabel: &opts.AxisLabel{
				Show: opts.Bool(true), Interval: "0", Color: colorText, FontSize: 13, FontFamily: chartFont,
				Width: 120, Overflow: "break",
			},
			SplitArea: &opts.SplitArea{Show: opts.Bool(false)},
		}),
		charts.WithYAxisOpts(opts.YAxis{
			Type: "category", Inverse: opts.Bool(true), Data: names,
			Name: "Side or party", NameLocation: "start", NameGap: 12,
			AxisLabel: &opts.AxisLabel{
				Show: opts.Bool(true), Interval: "0", Color: colorText, FontSize: 13, FontFamily: chartFont,
				Width: 180, Overflow: "break",
			},
			SplitArea: &opts.SplitArea{Show: opts.Bool(false)},
		}),
	)
	hm.MultiSeries = append(hm.MultiSeries, charts.SingleSeries{
		Name: "Mean tone", Type: "heatmap", Data: cells,
		ItemStyle: &opts.ItemStyle{BorderColor: "#ffffff", BorderWidth: 2},
	})
	return hm
}

// sideSourceOption returns the option of "Side × source" as JSON.
func sideSourceOption(sum dashboard.Summary, gs []group, assetsHost string) (json.RawMessage, error) {
	o := commonOverrides(map[string]any{"trigger": "item", "formatter": "{b}"})
	o["visualMap"] = map[string]any{
		"type": "continuous", "min": -1, "max": 1, "calculable": false,
		"seriesIndex": 0, "dimension": 2,
		"orient": "horizontal", "left": "center", "bottom": 0, "itemWidth": 14, "itemHeight": 200,
		"text":      []any{"+1 positive", "−1 negative"},
		"textStyle": map[string]any{"color": colorMuted, "fontSize": 12, "fontFamily": chartFont},
		"inRange":   map[string]any{"color": divergingColors[:]},
	}
	o["media"] = []any{map[string]any{
		"query": narrowQuery,
		"option": map[string]any{
			"title": map[string]any{"subtext": "Mean tone of statements by outlet"},
			// Outlet names turn rather than run into each other.
			"xAxis": []any{map[string]any{"nameGap": 80,
				"axisLabel": map[string]any{"rotate": 40, "width": 90, "overflow": "truncate", "fontSize": 11}}},
			"yAxis":     []any{map[string]any{"axisLabel": map[string]any{"width": 112, "fontSize": 12}}},
			"grid":      []any{map[string]any{"bottom": 72}},
			"visualMap": map[string]any{"itemHeight": 120},
		},
	}}
	m, err := genericOption(sideSourceHeatmap(sum, gs, assetsHost), o)
	if err != nil {
		return nil, err
	}
	for _, axis := range []string{"xAxis", "yAxis"} {
		optionItem(m, axis, 0)["axisLabel"].(map[string]any)["lineHeight"] = 16
	}
	s := optionItem(m, "series", 0)
	s["emphasis"] = map[string]any{"itemStyle": map[string]any{"borderColor": colorText, "borderWidth": 2}}
	return encodeOption(m)
}

// sideSourceAlt is the text alternative of "Side × source": every cell,
// row by row (the first 40), then the most negative and most positive.
func sideSourceAlt(sum dashboard.Summary, gs []group) string {
	if sum.Quotes == 0 {
		return "Side × source: no quoted statements yet."
	}
	byRow := map[string][]dashboard.SideSourceTone{}
	for _, c := range sum.SideSourceTones {
		byRow[c.Side] = append(byRow[c.Side], c)
	}
	var b strings.Builder
	b.WriteString("Side × source, mean sentiment of statements from −1 to +1 by outlet.")
	shown, total := 0, 0
	var lowest, highest *dashboard.SideSourceTone
	for _, g := range gs {
		var parts []string
		for _, c := range byRow[g.ID] {
			total++
			if lowest == nil || c.Mean < lowest.Mean {
				lowest = &c
			}
			if highest == nil || c.Mean > highest.Mean {
				highest = &c
			}
			if shown < 40 {
				parts = append(parts, fmt.Sprintf("%s %s (n=%d)", outletName(c.Source), formatScore(c.Mean), c.Quotes))
				shown++
			}
		}
		if len(parts) > 0 {
			fmt.Fprintf(&b, " %s: %s.", g.Name, strings.Join(parts, ", "))
		}
	}
	if total > shown {
		fmt.Fprintf(&b, " And %d more.", total-shown)
	}
	if lowest != nil && total > 1 {
		name := func(c *dashboard.SideSourceTone) string {
			for _, g := range gs {
				if g.ID == c.Side {
					return g.Name
				}
			}
			return c.Side
		}
		fmt.Fprintf(&b, " Most negative: %s in %s, %s; most positive: %s in %s, %s.",
			name(lowest), outletName(lowest.Source), formatScore(lowest.Mean),
			name(highest), outletName(highest.Source), formatScore(highest.Mean))
	}
	return b.String()
}

// sideSourceTable is the data table of "Side × source": a row per group, a
// column per outlet.
func sideSourceTable(sum dashboard.Summary, gs []group) *dataTable {
	sources := heatmapSources(sum.SideSourceTones)
	t := &dataTable{Summary: "Side × source as a table", Columns: []tableColumn{{Text: "Side or party"}}}
	for _, s := range sources {
		t.Columns = append(t.Columns, tableColumn{Text: outletName(s), Num: true})
	}
	cell := map[[2]string]dashboard.SideSourceTone{}
	for _, c := range sum.SideSourceTones {
		cell[[2]string{c.Side, c.Source}] = c
	}
	for _, g := range gs {
		r := tableRow{Head: tableCell{Text: g.Name, Class: g.Class}}
		for _, s := range sources {
			c := cell[[2]string{g.ID, s}]
			r.Cells = append(r.Cells, tableCell{Text: meanText(c.Mean, c.Quotes), Num: true})
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}

// divergingColor returns the colour of a mean on the heat map's scale, as
// ECharts computes it: linear in RGB between the three colours.
func divergingColor(v float64) [3]float64 {
	v = min(max(v, -1), 1)
	a, b, f := divergingColors[0], divergingColors[1], v+1
	if v > 0 {
		a, b, f = divergingColors[1], divergingColors[2], v
	}
	ca, cb := parseHex(a), parseHex(b)
	var out [3]float64
	for i := range out {
		out[i] = ca[i] + (cb[i]-ca[i])*f
	}
	return out
}

// parseHex reads "#rrggbb".
func parseHex(s string) [3]float64 {
	var c [3]float64
	for i := range c {
		v, _ := strconv.ParseUint(s[1+2*i:3+2*i], 16, 8)
		c[i] = float64(v)
	}
	return c
}

// inkOn returns the text colour that reads best on a background: the page's
// ink or white, whichever has the higher contrast ratio (WCAG 2).
func inkOn(bg [3]float64) string {
	lum := func(c [3]float64) float64 {
		var l [3]float64
		for i, v := range c {
			v /= 255
			if v <= 0.04045 {
				l[i] = v / 12.92
			} else {
				l[i] = math.Pow((v+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
	}
	b := lum(bg)
	ink := lum(parseHex(colorText))
	if (1+0.05)/(b+0.05) > (b+0.05)/(ink+0.05) {
		return "#ffffff"
	}
	return colorText
}
