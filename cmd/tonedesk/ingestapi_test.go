package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var commentCount = regexp.MustCompile(`id="comments-heading">Comments <span class="count">(\d+)</span>`)

// storyComments returns the comment count the story page shows.
func storyComments(t *testing.T, c *http.Client, base, story string) int {
	t.Helper()
	res, err := c.Get(base + "/stories/" + story)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	m := commentCount.FindSubmatch(body)
	if res.StatusCode != 200 || m == nil {
		t.Fatalf("story page: %s, no comment count", res.Status)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// addToken runs 'tonedesk token add' and returns the secret it prints.
func addToken(t *testing.T, db string, args ...string) string {
	t.Helper()
	out, stderr, err := runCmd(t, "", append([]string{"token", "add", "--db", db}, args...)...)
	if err != nil {
		t.Fatalf("token add: %v\n%s", err, stderr)
	}
	m := regexp.MustCompile(`token \S+: ([0-9a-f]{64})`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("token add printed %q", out)
	}
	return m[1]
}

// postBatch POSTs a JSONL batch to the ingest API with a bearer token.
func postBatch(t *testing.T, base, story, token, body string) (int, map[string]any) {
	t.Helper()
	return postBatchQuery(t, base, story, "", token, body)
}

// postBatchQuery is postBatch with a query string ("thread=x&source=y").
func postBatchQuery(t *testing.T, base, story, query, token, body string) (int, map[string]any) {
	t.Helper()
	u := base + "/api/stories/" + story + "/import"
	if query != "" {
		u += "?" + query
	}
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-ndjson")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatalf("%s: not JSON: %v", res.Status, err)
	}
	return res.StatusCode, out
}

// TestServeIngestAPI runs the real serve and pushes a JSONL batch with a
// token from 'tonedesk token add --ingest': the story page counts its
// comments, the same batch again adds nothing, a read token is refused.
func TestServeIngestAPI(t *testing.T) {
	base, db := startServer(t)
	const story = "istanbul-talks-2025"
	tok := addToken(t, db, "--name", "cms", "--ingest", "--story", story)
	readTok := addToken(t, db, "--name", "charts", "--story", story)
	c := loginClient(t, base, testUser, testPassword)
	before := storyComments(t, c, base, story)

	batch := fmt.Sprintf(`{"id":"api-1","source":"Wire","title":"Talks resume","published":"2025-10-30","body":"Pakistan and Afghanistan met again in Istanbul.","comments":[{"id":"ac1","author":"reader","text":"Good that Kabul and Islamabad talk. %s"}]}
{"id":"ac2","article_id":"api-1","author":"other","text":"Nothing will change."}
`, xss)
	if code, out := postBatch(t, base, story, readTok, batch); code != http.StatusForbidden {
		t.Fatalf("read token: %d %v", code, out)
	}
	if code, out := postBatch(t, base, story, "", batch); code != http.StatusUnauthorized {
		t.Fatalf("no token: %d %v", code, out)
	}
	code, out := postBatch(t, base, story, tok, batch)
	if code != http.StatusCreated {
		t.Fatalf("import: %d %v", code, out)
	}
	if got := out["imported"].(map[string]any)["comments"]; got != 2.0 {
		t.Errorf("imported comments = %v, want 2", got)
	}
	if after := storyComments(t, c, base, story); after != before+2 {
		t.Errorf("story page counts %d comments, want %d", after, before+2)
	}
	code, out = postBatch(t, base, story, tok, batch)
	if code != http.StatusOK || out["duplicates"].(map[string]any)["comments"] != 2.0 || out["imported"].(map[string]any)["comments"] != 0.0 {
		t.Errorf("same batch again: %d %v", code, out)
	}
	if after := storyComments(t, c, base, story); after != before+2 {
		t.Errorf("after the same batch again the page counts %d comments, want %d", after, before+2)
	}
	code, out = postBatch(t, base, story, tok, "{\"id\":\"x\",\"article_id\":\"api-1\",\"text\":\"fine\"}\n{\"id\":\"y\",\"article_id\":\"api-1\"}\n")
	if code != http.StatusBadRequest || out["line"] != 2.0 {
		t.Errorf("bad record: %d %v", code, out)
	}
	if after := storyComments(t, c, base, story); after != before+2 {
		t.Errorf("a rejected batch changed the count to %d", after)
	}

	// ?thread= keeps the matching articles of a many-article batch.
	two := `{"id":"api-2","title":"Istanbul round two","body":"Talks in Istanbul.","comments":[{"id":"t1","text":"Hope it works."}]}
{"id":"api-3","title":"Weather","body":"Rain.","comments":[{"id":"t2","text":"Wet."},{"id":"t3","text":"Cold."}]}
`
	code, out = postBatchQuery(t, base, story, "thread=round+two", tok, two)
	if code != http.StatusCreated || out["imported"].(map[string]any)["comments"] != 1.0 {
		t.Errorf("thread=round two: %d %v", code, out)
	}
	if sk := out["skipped"].(map[string]any); sk["unselected article"] != 1.0 || sk["comment of a skipped article"] != 2.0 {
		t.Errorf("thread=round two: skipped %v", out["skipped"])
	}
	code, out = postBatchQuery(t, base, story, "thread=nowhere", tok, two)
	if code != http.StatusBadRequest || !strings.Contains(fmt.Sprint(out["error"]), `no article's URL, title or id contains "nowhere" (the file has 2 articles)`) {
		t.Errorf("thread=nowhere: %d %v", code, out)
	}
	if after := storyComments(t, c, base, story); after != before+3 {
		t.Errorf("after the thread imports the page counts %d comments, want %d", after, before+3)
	}
}
