package sentiment

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"sync"
)

// Model is a trained sentiment model: multinomial logistic regression over
// three classes (negative, neutral, positive) whose features are
//   - the rule scores of the text: VADER's compound, tonedesk's rule score
//     (news lexicon, negation and contrast scope; rules.go) and their
//     absolute values, each the word-weighted mean over sentences;
//   - word unigrams and bigrams (features.go), their weights summed and
//     divided by the square root of the number of features, so a long
//     article does not saturate.
//
// A text's Score is a linear map of P(positive) − P(negative), the rule
// score and VADER's compound, clamped to [-1, 1] (ScoreWeights): P(positive)
// − P(negative) itself unless the model was trained with
// TrainOptions.Calibrate, which fits the map to human intensity ratings.
// Its Label is neutral when |Score| < NeutralBand, else the sign. A Model is read-only after loading and safe
// for concurrent use.
//
// The built-in model (BuiltinModel) is embedded in the binary; `tonedesk
// train` writes others, which LoadModel reads.
type Model struct {
	// NeutralBand is the half-width of the neutral label around 0.
	NeutralBand float64

	score ScoreWeights
	bias  [3]float64
	dense [numDense][3]float64
	feats featTable
	file  modelFile

	// flagW and flagBias are the flag model of a Model built by
	// withFlags: feats maps a feature to its row of flagW (featSlot.flag).
	// flagW is nil otherwise.
	flagW    [][numFlagClasses]float32
	flagBias [numFlagClasses]float64
}

// withFlags returns a copy of m that also scores the flag model fm in the
// same pass: its feature table holds m's weights and, for each of fm's
// features, the feature's row of fm (features m does not know get zero
// sentiment weights, which change no sum and no driver). Copies are
// cached, one per pair of models.
func (m *Model) withFlags(fm *FlagModel) *Model {
	key := [2]any{m, fm}
	if c, ok := scorers.Load(key); ok {
		return c.(*Model)
	}
	c := *m
	n := m.feats.n // the size of the union: a table no larger than need be
	for _, h := range fm.hashes {
		if _, ok := m.feats.get(h); !ok {
			n++
		}
	}
	c.feats = newFeatTable(n)
	for _, s := range m.feats.slots {
		if s.key != 0 {
			c.feats.put(s.key, s.w)
		}
	}
	if m.feats.hasZero {
		c.feats.put(0, m.feats.zero.w)
	}
	for i, h := range fm.hashes {
		c.feats.slot(h).flag = int32(i + 1)
	}
	c.flagW = fm.weights
	c.flagBias = fm.Bias
	v, _ := scorers.LoadOrStore(key, &c)
	return v.(*Model)
}

// scorers caches withFlags: [2]any{*Model, *FlagModel} → *Model.
var scorers sync.Map

// ScoreWeights map a text's model and rule scores to its Score:
// Model × (P(positive) − P(negative)) + Rules × rule score + VADER ×
// VADER's compound, clamped to [-1, 1].
type ScoreWeights struct {
	Model float64 `json:"model"`
	Rules float64 `json:"rules"`
	VADER float64 `json:"vader"`
}

// Class indexes.
const (
	classNeg = iota
	classNeu
	classPos
)

var classNames = [3]string{Negative, Neutral, Positive}

// Dense features, in order.
const (
	denseVader = iota
	denseRules
	denseVaderAbs
	denseRulesAbs
	numDense
)

var denseNames = [numDense]string{"vader", "rules", "vader_abs", "rules_abs"}

// ModelFormat and ModelVersion identify model files. Version 1 files
// (score = (1 − rule_weight) × model + rule_weight × rules) are still
// read.
const (
	ModelFormat  = "tonedesk-sentiment"
	ModelVersion = 2
)

// modelFile is the JSON form of a Model (format version 2).
type modelFile struct {
	Format      string                `json:"format"`
	Version     int                   `json:"version"`
	Classes     []string              `json:"classes"`
	NeutralBand float64               `json:"neutral_band"`
	RuleWeight  *float64              `json:"rule_weight,omitempty"` // version 1 only
	Score       *ScoreWeights         `json:"score,omitempty"`
	Bias        []float64             `json:"bias"`
	Dense       map[string][]float64  `json:"dense"`
	Features    map[string][3]float64 `json:"features"`
	Training    *TrainInfo            `json:"training,omitempty"`
}

// TrainInfo records how a model was trained.
type TrainInfo struct {
	Examples   int            `json:"examples"`
	Rated      int            `json:"rated,omitempty"` // examples with an intensity rating
	Classes    map[string]int `json:"classes"`
	Sources    []string       `json:"sources,omitempty"`
	Epochs     int            `json:"epochs"`
	L2         float64        `json:"l2"`
	MinCount   int            `json:"min_count"`
	Balanced   bool           `json:"balanced"`
	TrainMacro float64        `json:"train_macro_f1"`
	// CVMacro and CVPearson are the 5-fold cross-validated macro-F1 of the
	// labels and Pearson r of score and rating (rated examples).
	CVMacro   float64 `json:"cv_macro_f1,omitempty"`
	CVPearson float64 `json:"cv_pearson_r,omitempty"`
	// UnknownL2 and LexPrior are TrainOptions.UnknownL2 and LexPrior,
	// recorded when either differs from plain L2 (factor 1, no prior).
	UnknownL2 float64 `json:"unknown_l2,omitempty"`
	LexPrior  float64 `json:"lex_prior,omitempty"`
}

// ParseModel reads a model file written by Model.MarshalJSON (`tonedesk
// train`). It returns an error naming the problem when the data is not
// JSON, not a tonedesk sentiment model, of another version, or has
// malformed weights.
func ParseModel(data []byte) (*Model, error) {
	var f modelFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	if f.Format != ModelFormat {
		return nil, fmt.Errorf("model: format %q, want %q", f.Format, ModelFormat)
	}
	if f.Version != 1 && f.Version != ModelVersion {
		return nil, fmt.Errorf("model: version %d, this tonedesk reads 1 and %d", f.Version, ModelVersion)
	}
	if !slices.Equal(f.Classes, classNames[:]) {
		return nil, fmt.Errorf("model: classes %v, want %v", f.Classes, classNames)
	}
	if len(f.Bias) != 3 {
		return nil, errors.New("model: bias needs 3 weights")
	}
	if f.NeutralBand < 0 || f.NeutralBand >= 1 || math.IsNaN(f.NeutralBand) {
		return nil, fmt.Errorf("model: neutral_band %v outside [0, 1)", f.NeutralBand)
	}
	m := &Model{NeutralBand: f.NeutralBand, file: f}
	switch {
	case f.Version == 1:
		rw := 0.0
		if f.RuleWeight != nil {
			rw = *f.RuleWeight
		}
		if rw < 0 || rw > 1 || math.IsNaN(rw) {
			return nil, fmt.Errorf("model: rule_weight %v outside [0, 1]", rw)
		}
		m.score = ScoreWeights{Model: 1 - rw, Rules: rw}
	case f.Score == nil:
		return nil, errors.New("model: score weights missing")
	default:
		m.score = *f.Score
		for _, w := range []float64{m.score.Model, m.score.Rules, m.score.VADER} {
			if math.IsNaN(w) || math.Abs(w) > 10 {
				return nil, fmt.Errorf("model: score weight %v outside [-10, 10]", w)
			}
		}
	}
	copy(m.bias[:], f.Bias)
	for name, w := range f.Dense {
		i := slices.Index(denseNames[:], name)
		if i < 0 || len(w) != 3 {
			return nil, fmt.Errorf("model: dense feature %q: unknown or not 3 weights", name)
		}
		copy(m.dense[i][:], w)
	}
	m.feats = newFeatTable(len(f.Features))
	for name, w := range f.Features {
		h, ok := featureHash(name)
		if !ok {
			return nil, fmt.Errorf("model: malformed feature name %q", name)
		}
		m.feats.put(h, [3]float32{float32(w[0]), float32(w[1]), float32(w[2])})
	}
	m.file.Features = f.Features
	return m, nil
}

// LoadModel reads a model file with ParseModel. Errors name the path.
func LoadModel(path string) (*Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	m, err := ParseModel(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// MarshalJSON writes the model file: versioned JSON with sorted keys and
// weights rounded to 4 decimals, so training twice gives the same bytes.
func (m *Model) MarshalJSON() ([]byte, error) {
	return json.Marshal(m.file)
}

// Info returns how the model was trained, or nil when the file does not
// say.
func (m *Model) Info() *TrainInfo { return m.file.Training }

// Features returns the number of word features in the model.
func (m *Model) Features() int { return m.feats.n }

// ScoreWeights returns how the model maps its probabilities and the rule
// scores to a Score.
func (m *Model) ScoreWeights() ScoreWeights { return m.score }

//go:embed model/builtin.json
var builtinModelJSON []byte

var builtinModel = sync.OnceValue(func() *Model {
	m, err := ParseModel(builtinModelJSON)
	if err != nil {
		panic("sentiment: built-in model: " + err.Error()) // a build error: tests catch it
	}
	return m
})

// BuiltinModel returns the model embedded in the binary, trained by `make
// model` on the data described in sentiment/model/README.md. It is parsed
// on first use (a few milliseconds) and shared.
func BuiltinModel() *Model { return builtinModel() }

// spanFeatures is what the model needs of a span (a sentence or a text):
// the dense features and the summed word-feature weights.
type spanFeatures struct {
	dense [numDense]float64
	sum   [3]float64 // summed weights of the word features
	n     float64    // number of word features
	// flag is the summed flag-model weights of the word features (only
	// with a Model from withFlags).
	flag [numFlagClasses]float64
}

// flagLogits returns the flag model's class logits for f, which must come
// from a Model built by withFlags.
func (m *Model) flagLogits(f *spanFeatures) [numFlagClasses]float64 {
	g := 0.0
	if f.n > 0 {
		g = 1 / math.Sqrt(f.n)
	}
	z := m.flagBias
	for c := range numFlagClasses {
		z[c] += g * f.flag[c]
	}
	return z
}

// probs returns the class probabilities for f.
func (m *Model) probs(f *spanFeatures) [3]float64 {
	var z [3]float64
	g := 0.0
	if f.n > 0 {
		g = 1 / math.Sqrt(f.n)
	}
	for c := range 3 {
		z[c] = m.bias[c] + g*f.sum[c]
		for d := range numDense {
			z[c] += f.dense[d] * m.dense[d][c]
		}
	}
	return softmax(z)
}

func softmax(z [3]float64) [3]float64 {
	mx := math.Max(z[0], math.Max(z[1], z[2]))
	var p [3]float64
	var s float64
	for c := range 3 {
		p[c] = math.Exp(z[c] - mx)
		s += p[c]
	}
	for c := range 3 {
		p[c] /= s
	}
	return p
}

// scoreOf is P(positive) − P(negative).
func scoreOf(p [3]float64) float64 { return clamp(p[classPos]-p[classNeg], -1, 1) }

// blend is the text's Score from its class probabilities and dense
// features; see ScoreWeights.
func (m *Model) blend(p [3]float64, dense *[numDense]float64) float64 {
	return m.score.apply(p, dense)
}

func (w ScoreWeights) apply(p [3]float64, dense *[numDense]float64) float64 {
	return clamp(w.Model*scoreOf(p)+w.Rules*dense[denseRules]+w.VADER*dense[denseVader], -1, 1)
}

// label returns the label of a score under the model's neutral band.
func (m *Model) label(score float64) string {
	switch {
	case score >= m.NeutralBand && score > 0:
		return Positive
	case score <= -m.NeutralBand && score < 0:
		return Negative
	}
	return Neutral
}

// Label returns the label the model gives a score: neutral when |score| <
// NeutralBand, else positive or negative by sign.
func (m *Model) Label(score float64) string { return m.label(score) }

// setDense fills the dense features from rule scores.
func setDense(f *spanFeatures, rs ruleScores) {
	f.dense[denseVader] = rs.vader
	f.dense[denseRules] = rs.rules
	f.dense[denseVaderAbs] = math.Abs(rs.vader)
	f.dense[denseRulesAbs] = math.Abs(rs.rules)
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// labelProb is the model's probability of label's class.
func labelProb(p [3]float64, label string) float64 {
	switch label {
	case Negative:
		return p[classNeg]
	case Positive:
		return p[classPos]
	}
	return p[classNeu]
}
