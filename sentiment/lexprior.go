package sentiment

import (
	"math"
	"strings"
)

// Training-time knowledge of the lexicons: which word features name a
// word with a known sentiment, and which way it leans. Train uses it to
// regularise word features unevenly (see TrainOptions.UnknownL2 and
// TrainOptions.LexPrior): a word in VADER's lexicon or the news lexicon
// keeps the base L2 penalty, pulled toward its lexicon valence; any other
// feature ("why", "cat", "?") is penalised more, so it gets a weight only
// when the training data give clear evidence for one. Nothing here is
// used at run time or stored in the model file.

// wordValence returns the lexicon valence (VADER's scale, -4 … 4) of a
// lower-case token and whether a lexicon knows it: the news lexicon first
// (its entries override VADER's in the rule score), then VADER's lexicon,
// then, for an emoji, the summed valences of the words of its VADER
// description, clamped to [-4, 4]. A word with valence 0 counts as unknown.
func wordValence(tok string) (float64, bool) {
	if v, ok := sharedNews().words[tok]; ok && v != 0 {
		return v, true
	}
	rb := sharedRules()
	if v, ok := rb.lex[tok]; ok && v != 0 {
		return v, true
	}
	if r := []rune(tok); len(r) == 1 {
		if d, ok := rb.emoji[r[0]]; ok {
			s := 0.0
			for _, w := range strings.Fields(d) {
				s += rb.lex[w]
			}
			if s != 0 {
				return math.Max(-4, math.Min(4, s)), true
			}
		}
	}
	return 0, false
}

// featureLex returns what the lexicons say about a word feature named as
// in the model file: for "w:word" the word's valence, for "n:word" (the
// word negated) its valence times VADER's negation scalar (-0.74), for a
// bigram "b:first second" no valence of its own, known when either word
// is. known is false for a feature no lexicon covers and for a malformed
// name.
func featureLex(name string) (valence float64, known bool) {
	if len(name) < 3 || name[1] != ':' {
		return 0, false
	}
	body := name[2:]
	switch name[0] {
	case 'w':
		return wordValence(body)
	case 'n':
		v, ok := wordValence(body)
		return v * vNScalar, ok
	case 'b':
		a, b, ok := strings.Cut(body, " ")
		if !ok {
			return 0, false
		}
		_, ka := wordValence(a)
		_, kb := wordValence(b)
		return 0, ka || kb
	}
	return 0, false
}

// featurePenalty is the L2 plan of one word feature: its penalty factor
// (times TrainOptions.L2) and the weights it is pulled toward.
type featurePenalty struct {
	factor float64
	target [3]float64
}

// penaltyPlan returns the plan for each feature of vocab under opt: a
// feature known to a lexicon has factor 1 and, with a lexicon prior α,
// the target (−α·v/8, 0, +α·v/8) for valence v, so that its w_pos − w_neg
// is pulled toward α·v/4 (α·valence on a -1 … 1 scale); any other feature
// has factor opt.UnknownL2 and target 0. It returns nil when every
// feature has factor 1 and target 0 (the plain L2 of earlier models).
func penaltyPlan(vocab []string, opt TrainOptions) []featurePenalty {
	if opt.UnknownL2 == 1 && opt.LexPrior == 0 {
		return nil
	}
	plan := make([]featurePenalty, len(vocab))
	for i, n := range vocab {
		v, known := featureLex(n)
		if !known {
			plan[i].factor = opt.UnknownL2
			continue
		}
		plan[i].factor = 1
		t := opt.LexPrior * v / 8
		plan[i].target = [3]float64{-t, 0, t}
	}
	return plan
}
