package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
	"time"
)

// Meta is what the caller knows about a plain-text article that its text may
// not say: from the import flags (--source, --url, --published) or from a
// sidecar file. Empty fields are unknown. For plain text, a non-empty field
// overrides what the text says; the text fills the rest. See the package
// documentation for the other formats.
type Meta struct {
	Source    string
	URL       string
	Title     string
	Published time.Time
}

// SidecarSuffix is appended to an article file's name to name its sidecar:
// "000.txt" is described by "000.txt.meta.json".
const SidecarSuffix = ".meta.json"

// sidecarKeys are the keys a sidecar may hold.
var sidecarKeys = []string{"published", "source", "title", "url"}

// LoadSidecar reads the sidecar of the article file at articlePath, that is
// articlePath + SidecarSuffix. It returns false and no error when there is
// no sidecar, and an *Error naming the sidecar when it cannot be read or is
// not valid (see ParseMeta).
func LoadSidecar(articlePath string) (Meta, bool, error) {
	path := articlePath + SidecarSuffix
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Meta{}, false, nil
	}
	if err != nil {
		return Meta{}, false, &Error{File: path, Msg: "read sidecar", Err: err}
	}
	defer f.Close()
	m, err := ParseMeta(path, f)
	if err != nil {
		return Meta{}, false, err
	}
	return m, true, nil
}

// ParseMeta reads a sidecar: one JSON object with any of the string keys
// "source", "url", "title" and "published" (RFC 3339 or YYYY-MM-DD). name is
// used in errors. It returns an *Error on invalid JSON or UTF-8, on an
// unknown key, on a value that is not a string and on a bad date.
func ParseMeta(name string, r io.Reader) (Meta, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Meta{}, &Error{File: name, Msg: "read sidecar", Err: err}
	}
	data = bytes.TrimPrefix(data, bom)
	if err := checkBytes(data, 1); err != nil {
		return Meta{}, inFile(name, err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return Meta{}, inFile(name, jsonError(data, 0, err))
	}
	if fields == nil {
		return Meta{}, &Error{File: name, Msg: "want a JSON object"}
	}
	var m Meta
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var v string
		if err := json.Unmarshal(fields[k], &v); err != nil {
			return Meta{}, &Error{File: name, Msg: fmt.Sprintf("%q: want a string", k)}
		}
		v, err := clean(v)
		if err != nil {
			return Meta{}, &Error{File: name, Msg: fmt.Sprintf("%q: %v", k, err)}
		}
		switch k {
		case "source":
			m.Source = v
		case "url":
			m.URL = v
		case "title":
			m.Title = v
		case "published":
			t, err := parseTime(v)
			if err != nil {
				return Meta{}, &Error{File: name, Msg: fmt.Sprintf("%q: %v", k, err)}
			}
			m.Published = t
		default:
			return Meta{}, &Error{File: name, Msg: fmt.Sprintf("unknown key %q (want %s)", k, strings.Join(sidecarKeys, ", "))}
		}
	}
	return m, nil
}

// cleanMeta trims m's strings and checks them as clean does.
func cleanMeta(m Meta) (Meta, error) {
	for _, f := range []struct {
		name string
		v    *string
	}{{"source", &m.Source}, {"url", &m.URL}, {"title", &m.Title}} {
		v, err := clean(*f.v)
		if err != nil {
			return Meta{}, errorf(0, "meta %s: %v", f.name, err)
		}
		*f.v = v
	}
	return m, nil
}
