package web

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tonedesk/tonedesk/dashboard"
)

// testImporter is an ImportFunc for the web tests: JSON Lines of comments
// ({"id", "article_id", "text"}, text required) on stored articles, with
// the store's duplicates counted by id, as the real importer would.
type testImporter struct {
	st    *fakeStore
	seen  map[string]bool
	calls int
	last  ImportRequest
}

func (ti *testImporter) Import(ctx context.Context, s dashboard.Story, req ImportRequest) (ImportOutcome, error) {
	ti.calls++
	ti.last = req
	var b dashboard.Batch
	var dup int
	sc := bufio.NewScanner(req.Body)
	for n := 1; sc.Scan(); n++ {
		var r struct {
			ID        string `json:"id"`
			ArticleID string `json:"article_id"`
			Text      string `json:"text"`
		}
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		if err := dec.Decode(&r); err != nil || r.Text == "" {
			return ImportOutcome{}, &BatchError{Line: n, Msg: `empty "text"`}
		}
		if ti.seen[r.ID] {
			dup++
			continue
		}
		b.Comments = append(b.Comments, dashboard.Comment{ExternalID: r.ID, ArticleExternalID: r.ArticleID, Text: r.Text})
	}
	res, err := ti.st.Import(ctx, s.ID, b)
	if err != nil {
		return ImportOutcome{}, err
	}
	for _, c := range b.Comments {
		ti.seen[c.ExternalID] = true
	}
	res.DuplicateComments = dup
	return ImportOutcome{Result: res}, nil
}

// Secrets of the tokens newIngestServer adds.
const (
	ingestAll   = "ingest-all-stories"
	ingestOne   = "ingest-istanbul"
	ingestOther = "ingest-hostile"
	readOne     = "read-istanbul"
)

// newIngestServer returns a dashboard over the seeded fake store with an
// ingest API, its importer and its log.
func newIngestServer(t *testing.T, cfg Config) (http.Handler, *fakeStore, *testImporter, *syncBuffer) {
	t.Helper()
	st := seedStore()
	ctx := context.Background()
	for _, tk := range []struct {
		secret string
		t      dashboard.Token
	}{
		{ingestAll, dashboard.Token{Name: "cms", Kind: dashboard.TokenIngest}},
		{ingestOne, dashboard.Token{Name: "cms-istanbul", Kind: dashboard.TokenIngest, StoryID: "istanbul-talks-2025"}},
		{ingestOther, dashboard.Token{Name: "cms-hostile", Kind: dashboard.TokenIngest, StoryID: "hostile"}},
		{readOne, dashboard.Token{Name: "charts", Kind: dashboard.TokenRead, StoryID: "istanbul-talks-2025"}},
	} {
		if _, err := st.AddToken(ctx, tk.t, HashToken(tk.secret)); err != nil {
			t.Fatal(err)
		}
	}
	ti := &testImporter{st: st, seen: map[string]bool{}}
	cfg.Import = ti.Import
	s, logs := newTestServer(t, cfg, st)
	return s.Handler(), st, ti, logs
}

// postImport sends a batch to the ingest API and returns the status and
// the decoded JSON answer.
func postImport(t *testing.T, h http.Handler, target, token, contentType, body string) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s %s: Content-Type %q, want JSON", req.Method, target, ct)
	}
	var out map[string]any
	raw, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s: not JSON: %q", res.Status, raw)
	}
	return res.StatusCode, out
}

const istanbulImport = "/api/stories/istanbul-talks-2025/import"

func TestIngestAPIStatuses(t *testing.T) {
	h, _, ti, _ := newIngestServer(t, Config{MaxImportBytes: 1000})
	const ndjson = "application/x-ndjson"
	good := `{"id":"n1","article_id":"dawn-1","text":"New comment"}` + "\n"
	for _, tc := range []struct {
		name, target, token, ct, body string
		want                          int
		wantErr                       string
	}{
		{"no token", istanbulImport, "", ndjson, good, 401, "ingest token"},
		{"bad token", istanbulImport, "nope", ndjson, good, 401, "not known"},
		{"read token", istanbulImport, readOne, ndjson, good, 403, "read token"},
		{"token of another story", istanbulImport, ingestOther, ndjson, good, 403, "another story"},
		{"unknown story", "/api/stories/nope/import", ingestAll, ndjson, good, 404, "no story"},
		{"unknown story, token of another", "/api/stories/nope/import", ingestOne, ndjson, good, 403, "another story"},
		{"unknown type", istanbulImport, ingestOne, "image/png", good, 415, "Content-Type"},
		{"no type", istanbulImport, ingestOne, "", good, 415, "Content-Type"},
		{"unknown format", istanbulImport + "?format=pdf", ingestOne, ndjson, good, 415, "format"},
		{"not UTF-8", istanbulImport, ingestOne, "text/csv; charset=latin1", good, 415, "UTF-8"},
		{"too large", istanbulImport, ingestOne, ndjson, strings.Repeat(good, 30), 413, "limit"},
		{"bad record", istanbulImport, ingestOne, ndjson, good + `{"id":"n2","article_id":"dawn-1"}` + "\n", 400, "text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := ti.calls
			code, out := postImport(t, h, tc.target, tc.token, tc.ct, tc.body)
			if code != tc.want || !strings.Contains(fmt.Sprint(out["error"]), tc.wantErr) {
				t.Errorf("%d %v, want %d with %q", code, out, tc.want, tc.wantErr)
			}
			if tc.want != 400 && ti.calls != before {
				t.Error("the importer was called")
			}
			if tc.want == 400 && out["line"] != 2.0 {
				t.Errorf("line = %v, want 2", out["line"])
			}
		})
	}
}

func TestIngestAPIImportsOnceAndAudits(t *testing.T) {
	h, st, ti, logs := newIngestServer(t, Config{})
	before := len(st.comments["istanbul-talks-2025"])
	body := `{"id":"n1","article_id":"dawn-1","text":"New comment"}` + "\n" + `{"id":"n2","article_id":"dawn-1","text":"Another"}` + "\n"
	code, out := postImport(t, h, istanbulImport+"?source=Wire&published=2025-10-30", ingestOne, "application/x-ndjson; charset=utf-8", body)
	if code != http.StatusCreated || out["imported"].(map[string]any)["comments"] != 2.0 || out["story"] != "istanbul-talks-2025" {
		t.Fatalf("first import: %d %v\n%s", code, out, logs)
	}
	if ti.last.Format != "jsonl" || ti.last.Source != "Wire" || ti.last.Published != "2025-10-30" {
		t.Errorf("import request %+v", ti.last)
	}
	code, out = postImport(t, h, istanbulImport, ingestAll, "application/jsonl", body)
	if code != http.StatusOK || out["imported"].(map[string]any)["comments"] != 0.0 || out["duplicates"].(map[string]any)["comments"] != 2.0 {
		t.Errorf("same batch again: %d %v", code, out)
	}
	if got := len(st.comments["istanbul-talks-2025"]); got != before+2 {
		t.Errorf("%d comments stored, want %d", got, before+2)
	}
	if got := st.auditActions(); got != "token cms-istanbul:import token cms:import" {
		t.Errorf("audit actions %q", got)
	}
	e := st.acc.audit[len(st.acc.audit)-2]
	if e.Actor != "token cms-istanbul" || e.Target != "story istanbul-talks-2025" || !strings.Contains(e.Detail, "comments=2") {
		t.Errorf("audit entry %+v", e)
	}
	for _, secret := range []string{ingestOne, ingestAll, HashToken(ingestOne)} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the log holds a token: %s", logs.String())
		}
	}
}

func TestIngestAPIFormats(t *testing.T) {
	h, _, ti, _ := newIngestServer(t, Config{})
	for ct, want := range map[string]string{
		"application/json": "json", "application/x-ndjson": "jsonl", "text/csv": "csv",
		"text/plain; charset=UTF-8": "text", "application/xml": "xml", "text/xml": "xml",
	} {
		// The test importer reads JSON Lines only: an error is fine here.
		postImport(t, h, istanbulImport, ingestOne, ct, `{"id":"f","article_id":"dawn-1","text":"x"}`)
		if ti.last.Format != want {
			t.Errorf("%s: format %q, want %q", ct, ti.last.Format, want)
		}
	}
	postImport(t, h, istanbulImport+"?format=wxr", ingestOne, "application/xml", `{"id":"g","article_id":"dawn-1","text":"x"}`)
	if ti.last.Format != "wxr" {
		t.Errorf("?format=wxr: format %q", ti.last.Format)
	}
}

// A comment's hostile text is stored as written and escaped on the page.
func TestIngestAPIHostileTextStoredAsText(t *testing.T) {
	h, st, _, _ := newIngestServer(t, Config{})
	text := "Kabul is right " + xssBreakout + xssImg
	line, _ := json.Marshal(map[string]string{"id": "evil", "article_id": "dawn-1", "text": text})
	if code, out := postImport(t, h, istanbulImport, ingestOne, "application/x-ndjson", string(line)+"\n"); code != http.StatusCreated {
		t.Fatalf("import: %d %v", code, out)
	}
	cs := st.comments["istanbul-talks-2025"]
	if got := cs[len(cs)-1].Text; got != text {
		t.Errorf("stored %q, want %q", got, text)
	}
	res, page := get(t, h, "/stories/istanbul-talks-2025")
	if res.StatusCode != 200 {
		t.Fatalf("story page: %s", res.Status)
	}
	if strings.Contains(page, xssImg) || strings.Contains(page, "<script>alert(1)") {
		t.Error("the story page holds the comment's markup unescaped")
	}
	if !strings.Contains(page, html.EscapeString("Kabul is right")) {
		t.Error("the story page does not list the comment")
	}
}

// An ingest token reads nothing: no chart file, no page; a session is
// no ingest token.
func TestIngestTokenScopes(t *testing.T) {
	h, _, _, _ := newIngestServer(t, Config{})
	res, _ := get(t, h, "/stories/istanbul-talks-2025/charts/tone-by-source.csv?token="+ingestOne, "Cookie", "")
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("chart file with an ingest token: %s", res.Status)
	}
	res, _ = get(t, h, "/stories/istanbul-talks-2025/charts/tone-by-source.csv?token="+readOne, "Cookie", "")
	if res.StatusCode != http.StatusOK {
		t.Errorf("chart file with a read token: %s", res.Status)
	}
	res, _ = get(t, h, "/stories/istanbul-talks-2025", "Cookie", "", "Authorization", "Bearer "+ingestOne, "Accept", "text/plain")
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("story page with an ingest token: %s", res.Status)
	}
	// A browser's session, without a bearer token, cannot import: the
	// route needs no CSRF token because a cookie is not enough.
	req := httptest.NewRequest(http.MethodPost, istanbulImport, strings.NewReader(`{"id":"s","article_id":"dawn-1","text":"x"}`))
	req.Header.Set("Cookie", sessionHeader(dashboard.RoleAdmin))
	req.Header.Set("Content-Type", "application/x-ndjson")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("import with a session only: %d", rec.Code)
	}
}

func TestIngestAPIWithoutImporter(t *testing.T) {
	st := seedStore()
	if _, err := st.AddToken(context.Background(), dashboard.Token{Name: "cms", Kind: dashboard.TokenIngest}, HashToken(ingestAll)); err != nil {
		t.Fatal(err)
	}
	s, _ := newTestServer(t, Config{}, st)
	if code, out := postImport(t, s.Handler(), istanbulImport, ingestAll, "application/x-ndjson", "{}\n"); code != http.StatusServiceUnavailable {
		t.Errorf("%d %v", code, out)
	}
}
