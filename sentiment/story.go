package sentiment

// Story is a story file: the sides in dispute and the other parties, each
// with the aliases that name it in text.
type Story struct {
	ID      string  `json:"id"`
	Title   string  `json:"title"`
	Sides   []Group `json:"sides"`
	Parties []Group `json:"parties"`
}

// Group is one side or party of a story.
type Group struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
}

// ParseStory reads a story file (TOML, see DESIGN.md). name is used in error
// messages. TODO(helper): real parser and validation.
func ParseStory(name string, data []byte) (*Story, error) {
	panic("sentiment.ParseStory: not written yet")
}
