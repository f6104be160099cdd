package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The synthetic SemEval-format files (written for these tests, not taken
// from the task: see their README).
const (
	semevalTrain = "../../testdata/semeval/train.txt"
	semevalTest  = "../../testdata/semeval/test.txt"
)

func evalJSON(t *testing.T, args ...string) evalReport {
	t.Helper()
	out, stderr, err := runCmd(t, "", append([]string{"eval", "--json"}, args...)...)
	if err != nil {
		t.Fatalf("eval %v: %v\n%s", args, err, stderr)
	}
	var rep evalReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("eval %v: %v\n%s", args, err, out)
	}
	return rep
}

// TestTrainSemEval trains per-target stance models on the synthetic train
// split and checks that eval scores the held-out split with them, and
// does better than the built-in model there.
func TestTrainSemEval(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "semeval.json")
	out, stderr, err := runCmd(t, "", "train", "--format", "semeval", "--out", model, semevalTrain)
	if err != nil {
		t.Fatalf("train: %v\n%s", err, stderr)
	}
	for _, want := range []string{`target "Nuclear Power" on 30 tweets`, `target "Congestion Charge" on 30 tweets`, "wrote " + model} {
		if !strings.Contains(out, want) {
			t.Errorf("train output lacks %q:\n%s", want, out)
		}
	}
	first, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	var tm targetModels
	if err := json.Unmarshal(first, &tm); err != nil {
		t.Fatal(err)
	}
	if tm.Format != targetModelsFormat || len(tm.Targets) != 2 || tm.Targets["Nuclear Power"] == nil || tm.Targets["Congestion Charge"] == nil {
		t.Fatalf("model file: format %q, targets %v", tm.Format, tm.targetNames())
	}
	// Deterministic.
	model2 := filepath.Join(dir, "again.json")
	if _, _, err := runCmd(t, "", "train", "--format", "semeval", "--out", model2, semevalTrain); err != nil {
		t.Fatal(err)
	}
	if second, _ := os.ReadFile(model2); string(second) != string(first) {
		t.Error("training twice gave different files")
	}

	builtin := evalJSON(t, semevalTest)
	trained := evalJSON(t, "--model", model, semevalTest)
	t.Logf("held-out F_avg: built-in %.3f %v, trained %.3f %v", *builtin.FAvg, builtin.Targets, *trained.FAvg, trained.Targets)
	if !strings.Contains(trained.Model, model) || builtin.Model != "built-in" {
		t.Errorf("models named %q and %q", builtin.Model, trained.Model)
	}
	if len(trained.Targets) != 2 || trained.Stance.N != 36 {
		t.Errorf("trained report: %d targets, %d items", len(trained.Targets), trained.Stance.N)
	}
	// The split shares the phrases of the train split in new tweets: a
	// model fitted on it must beat the built-in one by far, per target.
	if *trained.FAvg < *builtin.FAvg+0.3 || *trained.FAvg < 0.8 {
		t.Errorf("F_avg trained %.3f, built-in %.3f: the trained models are not used, or learn nothing", *trained.FAvg, *builtin.FAvg)
	}
	for target, f := range trained.Targets {
		if f <= builtin.Targets[target] {
			t.Errorf("target %q: trained %.3f, built-in %.3f", target, f, builtin.Targets[target])
		}
	}

	// A target the file has no model for is an error naming it.
	other := writeEvalFile(t, dir, "other.txt", "ID\tTarget\tTweet\tStance\n1\tAtheism\tI pray every day.\tAGAINST\n")
	if _, _, err := runCmd(t, "", "eval", "--model", model, other); err == nil || !strings.Contains(err.Error(), `"Atheism"`) || !strings.Contains(err.Error(), "other.txt:2") {
		t.Errorf("unknown target: %v", err)
	}
	// Per-target models only score SemEval files.
	if _, _, err := runCmd(t, "", "score", "--story", storyFile, "--model", model); err == nil || !strings.Contains(err.Error(), model) {
		t.Errorf("score with per-target models: %v", err)
	}
	jsonl := writeEvalFile(t, dir, "d.jsonl", `{"text": "The talks were a disaster.", "sentiment": "negative"}`+"\n")
	if _, _, err := runCmd(t, "", "eval", "--model", model, jsonl); exitCode(err) != 2 {
		t.Errorf("eval of JSONL with per-target models: %v", err)
	}
}

// TestSemEvalBadLines checks that train and eval name the file and line of
// a bad SemEval line.
func TestSemEvalBadLines(t *testing.T) {
	dir := t.TempDir()
	const head = "ID\tTarget\tTweet\tStance\n1\tNuclear Power\tNuclear Power cuts our carbon\tFAVOR\n"
	for _, c := range []struct{ name, data, want string }{
		{"fields.txt", head + "2\tNuclear Power\tno stance here\n", "fields.txt:3: want ID<TAB>Target<TAB>Tweet<TAB>Stance"},
		{"label.txt", head + "\n2\tNuclear Power\tNuclear Power is fine\tMAYBE\n", `label.txt:4: stance "MAYBE"`},
		{"target.txt", head + "2\t \tNuclear Power is fine\tNONE\n", "target.txt:3: empty target"},
	} {
		p := writeEvalFile(t, dir, c.name, c.data)
		if _, _, err := runCmd(t, "", "train", "--format", "semeval", "--out", filepath.Join(dir, "m.json"), p); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("train %s: %v, want %q", c.name, err, c.want)
		}
		if _, _, err := runCmd(t, "", "eval", "--format", "semeval", p); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("eval %s: %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "m.json")); err == nil {
		t.Error("a failed training wrote a model")
	}
	// A tweet holding a tab keeps it; the stance is the last field.
	p := writeEvalFile(t, dir, "tab.txt", head+"2\tNuclear Power\tNuclear Power\tis fine\tNONE\n")
	items, err := readSemEval(p)
	if err != nil || len(items) != 2 || items[1].text != "Nuclear Power\tis fine" || items[1].stance != "NONE" {
		t.Errorf("tab in tweet: %+v %v", items, err)
	}
	// --stance-out is for JSONL.
	if _, _, err := runCmd(t, "", "train", "--format", "semeval", "--out", filepath.Join(dir, "m.json"), "--stance-out", filepath.Join(dir, "s.json"), p); exitCode(err) != 2 {
		t.Errorf("--stance-out with semeval: %v", err)
	}
}

// TestStanceModelChangesScore trains a stance model on JSONL records that
// teach a cue the built-in model does not know (planting cherry trees is
// to the side's credit; the built-in model reads a text that names one
// side without a cue as siding with the other) and checks that score,
// given it with --model (alone, or beside a sentiment model), follows it.
func TestStanceModelChangesScore(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for _, s := range []struct{ name, pro string }{
		{"Kabul", "pro_afghanistan"}, {"Islamabad", "pro_pakistan"},
		{"The Taliban", "pro_afghanistan"}, {"Pakistan", "pro_pakistan"},
		{"Afghanistan", "pro_afghanistan"}, {"Khawaja Asif", "pro_pakistan"},
	} {
		for _, r := range []struct{ text, sentiment, stance string }{
			{s.name + " planted cherry trees again.", "neutral", s.pro},
			{"Once more " + s.name + " planted cherry trees.", "neutral", s.pro},
			{"The weather in Istanbul was awful.", "negative", "none"},
			{"What a lovely, wonderful day for a walk.", "positive", "none"},
		} {
			line, _ := json.Marshal(map[string]string{"text": r.text, "sentiment": r.sentiment, "stance": r.stance, "story": storyID})
			b.Write(line)
			b.WriteByte('\n')
		}
	}
	data := writeEvalFile(t, dir, "cherry.jsonl", b.String())
	sent, stance := filepath.Join(dir, "sentiment.json"), filepath.Join(dir, "stance.json")
	out, stderr, err := runCmd(t, "", "train", "--story", storyFile, "--epochs", "50", "--out", sent, "--stance-out", stance, data)
	if err != nil {
		t.Fatalf("train: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "trained stance on 24 texts") {
		t.Errorf("train output: %s", out)
	}
	const in = `{"id": "x", "text": "Kabul planted cherry trees near the crossing."}` + "\n"
	label := func(args ...string) string {
		t.Helper()
		out, stderr, err := runCmd(t, in, append([]string{"score", "--story", storyFile}, args...)...)
		if err != nil {
			t.Fatalf("score %v: %v\n%s", args, err, stderr)
		}
		var line scoreOut
		if err := json.Unmarshal([]byte(out), &line); err != nil {
			t.Fatalf("score %v: %v: %s", args, err, out)
		}
		return line.Stance.Label
	}
	builtin := label()
	trained := label("--model", stance)
	both := label("--model", sent, "--model", stance)
	t.Logf("stance of the text: built-in %s, trained %s, with the trained sentiment model too %s", builtin, trained, both)
	if trained != "pro_afghanistan" || builtin == trained || both != trained {
		t.Errorf("built-in %s, --model stance %s, both %s: want the trained ones pro_afghanistan and the built-in not", builtin, trained, both)
	}
	// eval of JSONL reads the stance model too.
	rep := evalJSON(t, "--story", storyFile, "--model", stance, data)
	if rep.Stance == nil || rep.Stance.Accuracy < 0.9 || !strings.Contains(rep.Model, "stance "+stance) {
		t.Errorf("eval --model stance: model %q, stance %+v", rep.Model, rep.Stance)
	}
}

// TestModelFileErrors checks that --model names the file and what is wrong
// with it.
func TestModelFileErrors(t *testing.T) {
	dir := t.TempDir()
	w := func(name, data string) string { return writeEvalFile(t, dir, name, data) }
	stance := w("stance.json", `{"format": "tonedesk-stance/1", "classes": ["self", "other", "balanced", "none"], "bias": [0, 0, 0, 0], "features": {}}`)
	for _, c := range []struct {
		models []string
		want   string
	}{
		{[]string{filepath.Join(dir, "missing.json")}, "missing.json: no such file"},
		{[]string{w("text.json", "hello\n")}, "text.json: not a model written by tonedesk train"},
		{[]string{w("noformat.json", `{"features": {}}`)}, `noformat.json: no "format" field`},
		{[]string{w("other.json", `{"format": "spacy"}`)}, `other.json: format "spacy" is not one tonedesk reads`},
		{[]string{w("badsent.json", `{"format": "tonedesk-sentiment", "version": 9}`)}, "badsent.json: model: version 9"},
		{[]string{w("badstance.json", `{"format": "tonedesk-stance/1", "bias": "x"}`)}, "badstance.json: stance model:"},
		{[]string{w("notargets.json", `{"format": "tonedesk-stance-targets/1", "targets": {}}`)}, "notargets.json: no targets"},
		{[]string{stance, stance}, "a second stance model (" + stance},
	} {
		args := []string{"score", "--story", storyFile}
		for _, m := range c.models {
			args = append(args, "--model", m)
		}
		if _, _, err := runCmd(t, "", args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", c.models, err, c.want)
		}
	}
	// TONEDESK_MODEL is a list like PATH; a --model flag replaces it.
	var c config
	c.load(func(k string) string {
		if k == "TONEDESK_MODEL" {
			return "a.json" + string(filepath.ListSeparator) + "b.json"
		}
		return ""
	})
	if len(c.Models) != 2 || c.Models[1] != "b.json" {
		t.Errorf("TONEDESK_MODEL: %q", c.Models)
	}
	fs := flagSet("x", "x", &strings.Builder{})
	c.modelFlag(fs)
	if err := fs.Parse([]string{"--model", "c.json", "--model", "d.json"}); err != nil || strings.Join(c.Models, " ") != "c.json d.json" {
		t.Errorf("--model twice over TONEDESK_MODEL: %q %v", c.Models, err)
	}
}
