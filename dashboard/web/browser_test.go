package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/internal/browsertest"
)

// chartState is what the page says about one chart.
type chartState struct {
	Instance bool `json:"instance"`
	Points   int  `json:"points"`
	Ready    bool `json:"ready"`
}

// storyCharts are the ids of the charts of a story page.
var storyCharts = []string{chartToneBySideStatements, chartToneBySideReaders, chartToneBySource, chartStanceMix,
	chartCommentSentiment, chartTimeline, chartSideSourceHeatmap, chartDrivers}

// TestBrowser loads story pages in Chromium over the real router: every
// chart draws, the quotes table links each statement to its place in the
// article, nothing errs, and none of the hostile strings runs.
func TestBrowser(t *testing.T) {
	b := browsertest.New(t)
	ctx := b.Ctx
	s, _ := newTestServer(t, Config{Renderer: sharedRenderer(t)}, seedStore())
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	browserLogin(t, b, srv.URL, "/stories/hostile", dashboard.RoleEditor)

	for _, tc := range []struct {
		name, story string
		width       int64    // of the viewport; 0 keeps the window's 1280
		visible     []string // text that must show, as text
	}{
		{"hostile", "hostile", 0, []string{xssBreakout, xssInline, xssImg, xssFunc, xssQuote, "Talks " + xssInline, "Headline " + xssBreakout}},
		{"istanbul-talks-2025", "istanbul-talks-2025", 0, []string{"Pakistan–Afghanistan talks, Istanbul, October 2025", "Unknown outlet", "Farah K.",
			"Khawaja Asif", "Geo News", "Unattributed", "Tehrik-e-Taliban Pakistan"}},
		{"istanbul-talks-2025-phone", "istanbul-talks-2025", 390, []string{"Unknown outlet", "Khawaja Asif"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tctx, cancel := context.WithTimeout(ctx, 90*time.Second)
			defer cancel()
			if tc.width > 0 {
				if err := chromedp.Do(tctx, chromedp.EmulateViewport(tc.width, 844, chromedp.EmulateMobile)); err != nil {
					t.Fatal(err)
				}
				defer func() { _ = chromedp.Do(ctx, chromedp.EmulateReset()) }()
			}
			if err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+"/stories/"+tc.story)); err != nil {
				t.Fatalf("navigate: %v", err)
			}
			waitCharts(t, b, tctx, len(storyCharts))

			for _, id := range storyCharts {
				st, err := chromedp.Run(tctx, chromedp.Evaluate[chartState](fmt.Sprintf(`(() => {
					const el = document.getElementById(%q);
					const c = el && echarts.getInstanceByDom(el);
					return {instance: !!c, points: c ? c.getOption().series[0].data.length : 0,
						ready: !!el && el.getAttribute('data-chart-ready') === 'true'};
				})()`, id)))
				if err != nil {
					t.Fatalf("%s: %v", id, err)
				}
				if !st.Instance || st.Points == 0 || !st.Ready {
					t.Errorf("%s did not draw: %+v", id, st)
				}
			}

			// The screenshot first, before any tooltip covers the bars.
			b.Screenshot(t, "story-"+tc.name+".png")

			// A chart made narrow and then wide again is the wide chart
			// again: ECharts does not undo a media rule by itself.
			if tc.width == 0 {
				for _, id := range storyCharts {
					same, err := chromedp.Run(tctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
						const c = echarts.getInstanceByDom(document.getElementById(%q));
						const w = c.getWidth(), before = JSON.stringify(c.getOption());
						c.resize({width: 360}); const narrow = JSON.stringify(c.getOption());
						c.resize({width: w}); const after = JSON.stringify(c.getOption());
						c.resize();
						return (narrow !== before) + " " + (after === before);
					})()`, id)))
					if err != nil {
						t.Fatalf("%s: %v", id, err)
					}
					if same != "true true" {
						t.Errorf("%s: narrow layout applied, wide restored = %q, want \"true true\"", id, same)
					}
				}
			}

			// Hover a mark of each chart, so the tooltips render the names
			// and labels too.
			if err := chromedp.Do(tctx, chromedp.Evaluate[chromedp.Void](`
				for (const [id, series, index] of [['chart-tone-by-source', 0, 0], ['chart-comment-sentiment', 0, 1],
						['chart-tone-by-side-statements', 0, 0], ['chart-side-source-heatmap', 0, 0],
						['chart-tone-by-side-readers', 0, 0], ['chart-stance-mix-by-source', 0, 0],
						['chart-timeline', 0, 0], ['chart-tone-drivers', 0, 0]]) {
					echarts.getInstanceByDom(document.getElementById(id))
						.dispatchAction({type: 'showTip', seriesIndex: series, dataIndex: index});
				}
			`)); err != nil {
				t.Fatalf("showTip: %v", err)
			}

			for _, text := range tc.visible {
				ok, err := chromedp.Run(tctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.body.innerText.includes(%q)`, text)))
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					t.Errorf("%q is not shown as text", text)
				}
			}
			assertNoXSS(t, tctx, 3+len(storyCharts))

			// Each chart has its download menu, and its links give the
			// files: the PNG link an image/png, drawn in the chart's font.
			for _, id := range storyCharts {
				got, err := chromedp.Run(tctx, chromedp.Evaluate[string](fmt.Sprintf(`(async () => {
					const menu = document.querySelector('#%s-figure details.chart-downloads');
					if (!menu) { return 'no menu'; }
					const links = menu.querySelectorAll('a[href]');
					const png = menu.querySelector('a[href$=".png"]');
					const res = await fetch(png.getAttribute('href'));
					const blob = await res.blob();
					return links.length + ' ' + res.status + ' ' + res.headers.get('Content-Type') + ' ' + (blob.size > 1000);
				})()`, id), chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatalf("%s: %v", id, err)
				}
				if want := "14 200 image/png true"; got != want {
					t.Errorf("%s: download menu: %q, want %q (links, status, type, size)", id, got, want)
				}
			}
			if tc.width == 0 {
				// Open the first menu for the screenshot.
				b.Step(t, "open a download menu", chromedp.Click(`details.chart-downloads summary`, chromedp.NodeVisible))
				b.Screenshot(t, "story-"+tc.name+"-downloads.png")
			}
			// The page draws its charts in the embedded font.
			if ok := browsertest.Eval[bool](t, b, `document.fonts.check('13px "Liberation Sans"') && document.fonts.check('bold 18px "Liberation Sans"')`); !ok {
				t.Error("Liberation Sans is not loaded on the page")
			}

			// The quotes table: one row per statement, each linking to its
			// place on its article's page.
			rows := browsertest.Eval[int](t, b, `document.querySelectorAll('.quotes-table tbody tr').length`)
			if want := s.cfg.MaxQuotes; rows == 0 || rows > want {
				t.Errorf("%d rows in the quotes table", rows)
			}
			for _, p := range b.Take() {
				t.Errorf("browser: %s", p)
			}

			// Follow the first statement's link: the article page opens
			// with that statement's <mark> as the target.
			href := browsertest.Eval[string](t, b, `document.querySelector('.quotes-table a.quote-link').getAttribute('href')`)
			b.Step(t, "click the first statement", chromedp.Click(`.quotes-table a.quote-link`, chromedp.NodeVisible))
			if err := chromedp.Do(tctx, chromedp.WaitVisible(`.article-body`)); err != nil {
				t.Fatalf("the article page did not open: %v (%q)", err, b.Take())
			}
			got := browsertest.Eval[string](t, b, `[location.pathname + location.hash,
				(document.querySelector(':target') || {}).tagName,
				(document.querySelector(':target') || {}).id,
				document.querySelectorAll('mark.is-target').length > 0].join(' ')`)
			hash := href[strings.Index(href, "#")+1:]
			if want := href + " MARK " + hash + " true"; got != want {
				t.Errorf("after the click: %q, want %q", got, want)
			}
			b.Screenshot(t, "article-"+tc.name+".png")
			assertNoXSS(t, tctx, 1)
			for _, p := range b.Take() {
				t.Errorf("browser on the article page: %s", p)
			}
		})
	}
}

// TestBrowserFilter uses the story page's filter form once: tick two
// outlets, set the days, apply; the page comes back filtered, its charts
// redraw with the filter in their subtitles, and the download links carry
// it. The screenshot is story-filtered.png.
func TestBrowserFilter(t *testing.T) {
	b := browsertest.New(t)
	ctx, cancel := context.WithTimeout(b.Ctx, 90*time.Second)
	defer cancel()
	s, _ := newTestServer(t, Config{Renderer: sharedRenderer(t)}, seedStore())
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()

	browserLogin(t, b, srv.URL, "/stories/"+seedStory, dashboard.RoleEditor)
	waitCharts(t, b, ctx, len(storyCharts))
	const subtitle = `echarts.getInstanceByDom(document.getElementById('chart-tone-by-source')).getOption().title[0].subtext`
	if got := browsertest.Eval[string](t, b, subtitle); strings.Contains(got, "Only") {
		t.Fatalf("the whole story's subtitle states a filter: %q", got)
	}

	// The articles with no outlet (26 Oct) and Dawn's (27 Oct).
	b.Step(t, "fill in the filter form",
		chromedp.Click(`form.filters input[name="source"][value="Dawn"]`, chromedp.NodeVisible),
		chromedp.Click(`form.filters input[name="source"][value=""]`, chromedp.NodeVisible),
		chromedp.SetValue(`form.filters input[name="from"]`, "2025-10-26"),
		chromedp.SetValue(`form.filters input[name="to"]`, "2025-10-27"),
		chromedp.Click(`form.filters button[type="submit"]`, chromedp.NodeVisible))
	// The Clear link is on the filtered page only.
	if err := chromedp.Do(ctx, chromedp.WaitVisible(`a.clear-filters`)); err != nil {
		t.Fatalf("the filtered page did not open: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](
		fmt.Sprintf(`location.search.includes('source=Dawn') && document.querySelectorAll('[data-chart-ready="true"]').length === %d`, len(storyCharts)),
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("the filtered page did not draw its charts: %v (problems: %q)", err, b.Take())
	}
	const line = "Only Unknown outlet, Dawn; published 26–27 Oct 2025"
	for _, id := range storyCharts {
		got := browsertest.Eval[string](t, b, fmt.Sprintf(
			`echarts.getInstanceByDom(document.getElementById(%q)).getOption().title[0].subtext`, id))
		if !strings.HasSuffix(got, "\n"+line) {
			t.Errorf("%s: subtitle %q, want the filter line %q", id, got, line)
		}
	}
	if got := browsertest.Eval[string](t, b, `document.getElementById('filter-scope').innerText`); !strings.HasPrefix(got,
		"Showing 2 of 5 articles: Unknown outlet, Dawn; published 26–27 Oct 2025 · 6 quoted statements, 5 comments.") {
		t.Errorf("scope line %q", got)
	}
	// The form shows what is applied; the links carry it.
	got := browsertest.Eval[string](t, b, `[
		[...document.querySelectorAll('form.filters input[name="source"]:checked')].map(e => JSON.stringify(e.value)).join(','),
		document.querySelector('form.filters input[name="from"]').value,
		document.querySelector('#chart-tone-by-source-figure a[href$=".csv"], #chart-tone-by-source-figure a[href*=".csv?"]').getAttribute('href'),
	].join(' ')`)
	if want := `"","Dawn" 2025-10-26 /stories/istanbul-talks-2025/charts/tone-by-source.csv?from=2025-10-26&source=&source=Dawn&to=2025-10-27`; got != want {
		t.Errorf("form and link: %q, want %q", got, want)
	}
	b.Screenshot(t, "story-filtered.png")
	assertNoXSS(t, ctx, 3+len(storyCharts))
	for _, p := range b.Take() {
		t.Errorf("browser: %s", p)
	}

	// Clear filters: the whole story again.
	b.Step(t, "clear the filters", chromedp.Click(`a.clear-filters`, chromedp.NodeVisible))
	if err := chromedp.Do(ctx, chromedp.WaitNotPresent(`a.clear-filters`)); err != nil {
		t.Fatalf("clearing the filters: %v", err)
	}
	waitCharts(t, b, ctx, len(storyCharts))
	if got := browsertest.Eval[string](t, b, subtitle); strings.Contains(got, "Only") {
		t.Errorf("after clearing, the subtitle states a filter: %q", got)
	}
}

// waitCharts waits until n charts of the page have finished drawing.
func waitCharts(t *testing.T, b *browsertest.Browser, ctx context.Context, n int) {
	t.Helper()
	// charts.js marks each chart when ECharts has finished drawing it.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](
		fmt.Sprintf(`document.querySelectorAll('[data-chart-ready="true"]').length === %d`, n),
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("the charts did not finish drawing: %v (problems: %q)", err, b.Take())
	}
}

// assertNoXSS checks that the page has only its own scripts (files and
// JSON blocks, scripts in all), no element made from the payloads, and that
// no script set the flag.
func assertNoXSS(t *testing.T, ctx context.Context, scripts int) {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[
		document.querySelectorAll('script').length,
		document.querySelectorAll('script:not([src]):not([type="application/json"])').length,
		document.querySelectorAll('main img').length,
		typeof window.__xss,
	].join(' ')`))
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("%d 0 0 undefined", scripts); got != want {
		t.Errorf("scripts, inline scripts, images, typeof window.__xss = %q, want %q", got, want)
	}
}

// TestBrowserArticlePages loads the hostile articles: statements that are
// payloads, offsets outside the text, overlapping statements and one over a
// line break. Nothing runs, nothing errs, every placed statement's link
// targets its first mark.
func TestBrowserArticlePages(t *testing.T) {
	b := browsertest.New(t)
	ctx := b.Ctx
	st := seedStore()
	s, _ := newTestServer(t, Config{}, st)
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	browserLogin(t, b, srv.URL, "/", dashboard.RoleEditor)

	for _, a := range st.articles["hostile"] {
		t.Run(a.ExternalID, func(t *testing.T) {
			tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
			defer cancel()
			if err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+articleLink("hostile", a.ID))); err != nil {
				t.Fatalf("navigate: %v", err)
			}
			assertNoXSS(t, tctx, 1)
			for _, q := range a.Quotes {
				id := quoteAnchor(q.ID)
				b.Step(t, "go to "+id, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`location.hash = %q`, "#"+id)))
				got := browsertest.Eval[string](t, b, `(() => {
					const el = document.querySelector(':target');
					return el ? el.tagName + ' ' + el.id + ' ' + document.querySelectorAll('mark.is-target').length : 'none';
				})()`)
				pieces := browsertest.Eval[int](t, b, fmt.Sprintf(`document.querySelectorAll('mark[data-quote="%d"]').length`, q.ID))
				_, _, placed := quoteSpan(a.Body, q)
				want := fmt.Sprintf("MARK %s %d", id, pieces)
				if !placed {
					want = "TR " + id + " 0" // its row in the list
				}
				if got != want {
					t.Errorf("#%s: target %q, want %q", id, got, want)
				}
			}
			b.Screenshot(t, "article-hostile-"+a.ExternalID+".png")
			for _, p := range b.Take() {
				t.Errorf("browser: %s", p)
			}
		})
	}
}

// TestBrowserOtherPages loads the index and a 404 page: they render with no
// browser error but the 404 status itself.
func TestBrowserOtherPages(t *testing.T) {
	b := browsertest.New(t)
	ctx := b.Ctx
	s, _ := newTestServer(t, Config{}, seedStore())
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	browserLogin(t, b, srv.URL, "/", dashboard.RoleEditor)

	for _, tc := range []struct {
		name, path, heading string
		problems            int
	}{
		{"index", "/", "Stories", 0},
		{"not-found", "/stories/no-such-story", "Story not found", 1}, // the 404 of the page itself
		{"article-not-found", "/stories/istanbul-talks-2025/articles/999999", "Article not found", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
			defer cancel()
			if err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+tc.path)); err != nil {
				t.Fatalf("navigate: %v", err)
			}
			h1, err := chromedp.Run(tctx, chromedp.Evaluate[string](`document.querySelector('h1').textContent`))
			if err != nil || h1 != tc.heading {
				t.Errorf("h1 %q (err %v), want %q", h1, err, tc.heading)
			}
			b.Screenshot(t, tc.name+".png")
			got := b.Take()
			if len(got) != tc.problems {
				t.Errorf("%d browser problems, want %d: %q", len(got), tc.problems, got)
			}
		})
	}
}

// browserLogin opens path on base without a session, which leads to the
// login page, logs in there as the test user of role through the form, and
// waits until the browser is back at path.
func browserLogin(t *testing.T, b *browsertest.Browser, base, path string, role dashboard.Role) {
	t.Helper()
	b.Step(t, "open "+path+" without a session",
		chromedp.Navigate(base+path),
		chromedp.WaitVisible(`form.login-form`))
	if got := browsertest.Eval[string](t, b, `location.pathname + location.search`); got != "/login?next="+url.QueryEscape(path) {
		t.Fatalf("without a session %s led to %q", path, got)
	}
	b.Step(t, "log in as "+string(role),
		chromedp.SendKeys(`form.login-form input[name="name"]`, string(role), chromedp.NodeVisible),
		chromedp.SendKeys(`form.login-form input[name="password"]`, testPassword(role), chromedp.NodeVisible),
		chromedp.Click(`form.login-form button[type="submit"]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`nav.site-nav`))
	if got := browsertest.Eval[string](t, b, `location.pathname`); got != strings.SplitN(path, "?", 2)[0] {
		t.Fatalf("after logging in the browser is at %q, want %q", got, path)
	}
	if p := b.Take(); len(p) > 0 {
		t.Errorf("browser while logging in: %q", p)
	}
}

// TestBrowserQueue works the moderation queue in Chromium as a moderator:
// the keyboard approves the most severe comment, a bulk action rejects the
// two others; each leaves the queue, and the story's charts count two
// comments fewer. The hostile comment's markup stays text. The screenshot
// is queue.png.
func TestBrowserQueue(t *testing.T) {
	b := browsertest.New(t)
	ctx, cancel := context.WithTimeout(b.Ctx, 120*time.Second)
	defer cancel()
	s, _ := newTestServer(t, Config{Renderer: sharedRenderer(t)}, queueStore(t))
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()

	browserLogin(t, b, srv.URL, "/stories/"+seedStory, dashboard.RoleModerator)
	waitCharts(t, b, ctx, len(storyCharts))
	before := chartComments(t, b)

	b.Step(t, "open the queue", chromedp.Click(`nav.site-nav a[href="/moderation"]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`.queue-item.is-current`))
	if n := browsertest.Eval[int](t, b, `document.querySelectorAll('.queue-item').length`); n != 3 {
		t.Fatalf("%d comments in the queue, want 3", n)
	}
	assertNoXSS(t, ctx, 1)
	if got := browsertest.Eval[string](t, b, `[...document.querySelectorAll('.queue-item')[0].querySelectorAll('mark.flag-span')].map(m => m.textContent).join('|')`); got != "hurt you|<b>idiot</b>" {
		t.Errorf("marks of the first comment: %q", got)
	}
	b.Screenshot(t, "queue.png")

	// j moves down, k back up; a approves the current one.
	first := browsertest.Eval[string](t, b, `document.querySelector('.queue-item').id`)
	b.Step(t, "j", chromedp.KeyEvent("j"))
	if got := browsertest.Eval[string](t, b, `document.querySelector('.queue-item.is-current').id`); got == first {
		t.Error("j did not move to the next comment")
	}
	b.Step(t, "k, a", chromedp.KeyEvent("k"), chromedp.KeyEvent("a"), chromedp.WaitVisible(`#queue-done`))
	if got := browsertest.Eval[string](t, b, `document.getElementById('queue-done').innerText + ' ' + document.querySelectorAll('.queue-item').length + ' ' + !!document.getElementById(`+fmt.Sprintf("%q", first)+`)`); got != "Approved 1 comment. 2 false" {
		t.Errorf("after approving with a: %q", got)
	}

	// Tick both that are left (x, j, x) and reject them at once.
	b.Step(t, "tick and bulk reject", chromedp.KeyEvent("x"), chromedp.KeyEvent("j"), chromedp.KeyEvent("x"),
		chromedp.Click(`button.bulk-reject`, chromedp.NodeVisible),
		chromedp.WaitNotPresent(`.queue-item`), chromedp.WaitVisible(`#queue-done`))
	if got := browsertest.Eval[string](t, b, `document.getElementById('queue-done').innerText + ' ' + document.querySelectorAll('.queue-item').length + ' ' + document.getElementById('queue-scope').innerText`); got != "Rejected 2 comments. 0 No flagged comments wait." {
		t.Errorf("after the bulk reject: %q", got)
	}
	b.Screenshot(t, "queue-empty.png")

	// The rejected comments left the charts.
	b.Step(t, "open the story", chromedp.Navigate(srv.URL+"/stories/"+seedStory))
	waitCharts(t, b, ctx, len(storyCharts))
	if after := chartComments(t, b); after != before-2 {
		t.Errorf("the charts count %d comments, before the queue %d: want 2 fewer", after, before)
	}
	for _, p := range b.Take() {
		t.Errorf("browser: %s", p)
	}
}

// chartComments is the number of comments the story page's charts count,
// from the caption of the histogram of comment sentiment.
func chartComments(t *testing.T, b *browsertest.Browser) int {
	t.Helper()
	return browsertest.Eval[int](t, b, `Number((document.querySelector('#chart-comment-sentiment-figure figcaption').innerText.match(/analysis of (\d+) comments?/) || [0, -1])[1])`)
}

// TestBrowserAdminUsers adds an editor through /admin/users in Chromium
// as the admin, reads the generated password off the page, logs out and
// logs in as the new editor, who sees no admin page. The screenshots are
// admin-users-password.png and admin-users.png.
func TestBrowserAdminUsers(t *testing.T) {
	b := browsertest.New(t)
	ctx, cancel := context.WithTimeout(b.Ctx, 90*time.Second)
	defer cancel()
	s, _ := newTestServer(t, Config{}, seedStore())
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()

	browserLogin(t, b, srv.URL, "/", dashboard.RoleAdmin)
	b.Step(t, "open Users", chromedp.Click(`nav.site-nav a[href="/admin/users"]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`form.add-user-form`))
	b.Step(t, "add an editor",
		chromedp.SendKeys(`form.add-user-form input[name="name"]`, "newsdesk", chromedp.NodeVisible),
		chromedp.SetValue(`form.add-user-form select[name="role"]`, "editor"),
		chromedp.Click(`form.add-user-form button[type="submit"]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`input.secret`))
	password := browsertest.Eval[string](t, b, `document.querySelector('input.secret').value`)
	if len(password) != 24 {
		t.Fatalf("the page shows the password %q", password)
	}
	b.Screenshot(t, "admin-users-password.png")

	b.Step(t, "back to the users", chromedp.Click(`main a[href="/admin/users"]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`form.add-user-form`))
	got := browsertest.Eval[string](t, b, `[...document.querySelectorAll('.users-table tbody tr')].map(r =>
		r.querySelector('.user-name').innerText + ':' + r.querySelector('.user-role').innerText).join(' ')`)
	if got != "admin (you):admin editor:editor moderator:moderator newsdesk:editor" {
		t.Errorf("the users: %q", got)
	}
	if browsertest.Eval[bool](t, b, `document.body.innerHTML.includes(`+fmt.Sprintf("%q", password)+`)`) {
		t.Error("the list shows the password")
	}
	b.Screenshot(t, "admin-users.png")

	b.Step(t, "log out", chromedp.Click(`form.logout button`, chromedp.NodeVisible), chromedp.WaitVisible(`form.login-form`))
	b.Step(t, "log in as newsdesk",
		chromedp.SendKeys(`form.login-form input[name="name"]`, "newsdesk", chromedp.NodeVisible),
		chromedp.SendKeys(`form.login-form input[name="password"]`, password, chromedp.NodeVisible),
		chromedp.Click(`form.login-form button[type="submit"]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`nav.site-nav`))
	if got := browsertest.Eval[string](t, b, `document.querySelector('nav.site-nav .who').innerText + ' ' +
		!!document.querySelector('nav.site-nav a[href="/admin/users"]')`); got != "newsdesk (editor) false" {
		t.Errorf("logged in as %q (and a Users link?)", got)
	}
	if _, err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/admin/users")); err != nil {
		t.Fatal(err)
	}
	if h1 := browsertest.Eval[string](t, b, `document.querySelector('h1').textContent`); h1 != "Not allowed" {
		t.Errorf("the editor at /admin/users: %q", h1)
	}
	if got := b.Take(); len(got) != 1 { // the 403 of the page itself
		t.Errorf("browser problems: %q", got)
	}
}
