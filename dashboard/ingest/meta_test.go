package ingest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseMeta(t *testing.T) {
	tests := []struct {
		name, in string
		want     Meta
		err      string
	}{
		{"all", `{"source": " Dawn ", "url": "https://www.dawn.com/news/1", "published": "2025-10-27", "title": "Talks stall"}`,
			Meta{Source: "Dawn", URL: "https://www.dawn.com/news/1", Title: "Talks stall", Published: date(2025, 10, 27)}, ""},
		{"time", `{"published": "2025-10-27T08:00:00Z"}`, Meta{Published: time.Date(2025, 10, 27, 8, 0, 0, 0, time.UTC)}, ""},
		{"empty object", `{}`, Meta{}, ""},
		{"unknown key", `{"source": "Dawn", "author": "x"}`, Meta{}, `s.meta.json: unknown key "author" (want published, source, title, url)`},
		{"not a string", `{"source": 1}`, Meta{}, `s.meta.json: "source": want a string`},
		{"bad date", `{"published": "Oct 27"}`, Meta{}, `s.meta.json: "published": want an RFC 3339 time or a YYYY-MM-DD date, got "Oct 27"`},
		{"array", `[]`, Meta{}, `s.meta.json:1: want a JSON object, got array`},
		{"null", `null`, Meta{}, `s.meta.json: want a JSON object`},
		{"broken", "{\n\"source\": \"Dawn\",\n}", Meta{}, `s.meta.json:3: invalid JSON: invalid character '}' looking for beginning of object key string`},
		{"empty", ``, Meta{}, `s.meta.json:1: invalid JSON: unexpected end of JSON input`},
		{"invalid UTF-8", "{\n\"source\": \"\xff\"}", Meta{}, `s.meta.json:2: invalid UTF-8`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMeta("s.meta.json", strings.NewReader(tt.in))
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Errorf("error = %v\nwant    %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Source != tt.want.Source || got.URL != tt.want.URL || got.Title != tt.want.Title || !got.Published.Equal(tt.want.Published) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestLoadSidecar(t *testing.T) {
	dir := t.TempDir()
	article := filepath.Join(dir, "004.txt")
	if _, ok, err := LoadSidecar(article); ok || err != nil {
		t.Errorf("no sidecar: ok %v, err %v", ok, err)
	}
	if err := os.WriteFile(article+".meta.json", []byte(`{"source": "Dawn", "url": "https://www.dawn.com/news/1952817"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	m, ok, err := LoadSidecar(article)
	if !ok || err != nil || m.Source != "Dawn" || m.URL != "https://www.dawn.com/news/1952817" {
		t.Errorf("LoadSidecar = %+v, %v, %v", m, ok, err)
	}
	if err := os.WriteFile(article+".meta.json", []byte(`{"sauce": "Dawn"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, ok, err = LoadSidecar(article)
	if ok || err == nil || !strings.HasPrefix(err.Error(), article+".meta.json: unknown key \"sauce\"") {
		t.Errorf("bad sidecar: ok %v, err %v", ok, err)
	}
	// A directory where the sidecar should be: a read error naming it.
	other := filepath.Join(dir, "005.txt")
	if err := os.Mkdir(other+".meta.json", 0o755); err != nil {
		t.Fatal(err)
	}
	_, _, err = LoadSidecar(other)
	var e *Error
	if !errors.As(err, &e) || e.File != other+".meta.json" {
		t.Errorf("unreadable sidecar: %v", err)
	}
	if errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a directory is not a missing sidecar: %v", err)
	}
}
