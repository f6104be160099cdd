package web

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/dashboard/web/render"
)

// Chart ids. They are fixed, not generated, so that golden files stay stable
// and the page script and tests can find each chart.
const (
	chartToneBySource     = "chart-tone-by-source"
	chartCommentSentiment = "chart-comment-sentiment"
)

// Colours of the series of "Tone by source" and "Comment sentiment
// distribution": Okabe–Ito colours from render's palette, which stay
// distinct under the common colour-vision deficiencies and are the same in
// both themes. The style sheet uses the same values (--article, --quote,
// --comment). Neutral colours (text, axes, rules, background) are never set
// by a chart: the theme gives them, so one option draws in light and dark.
var (
	colorArticle = render.SideColors[0] // blue
	colorQuote   = render.SideColors[5] // orange
	colorComment = render.SideColors[2] // bluish green
)

// Label inks on coloured marks (bars, heat map cells): whichever of the two
// contrasts more with the mark, whatever the theme (see inkOn).
const (
	inkDark  = "#1b1b1b"
	inkLight = "#ffffff"
)

// chartFont is the font of the charts, on the page and in images: the
// embedded Liberation Sans, which the page serves with @font-face.
const chartFont = render.FontFamily

// Margins of a chart, in CSS pixels: the title and the grid keep at least
// this far from the edges, so that an image can be cropped or set in a
// column without text touching its border.
const (
	chartMargin = 16
	// gridRight leaves room for the last tick label of a value axis, which
	// is centred on the grid's edge.
	gridRight = 24
)

// unknownOutlet names the outlet of articles whose source is empty.
const unknownOutlet = "Unknown outlet"

// outletName returns the display name of a source.
func outletName(source string) string {
	if strings.TrimSpace(source) == "" {
		return unknownOutlet
	}
	return source
}

// echartsOption is what a go-echarts chart gives us: it is validated, then
// turned into the option map that echarts.setOption takes.
type echartsOption interface {
	Validate()
	JSON() map[string]any
}

// chartInput is what every chart is built from. The page and the images
// build a chart from the same input with the same function; only Theme may
// differ.
type chartInput struct {
	Summary dashboard.Summary
	// Groups are the sides and parties the quote charts show, in order
	// (groups.chartGroups).
	Groups []group
	// Theme is the render theme the option is drawn in, render.ThemeLight on
	// the page. Only the colours of heat map cells and of their labels
	// depend on it; everything else is left to the theme.
	Theme string
	// Filter is the line under the subtitle that states the filter of the
	// data (filterSubtitle), "" when the chart shows the whole story.
	Filter string
	// AssetsHost is the URL directory of echarts.min.js, go-echarts'
	// AssetsHost. It does not reach the option.
	AssetsHost string
}

// genericOption validates c and returns its ECharts option as plain JSON
// values (maps, slices, float64), with overrides set at the top level, so
// that a builder can set keys go-echarts has no field for at any depth. The
// palette go-echarts writes ("color", its v5 default) is dropped unless the
// overrides set one, so that the theme's palette applies. It returns an
// error when the option does not encode.
//
// The option reaches the page through encodeOption: see there why no user
// text in it can break out of the page.
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
	delete(m, "color")
	for k, v := range overrides {
		m[k] = v
	}
	return m, nil
}

// encodeOption encodes an option as JSON for the page or the renderer.
//
// The JSON comes from encoding/json, which escapes <, > and & as \u003c,
// \u003e and \u0026 (and U+2028, U+2029): no user text in it can end a
// <script> element or open a comment, wherever the JSON is written. We never
// use go-echarts' own renderer, whose JSONNotEscaped output is written raw
// into a <script>, and we use no JavaScript formatter functions: a "__f__"
// marker (go-echarts' way of smuggling a function into JSON) stays an inert
// string here, also when a stranger's comment contains one.
func encodeOption(m map[string]any) (json.RawMessage, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("chart option: %w", err)
	}
	return b, nil
}

// Sizes of the title block of every chart. Line heights are fixed so that an
// image can compute how tall a wrapped title is (see layoutImage).
const (
	titleSize          = 18
	titleLineHeight    = 24
	subtitleSize       = 13
	subtitleLineHeight = 18
	titleGap           = 6 // between title and subtitle
)

// chartTitle is the title block shared by the charts: title and subtitle at
// the top left, inside the margins. Colours and font come from the theme.
func chartTitle(text, subtext string) map[string]any {
	return map[string]any{
		"text": text, "subtext": subtext,
		"left": chartMargin, "top": chartMargin, "itemGap": titleGap,
		"textStyle":    map[string]any{"fontSize": titleSize, "fontWeight": "bold", "lineHeight": titleLineHeight},
		"subtextStyle": map[string]any{"fontSize": subtitleSize, "lineHeight": subtitleLineHeight},
	}
}

// commonOverrides are the option keys every chart sets that go-echarts
// cannot: the title block, the font, and tooltips drawn as rich text on the
// canvas rather than as HTML, so that no user text is ever parsed as HTML by
// ECharts and the Content-Security-Policy can forbid inline styles.
func commonOverrides(title, subtitle string, tooltip map[string]any) map[string]any {
	t := map[string]any{
		"show":       true,
		"renderMode": "richText",
		"confine":    true,
		"textStyle":  map[string]any{"fontFamily": chartFont, "fontSize": 13},
	}
	for k, v := range tooltip {
		t[k] = v
	}
	return map[string]any{
		"title":     chartTitle(title, subtitle),
		"textStyle": map[string]any{"fontFamily": chartFont},
		"tooltip":   t,
	}
}

// Height in CSS pixels of the charts whose height does not depend on their
// rows ("Comment sentiment distribution", "Timeline").
const fixedChartHeight = 396

// chartInit is the initialisation every chart gets: its fixed id, our own
// assets, the full width and height px.
func chartInit(in chartInput, id string, height int) charts.GlobalOpts {
	return charts.WithInitializationOpts(opts.Initialization{
		ChartID:    id,
		AssetsHost: in.AssetsHost,
		Width:      "100%",
		Height:     fmt.Sprintf("%dpx", height),
	})
}

// topLegend is the legend of a chart of several series: at the left margin,
// under the title block.
func topLegend() charts.GlobalOpts {
	return charts.WithLegendOpts(opts.Legend{
		Show: opts.Bool(true), Left: fmt.Sprint(chartMargin), Top: "78",
		TextStyle: &opts.TextStyle{FontSize: 13},
	})
}

// scoreAxis is a value axis of sentiment scores from -1 to 1, ticks every
// half, its name under it; split draws the grid lines of the ticks.
func scoreAxis(name string, split bool) opts.XAxis {
	return opts.XAxis{
		Type: "value", Min: -1, Max: 1, MinInterval: 0.5, MaxInterval: 0.5,
		Name: name, NameLocation: "middle", NameGap: 30,
		AxisLabel: &opts.AxisLabel{FontSize: 12},
		SplitLine: &opts.SplitLine{Show: opts.Bool(split)},
	}
}

// outletAxis is the category axis of outlets, a row each, top to bottom.
func outletAxis() opts.YAxis {
	return opts.YAxis{
		Type: "category", Inverse: opts.Bool(true),
		AxisLabel: &opts.AxisLabel{
			Show: opts.Bool(true), Interval: "0", FontSize: 13,
			// Outlet names are written by strangers: a long one is cut,
			// not allowed to squeeze the bars.
			Width: 180, Overflow: "truncate",
		},
		AxisLine: &opts.AxisLine{Show: opts.Bool(true)},
	}
}

// countAxis is the second category axis of a chart of horizontal bars: the
// texts of data (counts, means) in a column on the right, a row's beside
// its bar, so that they never collide with the bars. See plainCountAxis.
func countAxis(data []string) opts.YAxis {
	return opts.YAxis{
		Type: "category", Inverse: opts.Bool(true), Position: "right", Data: data,
		AxisLabel: &opts.AxisLabel{Show: opts.Bool(true), Interval: "0", FontSize: 12},
		AxisLine:  &opts.AxisLine{Show: opts.Bool(false)},
	}
}

// plainCountAxis draws the count axis (countAxis, the option's second y
// axis) without the ticks and grid lines go-echarts cannot turn off: it
// shares the bars' categories.
func plainCountAxis(m map[string]any) {
	right := optionItem(m, "yAxis", 1)
	right["axisTick"] = map[string]any{"show": false}
	right["splitLine"] = map[string]any{"show": false}
}

// zeroRule is the markLine of a bar series that rules the value axis at
// zero, in the colour of the theme's markLine.
func zeroRule() map[string]any {
	return map[string]any{
		"silent": true, "symbol": []any{"none", "none"}, "label": map[string]any{"show": false},
		"lineStyle": map[string]any{"type": "solid", "width": 1},
		"data":      []any{map[string]any{"xAxis": 0}},
	}
}

// roundScore rounds a mean score for display: two decimals are all a
// sentiment score can honestly carry.
func roundScore(v float64) float64 {
	return math.Round(v*100) / 100
}

// toneBySourceHeight is the height in CSS pixels of the tone-by-source chart
// for n outlets: one band of three bars per outlet.
func toneBySourceHeight(n int) int {
	return 166 + max(n, 1)*72
}

// Title and subtitle of "Tone by source".
const (
	toneBySourceTitle    = "Tone by source"
	toneBySourceSubtitle = "Mean sentiment per outlet of its articles, the statements quoted in them and the comments under them; n = how many"
)

// toneBySourceChart builds "Tone by source": for each outlet, the mean
// sentiment of its articles, of the statements quoted in them and of the
// comments on them, as three horizontal bars on a -1..1 axis. A mean over no
// items is drawn as no bar.
func toneBySourceChart(in chartInput) *charts.Bar {
	sum := in.Summary
	n := len(sum.Sources)
	outlets := make([]string, n)
	articles := make([]opts.BarData, n)
	quotes := make([]opts.BarData, n)
	comments := make([]opts.BarData, n)
	for i, s := range sum.Sources {
		outlets[i] = outletName(s.Source)
		articles[i] = meanBar(s.ArticleTone, s.TextArticles(), inkLight)
		quotes[i] = meanBar(s.QuoteTone, s.Quotes, inkDark)
		comments[i] = meanBar(s.CommentTone, s.Comments, inkDark)
	}

	bar := charts.NewBar()
	bar.SetGlobalOptions(
		chartInit(in, chartToneBySource, toneBySourceHeight(n)),
		charts.WithAnimation(true),
		topLegend(),
		charts.WithGridOpts(opts.Grid{Left: fmt.Sprint(chartMargin), Right: fmt.Sprint(gridRight + 8), Top: "116", Bottom: "64", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(scoreAxis("Mean sentiment (−1 most negative, +1 most positive)", true)),
		charts.WithYAxisOpts(outletAxis()),
	)
	bar.SetXAxis(outlets)
	series := []charts.SeriesOpts{
		charts.WithBarChartOpts(opts.BarChart{BarGap: "10%", BarCategoryGap: "28%"}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true)}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.BarMaxWidth = "22" }),
	}
	bar.AddSeries("Article tone", articles, series...)
	bar.AddSeries("Quote tone", quotes, series...)
	bar.AddSeries("Comment tone", comments, series...)
	bar.XYReversal()
	return bar
}

// narrowQuery is the ECharts media query of a chart narrower than a phone in
// landscape: there, charts shorten their texts and drop the bar labels.
var narrowQuery = map[string]any{"maxWidth": 560}

// toneBySourceOption returns the option of "Tone by source": the chart, with
// its tooltip and the narrow layout as an ECharts media rule (data, not
// code), which go-echarts has no field for.
func toneBySourceOption(in chartInput) (map[string]any, error) {
	o := commonOverrides(toneBySourceTitle, toneBySourceSubtitle, map[string]any{
		"trigger":     "axis",
		"axisPointer": map[string]any{"type": "shadow"},
	})
	o["color"] = []any{colorArticle, colorQuote, colorComment}
	noLabel := map[string]any{"label": map[string]any{"show": false}}
	o["media"] = []any{map[string]any{
		"query": narrowQuery,
		"option": map[string]any{
			"title": map[string]any{"subtext": "Mean sentiment per outlet"},
			// Room for the legend on two lines.
			"grid":   []any{map[string]any{"top": 136}},
			"xAxis":  []any{map[string]any{"name": "Mean sentiment"}},
			"yAxis":  []any{map[string]any{"axisLabel": map[string]any{"width": 90}}},
			"series": []any{noLabel, noLabel, noLabel},
		},
	}}
	return genericOption(toneBySourceChart(in), o)
}

// meanBar is one bar of a mean over count items, labelled with the mean and
// the count; no bar when count is 0. The label sits outside a short bar, in
// the theme's ink, and inside a long one, in insideColor (chosen for
// contrast with the bar, whose colour is the same in every theme).
func meanBar(mean float64, count int, insideColor string) opts.BarData {
	if count == 0 {
		return opts.BarData{Value: "-"}
	}
	v := roundScore(mean)
	label := &opts.Label{
		// Show is left to the series, so that narrow screens can hide the
		// labels (see toneBySourceOption).
		Position: "right",
		FontSize: 11,
		// A fixed text, not a template: it holds no user text and no
		// {placeholder}.
		Formatter: fmt.Sprintf("%s · n=%d", formatScore(v), count),
	}
	switch {
	case v <= -0.5:
		label.Position, label.Color = "insideLeft", insideColor
	case v >= 0.5:
		label.Position, label.Color = "insideRight", insideColor
	case v < 0:
		label.Position = "left"
	}
	return opts.BarData{Value: v, Label: label}
}

// histogramBinWidth is the width of one bin of dashboard.Summary.Histogram.
const histogramBinWidth = 2.0 / dashboard.HistogramBins

// histogramBin returns the lower and upper edge of bin i.
func histogramBin(i int) (lo, hi float64) {
	lo = -1 + float64(i)*histogramBinWidth
	return roundScore(lo), roundScore(lo + histogramBinWidth)
}

// Title of "Comment sentiment distribution".
const commentSentimentTitle = "Comment sentiment distribution"

// commentSentimentChart builds "Comment sentiment distribution": a histogram
// of the comments' sentiment scores in the bins of Summary.Histogram, on a
// -1..1 value axis so that the ticks fall on bin edges.
func commentSentimentChart(in chartInput) *charts.Bar {
	sum := in.Summary
	data := make([]opts.BarData, len(sum.Histogram))
	for i, n := range sum.Histogram {
		lo, hi := histogramBin(i)
		data[i] = opts.BarData{
			Name:  fmt.Sprintf("%s to %s: %s", formatScore(lo), formatScore(hi), plural(n, "comment", "comments")),
			Value: []float64{roundScore((lo + hi) / 2), float64(n)},
		}
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		chartInit(in, chartCommentSentiment, fixedChartHeight),
		charts.WithAnimation(true),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: fmt.Sprint(chartMargin), Right: fmt.Sprint(gridRight + 8), Top: "108", Bottom: "64", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(scoreAxis("Sentiment score (−1 most negative, +1 most positive)", false)),
		charts.WithYAxisOpts(opts.YAxis{
			Type: "value", MinInterval: 1,
			Name: "Comments", NameLocation: "end",
			AxisLabel: &opts.AxisLabel{FontSize: 12},
			SplitLine: &opts.SplitLine{Show: opts.Bool(true)},
		}),
	)
	bar.AddSeries("Comments", data, charts.WithBarChartOpts(opts.BarChart{BarWidth: "96%"}))
	return bar
}

// commentSentimentOption returns the option of "Comment sentiment
// distribution", with the keys go-echarts has no field for.
func commentSentimentOption(in chartInput) (map[string]any, error) {
	o := commonOverrides(commentSentimentTitle,
		fmt.Sprintf("Number of comments by sentiment score, in bins of %.1f", histogramBinWidth),
		map[string]any{"trigger": "item", "formatter": "{b}"})
	o["color"] = []any{colorComment}
	o["media"] = []any{map[string]any{
		"query": narrowQuery,
		"option": map[string]any{
			"title": map[string]any{"subtext": "Comments by sentiment score"},
			"xAxis": []any{map[string]any{"name": "Sentiment score"}},
		},
	}}
	m, err := genericOption(commentSentimentChart(in), o)
	if err != nil {
		return nil, err
	}
	// The count axis stands at the left edge, not at a score of zero, with
	// its name above it, starting at the axis so that it stays inside the
	// chart's margin.
	y := optionItem(m, "yAxis", 0)
	y["axisLine"] = map[string]any{"onZero": false}
	y["nameTextStyle"] = map[string]any{"align": "left"}
	return m, nil
}

// toneBySourceAlt is the text alternative of "Tone by source": the numbers
// the chart shows, outlet by outlet (the first 12).
func toneBySourceAlt(sum dashboard.Summary) string {
	if len(sum.Sources) == 0 {
		return "Tone by source: no outlets yet."
	}
	var b strings.Builder
	b.WriteString("Tone by source, mean sentiment from −1 to +1.")
	for i, s := range sum.Sources {
		if i == 12 {
			fmt.Fprintf(&b, " And %d more outlets.", len(sum.Sources)-i)
			break
		}
		fmt.Fprintf(&b, " %s: articles %s, quotes %s, comments %s.", outletName(s.Source),
			meanText(s.ArticleTone, s.TextArticles()), meanText(s.QuoteTone, s.Quotes), meanText(s.CommentTone, s.Comments))
	}
	return b.String()
}

// meanText is a mean with its count, "−0.42 (n=5)", or "none".
func meanText(mean float64, n int) string {
	if n == 0 {
		return "none"
	}
	return fmt.Sprintf("%s (n=%d)", formatScore(mean), n)
}

// commentSentimentAlt is the text alternative of "Comment sentiment
// distribution": how many comments fall below and above zero, and the
// fullest bin.
func commentSentimentAlt(sum dashboard.Summary) string {
	total, neg, top := 0, 0, 0
	for i, n := range sum.Histogram {
		total += n
		if i < len(sum.Histogram)/2 {
			neg += n
		}
		if n > sum.Histogram[top] {
			top = i
		}
	}
	if total == 0 {
		return "Comment sentiment distribution: no comments yet."
	}
	lo, hi := histogramBin(top)
	return fmt.Sprintf("Comment sentiment distribution of %s: %d below zero, %d at zero or above; the fullest bin is %s to %s with %s.",
		plural(total, "comment", "comments"), neg, total-neg, formatScore(lo), formatScore(hi),
		plural(sum.Histogram[top], "comment", "comments"))
}
