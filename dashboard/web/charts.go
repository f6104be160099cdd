package web

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/tonedesk/tonedesk/dashboard"
)

// Chart ids. They are fixed, not generated, so that golden files stay stable
// and the page script and tests can find each chart.
const (
	chartToneBySource     = "chart-tone-by-source"
	chartCommentSentiment = "chart-comment-sentiment"
)

// The palette: Okabe–Ito colours, which stay distinct under the common
// colour-vision deficiencies. The style sheet uses the same values.
const (
	colorArticle = "#0072B2" // blue
	colorQuote   = "#E69F00" // orange
	colorComment = "#009E73" // bluish green
	colorText    = "#1b1b1b"
	colorMuted   = "#595959"
	colorRule    = "#e2e2e2"
)

// chartFont is the font stack of the charts, the same as the page's.
const chartFont = `system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Liberation Sans", Arial, sans-serif`

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

// optionJSON validates a chart and returns its ECharts option as JSON, with
// the overrides (keys go-echarts has no field for) merged in at the top
// level.
//
// The JSON comes from encoding/json, which escapes <, > and & as \u003c,
// \u003e and \u0026 (and U+2028, U+2029): no user text in it can end a
// <script> element or open a comment, wherever the JSON is written. We never
// use go-echarts' own renderer, whose JSONNotEscaped output is written raw
// into a <script>, and we use no JavaScript formatter functions: a "__f__"
// marker (go-echarts' way of smuggling a function into JSON) stays an inert
// string here, also when a stranger's comment contains one.
func optionJSON(c echartsOption, overrides map[string]any) (json.RawMessage, error) {
	c.Validate()
	m := c.JSON()
	for k, v := range overrides {
		m[k] = v
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("chart option: %w", err)
	}
	return b, nil
}

// commonOverrides are the option keys every chart sets that go-echarts
// cannot: the page font, and tooltips drawn as rich text on the canvas rather
// than as HTML, so that no user text is ever parsed as HTML by ECharts and the
// Content-Security-Policy can forbid inline styles.
func commonOverrides(tooltip map[string]any) map[string]any {
	t := map[string]any{
		"show":       true,
		"renderMode": "richText",
		"confine":    true,
		"textStyle":  map[string]any{"fontFamily": chartFont, "fontSize": 13, "color": colorText},
	}
	for k, v := range tooltip {
		t[k] = v
	}
	return map[string]any{
		"textStyle": map[string]any{"fontFamily": chartFont, "color": colorText},
		"tooltip":   t,
	}
}

// titleOpts is the title block shared by the charts: title and subtitle at
// the top left.
func titleOpts(title, subtitle string) opts.Title {
	return opts.Title{
		Title:         title,
		Subtitle:      subtitle,
		Left:          "0",
		Top:           "0",
		TitleStyle:    &opts.TextStyle{Color: colorText, FontSize: 18, FontWeight: "bold", FontFamily: chartFont},
		SubtitleStyle: &opts.TextStyle{Color: colorMuted, FontSize: 13, FontFamily: chartFont},
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
	return 150 + max(n, 1)*72
}

// toneBySourceChart builds "Tone by source": for each outlet, the mean
// sentiment of its articles, of the statements quoted in them and of the
// comments on them, as three horizontal bars on a -1..1 axis. A mean over no
// items is drawn as no bar. assetsHost is the URL directory that serves
// echarts.min.js.
func toneBySourceChart(sum dashboard.Summary, assetsHost string) *charts.Bar {
	n := len(sum.Sources)
	outlets := make([]string, n)
	articles := make([]opts.BarData, n)
	quotes := make([]opts.BarData, n)
	comments := make([]opts.BarData, n)
	for i, s := range sum.Sources {
		outlets[i] = outletName(s.Source)
		articles[i] = meanBar(s.ArticleTone, s.Articles, "#ffffff")
		quotes[i] = meanBar(s.QuoteTone, s.Quotes, colorText)
		comments[i] = meanBar(s.CommentTone, s.Comments, colorText)
	}

	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{
			ChartID:    chartToneBySource,
			AssetsHost: assetsHost,
			Width:      "100%",
			Height:     fmt.Sprintf("%dpx", toneBySourceHeight(n)),
		}),
		charts.WithAnimation(true),
		charts.WithColorsOpts(opts.Colors{colorArticle, colorQuote, colorComment}),
		charts.WithTitleOpts(titleOpts("Tone by source",
			"Mean sentiment per outlet of its articles, the statements quoted in them and the comments under them; n = how many")),
		charts.WithLegendOpts(opts.Legend{
			Show: opts.Bool(true), Left: "0", Top: "62",
			TextStyle: &opts.TextStyle{Color: colorText, FontSize: 13, FontFamily: chartFont},
		}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "32", Top: "100", Bottom: "48", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{
			Type: "value", Min: -1, Max: 1, MinInterval: 0.5, MaxInterval: 0.5,
			Name: "Mean sentiment (−1 most negative, +1 most positive)", NameLocation: "middle", NameGap: 30,
			AxisLabel: &opts.AxisLabel{Color: colorMuted, FontSize: 12},
			SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: colorRule}},
		}),
		charts.WithYAxisOpts(opts.YAxis{
			Type: "category", Inverse: opts.Bool(true),
			AxisLabel: &opts.AxisLabel{
				Show: opts.Bool(true), Interval: "0", Color: colorText, FontSize: 13, FontFamily: chartFont,
				// Outlet names are written by strangers: a long one is cut,
				// not allowed to squeeze the bars.
				Width: 180, Overflow: "truncate",
			},
			AxisLine: &opts.AxisLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: colorMuted}},
		}),
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

// toneBySourceOverrides are the option keys of "Tone by source" that
// go-echarts has no field for: the tooltip, and the narrow layout as an
// ECharts media rule (data, not code).
func toneBySourceOverrides() map[string]any {
	o := commonOverrides(map[string]any{
		"trigger":     "axis",
		"axisPointer": map[string]any{"type": "shadow"},
	})
	noLabel := map[string]any{"label": map[string]any{"show": false}}
	o["media"] = []any{map[string]any{
		"query": narrowQuery,
		"option": map[string]any{
			"title":  map[string]any{"subtext": "Mean sentiment per outlet"},
			"legend": map[string]any{"top": 50},
			"grid":   []any{map[string]any{"top": 110}},
			"xAxis":  []any{map[string]any{"name": "Mean sentiment"}},
			"yAxis":  []any{map[string]any{"axisLabel": map[string]any{"width": 90}}},
			"series": []any{noLabel, noLabel, noLabel},
		},
	}}
	return o
}

// meanBar is one bar of a mean over count items, labelled with the mean and
// the count; no bar when count is 0. The label sits outside a short bar and
// inside a long one, in insideColor (chosen for contrast with the bar).
func meanBar(mean float64, count int, insideColor string) opts.BarData {
	if count == 0 {
		return opts.BarData{Value: "-"}
	}
	v := roundScore(mean)
	label := &opts.Label{
		// Show is left to the series, so that narrow screens can hide the
		// labels (see toneBySourceOverrides).
		Position:   "right",
		Color:      colorText,
		FontSize:   11,
		FontFamily: chartFont,
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

// commentSentimentChart builds "Comment sentiment distribution": a histogram
// of the comments' sentiment scores in the bins of Summary.Histogram, on a
// -1..1 value axis so that the ticks fall on bin edges.
func commentSentimentChart(sum dashboard.Summary, assetsHost string) *charts.Bar {
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
		charts.WithInitializationOpts(opts.Initialization{
			ChartID:    chartCommentSentiment,
			AssetsHost: assetsHost,
			Width:      "100%",
			Height:     "380px",
		}),
		charts.WithAnimation(true),
		charts.WithColorsOpts(opts.Colors{colorComment}),
		charts.WithTitleOpts(titleOpts("Comment sentiment distribution",
			fmt.Sprintf("Number of comments by sentiment score, in bins of %.1f", histogramBinWidth))),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "32", Top: "84", Bottom: "48", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{
			Type: "value", Min: -1, Max: 1, MinInterval: 0.5, MaxInterval: 0.5,
			Name: "Sentiment score (−1 most negative, +1 most positive)", NameLocation: "middle", NameGap: 30,
			AxisLabel: &opts.AxisLabel{Color: colorMuted, FontSize: 12},
			SplitLine: &opts.SplitLine{Show: opts.Bool(false)},
		}),
		charts.WithYAxisOpts(opts.YAxis{
			Type: "value", MinInterval: 1,
			Name: "Comments", NameLocation: "end",
			AxisLabel: &opts.AxisLabel{Color: colorMuted, FontSize: 12},
			SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: colorRule}},
		}),
	)
	bar.AddSeries("Comments", data, charts.WithBarChartOpts(opts.BarChart{BarWidth: "96%"}))
	return bar
}

// commentSentimentOverrides are the option keys of "Comment sentiment
// distribution" that go-echarts has no field for.
func commentSentimentOverrides() map[string]any {
	o := commonOverrides(map[string]any{"trigger": "item", "formatter": "{b}"})
	o["media"] = []any{map[string]any{
		"query": narrowQuery,
		"option": map[string]any{
			"title": map[string]any{"subtext": "Comments by sentiment score"},
			"xAxis": []any{map[string]any{"name": "Sentiment score"}},
		},
	}}
	return o
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
			meanText(s.ArticleTone, s.Articles), meanText(s.QuoteTone, s.Quotes), meanText(s.CommentTone, s.Comments))
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
