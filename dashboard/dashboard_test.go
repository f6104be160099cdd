package dashboard

import (
	"math"
	"testing"
)

func TestMeanSD(t *testing.T) {
	for _, tc := range []struct {
		scores   []float64
		mean, sd float64
	}{
		{nil, 0, 0},
		{[]float64{-0.4}, -0.4, 0},
		{[]float64{0.2, 0.2, 0.2}, 0.2, 0}, // rounding must not make a NaN
		{[]float64{-0.5, -0.3, -0.1}, -0.3, 0.2},
		{[]float64{1, -1}, 0, math.Sqrt2},
	} {
		var sum, sq float64
		for _, s := range tc.scores {
			sum, sq = sum+s, sq+s*s
		}
		mean, sd := MeanSD(len(tc.scores), sum, sq)
		if math.Abs(mean-tc.mean) > 1e-12 || math.Abs(sd-tc.sd) > 1e-9 || math.IsNaN(sd) {
			t.Errorf("MeanSD(%v) = %v, %v; want %v, %v", tc.scores, mean, sd, tc.mean, tc.sd)
		}
	}
}

func TestTQuantile975(t *testing.T) {
	// Exact values from the t distribution.
	for df, want := range map[int]float64{
		1: 12.706205, 2: 4.302653, 10: 2.228139, 30: 2.042272,
		31: 2.039513, 40: 2.021075, 60: 2.000298, 120: 1.979930, 1000: 1.962339,
	} {
		if got := tQuantile975(df); math.Abs(got-want) > 2e-5 {
			t.Errorf("tQuantile975(%d) = %.6f, want %.6f", df, got, want)
		}
	}
}

func TestMeanInterval95(t *testing.T) {
	if lo, hi, ok := MeanInterval95(1, 0.3, 0); ok || lo != 0.3 || hi != 0.3 {
		t.Errorf("n=1: %v %v %v, want no interval", lo, hi, ok)
	}
	// -0.3 ± 4.302653·0.2/√3
	lo, hi, ok := MeanInterval95(3, -0.3, 0.2)
	if !ok || math.Abs(lo+0.796828) > 1e-6 || math.Abs(hi-0.196828) > 1e-6 {
		t.Errorf("n=3: %v %v %v", lo, hi, ok)
	}
	// Clamped to the range of a score.
	if lo, hi, _ := MeanInterval95(2, 0.9, 0.2); hi != 1 || lo >= 0.9 {
		t.Errorf("n=2 near 1: %v %v, want hi clamped to 1", lo, hi)
	}
	st := SideTone{Side: "x", Quotes: 3, Mean: -0.3, SD: 0.2}
	if l, h, _ := st.Interval95(); l != lo || h != hi {
		t.Errorf("SideTone.Interval95 = %v %v", l, h)
	}
}
