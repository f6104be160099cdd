package sentiment

import (
	"os"
	"path/filepath"
	"testing"
)

func BenchmarkAnalyze(b *testing.B) {
	a := NewAnalyzer(seedStory(b))
	comments := seedComments(b)
	var bytes int64
	for _, c := range comments {
		bytes += int64(len(c))
	}
	b.SetBytes(bytes / int64(len(comments)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a.Analyze(comments[i%len(comments)])
		i++
	}
}

func BenchmarkAnalyzeArticle(b *testing.B) {
	a := NewAnalyzer(seedStory(b))
	texts := seedTexts(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a.Analyze(texts[i%len(texts)])
		i++
	}
}

func BenchmarkMentions(b *testing.B) {
	s := seedStory(b)
	texts := seedTexts(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.Mentions(texts[i%len(texts)])
		i++
	}
}

func BenchmarkParseStory(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "stories", "istanbul-talks-2025.toml"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseStory("s.toml", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyzeLabelled is Analyze over our labelled comments, each
// with the analyzer of its own story, as `go run ./bench` runs them (with
// another story's analyzer a comment names no side, and the stance step
// has little to do).
func BenchmarkAnalyzeLabelled(b *testing.B) {
	ids, data, stories := loadLabelled(b)
	type item struct {
		a    *Analyzer
		text string
	}
	var items []item
	for _, id := range ids {
		a := NewAnalyzer(stories[id])
		for _, c := range data[id] {
			items = append(items, item{a, c.Text})
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		it := items[i%len(items)]
		it.a.Analyze(it.text)
		i++
	}
}

// BenchmarkParts times each step of Analyze and govader alone on the same
// labelled comments, to see where the time goes.
func BenchmarkParts(b *testing.B) {
	a := NewAnalyzer(seedStory(b))
	texts := labelledTexts(b)
	parts := []struct {
		name string
		f    func(string)
	}{
		{"sentiment", func(t string) {
			ms := a.story.Mentions(t)
			bp := a.pooledTokens(t, ms)
			a.sentiment(t, detectLanguage(t), ms, *bp, true)
			putTokens(bp)
		}},
		{"stance", func(t string) { a.stance(t) }},
		{"flags", func(t string) { a.flags(t) }},
		{"polarity", func(t string) { a.polarity(t) }},
		{"govader", func(t string) { a.vader.PolarityScores(t) }},
	}
	for _, p := range parts {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				p.f(texts[i%len(texts)])
				i++
			}
		})
	}
}
