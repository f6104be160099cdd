package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeEvalFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// The texts below are ones the built-in model gets clearly right, so the
// expected metrics can be worked out by hand from the gold labels.
const (
	posText  = "This is a wonderful, excellent result."
	negText  = "The talks were a disaster and a terrible failure."
	posText2 = "The meeting was constructive and fruitful."
	negText2 = "The talks reached an impasse."
)

func TestEvalJSONL(t *testing.T) {
	dir := t.TempDir()
	recs := []map[string]string{
		{"id": "1", "text": posText, "sentiment": "positive", "flag": "none"},
		{"id": "2", "text": negText, "sentiment": "negative", "flag": "none"},
		{"id": "3", "text": posText2, "sentiment": "negative", "flag": "none"},
		{"id": "4", "text": negText2, "sentiment": "neutral", "flag": "none", "note": "alarming-innocent"},
	}
	var b strings.Builder
	for _, r := range recs {
		line, _ := json.Marshal(r)
		b.Write(line)
		b.WriteByte('\n')
	}
	path := writeEvalFile(t, dir, "tiny.jsonl", b.String())
	out, stderr, err := runCmd(t, "", "eval", "--json", path)
	if err != nil {
		t.Fatalf("eval: %v\n%s", err, stderr)
	}
	var rep evalReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	s := rep.Sentiment
	// Predictions: positive, negative, positive, negative.
	// gold \ pred  neg neu pos
	//   neg         1   0   1
	//   neu         1   0   0
	//   pos         0   0   1
	// neg P 1/2 R 1/2 F1 1/2; neu F1 0; pos P 1/2 R 1 F1 2/3.
	want := [][]int{{1, 0, 1}, {1, 0, 0}, {0, 0, 1}}
	for i := range want {
		for k := range want[i] {
			if s.Confusion[i][k] != want[i][k] {
				t.Fatalf("confusion %v, want %v", s.Confusion, want)
			}
		}
	}
	if !near(s.Accuracy, 0.5) || !near(s.MacroF1, (0.5+0+2.0/3)/3) {
		t.Errorf("accuracy %v macro-F1 %v", s.Accuracy, s.MacroF1)
	}
	if rep.Flag == nil || rep.Flag.AlarmingInnocent != 1 || rep.Flag.N != 4 {
		t.Errorf("flag report %+v", rep.Flag)
	}
	if rep.Stance != nil {
		t.Errorf("stance scored without labels: %+v", rep.Stance)
	}

	// The text form has the same numbers.
	out, _, err = runCmd(t, "", "eval", path)
	if err != nil || !strings.Contains(out, "sentiment: n 4  accuracy 0.500  macro-F1 0.389") {
		t.Errorf("text report (%v):\n%s", err, out)
	}
}

func TestEvalVADERFormat(t *testing.T) {
	dir := t.TempDir()
	path := writeEvalFile(t, dir, "gt.txt", strings.Join([]string{
		"1\t2.5\t" + posText,
		"2\t-2.0\t" + negText,
		"3\t1.0\t" + negText2,  // predicted negative, gold positive
		"4\t-0.5\t" + posText2, // predicted positive, gold negative
	}, "\n")+"\n")
	for _, model := range []string{"", "vader"} {
		args := []string{"eval", "--json"}
		if model != "" {
			args = append(args, "--model", model)
		}
		out, stderr, err := runCmd(t, "", append(args, path)...)
		if err != nil {
			t.Fatalf("eval: %v\n%s", err, stderr)
		}
		var rep evalReport
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Format != "vader" || rep.Items != 4 || rep.Pearson == nil {
			t.Fatalf("report %+v", rep)
		}
		if model == "" {
			// neg: P 1/2 R 1/2; pos: P 1/2 R 1/2: weighted F1 0.5.
			if !near(rep.Weighted.F1, 0.5) || !near(rep.Weighted.Accuracy, 0.5) {
				t.Errorf("weighted %+v", rep.Weighted)
			}
		}
	}
}

func TestEvalSemEval(t *testing.T) {
	dir := t.TempDir()
	path := writeEvalFile(t, dir, "semeval.txt", "ID\tTarget\tTweet\tStance\n"+
		"1\tClimate Change is a Real Concern\tClimate Change is a Real Concern and we must act now, great work\tFAVOR\n"+
		"2\tAtheism\tI pray every day.\tAGAINST\n")
	out, stderr, err := runCmd(t, "", "eval", "--json", path)
	if err != nil {
		t.Fatalf("eval: %v\n%s", err, stderr)
	}
	var rep evalReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Format != "semeval" || rep.FAvg == nil || len(rep.Targets) != 2 || rep.Stance.N != 2 {
		t.Errorf("report %s", out)
	}
}

func TestEvalErrors(t *testing.T) {
	dir := t.TempDir()
	bad := writeEvalFile(t, dir, "bad.jsonl", "{\"text\": \"ok\"}\nnot json\n")
	if _, _, err := runCmd(t, "", "eval", bad); err == nil || !strings.Contains(err.Error(), "bad.jsonl:2") {
		t.Errorf("bad line: %v", err)
	}
	if _, _, err := runCmd(t, "", "eval"); exitCode(err) != 2 {
		t.Errorf("no files: %v", err)
	}
	odd := writeEvalFile(t, dir, "odd.txt", "hello\n")
	if _, _, err := runCmd(t, "", "eval", odd); exitCode(err) != 2 {
		t.Errorf("unknown format: %v", err)
	}
	if _, _, err := runCmd(t, "", "eval", "--model", filepath.Join(dir, "missing.json"), bad); err == nil {
		t.Error("missing model: no error")
	}
}

func TestTrainAndUseModel(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for _, r := range []struct{ text, label string }{
		{"The talks were a disaster.", "negative"},
		{"Kabul keeps lying about the militants.", "negative"},
		{"This deal is a sellout and a disgrace.", "negative"},
		{"Islamabad blames everyone but itself.", "negative"},
		{"The ceasefire is a relief for families.", "positive"},
		{"Great work by the mediators in Doha.", "positive"},
		{"Kabul showed real goodwill this time.", "positive"},
		{"The talks resume on Monday.", "neutral"},
		{"Does anyone know when the border opens?", "neutral"},
		{"Islamabad sent four delegates.", "neutral"},
	} {
		line, _ := json.Marshal(map[string]string{"text": r.text, "sentiment": r.label, "story": storyID})
		b.Write(line)
		b.WriteByte('\n')
	}
	b.WriteString(`{"text": "no label here"}` + "\n")
	data := writeEvalFile(t, dir, "train.jsonl", b.String())
	model := filepath.Join(dir, "model.json")
	out, stderr, err := runCmd(t, "", "train", "--out", model, "--story", storyFile, "--epochs", "50", data)
	if err != nil {
		t.Fatalf("train: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "trained sentiment on 10 texts") || !strings.Contains(out, "1 without a label skipped") {
		t.Errorf("train output: %s", out)
	}
	first, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ToLower(string(first)), "kabul") {
		t.Error("the model learned a side name")
	}
	// Deterministic.
	model2 := filepath.Join(dir, "model2.json")
	if _, _, err := runCmd(t, "", "train", "--out", model2, "--story", storyFile, "--epochs", "50", data); err != nil {
		t.Fatal(err)
	}
	if second, _ := os.ReadFile(model2); string(second) != string(first) {
		t.Error("training twice gave different files")
	}
	// score and eval load it.
	out, stderr, err = runCmd(t, `{"id": "a", "text": "The talks were a disaster."}`+"\n", "score", "--story", storyFile, "--model", model)
	if err != nil {
		t.Fatalf("score --model: %v\n%s", err, stderr)
	}
	var line scoreOut
	if err := json.Unmarshal([]byte(out), &line); err != nil || line.Sentiment.Label == "" {
		t.Errorf("score output %q: %v", out, err)
	}
	if _, stderr, err := runCmd(t, "", "eval", "--model", model, data); err != nil {
		t.Errorf("eval --model: %v\n%s", err, stderr)
	}
	// A file that is not a model is refused.
	if _, _, err := runCmd(t, "", "score", "--story", storyFile, "--model", data); err == nil {
		t.Error("score accepted a data file as model")
	}
}

func TestTrainErrors(t *testing.T) {
	dir := t.TempDir()
	data := writeEvalFile(t, dir, "d.jsonl", `{"text": "x", "sentiment": "happy"}`+"\n")
	for _, args := range [][]string{
		{"train", data},
		{"train", "--out", filepath.Join(dir, "m.json")},
		{"train", "--out", filepath.Join(dir, "m.json"), "--format", "xml", data},
	} {
		if _, _, err := runCmd(t, "", args...); exitCode(err) != 2 {
			t.Errorf("%v: %v, want exit 2", args, err)
		}
	}
	if _, _, err := runCmd(t, "", "train", "--out", filepath.Join(dir, "m.json"), "--format", "semeval", data); err == nil || !strings.Contains(err.Error(), "d.jsonl:1: want ID<TAB>Target") {
		t.Errorf("JSONL read as semeval: %v", err)
	}
	if _, _, err := runCmd(t, "", "train", "--out", filepath.Join(dir, "m.json"), data); err == nil || !strings.Contains(err.Error(), "happy") {
		t.Errorf("bad label: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "m.json")); err == nil {
		t.Error("a failed training wrote a model")
	}
}

// TestEvalJSONLRatings checks that records with a "rating" are also
// scored as the VADER files are: the paper's weighted F1 and Pearson r.
func TestEvalJSONLRatings(t *testing.T) {
	dir := t.TempDir()
	path := writeEvalFile(t, dir, "rated.jsonl", strings.Join([]string{
		`{"text": "` + posText + `", "sentiment": "positive", "rating": 3}`,
		`{"text": "` + negText + `", "sentiment": "negative", "rating": -3.2}`,
		`{"text": "` + posText2 + `", "sentiment": "positive", "rating": 1.5}`,
		`{"text": "` + negText2 + `", "sentiment": "negative"}`,
	}, "\n")+"\n")
	out, stderr, err := runCmd(t, "", "eval", "--json", path)
	if err != nil {
		t.Fatalf("eval: %v\n%s", err, stderr)
	}
	var rep evalReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rep.Pearson == nil || *rep.Pearson < 0.9 || rep.Weighted == nil || !near(rep.Weighted.F1, 1) {
		t.Errorf("rated records: pearson %v, weighted %+v", rep.Pearson, rep.Weighted)
	}
	if rep.Sentiment == nil || rep.Sentiment.N != 4 {
		t.Errorf("sentiment report %+v", rep.Sentiment)
	}
	// Without ratings there are no paper figures.
	plain := writeEvalFile(t, dir, "plain.jsonl", `{"text": "`+posText+`", "sentiment": "positive"}`+"\n")
	out, _, _ = runCmd(t, "", "eval", "--json", plain)
	if strings.Contains(out, "pearson_r") || strings.Contains(out, `"weighted"`) {
		t.Errorf("unrated file reported paper figures: %s", out)
	}
}

func TestHasNoteTag(t *testing.T) {
	for _, tc := range []struct {
		note string
		want bool
	}{
		{"alarming-innocent", true},
		{"alarming-innocent; reporting", true},
		{"grief, alarming-innocent", true},
		{" alarming-innocent ;", true},
		{"not alarming-innocent at all", false},
		{"alarming-innocent-ish", false},
		{"", false},
	} {
		if got := hasNoteTag(tc.note, "alarming-innocent"); got != tc.want {
			t.Errorf("hasNoteTag(%q) = %v, want %v", tc.note, got, tc.want)
		}
	}
}
