package sentiment

import (
	"math"
	"slices"
)

// ConfusionMatrix counts gold labels (rows) against predicted labels
// (columns). Build one with Confusion.
type ConfusionMatrix struct {
	Labels []string
	Counts [][]int // Counts[gold][pred], indexed like Labels
}

// Confusion counts the pairs (gold[i], pred[i]). Labels lists the classes
// in display order; labels found in gold or pred but not in labels are
// appended in order of first appearance. gold and pred must have the same
// length; extra items of the longer one are ignored.
func Confusion(labels []string, gold, pred []string) *ConfusionMatrix {
	c := &ConfusionMatrix{Labels: slices.Clone(labels)}
	index := func(l string) int {
		i := slices.Index(c.Labels, l)
		if i < 0 {
			c.Labels = append(c.Labels, l)
			for k := range c.Counts {
				c.Counts[k] = append(c.Counts[k], 0)
			}
			c.Counts = append(c.Counts, make([]int, len(c.Labels)))
			i = len(c.Labels) - 1
		}
		return i
	}
	c.Counts = make([][]int, len(c.Labels))
	for k := range c.Counts {
		c.Counts[k] = make([]int, len(c.Labels))
	}
	for i := range min(len(gold), len(pred)) {
		g := index(gold[i])
		p := index(pred[i])
		c.Counts[g][p]++
	}
	return c
}

// Total returns the number of pairs counted.
func (c *ConfusionMatrix) Total() int {
	n := 0
	for _, row := range c.Counts {
		for _, v := range row {
			n += v
		}
	}
	return n
}

// Accuracy returns the share of pairs where prediction equals gold, or 0
// when there are none.
func (c *ConfusionMatrix) Accuracy() float64 {
	n, ok := 0, 0
	for g, row := range c.Counts {
		for p, v := range row {
			n += v
			if g == p {
				ok += v
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(ok) / float64(n)
}

// ClassScores are precision, recall and F1 of one class, and its support
// (gold count) and predicted count.
type ClassScores struct {
	Label     string  `json:"label"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Support   int     `json:"support"`
	Predicted int     `json:"predicted"`
}

// Class returns the scores of label; a label never seen gives zeros.
// Precision (recall) is 0 when nothing was predicted as (is gold) label;
// F1 is 0 when both are 0.
func (c *ConfusionMatrix) Class(label string) ClassScores {
	s := ClassScores{Label: label}
	i := slices.Index(c.Labels, label)
	if i < 0 {
		return s
	}
	tp := c.Counts[i][i]
	for k := range c.Labels {
		s.Support += c.Counts[i][k]
		s.Predicted += c.Counts[k][i]
	}
	if s.Predicted > 0 {
		s.Precision = float64(tp) / float64(s.Predicted)
	}
	if s.Support > 0 {
		s.Recall = float64(tp) / float64(s.Support)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}

// Classes returns the scores of every label, in Labels order.
func (c *ConfusionMatrix) Classes() []ClassScores {
	out := make([]ClassScores, len(c.Labels))
	for i, l := range c.Labels {
		out[i] = c.Class(l)
	}
	return out
}

// MacroF1 is the unweighted mean F1 over the labels that occur as gold or
// prediction (a class absent from both would add a meaningless 0); 0 when
// nothing was counted.
func (c *ConfusionMatrix) MacroF1() float64 {
	var sum float64
	n := 0
	for _, s := range c.Classes() {
		if s.Support == 0 && s.Predicted == 0 {
			continue
		}
		sum += s.F1
		n++
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// MeanF1 is the mean F1 of the given labels, whether or not they occur:
// SemEval-2016 Task 6's F_avg is MeanF1("FAVOR", "AGAINST").
func (c *ConfusionMatrix) MeanF1(labels ...string) float64 {
	if len(labels) == 0 {
		return 0
	}
	var sum float64
	for _, l := range labels {
		sum += c.Class(l).F1
	}
	return sum / float64(len(labels))
}

// Weighted returns precision, recall and F1 averaged over the classes
// weighted by their gold support, as in the VADER paper's tables (and
// scikit-learn's average="weighted"); zeros when nothing was counted.
func (c *ConfusionMatrix) Weighted() (precision, recall, f1 float64) {
	total := 0
	for _, s := range c.Classes() {
		total += s.Support
		precision += float64(s.Support) * s.Precision
		recall += float64(s.Support) * s.Recall
		f1 += float64(s.Support) * s.F1
	}
	if total == 0 {
		return 0, 0, 0
	}
	t := float64(total)
	return precision / t, recall / t, f1 / t
}

// Pearson returns the correlation coefficient of x and y (same length), or
// NaN when there are fewer than two pairs or either has no variance.
func Pearson(x, y []float64) float64 {
	n := min(len(x), len(y))
	if n < 2 {
		return math.NaN()
	}
	var mx, my float64
	for i := range n {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(n)
	my /= float64(n)
	var sxy, sxx, syy float64
	for i := range n {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return sxy / math.Sqrt(sxx*syy)
}

// SignLabel is the VADER paper's class of a score or mean rating. With
// band > 0 (0.05 for predicted compound scores) it is positive at x >=
// band, negative at x <= -band, else neutral, as VADER labels; with band 0
// (gold mean ratings) it is the sign of x.
func SignLabel(x, band float64) string {
	switch {
	case band > 0 && x >= band, band <= 0 && x > 0:
		return Positive
	case band > 0 && x <= -band, band <= 0 && x < 0:
		return Negative
	}
	return Neutral
}
