package sentiment

import (
	"reflect"
	"testing"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"empty", "", nil},
		{"blank", " \n\t ", nil},
		{"punctuation only", "... !!! —", nil},
		{"one", "Kabul is not serious.", []string{"Kabul is not serious."}},
		{"no final stop", "  Kabul is not serious  ", []string{"Kabul is not serious"}},
		{"three kinds", "Talks failed. Why? Nobody knows! Then silence", []string{"Talks failed.", "Why?", "Nobody knows!", "Then silence"}},
		{"lower-case start", "its bad. they lied.", []string{"its bad.", "they lied."}},
		{"titles", "Mr. Tarar and Dr. Smith spoke. Gen. Munir did not.", []string{"Mr. Tarar and Dr. Smith spoke.", "Gen. Munir did not."}},
		{"initialism", "U.S. President Donald Trump offered help. U.N. officials agreed.", []string{"U.S. President Donald Trump offered help.", "U.N. officials agreed."}},
		{"initialism ends sentence", "Pressure came from the U.S. The Taliban refused.", []string{"Pressure came from the U.S.", "The Taliban refused."}},
		{"initial of a name", "J. Smith wrote it.", []string{"J. Smith wrote it."}},
		{"e.g.", "Some groups, e.g. TTP, remain. Others left.", []string{"Some groups, e.g. TTP, remain.", "Others left."}},
		{"months and numbers", "On Oct. 19 they met. See No. 5 below.", []string{"On Oct. 19 they met.", "See No. 5 below."}},
		{"decimals", "Trade fell 2.5 percent. It was $3.2bn.", []string{"Trade fell 2.5 percent.", "It was $3.2bn."}},
		{"etc", "Tea, sugar, etc. are scarce. Etc. The end.", []string{"Tea, sugar, etc. are scarce.", "Etc.", "The end."}},
		{"url", "See dawn.com now. Done.", []string{"See dawn.com now.", "Done."}},
		{"quote closes", `He said "it failed." Then he left.`, []string{`He said "it failed."`, "Then he left."}},
		{"curly quote closes", "It was “open war.” Asif added more.", []string{"It was “open war.”", "Asif added more."}},
		{"quote then lower case", "“No.” he said. “Why?” she asked.", []string{"“No.” he said.", "“Why?” she asked."}},
		{"single quotes", "the dialogue 'failed to bring about any workable solution'. Next.", []string{"the dialogue 'failed to bring about any workable solution'.", "Next."}},
		{"bracket", "They met (again.) Nothing came of it.", []string{"They met (again.)", "Nothing came of it."}},
		{"ellipsis", "Well... maybe not. Hmm… Fine.", []string{"Well... maybe not.", "Hmm…", "Fine."}},
		{"interrobang", "Really?! Yes.", []string{"Really?!", "Yes."}},
		{"headline line", "Background to the Impasse\nThe Istanbul talks began.", []string{"Background to the Impasse", "The Istanbul talks began."}},
		{"blank line", "first part\n\nsecond part", []string{"first part", "second part"}},
		{"wrapped line", "The talks between the two\nneighbours failed.", []string{"The talks between the two\nneighbours failed."}},
		{"wrapped after comma", "After three days,\nPakistan walked out.", []string{"After three days,\nPakistan walked out."}},
		{"crlf", "One.\r\nTwo.\r\n", []string{"One.", "Two."}},
		{"emoji sentence", "Great 😀\nOK", []string{"Great 😀", "OK"}},
		{"trailing newline", "Done.\n", []string{"Done."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, sp := range splitSentences(tt.text) {
				got = append(got, tt.text[sp.start:sp.end])
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("splitSentences(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}
