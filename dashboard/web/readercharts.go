package web

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/dashboard/web/render"
	"github.com/tonedesk/tonedesk/sentiment"
)

// Chart ids of the charts of reader comments.
const (
	chartToneBySideReaders = "chart-tone-by-side-readers"
	chartStanceMix         = "chart-stance-mix-by-source"
	chartTimeline          = "chart-timeline"
)

// colorTrend is the colour of the timeline's line of mean tone: reddish
// purple, apart from the first two sides' blue and vermillion and from the
// comments' green bars.
var colorTrend = render.SideColors[3]

// stanceGroup is a stance of comments as the charts show it: "pro_<side>"
// for each side of the story file (in its colour), balanced, none, and any
// other label the comments have.
type stanceGroup struct {
	Label string // the stance label, "pro_pakistan"
	Name  string // "Pro Pakistan"
	Color string
	// Class is the colour class of the group in tables ("" for none).
	Class string
}

// stanceGroups returns the stances the reader charts show, in order: pro
// each side of the story (a side nobody favours is news too), balanced,
// none, then the labels of the comments that are none of those (a side the
// story file does not name), in byte order.
func stanceGroups(gs []group, tones []dashboard.StanceTone) []stanceGroup {
	var out []stanceGroup
	known := map[string]bool{}
	sides := map[string]string{}
	for _, g := range gs {
		if g.Kind != kindSide {
			continue
		}
		sides[g.ID] = g.Name
		label := "pro_" + g.ID
		known[label] = true
		out = append(out, stanceGroup{Label: label, Name: "Pro " + g.Name, Color: g.Color, Class: g.Class})
	}
	out = append(out,
		stanceGroup{Label: sentiment.StanceBalanced, Name: "Balanced", Color: render.ColorBalanced},
		stanceGroup{Label: sentiment.StanceNone, Name: "No stance", Color: render.ColorNone, Class: "grp-unknown"})
	known[sentiment.StanceBalanced], known[sentiment.StanceNone] = true, true
	var others []string
	for _, t := range tones {
		if !known[t.Stance] && t.Comments > 0 {
			others = append(others, t.Stance)
		}
	}
	sort.Strings(others)
	for _, l := range others {
		out = append(out, stanceGroup{Label: l, Name: stanceText(l, sides), Color: colorOtherGroup, Class: "grp-other"})
	}
	return out
}

// stanceToneMap indexes tones by stance.
func stanceToneMap(tones []dashboard.StanceTone) map[string]dashboard.StanceTone {
	m := make(map[string]dashboard.StanceTone, len(tones))
	for _, t := range tones {
		m[t.Stance] = t
	}
	return m
}

// commentSubtitle is the subtitle line of the reader charts that says what
// they count: all the comments of the story, or those of the filtered
// articles.
func commentSubtitle(in chartInput) string {
	return countSubtitle(in, plural(in.Summary.Comments, "comment", "comments")+" on "+
		plural(in.Summary.Articles, "article", "articles"))
}

// Title of "Tone by side — readers".
const toneByStanceTitle = "Tone by side — readers"

// toneByStanceOption returns the option of "Tone by side — readers": the
// mean sentiment of the comments of each stance, as "Tone by side —
// statements" draws the statements of each side.
func toneByStanceOption(in chartInput) (map[string]any, error) {
	sgs := stanceGroups(in.Groups, in.Summary.StanceTones)
	return meanBarsOption(in, meanChart{
		ID: chartToneBySideReaders, Rows: stanceMeanRows(in.Summary, sgs),
		ValueAxis:    "Mean sentiment of comments (−1 most negative, +1 most positive)",
		CategoryAxis: "Comment's stance", One: "comment", Many: "comments",
	}, toneByStanceTitle, commentSubtitle(in)+"; mean sentiment by the side the comment favours, whiskers: 95% interval of the mean",
		"Mean tone of comments by stance, 95% interval")
}

// stanceMeanRows are the rows of "Tone by side — readers".
func stanceMeanRows(sum dashboard.Summary, sgs []stanceGroup) []meanRow {
	tones := stanceToneMap(sum.StanceTones)
	rows := make([]meanRow, len(sgs))
	for i, g := range sgs {
		t := tones[g.Label]
		rows[i] = meanRow{Name: g.Name, Color: g.Color, Class: g.Class, N: t.Comments, Mean: t.Mean, SD: t.SD}
	}
	return rows
}

func buildToneByStance(in chartInput) (builtChart, error) {
	sum := in.Summary
	sgs := stanceGroups(in.Groups, sum.StanceTones)
	c := builtChart{Alt: toneByStanceAlt(sum, sgs), Height: toneBySideHeight(len(sgs)), Data: toneByStanceData(sum, sgs)}
	if sum.Comments == 0 {
		c.Empty = "No comments yet, so no tone by the side readers favour."
		return c, nil
	}
	var err error
	c.Option, err = toneByStanceOption(in)
	c.Table = toneByStanceTable(sum, sgs)
	return c, err
}

// toneByStanceAlt is the text alternative of "Tone by side — readers".
func toneByStanceAlt(sum dashboard.Summary, sgs []stanceGroup) string {
	if sum.Comments == 0 {
		return toneByStanceTitle + ": no comments yet."
	}
	tones := stanceToneMap(sum.StanceTones)
	var parts, silent []string
	for _, g := range sgs {
		t := tones[g.Label]
		switch {
		case t.Comments == 0:
			silent = append(silent, g.Name)
		default:
			parts = append(parts, g.Name+" "+meanIntervalText(t.Comments, t.Mean, t.SD))
		}
	}
	var b strings.Builder
	b.WriteString(toneByStanceTitle + ", mean sentiment of comments from −1 to +1 by the side they favour: ")
	b.WriteString(strings.Join(parts, ", "))
	b.WriteString(".")
	if len(silent) > 0 {
		fmt.Fprintf(&b, " No comments: %s.", strings.Join(silent, ", "))
	}
	return b.String()
}

// toneByStanceData are the numbers of "Tone by side — readers".
func toneByStanceData(sum dashboard.Summary, sgs []stanceGroup) csvTable {
	t := csvTable{Header: []string{"Stance", "Label", "Comments", "Mean tone", "95% interval low", "95% interval high"}}
	tones := stanceToneMap(sum.StanceTones)
	for _, g := range sgs {
		st := tones[g.Label]
		var mean any
		if st.Comments > 0 {
			mean = csvScore(st.Mean)
		}
		lo, hi := interval(st.Comments, st.Mean, st.SD)
		t.Rows = append(t.Rows, []any{g.Name, g.Label, st.Comments, mean, lo, hi})
	}
	return t
}

// toneByStanceTable is the data table of "Tone by side — readers".
func toneByStanceTable(sum dashboard.Summary, sgs []stanceGroup) *dataTable {
	return meanTable(toneByStanceTitle, "Stance", "Comments", stanceMeanRows(sum, sgs))
}

// Title of "Stance mix by source".
const stanceMixTitle = "Stance mix by source"

// stanceMix is the comments of one outlet by stance.
type stanceMix struct {
	Source string
	Total  int
	By     map[string]int
}

// stanceMixes returns the outlets with comments in byte order (as "Tone by
// source"), each with its comments by stance.
func stanceMixes(sum dashboard.Summary) []stanceMix {
	var out []stanceMix
	for _, c := range sum.SourceStances {
		if c.Comments == 0 {
			continue
		}
		if len(out) == 0 || out[len(out)-1].Source != c.Source {
			out = append(out, stanceMix{Source: c.Source, By: map[string]int{}})
		}
		m := &out[len(out)-1]
		m.Total += c.Comments
		m.By[c.Stance] += c.Comments
	}
	return out
}

// share is n of total in percent, to one decimal.
func share(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return math.Round(float64(n)*1000/float64(total)) / 10
}

// stanceMixHeight is the height in CSS pixels of "Stance mix by source"
// for n outlets.
func stanceMixHeight(n int) int {
	return 182 + max(n, 1)*44
}

// stanceMixOption returns the option of "Stance mix by source": per outlet
// a 100% stacked horizontal bar of its comments' stances, a segment per
// stance in the stance's colour (a side's own colour for "pro" that side),
// labelled with its share when it is wide enough, and the number of
// comments in a column on the right.
func stanceMixOption(in chartInput) (map[string]any, error) {
	sum := in.Summary
	sgs := stanceGroups(in.Groups, sum.StanceTones)
	mixes := stanceMixes(sum)
	outlets := make([]string, len(mixes))
	counts := make([]string, len(mixes))
	for i, m := range mixes {
		outlets[i] = shorten(outletName(m.Source), maxOutletLabel)
		counts[i] = "n=" + strconv.Itoa(m.Total)
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		chartInit(in, chartStanceMix, stanceMixHeight(len(mixes))),
		charts.WithAnimation(true),
		topLegend(),
		charts.WithGridOpts(opts.Grid{Left: fmt.Sprint(chartMargin), Right: fmt.Sprint(chartMargin), Top: "116", Bottom: "64", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{
			Type: "value", Min: 0, Max: 100, MinInterval: 25, MaxInterval: 25,
			Name: "Share of the outlet's comments (%)", NameLocation: "middle", NameGap: 30,
			AxisLabel: &opts.AxisLabel{FontSize: 12, Formatter: "{value}%"},
			SplitLine: &opts.SplitLine{Show: opts.Bool(true)},
		}),
		charts.WithYAxisOpts(outletAxis()),
	)
	bar.ExtendYAxis(countAxis(counts))
	bar.SetXAxis(outlets)
	var colors []any
	for _, g := range sgs {
		data := make([]opts.BarData, len(mixes))
		ink := inkOn(parseHex(g.Color))
		for i, m := range mixes {
			n := m.By[g.Label]
			if n == 0 {
				data[i] = opts.BarData{Value: "-"}
				continue
			}
			v := share(n, m.Total)
			d := opts.BarData{
				Name: fmt.Sprintf("%s\n%s: %s%% (%d of %s)", outletName(m.Source), g.Name, strconv.FormatFloat(v, 'f', -1, 64),
					n, plural(m.Total, "comment", "comments")),
				Value: v,
			}
			// A fixed text of numbers; a segment too narrow for it has none.
			if v >= 12 {
				d.Label = &opts.Label{Formatter: fmt.Sprintf("%.0f%%", v), Color: ink}
			} else {
				d.Label = &opts.Label{Show: opts.Bool(false)}
			}
			data[i] = d
		}
		colors = append(colors, g.Color)
		bar.AddSeries(g.Name, data,
			charts.WithBarChartOpts(opts.BarChart{Stack: "share", BarCategoryGap: "40%"}),
			charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "inside", FontSize: 11}),
			charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.BarMaxWidth = "26" }))
	}
	bar.XYReversal()

	o := commonOverrides(stanceMixTitle,
		commentSubtitle(in)+"; share of each outlet's comments by the side they favour",
		map[string]any{"trigger": "item", "formatter": "{b}"})
	o["color"] = colors
	o["media"] = []any{map[string]any{
		"query": narrowQuery,
		"option": map[string]any{
			"title": map[string]any{"subtext": "Comments by stance, per outlet"},
			// Room for the legend on two lines.
			"grid":  []any{map[string]any{"top": 136}},
			"xAxis": []any{map[string]any{"name": "Share of comments"}},
			"yAxis": []any{map[string]any{"axisLabel": map[string]any{"width": 90}}},
		},
	}}
	m, err := genericOption(bar, o)
	if err != nil {
		return nil, err
	}
	plainCountAxis(m)
	optionItem(m, "yAxis", 0)["axisTick"] = map[string]any{"show": false}
	return m, nil
}

func buildStanceMix(in chartInput) (builtChart, error) {
	sum := in.Summary
	sgs := stanceGroups(in.Groups, sum.StanceTones)
	mixes := stanceMixes(sum)
	c := builtChart{Alt: stanceMixAlt(mixes, sgs), Height: stanceMixHeight(len(mixes)), Data: stanceMixData(mixes, sgs)}
	if len(mixes) == 0 {
		c.Empty = "No comments yet, so no stance mix by source."
		return c, nil
	}
	var err error
	c.Option, err = stanceMixOption(in)
	c.Table = stanceMixTable(mixes, sgs)
	return c, err
}

// stanceMixAlt is the text alternative of "Stance mix by source": each
// outlet's shares (the first 12 outlets).
func stanceMixAlt(mixes []stanceMix, sgs []stanceGroup) string {
	if len(mixes) == 0 {
		return stanceMixTitle + ": no comments yet."
	}
	var b strings.Builder
	b.WriteString(stanceMixTitle + ", share of each outlet's comments by the side they favour.")
	for i, m := range mixes {
		if i == 12 {
			fmt.Fprintf(&b, " And %d more outlets.", len(mixes)-i)
			break
		}
		var parts []string
		for _, g := range sgs {
			if n := m.By[g.Label]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %.0f%%", g.Name, share(n, m.Total)))
			}
		}
		fmt.Fprintf(&b, " %s (%s): %s.", outletName(m.Source), plural(m.Total, "comment", "comments"), strings.Join(parts, ", "))
	}
	return b.String()
}

// stanceMixData are the numbers of "Stance mix by source": one row per
// outlet and stance.
func stanceMixData(mixes []stanceMix, sgs []stanceGroup) csvTable {
	t := csvTable{Header: []string{"Outlet", "Stance", "Label", "Comments", "Outlet's comments", "Share (%)"}}
	for _, m := range mixes {
		for _, g := range sgs {
			n := m.By[g.Label]
			t.Rows = append(t.Rows, []any{outletName(m.Source), g.Name, g.Label, n, m.Total, csvScore(share(n, m.Total))})
		}
	}
	return t
}

// stanceMixTable is the data table of "Stance mix by source": a row per
// outlet, a column per stance.
func stanceMixTable(mixes []stanceMix, sgs []stanceGroup) *dataTable {
	t := &dataTable{Summary: stanceMixTitle + " as a table", Columns: []tableColumn{{Text: "Outlet"}, {Text: "Comments", Num: true}}}
	for _, g := range sgs {
		t.Columns = append(t.Columns, tableColumn{Text: g.Name, Num: true})
	}
	for _, m := range mixes {
		r := tableRow{Head: tableCell{Text: outletName(m.Source)}, Cells: []tableCell{{Text: strconv.Itoa(m.Total), Num: true}}}
		for _, g := range sgs {
			n := m.By[g.Label]
			r.Cells = append(r.Cells, tableCell{Text: fmt.Sprintf("%.0f%% (%d)", share(n, m.Total), n), Num: true})
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}

// Title of "Timeline" and the width of its rolling mean.
const (
	timelineTitle = "Timeline"
	rollingDays   = 3
)

// timelineDay is one day of the timeline: the store's day, or a day
// without comments between two with, and the rolling mean up to it.
type timelineDay struct {
	Day      time.Time
	Comments int
	Mean     float64
	Fallback int
	// Rolling is the mean sentiment of the comments of this day and the
	// rollingDays-1 before it (weighted by comments); ok is false when
	// those days have none.
	Rolling   float64
	RollingOK bool
}

// timelineDays returns every day from the first with comments to the last,
// each with the rolling mean of its tone.
func timelineDays(sum dashboard.Summary) []timelineDay {
	if len(sum.Days) == 0 {
		return nil
	}
	byDay := map[time.Time]dashboard.DayTone{}
	for _, d := range sum.Days {
		byDay[d.Day] = d
	}
	first, last := sum.Days[0].Day, sum.Days[len(sum.Days)-1].Day
	var out []timelineDay
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		t := byDay[d]
		out = append(out, timelineDay{Day: d, Comments: t.Comments, Mean: t.Mean, Fallback: t.Fallback})
	}
	for i := range out {
		n, s := 0, 0.0
		for j := max(0, i-rollingDays+1); j <= i; j++ {
			n += out[j].Comments
			s += out[j].Mean * float64(out[j].Comments)
		}
		if n > 0 {
			out[i].Rolling, out[i].RollingOK = s/float64(n), true
		}
	}
	return out
}

// dayLabel writes a day of the timeline, "26 Oct".
func dayLabel(d time.Time) string { return d.UTC().Format("2 Jan") }

// timelineSubtitle says what the timeline counts and how.
func timelineSubtitle(in chartInput, days []timelineDay) string {
	fallback := 0
	for _, d := range days {
		fallback += d.Fallback
	}
	s := fmt.Sprintf("%s; comments per day (UTC, bars) and their mean sentiment as a %d-day rolling mean weighted by comments (line)",
		commentSubtitle(in), rollingDays)
	if fallback > 0 {
		s += fmt.Sprintf("; %s with no posted time counted on its article's publication day", plural(fallback, "comment", "comments"))
	}
	return s
}

// timelineOption returns the option of "Timeline": comments per day as
// bars on the left axis, the rolling mean tone as a line on the right
// (−1..1), a day per category.
func timelineOption(in chartInput) (map[string]any, error) {
	days := timelineDays(in.Summary)
	labels := make([]string, len(days))
	bars := make([]opts.BarData, len(days))
	line := make([]opts.LineData, len(days))
	for i, d := range days {
		labels[i] = dayLabel(d.Day)
		name := fmt.Sprintf("%s: %s", formatDate(d.Day, time.UTC), plural(d.Comments, "comment", "comments"))
		if d.Comments > 0 {
			name += ", mean " + formatScore(d.Mean)
		}
		if d.Fallback > 0 {
			name += fmt.Sprintf(" (%d dated by the article)", d.Fallback)
		}
		bars[i] = opts.BarData{Name: name, Value: d.Comments}
		if d.RollingOK {
			line[i] = opts.LineData{Name: fmt.Sprintf("%s: %d-day mean %s", formatDate(d.Day, time.UTC), rollingDays,
				formatScore(d.Rolling)), Value: roundScore(d.Rolling)}
		} else {
			line[i] = opts.LineData{Value: "-"}
		}
	}
	c := charts.NewBar()
	c.SetGlobalOptions(
		chartInit(in, chartTimeline, fixedChartHeight),
		charts.WithAnimation(true),
		topLegend(),
		charts.WithGridOpts(opts.Grid{Left: fmt.Sprint(chartMargin), Right: fmt.Sprint(chartMargin), Top: "128", Bottom: "64", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{
			Type: "category", Name: "Day", NameLocation: "middle", NameGap: 30,
			AxisLabel: &opts.AxisLabel{FontSize: 12},
		}),
		charts.WithYAxisOpts(opts.YAxis{
			Type: "value", MinInterval: 1, Name: "Comments", NameLocation: "end",
			AxisLabel: &opts.AxisLabel{FontSize: 12},
			SplitLine: &opts.SplitLine{Show: opts.Bool(true)},
		}),
	)
	c.SetXAxis(labels)
	c.ExtendYAxis(opts.YAxis{
		Type: "value", Min: -1, Max: 1, Name: "Mean tone", NameLocation: "end", Position: "right",
		AxisLabel: &opts.AxisLabel{FontSize: 12},
		SplitLine: &opts.SplitLine{Show: opts.Bool(false)},
	})
	c.AddSeries("Comments", bars, charts.WithBarChartOpts(opts.BarChart{BarCategoryGap: "30%"}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.BarMaxWidth = "48" }))
	lc := charts.NewLine()
	lc.AddSeries(fmt.Sprintf("Mean tone, %d-day rolling", rollingDays), line,
		charts.WithLineChartOpts(opts.LineChart{YAxisIndex: 1, ConnectNulls: opts.Bool(false), ShowSymbol: opts.Bool(true)}),
		charts.WithLineStyleOpts(opts.LineStyle{Width: 2.5}))
	c.Overlap(lc)

	o := commonOverrides(timelineTitle, timelineSubtitle(in, days), map[string]any{"trigger": "item", "formatter": "{b}"})
	o["color"] = []any{colorComment, colorTrend}
	o["media"] = []any{map[string]any{
		"query": narrowQuery,
		"option": map[string]any{
			"title": map[string]any{"subtext": fmt.Sprintf("Comments per day and %d-day mean tone", rollingDays)},
		},
	}}
	m, err := genericOption(c, o)
	if err != nil {
		return nil, err
	}
	// Axis names above their axes, inside the margins: the count's starts
	// at its axis, the tone's ends at its.
	optionItem(m, "yAxis", 0)["nameTextStyle"] = map[string]any{"align": "left"}
	optionItem(m, "yAxis", 1)["nameTextStyle"] = map[string]any{"align": "right"}
	optionItem(m, "yAxis", 0)["axisLine"] = map[string]any{"onZero": false}
	return m, nil
}

func buildTimeline(in chartInput) (builtChart, error) {
	sum := in.Summary
	days := timelineDays(sum)
	c := builtChart{Alt: timelineAlt(sum, days), Height: fixedChartHeight, Data: timelineData(days)}
	switch {
	case len(days) > 0:
	case sum.UndatedComments > 0:
		c.Empty = fmt.Sprintf("No timeline: %s no posted time, and %s article no published date.",
			plural(sum.UndatedComments, "comment has", "comments have"), agree(sum.UndatedComments, "its", "their"))
		return c, nil
	default:
		c.Empty = "No comments yet, so no timeline."
		return c, nil
	}
	var err error
	c.Option, err = timelineOption(in)
	return c, err
}

// timelineAlt is the text alternative of "Timeline": the span, the busiest
// day, the lowest and highest rolling mean, and the comments dated by their
// article or not at all.
func timelineAlt(sum dashboard.Summary, days []timelineDay) string {
	if len(days) == 0 {
		if sum.UndatedComments > 0 {
			return fmt.Sprintf("%s: no dated comments (%s without a date).", timelineTitle, plural(sum.UndatedComments, "comment", "comments"))
		}
		return timelineTitle + ": no comments yet."
	}
	total, fallback := 0, 0
	busiest, low, high := 0, -1, -1
	for i, d := range days {
		total += d.Comments
		fallback += d.Fallback
		if d.Comments > days[busiest].Comments {
			busiest = i
		}
		if d.RollingOK {
			if low < 0 || d.Rolling < days[low].Rolling {
				low = i
			}
			if high < 0 || d.Rolling > days[high].Rolling {
				high = i
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s of %s over %s, %s: the busiest day is %s with %s (mean %s).", timelineTitle,
		plural(total, "comment", "comments"), plural(len(days), "day", "days"),
		formatDateRange(days[0].Day, days[len(days)-1].Day, time.UTC),
		formatDate(days[busiest].Day, time.UTC), plural(days[busiest].Comments, "comment", "comments"), formatScore(days[busiest].Mean))
	if low != high {
		fmt.Fprintf(&b, " The %d-day mean tone runs from %s (%s) to %s (%s).", rollingDays,
			formatScore(days[low].Rolling), dayLabel(days[low].Day), formatScore(days[high].Rolling), dayLabel(days[high].Day))
	} else {
		fmt.Fprintf(&b, " The mean tone is %s.", formatScore(days[low].Rolling))
	}
	if fallback > 0 {
		fmt.Fprintf(&b, " %s with no posted time %s counted on the day %s article was published.",
			plural(fallback, "comment", "comments"), agree(fallback, "is", "are"), agree(fallback, "its", "their"))
	}
	if sum.UndatedComments > 0 {
		fmt.Fprintf(&b, " %s without any date %s left out.", plural(sum.UndatedComments, "comment", "comments"),
			agree(sum.UndatedComments, "is", "are"))
	}
	return b.String()
}

// timelineData are the numbers of "Timeline": one row per day.
func timelineData(days []timelineDay) csvTable {
	t := csvTable{Header: []string{"Day (UTC)", "Comments", "Mean tone", fmt.Sprintf("%d-day rolling mean tone", rollingDays), "Comments dated by their article"}}
	for _, d := range days {
		var mean, rolling any
		if d.Comments > 0 {
			mean = csvScore(d.Mean)
		}
		if d.RollingOK {
			rolling = csvScore(d.Rolling)
		}
		t.Rows = append(t.Rows, []any{d.Day.Format(dayLayout), d.Comments, mean, rolling, d.Fallback})
	}
	return t
}
