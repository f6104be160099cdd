package sentiment

import (
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestConfusion(t *testing.T) {
	// gold \ pred   neg neu pos
	//   neg          3   1   0
	//   neu          1   1   1
	//   pos          0   1   2
	gold := []string{"neg", "neg", "neg", "neg", "neu", "neu", "neu", "pos", "pos", "pos"}
	pred := []string{"neg", "neg", "neg", "neu", "neg", "neu", "pos", "neu", "pos", "pos"}
	c := Confusion([]string{"neg", "neu", "pos"}, gold, pred)
	want := [][]int{{3, 1, 0}, {1, 1, 1}, {0, 1, 2}}
	for i := range want {
		for k := range want[i] {
			if c.Counts[i][k] != want[i][k] {
				t.Fatalf("counts %v, want %v", c.Counts, want)
			}
		}
	}
	if c.Total() != 10 || !near(c.Accuracy(), 0.6) {
		t.Errorf("total %d accuracy %v", c.Total(), c.Accuracy())
	}
	// neg: P 3/4, R 3/4, F1 0.75. neu: P 1/3, R 1/3, F1 1/3.
	// pos: P 2/3, R 2/3, F1 2/3.
	neg, neu, pos := c.Class("neg"), c.Class("neu"), c.Class("pos")
	if !near(neg.Precision, 0.75) || !near(neg.Recall, 0.75) || !near(neg.F1, 0.75) || neg.Support != 4 || neg.Predicted != 4 {
		t.Errorf("neg %+v", neg)
	}
	if !near(neu.F1, 1.0/3) || !near(pos.F1, 2.0/3) {
		t.Errorf("neu %+v pos %+v", neu, pos)
	}
	if !near(c.MacroF1(), (0.75+1.0/3+2.0/3)/3) {
		t.Errorf("macro-F1 %v", c.MacroF1())
	}
	// Weighted by support 4, 3, 3.
	p, r, f := c.Weighted()
	wf := (4*0.75 + 3*(1.0/3) + 3*(2.0/3)) / 10
	if !near(f, wf) || !near(p, wf) || !near(r, wf) {
		t.Errorf("weighted %v %v %v, want %v", p, r, f, wf)
	}
	if !near(c.MeanF1("neg", "pos"), (0.75+2.0/3)/2) {
		t.Errorf("MeanF1 %v", c.MeanF1("neg", "pos"))
	}
}

func TestConfusionUnlistedAndEmpty(t *testing.T) {
	// A label not listed is appended; a class never predicted has P = 0.
	c := Confusion([]string{"FAVOR", "AGAINST"}, []string{"FAVOR", "NONE", "AGAINST"}, []string{"FAVOR", "FAVOR", "FAVOR"})
	if len(c.Labels) != 3 || c.Labels[2] != "NONE" {
		t.Fatalf("labels %v", c.Labels)
	}
	fav := c.Class("FAVOR")
	if !near(fav.Precision, 1.0/3) || !near(fav.Recall, 1) || !near(fav.F1, 0.5) {
		t.Errorf("FAVOR %+v", fav)
	}
	if ag := c.Class("AGAINST"); ag.Precision != 0 || ag.Recall != 0 || ag.F1 != 0 {
		t.Errorf("AGAINST %+v", ag)
	}
	// SemEval F_avg = (0.5 + 0) / 2.
	if !near(c.MeanF1("FAVOR", "AGAINST"), 0.25) {
		t.Errorf("F_avg %v", c.MeanF1("FAVOR", "AGAINST"))
	}
	e := Confusion([]string{"a"}, nil, nil)
	if e.Accuracy() != 0 || e.MacroF1() != 0 {
		t.Error("empty matrix should score 0")
	}
	if p, r, f := e.Weighted(); p != 0 || r != 0 || f != 0 {
		t.Error("empty weighted should be 0")
	}
}

func TestPearson(t *testing.T) {
	if r := Pearson([]float64{1, 2, 3}, []float64{2, 4, 6}); !near(r, 1) {
		t.Errorf("r = %v, want 1", r)
	}
	if r := Pearson([]float64{1, 2, 3}, []float64{3, 2, 1}); !near(r, -1) {
		t.Errorf("r = %v, want -1", r)
	}
	// x = 1,2,3,4; y = 1,3,2,4: sxy = 4, sxx = syy = 5, r = 0.8.
	if r := Pearson([]float64{1, 2, 3, 4}, []float64{1, 3, 2, 4}); !near(r, 0.8) {
		t.Errorf("r = %v, want 0.8", r)
	}
	if !math.IsNaN(Pearson([]float64{1}, []float64{1})) || !math.IsNaN(Pearson([]float64{1, 1}, []float64{1, 2})) {
		t.Error("undefined r should be NaN")
	}
}

func TestSignLabel(t *testing.T) {
	tests := []struct {
		x, band float64
		want    string
	}{
		{0.05, 0.05, Positive}, {0.049, 0.05, Neutral}, {-0.05, 0.05, Negative},
		{0.01, 0, Positive}, {0, 0, Neutral}, {-0.2, 0, Negative},
	}
	for _, tt := range tests {
		if got := SignLabel(tt.x, tt.band); got != tt.want {
			t.Errorf("SignLabel(%v, %v) = %s, want %s", tt.x, tt.band, got, tt.want)
		}
	}
}
