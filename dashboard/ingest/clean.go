package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tonedesk/tonedesk/dashboard"
)

// bom is the UTF-8 byte order mark some editors (and Excel) write first.
var bom = []byte("\uFEFF")

// normalizeNewlines turns CRLF and lone CR into LF.
func normalizeNewlines(b []byte) []byte {
	if bytes.IndexByte(b, '\r') < 0 {
		return b
	}
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
}

// lineAt returns the 1-based line of byte offset off in b.
func lineAt(b []byte, off int) int {
	if off > len(b) {
		off = len(b)
	}
	if off < 0 {
		off = 0
	}
	return 1 + bytes.Count(b[:off], []byte("\n"))
}

// badByte returns the offset of the first invalid UTF-8 sequence or NUL in
// b and what is wrong there, or -1 when b is clean.
func badByte(b []byte) (int, string) {
	for i := 0; i < len(b); {
		c := b[i]
		if c == 0 {
			return i, "NUL byte"
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i, "invalid UTF-8"
		}
		i += n
	}
	return -1, ""
}

// checkBytes returns an *Error at the line of the first invalid UTF-8
// sequence or NUL byte in b; line0 is the line b starts on.
func checkBytes(b []byte, line0 int) error {
	off, what := badByte(b)
	if off < 0 {
		return nil
	}
	return errorf(line0+lineAt(b, off)-1, "%s", what)
}

// clean returns s with CRLF and CR turned into LF and surrounding white space
// trimmed. It fails on invalid UTF-8 and on NUL, which PostgreSQL cannot
// store in text.
func clean(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("invalid UTF-8")
	}
	if strings.IndexByte(s, 0) >= 0 {
		return "", fmt.Errorf("NUL character")
	}
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return strings.TrimSpace(s), nil
}

// parseTime reads an RFC 3339 time or a YYYY-MM-DD date (midnight UTC). The
// empty string is the zero time.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("want an RFC 3339 time or a YYYY-MM-DD date, got %q", s)
}

// commentID is the external id of a comment that came without one:
// ContentID(author, text), plus the posted time when it is known.
func commentID(author, text string, posted time.Time) string {
	if posted.IsZero() {
		return dashboard.ContentID(author, text)
	}
	return dashboard.ContentID(author, text, posted.UTC().Format(time.RFC3339Nano))
}

// articleID is an article's external id: its own id, else its URL, else
// ContentID(source, title, body).
func articleID(id, url, source, title, body string) string {
	switch {
	case id != "":
		return id
	case url != "":
		return url
	}
	return dashboard.ContentID(source, title, body)
}
