//go:build modelselect

// The model-selection runs behind the built-in model's training options
// (sentiment/model/README.md): cross-validation, leave-one-source-out
// validation and the development sets. They train dozens of models, so
// they only build with the tag:
//
//	go test -tags modelselect -run TestSelect -v ./sentiment/
//	SELECT_L2=0.00002,0.00005,0.0001 SELECT_CAL=0,1 go test -tags modelselect -run TestSelectLOSO -v ./sentiment/
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
}

// selectDev are the development sets: never trained on.
var selectDev = []string{
	"../testdata/labelled/gerd-nile-2025.jsonl",
	"model/dev/social.jsonl",
	"model/dev/social-rated.jsonl",
	"model/dev/social-lexical.jsonl",
	"model/dev/news-rated.jsonl",
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
