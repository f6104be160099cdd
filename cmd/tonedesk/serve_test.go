package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/tonedesk/tonedesk/internal/browsertest"
)

const xss = `</script><script>window.__xss=1;alert(1)</script>`

// The user startServer adds, through 'tonedesk user add'.
const (
	testUser     = "ed"
	testPassword = "correct horse battery"
)

// startServer imports the seeds plus a file of hostile text into a fresh
// SQLite database, adds the editor testUser, and serves it through the real
// command, returning its URL and the database.
func startServer(t *testing.T) (base, db string) {
	t.Helper()
	dir := t.TempDir()
	db = filepath.Join(dir, "td.db")
	hostile := filepath.Join(dir, "hostile.jsonl")
	writeFile(t, hostile, fmt.Sprintf(`{"id":"h1","source":%q,"title":%q,"published":"2025-10-29","body":"Pakistan and Afghanistan traded blame. %s","comments":[{"id":"hc1","author":%q,"text":%q},{"id":"hc2","author":"<img src=x onerror=window.__xss=2>","text":"Terrible, shameful failure by both sides <b>really</b>"}]}`+"\n",
		xss, xss, `\u003c/script\u003e`, xss, "Kabul is right "+xss))
	args := append([]string{"import", "--db", db, "--story", storyFile, hostile}, seedFiles(t)...)
	if _, stderr, err := runCmd(t, "", args...); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	if _, stderr, err := runCmd(t, testPassword+"\n", "user", "add", "--db", db, "--name", testUser, "--role", "editor"); err != nil {
		t.Fatalf("user add: %v\n%s", err, stderr)
	}

	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, func(string) string { return "" }, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("serve did not start: %v", err)
	}
	go io.Copy(io.Discard, pr)
	i := strings.Index(line, "http://")
	if i < 0 {
		t.Fatalf("serve printed %q", line)
	}
	return strings.TrimSuffix(strings.TrimSpace(line[i:]), "/"), db
}

// loginClient returns an HTTP client that has logged in to base as name
// through the login form.
func loginClient(t *testing.T, base, name, password string) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar}
	res, err := c.PostForm(base+"/login", url.Values{"name": {name}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Request.URL.Path != "/" {
		t.Fatalf("login: %s at %s", res.Status, res.Request.URL)
	}
	return c
}

// browserLogin opens path in the browser, which leads to the login page,
// and logs in there through the form as testUser.
func browserLogin(t *testing.T, b *browsertest.Browser, base, path string) {
	t.Helper()
	b.Step(t, "log in through the form",
		chromedp.Navigate(base+path),
		chromedp.WaitVisible(`form.login-form`),
		chromedp.SendKeys(`form.login-form input[name="name"]`, testUser, chromedp.NodeVisible),
		chromedp.SendKeys(`form.login-form input[name="password"]`, testPassword, chromedp.NodeVisible),
		chromedp.Click(`form.login-form button[type="submit"]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`nav.site-nav`))
}

func TestServeStoryPageInBrowser(t *testing.T) {
	base, _ := startServer(t)
	if resp, err := http.Get(base + "/stories/" + storyID); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("story page without a session: %v %v", resp.Status, err)
	}
	resp, err := loginClient(t, base, testUser, testPassword).Get(base + "/stories/" + storyID)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("story page: %s\n%s", resp.Status, body)
	}
	if strings.Contains(string(body), "<script>window.__xss") {
		t.Fatal("the hostile text reached the page unescaped")
	}

	b := browsertest.New(t)
	browserLogin(t, b, base, "/stories/"+storyID)
	b.Step(t, "open story page",
		chromedp.WaitVisible(chromedp.ID("chart-tone-by-source")),
		// charts.js marks each chart when ECharts has finished drawing it.
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('[data-chart-ready="true"]').length === 8`),
	)
	for _, id := range []string{"chart-tone-by-source", "chart-comment-sentiment", "chart-tone-by-side-statements", "chart-side-source-heatmap",
		"chart-tone-by-side-readers", "chart-stance-mix-by-source", "chart-timeline", "chart-tone-drivers"} {
		n := browsertest.Eval[int](t, b, fmt.Sprintf(`echarts.getInstanceByDom(document.getElementById(%q)).getOption().series.reduce(function(n, s){ return n + s.data.length }, 0)`, id))
		if n == 0 {
			t.Errorf("%s drew no data", id)
		}
	}
	if got := browsertest.Eval[bool](t, b, `window.__xss !== undefined`); got {
		t.Error("hostile script ran: window.__xss is set")
	}
	text := browsertest.Eval[string](t, b, `document.body.innerText`)
	for _, want := range []string{xss, "Dawn", "Coccinella", "Istanbul Negotiations End Without Resolution"} {
		if !strings.Contains(text, want) {
			t.Errorf("page text lacks %q", want)
		}
	}
	// The seeds' quotes reached the page through import: a row per quote,
	// each linking to its place in the article.
	if n := browsertest.Eval[int](t, b, `document.querySelectorAll('a[href*="#quote-"]').length`); n < 40 {
		t.Errorf("%d quote links on the story page, want the seeds' 48 or so", n)
	}
	b.Screenshot(t, "story-page.png")
	if p := b.Problems(); len(p) > 0 {
		t.Errorf("console errors: %q", p)
	}
	if d := b.Dialogs(); len(d) > 0 {
		t.Errorf("page opened dialogs: %q", d)
	}
}
