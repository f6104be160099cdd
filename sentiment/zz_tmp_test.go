package sentiment

import "testing"

func BenchmarkTmpMentions(b *testing.B) {
	texts, st := benchComments(b)
	i := 0
	for b.Loop() {
		st.Mentions(texts[i%len(texts)])
		i++
	}
}
func BenchmarkTmpTokenize(b *testing.B) {
	texts, st := benchComments(b)
	buf := make([]token, 0, 256)
	i := 0
	for b.Loop() {
		buf = tokenize(texts[i%len(texts)], st, nil, buf[:0])
		i++
	}
}
func BenchmarkTmpBuildDoc(b *testing.B) {
	texts, st := benchComments(b)
	a := NewAnalyzer(st)
	i := 0
	for b.Loop() {
		d := a.buildStanceDoc(texts[i%len(texts)])
		d.release()
		i++
	}
}
func BenchmarkTmpDecide(b *testing.B) {
	texts, st := benchComments(b)
	a := NewAnalyzer(st)
	var docs []*stanceDoc
	for _, t := range texts {
		docs = append(docs, a.buildStanceDoc(t))
	}
	m := DefaultStanceModel()
	i := 0
	for b.Loop() {
		d := docs[i%len(docs)]
		d.hasFeat = false
		d.decide(m, st)
		i++
	}
}
