package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/tonedesk/tonedesk/dashboard"
)

// ImportRequest is one batch pushed to the ingest API: the request body in
// one of the formats `tonedesk import` reads, and the metadata its flags
// would give.
type ImportRequest struct {
	// Format is "text", "json", "jsonl", "csv", "disqus", "wxr", or "xml"
	// for a Disqus or WordPress export told apart by its root element.
	Format string
	Body   io.Reader
	// Source, URL and Published are what --source, --url and --published
	// say on the command line: what the batch itself does not.
	Source    string
	URL       string
	Published string
	// Threads are what --thread says: keep only the articles whose URL,
	// title or id contains one of them.
	Threads []string
}

// ImportOutcome is what an import wrote, and what the parser left out on
// purpose (deleted, spam and unapproved comments of an export...), by
// reason.
type ImportOutcome struct {
	Result  dashboard.ImportResult
	Skipped map[string]int
}

// ImportFunc parses, analyses and stores one batch into a story, all or
// nothing, as `tonedesk import` does with one file. It returns a
// *BatchError for a batch it refuses as it stands (nothing is written),
// and any other error for a failure of the server.
type ImportFunc func(ctx context.Context, story dashboard.Story, req ImportRequest) (ImportOutcome, error)

// BatchError is a batch the ingest API refuses: a bad record, at Line
// (1-based; 0 when the problem is not on one line), or a bad parameter.
// Nothing of the batch was written.
type BatchError struct {
	Line int
	Msg  string
}

// Error returns "line N: msg", or msg when Line is 0.
func (e *BatchError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// apiError is an error of the ingest API, answered as JSON:
// {"error": Msg, "line": Line}.
type apiError struct {
	Status int
	Msg    string
	Line   int
	Err    error
}

// Error returns the message, after "line N: " when Line is set, and the
// cause.
func (e *apiError) Error() string {
	msg := e.Msg
	if e.Line > 0 {
		msg = fmt.Sprintf("line %d: %s", e.Line, msg)
	}
	if e.Err == nil {
		return msg
	}
	return msg + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *apiError) Unwrap() error { return e.Err }

// apiErrorsKey marks a request of the API, whose errors are JSON.
const apiErrorsKey = "tonedesk.apiErrors"

// ingestTokenKey is the context key of the request's ingest token.
const ingestTokenKey = "tonedesk.ingestToken"

// maxTokenLen bounds the bearer token read from a header.
const maxTokenLen = 128

// importFormats maps media types of a request body to import formats.
var importFormats = map[string]string{
	"application/json":        "json",
	"application/x-ndjson":    "jsonl",
	"application/jsonl":       "jsonl",
	"application/x-jsonlines": "jsonl",
	"application/jsonlines":   "jsonl",
	"text/csv":                "csv",
	"text/plain":              "text",
	"application/xml":         "xml",
	"text/xml":                "xml",
	"application/rss+xml":     "xml",
}

// formatNames are the values ?format= takes.
var formatNames = map[string]bool{"text": true, "json": true, "jsonl": true, "csv": true, "disqus": true, "wxr": true, "xml": true}

// apiJSON is a middleware that makes the errors of a route JSON.
func apiJSON(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Set(apiErrorsKey, true)
		c.Response().Header().Set("Cache-Control", "no-store")
		return next(c)
	}
}

// ingestAccess is a middleware for the ingest API: the request must carry
// an ingest token as "Authorization: Bearer SECRET" (a session cookie is
// not enough, so no CSRF token is needed: browsers do not send bearer
// tokens by themselves). No token or an unknown one gets 401, a read token
// or an ingest token of another story 403.
func (s *Server) ingestAccess(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		secret, ok := bearerToken(c.Request())
		if !ok {
			h.Set("WWW-Authenticate", `Bearer realm="tonedesk"`)
			return &apiError{Status: http.StatusUnauthorized, Msg: "this address needs an ingest token: Authorization: Bearer TOKEN"}
		}
		// Found by the SHA-256 of the secret, as chartAccess finds a read
		// token: the lookup's timing tells nothing about the secret.
		t, err := s.accounts.TokenByHash(c.Request().Context(), HashToken(secret))
		if errors.Is(err, dashboard.ErrNotFound) {
			h.Set("WWW-Authenticate", `Bearer realm="tonedesk", error="invalid_token"`)
			return &apiError{Status: http.StatusUnauthorized, Msg: "this token is not known: it may have been revoked"}
		}
		if err != nil {
			return fmt.Errorf("ingest token: %w", err)
		}
		if t.Kind != dashboard.TokenIngest {
			return &apiError{Status: http.StatusForbidden, Msg: "this is a read token: the ingest API takes an ingest token ('tonedesk token add --ingest')"}
		}
		if t.StoryID != "" && t.StoryID != storyParam(c) {
			return &apiError{Status: http.StatusForbidden, Msg: "this ingest token is for another story"}
		}
		c.Set(ingestTokenKey, t)
		return next(c)
	}
}

// bearerToken returns the token of an "Authorization: Bearer" header.
func bearerToken(req *http.Request) (string, bool) {
	scheme, tok, ok := strings.Cut(req.Header.Get("Authorization"), " ")
	tok = strings.TrimSpace(tok)
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" || len(tok) > maxTokenLen {
		return "", false
	}
	return tok, true
}

// storyParam returns the story id of the path, unescaped.
func storyParam(c echo.Context) string {
	id := c.Param("id")
	if u, err := url.PathUnescape(id); err == nil {
		return u
	}
	return id
}

// importResponse is the answer to a successful import.
type importResponse struct {
	Story      string         `json:"story"`
	Imported   importCounts   `json:"imported"`
	Duplicates importCounts   `json:"duplicates"`
	Skipped    map[string]int `json:"skipped"`
}

type importCounts struct {
	Articles int  `json:"articles"`
	Comments int  `json:"comments"`
	Quotes   *int `json:"quotes,omitempty"`
}

// handleImport is POST /api/stories/:id/import: it imports the body, one
// batch, into the story, all or nothing, and answers 201 with the counts
// when something was new, 200 when all of it was already stored.
func (s *Server) handleImport(c echo.Context) error {
	req := c.Request()
	ctx := req.Context()
	t, _ := c.Get(ingestTokenKey).(dashboard.Token)
	if s.cfg.Import == nil {
		return &apiError{Status: http.StatusServiceUnavailable, Msg: "this server does not import"}
	}
	id := storyParam(c)
	story, err := s.store.Story(ctx, id)
	if errors.Is(err, dashboard.ErrNotFound) {
		return &apiError{Status: http.StatusNotFound, Msg: fmt.Sprintf("there is no story %q", id)}
	}
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	format, err := importFormat(c)
	if err != nil {
		return err
	}
	if req.ContentLength > s.cfg.MaxImportBytes {
		return tooLarge(s.cfg.MaxImportBytes)
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), req.Body, s.cfg.MaxImportBytes))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return tooLarge(s.cfg.MaxImportBytes)
		}
		return &apiError{Status: http.StatusBadRequest, Msg: "could not read the request body", Err: err}
	}
	q := c.QueryParams()
	out, err := s.cfg.Import(ctx, story, ImportRequest{
		Format: format, Body: bytes.NewReader(body),
		Source: q.Get("source"), URL: q.Get("url"), Published: q.Get("published"),
		Threads: q["thread"],
	})
	if be, ok := errors.AsType[*BatchError](err); ok {
		return &apiError{Status: http.StatusBadRequest, Msg: be.Msg, Line: be.Line}
	}
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	r := out.Result
	if err := s.accounts.Audit(ctx, dashboard.AuditEntry{
		Actor: "token " + t.Name, Action: "import", Target: "story " + story.ID, IP: c.RealIP(),
		Detail: fmt.Sprintf("format=%s bytes=%d articles=%d comments=%d quotes=%d duplicate_articles=%d duplicate_comments=%d skipped=%d",
			format, len(body), r.Articles, r.Comments, r.Quotes, r.DuplicateArticles, r.DuplicateComments, skippedTotal(out.Skipped)),
	}); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	s.log.InfoContext(ctx, "import", "token", t.Name, "story", story.ID, "articles", r.Articles, "comments", r.Comments,
		"duplicate_articles", r.DuplicateArticles, "duplicate_comments", r.DuplicateComments)
	resp := importResponse{
		Story:      story.ID,
		Imported:   importCounts{Articles: r.Articles, Comments: r.Comments, Quotes: &r.Quotes},
		Duplicates: importCounts{Articles: r.DuplicateArticles, Comments: r.DuplicateComments},
		Skipped:    out.Skipped,
	}
	if resp.Skipped == nil {
		resp.Skipped = map[string]int{}
	}
	status := http.StatusOK
	if r.Articles+r.Comments+r.Quotes > 0 {
		status = http.StatusCreated
	}
	return c.JSON(status, resp)
}

// importFormat returns the format of the body: ?format=, else by the
// Content-Type. An unknown one, or a charset other than UTF-8, is 415.
func importFormat(c echo.Context) (string, error) {
	if f := c.QueryParam("format"); f != "" {
		if !formatNames[f] {
			return "", &apiError{Status: http.StatusUnsupportedMediaType, Msg: "format must be one of text, json, jsonl, csv, disqus, wxr, xml"}
		}
		return f, nil
	}
	ct := c.Request().Header.Get("Content-Type")
	if ct == "" {
		return "", &apiError{Status: http.StatusUnsupportedMediaType, Msg: "give a Content-Type (application/json, application/x-ndjson, text/csv, text/plain, application/xml) or ?format="}
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", &apiError{Status: http.StatusUnsupportedMediaType, Msg: "the Content-Type cannot be read"}
	}
	if cs := params["charset"]; cs != "" && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return "", &apiError{Status: http.StatusUnsupportedMediaType, Msg: "the body must be UTF-8"}
	}
	f, ok := importFormats[mt]
	if !ok {
		return "", &apiError{Status: http.StatusUnsupportedMediaType, Msg: "this Content-Type is not an import format: use application/json, application/x-ndjson, text/csv, text/plain or application/xml, or ?format="}
	}
	return f, nil
}

// tooLarge is the 413 of a body over the limit.
func tooLarge(limit int64) error {
	return &apiError{Status: http.StatusRequestEntityTooLarge,
		Msg: fmt.Sprintf("the body is over the limit of %d bytes: split the batch", limit)}
}

func skippedTotal(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// writeAPIError answers an error of the API as JSON. Only apiError texts
// and fixed texts reach the client.
func writeAPIError(c echo.Context, err error) {
	type body struct {
		Error string `json:"error"`
		Line  int    `json:"line,omitempty"`
	}
	if ae, ok := errors.AsType[*apiError](err); ok {
		_ = c.JSON(ae.Status, body{Error: ae.Msg, Line: ae.Line})
		return
	}
	status, _, detail := classify(err)
	if status >= http.StatusInternalServerError {
		detail = "the server failed; nothing was imported and the error has been logged"
	}
	_ = c.JSON(status, body{Error: detail})
}
