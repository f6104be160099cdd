package sentiment

// stance returns the position text takes toward each side of the story.
// Until the stance classifier lands it is "none" for every text.
func (a *Analyzer) stance(text string) Stance {
	return a.noStance()
}
