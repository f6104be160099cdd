package web

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tonedesk/tonedesk/assets"
	"github.com/tonedesk/tonedesk/dashboard"
)

// newTestServer returns the dashboard over st and the buffer its log goes to.
func newTestServer(t *testing.T, cfg Config, st dashboard.Store) (*Server, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	s, err := New(cfg, st, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s, logs
}

// syncBuffer is a bytes.Buffer safe for the log of concurrent requests.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// get sends a GET through the real router and returns the response and
// body. The request carries the session of the test editor (see
// fakeAccounts) unless header sets a Cookie of its own.
func get(t *testing.T, h http.Handler, target string, header ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("Cookie", sessionHeader(dashboard.RoleEditor))
	return do(t, h, req, header...)
}

// do sets header's name/value pairs on req, sends it through h and returns
// the response and body.
func do(t *testing.T, h http.Handler, req *http.Request, header ...string) (*http.Response, string) {
	t.Helper()
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(body)
}

func TestNewRejectsNilStore(t *testing.T) {
	if _, err := New(Config{}, nil, nil); err == nil {
		t.Fatal("New with a nil store: no error")
	}
}

func TestEveryPageRenders(t *testing.T) {
	s, _ := newTestServer(t, Config{}, seedStore())
	for _, tc := range []struct {
		target string
		status int
		want   []string
		role   dashboard.Role // whose session; "" for the editor's, "-" for none
	}{
		{"/login", 200, []string{"<h1>Log in</h1>", `<form method="post" action="/login" class="login-form">`, `name="next" value="/"`}, "-"},
		{"/moderation", 200, []string{"<h1>Moderation</h1>", `No flagged comments wait.`}, dashboard.RoleModerator},
		{"/audit", 200, []string{"<h1>Audit log</h1>", `<table class="audit-table">`}, dashboard.RoleAdmin},
		{"/admin/users", 200, []string{"<h1>Users</h1>", `<form method="post" action="/admin/users" class="add-user-form inline-form">`}, dashboard.RoleAdmin},
		{"/admin/tokens", 200, []string{"<h1>Tokens</h1>", `<option value="istanbul-talks-2025">`}, dashboard.RoleAdmin},
		{"/", 200, []string{"<h1>Stories</h1>", `href="/stories/istanbul-talks-2025"`, "Pakistan–Afghanistan talks, Istanbul, October 2025",
			"5 articles, 12 quoted statements and 5 comments from 4 outlets and 1 article whose outlet is not given, 26–29 Oct 2025"}, ""},
		{"/stories/istanbul-talks-2025", 200, []string{
			"<h1>Pakistan–Afghanistan talks, Istanbul, October 2025</h1>",
			"Looking at <strong>5 articles, 12 quoted statements and 5 comments from 4 outlets and 1 article whose outlet is not given, 26–29 Oct 2025</strong>",
			`id="chart-tone-by-source"`, `id="chart-comment-sentiment"`,
			`<script type="application/json" id="chart-tone-by-source-option">`,
			"Source: tonedesk analysis of 5 comments and 12 statements from 4 outlets and 1 article whose outlet is not given, 26–29 Oct 2025",
			"Unknown outlet", "Anonymous", "Farah K.", "Credit to Turkey and Qatar",
			`<span class="tone tone-negative">negative</span>`, "−0.64",
			`<a href="https://www.dawn.com/news/1951234" class="original" rel="noopener noreferrer nofollow">`,
		}, ""},
		{"/stories/no-such-story", 404, []string{"Story not found", "There is no story with the id “no-such-story”"}, ""},
		{"/no/such/page", 404, []string{"Page not found"}, ""},
	} {
		t.Run(tc.target, func(t *testing.T) {
			cookie := sessionHeader(cmp.Or(tc.role, dashboard.RoleEditor))
			if tc.role == "-" {
				cookie = ""
			}
			res, body := get(t, s.Handler(), tc.target, "Cookie", cookie)
			if res.StatusCode != tc.status {
				t.Errorf("status %d, want %d", res.StatusCode, tc.status)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("Content-Type %q, want text/html", ct)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			assertSecurityHeaders(t, res)
			assertOwnAssets(t, body)
		})
	}
}

func TestIndexWithoutStories(t *testing.T) {
	s, _ := newTestServer(t, Config{}, newFakeStore())
	res, body := get(t, s.Handler(), "/")
	if res.StatusCode != 200 || !strings.Contains(body, "No stories yet") {
		t.Errorf("status %d, body lacks the empty note:\n%s", res.StatusCode, body)
	}
}

func TestStoryWithoutData(t *testing.T) {
	st := newFakeStore()
	_ = st.PutStory(context.Background(), dashboard.Story{ID: "empty", Title: "Empty story"})
	s, _ := newTestServer(t, Config{}, st)
	res, body := get(t, s.Handler(), "/stories/empty")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, w := range []string{"0 articles, 0 quoted statements and 0 comments from 0 outlets", "No articles yet, so no tone by source.",
		"No comments yet, so no distribution", "No articles yet.", "No comments yet."} {
		if !strings.Contains(body, w) {
			t.Errorf("body lacks %q", w)
		}
	}
	if strings.Contains(body, `type="application/json"`) {
		t.Error("a chart option is written although there is nothing to draw")
	}
}

// assertSecurityHeaders checks the headers every response carries.
func assertSecurityHeaders(t *testing.T, res *http.Response) {
	t.Helper()
	csp := res.Header.Get("Content-Security-Policy")
	for _, w := range []string{"default-src 'none'", "script-src 'self';", "style-src 'self';", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, w) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, w)
		}
	}
	if strings.Contains(csp, "unsafe") {
		t.Errorf("Content-Security-Policy %q allows something unsafe", csp)
	}
	for h, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "same-origin",
		"X-Frame-Options":        "DENY",
	} {
		if got := res.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
}

var attrURL = regexp.MustCompile(`\s(src|href)="([^"]*)"`)

// assertOwnAssets checks that a page loads every script, style and icon
// from tonedesk's hashed static path, and links nowhere else but to its own
// pages and the articles' own addresses.
func assertOwnAssets(t *testing.T, body string) {
	t.Helper()
	hashed := regexp.MustCompile(`^/static/[0-9a-f]{8}/`)
	for _, m := range attrURL.FindAllStringSubmatch(body, -1) {
		attr, u := m[1], html.UnescapeString(m[2])
		switch {
		case attr == "src" && !hashed.MatchString(u):
			t.Errorf("src=%q is not under /static/<hash>/", u)
		case strings.Contains(u, "go-echarts.github.io"), strings.Contains(u, "cdn"):
			t.Errorf("%s=%q points to a CDN", attr, u)
		}
	}
	for _, tag := range regexp.MustCompile(`<(script|link)\b[^>]*>`).FindAllString(body, -1) {
		if strings.Contains(tag, "http") {
			t.Errorf("%s loads from another host", tag)
		}
	}
	// Every absolute URL on the page is an article's link.
	for _, m := range regexp.MustCompile(`https?://[^"'\s<]*`).FindAllStringIndex(body, -1) {
		before := body[max(0, m[0]-10):m[0]]
		if !strings.HasSuffix(before, `<a href="`) {
			t.Errorf("absolute URL %q outside an article link", body[m[0]:m[1]])
		}
	}
}

func TestHostileTextIsEscaped(t *testing.T) {
	s, _ := newTestServer(t, Config{}, seedStore())
	res, body := get(t, s.Handler(), "/stories/hostile")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, bad := range []string{
		"</script><script>alert(1)", "<script>window.__xss", "<img src=x", "onerror=\"window",
		`href="javascript:`, "<!--",
	} {
		if strings.Contains(body, bad) {
			i := strings.Index(body, bad)
			t.Errorf("raw %q in the page: …%s…", bad, body[max(0, i-80):min(len(body), i+80)])
		}
	}
	for _, want := range []string{
		"&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;", // outlet, title, author, comment
		"&lt;script&gt;window.__xss=1&lt;/script&gt;",
		"&lt;img src=x onerror=&#34;window.__xss=1&#34;&gt;",
		"<h1>Talks &lt;script&gt;window.__xss=1&lt;/script&gt;</h1>",
		"Comment &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
		`<td class="author">&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;`,
		xssFunc,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks the escaped text %q", want)
		}
	}

	// The option blocks hold JSON that round-trips the hostile text exactly,
	// with no '<', '>' or '&' byte inside the <script> element.
	for _, id := range []string{chartToneBySource, chartCommentSentiment} {
		raw := optionBlock(t, body, id)
		if strings.ContainsAny(raw, "<>&\u2028\u2029") {
			t.Errorf("%s: option block contains <, >, &, U+2028 or U+2029", id)
		}
		var opt map[string]any
		if err := json.Unmarshal([]byte(raw), &opt); err != nil {
			t.Fatalf("%s: option block is not JSON: %v", id, err)
		}
		if id == chartToneBySource {
			labels := opt["yAxis"].([]any)[0].(map[string]any)["data"].([]any)
			if got := labels[0].(string); got != xssBreakout {
				t.Errorf("first outlet label %q, want the payload as text", got)
			}
			if got := labels[2].(string); got != xssFunc {
				t.Errorf("third outlet label %q, want the __f__ text kept as text", got)
			}
		}
	}
}

// optionBlock returns the text of the JSON data block of a chart.
func optionBlock(t *testing.T, body, id string) string {
	t.Helper()
	open := `<script type="application/json" id="` + id + `-option">`
	i := strings.Index(body, open)
	if i < 0 {
		t.Fatalf("no option block for %s", id)
	}
	rest := body[i+len(open):]
	j := strings.Index(rest, "</script>")
	if j < 0 {
		t.Fatalf("option block of %s is not closed", id)
	}
	return rest[:j]
}

func TestStoryIDIsEscapedOn404(t *testing.T) {
	s, _ := newTestServer(t, Config{}, seedStore())
	res, body := get(t, s.Handler(), "/stories/%3Cscript%3Ewindow.__xss=1%3C%2Fscript%3E")
	if res.StatusCode != 404 {
		t.Fatalf("status %d, want 404", res.StatusCode)
	}
	if strings.Contains(body, "<script>window") {
		t.Error("the story id is written raw into the 404 page")
	}
	if !strings.Contains(body, "“&lt;script&gt;window.__xss=1&lt;/script&gt;”") {
		t.Errorf("the 404 page does not name the id, escaped:\n%s", body)
	}
}

func TestStoreErrorsGiveA500PageAndOneLogLine(t *testing.T) {
	for _, tc := range []struct {
		name    string
		err     error
		panicOn string
		status  int
	}{
		{"error", errors.New("database is locked at /var/lib/secret.db"), "", 500},
		{"panic", nil, "Summary", 500},
		{"not found", dashboard.ErrNotFound, "", 404},
		{"deadline", context.DeadlineExceeded, "", 503},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := seedStore()
			st.err, st.panicOn = tc.err, tc.panicOn
			s, logs := newTestServer(t, Config{}, st)
			res, body := get(t, s.Handler(), "/stories/istanbul-talks-2025")
			if res.StatusCode != tc.status {
				t.Errorf("status %d, want %d", res.StatusCode, tc.status)
			}
			if !strings.Contains(body, "<!doctype html>") {
				t.Errorf("not an HTML page:\n%s", body)
			}
			if strings.Contains(body, "secret.db") || strings.Contains(body, "panics") {
				t.Error("the page shows the internal error")
			}
			assertSecurityHeaders(t, res)
			lines := strings.Count(logs.String(), "msg=request")
			if lines != 1 {
				t.Errorf("%d request log lines, want 1:\n%s", lines, logs.String())
			}
			if tc.status == 500 && !strings.Contains(logs.String(), "level=ERROR") {
				t.Errorf("a 500 is not logged as an error:\n%s", logs.String())
			}
			if tc.panicOn != "" && !strings.Contains(logs.String(), "goroutine") {
				t.Errorf("the panic's stack is not logged:\n%s", logs.String())
			}
		})
	}
}

func TestStanceUsesSideNames(t *testing.T) {
	st := seedStore()
	story := st.stories["istanbul-talks-2025"]
	story.Spec = istanbulSpec
	st.stories[story.ID] = story
	s, _ := newTestServer(t, Config{}, st)
	_, body := get(t, s.Handler(), "/stories/istanbul-talks-2025")
	for _, w := range []string{"Pro Pakistan", "Pro Afghanistan (Taliban government)", "Balanced",
		`Sides: <span class="side"><span class="swatch grp-s0" aria-hidden="true"></span>Pakistan</span> · <span class="side"><span class="swatch grp-s1" aria-hidden="true"></span>Afghanistan (Taliban government)</span>`} {
		if !strings.Contains(body, w) {
			t.Errorf("body lacks %q", w)
		}
	}
}

func TestStanceWithoutStoryFile(t *testing.T) {
	st := seedStore()
	story := st.stories["istanbul-talks-2025"]
	story.Spec = ""
	st.stories[story.ID] = story
	s, _ := newTestServer(t, Config{}, st)
	_, body := get(t, s.Handler(), "/stories/istanbul-talks-2025")
	if !strings.Contains(body, "Pro pakistan") {
		t.Error("without a story file the stance shows the side id")
	}
}

func TestMaxComments(t *testing.T) {
	s, _ := newTestServer(t, Config{MaxComments: 2}, seedStore())
	_, body := get(t, s.Handler(), "/stories/istanbul-talks-2025")
	if !strings.Contains(body, "Showing the first 2 of 5 comments.") {
		t.Error("no note that comments were left out")
	}
	if strings.Contains(body, "Credit to Turkey") {
		t.Error("the third comment is listed")
	}
}

// pagedStore is the fake store with CommentPage, as dashboard/store has it:
// the first limit of the comments the filter counts.
type pagedStore struct{ *fakeStore }

var _ commentPager = pagedStore{}

func (p pagedStore) CommentPage(ctx context.Context, storyID string, f dashboard.Filter, limit int) ([]dashboard.Comment, error) {
	articles, err := p.Articles(ctx, storyID)
	if err != nil {
		return nil, err
	}
	published := map[int64]time.Time{}
	for _, a := range articles {
		published[a.ID] = a.Published
	}
	all, err := p.Comments(ctx, storyID)
	if err != nil {
		return nil, err
	}
	var out []dashboard.Comment
	for _, c := range all {
		if len(out) < limit && f.Match(c.Source, published[c.ArticleID]) && f.MatchComment(c.Moderation) {
			out = append(out, c)
		}
	}
	return out, nil
}

var _ articlePager = pagedStore{}

// ArticlePage returns the first limit of the articles the filter matches.
func (p pagedStore) ArticlePage(ctx context.Context, storyID string, f dashboard.Filter, limit int) ([]dashboard.Article, error) {
	matched, err := p.matched(ctx, storyID, f)
	return matched[:min(limit, len(matched))], err
}

// QuotePage returns the articles the filter matches that hold the first
// limit of their quotes, each with those of its quotes.
func (p pagedStore) QuotePage(ctx context.Context, storyID string, f dashboard.Filter, limit int) ([]dashboard.Article, error) {
	matched, err := p.matched(ctx, storyID, f)
	var out []dashboard.Article
	for _, a := range matched {
		if n := min(limit, len(a.Quotes)); n > 0 {
			a.Quotes = a.Quotes[:n]
			limit -= n
			out = append(out, a)
		}
	}
	return out, err
}

// Outlets counts the articles of each outlet.
func (p pagedStore) Outlets(ctx context.Context, storyID string) (map[string]int, error) {
	all, err := p.Articles(ctx, storyID)
	out := map[string]int{}
	for _, a := range all {
		out[a.Source]++
	}
	return out, err
}

// matched returns the articles the filter matches.
func (p pagedStore) matched(ctx context.Context, storyID string, f dashboard.Filter) ([]dashboard.Article, error) {
	all, err := p.Articles(ctx, storyID)
	var out []dashboard.Article
	for _, a := range all {
		if f.Match(a.Source, a.Published) {
			out = append(out, a)
		}
	}
	return out, err
}

// TestArticlePageSamePage checks that a story page drawn from a store's
// pages of articles and statements is the page drawn from all of its
// articles, and that it says when it lists fewer than there are.
func TestArticlePageSamePage(t *testing.T) {
	for _, cfg := range []Config{{}, {MaxArticles: 1}, {MaxArticles: 2, MaxQuotes: 1}, {MaxQuotes: 2, MaxComments: 1}} {
		for _, query := range []string{"", "?source=Dawn", "?from=2025-10-28", "?source=Nowhere", "?source=Dawn&source=Nowhere"} {
			all, _ := newTestServer(t, cfg, seedStore())
			paged, _ := newTestServer(t, cfg, pagedStore{seedStore()})
			_, want := get(t, all.Handler(), "/stories/istanbul-talks-2025"+query)
			_, got := get(t, paged.Handler(), "/stories/istanbul-talks-2025"+query)
			if got != want {
				t.Errorf("%+v, %q: the page from ArticlePage and QuotePage differs from the page from Articles", cfg, query)
			}
			if query != "" || cfg.MaxArticles == 0 {
				continue
			}
			note := fmt.Sprintf("Showing the first %d of 5 articles.", cfg.MaxArticles)
			if !strings.Contains(got, note) || strings.Count(got, `<tr id="article-`) != cfg.MaxArticles {
				t.Errorf("%+v: no note %q, or not %d article rows", cfg, note, cfg.MaxArticles)
			}
		}
	}
}

// TestCommentPageSamePage checks that a story page drawn from a store's
// comment page is the page drawn from all of its comments.
func TestCommentPageSamePage(t *testing.T) {
	for _, max := range []int{1, 2, 500} {
		for _, query := range []string{"", "?source=Dawn", "?from=2025-10-28", "?source=Nowhere"} {
			all, _ := newTestServer(t, Config{MaxComments: max}, seedStore())
			paged, _ := newTestServer(t, Config{MaxComments: max}, pagedStore{seedStore()})
			_, want := get(t, all.Handler(), "/stories/istanbul-talks-2025"+query)
			_, got := get(t, paged.Handler(), "/stories/istanbul-talks-2025"+query)
			if got != want {
				t.Errorf("MaxComments %d, %q: the page from CommentPage differs from the page from Comments", max, query)
			}
			if max == 1 && query == "" && !strings.Contains(got, "Showing the first 1 of 5 comments.") {
				t.Error("no note that comments were left out")
			}
		}
	}
}

func TestStaticFiles(t *testing.T) {
	s, _ := newTestServer(t, Config{}, seedStore())
	want, err := fs.ReadFile(assets.Static, "static/vendor/echarts/echarts.min.js")
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.static.url("vendor/echarts/echarts.min.js")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^/static/[0-9a-f]{8}/vendor/echarts/echarts\.min\.js$`).MatchString(u) {
		t.Fatalf("url %q", u)
	}

	t.Run("hashed", func(t *testing.T) {
		res, body := get(t, s.Handler(), u)
		if res.StatusCode != 200 || body != string(want) {
			t.Fatalf("status %d, %d bytes; want 200 and the file", res.StatusCode, len(body))
		}
		if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("Cache-Control %q", cc)
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/javascript") {
			t.Errorf("Content-Type %q", ct)
		}
		assertSecurityHeaders(t, res)

		res, _ = get(t, s.Handler(), u, "If-None-Match", res.Header.Get("ETag"))
		if res.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match: status %d, want 304", res.StatusCode)
		}
	})
	t.Run("gzip", func(t *testing.T) {
		res, body := get(t, s.Handler(), u, "Accept-Encoding", "br, gzip")
		if res.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("Content-Encoding %q", res.Header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("gunzipped body differs (err %v)", err)
		}
		if len(body) > len(want)/2 {
			t.Errorf("gzip body %d bytes of %d", len(body), len(want))
		}
		res, _ = get(t, s.Handler(), u, "Accept-Encoding", "gzip;q=0")
		if res.Header.Get("Content-Encoding") != "" {
			t.Error("gzip;q=0 still gets gzip")
		}
	})
	t.Run("stale hash", func(t *testing.T) {
		res, body := get(t, s.Handler(), "/static/00000000/vendor/echarts/echarts.min.js")
		if res.StatusCode != 200 || body != string(want) {
			t.Fatalf("status %d", res.StatusCode)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("Cache-Control %q, want no-cache", cc)
		}
	})
	for _, target := range []string{"/static/00000000/nope.js", "/static/00000000/", "/static/x"} {
		t.Run(target, func(t *testing.T) {
			res, body := get(t, s.Handler(), target)
			if res.StatusCode != 404 || !strings.Contains(body, "Page not found") {
				t.Errorf("status %d; want the 404 page", res.StatusCode)
			}
		})
	}
	t.Run("every file", func(t *testing.T) {
		for name := range s.static.files {
			u, _ := s.static.url(name)
			if res, _ := get(t, s.Handler(), u); res.StatusCode != 200 {
				t.Errorf("%s: status %d", u, res.StatusCode)
			}
		}
		for _, name := range []string{"css/tonedesk.css", "js/charts.js", "img/favicon.svg", "vendor/echarts/LICENSE", "vendor/echarts/NOTICE"} {
			if _, ok := s.static.files[name]; !ok {
				t.Errorf("no static file %s", name)
			}
		}
	})
}

func TestHealthz(t *testing.T) {
	s, _ := newTestServer(t, Config{}, seedStore())
	res, body := get(t, s.Handler(), "/healthz")
	if res.StatusCode != 200 || body != "ok\n" {
		t.Errorf("status %d body %q", res.StatusCode, body)
	}
}

func TestMethodNotAllowed(t *testing.T) {
	s, _ := newTestServer(t, Config{}, seedStore())
	req := httptest.NewRequest(http.MethodPost, "/stories/istanbul-talks-2025", nil)
	req.Header.Set("Cookie", sessionHeader(dashboard.RoleEditor))
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed || !strings.Contains(rec.Body.String(), "Method not allowed") {
		t.Errorf("status %d:\n%s", rec.Code, rec.Body.String())
	}
}

func TestServeShutsDownWhenContextEnds(t *testing.T) {
	s, _ := newTestServer(t, Config{}, seedStore())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.ServeListener(ctx, ln) }()

	res, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("status %d", res.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("ServeListener: %v", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Error("still serving after the context ended")
	}
}

func TestServeBadAddress(t *testing.T) {
	s, _ := newTestServer(t, Config{}, seedStore())
	if err := s.Serve(context.Background(), "127.0.0.1:99999"); err == nil {
		t.Error("Serve on a bad address: no error")
	}
}

func TestOutletsPhrase(t *testing.T) {
	for _, tc := range []struct {
		sources []dashboard.SourceTone
		want    string
	}{
		{nil, "0 outlets"},
		{[]dashboard.SourceTone{{Source: "Dawn", Articles: 2}}, "1 outlet"},
		{[]dashboard.SourceTone{{Source: "", Articles: 4}, {Source: "Dawn", Articles: 1}}, "1 outlet and 4 articles whose outlet is not given"},
		{[]dashboard.SourceTone{{Source: "", Articles: 1}}, "0 outlets and 1 article whose outlet is not given"},
	} {
		if got := outlets(tc.sources); got != tc.want {
			t.Errorf("outlets(%v) = %q, want %q", tc.sources, got, tc.want)
		}
	}
}

func TestLeadWords(t *testing.T) {
	if got := leadWords("  one two\n\nthree four ", 3); got != "one two three …" {
		t.Errorf("got %q", got)
	}
	if got := leadWords("one two", 3); got != "one two" {
		t.Errorf("got %q", got)
	}
	if got := leadWords("• Held under watch\n• Officials share", 3); got != "Held under watch …" {
		t.Errorf("bullets: got %q", got)
	}
	if got := leadWords("— 2025: a year", 2); got != "2025: a …" {
		t.Errorf("dash: got %q", got)
	}
}
