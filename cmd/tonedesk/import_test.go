package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// exportDir holds the Disqus and WXR fixtures of the ingest package.
const exportDir = "../../dashboard/ingest/testdata/xml"

func TestImportExports(t *testing.T) {
	db := filepath.Join(t.TempDir(), "td.db")
	args := []string{"import", "--db", db, "--story", storyFile,
		filepath.Join(exportDir, "disqus.xml"), filepath.Join(exportDir, "wxr.xml")}
	out, stderr, err := runCmd(t, "", args...)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "imported 2 articles, 5 comments") {
		t.Errorf("summary = %q", out)
	}
	const left = `left out of the exports: 2 deleted comments, 2 spam comments, 2 unapproved comments, 1 comment with no text, 1 pingback, 2 comments of a skipped article, 1 deleted thread, 1 thread without comments, 1 unpublished post, 1 page, 1 attachment, 1 item of type "nav_menu_item"`
	if !strings.Contains(out, left+"\n") {
		t.Errorf("summary = %q\nwant the line %q", out, left)
	}

	st := openStore(t, db)
	ctx := context.Background()
	arts, err := st.Articles(ctx, storyID)
	if err != nil {
		t.Fatal(err)
	}
	sources := map[string]string{}
	for _, a := range arts {
		sources[a.URL] = a.Source
	}
	if sources["https://frontier.example/news/2025/10/27/istanbul-talks"] != "" || sources["https://ledger.example/2025/10/28/istanbul-talks-end/"] != "Khyber Ledger" {
		t.Errorf("sources = %v: Disqus names no outlet, WXR its site", sources)
	}
	comments, err := st.Comments(ctx, storyID)
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	for _, c := range comments {
		texts[c.ExternalID] = c.Text
		if c.Analysis.Sentiment.Label == "" {
			t.Errorf("comment %s was not analysed", c.ExternalID)
		}
	}
	if got := texts["wp:ledger.example:502"]; got != `=HYPERLINK("http://evil.example","win") Turkey tried its best.` {
		t.Errorf("hostile comment stored as %q", got)
	}

	// Again: nothing new, and the same things left out.
	out, stderr, err = runCmd(t, "", args...)
	if err != nil {
		t.Fatalf("second import: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "imported 0 articles, 0 comments, 0 quotes from 2 of 2 files; skipped 2 duplicate articles, 5 duplicate comments") || !strings.Contains(out, left) {
		t.Errorf("second summary = %q", out)
	}
	if a, c := counts(t, st); a != 2 || c != 5 {
		t.Errorf("after re-import: %d articles, %d comments, want 2 and 5", a, c)
	}
}

// A Disqus thread's comments go under the article of the same URL when it
// was imported first, with its body, from another format.
func TestImportDisqusJoinsArticleByURL(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "td.db")
	article := filepath.Join(dir, "article.jsonl")
	writeFile(t, article, `{"source":"Frontier Post","url":"https://frontier.example/news/2025/10/27/istanbul-talks","title":"Istanbul talks stall","published":"2025-10-27","body":"Talks between Pakistan and Afghanistan stalled in Istanbul."}`+"\n")
	out, stderr, err := runCmd(t, "", "import", "--db", db, "--story", storyFile, article, filepath.Join(exportDir, "disqus.xml"))
	if err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "imported 1 articles, 3 comments") || !strings.Contains(out, "skipped 1 duplicate articles, 0 duplicate comments") {
		t.Errorf("summary = %q", out)
	}
	st := openStore(t, db)
	arts, err := st.Articles(context.Background(), storyID)
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 1 || arts[0].Source != "Frontier Post" || arts[0].Body == "" {
		t.Errorf("articles = %+v, want the JSON one only", arts)
	}
}

func TestImportBadExportWritesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "td.db")
	data, err := os.ReadFile(filepath.Join(exportDir, "disqus.xml"))
	if err != nil {
		t.Fatal(err)
	}
	// The last post's thread does not exist: the whole file is rejected.
	bad := filepath.Join(dir, "bad.xml")
	i := strings.LastIndex(string(data), `<thread dsq:id="9180001001" />`)
	writeFile(t, bad, string(data[:i])+`<thread dsq:id="404" />`+string(data[i+len(`<thread dsq:id="9180001001" />`):]))
	line := 1 + strings.Count(string(data[:i]), "\n")
	out, stderr, err := runCmd(t, "", "import", "--db", db, "--story", storyFile, "--source", "Frontier Post", bad, filepath.Join(exportDir, "wxr.xml"))
	if err == nil || exitCode(err) == 0 {
		t.Fatalf("import of a bad export: err %v", err)
	}
	want := bad + ":" + strconv.Itoa(line) + `: post "6100000008": thread dsq:id "404" is not in the file (nothing from this file was written)`
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr = %s\nwant %s", stderr, want)
	}
	if !strings.Contains(out, "imported 1 articles, 2 comments, ") || strings.Contains(out, "thread") {
		t.Errorf("summary = %q: only the WXR file's articles and skips", out)
	}
	st := openStore(t, db)
	if a, c := counts(t, st); a != 1 || c != 2 {
		t.Errorf("got %d articles, %d comments; want the WXR file's 1 and 2", a, c)
	}
	arts, err := st.Articles(context.Background(), storyID)
	if err != nil {
		t.Fatal(err)
	}
	if arts[0].Source != "Frontier Post" {
		t.Errorf("--source does not win over the site's name: %q", arts[0].Source)
	}
}

// --thread keeps the articles of a whole-site export that a story wants,
// with their comments, and says what it left out; a text that matches
// nothing rejects the file and writes nothing.
func TestImportThread(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "td.db")
	site := filepath.Join(dir, "site.jsonl")
	writeFile(t, site, `{"id":"a1","source":"Wire","url":"https://wire.example/istanbul-talks","title":"Talks stall","published":"2025-10-27","body":"Talks stalled.","comments":[{"id":"c1","text":"Sad."},{"id":"c2","text":"Expected."}]}
{"id":"a2","source":"Wire","url":"https://wire.example/cricket","title":"Cricket","published":"2025-10-27","body":"A draw.","comments":[{"id":"c3","text":"Boring."}]}
{"id":"c4","article_id":"a2","text":"Rain again."}
`)
	args := []string{"import", "--db", db, "--story", storyFile, "--thread", "Istanbul", "--thread", "no-such-page", site}
	out, stderr, err := runCmd(t, "", args...)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "imported 1 articles, 2 comments") || !strings.Contains(out, "left out of the exports: 2 comments of a skipped article, 1 unselected article\n") {
		t.Errorf("summary = %q", out)
	}
	st := openStore(t, db)
	if a, c := counts(t, st); a != 1 || c != 2 {
		t.Errorf("%d articles, %d comments, want 1 and 2", a, c)
	}

	out, stderr, err = runCmd(t, "", "import", "--db", db, "--story", storyFile, "--thread", "weather", site, filepath.Join(exportDir, "wxr.xml"))
	if exitCode(err) != 1 {
		t.Fatalf("--thread weather: err %v", err)
	}
	want := site + `: no article's URL, title or id contains "weather" (the file has 2 articles) (nothing from this file was written)`
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr = %s\nwant %s", stderr, want)
	}
	if a, c := counts(t, st); a != 1 || c != 2 {
		t.Errorf("after a rejected file: %d articles, %d comments, want 1 and 2", a, c)
	}
	if !strings.Contains(out, "from 0 of 2 files") {
		t.Errorf("summary = %q: the WXR file has no weather article either", out)
	}
}
