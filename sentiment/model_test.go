package sentiment

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// ruleScore is tonedesk's rule score of one sentence.
func ruleScore(s string) float64 { return sharedRules().score(normalizeForVADER(s), nil).rules }

func TestRulesNegationContrast(t *testing.T) {
	tests := []struct {
		text string
		sign int // -1, 0 or +1
	}{
		// Negation scope.
		{"The offer is not unreasonable.", +1},
		{"The summit was hardly a success.", -1},
		{"It is far from a success.", -1},
		{"The talks failed to produce any progress.", -1},
		{"Not only good but also fair.", +1}, // no negation, no contrast
		{"There was no breakthrough.", -1},
		{"Without the ceasefire nothing works.", -1},
		// Contrast: the clause after the contrast word weighs more.
		{"The plan was good, but the execution was awful.", -1},
		{"The execution was awful, but the plan was good.", +1},
		{"The hosts were kind; however, the talks were a disaster.", -1},
		{"Although the hosts were kind, the talks failed.", -1},
		{"The talks failed, although the hosts were kind.", -1},
		{"The talks were hard, yet fruitful.", +1},
		// News and diplomacy lexicon, words and phrases.
		{"The talks reached an impasse.", -1},
		{"Negotiations ended in deadlock.", -1},
		{"It is a stalemate.", -1},
		{"A standoff at the border.", -1},
		{"They are now in open war.", -1},
		{"He denounced the patronage of terrorists.", -1},
		{"Both sides accuse each other.", -1},
		{"The mediators hope to salvage the talks.", +1},
		{"A breakthrough in Doha.", +1},
		{"The ceasefire holds.", +1},
		{"The meeting was constructive and fruitful.", +1},
		{"Its complicity and evasion are plain; more ruses.", -1},
		{"Yeh talks bilkul bakwas hain.", -1},
		{"The delegation met on Tuesday.", 0},
	}
	for _, tt := range tests {
		got := ruleScore(tt.text)
		sign := 0
		if got > 0.05 {
			sign = 1
		} else if got < -0.05 {
			sign = -1
		}
		if sign != tt.sign {
			t.Errorf("rule score of %q = %.3f, want sign %d", tt.text, got, tt.sign)
		}
	}
}

func TestContrastWeightsVADERBut(t *testing.T) {
	// "but" weighs as VADER's rule does: 0.5 before, 1.5 after.
	good := ruleScore("The plan was good.")
	both := sharedRules().score("good but bad", func(string, float64) {})
	if good <= 0 || both.rules >= 0 {
		t.Errorf("good %.3f, good-but-bad %.3f", good, both.rules)
	}
}

func TestNewsPhraseDriver(t *testing.T) {
	var got []string
	sharedRules().score(normalizeForVADER("This is not open war, it is an impasse."), func(s string, v float64) {
		got = append(got, s)
	})
	want := []string{"not open war", "impasse"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("drivers %v, want %v", got, want)
	}
}

// trainingSet is a small labelled set made here.
var trainingSet = []Example{
	{Text: "The talks were a disaster.", Label: Negative},
	{Text: "Kabul keeps lying about the militants.", Label: Negative},
	{Text: "This deal is a sellout and a disgrace.", Label: Negative},
	{Text: "Islamabad blames everyone but itself.", Label: Negative},
	{Text: "Another failure, nothing changes.", Label: Negative},
	{Text: "The ceasefire is a relief for families.", Label: Positive},
	{Text: "Great work by the mediators in Doha.", Label: Positive},
	{Text: "Kabul showed real goodwill this time.", Label: Positive},
	{Text: "A fair and sensible compromise.", Label: Positive},
	{Text: "Thank you Turkey for hosting.", Label: Positive},
	{Text: "The talks resume on Monday.", Label: Neutral},
	{Text: "Does anyone know when the border opens?", Label: Neutral},
	{Text: "Islamabad sent four delegates.", Label: Neutral},
	{Text: "The statement was issued on Tuesday.", Label: Neutral},
	{Text: "Kabul will reply next week.", Label: Neutral},
}

func withStory(t *testing.T, ex []Example) []Example {
	st := seedStory(t)
	out := make([]Example, len(ex))
	for i, e := range ex {
		e.Story = st
		out[i] = e
	}
	return out
}

func TestModelRoundTrip(t *testing.T) {
	ex := withStory(t, trainingSet)
	m, err := Train(ex, TrainOptions{Epochs: 100})
	if err != nil {
		t.Fatal(err)
	}
	data, err := m.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	m2, err := ParseModel(data)
	if err != nil {
		t.Fatal(err)
	}
	data2, _ := m2.MarshalJSON()
	if !bytes.Equal(data, data2) {
		t.Error("model changed on a save-load round trip")
	}
	// Deterministic: training again gives the same bytes.
	again, _ := Train(ex, TrainOptions{Epochs: 100})
	data3, _ := again.MarshalJSON()
	if !bytes.Equal(data, data3) {
		t.Error("training twice gave different models")
	}
	// Same predictions.
	a1 := NewAnalyzer(seedStory(t), WithModel(m))
	a2 := NewAnalyzer(seedStory(t), WithModel(m2))
	for _, text := range append(seedComments(t), "The talks were a disaster.", "Thank you Turkey!") {
		if s1, s2 := a1.Analyze(text).Sentiment, a2.Analyze(text).Sentiment; !reflect.DeepEqual(s1, s2) {
			t.Errorf("%q: %+v before save, %+v after", text, s1, s2)
		}
	}
	// The model fits its training set and learned no side name.
	for _, e := range ex {
		if got := a2.Analyze(e.Text).Sentiment.Label; got != e.Label {
			t.Logf("training text %q: %s, labelled %s", e.Text, got, e.Label)
		}
	}
	for name := range m.file.Features {
		for _, alias := range []string{"kabul", "islamabad", "turkey"} {
			if strings.Contains(name, alias) {
				t.Errorf("feature %q names a story group", name)
			}
		}
	}
	if m.Info() == nil || m.Info().Examples != len(ex) {
		t.Errorf("training info %+v", m.Info())
	}
}

func TestTrainErrors(t *testing.T) {
	if _, err := Train(nil, TrainOptions{}); err == nil {
		t.Error("no examples: no error")
	}
	if _, err := Train([]Example{{Text: "x", Label: "happy"}}, TrainOptions{}); err == nil {
		t.Error("bad label: no error")
	}
	if _, err := Train([]Example{{Text: "x", Label: Positive}, {Text: "y", Label: Negative}}, TrainOptions{}); err == nil {
		t.Error("no neutral example: no error")
	}
}

func TestParseModelErrors(t *testing.T) {
	for _, data := range []string{
		``, `{}`, `{"format":"other","version":1}`,
		`{"format":"tonedesk-sentiment","version":2,"classes":["negative","neutral","positive"],"bias":[0,0,0]}`,
		`{"format":"tonedesk-sentiment","version":1,"classes":["negative","positive"],"bias":[0,0,0]}`,
		`{"format":"tonedesk-sentiment","version":1,"classes":["negative","neutral","positive"],"bias":[0,0,0],"features":{"x":[1,2,3]}}`,
		`{"format":"tonedesk-sentiment","version":1,"classes":["negative","neutral","positive"],"bias":[0,0,0],"dense":{"nope":[1,2,3]}}`,
		`{"format":"tonedesk-sentiment","version":1,"classes":["negative","neutral","positive"],"bias":[0,0,0],"neutral_band":2}`,
	} {
		if _, err := ParseModel([]byte(data)); err == nil {
			t.Errorf("ParseModel(%s): no error", data)
		}
	}
	if _, err := LoadModel("testdata/does-not-exist.json"); err == nil {
		t.Error("LoadModel of a missing file: no error")
	}
}

func TestBuiltinModel(t *testing.T) {
	m := BuiltinModel()
	if m.Features() < 100 || m.Info() == nil || m.NeutralBand <= 0 {
		t.Errorf("built-in model: %d features, info %+v, band %v", m.Features(), m.Info(), m.NeutralBand)
	}
	if NewAnalyzer(nil).Model() != m {
		t.Error("NewAnalyzer does not use the built-in model")
	}
	if NewAnalyzer(nil, WithModel(nil)).Model() != m {
		t.Error("WithModel(nil) replaced the built-in model")
	}
}

func TestFeatureHashNames(t *testing.T) {
	// Names in the model file hash to what tokenizeFeatures emits.
	toks := tokenizeFeatures("Kabul isn’t serious, Mr. Tarar said!", seedStory(t), nil)
	var names []string
	emitFeatures(toks, func(h uint64, i int, bigram bool, _ float64) {
		name := featureName(toks, i, bigram)
		if h2, ok := featureHash(name); !ok || h2 != h {
			t.Errorf("feature %q: hash mismatch", name)
		}
		names = append(names, name)
	})
	want := []string{"w:@side", "w:isn't", "b:@side isn't", "n:serious", "b:isn't serious",
		"w:mr", "b:serious mr", "w:@side", "b:mr @side", "w:said", "b:@side said"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("features\n got %q\nwant %q", names, want)
	}
}

func TestLanguageReadable(t *testing.T) {
	tests := []struct {
		text     string
		min, max float64
	}{
		{"The talks failed again.", 1, 1},
		{"The talks failed again, yaar.", 0.7, 0.9},
		{"yaar ye talks bilkul bakwas hain", 0.2, 0.5}, // talks, bakwas
		{"Это ужасно плохо", 0, 0},
	}
	for _, tt := range tests {
		got := detectLanguage(tt.text).readable
		if got < tt.min || got > tt.max {
			t.Errorf("readable(%q) = %.2f, want in [%.2f, %.2f]", tt.text, got, tt.min, tt.max)
		}
	}
	// Confidence falls with the share of unreadable words.
	a := NewAnalyzer(nil)
	en := a.Analyze("The talks were a total disaster.").Sentiment.Confidence
	mixed := a.Analyze("Yaar ye talks to total disaster thay, kuch nahi hua.").Sentiment.Confidence
	if !(mixed < en) {
		t.Errorf("confidence mixed %.3f should be below English %.3f", mixed, en)
	}
}

func TestParseModelVersion1(t *testing.T) {
	v1 := `{"format":"tonedesk-sentiment","version":1,"classes":["negative","neutral","positive"],"neutral_band":0.2,"rule_weight":0.25,"bias":[0,0,0],"dense":{"vader":[-1,0,1]},"features":{"w:good":[-1,0,1]}}`
	m, err := ParseModel([]byte(v1))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.ScoreWeights(); got != (ScoreWeights{Model: 0.75, Rules: 0.25}) {
		t.Errorf("version 1 score weights %+v", got)
	}
	if m.Features() != 1 {
		t.Errorf("features %d", m.Features())
	}
	// Version 2 needs its score weights.
	v2 := strings.Replace(strings.Replace(v1, `"version":1`, `"version":2`, 1), `"rule_weight":0.25,`, ``, 1)
	if _, err := ParseModel([]byte(v2)); err == nil {
		t.Error("version 2 without score weights: no error")
	}
}

func TestTrainCalibrate(t *testing.T) {
	rating := func(r float64) *float64 { return &r }
	var ex []Example
	for i, e := range trainingSet {
		r := map[string]float64{Negative: -2.5, Neutral: 0, Positive: 2.2}[e.Label]
		e.Rating = rating(r + float64(i%3)*0.3)
		ex = append(ex, e)
	}
	plain, err := Train(ex, TrainOptions{Epochs: 60})
	if err != nil {
		t.Fatal(err)
	}
	if got := plain.ScoreWeights(); got != (ScoreWeights{Model: 1}) {
		t.Errorf("uncalibrated score weights %+v", got)
	}
	if info := plain.Info(); info.Rated != len(ex) || info.CVPearson == 0 {
		t.Errorf("training info %+v", info)
	}
	cal, err := Train(ex, TrainOptions{Epochs: 60, Calibrate: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := cal.ScoreWeights(); got == (ScoreWeights{Model: 1}) {
		t.Errorf("calibrated score weights %+v", got)
	}
	bad := append([]Example(nil), ex...)
	bad[0].Rating = rating(7)
	if _, err := Train(bad, TrainOptions{Epochs: 10}); err == nil {
		t.Error("rating 7: no error")
	}
}

// TestDriverKeys checks that a rule word and the word feature with the
// same text merge into one driver.
func TestDriverKeys(t *testing.T) {
	if textKey("good", false) != unigramHash(fnv64("good"), false) ||
		textKey("good", true) != unigramHash(fnv64("good"), true) ||
		textKey("open war", false) != bigramHash(fnv64("open"), fnv64("war")) {
		t.Error("rule driver keys differ from feature hashes")
	}
	if textKey("patronage of terrorists", false) == textKey("patronage of terrorists", true) {
		t.Error("negated phrase has the key of the phrase")
	}
	cands := []driverCand{
		{b: "good", weight: 0.5, key: textKey("good", false)},
		{b: "bad", weight: -0.4, key: textKey("bad", false)},
		{b: "good", rule: true, weight: 0.3, key: textKey("good", false)},
		{a: "not", b: "bad", weight: 0.1, key: bigramHash(fnv64("not"), fnv64("bad"))},
	}
	got := topDrivers(cands, 2)
	want := []Driver{{Text: "good", Weight: 0.8}, {Text: "bad", Weight: -0.4}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("topDrivers = %+v, want %+v", got, want)
	}
}

func TestLikeIsVerb(t *testing.T) {
	for text, want := range map[string]int{
		"I like it.":                  +1,
		"We really like the plan.":    +1,
		"I don't like it.":            -1,
		"They act like a government.": 0,
		"It was like two hours long.": 0,
	} {
		got := ruleScore(text)
		sign := 0
		if got > 0.05 {
			sign = 1
		} else if got < -0.05 {
			sign = -1
		}
		if sign != want {
			t.Errorf("rule score of %q = %.3f, want sign %d", text, got, want)
		}
	}
}

func TestFeatureLex(t *testing.T) {
	tests := []struct {
		name  string
		known bool
		sign  int // sign of the valence
	}{
		{"w:awesome", true, +1},
		{"w:impasse", true, -1}, // news lexicon
		{"n:good", true, -1},    // negated: VADER's -0.74
		{"b:so awesome", true, 0},
		{"w:why", false, 0},
		{"w:cat", false, 0},
		{"w:?", false, 0},
		{"b:why are", false, 0},
		{"w:@side", false, 0},
		{"awesome", false, 0},
	}
	for _, tt := range tests {
		v, known := featureLex(tt.name)
		sign := 0
		if v > 0 {
			sign = 1
		} else if v < 0 {
			sign = -1
		}
		if known != tt.known || sign != tt.sign {
			t.Errorf("featureLex(%q) = %v, %v; want known %v, sign %d", tt.name, v, known, tt.known, tt.sign)
		}
	}
}

// lexTrainingSet has "awesome" (VADER's lexicon) and "zorp" (no lexicon)
// always together, once each, so the data give both the same evidence:
// only the regularisation can tell their weights apart.
var lexTrainingSet = []Example{
	{Text: "zorp awesome morning with friends", Label: Positive},
	{Text: "the band was zorp awesome tonight", Label: Positive},
	{Text: "zorp awesome pizza downtown", Label: Positive},
	{Text: "my sister got the job, zorp awesome", Label: Positive},
	{Text: "a zorp awesome walk by the river", Label: Positive},
	{Text: "the bus broke down again", Label: Negative},
	{Text: "lost my wallet on the train", Label: Negative},
	{Text: "the heating failed in the night", Label: Negative},
	{Text: "stuck in traffic for two hours", Label: Negative},
	{Text: "the shop closes at six", Label: Neutral},
	{Text: "the meeting moved to Thursday", Label: Neutral},
	{Text: "the train leaves at noon", Label: Neutral},
}

func TestTrainTrustsLexiconWords(t *testing.T) {
	posMinusNeg := func(opt TrainOptions, name string) float64 {
		t.Helper()
		opt.Epochs = 200
		m, err := Train(lexTrainingSet, opt)
		if err != nil {
			t.Fatal(err)
		}
		w, ok := m.file.Features[name]
		if !ok {
			t.Fatalf("no feature %s", name)
		}
		return w[classPos] - w[classNeg]
	}
	// Plain L2: the same evidence gives the same weight.
	plain := TrainOptions{UnknownL2: 1, LexPrior: -1}
	if a, z := posMinusNeg(plain, "w:awesome"), posMinusNeg(plain, "w:zorp"); a != z || a <= 0 {
		t.Errorf("plain L2: awesome %.4f, zorp %.4f; want equal and positive", a, z)
	}
	// A higher penalty for words no lexicon knows: zorp ends smaller.
	unknown := TrainOptions{UnknownL2: 4, LexPrior: -1}
	if a, z := posMinusNeg(unknown, "w:awesome"), posMinusNeg(unknown, "w:zorp"); !(z > 0 && z < a-0.01) {
		t.Errorf("UnknownL2 4: awesome %.4f, zorp %.4f; want 0 < zorp < awesome", a, z)
	}
	// The lexicon prior alone pulls awesome toward its (positive) valence.
	prior := TrainOptions{UnknownL2: 1, LexPrior: 4}
	if a, z := posMinusNeg(prior, "w:awesome"), posMinusNeg(prior, "w:zorp"); !(a > z+0.01) {
		t.Errorf("LexPrior 4: awesome %.4f, zorp %.4f; want awesome larger", a, z)
	}
	m, err := Train(lexTrainingSet, TrainOptions{Epochs: 50})
	if err != nil {
		t.Fatal(err)
	}
	if info := m.Info(); info.UnknownL2 != DefaultUnknownL2 || info.LexPrior != DefaultLexPrior {
		t.Errorf("training info records unknown_l2 %v, lex_prior %v; want the defaults %v, %v",
			info.UnknownL2, info.LexPrior, float64(DefaultUnknownL2), float64(DefaultLexPrior))
	}
}
