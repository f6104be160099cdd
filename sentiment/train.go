package sentiment

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
)

// Example is one labelled text for Train. Label is negative, neutral or
// positive. Story may be nil; when set, mentions of its sides and parties
// become placeholders before the text is featurised, so the model learns
// how people write about a side, not which side is named. Rating, when
// not nil, is a human intensity rating on VADER's scale (-4 … 4); the
// rated examples fit the map from model to Score (see ScoreWeights).
type Example struct {
	Text   string
	Label  string
	Story  *Story
	Rating *float64
}

// TrainOptions tune Train. The zero value gives the defaults used for the
// built-in model.
type TrainOptions struct {
	Epochs   int     // full-batch Adam steps; default 400
	L2       float64 // L2 penalty on word-feature weights (mean loss); default DefaultL2
	MinCount int     // a word feature must occur in this many examples; default DefaultMinCount
	// UnknownL2 multiplies the L2 penalty of the word features that no
	// lexicon knows (VADER's or the news lexicon; a bigram is known when
	// either word is), so a common word without sentiment ("why", "cat")
	// needs more evidence than "awesome" for the same weight; default
	// DefaultUnknownL2, 1 for the same penalty on every feature.
	UnknownL2 float64
	// LexPrior pulls a lexicon word's weights toward its valence instead
	// of toward 0: w_pos − w_neg toward LexPrior × valence / 4 (see
	// penaltyPlan); default DefaultLexPrior, < 0 for none (toward 0).
	LexPrior float64
	// Unbalanced turns off class weighting (by default each class weighs
	// as much as the others in the loss, whatever its count).
	Unbalanced bool
	// NeutralBand, when > 0, fixes the model's neutral band; otherwise it
	// is chosen by 5-fold cross-validation on the examples (best macro-F1).
	NeutralBand float64
	// Score, when not nil, fixes the score weights. Otherwise they are
	// {Model: 1} (Score = P(positive) − P(negative)), or with Calibrate
	// fitted by least squares of rating / 4 on the cross-validated scores
	// of the rated examples (at least 10).
	Score     *ScoreWeights
	Calibrate bool
	Sources   []string // recorded in the model file
}

// The defaults of TrainOptions, chosen by cross-validation and on the
// development sets described in sentiment/model/README.md.
const (
	DefaultL2        = 0.00005
	DefaultMinCount  = 2
	DefaultUnknownL2 = 2
	DefaultLexPrior  = 1
)

func (o *TrainOptions) defaults() {
	if o.Epochs <= 0 {
		o.Epochs = 400
	}
	if o.L2 <= 0 {
		o.L2 = DefaultL2
	}
	if o.MinCount <= 0 {
		o.MinCount = DefaultMinCount
	}
	if o.UnknownL2 <= 0 {
		o.UnknownL2 = DefaultUnknownL2
	}
	switch {
	case o.LexPrior == 0:
		o.LexPrior = DefaultLexPrior
	case o.LexPrior < 0:
		o.LexPrior = 0
	}
}

// trainVec is one featurised example. val holds the word-feature values
// already divided by the square root of their count.
type trainVec struct {
	dense  [numDense]float64
	idx    []int32
	val    []float64
	y      int
	w      float64
	rating float64 // NaN when not rated
}

// Train fits a sentiment model on examples. It is deterministic: the same
// examples in the same order give the same model, byte for byte. It
// returns an error when there are no examples, a label is not one of the
// three, or a class has no example.
func Train(examples []Example, opt TrainOptions) (*Model, error) {
	opt.defaults()
	vecs, vocab, counts, err := featurize(examples, opt)
	if err != nil {
		return nil, err
	}
	plan := penaltyPlan(vocab, opt)
	oof := crossValidate(vecs, len(vocab), plan, opt)
	sw := ScoreWeights{Model: 1}
	rated := 0
	for _, v := range vecs {
		if !math.IsNaN(v.rating) {
			rated++
		}
	}
	switch {
	case opt.Score != nil:
		sw = *opt.Score
	case opt.Calibrate && rated >= 10:
		sw = fitScoreWeights(vecs, oof)
	}
	cvScores := make([]float64, len(vecs))
	for i := range vecs {
		cvScores[i] = sw.apply(oof[i], &vecs[i].dense)
	}
	band := opt.NeutralBand
	if band <= 0 {
		if bv, bs, ok := storyBandExamples(examples, vecs, len(vocab), plan, opt, sw); ok {
			band = chooseBand(bv, bs)
		} else {
			band = chooseBand(vecs, cvScores)
		}
	}
	p := fitLR(vecs, len(vocab), plan, opt)

	sw = ScoreWeights{Model: round4(sw.Model), Rules: round4(sw.Rules), VADER: round4(sw.VADER)}
	f := modelFile{
		Format: ModelFormat, Version: ModelVersion, Classes: classNames[:],
		NeutralBand: round4(band), Score: &sw, Bias: roundAll(p.bias[:]),
		Dense:    map[string][]float64{},
		Features: map[string][3]float64{},
	}
	for d := range numDense {
		f.Dense[denseNames[d]] = roundAll(p.dense[d][:])
	}
	for i, n := range vocab {
		w := p.w[i]
		r := [3]float64{round4(w[0]), round4(w[1]), round4(w[2])}
		if math.Abs(r[0])+math.Abs(r[1])+math.Abs(r[2]) < 0.003 {
			continue
		}
		f.Features[n] = r
	}
	info := &TrainInfo{Examples: len(examples), Rated: rated, Classes: counts, Sources: opt.Sources,
		Epochs: opt.Epochs, L2: opt.L2, MinCount: opt.MinCount, Balanced: !opt.Unbalanced}
	if plan != nil {
		info.UnknownL2, info.LexPrior = opt.UnknownL2, opt.LexPrior
	}
	// Training and cross-validated macro-F1 and r, for the record.
	banded := Model{NeutralBand: f.NeutralBand}
	gold := make([]string, len(vecs))
	pred := make([]string, len(vecs))
	cvPred := make([]string, len(vecs))
	var ratings, cvRated []float64
	for i, v := range vecs {
		gold[i] = classNames[v.y]
		pred[i] = banded.label(sw.apply(p.probs(&vecs[i]), &vecs[i].dense))
		cvPred[i] = banded.label(cvScores[i])
		if !math.IsNaN(v.rating) {
			ratings = append(ratings, v.rating)
			cvRated = append(cvRated, cvScores[i])
		}
	}
	info.TrainMacro = round4(Confusion(classNames[:], gold, pred).MacroF1())
	info.CVMacro = round4(Confusion(classNames[:], gold, cvPred).MacroF1())
	if len(ratings) > 1 {
		if r := Pearson(cvRated, ratings); !math.IsNaN(r) {
			info.CVPearson = round4(r)
		}
	}
	f.Training = info
	return modelFromFile(f)
}

// featurize turns examples into training vectors over the vocabulary of
// word features seen in at least opt.MinCount examples.
func featurize(examples []Example, opt TrainOptions) ([]trainVec, []string, map[string]int, error) {
	if len(examples) == 0 {
		return nil, nil, nil, errors.New("train: no examples")
	}
	ys := make([]int, len(examples))
	counts := map[string]int{}
	for i, ex := range examples {
		y := slices.Index(classNames[:], ex.Label)
		if y < 0 {
			return nil, nil, nil, fmt.Errorf("train: example %d: label %q, want negative, neutral or positive", i+1, ex.Label)
		}
		if ex.Rating != nil && (math.IsNaN(*ex.Rating) || math.Abs(*ex.Rating) > 4) {
			return nil, nil, nil, fmt.Errorf("train: example %d: rating %v outside [-4, 4]", i+1, *ex.Rating)
		}
		ys[i] = y
		counts[ex.Label]++
	}
	for _, c := range classNames {
		if counts[c] == 0 {
			return nil, nil, nil, fmt.Errorf("train: no %s example", c)
		}
	}

	// Featurise with names; keep features seen in MinCount examples.
	type named struct {
		dense [numDense]float64
		names map[string]float64
	}
	raw := make([]named, len(examples))
	docFreq := map[string]int{}
	for i, ex := range examples {
		d, names := namedFeatures(ex.Text, ex.Story)
		raw[i] = named{dense: d, names: names}
		for n := range names {
			docFreq[n]++
		}
	}
	vocab, index := vocabulary(docFreq, opt.MinCount)
	vecs := make([]trainVec, len(examples))
	for i, r := range raw {
		v := trainVec{dense: r.dense, y: ys[i], rating: math.NaN()}
		if ex := examples[i]; ex.Rating != nil {
			v.rating = *ex.Rating
		}
		total := 0.0
		for _, c := range r.names {
			total += c // normalised by all features, kept or not, as at run time
		}
		var keys []string
		for n := range r.names {
			if _, ok := index[n]; ok {
				keys = append(keys, n)
			}
		}
		sort.Strings(keys)
		for _, n := range keys {
			v.idx = append(v.idx, index[n])
			v.val = append(v.val, r.names[n]/math.Sqrt(total))
		}
		vecs[i] = v
	}
	setWeights(vecs, !opt.Unbalanced)
	return vecs, vocab, counts, nil
}

// vocabulary returns the features of docFreq (feature → number of texts
// it is seen in) seen in at least minCount texts, sorted, and the column
// of each: its index in that order.
func vocabulary(docFreq map[string]int, minCount int) ([]string, map[string]int32) {
	var vocab []string
	for name, df := range docFreq {
		if df >= minCount {
			vocab = append(vocab, name)
		}
	}
	slices.Sort(vocab)
	col := make(map[string]int32, len(vocab))
	for i, name := range vocab {
		col[name] = int32(i)
	}
	return vocab, col
}

// modelFromFile builds a Model from its file form, as ParseModel does.
func modelFromFile(f modelFile) (*Model, error) {
	data, err := jsonMarshal(f)
	if err != nil {
		return nil, err
	}
	return ParseModel(data)
}

// setWeights gives each example the weight of its class: n / (3 × count)
// when balanced, else 1.
func setWeights(vecs []trainVec, balanced bool) {
	var cnt [3]float64
	for _, v := range vecs {
		cnt[v.y]++
	}
	for i := range vecs {
		vecs[i].w = 1
		if balanced {
			vecs[i].w = float64(len(vecs)) / (3 * cnt[vecs[i].y])
		}
	}
}

// lrParams are the weights being fitted.
type lrParams struct {
	bias  [3]float64
	dense [numDense][3]float64
	w     [][3]float64
}

func (p *lrParams) probs(v *trainVec) [3]float64 {
	var z [3]float64
	for c := range 3 {
		z[c] = p.bias[c]
		for d := range numDense {
			z[c] += v.dense[d] * p.dense[d][c]
		}
	}
	for k, j := range v.idx {
		for c := range 3 {
			z[c] += v.val[k] * p.w[j][c]
		}
	}
	return softmax(z)
}

// denseL2 is the (small) penalty on the few dense weights: the rule scores
// are well-scaled and should not be shrunk toward the word features.
const denseL2 = 1e-5

// fitLR minimises the weighted cross-entropy plus an L2 penalty with
// full-batch Adam, in a fixed order. plan, when not nil, gives each word
// feature its penalty factor and target (penaltyPlan); nil is opt.L2
// toward 0 for all.
func fitLR(vecs []trainVec, nFeat int, plan []featurePenalty, opt TrainOptions) *lrParams {
	p := &lrParams{w: make([][3]float64, nFeat)}
	nParam := 3 + numDense*3 + nFeat*3
	grad := make([]float64, nParam)
	m1 := make([]float64, nParam)
	m2 := make([]float64, nParam)
	const lr, b1, b2, eps = 0.05, 0.9, 0.999, 1e-8
	var totalW float64
	for _, v := range vecs {
		totalW += v.w
	}
	param := func(k int) *float64 {
		switch {
		case k < 3:
			return &p.bias[k]
		case k < 3+numDense*3:
			k -= 3
			return &p.dense[k/3][k%3]
		}
		k -= 3 + numDense*3
		return &p.w[k/3][k%3]
	}
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		clear(grad)
		for i := range vecs {
			v := &vecs[i]
			pr := p.probs(v)
			for c := range 3 {
				dz := pr[c]
				if c == v.y {
					dz--
				}
				dz *= v.w / totalW
				grad[c] += dz
				for d := range numDense {
					grad[3+d*3+c] += v.dense[d] * dz
				}
				for k, j := range v.idx {
					grad[3+numDense*3+int(j)*3+c] += v.val[k] * dz
				}
			}
		}
		for k := 3; k < 3+numDense*3; k++ {
			grad[k] += denseL2 * *param(k)
		}
		if plan == nil {
			for k := 3 + numDense*3; k < nParam; k++ {
				grad[k] += opt.L2 * *param(k)
			}
		} else {
			for j, fp := range plan {
				for c := range 3 {
					grad[3+numDense*3+j*3+c] += fp.factor * opt.L2 * (p.w[j][c] - fp.target[c])
				}
			}
		}
		c1 := 1 - math.Pow(b1, float64(epoch))
		c2 := 1 - math.Pow(b2, float64(epoch))
		for k := range nParam {
			g := grad[k]
			m1[k] = b1*m1[k] + (1-b1)*g
			m2[k] = b2*m2[k] + (1-b2)*g*g
			*param(k) -= lr * (m1[k] / c1) / (math.Sqrt(m2[k]/c2) + eps)
		}
	}
	return p
}

// cvFolds is the number of cross-validation folds; example i is in fold
// i % cvFolds.
const cvFolds = 5

// crossValidate returns each example's class probabilities from a model
// fitted on the other folds.
func crossValidate(vecs []trainVec, nFeat int, plan []featurePenalty, opt TrainOptions) [][3]float64 {
	return crossValidateFolds(vecs, nFeat, plan, opt, modFolds(len(vecs), cvFolds), cvFolds)
}

// modFolds returns the folds of k-fold cross-validation in a fixed order:
// example i is in fold i mod k.
func modFolds(n, k int) []int {
	folds := make([]int, n)
	for i := range folds {
		folds[i] = i % k
	}
	return folds
}

// storyFolds returns one fold per story for the examples with a story, in
// the order the stories first appear, and -1 (always trained on) for the
// others, with the number of stories.
func storyFolds(examples []Example) ([]int, int) {
	folds := make([]int, len(examples))
	index := map[string]int{}
	for i, ex := range examples {
		if ex.Story == nil {
			folds[i] = -1
			continue
		}
		f, ok := index[ex.Story.ID]
		if !ok {
			f = len(index)
			index[ex.Story.ID] = f
		}
		folds[i] = f
	}
	return folds, len(index)
}

// crossValidateFolds returns each example's class probabilities from the
// model fitted without its fold (folds[i] in 0 … k−1; an example in fold
// −1 is always trained on and gets none).
func crossValidateFolds(vecs []trainVec, nFeat int, plan []featurePenalty, opt TrainOptions, folds []int, k int) [][3]float64 {
	out := make([][3]float64, len(vecs))
	for f := range k {
		var tr []trainVec
		for i, v := range vecs {
			if folds[i] != f {
				tr = append(tr, v)
			}
		}
		if len(tr) == len(vecs) || len(tr) == 0 {
			continue
		}
		p := fitLR(tr, nFeat, plan, opt)
		for i := range vecs {
			if folds[i] == f {
				out[i] = p.probs(&vecs[i])
			}
		}
	}
	return out
}

// fitScoreWeights fits the score weights by least squares (no intercept,
// so a text without sentiment scores 0) of rating / 4 on the
// cross-validated P(positive) − P(negative), the rule score and VADER's
// compound of the rated examples.
func fitScoreWeights(vecs []trainVec, oof [][3]float64) ScoreWeights {
	var a [3][3]float64
	var b [3]float64
	for i, v := range vecs {
		if math.IsNaN(v.rating) {
			continue
		}
		x := [3]float64{scoreOf(oof[i]), v.dense[denseRules], v.dense[denseVader]}
		for j := range 3 {
			for k := range 3 {
				a[j][k] += x[j] * x[k]
			}
			b[j] += x[j] * v.rating / 4
		}
	}
	// A little ridge keeps the system solvable when features coincide.
	for j := range 3 {
		a[j][j] += 1e-3
	}
	w, ok := solve3(a, b)
	if !ok {
		return ScoreWeights{Model: 1}
	}
	return ScoreWeights{Model: w[0], Rules: w[1], VADER: w[2]}
}

// solve3 solves a x = b by Gaussian elimination with partial pivoting.
func solve3(a [3][3]float64, b [3]float64) ([3]float64, bool) {
	for c := range 3 {
		p := c
		for r := c + 1; r < 3; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		if math.Abs(a[p][c]) < 1e-12 {
			return [3]float64{}, false
		}
		a[c], a[p] = a[p], a[c]
		b[c], b[p] = b[p], b[c]
		for r := c + 1; r < 3; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k < 3; k++ {
				a[r][k] -= f * a[c][k]
			}
			b[r] -= f * b[c]
		}
	}
	var x [3]float64
	for r := 2; r >= 0; r-- {
		s := b[r]
		for k := r + 1; k < 3; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return x, true
}

// Reader comments (examples with a story) from at least minBandStories
// stories, minBandComments in all, choose the neutral band on their own.
const (
	minBandStories  = 3
	minBandComments = 200
)

// storyBandExamples returns the reader comments of the examples with
// their scores cross-validated by story (each story's comments scored by
// the model fitted without them; the other examples always trained on),
// or ok false when there are too few comments or stories. The built-in
// model is used on the next story, not on the ones it was trained on, and
// its labels are what a comment shows and the comment charts count:
// random folds, with news sentences and social posts that have more
// neutral text, chose a band wide enough to read mild, sarcastic or weary
// comments as neutral (sentiment/model/README.md, "5 December 2026").
func storyBandExamples(examples []Example, vecs []trainVec, nFeat int, plan []featurePenalty, opt TrainOptions, sw ScoreWeights) (bv []trainVec, bs []float64, ok bool) {
	folds, k := storyFolds(examples)
	comments := 0
	for _, f := range folds {
		if f >= 0 {
			comments++
		}
	}
	if k < minBandStories || comments < minBandComments {
		return nil, nil, false
	}
	oof := crossValidateFolds(vecs, nFeat, plan, opt, folds, k)
	for i, f := range folds {
		if f >= 0 {
			bv, bs = append(bv, vecs[i]), append(bs, sw.apply(oof[i], &vecs[i].dense))
		}
	}
	return bv, bs, true
}

// chooseBand returns the neutral band (0.02 … 0.7 in steps of 0.02) that
// gives the best macro-F1 of the labels of scores against vecs' classes.
func chooseBand(vecs []trainVec, scores []float64) float64 {
	gold := make([]string, len(vecs))
	for i, v := range vecs {
		gold[i] = classNames[v.y]
	}
	best, bestF := 0.05, -1.0
	pred := make([]string, len(vecs))
	for b := 0.02; b <= 0.7; b += 0.02 {
		m := Model{NeutralBand: b}
		for i, s := range scores {
			pred[i] = m.label(s)
		}
		if f := Confusion(classNames[:], gold, pred).MacroF1(); f > bestF+1e-12 {
			best, bestF = b, f
		}
	}
	return best
}

func roundAll(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = round4(x)
	}
	return out
}
