package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/dashboard/store"
)

const (
	storyFile = "../../testdata/stories/istanbul-talks-2025.toml"
	storyID   = "istanbul-talks-2025"
)

func seedFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../testdata/seeds/*.txt")
	if err != nil || len(files) != 5 {
		t.Fatalf("seed files: %v %v", files, err)
	}
	return files
}

// runCmd runs the program with args and returns stdout, stderr and the error.
func runCmd(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(string) string { return "" }
	err := run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

func openStore(t *testing.T, dsn string) *store.DB {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func counts(t *testing.T, st dashboard.Store) (articles, comments int) {
	t.Helper()
	sum, err := st.Summary(context.Background(), storyID, dashboard.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return sum.Articles, sum.Comments
}

func TestImportSeeds(t *testing.T) {
	db := filepath.Join(t.TempDir(), "td.db")
	args := append([]string{"import", "--db", db, "--story", storyFile}, seedFiles(t)...)
	out, stderr, err := runCmd(t, "", args...)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "imported 5 articles, 5 comments") {
		t.Errorf("summary = %q", out)
	}

	st := openStore(t, db)
	ctx := context.Background()
	arts, err := st.Articles(ctx, storyID)
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 5 {
		t.Fatalf("got %d articles, want 5", len(arts))
	}
	var dawn *dashboard.Article
	titles := map[int64]string{}
	for i, a := range arts {
		titles[a.ID] = a.Title
		if a.Source == "Dawn" {
			dawn = &arts[i]
		}
	}
	if dawn == nil {
		t.Fatalf("no article with source Dawn among %+v", titles)
	}
	if got := dawn.Published.Format("2006-01-02"); got != "2025-10-27" {
		t.Errorf("Dawn published %s, want 2025-10-27", got)
	}
	comments, err := st.Comments(ctx, storyID)
	if err != nil {
		t.Fatal(err)
	}
	if len(comments) != 5 {
		t.Fatalf("got %d comments, want 5", len(comments))
	}
	for _, c := range comments {
		if titles[c.ArticleID] != "Istanbul Negotiations End Without Resolution" {
			t.Errorf("comment by %s is under %q", c.Author, titles[c.ArticleID])
		}
		if c.Analysis.Sentiment.Label == "" {
			t.Errorf("comment by %s was not analysed", c.Author)
		}
	}

	// Again: nothing new.
	out, stderr, err = runCmd(t, "", args...)
	if err != nil {
		t.Fatalf("second import: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "imported 0 articles, 0 comments") || !strings.Contains(out, "skipped 5 duplicate articles, 5 duplicate comments") {
		t.Errorf("second summary = %q", out)
	}
	if a, c := counts(t, st); a != 5 || c != 5 {
		t.Errorf("after re-import: %d articles, %d comments, want 5 and 5", a, c)
	}
}

func TestImportBadRecordLeavesDatabaseAsItWas(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "td.db")
	good := filepath.Join(dir, "good.jsonl")
	bad := filepath.Join(dir, "bad.jsonl")
	writeFile(t, good, `{"id":"a1","source":"Wire","title":"Talks resume","published":"2025-10-30","body":"Both sides met again.","comments":[{"id":"c1","author":"x","text":"Good news."}]}`+"\n")
	writeFile(t, bad, `{"id":"a2","source":"Wire","title":"Talks stall","body":"No deal.","comments":[{"id":"c2","author":"y","text":"Sad."}]}
{"id":"a3","source":"Wire","title":"Another","body":"Body."}
{"id":"a4","source":"Wire","title":"Broken", "body": 
`)
	_, stderr, err := runCmd(t, "", "import", "--db", db, "--story", storyFile, good, bad)
	if err == nil {
		t.Fatal("import of a malformed file succeeded")
	}
	if exitCode(err) == 0 {
		t.Errorf("exit code 0 for %v", err)
	}
	if !strings.Contains(stderr, "bad.jsonl:3") {
		t.Errorf("stderr does not name bad.jsonl:3:\n%s", stderr)
	}
	st := openStore(t, db)
	if a, c := counts(t, st); a != 1 || c != 1 {
		t.Errorf("got %d articles, %d comments; want only the good file's 1 and 1", a, c)
	}
}

func TestImportNeedsStory(t *testing.T) {
	_, _, err := runCmd(t, "", "import", "--db", filepath.Join(t.TempDir(), "x.db"), "x.txt")
	if err == nil || !strings.Contains(err.Error(), "--story") {
		t.Fatalf("err = %v, want one about --story", err)
	}
}

// TestHelpOnEveryCommand asks every command the usage lists for its -h.
func TestHelpOnEveryCommand(t *testing.T) {
	_, list, _ := strings.Cut(usage, "Commands:\n")
	list, _, _ = strings.Cut(list, "\n\n")
	var cmds []string
	for _, line := range strings.Split(list, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] != "help" {
			cmds = append(cmds, f[0])
		}
	}
	if len(cmds) < 11 {
		t.Fatalf("usage lists %d commands: %q", len(cmds), cmds)
	}
	for _, cmd := range cmds {
		_, stderr, err := runCmd(t, "", cmd, "-h")
		if err != nil {
			t.Errorf("%s -h: %v", cmd, err)
		}
		if !strings.Contains(stderr, "Usage: tonedesk "+cmd) {
			t.Errorf("%s -h printed %q", cmd, stderr)
		}
	}
}

func TestScoreContract(t *testing.T) {
	in := strings.Join([]string{
		`{"id": "c1", "text": "A terrible, shameful failure. I am angry and sad."}`,
		`{"id": "c2", "text": "A wonderful, hopeful breakthrough: I am delighted."}`,
		`not json`,
		`{"text": "no id here"}`,
		`{"id": 7}`,
		`{"id": "c3", "text": ""}`,
	}, "\n")
	out, _, err := runCmd(t, in, "score", "--story", storyFile)
	if err == nil || exitCode(err) != 1 {
		t.Errorf("err = %v, want exit status 1 because lines failed", err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 6 {
		t.Fatalf("got %d output lines, want 6:\n%s", len(lines), out)
	}
	var recs []map[string]any
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("output line is not JSON: %q", l)
		}
		recs = append(recs, m)
	}
	for _, i := range []int{0, 1, 5} {
		r := recs[i]
		if got := keys(r); got != "flags,id,lang,sentiment,stance" {
			t.Errorf("line %d keys = %s", i+1, got)
		}
		s := r["sentiment"].(map[string]any)
		if got := keys(s); got != "confidence,label,score" {
			t.Errorf("line %d sentiment keys = %s", i+1, got)
		}
		if got := keys(r["stance"].(map[string]any)); got != "evidence,label,sides" {
			t.Errorf("line %d stance keys = %s", i+1, got)
		}
		if _, ok := r["flags"].([]any); !ok {
			t.Errorf("line %d flags = %v, want an array", i+1, r["flags"])
		}
	}
	if recs[0]["id"] != "c1" || recs[0]["sentiment"].(map[string]any)["label"] != "negative" {
		t.Errorf("c1 = %v, want negative", recs[0])
	}
	if recs[1]["sentiment"].(map[string]any)["label"] != "positive" {
		t.Errorf("c2 = %v, want positive", recs[1])
	}
	if recs[2]["line"] != 3.0 || recs[2]["error"] == nil || recs[2]["id"] != nil {
		t.Errorf("bad JSON line = %v", recs[2])
	}
	if recs[3]["line"] != 4.0 || !strings.Contains(recs[3]["error"].(string), "id") {
		t.Errorf("line without id = %v", recs[3])
	}
	if recs[4]["id"] != 7.0 || !strings.Contains(recs[4]["error"].(string), "text") {
		t.Errorf("line without text = %v", recs[4])
	}
}

func TestAnalyzeSeeds(t *testing.T) {
	args := append([]string{"analyze", "--story", storyFile}, seedFiles(t)...)
	out, stderr, err := runCmd(t, "", args...)
	if err != nil {
		t.Fatalf("analyze: %v\n%s", err, stderr)
	}
	kinds := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not JSON: %q", l)
		}
		kinds[m["kind"].(string)]++
		if m["kind"] == "comment" && m["author"] == "" {
			t.Errorf("comment without author: %v", m)
		}
	}
	if kinds["article"] != 5 || kinds["comment"] != 5 {
		t.Errorf("kinds = %v, want 5 articles and 5 comments", kinds)
	}
}

func keys(m map[string]any) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return strings.Join(ks, ",")
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
