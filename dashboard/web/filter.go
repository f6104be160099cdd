package web

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
)

// The query parameters of a filter, on the story page and in chart URLs:
// source (repeated, one outlet each; an empty value is the articles with no
// outlet, "Unknown outlet"), from and to (days, YYYY-MM-DD, both
// included). `tonedesk export` takes them as --source, --from and --to.
const (
	paramSource = "source"
	paramFrom   = "from"
	paramTo     = "to"
	// paramRejected=include counts the comments a moderator rejected,
	// which the charts otherwise leave out.
	paramRejected   = "rejected"
	rejectedInclude = "include"
)

// dayLayout is the form of the days of a filter: what <input type="date">
// sends.
const dayLayout = "2006-01-02"

// ParseFilter returns the filter of a story page or chart file: the articles
// of the outlets named in sources (none: every outlet; "" is the articles
// with no outlet), published from the day from to the day to, both included
// and read as days in loc (nil: UTC); an empty from or to leaves that end
// open. The outlets are sorted and each kept once, so that the same
// selection always gives the same filter and the same URL. It returns an
// error wrapping ErrBadRequest, which says what is wrong, for a day that is
// not YYYY-MM-DD or a from after to.
func ParseFilter(sources []string, from, to string, loc *time.Location) (dashboard.Filter, error) {
	if loc == nil {
		loc = time.UTC
	}
	var f dashboard.Filter
	if len(sources) > 0 {
		f.Sources = slices.Compact(slices.Sorted(slices.Values(sources)))
	}
	day := func(name, v string) (time.Time, error) {
		v = strings.TrimSpace(v)
		if v == "" {
			return time.Time{}, nil
		}
		t, err := time.ParseInLocation(dayLayout, v, loc)
		if err != nil {
			return time.Time{}, badRequest("The “%s” date must be a day written YYYY-MM-DD (2025-10-28), not “%s”.", name, v)
		}
		return t, nil
	}
	var err error
	if f.From, err = day(paramFrom, from); err != nil {
		return dashboard.Filter{}, err
	}
	last, err := day(paramTo, to)
	if err != nil {
		return dashboard.Filter{}, err
	}
	if !last.IsZero() {
		if !f.From.IsZero() && last.Before(f.From) {
			return dashboard.Filter{}, badRequest("The “from” date (%s) is after the “to” date (%s): nothing can be published in between.",
				formatDate(f.From, loc), formatDate(last, loc))
		}
		// To is exclusive: the start of the day after the last.
		f.To = time.Date(last.Year(), last.Month(), last.Day()+1, 0, 0, 0, 0, loc)
	}
	return f, nil
}

// filterFromQuery reads the filter of a page or chart URL's query; see
// ParseFilter.
func filterFromQuery(q url.Values, loc *time.Location) (dashboard.Filter, error) {
	f, err := ParseFilter(q[paramSource], q.Get(paramFrom), q.Get(paramTo), loc)
	if err != nil {
		return f, err
	}
	switch r := q.Get(paramRejected); r {
	case "":
	case rejectedInclude:
		f.Rejected = true
	default:
		return dashboard.Filter{}, badRequest("The “rejected” parameter is “include” (show the comments moderators rejected) or absent, not “%s”.", r)
	}
	return f, nil
}

// filterDays returns the first and the last day of a filter as YYYY-MM-DD
// in loc, "" for an open end: the values of the page's date inputs and of
// the from and to parameters.
func filterDays(f dashboard.Filter, loc *time.Location) (from, to string) {
	if !f.From.IsZero() {
		from = f.From.In(loc).Format(dayLayout)
	}
	if !f.To.IsZero() {
		to = lastDay(f, loc).Format(dayLayout)
	}
	return from, to
}

// lastDay is the last day a filter's To includes, in loc.
func lastDay(f dashboard.Filter, loc *time.Location) time.Time {
	t := f.To.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day()-1, 0, 0, 0, 0, loc)
}

// filterQuery returns the query parameters of a filter, nil for the zero
// filter: the outlets sorted (as ParseFilter keeps them), then the days, so
// that a link that carries the filter is always the same URL.
func filterQuery(f dashboard.Filter, loc *time.Location) url.Values {
	if f.IsZero() {
		return nil
	}
	q := url.Values{}
	for _, s := range f.Sources {
		q.Add(paramSource, s)
	}
	from, to := filterDays(f, loc)
	if from != "" {
		q.Set(paramFrom, from)
	}
	if to != "" {
		q.Set(paramTo, to)
	}
	if f.Rejected {
		q.Set(paramRejected, rejectedInclude)
	}
	return q
}

// maxFilterOutlets is how many outlets a filter's description names; the
// rest are counted.
const maxFilterOutlets = 4

// filterText describes a filter for a chart's subtitle and the story page:
// "Dawn, Reuters; published 26–28 Oct 2025". It is "" for the zero filter.
// Outlet names are cut to maxOutletLabel characters, and after
// maxFilterOutlets of them the rest are counted.
func filterText(f dashboard.Filter, loc *time.Location) string {
	var parts []string
	if len(f.Sources) > 0 {
		var names []string
		for i, s := range f.Sources {
			if i == maxFilterOutlets {
				names = append(names, fmt.Sprintf("%d more", len(f.Sources)-i))
				break
			}
			names = append(names, shorten(outletName(s), maxOutletLabel))
		}
		parts = append(parts, strings.Join(names, ", "))
	}
	switch {
	case !f.From.IsZero() && !f.To.IsZero():
		parts = append(parts, "published "+formatDateRange(f.From, lastDay(f, loc), loc))
	case !f.From.IsZero():
		parts = append(parts, "published from "+formatDate(f.From, loc))
	case !f.To.IsZero():
		parts = append(parts, "published up to "+formatDate(lastDay(f, loc), loc))
	}
	if f.Rejected {
		parts = append(parts, "rejected comments included")
	}
	return strings.Join(parts, "; ")
}

// filterSubtitle is the line a chart's subtitle gets for a filter, "" for
// none: "Only Dawn, Reuters; published 26–28 Oct 2025".
func filterSubtitle(f dashboard.Filter, loc *time.Location) string {
	t := filterText(f, loc)
	if t == "" {
		return ""
	}
	return "Only " + t
}

// addFilterLine writes the filter line under the subtitle of a chart's
// option, in its media rules too, and moves the legend and the grid down
// by the line it takes. It returns the height in px that the chart grows
// by.
func addFilterLine(m map[string]any, line string) int {
	if line == "" {
		return 0
	}
	// The first title is the chart's; any after it head panels and move
	// down with the grids.
	add := func(title any) {
		if ts := items(title); len(ts) > 0 {
			if sub, ok := ts[0]["subtext"].(string); ok {
				ts[0]["subtext"] = sub + "\n" + line
			}
		}
	}
	down := func(m map[string]any) {
		if ts, ok := m["title"].([]any); ok {
			for _, t := range items(ts[1:]) {
				if t["top"] != nil {
					shift(t, "top", subtitleLineHeight)
				}
			}
		}
		for _, key := range []string{"legend", "grid"} {
			for _, it := range items(m[key]) {
				if it["top"] != nil {
					shift(it, "top", subtitleLineHeight)
				}
			}
		}
	}
	add(m["title"])
	down(m)
	for _, r := range items(m["media"]) {
		if o, ok := r["option"].(map[string]any); ok {
			add(o["title"])
			down(o)
		}
	}
	return subtitleLineHeight
}
