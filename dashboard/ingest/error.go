package ingest

import (
	"bytes"
	"fmt"
	"strconv"
)

// Error is a rejected input: the file, the 1-based line where the bad record
// starts (0 when the problem is not on one line) and what is wrong. Err, when
// set, is the underlying cause (a read error, a *csv.ParseError...) and is
// returned by Unwrap.
type Error struct {
	File string
	Line int
	Msg  string
	Err  error
}

// Error returns "file:line: msg", or "file: msg" when Line is 0 ("line N:
// msg" when File is empty), where msg is Msg, then ": " and Err when Err is
// set.
func (e *Error) Error() string {
	var b bytes.Buffer
	b.WriteString(e.File)
	if e.Line > 0 {
		if e.File != "" {
			b.WriteByte(':')
		} else {
			b.WriteString("line ")
		}
		b.WriteString(strconv.Itoa(e.Line))
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Err != nil {
		if e.Msg != "" {
			b.WriteString(": ")
		}
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying cause, or nil.
func (e *Error) Unwrap() error { return e.Err }

// errorf returns an *Error at line (file filled in later by inFile).
func errorf(line int, format string, args ...any) *Error {
	return &Error{Line: line, Msg: fmt.Sprintf(format, args...)}
}

// inFile sets the file name of err when it is an *Error without one, and
// wraps any other error in an *Error for that file.
func inFile(name string, err error) error {
	if err == nil {
		return nil
	}
	if e, ok := err.(*Error); ok {
		if e.File == "" {
			e.File = name
		}
		return e
	}
	return &Error{File: name, Err: err}
}
