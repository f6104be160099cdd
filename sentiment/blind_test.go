//go:build modelselect

// A blend of the built-in model's score with govader's compound, measured
// on the development set written without sight of the model
// (model/dev/social-blind.jsonl, see model/dev/README.md):
//
//	go test -tags modelselect -run TestBlindBlend -v ./sentiment/
//	BLIND_FILE=model/dev/other.jsonl go test -tags modelselect -run TestBlindBlend -v ./sentiment/
//
// It changes nothing: each text is scored once by the built-in Analyzer
// (Sentiment.Score) and once by govader on the raw text (as
// 'tonedesk eval --model vader' does), and the table gives, for
// score = (1−w)·model + w·vader, the VADER paper's weighted F1 (gold =
// sign of the rating, neutral prediction within ±0.05), Pearson r of
// score and rating, and macro-F1 of the labels under the built-in model's
// neutral band. A gate ≤N applies w only to texts of at most N words
// (strings.Fields) and scores the others by the model alone.
//
// Nothing here reads ../shared/eval/.

package sentiment

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/jonreiter/govader"
)

func TestBlindBlend(t *testing.T) {
	path := os.Getenv("BLIND_FILE")
	if path == "" {
		path = "model/dev/social-blind.jsonl"
	}
	ex := selectLoad(t, path)
	if len(ex) == 0 {
		t.Fatalf("%s: no examples", path)
	}
	an := NewAnalyzer(nil)
	va := govader.NewSentimentIntensityAnalyzer()
	bm := BuiltinModel()
	type point struct {
		model, vader, rating float64
		words                int
		label                string
	}
	pts := make([]point, 0, len(ex))
	for _, e := range ex {
		if e.Rating == nil {
			continue
		}
		pts = append(pts, point{
			model:  an.Analyze(e.Text).Sentiment.Score,
			vader:  va.PolarityScores(e.Text).Compound,
			rating: *e.Rating,
			words:  len(strings.Fields(e.Text)),
			label:  e.Label,
		})
	}
	if len(pts) < 2 {
		t.Fatalf("%s: fewer than two rated examples", path)
	}
	figures := func(w float64, maxWords int) (paper, r, macro float64, gated int) {
		var g, p, lg, lp []string
		var sc, rt []float64
		for _, q := range pts {
			s := q.model
			if maxWords <= 0 || q.words <= maxWords {
				s = (1-w)*q.model + w*q.vader
				gated++
			}
			sc, rt = append(sc, s), append(rt, q.rating)
			g, p = append(g, SignLabel(q.rating, 0)), append(p, SignLabel(s, 0.05))
			lg, lp = append(lg, q.label), append(lp, bm.label(s))
		}
		_, _, paper = Confusion(classNames[:], g, p).Weighted()
		return paper, Pearson(sc, rt), Confusion(classNames[:], lg, lp).MacroF1(), gated
	}
	fmt.Printf("%s: %d rated texts; score = (1-w)*model + w*vader\n", path, len(pts))
	fmt.Printf("%-6s %5s %6s %8s %7s %8s\n", "gate", "w", "texts", "paperF1", "r", "macroF1")
	for _, n := range []int{0, 8, 12, 20} {
		gate := "all"
		if n > 0 {
			gate = fmt.Sprintf("<=%d", n)
		}
		for _, w := range []float64{0, 0.25, 0.5, 0.75, 1} {
			paper, r, macro, gated := figures(w, n)
			if math.IsNaN(r) {
				t.Errorf("%s w=%g: Pearson r is NaN", gate, w)
			}
			fmt.Printf("%-6s %5.2f %6d %8.3f %7.3f %8.3f\n", gate, w, gated, paper, r, macro)
		}
	}
}
