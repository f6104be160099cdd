//go:build modelselect

// The model-selection runs behind the built-in model's training options
// (sentiment/model/README.md): cross-validation, leave-one-source-out
// validation and the development sets. They train dozens of models, so
// they only build with the tag:
//
//	go test -tags modelselect -run TestSelect -v ./sentiment/
//	SELECT_L2=0.00002,0.00005,0.0001 SELECT_CAL=0,1 go test -tags modelselect -run TestSelectLOSO -v ./sentiment/
//	SELECT_WM=0.5,1 SELECT_WR=0 SELECT_WV=0,0.25 go test -tags modelselect -run TestSelectMix -v ./sentiment/
//
// Nothing here reads ../shared/eval/.

package sentiment

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// selectTrain are the training files of the built-in model, in order.
var selectTrain = []string{
	"model/train/news.jsonl",
	"../testdata/labelled/armenia-azerbaijan-2025.jsonl",
	"../testdata/labelled/calder-transit-strike-2026.jsonl",
	"../testdata/labelled/istanbul-talks-2025.jsonl",
	"model/train/social.jsonl",
	"model/train/news-rated.jsonl",
	"model/train/social-everyday.jsonl",
}

// selectDev are the development sets: never trained on.
var selectDev = []string{
	"../testdata/labelled/gerd-nile-2025.jsonl",
	"model/dev/social.jsonl",
	"model/dev/social-rated.jsonl",
	"model/dev/social-lexical.jsonl",
	"model/dev/news-rated.jsonl",
	"model/dev/social-short.jsonl",
}

func selectLoad(t *testing.T, path string) []Example {
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var ex []Example
	stories := map[string]*Story{}
	for sc.Scan() {
		var r struct {
			Story, Text, Sentiment string
			Rating                 *float64
		}
		if json.Unmarshal(sc.Bytes(), &r) != nil || r.Sentiment == "" {
			continue
		}
		st := stories[r.Story]
		if st == nil && r.Story != "" {
			if st, err = LoadStory(filepath.Join("..", "testdata", "stories", r.Story+".toml")); err != nil {
				t.Fatal(err)
			}
			stories[r.Story] = st
		}
		ex = append(ex, Example{Text: r.Text, Label: r.Sentiment, Story: st, Rating: r.Rating})
	}
	return ex
}

// selectGrid returns the comma-separated numbers of an environment
// variable, or def.
func selectGrid(name string, def ...float64) []float64 {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	var out []float64
	for _, s := range strings.Split(v, ",") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			panic(name + ": " + err.Error())
		}
		out = append(out, f)
	}
	return out
}

// scoreSet returns macro-F1 of the labels and, for rated examples, the
// VADER paper's weighted F1 (gold = sign of the rating, neutral
// prediction within ±0.05), the same on the polar examples (|rating| ≥
// 0.5, as in the paper's sets where a mean rating of exactly 0 is rare)
// and Pearson r.
func scoreSet(m *Model, ex []Example) (macro float64, rated bool, paper, polar, r float64) {
	var gold, pred, pg, pp, qg, qp []string
	var sc, rt []float64
	for _, e := range ex {
		s := NewAnalyzer(e.Story, WithModel(m)).Analyze(e.Text).Sentiment
		gold = append(gold, e.Label)
		pred = append(pred, s.Label)
		if e.Rating == nil {
			continue
		}
		sc, rt = append(sc, s.Score), append(rt, *e.Rating)
		pg, pp = append(pg, SignLabel(*e.Rating, 0)), append(pp, SignLabel(s.Score, 0.05))
		if math.Abs(*e.Rating) >= 0.5 {
			qg, qp = append(qg, SignLabel(*e.Rating, 0)), append(qp, SignLabel(s.Score, 0.05))
		}
	}
	macro = Confusion(classNames[:], gold, pred).MacroF1()
	if len(rt) == 0 {
		return macro, false, 0, 0, 0
	}
	_, _, paper = Confusion(classNames[:], pg, pp).Weighted()
	_, _, polar = Confusion(classNames[:], qg, qp).Weighted()
	return macro, true, paper, polar, Pearson(sc, rt)
}

// TestSelectDev trains on all training files for each setting and prints
// the 5-fold cross-validated figures and those of each development set.
func TestSelectDev(t *testing.T) {
	var train []Example
	for _, f := range selectTrain {
		train = append(train, selectLoad(t, f)...)
	}
	devs := make([][]Example, len(selectDev))
	for i, f := range selectDev {
		devs[i] = selectLoad(t, f)
	}
	for _, l2 := range selectGrid("SELECT_L2", DefaultL2) {
		for _, cal := range selectGrid("SELECT_CAL", 0) {
			m, err := Train(train, TrainOptions{L2: l2, Calibrate: cal != 0})
			if err != nil {
				t.Fatal(err)
			}
			info := m.Info()
			line := fmt.Sprintf("l2=%g cal=%g band=%.2f | cv macro-F1 %.3f r %.3f |", l2, cal, m.NeutralBand, info.CVMacro, info.CVPearson)
			for i, d := range devs {
				macro, rated, paper, polar, r := scoreSet(m, d)
				line += fmt.Sprintf(" %s F1 %.3f", strings.TrimSuffix(filepath.Base(selectDev[i]), ".jsonl"), macro)
				if rated {
					line += fmt.Sprintf(" paper %.3f polar %.3f r %.3f", paper, polar, r)
				}
				line += " |"
			}
			fmt.Println(line)
		}
	}
}

// TestSelectLOSO is leave-one-source-out validation: for each training
// file, train on the others and score it, so each source plays a domain
// the model has not seen (as the evaluation sets are).
func TestSelectLOSO(t *testing.T) {
	groups := make([][]Example, len(selectTrain))
	for i, f := range selectTrain {
		groups[i] = selectLoad(t, f)
	}
	for _, l2 := range selectGrid("SELECT_L2", DefaultL2) {
		for _, cal := range selectGrid("SELECT_CAL", 0) {
			line := fmt.Sprintf("l2=%g cal=%g |", l2, cal)
			var sumF, sumR float64
			nR := 0
			for g := range groups {
				var train []Example
				for h := range groups {
					if h != g {
						train = append(train, groups[h]...)
					}
				}
				m, err := Train(train, TrainOptions{L2: l2, Calibrate: cal != 0})
				if err != nil {
					t.Fatal(err)
				}
				macro, rated, _, _, r := scoreSet(m, groups[g])
				sumF += macro
				line += fmt.Sprintf(" %s %.3f", strings.TrimSuffix(filepath.Base(selectTrain[g]), ".jsonl"), macro)
				if rated {
					sumR += r
					nR++
					line += fmt.Sprintf(" r %.3f", r)
				}
				line += " |"
			}
			fmt.Printf("%s mean macro-F1 %.3f mean r %.3f\n", line, sumF/float64(len(groups)), sumR/float64(nR))
		}
	}
}

// mixPoint is one text's three score components and its gold values.
type mixPoint struct {
	x      [3]float64 // P(pos) − P(neg), rule score, VADER compound
	words  int
	label  string
	rating float64 // NaN when not rated
}

func (p mixPoint) score(w ScoreWeights) float64 {
	return w.apply3(p.x)
}

func (w ScoreWeights) apply3(x [3]float64) float64 {
	return clamp(w.Model*x[0]+w.Rules*x[1]+w.VADER*x[2], -1, 1)
}

// mixPoints returns the components of each example under m (scored by
// the Analyzer, as at run time).
func mixPoints(m *Model, ex []Example) []mixPoint {
	comp := func(sw ScoreWeights) *Model { c := *m; c.score = sw; return &c }
	ms := [3]*Model{comp(ScoreWeights{Model: 1}), comp(ScoreWeights{Rules: 1}), comp(ScoreWeights{VADER: 1})}
	out := make([]mixPoint, len(ex))
	for i, e := range ex {
		p := mixPoint{label: e.Label, rating: math.NaN(), words: len(strings.Fields(e.Text))}
		if e.Rating != nil {
			p.rating = *e.Rating
		}
		for k, mk := range ms {
			p.x[k] = NewAnalyzer(e.Story, WithModel(mk)).Analyze(e.Text).Sentiment.Score
		}
		out[i] = p
	}
	return out
}

// oofPoints returns the 5-fold cross-validated components of the training
// examples, as Train computes them.
func oofPoints(t *testing.T, ex []Example) []mixPoint {
	opt := TrainOptions{}
	opt.defaults()
	vecs, vocab, _, err := featurize(ex, opt)
	if err != nil {
		t.Fatal(err)
	}
	oof := crossValidate(vecs, len(vocab), opt)
	out := make([]mixPoint, len(ex))
	for i, v := range vecs {
		out[i] = mixPoint{x: [3]float64{scoreOf(oof[i]), v.dense[denseRules], v.dense[denseVader]},
			label: classNames[v.y], rating: v.rating, words: len(strings.Fields(ex[i].Text))}
	}
	return out
}

// mixFigures returns the paper's weighted F1 and Pearson r of the rated
// points under w.
func mixFigures(pts []mixPoint, w ScoreWeights) (paper, r float64, n int) {
	var g, p []string
	var sc, rt []float64
	for _, q := range pts {
		if math.IsNaN(q.rating) {
			continue
		}
		s := q.score(w)
		sc, rt = append(sc, s), append(rt, q.rating)
		g, p = append(g, SignLabel(q.rating, 0)), append(p, SignLabel(s, 0.05))
	}
	if len(rt) < 2 {
		return 0, 0, 0
	}
	_, _, paper = Confusion(classNames[:], g, p).Weighted()
	return paper, Pearson(sc, rt), len(rt)
}

// mixMacro returns the macro-F1 of the labels under w with the neutral
// band chosen on the cross-validated training points (as Train does).
func mixMacro(pts []mixPoint, w ScoreWeights, band float64) float64 {
	m := Model{NeutralBand: band}
	var g, p []string
	for _, q := range pts {
		g, p = append(g, q.label), append(p, m.label(q.score(w)))
	}
	return Confusion(classNames[:], g, p).MacroF1()
}

func mixBand(pts []mixPoint, w ScoreWeights) float64 {
	vecs := make([]trainVec, len(pts))
	scores := make([]float64, len(pts))
	for i, q := range pts {
		vecs[i].y = slices.Index(classNames[:], q.label)
		scores[i] = q.score(w)
	}
	return chooseBand(vecs, scores)
}

// TestSelectMix prints, for a grid of score weights, the figures on the
// cross-validated training points and on each development set.
func TestSelectMix(t *testing.T) {
	var train []Example
	for _, f := range selectTrain {
		train = append(train, selectLoad(t, f)...)
	}
	m, err := Train(train, TrainOptions{Score: &ScoreWeights{Model: 1}})
	if err != nil {
		t.Fatal(err)
	}
	oof := oofPoints(t, train)
	devs := make([][]mixPoint, len(selectDev))
	for i, f := range selectDev {
		devs[i] = mixPoints(m, selectLoad(t, f))
	}
	for _, wm := range selectGrid("SELECT_WM", 0, 0.25, 0.5, 0.75, 1) {
		for _, wr := range selectGrid("SELECT_WR", 0, 0.25, 0.5) {
			for _, wv := range selectGrid("SELECT_WV", 0, 0.25, 0.5, 0.75, 1) {
				w := ScoreWeights{Model: wm, Rules: wr, VADER: wv}
				if wm+wr+wv == 0 {
					continue
				}
				band := mixBand(oof, w)
				pf, pr, _ := mixFigures(oof, w)
				line := fmt.Sprintf("m=%.2f r=%.2f v=%.2f band=%.2f | cv macro %.3f paper %.3f r %.3f |", wm, wr, wv, band, mixMacro(oof, w, band), pf, pr)
				for i, d := range devs {
					line += fmt.Sprintf(" %s F1 %.3f", strings.TrimSuffix(filepath.Base(selectDev[i]), ".jsonl"), mixMacro(d, w, band))
					if f, r, n := mixFigures(d, w); n > 0 {
						line += fmt.Sprintf(" paper %.3f r %.3f", f, r)
					}
					line += " |"
				}
				fmt.Println(line)
			}
		}
	}
}
