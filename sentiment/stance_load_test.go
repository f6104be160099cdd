package sentiment

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// cherryExamples teach a model a cue the built-in one has never seen:
// planting cherry trees is to the side's credit.
func cherryExamples(st *Story) []StanceExample {
	var ex []StanceExample
	for _, s := range []struct{ name, pro string }{
		{"Kabul", "pro_afghanistan"}, {"Islamabad", "pro_pakistan"},
		{"The Taliban", "pro_afghanistan"}, {"Pakistan", "pro_pakistan"},
		{"Afghanistan", "pro_afghanistan"}, {"Khawaja Asif", "pro_pakistan"},
	} {
		ex = append(ex,
			StanceExample{st.ID, s.name + " planted cherry trees again.", s.pro},
			StanceExample{st.ID, "Once more " + s.name + " planted cherry trees.", s.pro},
			StanceExample{st.ID, "The weather in Istanbul was mild.", StanceNone})
	}
	return ex
}

// TestWithStanceModel checks that the analyzer decides stance with the
// model it is given, and with the built-in one otherwise.
func TestWithStanceModel(t *testing.T) {
	st := seedStory(t)
	m, err := TrainStance(cherryExamples(st), map[string]*Story{st.ID: st})
	if err != nil {
		t.Fatal(err)
	}
	const text = "Kabul planted cherry trees near the crossing."
	builtin := NewAnalyzer(st).Analyze(text).Stance
	if got := NewAnalyzer(st, WithStanceModel(nil)).Analyze(text).Stance; !reflect.DeepEqual(got, builtin) {
		t.Errorf("WithStanceModel(nil): %+v, built-in %+v", got, builtin)
	}
	if NewAnalyzer(st).StanceModel() != DefaultStanceModel() || NewAnalyzer(st, WithStanceModel(m)).StanceModel() != m {
		t.Error("StanceModel does not return the model in use")
	}
	trained := NewAnalyzer(st, WithStanceModel(m)).Analyze(text).Stance
	if trained.Label != "pro_afghanistan" {
		t.Errorf("trained model: %+v, want pro_afghanistan", trained)
	}
	if trained.Label == builtin.Label {
		t.Errorf("the trained model changed nothing: %+v", trained)
	}
	// The sentiment stays the built-in model's.
	if a, b := NewAnalyzer(st, WithStanceModel(m)).Analyze(text).Sentiment, NewAnalyzer(st).Analyze(text).Sentiment; !reflect.DeepEqual(a, b) {
		t.Errorf("sentiment changed with the stance model: %+v, %+v", a, b)
	}
}

func TestLoadStanceModel(t *testing.T) {
	dir := t.TempDir()
	st := seedStory(t)
	m, err := TrainStance(cherryExamples(st), map[string]*Story{st.ID: st})
	if err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "stance.json")
	f, err := os.Create(good)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.WriteTo(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	m2, err := LoadStanceModel(good)
	if err != nil {
		t.Fatal(err)
	}
	if len(m2.Features) != len(m.Features) || m2.Bias != m.Bias {
		t.Errorf("read back %d features, want %d", len(m2.Features), len(m.Features))
	}
	sent := filepath.Join(dir, "sentiment.json")
	os.WriteFile(sent, []byte(`{"format": "tonedesk-sentiment", "version": 2}`), 0o644)
	broken := filepath.Join(dir, "broken.json")
	os.WriteFile(broken, []byte(`{"format": "tonedesk-stance/1", "features": {"sa:x": "heavy"}}`), 0o644)
	for _, c := range []struct{ path, want string }{
		{filepath.Join(dir, "missing.json"), "no such file"},
		{sent, `format "tonedesk-sentiment"`},
		{broken, "broken.json"},
	} {
		_, err := LoadStanceModel(c.path)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), filepath.Base(c.path)) {
			t.Errorf("%s: %v, want an error naming the file and %q", c.path, err, c.want)
		}
	}
}
