package sentiment

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// This file trains and measures the flag model (flag_model.go) on
// testdata/labelled, and regenerates the built-in one:
//
//	go test ./sentiment/ -run TestFlagModelUpdate -update-flag-model
//
// It never reads testdata/flagdev, testdata/holdout or ../shared/eval.

var updateFlagModel = flag.Bool("update-flag-model", false,
	"retrain the built-in flag model on testdata/labelled and write lexicon/flag_model.json")

// flagExamplesOf returns the flag examples of labelled comments.
func flagExamplesOf(cs []labelledComment) []flagExample {
	out := make([]flagExample, len(cs))
	for i, c := range cs {
		out[i] = flagExample{Story: c.Story, Text: c.Text, Flag: c.Flag}
	}
	return out
}

// trainLabelledFlagModel trains the flag model on every labelled comment
// and returns its file's bytes.
func trainLabelledFlagModel(tb testing.TB) []byte {
	tb.Helper()
	ids, data, stories := loadLabelled(tb)
	var train []flagExample
	for _, id := range ids {
		train = append(train, flagExamplesOf(data[id])...)
	}
	m, err := trainFlagModel(train, stories, defaultFlagTrainOptions)
	if err != nil {
		tb.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// TestFlagModelUpdate retrains the built-in flag model on every labelled
// comment when run with -update-flag-model.
func TestFlagModelUpdate(t *testing.T) {
	if !*updateFlagModel {
		t.Skip("run with -update-flag-model to retrain")
	}
	b := trainLabelledFlagModel(t)
	if err := os.WriteFile(filepath.Join("lexicon", "flag_model.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := ReadFlagModel(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d features (%s)", len(m.Features), m.Trained)
}

// TestFlagModelBuiltinCurrent checks that the embedded flag model is what
// TestFlagModelUpdate writes from the labelled data as it is: training is
// deterministic, so a difference means the data, the features or the
// trainer changed and the model needs regenerating.
func TestFlagModelBuiltinCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the flag model")
	}
	got := trainLabelledFlagModel(t)
	if !bytes.Equal(got, flagModelJSON) {
		t.Errorf("lexicon/flag_model.json is not what training on testdata/labelled gives (%d bytes, want %d): run go test ./sentiment/ -run TestFlagModelUpdate -update-flag-model", len(flagModelJSON), len(got))
	}
}

// TestFlagModelFile checks that the built-in flag model loads, survives a
// write and read unchanged, and that files of another format, version or
// class list, or with a malformed feature name, are refused.
func TestFlagModelFile(t *testing.T) {
	m := DefaultFlagModel()
	if len(m.Features) == 0 {
		t.Fatal("built-in flag model has no features")
	}
	if !strings.Contains(m.Trained, "labelled") {
		t.Errorf("trained %q does not say what it was trained on", m.Trained)
	}
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), flagModelJSON) {
		t.Error("writing the built-in flag model does not give the embedded file")
	}
	m2, err := ReadFlagModel(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if len(m2.Features) != len(m.Features) || m2.Bias != m.Bias || len(m2.hashes) != len(m.hashes) {
		t.Errorf("read back %d features, bias %v; want %d, %v", len(m2.Features), m2.Bias, len(m.Features), m.Bias)
	}
	classes := `["none","threat","identity_attack","insult","profanity","spam"]`
	for _, bad := range []string{
		`{"format": "other"}`,
		`{"format": "tonedesk-flags", "version": 2, "classes": ` + classes + `}`,
		`{"format": "tonedesk-flags", "version": 1, "classes": ["none","spam","threat","identity_attack","insult","profanity"]}`,
		`{"format": "tonedesk-flags", "version": 1, "classes": ` + classes + `, "features": {"x": [0,0,0,0,0,0]}}`,
		`not json`,
	} {
		if _, err := ReadFlagModel(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadFlagModel(%s) accepted", bad)
		}
	}
}

// TestTrainFlagModel trains on a handful of examples twice and checks the
// two files are the same bytes, and that bad examples are errors.
func TestTrainFlagModel(t *testing.T) {
	st := seedStory(t)
	stories := map[string]*Story{st.ID: st}
	ex := []flagExample{
		{st.ID, "You are a total idiot and a liar.", FlagInsult},
		{st.ID, "What an idiot, a liar and a fool.", FlagInsult},
		{st.ID, "Buy cheap followers now at example.xyz", FlagSpam},
		{st.ID, "Buy cheap likes now at example.xyz", FlagSpam},
		{st.ID, "The talks resume on Monday in Doha.", "none"},
		{st.ID, "The talks resume on Tuesday in Istanbul.", ""},
		{"", "The talks resume on Monday.", ""},
	}
	var b1, b2 bytes.Buffer
	for _, b := range []*bytes.Buffer{&b1, &b2} {
		m, err := trainFlagModel(ex, stories, defaultFlagTrainOptions)
		if err != nil {
			t.Fatal(err)
		}
		m.WriteTo(b)
	}
	if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
		t.Error("training twice gave two models")
	}
	if _, err := trainFlagModel(nil, stories, defaultFlagTrainOptions); err == nil {
		t.Error("no examples: no error")
	}
	if _, err := trainFlagModel([]flagExample{{"nope", "x", ""}}, stories, defaultFlagTrainOptions); err == nil {
		t.Error("unknown story: no error")
	}
	if _, err := trainFlagModel([]flagExample{{st.ID, "x", "rude"}}, stories, defaultFlagTrainOptions); err == nil {
		t.Error("unknown flag kind: no error")
	}
}

// TestFlagModelScoring checks that Analyze's flag model, scored in the
// sentiment pass from the shared feature table, gives the probabilities
// of the model applied to namedFeatures, as trained.
func TestFlagModelScoring(t *testing.T) {
	ids, data, stories := loadLabelled(t)
	fm := DefaultFlagModel()
	for _, id := range ids {
		a := NewAnalyzer(stories[id])
		for n, c := range data[id] {
			if n%10 != 0 {
				continue
			}
			_, fs := a.sentimentOf(c.Text)
			_, names := namedFeatures(c.Text, stories[id])
			var total float64
			for _, v := range names {
				total += v
			}
			z := fm.Bias
			for name, v := range names {
				if w, ok := fm.Features[name]; ok {
					for k := range numFlagClasses {
						z[k] += w[k] * v / math.Sqrt(total)
					}
				}
			}
			want := softmaxN(z)
			k := 0
			for c := range numFlagClasses {
				if want[c] > want[k] {
					k = c
				}
			}
			if k != fs.k || k != 0 && math.Abs(fs.p-want[k]) > 1e-4 {
				t.Fatalf("%s: class %d P %.5f in Analyze, %d P %.5f from namedFeatures", c.ID, fs.k, fs.p, k, want[k])
			}
		}
	}
}

// sentimentOf runs the sentiment pass of Analyze on text.
func (a *Analyzer) sentimentOf(text string) (Sentiment, flagScore) {
	li := detectLanguage(text)
	var ms []Mention
	if a.story != nil {
		ms = a.story.Mentions(text)
	}
	bt := a.pooledTokens(text, ms)
	defer putTokens(bt)
	return a.sentiment(text, li, ms, *bt, true)
}

// TestAnalyzeModelFlag checks that Analyze adds the model's flag to a
// clearly abusive text the rules let through, and none to a neutral one,
// and that the rules' flags win.
func TestAnalyzeModelFlag(t *testing.T) {
	a := NewAnalyzer(seedStory(t))
	abusive := "What a clueless comment. You're a joke, go back to your basement."
	if fl := flagsOf(abusive, a.tokensOf(abusive)); len(fl) != 0 {
		t.Fatalf("the rules flag %q: %+v; the test needs a text they miss", abusive, fl)
	}
	got := a.Analyze(abusive).Flags
	if len(got) != 1 || got[0].Kind != FlagInsult {
		t.Fatalf("Analyze(%q).Flags = %+v, want one insult flag from the model", abusive, got)
	}
	if got[0].Severity < 0.4 || got[0].Severity > 0.7 || !strings.Contains(abusive, got[0].Span) || got[0].Span == "" {
		t.Errorf("model flag %+v: severity outside [0.4, 0.7] or span not a part of the text", got[0])
	}
	for _, text := range []string{
		"The talks resume on Monday in Doha, and both delegations expect a joint statement by Friday.",
		"Thanks for the clear explanation of the border agreement.",
		"",
	} {
		if got := a.Analyze(text).Flags; len(got) != 0 {
			t.Errorf("Analyze(%q).Flags = %+v, want none", text, got)
		}
	}
	rude := "You are an idiot."
	got = a.Analyze(rude).Flags
	if want := a.flags(rude); fmt.Sprint(got) != fmt.Sprint(want) || len(want) == 0 {
		t.Errorf("Analyze(%q).Flags = %+v, want the rules' %+v", rude, got, want)
	}
}

// tokensOf is the tokenizer pass of Analyze, copied out of the pool.
func (a *Analyzer) tokensOf(text string) []token {
	var ms []Mention
	if a.story != nil {
		ms = a.story.Mentions(text)
	}
	bt := a.pooledTokens(text, ms)
	defer putTokens(bt)
	return append([]token(nil), *bt...)
}

// looFlag is one labelled comment scored by a flag model trained without
// its dispute: gold and rules flagged or not, the model's reading.
type looFlag struct {
	gold, rules, innocent bool
	fs                    flagScore
}

// looFlags trains the flag model on all disputes but one and scores that
// one, for each dispute.
func looFlags(tb testing.TB) []looFlag {
	ids, data, stories := loadLabelled(tb)
	var out []looFlag
	for _, test := range ids {
		var train []flagExample
		for _, id := range ids {
			if id != test {
				train = append(train, flagExamplesOf(data[id])...)
			}
		}
		fm, err := trainFlagModel(train, stories, defaultFlagTrainOptions)
		if err != nil {
			tb.Fatal(err)
		}
		a := NewAnalyzer(stories[test], withFlagModel(fm))
		for _, c := range data[test] {
			_, fs := a.sentimentOf(c.Text)
			out = append(out, looFlag{
				gold:     c.Flag != "" && c.Flag != "none",
				rules:    len(a.flags(c.Text)) > 0,
				innocent: alarmingInnocent(c.Note),
				fs:       fs,
			})
		}
	}
	return out
}

// looScore is flagged-vs-not precision, recall and F1 and the
// alarming-innocent comments flagged of the rules and, with tau > 0, the
// model at threshold tau where the rules give no flag; with alone, of the
// model alone.
func looScore(rs []looFlag, tau float64, alone bool) (p, r, f1 float64, innocent, innocentTotal int) {
	var s flagScores
	for _, x := range rs {
		pred := x.rules && !alone || tau > 0 && modelFlagKinds[x.fs.k] && x.fs.p >= tau
		switch {
		case pred && x.gold:
			s.tp++
		case pred:
			s.fp++
		case x.gold:
			s.fn++
		}
		if x.innocent {
			innocentTotal++
			if pred {
				innocent++
			}
		}
	}
	p, r = ratio(s.tp, s.tp+s.fp), ratio(s.tp, s.tp+s.fn)
	if p+r > 0 {
		f1 = 2 * p * r / (p + r)
	}
	return p, r, f1, innocent, innocentTotal
}

// TestFlagModelTau is how flagTau was chosen: leave-one-dispute-out on
// testdata/labelled (train on three disputes, score the fourth, rules
// first), flagged-vs-not precision, recall and F1 and alarming-innocent
// comments flagged for each threshold. It logs the table of flagTau's doc
// comment and asserts that at flagTau precision stays at least 0.9 and no
// alarming-innocent comment is flagged.
func TestFlagModelTau(t *testing.T) {
	if testing.Short() {
		t.Skip("trains four models")
	}
	rs := looFlags(t)
	t.Logf("          rules, then the model              the model alone")
	t.Logf("  τ     P      R      F1   innocent     P      R      F1   innocent")
	p, r, f1, inn, innTotal := looScore(rs, 0, false)
	t.Logf("(rules) %.3f  %.3f  %.3f  %d of %d", p, r, f1, inn, innTotal)
	for i := 6; i <= 19; i++ {
		tau := float64(i) / 20
		p, r, f1, inn, _ := looScore(rs, tau, false)
		ap, ar, af1, ainn, _ := looScore(rs, tau, true)
		t.Logf(" %.2f   %.3f  %.3f  %.3f  %3d        %.3f  %.3f  %.3f  %3d", tau, p, r, f1, inn, ap, ar, af1, ainn)
	}
	p, _, _, inn, _ = looScore(rs, flagTau, false)
	if p < 0.9 || inn > 0 {
		t.Errorf("at τ = %g: precision %.3f (want ≥ 0.9), %d alarming-innocent flagged (want 0)", flagTau, p, inn)
	}
}
