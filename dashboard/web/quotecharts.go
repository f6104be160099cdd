package web

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/dashboard/web/render"
)

// Chart ids of the charts of quoted statements.
const (
	chartToneBySideStatements = "chart-tone-by-side-statements"
	chartSideSourceHeatmap    = "chart-side-source-heatmap"
)

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
	return 174 + max(n, 1)*44
}

// Title of "Tone by side — statements".
const toneBySideTitle = "Tone by side — statements"

// quoteSubtitle is the subtitle line of the quote charts that says what they
// count: all the statements of the story, or those of the filtered articles
// (the next line of the subtitle says which, see addFilterLine).
func quoteSubtitle(in chartInput) string {
	return countSubtitle(in, plural(in.Summary.Quotes, "statement", "statements")+" quoted in "+
		plural(in.Summary.Articles, "article", "articles"))
}

// countSubtitle starts the subtitle of a chart with what it counts: "All
// 12 statements quoted in 5 articles", without "All" when the chart is
// filtered (the filter line says which).
func countSubtitle(in chartInput, counted string) string {
	if in.Filter != "" {
		return counted
	}
	return "All " + counted
}

// sideToneMap indexes tones by side.
func sideToneMap(tones []dashboard.SideTone) map[string]dashboard.SideTone {
	m := make(map[string]dashboard.SideTone, len(tones))
	for _, t := range tones {
		m[t.Side] = t
	}
	return m
}

// intervalText writes the 95% interval of a mean of n items (one, many:
// what they are), "95% interval −0.60 to −0.22", or that there is none.
func intervalText(n int, mean, sd float64, one string) string {
	lo, hi, ok := dashboard.MeanInterval95(n, mean, sd)
	if !ok {
		return "no interval from one " + one
	}
	return fmt.Sprintf("95%% interval %s to %s", formatScore(lo), formatScore(hi))
}

// meanRow is one row of a chart of means with their intervals: a group
// (side, party, stance) with the count, mean and standard deviation of its
// scores.
type meanRow struct {
	Name  string
	Color string
	// Class is the group's colour class in tables ("" for none).
	Class    string
	N        int
	Mean, SD float64
}

// meanChart is a chart of means by group: "Tone by side — statements" and
// "Tone by side — readers".
type meanChart struct {
	// ID is the chart's element id.
	ID   string
	Rows []meanRow
	// ValueAxis and CategoryAxis are the names of the axes.
	ValueAxis, CategoryAxis string
	// One and Many name what a row counts: "statement", "statements".
	One, Many string
}

// sideMeanRows are the rows of "Tone by side — statements": one per group.
func sideMeanRows(sum dashboard.Summary, gs []group) []meanRow {
	tones := sideToneMap(sum.SideTones)
	rows := make([]meanRow, len(gs))
	for i, g := range gs {
		t := tones[g.ID]
		rows[i] = meanRow{Name: g.Name, Color: g.Color, Class: g.Class, N: t.Quotes, Mean: t.Mean, SD: t.SD}
	}
	return rows
}

// meanBarsChart builds a chart of means by group: for each row a
// horizontal bar of the mean sentiment on a -1..1 axis, in the row's
// colour, with a whisker for the 95% interval of the mean, and the mean and
// count written in a column on the right (a second category axis, so the
// numbers never collide with the bars or whiskers). The whiskers are a
// boxplot series whose box is the single point [lo, mean, mean, mean, hi]:
// plain JSON, no renderItem function. A row with one item has no whisker;
// one with none, no bar.
func meanBarsChart(in chartInput, mc meanChart) *charts.Bar {
	n := len(mc.Rows)
	names := make([]string, n)
	values := make([]string, n)
	bars := make([]opts.BarData, n)
	whiskers := make([]opts.BoxPlotData, n)
	for i, r := range mc.Rows {
		names[i] = shorten(r.Name, maxGroupLabel)
		if r.N == 0 {
			values[i] = "no " + mc.Many
			bars[i] = opts.BarData{Value: "-"}
			whiskers[i] = opts.BoxPlotData{Value: []any{}}
			continue
		}
		mean := roundScore(r.Mean)
		values[i] = fmt.Sprintf("%s · n=%d", formatScore(mean), r.N)
		bars[i] = opts.BarData{
			Name: fmt.Sprintf("%s\nmean %s, %s\n%s", r.Name, formatScore(mean), intervalText(r.N, r.Mean, r.SD, mc.One),
				plural(r.N, mc.One, mc.Many)),
			Value:     mean,
			ItemStyle: &opts.ItemStyle{Color: r.Color},
		}
		if lo, hi, ok := dashboard.MeanInterval95(r.N, r.Mean, r.SD); ok {
			whiskers[i] = opts.BoxPlotData{Value: []float64{roundScore(lo), mean, mean, mean, roundScore(hi)}}
		} else {
			whiskers[i] = opts.BoxPlotData{Value: []any{}}
		}
	}

	bar := charts.NewBar()
	bar.SetGlobalOptions(
		chartInit(in, mc.ID, toneBySideHeight(n)),
		charts.WithAnimation(true),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: fmt.Sprint(chartMargin), Right: fmt.Sprint(chartMargin), Top: "112", Bottom: "64", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(scoreAxis(mc.ValueAxis, true)),
		charts.WithYAxisOpts(opts.YAxis{
			Type: "category", Inverse: opts.Bool(true),
			Name: mc.CategoryAxis, NameLocation: "start", NameGap: 12,
			AxisLabel: &opts.AxisLabel{
				Show: opts.Bool(true), Interval: "0", FontSize: 13,
				// Names come from the story file: a long one wraps, then is
				// cut, rather than squeeze the bars.
				Width: 180, Overflow: "break",
			},
			AxisLine: &opts.AxisLine{Show: opts.Bool(true)},
		}),
	)
	bar.ExtendYAxis(countAxis(values))
	bar.SetXAxis(names)
	bar.AddSeries("Mean tone", bars, charts.WithBarChartOpts(opts.BarChart{BarCategoryGap: "40%"}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.BarMaxWidth = "26" }))
	bar.MultiSeries = append(bar.MultiSeries, charts.SingleSeries{
		Name: "95% interval", Type: "boxplot", Data: whiskers,
		// The whiskers' colour is the theme's ink (its "boxplot" entry).
		ItemStyle: &opts.ItemStyle{Color: "transparent", BorderWidth: 1.5},
	})
	bar.XYReversal()
	return bar
}

// toneBySideOption returns the option of "Tone by side — statements".
func toneBySideOption(in chartInput) (map[string]any, error) {
	return meanBarsOption(in, meanChart{
		ID: chartToneBySideStatements, Rows: sideMeanRows(in.Summary, in.Groups),
		ValueAxis:    "Mean sentiment of statements (−1 most negative, +1 most positive)",
		CategoryAxis: "Side or party", One: "statement", Many: "statements",
	}, toneBySideTitle, quoteSubtitle(in)+"; mean sentiment per side or party, whiskers: 95% interval of the mean",
		"Mean tone of quoted statements, 95% interval")
}

// meanBarsOption returns the option of a chart of means (meanBarsChart)
// with its title, subtitle (narrow: the subtitle of narrow screens) and the
// keys go-echarts has no field for.
func meanBarsOption(in chartInput, mc meanChart, title, subtitle, narrow string) (map[string]any, error) {
	o := commonOverrides(title, subtitle, map[string]any{"trigger": "item", "formatter": "{b}"})
	o["media"] = []any{map[string]any{
		"query": narrowQuery,
		"option": map[string]any{
			"title": map[string]any{"subtext": narrow},
			"xAxis": []any{map[string]any{"name": "Mean sentiment"}},
			"yAxis": []any{map[string]any{"axisLabel": map[string]any{"width": 112, "fontSize": 12}},
				map[string]any{"axisLabel": map[string]any{"fontSize": 11}}},
		},
	}}
	m, err := genericOption(meanBarsChart(in, mc), o)
	if err != nil {
		return nil, err
	}
	// The category axis stands at the left edge, not at zero; a rule marks
	// zero instead. Names that wrap get room between their lines.
	left := optionItem(m, "yAxis", 0)
	left["axisLine"].(map[string]any)["onZero"] = false
	left["axisTick"] = map[string]any{"show": false}
	left["axisLabel"].(map[string]any)["lineHeight"] = 16
	optionItem(m, "series", 0)["markLine"] = zeroRule()
	plainCountAxis(m)
	// The whiskers: no box to speak of, caps 12 pixels wide, no tooltip of
	// their own (the bar's says the interval), not clipped at ±1.
	box := optionItem(m, "series", 1)
	box["boxWidth"] = []any{12, 12}
	box["tooltip"] = map[string]any{"show": false}
	box["silent"] = true
	box["z"] = 3
	return m, nil
}

// toneBySideAlt is the text alternative of "Tone by side — statements": the
// mean, count and interval of every group shown, in a sentence, and the
// sides nobody quoted in another.
func toneBySideAlt(sum dashboard.Summary, gs []group) string {
	if sum.Quotes == 0 {
		return "Tone by side — statements: no quoted statements yet."
	}
	tones := sideToneMap(sum.SideTones)
	mean := func(t dashboard.SideTone) string { return meanIntervalText(t.Quotes, t.Mean, t.SD) }
	var by []string
	var unattributed string
	var silent []string
	for _, g := range gs {
		t := tones[g.ID]
		switch {
		case t.Quotes == 0:
			silent = append(silent, g.Name)
		case g.Kind == kindUnknown:
			unattributed = "unattributed statements averaged " + mean(t)
		case len(by) == 0:
			by = append(by, fmt.Sprintf("statements by %s averaged %s", g.Name, mean(t)))
		default:
			by = append(by, fmt.Sprintf("by %s %s", g.Name, mean(t)))
		}
	}
	var b strings.Builder
	b.WriteString("Tone by side — statements, mean sentiment from −1 to +1: ")
	b.WriteString(strings.Join(by, ", "))
	if unattributed != "" {
		if len(by) > 0 {
			b.WriteString("; ")
		}
		b.WriteString(unattributed)
	}
	b.WriteString(".")
	switch len(silent) {
	case 0:
	case 1:
		fmt.Fprintf(&b, " %s has no quoted statements.", silent[0])
	default:
		fmt.Fprintf(&b, " %s and %s have no quoted statements.", strings.Join(silent[:len(silent)-1], ", "), silent[len(silent)-1])
	}
	return b.String()
}

// toneBySideTable is the data table of "Tone by side — statements".
func toneBySideTable(sum dashboard.Summary, gs []group) *dataTable {
	return meanTable(toneBySideTitle, "Side or party", "Statements", sideMeanRows(sum, gs))
}

// meanTable is the data table of a chart of means (meanBarsChart): a row
// per group with its count (countColumn names it), mean and 95% interval.
func meanTable(title, groupColumn, countColumn string, rows []meanRow) *dataTable {
	t := &dataTable{
		Summary: title + " as a table",
		Columns: []tableColumn{{Text: groupColumn}, {Text: countColumn, Num: true},
			{Text: "Mean tone", Num: true}, {Text: "95% interval", Num: true}},
	}
	for _, r := range rows {
		interval := "—"
		if lo, hi, ok := dashboard.MeanInterval95(r.N, r.Mean, r.SD); ok {
			interval = formatScore(lo) + " to " + formatScore(hi)
		}
		t.Rows = append(t.Rows, tableRow{
			Head: tableCell{Text: r.Name, Class: r.Class},
			Cells: []tableCell{
				{Text: strconv.Itoa(r.N), Num: true},
				{Text: meanCell(r.Mean, r.N), Num: true},
				{Text: interval, Num: true},
			},
		})
	}
	return t
}

// meanIntervalText writes a mean of n > 0 items with its count and 95%
// interval for an alt text: "−0.40 (n=2, 95% interval −1.00 to +0.87)",
// "+0.20 (n=1)".
func meanIntervalText(n int, mean, sd float64) string {
	lo, hi, ok := dashboard.MeanInterval95(n, mean, sd)
	if !ok {
		return fmt.Sprintf("%s (n=%d)", formatScore(mean), n)
	}
	return fmt.Sprintf("%s (n=%d, 95%% interval %s to %s)", formatScore(mean), n, formatScore(lo), formatScore(hi))
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
	return 266 + max(n, 1)*52
}

// Title of "Side × source".
const sideSourceTitle = "Side × source"

// heatCell is one cell of the heat map: [outlet index, group index, mean],
// with its own fixed label (mean and count, in a colour that reads on the
// cell) and a name for the tooltip.
type heatCell struct {
	Name  string      `json:"name"`
	Value [3]any      `json:"value"`
	Label *opts.Label `json:"label"`
}

// heatLabel is the text of a cell: the mean over the count.
func heatLabel(mean float64, n int) string {
	return fmt.Sprintf("%s\nn=%d", formatScore(mean), n)
}

// sideSourceHeatmap builds "Side × source": one row per group, one column
// per outlet, each cell coloured by the mean tone of that group's statements
// in that outlet's articles on a diverging scale fixed at -1..1 (so that 0
// is always the neutral middle colour), and labelled with the mean and n in
// the ink that reads best on the cell's colour in the input's theme. A pair
// with no statements has no cell: it stays blank.
func sideSourceHeatmap(in chartInput, scale [3]string) *charts.HeatMap {
	sum, gs := in.Summary, in.Groups
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
				Show: opts.Bool(true), Color: inkOn(divergingColor(mean, scale)), FontSize: 12,
				LineHeight: 16,
				// A fixed text of numbers: no user text, no {placeholder}.
				Formatter: heatLabel(mean, c.Quotes),
			},
		})
	}

	hm := charts.NewHeatMap()
	hm.SetGlobalOptions(
		chartInit(in, chartSideSourceHeatmap, heatmapHeight(len(gs))),
		charts.WithAnimation(true),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: fmt.Sprint(chartMargin), Right: fmt.Sprint(chartMargin), Top: "116", Bottom: "92", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{
			Type: "category", Data: outlets, Name: "Outlet", NameLocation: "middle", NameGap: 50,
			AxisLabel: &opts.AxisLabel{
				Show: opts.Bool(true), Interval: "0", FontSize: 13,
				Width: 120, Overflow: "break",
			},
			SplitArea: &opts.SplitArea{Show: opts.Bool(false)},
		}),
		charts.WithYAxisOpts(opts.YAxis{
			Type: "category", Inverse: opts.Bool(true), Data: names,
			Name: "Side or party", NameLocation: "start", NameGap: 12,
			AxisLabel: &opts.AxisLabel{
				Show: opts.Bool(true), Interval: "0", FontSize: 13,
				Width: 180, Overflow: "break",
			},
			SplitArea: &opts.SplitArea{Show: opts.Bool(false)},
		}),
	)
	hm.MultiSeries = append(hm.MultiSeries, charts.SingleSeries{
		Name: "Mean tone", Type: "heatmap", Data: cells,
		// The border is the theme's background, which separates the cells.
		ItemStyle: &opts.ItemStyle{BorderWidth: 2},
	})
	return hm
}

// scaleLegendWidth is the length of the scale's bar in the heat map's
// legend: short enough for a phone with its two words beside it.
const scaleLegendWidth = 140

// scaleLegend is the legend of a heat map's sentiment scale, centred at the
// bottom: "−1 negative", a bar that runs through the scale's colours, "+1
// positive", in the muted ink of the theme.
func scaleLegend(scale [3]string, ink string) map[string]any {
	const h, gap = 14, 10
	word := func(text string, x float64, align string) map[string]any {
		return map[string]any{"type": "text", "x": x, "y": h / 2, "silent": true, "style": map[string]any{
			"text": text, "fill": ink, "fontSize": 12, "fontFamily": render.FontFamily,
			"textAlign": align, "textVerticalAlign": "middle"}}
	}
	return map[string]any{
		"type": "group", "id": "scale-legend", "left": "center", "bottom": chartMargin, "silent": true,
		"children": []any{
			word("−1 negative", -gap, "right"),
			map[string]any{"type": "rect", "silent": true,
				"shape": map[string]any{"x": 0, "y": 0, "width": scaleLegendWidth, "height": h, "r": 2},
				"style": map[string]any{"fill": map[string]any{
					"type": "linear", "x": 0, "y": 0, "x2": 1, "y2": 0,
					"colorStops": []any{
						map[string]any{"offset": 0, "color": scale[0]},
						map[string]any{"offset": 0.5, "color": scale[1]},
						map[string]any{"offset": 1, "color": scale[2]},
					}}}},
			word("+1 positive", scaleLegendWidth+gap, "left"),
		},
	}
}

// sideSourceOption returns the option of "Side × source".
func sideSourceOption(in chartInput) (map[string]any, error) {
	scale, err := render.DivergingColors(in.Theme)
	if err != nil {
		return nil, fmt.Errorf("side × source: %w", err)
	}
	o := commonOverrides(sideSourceTitle,
		quoteSubtitle(in)+"; mean sentiment of each side's statements by outlet; blank: none quoted",
		map[string]any{"trigger": "item", "formatter": "{b}"})
	muted, err := render.MutedColor(in.Theme)
	if err != nil {
		return nil, fmt.Errorf("side × source: %w", err)
	}
	// The visual map colours the cells; its own bar is not drawn: drawn by
	// ECharts it costs a third of the chart's SVG time (20 of 64 ms on the
	// 2-core machine), where a gradient rect with two words, the same to
	// the eye, costs almost nothing.
	o["visualMap"] = map[string]any{
		"type": "continuous", "min": -1, "max": 1, "calculable": false, "show": false,
		"seriesIndex": 0, "dimension": 2,
		// The theme's scale, named here because the cell labels are chosen
		// for it.
		"inRange": map[string]any{"color": scale[:]},
	}
	o["graphic"] = []any{scaleLegend(scale, muted)}
	o["media"] = []any{map[string]any{
		"query": narrowQuery,
		"option": map[string]any{
			"title": map[string]any{"subtext": "Mean tone of statements by outlet"},
			// Outlet names turn rather than run into each other.
			"xAxis": []any{map[string]any{"nameGap": 80,
				"axisLabel": map[string]any{"rotate": 40, "width": 90, "overflow": "truncate", "fontSize": 11}}},
			"yAxis": []any{map[string]any{"axisLabel": map[string]any{"width": 112, "fontSize": 12}}},
			"grid":  []any{map[string]any{"bottom": 88}},
		},
	}}
	m, err := genericOption(sideSourceHeatmap(in, scale), o)
	if err != nil {
		return nil, err
	}
	for _, axis := range []string{"xAxis", "yAxis"} {
		optionItem(m, axis, 0)["axisLabel"].(map[string]any)["lineHeight"] = 16
	}
	s := optionItem(m, "series", 0)
	// The theme's heatmap entry gives the colour of the border on hover.
	s["emphasis"] = map[string]any{"itemStyle": map[string]any{"borderWidth": 2}}
	return m, nil
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
// ECharts computes it: linear in RGB between the three colours of scale
// (most negative, zero, most positive).
func divergingColor(v float64, scale [3]string) [3]float64 {
	v = min(max(v, -1), 1)
	a, b, f := scale[0], scale[1], v+1
	if v > 0 {
		a, b, f = scale[1], scale[2], v
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

// inkOn returns the label colour that reads best on a background: dark ink
// or white, whichever has the higher contrast ratio (WCAG 2).
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
	ink := lum(parseHex(inkDark))
	if (1+0.05)/(b+0.05) > (b+0.05)/(ink+0.05) {
		return inkLight
	}
	return inkDark
}
