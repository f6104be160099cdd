// Package browsertest starts headless Chromium for tests, through chromedp,
// and collects what a page logged. It is shared by the tests of dashboard/web
// and cmd/tonedesk.
//
// When no Chromium is installed the test is skipped with a loud message, or
// fails when the environment says CI=true: CI must run the browser tests.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Browser is one headless Chromium tab with what it logged.
type Browser struct {
	Ctx context.Context

	mu       sync.Mutex
	problems []string
	dialogs  []string
}

// ExecPath returns the Chromium binary to use: $TONEDESK_CHROMIUM, else the
// first of chromium, chromium-browser, google-chrome on PATH, else "".
func ExecPath() string {
	if p := os.Getenv("TONEDESK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts Chromium for t and stops it when t ends. It skips t (fails it
// under CI=true) when Chromium is missing.
func New(t testing.TB) *Browser {
	t.Helper()
	path := ExecPath()
	if path == "" {
		msg := "BROWSER TEST NOT RUN: no Chromium found (install Debian's 'chromium' package or set TONEDESK_CHROMIUM)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip("\n\n*** " + msg + " ***\n")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		// Pages may turn animations off then, so screenshots are stable.
		chromedp.Flag("force-prefers-reduced-motion", true),
		chromedp.Flag("force-device-scale-factor", "1"),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// The first Run starts the browser; it must not carry a timeout.
	if _, err := chromedp.Run(ctx, chromedp.Location()); err != nil {
		t.Fatalf("browsertest: start %s: %v", path, err)
	}

	b := &Browser{Ctx: ctx}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				b.add(&b.problems, m.String())
			}
		}
	}()
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			b.add(&b.dialogs, string(ev.Type)+": "+ev.Message)
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	return b
}

// Step runs actions in the browser with a time limit, failing t on error.
func (b *Browser) Step(t testing.TB, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("browser: %s: %v (%s)", what, err, b)
	}
}

// Eval evaluates a JavaScript expression and returns its value as T.
func Eval[T any](t testing.TB, b *Browser, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("browser: eval %s: %v (%s)", expr, err, b)
	}
	return v
}

func (b *Browser) add(list *[]string, s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	*list = append(*list, s)
}

// Problems returns the console errors and uncaught exceptions seen so far.
func (b *Browser) Problems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.problems...)
}

// Take returns the problems and dialogs seen since the last Take, and
// forgets them: a test with several pages checks each one on its own.
func (b *Browser) Take() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := append(b.problems, b.dialogs...)
	b.problems, b.dialogs = nil, nil
	return out
}

// Dialogs returns the alert, confirm and prompt dialogs pages tried to open.
func (b *Browser) Dialogs() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.dialogs...)
}

// Screenshot saves a full-page PNG as name in $TONEDESK_ARTIFACTS (or the
// test's temporary directory) and returns its path.
func (b *Browser) Screenshot(t testing.TB, name string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, 60*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("browsertest: screenshot: %v", err)
	}
	dir := os.Getenv("TONEDESK_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	t.Logf("screenshot: %s", path)
	return path
}

// String describes the browser state for failure messages.
func (b *Browser) String() string {
	return fmt.Sprintf("problems=%q dialogs=%q", b.Problems(), b.Dialogs())
}
