package browsertest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSeesErrorsAndDialogs checks the harness itself: a page that
// throws and alerts must be reported, or browser tests would pass blind.
func TestBrowserSeesErrorsAndDialogs(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><title>t</title><p id=x>hello</p><script>console.error("boom"); setTimeout(function(){ alert("hi"); throw new Error("kaput") }, 0)</script>`))
	}))
	defer srv.Close()
	b := New(t)
	b.Step(t, "open page", chromedp.Navigate(srv.URL), chromedp.WaitVisible(chromedp.CSS("#x")))
	if got := Eval[string](t, b, `document.getElementById("x").textContent`); got != "hello" {
		t.Fatalf("text = %q", got)
	}
	// Wait (by polling the page, not sleeping) until the timer has run.
	b.Step(t, "wait for timer", chromedp.Poll[chromedp.Void](`document.readyState === "complete"`))
	deadline := 0
	for len(b.Dialogs()) == 0 || len(b.Problems()) < 2 {
		deadline++
		if deadline > 200 {
			t.Fatalf("harness missed events: %s", b)
		}
		Eval[bool](t, b, `true`)
	}
	b.Screenshot(t, "browsertest-harness.png")
}
