package sentiment

import (
	"math"
	"slices"
	"strings"
)

// stance returns the position text takes toward each side of the story; see
// Stance. With no story it is "none" with no sides.
//
// Two halves decide it. The rules (stance_rules.go) find the mentions of
// each side (story aliases, longest first, and "they" pointing back to the
// side last mentioned), read the cues around them (blame, lies, harbouring,
// "X must...", demands called fair, praise, zindabad...) and the lexicon
// polarity of each clause, and sum evidence per side; attacking one side
// supports the others. The trained model (stance_model.go) reads those sums
// and the words around each side's mentions, with the side names replaced
// by placeholders, and gives the probabilities of pro each side, balanced
// and none; the label is the most probable. Without a model the rules
// decide alone. A text that names no side and weighs none together, and an
// advert (what the spam flag catches), is "none" with zero scores.
//
// Sides[s] is in [-1, 1]: half the model's margin of pro_s over the other
// sides, half the squashed rule evidence for s, so a text that blames both
// sides gives both a negative score. Evidence holds up to three clauses
// that support the label (none for "none").
func (a *Analyzer) stance(text string) Stance {
	if a.story == nil || len(a.story.Sides) == 0 {
		return a.noStance()
	}
	d := a.buildStanceDoc(text, a.story.Mentions(text))
	st := d.decide(a.stanceModel(), a.story, nil)
	d.release()
	return st
}

// stanceModel is the model the analyzer's stance uses: WithStanceModel's,
// else the built-in one.
func (a *Analyzer) stanceModel() *StanceModel {
	if a.stanceM != nil {
		return a.stanceM
	}
	return DefaultStanceModel()
}

// stanceProbs returns the probability of pro each side (indexes 0..n-1),
// then balanced (n) and none (n+1).
func (d *stanceDoc) stanceProbs(m *StanceModel) []float64 {
	n := d.nSide
	d.probs = grow(d.probs, n+2)
	out := d.probs
	f := &d.sink
	f.m = m // score the features as they come
	defer func() { f.m = nil }()
	for s := 0; s < n; s++ {
		f.reset()
		f.z = m.Bias
		d.features(s, f)
		p := softmax4(f.z)
		out[s] += p[pcSelf] / float64(n)
		for t := 0; t < n; t++ {
			if t != s {
				out[t] += p[pcOther] / float64(n*(n-1))
			}
		}
		out[n] += p[pcBalanced] / float64(n)
		out[n+1] += p[pcNone] / float64(n)
	}
	return out
}

// decide turns the evidence of d into a Stance, with model m when it has
// weights, else with the rules alone. flags are d's flags when the caller
// has them (nil: decide checks for spam itself).
func (d *stanceDoc) decide(m *StanceModel, st *Story, flags []Flag) Stance {
	n := d.nSide
	target := -2
	d.margin = grow(d.margin, n)
	margin := d.margin
	mentioned := d.both > 0
	for s := 0; s < n; s++ {
		mentioned = mentioned || d.count[s] > 0
	}
	quiet := false
	switch {
	case !mentioned:
		// No side named, pointed at or weighed together: nothing to read.
		quiet = true
	case flags != nil && slices.ContainsFunc(flags, func(f Flag) bool { return f.Kind == FlagSpam }),
		flags == nil && isSpam(d.text, d.toks):
		// An advert that names a side takes no side.
		quiet = true
	case m != nil && len(m.weights) > 0:
		p := d.stanceProbs(m)
		best := n + 1
		for k := range p {
			if p[k] > p[best] {
				best = k
			}
		}
		switch {
		case best < n:
			target = best
		case best == n:
			target = -1
		}
		for s := 0; s < n; s++ {
			var others float64
			for t := 0; t < n; t++ {
				if t != s {
					others += p[t]
				}
			}
			margin[s] = p[s] - others/float64(max(1, n-1))
		}
	default:
		target = d.rule
		for s := range margin {
			margin[s] = math.Tanh(d.sup[s])
		}
	}
	out := Stance{Sides: make(map[string]float64, n), Evidence: []string{}}
	for s, g := range st.Sides {
		v := 0.0
		if !quiet {
			v = round4(clamp(0.5*margin[s]+0.5*math.Tanh(d.direct[s]), -1, 1))
		}
		out.Sides[g.ID] = v
	}
	switch {
	case target >= 0 && target < len(d.pro):
		out.Label = d.pro[target]
	case target >= 0:
		out.Label = "pro_" + st.Sides[target].ID
	case target == -1:
		out.Label = StanceBalanced
	default:
		out.Label = StanceNone
	}
	out.Evidence = d.evidence(target)
	return out
}

// scored is a clause that evidence weighs.
type scored struct {
	start, end int
	score      float64
}

// evidence returns up to three clauses that support target (a side index,
// -1 for balanced), strongest first, in text form.
func (d *stanceDoc) evidence(target int) []string {
	out := []string{}
	if target < -1 {
		return out
	}
	cands := d.scored[:0]
	defer func() { d.scored = cands[:0] }()
	spread := 0.6 / float64(max(1, d.nSide-1))
	for _, c := range d.clauses {
		var sc float64
		switch {
		case target == -1 && c.both:
			sc = 2
		case target == -1 && c.side >= 0:
			sc = math.Abs(c.weight)
		case c.side == target:
			sc = c.weight
		case c.side >= 0:
			sc = -spread * c.weight
		}
		if sc <= 0 {
			continue
		}
		if k := slices.IndexFunc(cands, func(x scored) bool { return x.start == c.start }); k >= 0 {
			cands[k].score += sc
			continue
		}
		cands = append(cands, scored{c.start, c.end, sc})
	}
	slices.SortStableFunc(cands, func(x, y scored) int {
		switch {
		case x.score > y.score:
			return -1
		case x.score < y.score:
			return 1
		}
		return x.start - y.start
	})
	for _, c := range cands {
		if len(out) == 3 {
			break
		}
		out = append(out, strings.TrimSpace(d.text[c.start:c.end]))
	}
	if len(out) == 0 {
		// The model decided without a clause the rules could name: give
		// the first sentence that mentions a side.
		for i := range d.toks {
			if d.ref[i] >= 0 {
				d.spans = appendSentences(d.spans[:0], d.text)
				for _, sp := range d.spans {
					if sp.start <= d.toks[i].start && d.toks[i].start < sp.end {
						return append(out, d.text[sp.start:sp.end])
					}
				}
			}
		}
	}
	return out
}
