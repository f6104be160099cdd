package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tonedesk/tonedesk/internal/browsertest"
)

// chartState is what the page says about one chart.
type chartState struct {
	Instance bool `json:"instance"`
	Points   int  `json:"points"`
	Ready    bool `json:"ready"`
}

// TestBrowser loads story pages in Chromium over the real router: both
// charts draw, nothing errs, and none of the hostile strings runs.
func TestBrowser(t *testing.T) {
	b := browsertest.New(t)
	ctx := b.Ctx
	s, _ := newTestServer(t, Config{}, seedStore())
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()

	for _, tc := range []struct {
		name, story string
		width       int64    // of the viewport; 0 keeps the window's 1280
		visible     []string // text that must show, as text
	}{
		{"hostile", "hostile", 0, []string{xssBreakout, xssInline, xssImg, xssFunc, "Talks " + xssInline, "Headline " + xssBreakout}},
		{"istanbul-talks-2025", "istanbul-talks-2025", 0, []string{"Pakistan–Afghanistan talks, Istanbul, October 2025", "Unknown outlet", "Farah K."}},
		{"istanbul-talks-2025-phone", "istanbul-talks-2025", 390, []string{"Unknown outlet"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
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
			// charts.js marks each chart when ECharts has finished drawing it.
			if _, err := chromedp.Run(tctx, chromedp.Poll[bool](
				`document.querySelectorAll('[data-chart-ready="true"]').length === 2`,
				chromedp.WithPollingTimeout(30*time.Second))); err != nil {
				t.Fatalf("the charts did not finish drawing: %v (problems: %q)", err, b.Take())
			}

			for _, id := range []string{chartToneBySource, chartCommentSentiment} {
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

			// Hover a bar of each chart, so the tooltips render the outlet
			// names and bin labels too.
			if err := chromedp.Do(tctx, chromedp.Evaluate[chromedp.Void](`
				echarts.getInstanceByDom(document.getElementById('chart-tone-by-source'))
					.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0});
				echarts.getInstanceByDom(document.getElementById('chart-comment-sentiment'))
					.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 1});
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

			// Only our four script elements (two files, two JSON blocks), no
			// element made from the payloads, and no script set the flag.
			got, err := chromedp.Run(tctx, chromedp.Evaluate[string](`[
				document.querySelectorAll('script').length,
				document.querySelectorAll('script:not([src]):not([type="application/json"])').length,
				document.querySelectorAll('main img').length,
				typeof window.__xss,
			].join(' ')`))
			if err != nil {
				t.Fatal(err)
			}
			if got != "4 0 0 undefined" {
				t.Errorf("scripts, inline scripts, images, typeof window.__xss = %q, want \"4 0 0 undefined\"", got)
			}

			// The flag once more, after the tooltips.
			if xss, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`window.__xss !== undefined`)); err != nil || xss {
				t.Errorf("window.__xss was set (err %v)", err)
			}
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

	for _, tc := range []struct {
		name, path, heading string
		problems            int
	}{
		{"index", "/", "Stories", 0},
		{"not-found", "/stories/no-such-story", "Story not found", 1}, // the 404 of the page itself
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
