package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
)

// TestMain lets the test binary serve as the PNG worker that `serve
// --render-workers` starts: os.Executable is this binary in a test.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == renderWorkerCommand {
		err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	code := m.Run()
	if seedDBPath != "" {
		os.RemoveAll(filepath.Dir(seedDBPath))
	}
	os.Exit(code)
}

var (
	seedDBOnce sync.Once
	seedDBPath string
	seedDBErr  error
)

// seedDB returns a database with the seed story imported, shared by the
// export tests (they only read it).
func seedDB(t *testing.T) string {
	t.Helper()
	seedDBOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tonedesk-export-")
		if err != nil {
			seedDBErr = err
			return
		}
		seedDBPath = filepath.Join(dir, "td.db")
		args := append([]string{"import", "--db", seedDBPath, "--story", storyFile}, seedFiles(t)...)
		if _, stderr, err := runCmd(t, "", args...); err != nil {
			seedDBErr = fmt.Errorf("import: %v\n%s", err, stderr)
		}
	})
	if seedDBErr != nil {
		t.Fatal(seedDBErr)
	}
	return seedDBPath // removed by TestMain
}

func decodeImage(t *testing.T, path string, w, h int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if img.Bounds().Size() != (image.Point{w, h}) {
		t.Errorf("%s is %v, want %dx%d", path, img.Bounds().Size(), w, h)
	}
}

func TestExportChart(t *testing.T) {
	db := seedDB(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		args  []string
		file  string
		check func(t *testing.T, path string)
	}{
		{[]string{"--chart", "tone-by-source", "--format", "png"}, "a.png", func(t *testing.T, p string) { decodeImage(t, p, 1200, 675) }},
		{[]string{"--chart", "tone-by-side-statements", "--preset", "article", "--theme", "dark"}, "b.png", func(t *testing.T, p string) { decodeImage(t, p, 1440, 810) }},
		{[]string{"--chart", "comment-sentiment", "--width", "800", "--height", "800", "--scale", "2"}, "c.png", func(t *testing.T, p string) { decodeImage(t, p, 1600, 1600) }},
		{[]string{"--chart", "side-source-heatmap", "--format", "svg"}, "d.svg", func(t *testing.T, p string) {
			b, _ := os.ReadFile(p)
			d := xml.NewDecoder(bytes.NewReader(b))
			d.Strict = true
			var text strings.Builder
			for {
				tok, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("SVG: %v", err)
				}
				if cd, ok := tok.(xml.CharData); ok {
					text.Write(cd)
				}
			}
			for _, want := range []string{"Side × source", "Dawn", "Source: tonedesk analysis of"} {
				if !strings.Contains(text.String(), want) {
					t.Errorf("SVG lacks %q", want)
				}
			}
		}},
		{[]string{"--chart", "tone-by-source"}, "e.csv", func(t *testing.T, p string) {
			b, _ := os.ReadFile(p)
			rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			if err != nil || len(rows) < 2 || rows[0][0] != "Outlet" {
				t.Errorf("CSV %q (%v)", rows, err)
			}
		}},
		{[]string{"--chart", "tone-by-side-statements", "--format", "txt"}, "f", func(t *testing.T, p string) {
			b, _ := os.ReadFile(p)
			if !strings.Contains(string(b), "averaged") {
				t.Errorf("alt text %q", b)
			}
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			out := filepath.Join(dir, tc.file)
			args := append([]string{"export", "--db", db, "--story", storyID, "--out", out}, tc.args...)
			stdout, stderr, err := runCmd(t, "", args...)
			if err != nil {
				t.Fatalf("export: %v\n%s", err, stderr)
			}
			if !strings.HasPrefix(stdout, "wrote "+out) {
				t.Errorf("stdout %q", stdout)
			}
			tc.check(t, out)
		})
	}
	// To standard output.
	stdout, _, err := runCmd(t, "", "export", "--db", db, "--story", storyID, "--chart", "tone-by-source", "--format", "txt", "--out", "-")
	if err != nil || !strings.HasPrefix(stdout, "Tone by source, mean sentiment") {
		t.Errorf("--out -: %q, %v", stdout, err)
	}
}

// TestExportFilter: --source, --from and --to narrow the charts as the
// story page's filter does, and the subtitles say so. The seeds are one
// Dawn article of 27 Oct and four with no outlet, one of them of 28 Oct.
func TestExportFilter(t *testing.T) {
	db := seedDB(t)
	export := func(args ...string) string {
		t.Helper()
		stdout, stderr, err := runCmd(t, "", append([]string{"export", "--db", db, "--story", storyID, "--out", "-"}, args...)...)
		if err != nil {
			t.Fatalf("export %q: %v\n%s", args, err, stderr)
		}
		return stdout
	}
	csvRows := func(b string) [][]string {
		t.Helper()
		rows, err := csv.NewReader(strings.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	if rows := csvRows(export("--chart", "tone-by-source", "--format", "csv", "--source", "Dawn")); len(rows) != 2 || rows[1][0] != "Dawn" || rows[1][1] != "1" {
		t.Errorf("--source Dawn: %q", rows)
	}
	// '' is the articles with no outlet; the days bound their published day.
	if rows := csvRows(export("--chart", "tone-by-source", "--format", "csv", "--source", "", "--from", "2025-10-28", "--to", "2025-10-28")); len(rows) != 2 || rows[1][0] != "Unknown outlet" || rows[1][1] != "1" {
		t.Errorf("--source '' --from --to: %q", rows)
	}
	if rows := csvRows(export("--chart", "tone-by-source", "--format", "csv", "--source", "Dawn", "--source", "")); len(rows) != 3 {
		t.Errorf("two --source: %q", rows)
	}
	svg := export("--chart", "tone-by-side-statements", "--format", "svg", "--source", "Dawn", "--to", "2025-10-27")
	if !strings.Contains(svg, "Only Dawn; published up to 27") {
		t.Errorf("the SVG does not state the filter")
	}
	if alt := export("--chart", "tone-by-source", "--format", "txt", "--source", "Dawn"); !strings.HasSuffix(alt, "Only Dawn.\n") {
		t.Errorf("alt text %q", alt)
	}
	dir := t.TempDir()
	stdout, stderr, err := runCmd(t, "", "export", "--db", db, "--story", storyID, "--all", "--format", "csv", "--source", "Dawn", "--out", dir)
	if err != nil || !strings.HasPrefix(stdout, "exported 8 files") {
		t.Fatalf("--all --source: %q %v %s", stdout, err, stderr)
	}
	b, _ := os.ReadFile(filepath.Join(dir, storyID+"-tone-by-source.csv"))
	if rows := csvRows(string(b)); len(rows) != 2 || rows[1][0] != "Dawn" {
		t.Errorf("--all --source Dawn: %q", rows)
	}
}

func TestExportAll(t *testing.T) {
	db := seedDB(t)
	dir := filepath.Join(t.TempDir(), "charts")
	stdout, stderr, err := runCmd(t, "", "export", "--db", db, "--story", storyID, "--all", "--out", dir, "--theme", "dark")
	if err != nil {
		t.Fatalf("export --all: %v\n%s", err, stderr)
	}
	// The seeds' comments have no date (no posted time, on undated
	// articles): the timeline has its CSV and alt text but no image.
	if !strings.HasPrefix(stdout, "exported 30 files (8 charts × 4 formats") || !strings.Contains(stdout, "to "+dir) ||
		!strings.Contains(stdout, "skipped 2 with nothing to draw yet: timeline.png, timeline.svg") {
		t.Errorf("summary %q", stdout)
	}
	if stderr != "" {
		t.Errorf("stderr %q: no progress when not on a terminal", stderr)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	var want []string
	for _, c := range []string{"comment-sentiment", "side-source-heatmap", "stance-mix-by-source", "timeline",
		"tone-by-side-readers", "tone-by-side-statements", "tone-by-source", "tone-drivers"} {
		for _, f := range []string{"csv", "txt"} {
			want = append(want, storyID+"-"+c+"."+f)
		}
		if c == "timeline" {
			continue
		}
		for _, f := range []string{"png", "svg"} {
			want = append(want, storyID+"-"+c+"-dark."+f)
		}
	}
	sort.Strings(want)
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("files\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
	decodeImage(t, filepath.Join(dir, storyID+"-tone-by-source-dark.png"), 1200, 675)
}

func TestExportErrors(t *testing.T) {
	db := seedDB(t)
	out := filepath.Join(t.TempDir(), "x.png")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--story", storyID, "--chart", "pie", "--out", out}, 2, `there is no chart "pie"`},
		{[]string{"--story", storyID, "--out", out}, 2, "--chart is required"},
		{[]string{"--chart", "tone-by-source", "--out", out}, 2, "--story is required"},
		{[]string{"--story", storyID, "--chart", "tone-by-source"}, 2, "--out is required"},
		{[]string{"--story", storyID, "--chart", "tone-by-source", "--out", out, "--width", "100"}, 2, "The width must be 200 to 4000 pixels, not 100."},
		{[]string{"--story", storyID, "--chart", "tone-by-source", "--out", out, "--scale", "3"}, 2, "The scale must be 1 or 2, not 3."},
		{[]string{"--story", storyID, "--chart", "tone-by-source", "--out", out, "--format", "gif"}, 2, `there is no format "gif"`},
		{[]string{"--story", storyID, "--all", "--out", "-"}, 2, "--all writes files into a directory"},
		{[]string{"--story", "no-such-story", "--chart", "tone-by-source", "--out", out}, 1, "There is no story with the id “no-such-story”."},
		{[]string{"--story", storyID, "--chart", "tone-by-source", "--out", out, "--from", "27/10/2025"}, 2, "The “from” date must be a day written YYYY-MM-DD (2025-10-28), not “27/10/2025”."},
		{[]string{"--story", storyID, "--chart", "tone-by-source", "--out", out, "--from", "2025-10-28", "--to", "2025-10-27"}, 2, "The “from” date (28 Oct 2025) is after the “to” date (27 Oct 2025)"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, _, err := runCmd(t, "", append([]string{"export", "--db", db}, tc.args...)...)
			if err == nil || exitCode(err) != tc.code || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v (exit %d), want exit %d and %q", err, exitCode(err), tc.code, tc.want)
			}
		})
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed export left a file")
	}
	_, stderr, err := runCmd(t, "", "export", "-h")
	if err != nil || !strings.Contains(stderr, "Usage: tonedesk export") {
		t.Errorf("-h: %v %q", err, stderr)
	}
}

// TestServeChartImages asks the real server for chart files: it draws PNGs
// in worker processes (this binary, see TestMain) by default.
// A CMS fetches them with a read token from 'tonedesk token add'.
func TestServeChartImages(t *testing.T) {
	base, db := startServer(t)
	out, stderr, err := runCmd(t, "", "token", "add", "--db", db, "--name", "cms", "--story", storyID)
	if err != nil {
		t.Fatalf("token add: %v\n%s", err, stderr)
	}
	m := regexp.MustCompile(`read token cms: ([0-9a-f]{64}) `).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("token add printed %q", out)
	}
	token := m[1]
	for _, tc := range []struct {
		path, ctype string
		w, h        int
	}{
		{"/stories/" + storyID + "/charts/tone-by-source.png?scale=2", "image/png", 2400, 1350},
		{"/stories/" + storyID + "/charts/side-source-heatmap.png?preset=article&theme=dark", "image/png", 1440, 810},
		{"/stories/" + storyID + "/charts/tone-by-side-statements.svg", "image/svg+xml; charset=utf-8", 0, 0},
		{"/stories/" + storyID + "/charts/comment-sentiment.csv", "text/csv; charset=utf-8; header=present", 0, 0},
	} {
		sep := "?"
		if strings.Contains(tc.path, "?") {
			sep = "&"
		}
		res, err := http.Get(base + tc.path + sep + "token=" + token)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != tc.ctype {
			t.Errorf("%s: %s %q: %s", tc.path, res.Status, res.Header.Get("Content-Type"), b)
			continue
		}
		if tc.w > 0 {
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil || img.Bounds().Size() != (image.Point{tc.w, tc.h}) {
				t.Errorf("%s: %v %v", tc.path, err, img.Bounds())
			}
		}
	}
}
