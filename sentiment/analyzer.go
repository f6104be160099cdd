package sentiment

// Analyzer scores texts for one story. It is safe for concurrent use.
type Analyzer struct {
	story *Story
}

// NewAnalyzer returns an analyzer for story; story may be nil, in which case
// stance is always "none". TODO(helper): govader-based implementation.
func NewAnalyzer(story *Story) *Analyzer {
	return &Analyzer{story: story}
}

// Analyze scores one text.
func (a *Analyzer) Analyze(text string) Analysis {
	panic("sentiment.Analyze: not written yet")
}
