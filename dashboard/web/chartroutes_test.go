package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/dashboard/web/render"
)

// A HEAD request for a chart image answers the headers a GET would (type,
// ETag, file name) without drawing it: the renderer here is closed, so a
// draw would fail, and the GET does.
func TestChartFileHeadDoesNotDraw(t *testing.T) {
	r, err := render.New(context.Background(), render.Config{Runtimes: 1, CacheDir: renderCache})
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	s, _ := newTestServer(t, Config{Renderer: r}, seedStore())
	h := s.Handler()
	u := chartURL(seedStory, "tone-by-source", "png", "preset=social&download=1")

	req := httptest.NewRequest(http.MethodHead, u, nil)
	req.Header.Set("Cookie", sessionHeader(dashboard.RoleEditor))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("HEAD: status %d: %s", res.StatusCode, rec.Body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "image/png" {
		t.Errorf("HEAD: Content-Type %q", ct)
	}
	if res.Header.Get("ETag") == "" || res.Header.Get("Content-Disposition") != `attachment; filename=istanbul-talks-2025-tone-by-source-1200x630.png` {
		t.Errorf("HEAD: ETag %q, Content-Disposition %q", res.Header.Get("ETag"), res.Header.Get("Content-Disposition"))
	}
	if rec.Body.Len() != 0 {
		t.Errorf("HEAD: %d bytes of body", rec.Body.Len())
	}

	res, _ = get(t, h, u)
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("GET with a closed renderer: status %d, want 503 (so the HEAD above did not draw)", res.StatusCode)
	}
	if res.Header.Get("ETag") != "" || res.Header.Get("Content-Disposition") != "" {
		t.Errorf("a failed GET keeps ETag %q / Content-Disposition %q", res.Header.Get("ETag"), res.Header.Get("Content-Disposition"))
	}
}
