package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tonedesk/tonedesk/dashboard"
)

// hostileText is a comment written to break a JSON Lines file, a page or
// a spreadsheet: it must come out of labels exactly as it went in.
const hostileText = "\"}\n{\"id\":\"x\",\"text\":\"</script><script>alert(1)</script>\"} \\\" \\u0000 \t tab, " +
	"'quote', =HYPERLINK(\"http://evil\") \u2028line\u2029para \u202eRTL 🙂 & <b>bold</b> Kabul"

// TestLabelsRoundTrip imports the seeds and a hostile comment, decides on
// them through the store, writes the decisions with labels, trains on the
// file plus a small labelled file, and evaluates the model on it.
func TestLabelsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "td.db")
	ctx := context.Background()
	if _, stderr, err := runCmd(t, "", append([]string{"import", "--db", db, "--story", storyFile}, seedFiles(t)...)...); err != nil {
		t.Fatalf("import seeds: %v\n%s", err, stderr)
	}
	extra, err := json.Marshal(map[string]any{"id": "hostile-article", "source": "Wire", "title": "Talks", "published": "2025-10-30",
		"body": "Pakistan and Afghanistan met again in Istanbul.", "comments": []map[string]string{
			{"id": "h1", "author": "<img src=x onerror=alert(1)>", "text": hostileText},
			{"id": "h2", "author": "x", "text": "I will kill you, you idiot."},
		}})
	if err != nil {
		t.Fatal(err)
	}
	extraFile := filepath.Join(dir, "extra.jsonl")
	writeFile(t, extraFile, string(extra)+"\n")
	if _, stderr, err := runCmd(t, "", "import", "--db", db, "--story", storyFile, extraFile); err != nil {
		t.Fatalf("import extra: %v\n%s", err, stderr)
	}

	st := openStore(t, db)
	cs, err := st.Comments(ctx, storyID)
	if err != nil || len(cs) != 7 {
		t.Fatalf("comments: %d, %v", len(cs), err)
	}
	byID := map[string]dashboard.Comment{}
	var seeds []dashboard.Comment
	for _, c := range cs {
		byID[c.ExternalID] = c
		if c.ArticleExternalID != "hostile-article" {
			seeds = append(seeds, c)
		}
	}
	hostile, threat := byID["h1"], byID["h2"]
	if hostile.Text != hostileText {
		t.Fatalf("the import changed the hostile text: %q", hostile.Text)
	}
	if len(threat.Analysis.Flags) == 0 {
		t.Fatalf("%q is not flagged: %+v", threat.Text, threat.Analysis)
	}
	other := func(label string) string { // a sentiment label that is not label
		if label == "negative" {
			return "positive"
		}
		return "negative"
	}
	for _, batch := range [][]dashboard.Decision{
		// First thoughts, overruled below: the latest decision wins.
		{{CommentID: seeds[0].ID, Action: dashboard.Approved, Sentiment: "positive", Stance: "balanced", By: "mo"}},
		{
			// Approved, a sentiment correction: sentiment only.
			{CommentID: seeds[0].ID, Action: dashboard.Approved, Sentiment: other(seeds[0].Analysis.Sentiment.Label), By: "mo"},
			// Approved with "keep" everywhere: nothing confirmed, no line.
			{CommentID: seeds[1].ID, Action: dashboard.Approved, By: "mo"},
			// Approved, every label chosen as the analysis had it: confirmed, not corrected.
			{CommentID: seeds[2].ID, Action: dashboard.Approved, Sentiment: seeds[2].Analysis.Sentiment.Label,
				Stance: seeds[2].Analysis.Stance.Label, Flag: shownFlag(seeds[2].Analysis.Flags), By: "mo"},
			// Rejected with keep: the flag shown stands.
			{CommentID: threat.ID, Action: dashboard.Rejected, By: "ana"},
			// Rejected with corrections.
			{CommentID: hostile.ID, Action: dashboard.Rejected, Sentiment: "negative", Stance: "pro_pakistan", Flag: "spam", By: "ana"},
		},
	} {
		if err := st.Decide(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}

	// No stories directory next to the output: labels writes the story file there.
	modDir := filepath.Join(dir, "moderation")
	if err := os.Mkdir(modDir, 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(modDir, "labels.jsonl")
	_, stderr, err := runCmd(t, "", "labels", "--db", db, "--story", storyID, "--out", out)
	if err != nil {
		t.Fatalf("labels: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "wrote 4 labelled comments (2 corrected) to "+out+"; 1 decided comment with no confirmed label left out\n") ||
		!strings.Contains(stderr, "wrote the story file of \""+storyID+"\"") {
		t.Errorf("labels said %q", stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(`"mo"`)) || bytes.Contains(data, []byte("ana")) {
		t.Errorf("the file names a moderator:\n%s", data)
	}
	story, err := os.ReadFile(filepath.Join(modDir, storyID+".toml"))
	want, _ := os.ReadFile(storyFile)
	if err != nil || !bytes.Equal(story, want) {
		t.Errorf("story file next to the labels: %v, same as %s: %v", err, storyFile, bytes.Equal(story, want))
	}

	type line struct {
		ID, Story, Text, Sentiment, Stance, Flag, Note string
	}
	var lines []line
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		var raw map[string]any
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		var l line
		json.Unmarshal(sc.Bytes(), &l)
		for _, k := range []string{"sentiment", "stance", "flag"} {
			if v, ok := raw[k]; ok && v == "" {
				t.Errorf("%s: empty %q written", l.ID, k)
			}
		}
		lines = append(lines, l)
	}
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4:\n%s", len(lines), data)
	}
	got := map[string]line{}
	for i, l := range lines {
		got[l.ID] = l
		if i > 0 && lines[i-1].ID >= l.ID {
			t.Errorf("not in id order: %s before %s", lines[i-1].ID, l.ID)
		}
		if l.Story != storyID {
			t.Errorf("%s: story %q", l.ID, l.Story)
		}
	}
	id := func(c dashboard.Comment) string { return storyID + "/" + c.ArticleExternalID + "/" + c.ExternalID }
	for _, tc := range []struct {
		c    dashboard.Comment
		want line
	}{
		{seeds[0], line{Sentiment: other(seeds[0].Analysis.Sentiment.Label), Note: "moderation: approved"}},
		{seeds[2], line{Sentiment: seeds[2].Analysis.Sentiment.Label, Stance: seeds[2].Analysis.Stance.Label,
			Flag: shownFlag(seeds[2].Analysis.Flags), Note: "moderation: approved"}},
		{threat, line{Flag: shownFlag(threat.Analysis.Flags), Note: "moderation: rejected"}},
		{hostile, line{Sentiment: "negative", Stance: "pro_pakistan", Flag: "spam", Note: "moderation: rejected"}},
	} {
		tc.want.ID, tc.want.Story, tc.want.Text = id(tc.c), storyID, tc.c.Text
		if g := got[tc.want.ID]; g != tc.want {
			t.Errorf("line of %s:\n got %+v\nwant %+v", tc.c.ExternalID, g, tc.want)
		}
	}
	if got[id(hostile)].Text != hostileText {
		t.Errorf("hostile text came back as %q", got[id(hostile)].Text)
	}
	if _, ok := got[id(seeds[1])]; ok {
		t.Error("a plain approval was written")
	}

	// Deterministic: the same bytes again (the story file is now there and
	// is not written twice); standard output without --out.
	stdout, stderr, err := runCmd(t, "", "labels", "--db", db)
	if err != nil || stdout != string(data) || strings.Contains(stderr, "story file") {
		t.Errorf("labels to stdout: %v, same bytes %v, stderr %q", err, stdout == string(data), stderr)
	}
	if _, _, err := runCmd(t, "", "labels", "--db", db, "--story", "nope"); err == nil || !strings.Contains(err.Error(), `no story "nope"`) {
		t.Errorf("unknown story: %v", err)
	}

	// train reads the file with a small labelled file of the same story,
	// finding the story file next to them; eval scores the model on it.
	var small bytes.Buffer
	shipped, err := os.ReadFile("../../testdata/labelled/istanbul-talks-2025.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range bytes.SplitAfter(shipped, []byte("\n")) {
		if i < 60 {
			small.Write(l)
		}
	}
	smallFile := filepath.Join(modDir, "small.jsonl")
	writeFile(t, smallFile, small.String())
	model, stance := filepath.Join(dir, "model.json"), filepath.Join(dir, "stance.json")
	stdout, stderr, err = runCmd(t, "", "train", "--out", model, "--stance-out", stance, out, smallFile)
	if err != nil {
		t.Fatalf("train: %v\n%s", err, stderr)
	}
	// 60 + 3 with a sentiment label (1 skipped: the threat has a flag
	// only); stance from 60 + 2, the story file found by its id.
	if !strings.Contains(stdout, "trained sentiment on 63 texts") || !strings.Contains(stdout, "1 without a label skipped") ||
		!strings.Contains(stdout, "trained stance on 62 texts from "+storyID) {
		t.Errorf("train printed:\n%s", stdout)
	}
	stdout, stderr, err = runCmd(t, "", "eval", "--model", model, "--model", stance, out)
	if err != nil {
		t.Fatalf("eval: %v\n%s", err, stderr)
	}
	if !strings.Contains(stdout, "4 items") || !strings.Contains(stdout, "sentiment: n 3") ||
		!strings.Contains(stdout, "stance: n 2") || !strings.Contains(stdout, "flag: n 3") || strings.Contains(stdout, "no story file") {
		t.Errorf("eval printed:\n%s", stdout)
	}
}
