package ingest

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tonedesk/tonedesk/dashboard"
)

// update rewrites the golden files: go test ./dashboard/ingest -update
var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// seedDir holds the seed articles of the repository.
const seedDir = "../../testdata/seeds"

// seedFiles returns the seed article paths.
func seedFiles(t testing.TB) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no seeds in %s", seedDir)
	}
	return paths
}

// parseSeed parses the seed whose file name starts with prefix ("002").
func parseSeed(t *testing.T, prefix string) dashboard.Article {
	t.Helper()
	for _, p := range seedFiles(t) {
		if strings.HasPrefix(filepath.Base(p), prefix) {
			b := parseFile(t, p)
			if len(b.Articles) != 1 {
				t.Fatalf("%s: %d articles, want 1", p, len(b.Articles))
			}
			return b.Articles[0]
		}
	}
	t.Fatalf("no seed %s*", prefix)
	return dashboard.Article{}
}

// parseFile parses path with Parse, naming the batch by its base name.
func parseFile(t *testing.T, path string) dashboard.Batch {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := Parse(filepath.Base(path), f, "", Meta{})
	if err != nil {
		t.Fatalf("Parse(%s): %v", path, err)
	}
	return b
}

// marshal returns the indented JSON of v, without HTML escaping.
func marshal(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// compareGolden compares got with testdata/golden/name, or rewrites it
// with -update.
func compareGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff.\ngot:\n%s", path, got)
	}
}

func TestSeedsGolden(t *testing.T) {
	for _, p := range seedFiles(t) {
		name := strings.TrimSuffix(filepath.Base(p), ".txt")
		t.Run(name, func(t *testing.T) {
			compareGolden(t, name+".json", marshal(t, parseFile(t, p)))
		})
	}
}
