package sentiment

import (
	"strings"
	"testing"
)

// The stance cases read the seed story (sides pakistan, afghanistan; the
// TTP and the mediators are parties). They run the whole classifier, rules
// and built-in model.
func TestStanceCues(t *testing.T) {
	a := NewAnalyzer(seedStory(t))
	tests := []struct {
		cue, text, want string
	}{
		// Demands called fair, legitimate, understandable, justified.
		{"demand understandable", "Pakistan's demand for verifiable action is understandable.", "pro_pakistan"},
		{"concerns legitimate", "Afghanistan's concerns about sovereignty are legitimate.", "pro_afghanistan"},
		{"position justified", "Islamabad's position is completely justified.", "pro_pakistan"},
		{"offer fair", "Kabul's offer to relocate the families is fair.", "pro_afghanistan"},
		{"not unreasonable", "Islamabad's demand is not an unreasonable ask.", "pro_pakistan"},
		// Blame.
		{"X is to blame", "Kabul is to blame for this collapse.", "pro_pakistan"},
		{"X's fault", "This failure is entirely Islamabad's fault.", "pro_afghanistan"},
		{"blame X", "Blame Pakistan for walking out of the talks.", "pro_afghanistan"},
		// Complicity, evasion, harbouring, lying, double game.
		{"complicity", "Afghanistan's evasion proves their complicity.", "pro_pakistan"},
		{"evasion", "The evasion from Kabul was obvious to everyone.", "pro_pakistan"},
		{"harbours the TTP", "Kabul harbours the TTP and everyone knows it.", "pro_pakistan"},
		{"sheltering", "The Taliban keep sheltering militants who attack Pakistan.", "pro_pakistan"},
		{"lying", "Islamabad is lying about the drone deal.", "pro_afghanistan"},
		{"double game", "Pakistan has played a double game for decades.", "pro_afghanistan"},
		// Praise.
		{"praise", "Well done Pakistan, a dignified and patient delegation.", "pro_pakistan"},
		{"credit to", "Credit to the Afghan delegation for staying calm.", "pro_afghanistan"},
		{"proud of", "Proud of Kabul for not giving up its sovereignty.", "pro_afghanistan"},
		// Pressure: X must / should / needs to.
		{"X must", "Kabul must hand over the TTP leadership now.", "pro_pakistan"},
		{"X should stop", "Pakistan should stop bombing Afghan villages.", "pro_afghanistan"},
		{"X needs to", "Islamabad needs to stop blaming its neighbours for everything.", "pro_afghanistan"},
		// Both sides.
		{"both sides need to", "Both sides need to show more flexibility.", "balanced"},
		{"each side", "Each side has one legitimate point and ten bad ones.", "balanced"},
		{"right but has a point", "Pakistan is right about the TTP, but Afghanistan has a point about the airstrikes.", "balanced"},
		{"both legitimate", "Pakistan's security concerns are legitimate, and Afghanistan's complaint about airstrikes is legitimate too.", "balanced"},
		{"shame on both", "Islamabad lies about its drone deal and Kabul lies about the TTP. Shame on both.", "balanced"},
		// Pronouns point back to the side last named.
		{"they after a mention", "The Taliban refused to sign anything. They are lying about their intentions.", "pro_pakistan"},
		// Roman Urdu and Urdu.
		{"zindabad", "Pakistan zindabad! Pak fauj ko salam.", "pro_pakistan"},
		{"zindabad Afghanistan", "Afghanistan zindabad. We don't bow.", "pro_afghanistan"},
		{"murdabad", "Pakistan murdabad!", "pro_afghanistan"},
		{"ghaddar", "Kabul ke hukmaran ghaddar hain.", "pro_pakistan"},
		{"marg bar", "Marg bar Pakistan.", "pro_afghanistan"},
		// Nothing about a side.
		{"TTP alone", "The TTP killed five soldiers, this is tragic.", "none"},
		{"TTP criticised", "The Tehrik-e-Taliban Pakistan are murderers and cowards.", "none"},
		{"mediators only", "Thank you Qatar and Turkey for hosting the talks.", "none"},
		{"question", "Is the Torkham crossing open today?", "none"},
		{"empty", "", "none"},
	}
	for _, tt := range tests {
		t.Run(tt.cue, func(t *testing.T) {
			got := a.stance(tt.text)
			if got.Label != tt.want {
				t.Errorf("stance(%q) = %s %v (evidence %q), want %s", tt.text, got.Label, got.Sides, got.Evidence, tt.want)
			}
		})
	}
}

// TestStanceRules checks the rule half alone: which side each cue's
// evidence goes to, before the model weighs it.
func TestStanceRules(t *testing.T) {
	a := NewAnalyzer(seedStory(t))
	tests := []struct {
		text string
		side string // the side the rules must favour ("" for none)
	}{
		{"Kabul harbours the TTP.", "pakistan"},
		{"Afghanistan's evasion proves their complicity.", "pakistan"},
		{"Pakistan's demand for verifiable action is understandable.", "pakistan"},
		{"Blame Islamabad for this.", "afghanistan"},
		{"Pakistan bombs Kabul, then lectures everyone about sovereignty.", "afghanistan"},
		{"Kabul was bombed by Pakistan.", "afghanistan"},
		{"The Taliban refused to commit. Pathetic.", "pakistan"},
		{"Islamabad's \"evidence\" convinces nobody.", ""},
		{"The TTP attacked a police station.", ""},
	}
	for _, tt := range tests {
		d := a.buildStanceDoc(tt.text, a.story.Mentions(tt.text))
		got := ""
		if d.rule >= 0 {
			got = a.story.Sides[d.rule].ID
		}
		if got != tt.side {
			t.Errorf("rules(%q) favour %q (direct %v), want %q", tt.text, got, d.direct, tt.side)
		}
		d.release()
	}
}

// TestStanceThreeSides checks a story with three sides: attacking one side
// spreads support to the other two, less to each, and the sides' scores
// and labels use the story's ids.
func TestStanceThreeSides(t *testing.T) {
	st := &Story{ID: "three", Sides: []Group{
		{ID: "red", Aliases: []string{"Redland", "Redlanders"}},
		{ID: "blue", Aliases: []string{"Blueland"}},
		{ID: "green", Aliases: []string{"Greenland"}},
	}}
	if err := st.Validate(); err != nil {
		t.Fatal(err)
	}
	a := NewAnalyzer(st)
	text := "Redland is lying and Redland is to blame."
	d := a.buildStanceDoc(text, a.story.Mentions(text))
	if d.sup[0] >= 0 || d.sup[1] <= 0 || d.sup[2] <= 0 {
		t.Errorf("support %v: want red < 0 < blue, green", d.sup)
	}
	if d.sup[1] >= -d.sup[0] {
		t.Errorf("support %v: the spread support should be smaller than the blame", d.sup)
	}
	d.release()
	got := a.stance("Well done Blueland, a dignified and generous offer.")
	if got.Label != "pro_blue" {
		t.Errorf("label %s, want pro_blue", got.Label)
	}
	if len(got.Sides) != 3 || got.Sides["blue"] <= got.Sides["red"] {
		t.Errorf("sides %v", got.Sides)
	}
}

// TestStanceOutput checks the contract of Stance: a score in [-1, 1] for
// every side, evidence that is text of the input, and none without a story.
func TestStanceOutput(t *testing.T) {
	a := NewAnalyzer(seedStory(t))
	for _, text := range []string{
		"Kabul harbours the TTP. Pakistan must protect its people.",
		"Both sides need to show flexibility.",
		"Nothing to see here.",
		"Pakistan Pakistan Pakistan Afghanistan",
	} {
		got := a.stance(text)
		if len(got.Sides) != 2 {
			t.Errorf("%q: sides %v", text, got.Sides)
		}
		for id, v := range got.Sides {
			if v < -1 || v > 1 {
				t.Errorf("%q: side %s score %v out of range", text, id, v)
			}
		}
		if got.Evidence == nil {
			t.Errorf("%q: nil evidence", text)
		}
		for _, e := range got.Evidence {
			if !strings.Contains(text, e) {
				t.Errorf("%q: evidence %q is not in the text", text, e)
			}
		}
		if got.Label == StanceNone && len(got.Evidence) > 0 {
			t.Errorf("%q: none with evidence %q", text, got.Evidence)
		}
	}
	if got := NewAnalyzer(nil).stance("Kabul harbours the TTP."); got.Label != StanceNone || len(got.Sides) != 0 {
		t.Errorf("no story: %+v", got)
	}
}

// TestStanceModelFile checks that the built-in model loads, names its
// classes, and survives a write and read unchanged.
func TestStanceModelFile(t *testing.T) {
	m := DefaultStanceModel()
	if len(m.Features) == 0 {
		t.Fatal("built-in stance model has no features")
	}
	var b strings.Builder
	if _, err := m.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	m2, err := ReadStanceModel(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(m2.Features) != len(m.Features) || m2.Bias != m.Bias {
		t.Errorf("read back %d features, bias %v; want %d, %v", len(m2.Features), m2.Bias, len(m.Features), m.Bias)
	}
	if _, err := ReadStanceModel(strings.NewReader(`{"format": "other"}`)); err == nil {
		t.Error("a model of another format was accepted")
	}
	for name := range m.Features {
		if strings.Contains(name, "pakistan") || strings.Contains(name, "kabul") || strings.Contains(name, "afghan") {
			t.Errorf("feature %q names a side: aliases must be placeholders", name)
		}
	}
}

// TestTrainStance trains on a handful of examples and checks the result
// is deterministic and the errors are reported.
func TestTrainStance(t *testing.T) {
	st := seedStory(t)
	stories := map[string]*Story{st.ID: st}
	ex := []StanceExample{
		{st.ID, "Kabul harbours the TTP.", "pro_pakistan"},
		{st.ID, "Pakistan bombs Kabul again.", "pro_afghanistan"},
		{st.ID, "Both sides need to compromise.", "balanced"},
		{st.ID, "When do the talks resume?", "none"},
	}
	m1, err := TrainStance(ex, stories)
	if err != nil {
		t.Fatal(err)
	}
	m2, _ := TrainStance(ex, stories)
	var b1, b2 strings.Builder
	m1.WriteTo(&b1)
	m2.WriteTo(&b2)
	if b1.String() != b2.String() {
		t.Error("training twice gave two models")
	}
	if _, err := TrainStance(nil, stories); err == nil {
		t.Error("no examples: no error")
	}
	if _, err := TrainStance([]StanceExample{{"nope", "x", "none"}}, stories); err == nil {
		t.Error("unknown story: no error")
	}
	if _, err := TrainStance([]StanceExample{{st.ID, "x", "pro_india"}}, stories); err == nil {
		t.Error("label of no side: no error")
	}
}

// TestRuleWordsLexicon checks that the word table carries govader's
// valences, and that no lexicon word ends in "n't": isNeg reads that suffix
// only for words without an entry, and the lexicon's words have one.
func TestRuleWordsLexicon(t *testing.T) {
	infos := ruleWords()
	for w, v := range sharedVADER().Lexicon {
		if got := infos.lookup(fnv64(w), w).valence(); got != v {
			t.Errorf("ruleWords[%q].valence() = %v, want %v", w, got, v)
		}
		if strings.HasSuffix(w, "n't") {
			t.Errorf("lexicon word %q ends in n't", w)
		}
	}
}
