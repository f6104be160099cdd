package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tonedesk/tonedesk/dashboard"
)

// csvColumns are the columns a comments CSV may have, in the documented
// order; csvRequired are the ones it must have.
var (
	csvColumns  = []string{"article_id", "id", "author", "text", "posted", "parent_id"}
	csvRequired = []string{"article_id", "text"}
)

// ParseCSV reads comments from CSV with a header row, as described in the
// package documentation. name is used in errors and as Batch.File. It
// returns an *Error at the line of the first bad record (for a CSV syntax
// error, the line where it is), wrapping the *csv.ParseError if there is one.
func ParseCSV(name string, r io.Reader) (dashboard.Batch, error) {
	b, err := newBuilder(name, Meta{})
	if err != nil {
		return dashboard.Batch{}, err
	}
	br := bufio.NewReader(r)
	if p, _ := br.Peek(len(bom)); bytes.Equal(p, bom) {
		br.Discard(len(bom))
	}
	cr := csv.NewReader(br)
	cr.LazyQuotes = false
	header, err := cr.Read()
	if err == io.EOF {
		return dashboard.Batch{}, &Error{File: name, Msg: "empty file: want a header row (" + strings.Join(csvColumns, ",") + ")"}
	}
	if err != nil {
		return dashboard.Batch{}, inFile(name, csvError(cr, header, err))
	}
	col, err := csvHeader(cr, header)
	if err != nil {
		return dashboard.Batch{}, inFile(name, err)
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return b.batch, nil
		}
		if err != nil {
			return dashboard.Batch{}, inFile(name, csvError(cr, rec, err))
		}
		line, _ := cr.FieldPos(0)
		f := make(map[string]string, len(csvColumns))
		for column, i := range col {
			v, err := clean(rec[i])
			if err != nil {
				return dashboard.Batch{}, inFile(name, csvFieldError(cr, rec, i, column, err))
			}
			f[column] = v
		}
		if f["article_id"] == "" {
			return dashboard.Batch{}, inFile(name, errorf(line, `empty "article_id"`))
		}
		c, err := newComment(f["article_id"], f["id"], f["parent_id"], f["author"], f["text"], f["posted"])
		if err != nil {
			return dashboard.Batch{}, inFile(name, errorf(line, "%v", err))
		}
		if err := b.addComment(c, line); err != nil {
			return dashboard.Batch{}, inFile(name, err)
		}
	}
}

// csvHeader maps column names to field indexes, failing on an unknown or
// repeated column or a missing required one.
func csvHeader(cr *csv.Reader, header []string) (map[string]int, error) {
	line, _ := cr.FieldPos(0)
	col := make(map[string]int, len(header))
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		known := false
		for _, c := range csvColumns {
			known = known || c == h
		}
		if !known {
			return nil, errorf(line, "unknown column %q (want %s)", header[i], strings.Join(csvColumns, ", "))
		}
		if _, dup := col[h]; dup {
			return nil, errorf(line, "column %q appears twice", h)
		}
		col[h] = i
	}
	for _, c := range csvRequired {
		if _, ok := col[c]; !ok {
			return nil, errorf(line, "missing column %q (need %s)", c, strings.Join(csvRequired, " and "))
		}
	}
	return col, nil
}

// csvError turns an error from csv.Reader.Read, which returned rec, into
// an *Error at its line wrapping the csv package's error (csv.ErrBareQuote,
// csv.ErrQuote, csv.ErrFieldCount).
func csvError(cr *csv.Reader, rec []string, err error) *Error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return &Error{Msg: "read", Err: err}
	}
	if errors.Is(pe.Err, csv.ErrFieldCount) {
		return &Error{Line: pe.StartLine, Msg: fmt.Sprintf("record has %d fields, the header %d", len(rec), cr.FieldsPerRecord), Err: pe.Err}
	}
	return &Error{Line: pe.Line, Msg: fmt.Sprintf("column %d", pe.Column), Err: pe.Err}
}

// csvFieldError reports a bad field i of rec at the line of the bad byte.
func csvFieldError(cr *csv.Reader, rec []string, i int, name string, err error) *Error {
	line, _ := cr.FieldPos(i)
	if off, _ := badByte([]byte(rec[i])); off >= 0 {
		line += strings.Count(rec[i][:off], "\n")
	}
	return errorf(line, "%q: %v", name, err)
}
