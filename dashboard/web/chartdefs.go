package web

import (
	"fmt"
	"strings"

	"github.com/tonedesk/tonedesk/dashboard"
)

// chartSpec is one chart of a story. Its Name is stable: the chart's section
// on the page, its images, its CSV and its alt text all go by it, in URLs
// (/stories/{id}/charts/{name}.png) and file names.
type chartSpec struct {
	// Name is the chart's name in URLs and file names, "tone-by-source".
	Name string
	// Title is the chart's title.
	Title string
	// build makes the chart from its input.
	build func(in chartInput) (builtChart, error)
}

// ID is the id of the chart's element on the page.
func (c *chartSpec) ID() string { return "chart-" + c.Name }

// chartSpecs are the charts of a story page, in the order of the page: the
// design's order, statements by side first.
var chartSpecs = []*chartSpec{
	{Name: "tone-by-side-statements", Title: toneBySideTitle, build: buildToneBySide},
	{Name: "tone-by-side-readers", Title: toneByStanceTitle, build: buildToneByStance},
	{Name: "tone-by-source", Title: toneBySourceTitle, build: buildToneBySource},
	{Name: "stance-mix-by-source", Title: stanceMixTitle, build: buildStanceMix},
	{Name: "comment-sentiment", Title: commentSentimentTitle, build: buildCommentSentiment},
	{Name: "timeline", Title: timelineTitle, build: buildTimeline},
	{Name: "side-source-heatmap", Title: sideSourceTitle, build: buildSideSource},
	{Name: "tone-drivers", Title: driversTitle, build: buildDrivers},
}

// ChartNames returns the names of the charts of a story, in the order of the
// story page: the names that /stories/{id}/charts/{name}.{ext} and
// `tonedesk export --chart` take.
func ChartNames() []string {
	names := make([]string, len(chartSpecs))
	for i, c := range chartSpecs {
		names[i] = c.Name
	}
	return names
}

// findChart returns the chart of that name, or nil.
func findChart(name string) *chartSpec {
	for _, c := range chartSpecs {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// builtChart is one chart built from a summary: everything its section on
// the page, its images, its CSV and its alt text are made of.
type builtChart struct {
	Spec *chartSpec
	// Option is the ECharts option, nil when there is nothing to draw; Empty
	// then says why.
	Option map[string]any
	Empty  string
	// Alt is the text alternative: the main numbers in a sentence or two.
	Alt string
	// Height is the chart's height on the page, in CSS pixels.
	Height int
	// Table is the chart's data as a table on the page, nil when none.
	Table *dataTable
	// Data are the numbers behind the chart, for its CSV.
	Data csvTable
}

// buildChart builds one chart. It returns an error only when an option
// cannot be built.
func buildChart(spec *chartSpec, in chartInput) (builtChart, error) {
	c, err := spec.build(in)
	if err != nil {
		return builtChart{}, fmt.Errorf("%s: %w", spec.Name, err)
	}
	c.Spec = spec
	if in.Filter != "" {
		if c.Option != nil {
			c.Height += addFilterLine(c.Option, in.Filter)
		}
		c.Alt += " " + in.Filter + "."
	}
	return c, nil
}

func buildToneBySide(in chartInput) (builtChart, error) {
	sum, gs := in.Summary, in.Groups
	c := builtChart{Alt: toneBySideAlt(sum, gs), Height: toneBySideHeight(len(gs)), Data: toneBySideData(sum, gs)}
	if sum.Quotes == 0 || len(gs) == 0 {
		c.Empty = "No quoted statements yet, so no tone by side."
		return c, nil
	}
	var err error
	c.Option, err = toneBySideOption(in)
	c.Table = toneBySideTable(sum, gs)
	return c, err
}

func buildToneBySource(in chartInput) (builtChart, error) {
	sum := in.Summary
	c := builtChart{Alt: toneBySourceAlt(sum), Height: toneBySourceHeight(len(sum.Sources)), Data: toneBySourceData(sum)}
	if len(sum.Sources) == 0 {
		c.Empty = "No articles yet, so no tone by source."
		return c, nil
	}
	var err error
	c.Option, err = toneBySourceOption(in)
	c.Table = toneBySourceTable(sum)
	return c, err
}

func buildCommentSentiment(in chartInput) (builtChart, error) {
	sum := in.Summary
	c := builtChart{Alt: commentSentimentAlt(sum), Height: fixedChartHeight, Data: commentSentimentData(sum)}
	if sum.Comments == 0 {
		c.Empty = "No comments yet, so no distribution of their sentiment."
		return c, nil
	}
	var err error
	c.Option, err = commentSentimentOption(in)
	return c, err
}

func buildSideSource(in chartInput) (builtChart, error) {
	sum, gs := in.Summary, in.Groups
	c := builtChart{Alt: sideSourceAlt(sum, gs), Height: heatmapHeight(len(gs)), Data: sideSourceData(sum, gs)}
	if sum.Quotes == 0 || len(gs) == 0 {
		c.Empty = "No quoted statements yet, so no side × source heat map."
		return c, nil
	}
	var err error
	c.Option, err = sideSourceOption(in)
	c.Table = sideSourceTable(sum, gs)
	return c, err
}

// groupKindText names a group's kind in a CSV.
func groupKindText(k groupKind) string {
	switch k {
	case kindSide:
		return "side"
	case kindParty:
		return "party"
	case kindUnknown:
		return "unattributed"
	}
	return "other"
}

// interval returns the 95% interval of a mean as two CSV cells, empty when
// there is none.
func interval(n int, mean, sd float64) (lo, hi any) {
	l, h, ok := dashboard.MeanInterval95(n, mean, sd)
	if !ok {
		return nil, nil
	}
	return csvScore(l), csvScore(h)
}

// toneBySideData are the numbers of "Tone by side — statements": one row
// per group the chart shows.
func toneBySideData(sum dashboard.Summary, gs []group) csvTable {
	t := csvTable{Header: []string{"Side or party", "Id", "Kind", "Statements", "Mean tone", "95% interval low", "95% interval high"}}
	tones := sideToneMap(sum.SideTones)
	for _, g := range gs {
		st := tones[g.ID]
		var mean any
		if st.Quotes > 0 {
			mean = csvScore(st.Mean)
		}
		lo, hi := interval(st.Quotes, st.Mean, st.SD)
		t.Rows = append(t.Rows, []any{g.Name, g.ID, groupKindText(g.Kind), st.Quotes, mean, lo, hi})
	}
	return t
}

// toneBySourceData are the numbers of "Tone by source": one row per outlet.
func toneBySourceData(sum dashboard.Summary) csvTable {
	t := csvTable{Header: []string{"Outlet", "Articles", "Article tone", "Quotes", "Quote tone", "Comments", "Comment tone"}}
	mean := func(v float64, n int) any {
		if n == 0 {
			return nil
		}
		return csvScore(v)
	}
	for _, s := range sum.Sources {
		t.Rows = append(t.Rows, []any{outletName(s.Source), s.Articles, mean(s.ArticleTone, s.TextArticles()),
			s.Quotes, mean(s.QuoteTone, s.Quotes), s.Comments, mean(s.CommentTone, s.Comments)})
	}
	return t
}

// commentSentimentData are the numbers of "Comment sentiment distribution":
// one row per bin.
func commentSentimentData(sum dashboard.Summary) csvTable {
	t := csvTable{Header: []string{"Score from", "Score to", "Comments"}}
	for i, n := range sum.Histogram {
		lo, hi := histogramBin(i)
		t.Rows = append(t.Rows, []any{csvScore(lo), csvScore(hi), n})
	}
	return t
}

// sideSourceData are the numbers of "Side × source": one row per group and
// outlet with statements, groups in the chart's order.
func sideSourceData(sum dashboard.Summary, gs []group) csvTable {
	t := csvTable{Header: []string{"Side or party", "Id", "Outlet", "Statements", "Mean tone", "95% interval low", "95% interval high"}}
	byRow := map[string][]dashboard.SideSourceTone{}
	for _, c := range sum.SideSourceTones {
		byRow[c.Side] = append(byRow[c.Side], c)
	}
	for _, g := range gs {
		for _, c := range byRow[g.ID] {
			if c.Quotes == 0 {
				continue
			}
			lo, hi := interval(c.Quotes, c.Mean, c.SD)
			t.Rows = append(t.Rows, []any{g.Name, g.ID, outletName(c.Source), c.Quotes, csvScore(c.Mean), lo, hi})
		}
	}
	return t
}

// chartFileName is the file name of a chart export, without extension:
// "istanbul-talks-2025-tone-by-source", then the size and scale when they
// are not the default ("-720x405@2x") and the theme when dark ("-dark").
// Characters other than letters, digits, '-', '_', '.' and '@' become '_'.
func chartFileName(story, chart string, o *ImageOptions) string {
	var b strings.Builder
	b.WriteString(story)
	b.WriteString("-")
	b.WriteString(chart)
	if o != nil {
		if o.Width != defaultImage.Width || o.Height != defaultImage.Height || o.Scale != 1 {
			fmt.Fprintf(&b, "-%dx%d", o.Width, o.Height)
			if o.Scale != 1 {
				fmt.Fprintf(&b, "@%dx", o.Scale)
			}
		}
		if o.Theme != defaultImage.Theme {
			b.WriteString("-" + o.Theme)
		}
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.', r == '@':
			return r
		}
		return '_'
	}, b.String())
}
