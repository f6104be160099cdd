package render

import (
	"encoding/json"
	"fmt"
	"slices"
)

// Theme names. Each is registered in ECharts under ThemePrefix+name, in every
// runtime of the Renderer; the page registers the same JSON (ThemeJSON) under
// the same names, so that a chart looks the same on the page and in an image.
const (
	ThemeLight = "light"
	ThemeDark  = "dark"

	// ThemePrefix is prepended to a theme's name to form the name it is
	// registered under in ECharts: "tonedesk-light", "tonedesk-dark".
	ThemePrefix = "tonedesk-"
)

// FontFamily is the CSS font-family of every chart: the embedded Liberation
// Sans first, then the fonts it is metric-compatible with, so that an SVG
// opened on a machine without Liberation Sans keeps its text widths.
const FontFamily = `"Liberation Sans", Arial, Helvetica, sans-serif`

// SideColors are the colours of the sides of a story, in the order of the
// story file: the first side is always blue, the second vermillion, and so
// on. They are the Okabe–Ito colours, which stay distinct under the common
// colour-vision deficiencies, and they are the same in both themes, so a side
// keeps its colour on every chart, page and image. They are also the theme's
// series palette.
var SideColors = []string{
	"#0072B2", // blue
	"#D55E00", // vermillion
	"#009E73", // bluish green
	"#CC79A7", // reddish purple
	"#56B4E9", // sky blue
	"#E69F00", // orange
	"#F0E442", // yellow
}

// Colours of the stances that are no side, the same in both themes.
const (
	ColorBalanced = "#8C8C8C" // credit or blame for more than one side
	ColorNone     = "#BDBDBD" // no stance
)

// Diverging colours of a sentiment scale (heat maps): most negative, zero,
// most positive, per theme. The ends are the page's negative and positive
// tones; the middle is close to the background, so that a mean near zero
// recedes.
var divergingColors = map[string][3]string{
	ThemeLight: {"#a63a00", "#f2f2f2", "#005c8a"},
	ThemeDark:  {"#e07a3f", "#2e2e2e", "#4fa3d9"},
}

// DivergingColors returns the colours of the sentiment scale of a theme, most
// negative, zero and most positive: the colours a heat map's visual map runs
// through, which a chart needs to choose a label colour that reads on each
// cell. It returns an error for an unknown theme.
func DivergingColors(theme string) ([3]string, error) {
	c, ok := divergingColors[theme]
	if !ok {
		return c, fmt.Errorf("render: unknown theme %q", theme)
	}
	return c, nil
}

// MutedColor returns the colour of a theme's secondary text (axis names,
// captions, a legend's words), for text a chart draws itself. It returns
// an error for an unknown theme.
func MutedColor(theme string) (string, error) {
	ink, ok := inks[theme]
	if !ok {
		return "", fmt.Errorf("render: unknown theme %q", theme)
	}
	return ink.muted, nil
}

// themeInk are the neutral colours of a theme.
type themeInk struct {
	background, text, muted, axis, rule string
}

var inks = map[string]themeInk{
	ThemeLight: {background: "#ffffff", text: "#1b1b1b", muted: "#595959", axis: "#767676", rule: "#e2e2e2"},
	ThemeDark:  {background: "#161616", text: "#ececec", muted: "#b4b4b4", axis: "#8f8f8f", rule: "#383838"},
}

// Themes returns the names of the themes, light first.
func Themes() []string { return []string{ThemeLight, ThemeDark} }

// validTheme reports whether name is a theme.
func validTheme(name string) bool { return slices.Contains(Themes(), name) }

// ThemeJSON returns the ECharts theme object of the named theme as JSON, for
// echarts.registerTheme(ThemePrefix+name, ...) on the page. It returns an
// error for an unknown name.
func ThemeJSON(name string) ([]byte, error) {
	if !validTheme(name) {
		return nil, fmt.Errorf("render: unknown theme %q", name)
	}
	b, err := json.Marshal(themeObject(name))
	if err != nil {
		return nil, fmt.Errorf("render: theme %q: %w", name, err)
	}
	return b, nil
}

// themeObject builds the ECharts theme of name, which must be valid. Only
// neutral colours change between themes; series colours do not.
func themeObject(name string) map[string]any {
	ink := inks[name]
	div := divergingColors[name]
	text := func(color string, size int) map[string]any {
		return map[string]any{"color": color, "fontSize": size, "fontFamily": FontFamily}
	}
	line := func(color string) map[string]any { return map[string]any{"color": color} }
	axis := func(showLine, showSplit bool, labelColor string) map[string]any {
		return map[string]any{
			"axisLine":       map[string]any{"show": showLine, "lineStyle": line(ink.axis)},
			"axisTick":       map[string]any{"show": showLine, "lineStyle": line(ink.axis)},
			"axisLabel":      map[string]any{"show": true, "color": labelColor, "fontSize": 12},
			"splitLine":      map[string]any{"show": showSplit, "lineStyle": map[string]any{"color": []string{ink.rule}}},
			"splitArea":      map[string]any{"show": false},
			"nameTextStyle":  map[string]any{"color": ink.muted, "fontSize": 12},
			"axisPointer":    map[string]any{"lineStyle": line(ink.axis)},
			"minorSplitLine": map[string]any{"lineStyle": line(ink.rule)},
		}
	}
	return map[string]any{
		"color":           SideColors,
		"backgroundColor": ink.background,
		"textStyle":       map[string]any{"fontFamily": FontFamily, "color": ink.text},
		"title": map[string]any{
			"textStyle":    map[string]any{"color": ink.text, "fontSize": 18, "fontWeight": "bold", "fontFamily": FontFamily},
			"subtextStyle": text(ink.muted, 13),
		},
		"legend": map[string]any{
			"textStyle":     text(ink.text, 13),
			"inactiveColor": ink.rule,
			"pageTextStyle": text(ink.muted, 12),
		},
		"categoryAxis": axis(true, false, ink.text),
		"valueAxis":    axis(false, true, ink.muted),
		"logAxis":      axis(false, true, ink.muted),
		"timeAxis":     axis(true, false, ink.muted),
		"bar":          map[string]any{"itemStyle": map[string]any{"borderWidth": 0}},
		"line": map[string]any{
			"symbol":     "circle",
			"symbolSize": 5,
			"lineStyle":  map[string]any{"width": 2},
		},
		"heatmap": map[string]any{
			"label":     map[string]any{"color": ink.text},
			"itemStyle": map[string]any{"borderColor": ink.background, "borderWidth": 1},
			"emphasis":  map[string]any{"itemStyle": map[string]any{"borderColor": ink.text}},
		},
		// Whiskers (an interval drawn as a box plot) in the ink of the text.
		"boxplot": map[string]any{"itemStyle": map[string]any{"borderColor": ink.text}},
		"visualMap": map[string]any{
			// ECharts lists a visual map's colours from the highest value down.
			"color":     []string{div[2], div[1], div[0]},
			"textStyle": text(ink.muted, 12),
		},
		"tooltip": map[string]any{
			"backgroundColor": ink.background,
			"borderColor":     ink.rule,
			"textStyle":       text(ink.text, 13),
		},
		"markLine": map[string]any{"lineStyle": line(ink.axis), "label": map[string]any{"color": ink.muted}},
	}
}
