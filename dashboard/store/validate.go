package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/sentiment"
)

// Validation happens before any row is written, so that both dialects
// refuse the same input with the same message: PostgreSQL cannot store NUL
// bytes or invalid UTF-8 in text, and SQLite would store them silently.

// checkText returns an error wrapping ErrInvalid if s cannot be stored.
func checkText(field, s string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("%s contains a NUL byte: %w", field, ErrInvalid)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s is not valid UTF-8: %w", field, ErrInvalid)
	}
	return nil
}

// checkID is checkText for ids, which must not be blank either.
func checkID(field, s string) error {
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("%s is empty: %w", field, ErrInvalid)
	}
	return checkText(field, s)
}

// checkTime returns an error wrapping ErrInvalid for a time outside years
// 1–9999 (the zero time, "unknown", is fine).
func checkTime(field string, t time.Time) error {
	if t.IsZero() {
		return nil
	}
	if y := t.UTC().Year(); y < 1 || y > 9999 {
		return fmt.Errorf("%s year %d is out of range: %w", field, y, ErrInvalid)
	}
	return nil
}

// checkTexts runs checkText on field/value pairs.
func checkTexts(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := checkText(pairs[i], pairs[i+1]); err != nil {
			return err
		}
	}
	return nil
}

func validateStory(s dashboard.Story) error {
	if err := checkID("story id", s.ID); err != nil {
		return err
	}
	return checkTexts("title", s.Title, "spec", s.Spec, "analyzer", s.Analyzer)
}

// validateBatch checks everything Import can check without the database.
func validateBatch(storyID string, b dashboard.Batch) error {
	if err := checkID("story id", storyID); err != nil {
		return err
	}
	if err := checkText("analyzer", b.Analyzer); err != nil {
		return err
	}
	for i, a := range b.Articles {
		if err := validateArticle(a); err != nil {
			return fmt.Errorf("article %d (%q): %w", i, a.ExternalID, err)
		}
	}
	for i, c := range b.Comments {
		if err := checkID("article external id", c.ArticleExternalID); err != nil {
			return fmt.Errorf("comment %d (%q): %w", i, c.ExternalID, err)
		}
		if err := validateComment(c); err != nil {
			return fmt.Errorf("comment %d (%q): %w", i, c.ExternalID, err)
		}
	}
	return nil
}

func validateArticle(a dashboard.Article) error {
	if err := checkID("external id", a.ExternalID); err != nil {
		return err
	}
	if err := checkTexts("source", a.Source, "url", a.URL, "title", a.Title,
		"dateline", a.Dateline, "body", a.Body); err != nil {
		return err
	}
	if err := checkTime("published", a.Published); err != nil {
		return err
	}
	if err := validateAnalysis(a.Analysis); err != nil {
		return err
	}
	for i, q := range a.Quotes {
		if err := validateQuote(q, len(a.Body)); err != nil {
			return fmt.Errorf("quote %d [%d:%d]: %w", i, q.Start, q.End, err)
		}
	}
	for i, c := range a.Comments {
		if err := validateComment(c); err != nil {
			return fmt.Errorf("comment %d (%q): %w", i, c.ExternalID, err)
		}
	}
	return nil
}

func validateQuote(q dashboard.Quote, bodyLen int) error {
	if q.Start < 0 || q.End < q.Start || q.End > bodyLen {
		return fmt.Errorf("span outside the body (%d bytes): %w", bodyLen, ErrInvalid)
	}
	if err := checkTexts("text", q.Text, "speaker", q.Speaker, "side", q.Side, "via", q.Via); err != nil {
		return err
	}
	return validateAnalysis(q.Analysis)
}

func validateComment(c dashboard.Comment) error {
	if err := checkID("external id", c.ExternalID); err != nil {
		return err
	}
	if err := checkTexts("parent external id", c.ParentExternalID,
		"author", c.Author, "text", c.Text); err != nil {
		return err
	}
	if err := checkTime("posted", c.Posted); err != nil {
		return err
	}
	return validateAnalysis(c.Analysis)
}

// validateAnalysis checks the strings of an analysis (PostgreSQL's jsonb
// refuses \u0000 too); json.Marshal refuses NaN and infinities later.
func validateAnalysis(a sentiment.Analysis) error {
	s := []string{a.Sentiment.Label, a.Stance.Label, a.Lang}
	for _, d := range a.Sentiment.Drivers {
		s = append(s, d.Text)
	}
	for k := range a.Stance.Sides {
		s = append(s, k)
	}
	s = append(s, a.Stance.Evidence...)
	for _, f := range a.Flags {
		s = append(s, f.Kind, f.Span)
	}
	for _, v := range s {
		if err := checkText("analysis", v); err != nil {
			return err
		}
	}
	return nil
}

// analysisJSON is the analysis as stored, or an error wrapping ErrInvalid
// (a NaN or infinite number).
func analysisJSON(a sentiment.Analysis) (string, error) {
	b, err := json.Marshal(a)
	if err != nil {
		return "", fmt.Errorf("analysis: %v: %w", err, ErrInvalid)
	}
	return string(b), nil
}

// maxSeverity is the highest flag severity of a, 0 without flags.
func maxSeverity(a sentiment.Analysis) float64 {
	m := 0.0
	for _, f := range a.Flags {
		m = max(m, f.Severity)
	}
	return m
}
