package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/tonedesk/tonedesk/dashboard"
)

// ParseJSON reads a JSON array of records, or JSON objects one after the
// other (JSON Lines, or pretty-printed objects), as described in the package
// documentation. name is used in errors and as Batch.File. meta.Source and
// meta.Published fill what an article record leaves empty; meta.URL and
// meta.Title must be empty, since a file may hold many articles. It returns
// an *Error at the line where the bad record starts (or, for broken JSON,
// where the syntax error is).
func ParseJSON(name string, r io.Reader, meta Meta) (dashboard.Batch, error) {
	b, err := newBuilder(name, meta)
	if err != nil {
		return dashboard.Batch{}, err
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return dashboard.Batch{}, &Error{File: name, Msg: "read", Err: err}
	}
	data = bytes.TrimPrefix(data, bom)
	if err := checkBytes(data, 1); err != nil {
		return dashboard.Batch{}, inFile(name, err)
	}
	if err := parseJSONData(b, data); err != nil {
		return dashboard.Batch{}, inFile(name, err)
	}
	return b.batch, nil
}

// parseJSONData feeds the records of a JSON array or object stream to b.
func parseJSONData(b *builder, data []byte) error {
	i := skipSpace(data, 0)
	if i == len(data) {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	switch data[i] {
	case '[':
		if _, err := dec.Token(); err != nil {
			return jsonError(data, 0, err)
		}
		for dec.More() {
			start := skipSpace(data, int(dec.InputOffset()))
			if start < len(data) && data[start] == ',' {
				start = skipSpace(data, start+1)
			}
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return jsonError(data, 0, err)
			}
			if err := b.add(raw, lineAt(data, start)); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return jsonError(data, 0, err)
		}
		end := skipSpace(data, int(dec.InputOffset()))
		if end < len(data) {
			return errorf(lineAt(data, end), "data after the JSON array")
		}
		return nil
	case '{':
		for {
			start := skipSpace(data, int(dec.InputOffset()))
			var raw json.RawMessage
			err := dec.Decode(&raw)
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return jsonError(data, 0, err)
			}
			if err := b.add(raw, lineAt(data, start)); err != nil {
				return err
			}
		}
	}
	return errorf(lineAt(data, i), "want a JSON array or JSON objects, got %q", data[i])
}

// ParseJSONL reads JSON Lines: one record (a JSON object) per line, blank
// lines skipped, as described in the package documentation. name is used in
// errors and as Batch.File; meta is used as by ParseJSON. It returns an
// *Error at the line of the first bad record.
func ParseJSONL(name string, r io.Reader, meta Meta) (dashboard.Batch, error) {
	b, err := newBuilder(name, meta)
	if err != nil {
		return dashboard.Batch{}, err
	}
	br := bufio.NewReader(r)
	for n := 1; ; n++ {
		line, rerr := br.ReadBytes('\n')
		if rerr != nil && rerr != io.EOF {
			return dashboard.Batch{}, &Error{File: name, Line: n, Msg: "read", Err: rerr}
		}
		if n == 1 {
			line = bytes.TrimPrefix(line, bom)
		}
		if err := checkBytes(line, n); err != nil {
			return dashboard.Batch{}, inFile(name, err)
		}
		if line = bytes.TrimSpace(line); len(line) > 0 {
			if err := b.add(line, n); err != nil {
				return dashboard.Batch{}, inFile(name, err)
			}
		}
		if rerr == io.EOF {
			return b.batch, nil
		}
	}
}

// skipSpace returns the offset of the first byte at or after i that is not
// JSON white space.
func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// jsonError turns an error from decoding data[base:] into an *Error at the
// line where the problem is.
func jsonError(data []byte, base int, err error) *Error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return &Error{Line: lineAt(data, base+int(syn.Offset)-1), Msg: "invalid JSON: " + trimJSONPrefix(syn.Error())}
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		// jsonError is only called where a value or delimiter is due.
		return &Error{Line: lineAt(data, len(data)), Msg: "invalid JSON: unexpected end of JSON input"}
	case errors.As(err, &typ) && typ.Field == "":
		return &Error{Line: lineAt(data, base), Msg: "want a JSON object, got " + typ.Value}
	}
	return &Error{Line: lineAt(data, base), Msg: trimJSONPrefix(err.Error())}
}

// fieldError describes a decoding error of one record's field.
func fieldError(err error) error {
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		if typ.Field == "" {
			return fmt.Errorf("want a JSON object, got %s", typ.Value)
		}
		return fmt.Errorf("%q: want %s, got %s", typ.Field, jsonKind(typ.Type.Kind().String()), typ.Value)
	}
	return errors.New(trimJSONPrefix(err.Error()))
}

// jsonKind names a Go kind as JSON does.
func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "slice":
		return "an array"
	case "struct", "map":
		return "an object"
	}
	return k
}

// trimJSONPrefix drops the "json: " that encoding/json puts before its
// messages.
func trimJSONPrefix(s string) string { return strings.TrimPrefix(s, "json: ") }

// articleRecord is an article record; nestedComment a comment inside one;
// commentRecord a comment record on its own, naming its article.
type (
	articleRecord struct {
		ID        json.RawMessage `json:"id"`
		Source    string          `json:"source"`
		URL       string          `json:"url"`
		Title     string          `json:"title"`
		Dateline  string          `json:"dateline"`
		Published string          `json:"published"`
		Body      string          `json:"body"`
		Comments  []nestedComment `json:"comments"`
	}
	nestedComment struct {
		ID       json.RawMessage `json:"id"`
		Author   string          `json:"author"`
		Text     string          `json:"text"`
		Posted   string          `json:"posted"`
		ParentID json.RawMessage `json:"parent_id"`
	}
	commentRecord struct {
		nestedComment
		ArticleID json.RawMessage `json:"article_id"`
	}
)

// add decodes one record (a JSON object) starting at line and adds it to the
// batch: an article when it has "body", a comment when it has "article_id".
func (b *builder) add(raw []byte, line int) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return jsonError(raw, 0, err).at(line)
	}
	if fields == nil {
		return errorf(line, "want a JSON object, got null")
	}
	_, isArticle := fields["body"]
	_, isComment := fields["article_id"]
	switch {
	case isArticle && isComment:
		return errorf(line, `record has both "body" (article) and "article_id" (comment)`)
	case isArticle:
		var rec articleRecord
		if err := checkArticleKeys(fields); err != nil {
			return errorf(line, "article: %v", err)
		}
		if err := strictDecode(raw, &rec); err != nil {
			return errorf(line, "article: %v", err)
		}
		a, err := rec.article(b.meta)
		if err != nil {
			return errorf(line, "article: %v", err)
		}
		return b.addArticle(a, line)
	case isComment:
		var rec commentRecord
		if err := checkKeys(fields, commentKeys); err != nil {
			return errorf(line, "comment: %v", err)
		}
		if err := strictDecode(raw, &rec); err != nil {
			return errorf(line, "comment: %v", err)
		}
		articleID, err := idString(rec.ArticleID, "article_id")
		if err == nil && articleID == "" {
			err = errors.New(`empty "article_id"`)
		}
		if err != nil {
			return errorf(line, "comment: %v", err)
		}
		c, err := rec.comment(articleID)
		if err != nil {
			return errorf(line, "comment: %v", err)
		}
		return b.addComment(c, line)
	}
	return errorf(line, `record is neither an article (no "body") nor a comment (no "article_id")`)
}

// at returns e moved to line when the decoded text was one line.
func (e *Error) at(line int) *Error {
	e.Line = line
	return e
}

// The keys of each kind of record. encoding/json matches keys without
// regard to case; checkKeys does not.
var (
	articleKeys       = keySet("id", "source", "url", "title", "dateline", "published", "body", "comments")
	nestedCommentKeys = keySet("id", "author", "text", "posted", "parent_id")
	commentKeys       = keySet("id", "article_id", "author", "text", "posted", "parent_id")
)

// keySet returns a set of keys.
func keySet(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// checkKeys fails on the first key of fields, in sorted order, that is not
// in allowed.
func checkKeys(fields map[string]json.RawMessage, allowed map[string]bool) error {
	var bad []string
	for k := range fields {
		if !allowed[k] {
			bad = append(bad, k)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	slices.Sort(bad)
	return fmt.Errorf("unknown field %q", bad[0])
}

// checkArticleKeys checks the keys of an article record and of its nested
// comments.
func checkArticleKeys(fields map[string]json.RawMessage) error {
	if err := checkKeys(fields, articleKeys); err != nil {
		return err
	}
	var comments []map[string]json.RawMessage
	if json.Unmarshal(fields["comments"], &comments) != nil {
		return nil // not an array of objects: strictDecode says so
	}
	for i, c := range comments {
		if err := checkKeys(c, nestedCommentKeys); err != nil {
			return fmt.Errorf("comments[%d]: %v", i, err)
		}
	}
	return nil
}

// strictDecode decodes one JSON object into v, failing on unknown fields.
func strictDecode(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fieldError(err)
	}
	return nil
}

// idString reads an id field: a string or a number (kept as written); null
// or absent is "".
func idString(raw json.RawMessage, field string) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	switch c := raw[0]; {
	case c == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("%q: %v", field, fieldError(err))
		}
		s, err := clean(s)
		if err != nil {
			return "", fmt.Errorf("%q: %v", field, err)
		}
		return s, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return string(raw), nil
	}
	return "", fmt.Errorf("%q: want a string or a number, got %s", field, raw)
}

// cleanFields cleans each named string in place (see clean).
func cleanFields(fields map[string]*string) error {
	for name, p := range fields {
		v, err := clean(*p)
		if err != nil {
			return fmt.Errorf("%q: %v", name, err)
		}
		*p = v
	}
	return nil
}

// article converts an article record; meta fills its empty source and
// published time.
func (rec articleRecord) article(meta Meta) (dashboard.Article, error) {
	id, err := idString(rec.ID, "id")
	if err != nil {
		return dashboard.Article{}, err
	}
	if err := cleanFields(map[string]*string{
		"source": &rec.Source, "url": &rec.URL, "title": &rec.Title,
		"dateline": &rec.Dateline, "published": &rec.Published, "body": &rec.Body,
	}); err != nil {
		return dashboard.Article{}, err
	}
	if rec.Body == "" {
		return dashboard.Article{}, errors.New(`empty "body"`)
	}
	published, err := parseTime(rec.Published)
	if err != nil {
		return dashboard.Article{}, fmt.Errorf(`"published": %v`, err)
	}
	a := dashboard.Article{
		Source:    firstNonEmpty(rec.Source, meta.Source),
		URL:       rec.URL,
		Title:     rec.Title,
		Dateline:  rec.Dateline,
		Published: firstNonZero(published, meta.Published),
		Body:      rec.Body,
	}
	a.ExternalID = articleID(id, a.URL, a.Source, a.Title, a.Body)
	for i, nc := range rec.Comments {
		c, err := nc.comment(a.ExternalID)
		if err != nil {
			return dashboard.Article{}, fmt.Errorf("comments[%d]: %v", i, err)
		}
		a.Comments = append(a.Comments, c)
	}
	return a, nil
}

// comment converts a comment record of the article articleID.
func (rec nestedComment) comment(articleID string) (dashboard.Comment, error) {
	id, err := idString(rec.ID, "id")
	if err != nil {
		return dashboard.Comment{}, err
	}
	parent, err := idString(rec.ParentID, "parent_id")
	if err != nil {
		return dashboard.Comment{}, err
	}
	if err := cleanFields(map[string]*string{"author": &rec.Author, "text": &rec.Text, "posted": &rec.Posted}); err != nil {
		return dashboard.Comment{}, err
	}
	return newComment(articleID, id, parent, rec.Author, rec.Text, rec.Posted)
}

// newComment validates and builds a comment from cleaned fields.
func newComment(articleID, id, parent, author, text, posted string) (dashboard.Comment, error) {
	if text == "" {
		return dashboard.Comment{}, errors.New(`empty "text"`)
	}
	t, err := parseTime(posted)
	if err != nil {
		return dashboard.Comment{}, fmt.Errorf(`"posted": %v`, err)
	}
	if id == "" {
		id = commentID(author, text, t)
	}
	if parent != "" && parent == id {
		return dashboard.Comment{}, fmt.Errorf("comment %q is its own parent", id)
	}
	return dashboard.Comment{
		ArticleExternalID: articleID,
		ExternalID:        id,
		ParentExternalID:  parent,
		Author:            author,
		Text:              text,
		Posted:            t,
	}, nil
}
