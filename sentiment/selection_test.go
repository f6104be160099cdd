//go:build modelselect

// The model-selection runs behind the built-in model's training options
// (sentiment/model/README.md): cross-validation, leave-one-source-out
// validation and the development sets. They train dozens of models, so
// they only build with the tag:
//
//	go test -tags modelselect -run TestSelect -v ./sentiment/
//	SELECT_L2=0.00002,0.00005,0.0001 SELECT_CAL=0,1 go test -tags modelselect -run TestSelectLOSO -v ./sentiment/
//	SELECT_WM=0.5,1 SELECT_WR=0 SELECT_WV=0,0.25 go test -tags modelselect -run TestSelectMix -v ./sentiment/
//	SELECT_K=1,3,10 SELECT_ALPHA=-1,1,2 go test -tags modelselect -run 'TestSelect(Dev|LOSO|Disputes)' -v ./sentiment/
//
// SELECT_K is TrainOptions.UnknownL2 (the L2 factor of words no lexicon
// knows), SELECT_ALPHA its LexPrior (-1 for none) and SELECT_BAND its
// NeutralBand (0: chosen by cross-validation). SELECT_EXTRA adds training
// files and SELECT_DEV development files (comma-separated) to
// TestSelectDev.
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
	"model/dev/probe-short.jsonl",
	"model/dev/social-blind.jsonl",
}

// selectTrainFiles returns selectTrain and the files named by
// SELECT_EXTRA (comma-separated, relative to this package), so a
// candidate training file can be measured before it joins the Makefile.
func selectTrainFiles() []string {
	return selectFiles(selectTrain, "SELECT_EXTRA")
}

// selectDevFiles returns selectDev and the files named by SELECT_DEV
// (comma-separated): development sets kept outside the repository, such
// as the ones scripts/uci-sentences.sh writes.
func selectDevFiles() []string {
	return selectFiles(selectDev, "SELECT_DEV")
}

func selectFiles(base []string, env string) []string {
	files := slices.Clone(base)
	if v := os.Getenv(env); v != "" {
		files = append(files, strings.Split(v, ",")...)
	}
	return files
}

// selectOptions returns the training options of the grid given by the
// SELECT_L2, SELECT_CAL, SELECT_K and SELECT_ALPHA variables (defaults:
// the built-in model's), with a name for each.
func selectOptions() (names []string, opts []TrainOptions) {
	for _, l2 := range selectGrid("SELECT_L2", DefaultL2) {
		for _, cal := range selectGrid("SELECT_CAL", 0) {
			for _, k := range selectGrid("SELECT_K", DefaultUnknownL2) {
				for _, a := range selectGrid("SELECT_ALPHA", DefaultLexPrior) {
					for _, band := range selectGrid("SELECT_BAND", 0) {
						names = append(names, fmt.Sprintf("l2=%g cal=%g k=%g alpha=%g", l2, cal, k, a))
						opts = append(opts, TrainOptions{L2: l2, Calibrate: cal != 0, UnknownL2: k, LexPrior: a, NeutralBand: band})
					}
				}
			}
		}
	}
	return names, opts
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

// signAccuracy is the share of the polar examples (labelled positive or
// negative) whose score has their sign outside the paper's ±0.05 neutral
// zone: the paper's reading of a set labelled by polarity only.
func signAccuracy(m *Model, ex []Example) float64 {
	right, n := 0, 0
	for _, e := range ex {
		if e.Label == "neutral" {
			continue
		}
		n++
		if SignLabel(NewAnalyzer(e.Story, WithModel(m)).Analyze(e.Text).Sentiment.Score, 0.05) == e.Label {
			right++
		}
	}
	return float64(right) / float64(max(n, 1))
}

// TestSelectDev trains on all training files for each setting and prints
// the 5-fold cross-validated figures and those of each development set.
func TestSelectDev(t *testing.T) {
	var train []Example
	for _, f := range selectTrainFiles() {
		train = append(train, selectLoad(t, f)...)
	}
	devFiles := selectDevFiles()
	devs := make([][]Example, len(devFiles))
	for i, f := range devFiles {
		devs[i] = selectLoad(t, f)
	}
	names, opts := selectOptions()
	for o, opt := range opts {
		m, err := Train(train, opt)
		if err != nil {
			t.Fatal(err)
		}
		info := m.Info()
		line := fmt.Sprintf("%s band=%.2f | cv macro-F1 %.3f r %.3f |", names[o], m.NeutralBand, info.CVMacro, info.CVPearson)
		for i, d := range devs {
			macro, rated, paper, polar, r := scoreSet(m, d)
			line += fmt.Sprintf(" %s F1 %.3f", strings.TrimSuffix(filepath.Base(devFiles[i]), ".jsonl"), macro)
			if rated {
				line += fmt.Sprintf(" paper %.3f polar %.3f r %.3f", paper, polar, r)
			} else {
				line += fmt.Sprintf(" sign %.3f", signAccuracy(m, d))
			}
			line += " |"
		}
		fmt.Println(line)
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
	names, opts := selectOptions()
	for o, opt := range opts {
		line := names[o] + " |"
		var sumF, sumR float64
		nR := 0
		for g := range groups {
			var train []Example
			for h := range groups {
				if h != g {
					train = append(train, groups[h]...)
				}
			}
			m, err := Train(train, opt)
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

// TestSelectDisputes is leave-one-dispute-out on the labelled comments:
// each training dispute is left out of the training files and scored by
// the model trained on the rest; the held-out dispute (gerd) is scored by
// the model trained on all training files. It prints the sentiment
// macro-F1 of each, their mean and the macro-F1 of the four pooled.
func TestSelectDisputes(t *testing.T) {
	groups := make([][]Example, len(selectTrain))
	for i, f := range selectTrain {
		groups[i] = selectLoad(t, f)
	}
	held := selectLoad(t, selectDev[0])
	names, opts := selectOptions()
	for o, opt := range opts {
		line := names[o] + " |"
		var gold, pred []string
		sum, n := 0.0, 0
		score := func(name string, m *Model, ex []Example) {
			var g, p []string
			for _, e := range ex {
				g = append(g, e.Label)
				p = append(p, NewAnalyzer(e.Story, WithModel(m)).Analyze(e.Text).Sentiment.Label)
			}
			f := Confusion(classNames[:], g, p).MacroF1()
			gold, pred = append(gold, g...), append(pred, p...)
			sum += f
			n++
			line += fmt.Sprintf(" %s %.3f |", name, f)
		}
		for g, f := range selectTrain {
			if !strings.Contains(f, "testdata/labelled") {
				continue
			}
			var train []Example
			for h := range groups {
				if h != g {
					train = append(train, groups[h]...)
				}
			}
			m, err := Train(train, opt)
			if err != nil {
				t.Fatal(err)
			}
			score(strings.TrimSuffix(filepath.Base(f), ".jsonl"), m, groups[g])
		}
		var all []Example
		for _, g := range groups {
			all = append(all, g...)
		}
		m, err := Train(all, opt)
		if err != nil {
			t.Fatal(err)
		}
		score("gerd (held out)", m, held)
		fmt.Printf("%s mean %.3f pooled %.3f\n", line, sum/float64(n), Confusion(classNames[:], gold, pred).MacroF1())
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
	oof := crossValidate(vecs, len(vocab), penaltyPlan(vocab, opt), opt)
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
