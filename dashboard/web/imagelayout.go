package web

import (
	"encoding/json"
	"fmt"
	"strings"
)

// An image draws the option of the page with these changes, and no other
// (TestImageOptionIsThePageOption holds it to that):
//
//   - media: the page's media rules are applied when the image is narrow
//     enough for them, then dropped: an image has one size;
//   - title: the title and subtitle are wrapped to the image's width, and a
//     second title, the caption ("Source: tonedesk analysis of ..."), is
//     added at the bottom left (the page shows it as HTML under the chart);
//     the headings of panels (the titles after the first, "What drives the
//     tone") come after it, their top moved down as the grids';
//   - legend.top and grid.top move down by what the wrapped title adds;
//   - grid.bottom, visualMap.bottom and graphic[].bottom (a heat map's
//     scale legend) move up by the caption's height;
//   - the labels of category axes are fitted to the image: the names of the
//     y axis (yAxis[0].axisLabel width and overflow) may take up to a
//     quarter of the width before they wrap, and are cut to one line when
//     the rows are too low for two; the wrapping labels of the x axis
//     (xAxis[0].axisLabel: width, and rotate and overflow when a name would
//     take more than two lines) are narrowed to their column or turned, and
//     the axis name (xAxis[0].nameGap) sits under them, with grid.bottom
//     giving back the room the page keeps for it;
//   - labels of marks that would run into each other are fitted: the bar
//     labels of "Tone by source" and "Stance mix by source"
//     (series[].label.show) are hidden when the bars are thinner than the
//     text, a heat map cell's label
//     (series[0].data[].label.formatter) goes on one line, or keeps only
//     the mean, when the cells are too small for two;
//   - the colours of the theme (the heat map's scale and its cell labels)
//     are those of the image's theme: the chart is built for it.
//
// Everything else, data, labels, colours of sides, is the page's option.

// Sizes of the caption line of an image.
const (
	captionSize       = 12
	captionLineHeight = 16
	captionGap        = 12 // between the chart and the caption
)

// measureFunc returns the width in px of one line of text in the chart
// font: render's (*Renderer).TextWidth.
type measureFunc func(text string, size float64, bold bool) float64

// imageOption returns the option of a chart image of o.Width×o.Height with
// the caption, from the page option (which it does not change).
func imageOption(page map[string]any, caption string, o ImageOptions, measure measureFunc) (map[string]any, error) {
	m, err := deepCopy(page)
	if err != nil {
		return nil, err
	}
	applyMedia(m, o.Width, o.Height)
	delete(m, "media")

	textWidth := float64(o.Width - 2*chartMargin)

	// The title block grows by its extra lines. A chart of panels gives a
	// list: its title first, then the panels' headings, which move down
	// with the grids.
	ts := items(m["title"])
	if len(ts) == 0 {
		return nil, fmt.Errorf("image option: no title")
	}
	title, panels := ts[0], ts[1:]
	text, _ := title["text"].(string)
	sub, _ := title["subtext"].(string)
	tl := wrapText(text, textWidth, titleSize, true, measure)
	sl := wrapText(sub, textWidth, subtitleSize, false, measure)
	title["text"] = strings.Join(tl, "\n")
	title["subtext"] = strings.Join(sl, "\n")
	// The page's option keeps room for the lines its subtitle has already
	// (the filter line, see addFilterLine); only the lines wrapping adds
	// grow it.
	pageLines := 0
	if sub != "" {
		pageLines = strings.Count(sub, "\n") + 1
	}
	grow := float64((len(tl)-1)*titleLineHeight + (max(len(sl), 1)-max(pageLines, 1))*subtitleLineHeight)
	if legend, ok := m["legend"].(map[string]any); ok {
		shift(legend, "top", grow)
	}

	// The caption at the bottom, inside the margin.
	cl := wrapText(caption, textWidth, captionSize, false, measure)
	lift := float64(len(cl)*captionLineHeight + captionGap)
	titles := []any{title, map[string]any{
		"subtext": strings.Join(cl, "\n"),
		"left":    chartMargin, "bottom": chartMargin, "itemGap": 0,
		"subtextStyle": map[string]any{"fontSize": captionSize, "lineHeight": captionLineHeight},
	}}
	for _, p := range panels {
		shift(p, "top", grow)
		titles = append(titles, p)
	}
	m["title"] = titles
	for _, g := range items(m["grid"]) {
		shift(g, "top", grow)
		shift(g, "bottom", lift)
	}
	for _, v := range items(m["visualMap"]) {
		shift(v, "bottom", lift)
	}
	for _, g := range items(m["graphic"]) {
		shift(g, "bottom", lift)
	}

	fitAxisLabels(m, o.Width, o.Height, measure)
	fitMarkLabels(m, o.Width, o.Height, measure)
	return m, nil
}

// fitAxisLabels fits the wrapping labels of category axes to the image's
// width. The names of a category y axis (sides, outlets) may take up to a
// quarter of the width rather than wrap; the labels of a category x axis
// (the heat map's outlets) are narrowed to the width of a column, so that
// neighbours never overlap.
func fitAxisLabels(m map[string]any, width, height int, measure measureFunc) {
	xs, ys := items(m["xAxis"]), items(m["yAxis"])
	if len(xs) == 0 || len(ys) == 0 {
		return
	}
	yw := 0.0
	if ys[0]["type"] == "category" {
		if label, _ := ys[0]["axisLabel"].(map[string]any); label != nil {
			cur, _ := label["width"].(float64)
			widest := widestLabel(ys[0], measure)
			if cur > 0 && widest > cur && (label["overflow"] == "break" || label["overflow"] == "truncate") {
				label["width"] = min(float64(int(widest))+2, max(cur, float64(width/4)))
			}
			yw = widest
			if w, ok := label["width"].(float64); ok {
				yw = min(yw, w)
			}
			data, _ := ys[0]["data"].([]any)
			xLabels := 20.0 // a value axis' labels
			if xs[0]["type"] == "category" {
				xLabels = 2*axisLabelLine + 8
			}
			// Rows too low for a name on two lines: one line, as wide as
			// a third of the image before it is cut ("Afghanistan (Taliban
			// government)" in a 720 px article column).
			if label["overflow"] == "break" && rowHeight(m, height, xLabels, len(data)) < 2*axisLabelLine {
				label["overflow"] = "truncate"
				if w, _ := label["width"].(float64); widest > w {
					label["width"] = min(float64(int(widest))+2, max(w, float64(width/3)))
					yw = min(widest, label["width"].(float64))
				}
			}
		}
	}
	if xs[0]["type"] != "category" {
		return
	}
	label, _ := xs[0]["axisLabel"].(map[string]any)
	data, _ := xs[0]["data"].([]any)
	if label == nil || len(data) == 0 || label["overflow"] != "break" {
		return
	}
	cur, ok := label["width"].(float64)
	if !ok {
		return
	}
	if label["rotate"] != nil {
		return // the narrow media rule turned them already
	}
	size, _ := label["fontSize"].(float64)
	if size == 0 {
		size = 12
	}
	w := min(cur, max(40, float64(int(columnWidth(m, width, yw, len(data))-8))))
	lines, widest := 1, 0.0
	for _, d := range data {
		if s, ok := d.(string); ok {
			lines = max(lines, len(wrapText(s, w, size, false, measure)))
			widest = max(widest, measure(s, size, false))
		}
	}
	// The labels' height under the axis line: lines that wrap in their
	// column, or, when a name would take more than two lines, every name
	// turned and cut, as on a phone.
	var below float64
	if lines <= 2 {
		label["width"] = w
		below = float64(lines*axisLabelLine) + 8
	} else {
		const turn, cut = 40, 110 // degrees, px
		label["rotate"] = turn
		label["width"] = cut
		label["overflow"] = "truncate"
		below = 0.643*min(widest, cut) + 0.766*axisLabelLine + 8
	}
	// The axis name sits under the labels. The grid's bottom counts from
	// the labels' bottom (containLabel); the page's keeps room for a name
	// 50 px under the axis whatever the labels' height, of which the image
	// needs 16 px less.
	if _, ok := xs[0]["nameGap"].(float64); ok {
		xs[0]["nameGap"] = float64(int(below)) + 10
		for _, g := range items(m["grid"]) {
			shift(g, "bottom", -16)
		}
	}
}

// axisLabelLine is the line height of a category axis label that wraps.
const axisLabelLine = 16

// widestLabel returns the width of the widest label of a category axis.
func widestLabel(axis map[string]any, measure measureFunc) float64 {
	label, _ := axis["axisLabel"].(map[string]any)
	size, _ := label["fontSize"].(float64)
	if size == 0 {
		size = 12
	}
	data, _ := axis["data"].([]any)
	var widest float64
	for _, d := range data {
		if s, ok := d.(string); ok {
			widest = max(widest, measure(s, size, false))
		}
	}
	return widest
}

// columnWidth estimates the width of one of n columns of the grid: the
// image less the grid's sides and the y axis' labels, shared.
func columnWidth(m map[string]any, width int, yLabels float64, n int) float64 {
	g := items(m["grid"])
	left, right := float64(chartMargin), float64(chartMargin)
	if len(g) > 0 {
		left, right = num(g[0]["left"], left), num(g[0]["right"], right)
	}
	return (float64(width) - left - right - yLabels - 8) / float64(max(n, 1))
}

// rowHeight estimates the height of one of n rows of the grid: the image
// less the grid's top and bottom and the x axis' labels (xLabels px).
func rowHeight(m map[string]any, height int, xLabels float64, n int) float64 {
	g := items(m["grid"])
	if len(g) == 0 {
		return 0
	}
	return (float64(height) - num(g[0]["top"], 60) - num(g[0]["bottom"], 60) - xLabels) / float64(max(n, 1))
}

// Heights in px of the things fitMarkLabels fits.
const (
	barLabelHeight   = 13 // a bar's label of 11 px
	heatLabelLine    = 16 // a line of a heat map cell's label
	heatLabelPadding = 6
)

// fitMarkLabels keeps the labels of bars and cells from running into each
// other where the image leaves them too little room: the bar labels of a
// chart of bars by category (tone by source) are hidden when a bar is
// thinner than its label (the numbers stay in the alt text and the CSV); a
// heat map cell's "mean / n=N" goes on one line when the row is too low for
// two, and keeps only the mean when the column is too narrow for that.
func fitMarkLabels(m map[string]any, width, height int, measure measureFunc) {
	xs, ys := items(m["xAxis"]), items(m["yAxis"])
	series := items(m["series"])
	if len(xs) == 0 || len(ys) == 0 || len(series) == 0 {
		return
	}
	switch series[0]["type"] {
	case "bar":
		// Bars along a category y axis, grouped: barCategoryGap of the
		// band between groups, barGap of a bar between bars; stacked
		// bars are one bar per band. Only the bar series of the first
		// grid's axis count (other grids are panels of their own).
		if ys[0]["type"] != "category" {
			return
		}
		var bars []map[string]any
		for _, s := range series {
			if s["type"] == "bar" && num(s["yAxisIndex"], 0) == 0 {
				bars = append(bars, s)
			}
		}
		if len(bars) < 2 {
			return
		}
		data, _ := ys[0]["data"].([]any)
		n := float64(len(bars))
		if bars[0]["stack"] != nil {
			n = 1
		}
		band := rowHeight(m, height, 20, len(data))
		bar := band * (1 - percent(bars[0]["barCategoryGap"], 0.2)) / (n + (n-1)*percent(bars[0]["barGap"], 0.3))
		if bar >= barLabelHeight {
			return
		}
		for _, s := range bars {
			if label, ok := s["label"].(map[string]any); ok {
				label["show"] = false
			}
		}
	case "heatmap":
		xData, _ := xs[0]["data"].([]any)
		yData, _ := ys[0]["data"].([]any)
		xLabel, _ := xs[0]["axisLabel"].(map[string]any)
		lines := 1.0
		if w, ok := xLabel["width"].(float64); ok {
			for _, d := range xData {
				if s, ok := d.(string); ok && measure(s, 13, false) > w {
					lines = 2
				}
			}
		}
		yw := widestLabel(ys[0], measure)
		if yLabel, ok := ys[0]["axisLabel"].(map[string]any); ok {
			if w, ok := yLabel["width"].(float64); ok {
				yw = min(yw, w)
			}
		}
		row := rowHeight(m, height, lines*heatLabelLine+8, len(yData))
		col := columnWidth(m, width, yw, len(xData))
		if row >= 2*heatLabelLine+heatLabelPadding {
			return
		}
		data, _ := series[0]["data"].([]any)
		for _, d := range data {
			cell, _ := d.(map[string]any)
			label, _ := cell["label"].(map[string]any)
			text, _ := label["formatter"].(string)
			mean, count, ok := strings.Cut(text, "\n")
			if !ok {
				continue
			}
			one := mean + " · " + count
			if measure(one, 12, false)+8 > col {
				one = mean
			}
			label["formatter"] = one
		}
	}
}

// percent reads an ECharts percentage ("28%") as a fraction, or def.
func percent(v any, def float64) float64 {
	s, ok := v.(string)
	if !ok || !strings.HasSuffix(s, "%") {
		return def
	}
	var f float64
	if _, err := fmt.Sscan(strings.TrimSuffix(s, "%"), &f); err != nil {
		return def
	}
	return f / 100
}

// num reads a position in px given as a number or a numeric string, or def.
func num(v any, def float64) float64 {
	switch v := v.(type) {
	case float64:
		return v
	case string:
		var f float64
		if _, err := fmt.Sscan(v, &f); err == nil && !strings.HasSuffix(v, "%") {
			return f
		}
	}
	return def
}

// applyMedia merges into m the option of each media rule of m whose query
// holds at width×height, as ECharts would.
func applyMedia(m map[string]any, width, height int) {
	for _, r := range items(m["media"]) {
		q, _ := r["query"].(map[string]any)
		opt, _ := r["option"].(map[string]any)
		if q == nil || opt == nil || !mediaMatches(q, float64(width), float64(height)) {
			continue
		}
		merge(m, opt)
	}
}

// mediaMatches reports whether an ECharts media query holds.
func mediaMatches(q map[string]any, w, h float64) bool {
	for k, v := range q {
		f, ok := v.(float64)
		if !ok {
			if i, isInt := v.(int); isInt {
				f = float64(i)
			} else {
				return false
			}
		}
		switch k {
		case "maxWidth":
			ok = w <= f
		case "minWidth":
			ok = w >= f
		case "maxHeight":
			ok = h <= f
		case "minHeight":
			ok = h >= f
		case "maxAspectRatio":
			ok = w/h <= f
		case "minAspectRatio":
			ok = w/h >= f
		default:
			ok = false
		}
		if !ok {
			return false
		}
	}
	return true
}

// merge merges src into dst: maps key by key, lists item by item (a map
// into an item of the list, or into the one map ECharts takes for a
// component given as a map), anything else replaced.
func merge(dst, src map[string]any) {
	for k, sv := range src {
		switch s := sv.(type) {
		case map[string]any:
			switch d := dst[k].(type) {
			case map[string]any:
				merge(d, s)
				continue
			case []any:
				if len(d) > 0 {
					if dm, ok := d[0].(map[string]any); ok {
						merge(dm, s)
						continue
					}
				}
			}
		case []any:
			switch d := dst[k].(type) {
			case []any:
				for i, item := range s {
					im, ok := item.(map[string]any)
					if i < len(d) && ok {
						if dm, ok := d[i].(map[string]any); ok {
							merge(dm, im)
							continue
						}
					}
					if i < len(d) {
						d[i] = item
					} else {
						d = append(d, item)
					}
				}
				dst[k] = d
				continue
			case map[string]any:
				if len(s) > 0 {
					if sm, ok := s[0].(map[string]any); ok {
						merge(d, sm)
						continue
					}
				}
			}
		}
		dst[k] = sv
	}
}

// items returns a component given as a map or a list of maps as a list.
func items(v any) []map[string]any {
	switch v := v.(type) {
	case map[string]any:
		return []map[string]any{v}
	case []any:
		var out []map[string]any
		for _, it := range v {
			if m, ok := it.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

// shift adds d pixels to a position given as a number or a numeric string
// ("96"); percentages and keywords are left as they are.
func shift(m map[string]any, key string, d float64) {
	if d == 0 {
		return
	}
	switch v := m[key].(type) {
	case float64:
		m[key] = v + d
	case int:
		m[key] = float64(v) + d
	case string:
		var f float64
		if _, err := fmt.Sscan(v, &f); err == nil && fmt.Sprint(f) == strings.TrimSpace(v) {
			m[key] = f + d
		}
	case nil:
		m[key] = d
	}
}

// deepCopy copies a JSON-like value through JSON, which also turns every
// number into a float64 as the page's JSON.parse would see it.
func deepCopy(m map[string]any) (map[string]any, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("image option: %w", err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("image option: %w", err)
	}
	return out, nil
}

// wrapText breaks text into lines no wider than width at size px, at
// spaces (not at no-break spaces); a word wider than the line is broken between characters. Lines
// already in the text stay lines. The empty text is no line.
func wrapText(text string, width, size float64, bold bool, measure measureFunc) []string {
	if text == "" {
		return nil
	}
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		var line string
		// Only ordinary spaces break: a no-break space (in a date range of
		// the caption) holds its words together.
		for _, word := range strings.FieldsFunc(para, func(r rune) bool { return r == ' ' || r == '\t' }) {
			try := word
			if line != "" {
				try = line + " " + word
			}
			if measure(try, size, bold) <= width {
				line = try
				continue
			}
			if line != "" {
				lines = append(lines, line)
			}
			line = word
			for measure(line, size, bold) > width && len([]rune(line)) > 1 {
				r := []rune(line)
				n := len(r) - 1
				for n > 1 && measure(string(r[:n]), size, bold) > width {
					n--
				}
				lines = append(lines, string(r[:n]))
				line = string(r[n:])
			}
		}
		lines = append(lines, line)
	}
	return lines
}
