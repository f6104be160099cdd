// Package sentiment is tonedesk's text analysis: story files, sentiment,
// stance toward each side of a story, moderation flags and language. It
// imports the standard library and govader only: no storage, no HTTP.
package sentiment

import "strings"

// Labels of Sentiment.Label.
const (
	Negative = "negative"
	Neutral  = "neutral"
	Positive = "positive"
)

// Stance labels other than "pro_<side id>".
const (
	StanceBalanced = "balanced"
	StanceNone     = "none"
)

// Analysis is everything tonedesk knows about one text (a comment, a quote or
// an article). Its JSON form is the `tonedesk score` contract of DESIGN.md,
// plus the optional sentence and driver details. Lang is a language code
// ("en", "ur", "ps", "fa", "ar", "und") or a mix "primary+secondary" such as
// "en+ur" for English with Roman Urdu; see LangEnglish and the codes after
// it.
type Analysis struct {
	Sentiment Sentiment `json:"sentiment"`
	Stance    Stance    `json:"stance"`
	Flags     []Flag    `json:"flags"`
	Lang      string    `json:"lang"`
}

// Sentiment is the tone of a text: Score in [-1, 1], Label negative, neutral
// or positive, Confidence in [0, 1]. Sentences and Drivers say why.
type Sentiment struct {
	Label      string     `json:"label"`
	Score      float64    `json:"score"`
	Confidence float64    `json:"confidence"`
	Sentences  []Sentence `json:"sentences,omitempty"`
	Drivers    []Driver   `json:"drivers,omitempty"`
}

// Sentence is the score of one sentence; Start and End are byte offsets into
// the analysed text.
type Sentence struct {
	Start int     `json:"start"`
	End   int     `json:"end"`
	Score float64 `json:"score"`
}

// Driver is a word or phrase that moved the score, with its signed weight.
type Driver struct {
	Text   string  `json:"text"`
	Weight float64 `json:"weight"`
}

// Stance is the position a text takes toward each side of a story: Sides maps
// side id to a score in [-1 (against), 1 (for)]; Label is "pro_<side id>",
// "balanced" or "none"; Evidence holds the spans that decided it.
type Stance struct {
	Label    string             `json:"label"`
	Sides    map[string]float64 `json:"sides"`
	Evidence []string           `json:"evidence"`
}

// Flag kinds a moderator may need to see.
const (
	FlagInsult         = "insult"
	FlagProfanity      = "profanity"
	FlagIdentityAttack = "identity_attack"
	FlagThreat         = "threat"
	FlagSpam           = "spam"
)

// Flag is one reason a moderator should look at a text: its kind, severity in
// [0, 1] and the span that triggered it.
type Flag struct {
	Kind     string  `json:"kind"`
	Severity float64 `json:"severity"`
	Span     string  `json:"span"`
}

// FoldPhraseDrivers folds each one-word driver of a text into a phrase
// driver of the same text that holds the word, the first such phrase in
// the list: the model weighs "open war", "open" and "war" apart, and a
// reader of "war +7.9" beside "open war −12.1" would take it for a finding;
// together they are what the words did (−12.1 + 7.9 + 5.6 for "open war").
// The order of what is left is kept. Analyze lists them apart (folding
// there costs every text); the dashboard shows them folded.
func FoldPhraseDrivers(ds []Driver) []Driver {
	words := make([][]string, len(ds)) // the words of each driver, lower case
	holder := map[string]int{}         // word -> index in ds of the first phrase holding it
	for i, d := range ds {
		words[i] = strings.Fields(strings.ToLower(d.Text))
		// "not good" (a negated word, or the pair) holds the opposite of
		// "good": folding one into the other would flip its sign.
		if ws := words[i]; len(ws) > 1 && ws[0] != "not" {
			for _, w := range ws {
				if _, ok := holder[w]; !ok {
					holder[w] = i
				}
			}
		}
	}
	add := make([]float64, len(ds))
	folded := make([]bool, len(ds))
	for i, d := range ds {
		if ws := words[i]; len(ws) == 1 {
			if j, ok := holder[ws[0]]; ok {
				add[j] += d.Weight
				folded[i] = true
			}
		}
	}
	out := make([]Driver, 0, len(ds))
	for i, d := range ds {
		if !folded[i] {
			d.Weight += add[i]
			out = append(out, d)
		}
	}
	return out
}

// OnlyFunctionWords reports whether every word of a driver's text is one
// the model gives no unigram ("of the", "to the", "it is"): such a pair
// moved the score, but it tells a reader nothing about why.
func OnlyFunctionWords(text string) bool {
	words := strings.Fields(strings.ToLower(text))
	for _, w := range words {
		if !stopUnigram[w] {
			return false
		}
	}
	return len(words) > 0
}
