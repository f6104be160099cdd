package web

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tonedesk/tonedesk/dashboard"
)

func TestStaleNote(t *testing.T) {
	for _, tc := range []struct {
		in   dashboard.Staleness
		want string
	}{
		{dashboard.Staleness{}, ""},
		{dashboard.Staleness{Comments: 1}, "1 comment was scored by an older model or story file: run tonedesk rescore"},
		{dashboard.Staleness{Comments: 12}, "12 comments were scored by an older model or story file: run tonedesk rescore"},
		{dashboard.Staleness{Articles: 1, Quotes: 3, Comments: 12},
			"12 comments, 3 quoted statements and 1 article were scored by an older model or story file: run tonedesk rescore"},
	} {
		if got := staleNote(tc.in); got != tc.want {
			t.Errorf("staleNote(%+v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestStoryPageStaleNote renders the story page's content with and
// without stale items.
func TestStoryPageStaleNote(t *testing.T) {
	s, _ := newTestServer(t, Config{}, newFakeStore())
	for _, stale := range []dashboard.Staleness{{}, {Comments: 12}} {
		var buf bytes.Buffer
		p := storyPage{ID: "s", Title: "T", Scope: "everything", Stale: staleNote(stale)}
		if err := s.pages.tmpl["story"].ExecuteTemplate(&buf, "content", p); err != nil {
			t.Fatal(err)
		}
		has := strings.Contains(buf.String(), `<p class="filter-note stale-note" role="status">12 comments were scored by an older model or story file: run tonedesk rescore.</p>`)
		if has != !stale.IsZero() {
			t.Errorf("stale %+v: note shown = %v\n%s", stale, has, buf.String())
		}
	}
}
