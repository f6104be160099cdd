package web

import (
	"fmt"
	"math"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/tonedesk/tonedesk/dashboard"
)

// chartDrivers is the id of "What drives the tone".
const chartDrivers = "chart-tone-drivers"

// Title of "What drives the tone".
const driversTitle = "What drives the tone"

// maxWordLabel is how many characters of a word or phrase an axis shows;
// the tooltip, the alt text and the CSV keep it whole.
const maxWordLabel = 24

// driverGroup is one side of "What drives the tone" with its drivers,
// heaviest first.
type driverGroup struct {
	Group   group
	Drivers []dashboard.SideDriver
}

// driverGroups returns the sides whose statements have drivers, in the
// order of the quote charts: the story file's sides, then side ids it does
// not name. Parties and unattributed statements are not sides of the
// dispute and are left out.
func driverGroups(sum dashboard.Summary, gs []group) []driverGroup {
	bySide := map[string][]dashboard.SideDriver{}
	for _, d := range sum.Drivers {
		bySide[d.Side] = append(bySide[d.Side], d)
	}
	var out []driverGroup
	for _, g := range gs {
		if (g.Kind == kindSide || g.Kind == kindOther) && len(bySide[g.ID]) > 0 {
			out = append(out, driverGroup{Group: g, Drivers: bySide[g.ID]})
		}
	}
	return out
}

// driversRows is the most drivers a side of the chart has.
func driversRows(dgs []driverGroup) int {
	n := 0
	for _, g := range dgs {
		n = max(n, len(g.Drivers))
	}
	return n
}

// driversHeight is the height in CSS pixels of "What drives the tone" for
// n rows.
func driversHeight(n int) int {
	return 190 + max(n, 1)*30
}

// driversScale returns the end of the value axes, the same for every side
// so that their bars compare: the largest summed weight, with room for the
// bar's label, rounded up to a half.
func driversScale(dgs []driverGroup) float64 {
	m := 0.0
	for _, g := range dgs {
		for _, d := range g.Drivers {
			m = max(m, math.Abs(d.Weight))
		}
	}
	return niceCeil(max(m*1.3, 0.5))
}

// niceCeil rounds v > 0 up to 1, 2, 2.5 or 5 times a power of ten, so that
// the axis ends on a tick.
func niceCeil(v float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, f := range []float64{1, 2, 2.5, 5, 10} {
		if f*p >= v-1e-9 {
			return f * p
		}
	}
	return 10 * p
}

// driversOption returns the option of "What drives the tone": a panel per
// side, side by side, each a column of horizontal bars of the summed
// signed weight of the words and phrases that moved its statements'
// sentiment most, in the side's colour, on a value axis shared by all
// panels and centred on zero. Each panel is a grid of its own, with the
// side's name above its words.
func driversOption(in chartInput) (map[string]any, error) {
	dgs := driverGroups(in.Summary, in.Groups)
	n := len(dgs)
	scale := driversScale(dgs)
	rows := driversRows(dgs)

	c := charts.NewBar()
	c.SetGlobalOptions(
		chartInit(in, chartDrivers, driversHeight(rows)),
		charts.WithAnimation(true),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
	)
	var grids, xAxes, yAxes, series, headings []any
	for i, dg := range dgs {
		// Columns of equal width, 4% apart, inside the margins.
		grid := map[string]any{"top": 124, "bottom": 64, "containLabel": true}
		if i == 0 {
			grid["left"] = chartMargin
		} else {
			grid["left"] = fmt.Sprintf("%.1f%%", float64(i)*100/float64(n)+2)
		}
		if i == n-1 {
			grid["right"] = gridRight
		} else {
			grid["right"] = fmt.Sprintf("%.1f%%", float64(n-1-i)*100/float64(n)+2)
		}
		grids = append(grids, grid)
		// The side's name heads its panel, from the panel's left edge; a
		// long one is cut to what a column holds.
		headings = append(headings, map[string]any{
			"text": shorten(dg.Group.Name, max(12, 80/n)), "left": grid["left"], "top": 98,
			"textStyle": map[string]any{"fontSize": 14, "fontWeight": "bold", "lineHeight": 18},
		})
		xAxes = append(xAxes, map[string]any{
			"type": "value", "gridIndex": i, "min": -scale, "max": scale,
			"name": "Summed weight", "nameLocation": "middle", "nameGap": 30,
			// The ends are the scale's room for labels, not ticks of their own.
			"axisLabel": map[string]any{"fontSize": 12, "showMinLabel": false, "showMaxLabel": false},
			"splitLine": map[string]any{"show": true},
		})
		words := make([]any, rows)
		data := make([]any, rows)
		for j := range rows {
			if j >= len(dg.Drivers) {
				words[j], data[j] = "", "-"
				continue
			}
			d := dg.Drivers[j]
			words[j] = shorten(d.Text, maxWordLabel)
			w := roundScore(d.Weight)
			// A fixed text of numbers: no user text, no {placeholder}. It
			// sits beyond a short bar and inside the end of a long one.
			label := map[string]any{"position": "right", "formatter": formatScore(w)}
			switch {
			case w <= -scale/2:
				label["position"], label["color"] = "insideLeft", inkOn(parseHex(dg.Group.Color))
			case w >= scale/2:
				label["position"], label["color"] = "insideRight", inkOn(parseHex(dg.Group.Color))
			case w < 0:
				label["position"] = "left"
			}
			data[j] = map[string]any{
				"name": fmt.Sprintf("%s\n%s: summed weight %s in %s", d.Text, dg.Group.Name, formatScore(w),
					plural(d.Quotes, "statement", "statements")),
				"value": w,
				"label": label,
			}
		}
		yAxes = append(yAxes, map[string]any{
			"type": "category", "gridIndex": i, "inverse": true, "data": words,
			"axisLabel": map[string]any{"show": true, "interval": 0, "fontSize": 12,
				// Words come from strangers' statements: a long one is cut.
				"width": 150, "overflow": "truncate"},
			"axisLine": map[string]any{"show": true, "onZero": false},
			"axisTick": map[string]any{"show": false},
		})
		series = append(series, map[string]any{
			"type": "bar", "name": dg.Group.Name, "xAxisIndex": i, "yAxisIndex": i, "data": data,
			"itemStyle": map[string]any{"color": dg.Group.Color}, "barMaxWidth": 18, "barCategoryGap": "30%",
			"label":    map[string]any{"show": true, "fontSize": 11},
			"markLine": zeroRule(),
		})
	}
	o := commonOverrides(driversTitle,
		quoteSubtitle(in)+fmt.Sprintf("; the %d words and phrases that moved each side's statements most, by summed weight (− toward negative, + toward positive)", dashboard.TopDrivers),
		map[string]any{"trigger": "item", "formatter": "{b}"})
	o["grid"], o["xAxis"], o["yAxis"], o["series"] = grids, xAxes, yAxes, series
	o["title"] = append([]any{o["title"]}, headings...)
	o["media"] = []any{map[string]any{
		"query": narrowQuery,
		"option": map[string]any{
			"title": map[string]any{"subtext": "Words that moved each side's statements most"},
		},
	}}
	return genericOption(c, o)
}

func buildDrivers(in chartInput) (builtChart, error) {
	sum := in.Summary
	dgs := driverGroups(sum, in.Groups)
	c := builtChart{Alt: driversAlt(dgs), Height: driversHeight(driversRows(dgs)), Data: driversData(dgs)}
	if len(dgs) == 0 {
		c.Empty = "No statements of a side with words that moved their sentiment yet, so nothing drives the tone."
		return c, nil
	}
	var err error
	c.Option, err = driversOption(in)
	c.Table = driversTable(dgs)
	return c, err
}

// driversAlt is the text alternative of "What drives the tone": each
// side's drivers with their weights.
func driversAlt(dgs []driverGroup) string {
	if len(dgs) == 0 {
		return driversTitle + ": no statements of a side with words that moved their sentiment yet."
	}
	var b strings.Builder
	b.WriteString(driversTitle + ", the words and phrases that moved the sentiment of each side's statements most, by summed weight (negative pulls toward negative).")
	for _, dg := range dgs {
		var parts []string
		for _, d := range dg.Drivers {
			parts = append(parts, fmt.Sprintf("“%s” %s (%s)", d.Text, formatScore(d.Weight), plural(d.Quotes, "statement", "statements")))
		}
		fmt.Fprintf(&b, " %s: %s.", dg.Group.Name, strings.Join(parts, ", "))
	}
	return b.String()
}

// driversData are the numbers of "What drives the tone": one row per side
// and driver.
func driversData(dgs []driverGroup) csvTable {
	t := csvTable{Header: []string{"Side", "Id", "Word or phrase", "Summed weight", "Summed absolute weight", "Statements"}}
	for _, dg := range dgs {
		for _, d := range dg.Drivers {
			t.Rows = append(t.Rows, []any{dg.Group.Name, dg.Group.ID, d.Text, csvScore(d.Weight), csvScore(d.Abs), d.Quotes})
		}
	}
	return t
}

// driversTable is the data table of "What drives the tone".
func driversTable(dgs []driverGroup) *dataTable {
	t := &dataTable{
		Summary: driversTitle + " as a table",
		Columns: []tableColumn{{Text: "Side"}, {Text: "Word or phrase"}, {Text: "Summed weight", Num: true}, {Text: "Statements", Num: true}},
	}
	for _, dg := range dgs {
		for _, d := range dg.Drivers {
			t.Rows = append(t.Rows, tableRow{
				Head: tableCell{Text: dg.Group.Name, Class: dg.Group.Class},
				Cells: []tableCell{{Text: d.Text}, {Text: formatScore(d.Weight), Num: true},
					{Text: fmt.Sprint(d.Quotes), Num: true}},
			})
		}
	}
	return t
}
