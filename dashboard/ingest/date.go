package ingest

import (
	"regexp"
	"strings"
	"time"
)

// ordinalRe matches the ordinal suffix of a day number: "27th", "1st".
var ordinalRe = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)\b`)

// proseDateLayouts are the written-out dates of datelines and "Published
// in" lines, after normalizeProseDate.
var proseDateLayouts = []string{
	"January 2, 2006",
	"January 2 2006",
	"Jan 2, 2006",
	"Jan 2 2006",
	"2 January 2006",
	"2 January, 2006",
	"2 Jan 2006",
	"2 Jan, 2006",
	time.DateOnly,
}

// weekdays are the names a prose date may start with ("Monday, ...").
var weekdays = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// normalizeProseDate drops a leading weekday, ordinal suffixes, the period of
// an abbreviated month and the "Sept" spelling Go does not know.
func normalizeProseDate(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.IndexByte(s, ','); i > 0 {
		for _, w := range weekdays {
			if strings.EqualFold(s[:i], w) {
				s = strings.TrimSpace(s[i+1:])
				break
			}
		}
	}
	s = ordinalRe.ReplaceAllString(s, "$1")
	fields := strings.Fields(s)
	for i, f := range fields {
		f = strings.TrimSuffix(f, ".")
		if strings.EqualFold(f, "sept") {
			f = "Sep"
		}
		fields[i] = f
	}
	return strings.Join(fields, " ")
}

// parseProseDate reads a written-out date such as "October 27th, 2025",
// "Oct. 28, 2025", "28 October 2025" or "2025-10-28", as midnight UTC.
// It reports false for anything else, including dates without a year.
func parseProseDate(s string) (time.Time, bool) {
	if len(s) > 60 {
		return time.Time{}, false
	}
	s = normalizeProseDate(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range proseDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
