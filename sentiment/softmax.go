package sentiment

import "math"

// softmaxFit trains a multinomial logistic regression, for the stance and
// the flag models: the class-weighted mean cross-entropy (each class weighs
// the same in total; a class without rows weighs nothing) plus an L2
// penalty, minimised by full-batch AdaGrad from zero weights in a fixed
// order, so that the same rows give the same weights.
type softmaxFit struct {
	L2   float64 // L2 penalty per weight (on the mean loss)
	Rate float64 // AdaGrad learning rate
	Iter int     // full-batch AdaGrad iterations
}

// fit returns the weights w[feature][class] and the bias of k classes;
// count[c] is the number of rows of class c.
func (o softmaxFit) fit(rows []trainRow, nFeat, k int, count []float64) ([][]float64, []float64) {
	cells := func(n int) [][]float64 {
		flat := make([]float64, n*k)
		out := make([][]float64, n)
		for i := range out {
			out[i] = flat[i*k : (i+1)*k : (i+1)*k]
		}
		return out
	}
	w, g2, grad := cells(nFeat), cells(nFeat), cells(nFeat)
	bias, bg2, bgrad := make([]float64, k), make([]float64, k), make([]float64, k)
	cw := make([]float64, k)
	total := float64(len(rows))
	for c := range k {
		if count[c] > 0 {
			cw[c] = total / (float64(k) * count[c])
		}
	}
	z := make([]float64, k)
	const eps = 1e-8
	for range o.Iter {
		for i := range grad {
			clear(grad[i])
		}
		clear(bgrad)
		for _, r := range rows {
			copy(z, bias)
			for j, f := range r.idx {
				for c := range k {
					z[c] += w[f][c] * r.val[j]
				}
			}
			softmaxInPlace(z)
			for c := range k {
				g := z[c]
				if c == r.class {
					g -= 1
				}
				g *= cw[r.class] / total
				bgrad[c] += g
				for j, f := range r.idx {
					grad[f][c] += g * r.val[j]
				}
			}
		}
		for f := range w {
			for c := range k {
				g := grad[f][c] + o.L2*w[f][c]
				if g == 0 {
					continue
				}
				g2[f][c] += g * g
				w[f][c] -= o.Rate * g / (math.Sqrt(g2[f][c]) + eps)
			}
		}
		for c := range k {
			bg2[c] += bgrad[c] * bgrad[c]
			bias[c] -= o.Rate * bgrad[c] / (math.Sqrt(bg2[c]) + eps)
		}
	}
	return w, bias
}

// softmaxInPlace turns logits into probabilities, in place.
func softmaxInPlace(z []float64) {
	m := z[0]
	for _, v := range z[1:] {
		m = max(m, v)
	}
	var sum float64
	for c := range z {
		z[c] = math.Exp(z[c] - m)
		sum += z[c]
	}
	for c := range z {
		z[c] /= sum
	}
}
