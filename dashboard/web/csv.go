package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// csvTable is the data behind a chart, as a CSV file writes it: a header
// row, then rows whose cells are text (string), numbers (int, or csvScore
// for a score) or empty (nil).
type csvTable struct {
	Header []string
	Rows   [][]any
}

// csvScore is a score in a CSV: a number, written with up to four decimals
// and an ASCII minus, so that a spreadsheet reads it as a number.
type csvScore float64

// encode writes the table as CSV: UTF-8 without a byte-order mark, a header
// row, CRLF line ends (RFC 4180), fields quoted where they need it.
//
// Formula injection: a spreadsheet runs a cell that starts with =, +, -, @
// (and, in some programs, a tab or carriage return) as a formula, and a
// formula can fetch URLs or run commands. Every text cell (outlet and side
// names come from strangers) that starts with one of them, or with their
// full-width forms, after any leading spaces, gets a leading apostrophe,
// which spreadsheets show as text and do not display. Numbers are written
// by us from float64 and int values and left as they are, so that "-0.41"
// stays a number a spreadsheet can compute with; a number cell can never
// hold text. The header's cells are text and guarded the same way.
func (t csvTable) encode() ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	header := make([]string, len(t.Header))
	for i, h := range t.Header {
		header[i] = csvText(h)
	}
	if err := w.Write(header); err != nil {
		return nil, fmt.Errorf("csv: %w", err)
	}
	row := make([]string, len(t.Header))
	for _, r := range t.Rows {
		if len(r) != len(t.Header) {
			return nil, fmt.Errorf("csv: row of %d cells under a header of %d", len(r), len(t.Header))
		}
		for i, v := range r {
			row[i] = csvCell(v)
		}
		if err := w.Write(row); err != nil {
			return nil, fmt.Errorf("csv: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("csv: %w", err)
	}
	return buf.Bytes(), nil
}

// csvCell writes one cell.
func csvCell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case int:
		return strconv.Itoa(v)
	case csvScore:
		f := float64(v)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return ""
		}
		f = math.Round(f*1e4) / 1e4
		if f == 0 {
			f = 0 // no "-0"
		}
		return strconv.FormatFloat(f, 'f', -1, 64)
	case string:
		return csvText(v)
	}
	return csvText(fmt.Sprint(v))
}

// csvText guards a text cell against formula injection (see encode).
func csvText(s string) string {
	t := strings.TrimLeftFunc(s, func(r rune) bool { return r == ' ' || r == '\u00a0' || r == '\u3000' })
	if t == "" {
		return s
	}
	switch []rune(t)[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠':
		return "'" + s
	}
	if r := []rune(t)[0]; unicode.IsControl(r) {
		return "'" + s
	}
	return s
}
