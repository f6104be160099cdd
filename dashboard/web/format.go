package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/tonedesk/tonedesk/dashboard"
)

// plural returns "1 article" or "5 articles".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// agree returns one when n is 1, else many: the word that agrees with a
// count written before it ("is", "are"; "its", "their").
func agree(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// formatScore writes a sentiment score with two decimals and its sign:
// "+0.31", "−0.62" (with a true minus sign), "0.00".
func formatScore(v float64) string {
	s := strconv.FormatFloat(roundScore(v), 'f', 2, 64)
	switch {
	case s == "0.00" || s == "-0.00":
		return "0.00"
	case strings.HasPrefix(s, "-"):
		return "−" + s[1:]
	default:
		return "+" + s
	}
}

// formatDate writes a day as "20 Oct 2025" in loc; "" for the zero time.
func formatDate(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2 Jan 2006")
}

// formatDateTime writes a moment as "20 Oct 2025, 14:05" in loc; "" for the
// zero time.
func formatDateTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2 Jan 2006, 15:04")
}

// formatDateRange writes the days from..to in loc as compactly as reads well:
// "20 Oct 2025", "20–31 Oct 2025", "28 Oct – 2 Nov 2025",
// "30 Dec 2024 – 2 Jan 2025". A zero end is left out; "" when both are zero.
func formatDateRange(from, to time.Time, loc *time.Location) string {
	switch {
	case from.IsZero() && to.IsZero():
		return ""
	case from.IsZero():
		return formatDate(to, loc)
	case to.IsZero():
		return formatDate(from, loc)
	}
	from, to = from.In(loc), to.In(loc)
	if to.Before(from) {
		from, to = to, from
	}
	fy, fm, fd := from.Date()
	ty, tm, td := to.Date()
	switch {
	case fy == ty && fm == tm && fd == td:
		return formatDate(from, loc)
	case fy == ty && fm == tm:
		return fmt.Sprintf("%d–%d %s", fd, td, to.Format("Jan 2006"))
	case fy == ty:
		return fmt.Sprintf("%s – %s", from.Format("2 Jan"), to.Format("2 Jan 2006"))
	}
	return formatDate(from, loc) + " – " + formatDate(to, loc)
}

// scope says what data a story's dashboard is looking at: "5 articles,
// 12 quoted statements and 5 comments from 5 outlets, 20–31 Oct 2025".
func scope(sum dashboard.Summary, loc *time.Location) string {
	s := fmt.Sprintf("%s, %s and %s from %s",
		plural(sum.Articles, "article", "articles"),
		plural(sum.Quotes, "quoted statement", "quoted statements"),
		plural(sum.Comments, "comment", "comments"),
		outlets(sum.Sources))
	if d := formatDateRange(sum.From, sum.To, loc); d != "" {
		s += ", " + d
	}
	return s
}

// outlets counts the named outlets: "3 outlets", or "1 outlet and 4
// articles whose outlet is not given" when some articles came without one.
func outlets(sources []dashboard.SourceTone) string {
	named, unnamed := 0, 0
	for _, src := range sources {
		if src.Source == "" {
			unnamed = src.Articles
			continue
		}
		named++
	}
	s := plural(named, "outlet", "outlets")
	if unnamed > 0 {
		s += " and " + plural(unnamed, "article", "articles") + " whose outlet is not given"
	}
	return s
}

// leadWords returns the first n words of body (after any leading bullets
// or dashes) followed by "…" when there
// are more: a label for an article without a title.
func leadWords(body string, n int) string {
	words := strings.Fields(body)
	// A standfirst's bullets ("• Held under…") are not words of the lead.
	for len(words) > 0 && !strings.ContainsFunc(words[0], func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		words = words[1:]
	}
	if len(words) <= n {
		return strings.Join(words, " ")
	}
	return strings.Join(words[:n], " ") + " …"
}

// chartCaption is the source line under every chart of a story: "Source:
// tonedesk analysis of N comments and M statements from K outlets,
// DATE–DATE".
func chartCaption(sum dashboard.Summary, loc *time.Location) string {
	s := fmt.Sprintf("Source: tonedesk analysis of %s and %s from %s",
		plural(sum.Comments, "comment", "comments"),
		plural(sum.Quotes, "statement", "statements"),
		outlets(sum.Sources))
	if d := formatDateRange(sum.From, sum.To, loc); d != "" {
		s += ", " + d
	}
	return s
}

// isoDate writes t for a <time datetime>: RFC 3339 in UTC; "" for the zero
// time.
func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
