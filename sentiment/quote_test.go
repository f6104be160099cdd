package sentiment

import (
	"strings"
	"testing"
)

// quoteStory is an invented dispute for the quote tests: Northland against
// Southland, Verania mediating; and a city against its transit union.
// Northland's story lists no nationality word (Northlandic is derived).
func quoteStory(t *testing.T) *Story {
	t.Helper()
	s := &Story{
		ID: "river-row",
		Sides: []Group{
			{ID: "north", Aliases: []string{"Northland", "Nordburg", "Jane Roe", "Roe"}},
			{ID: "south", Aliases: []string{"Southland", "Southlander", "Southlanders", "Port Vale", "Omar Haddad", "Haddad"}},
			{ID: "city", Aliases: []string{"City Hall", "city council", "council", "Metro"}},
			{ID: "union", Aliases: []string{"union", "Local 9", "Marcy Delgado", "Delgado"}},
		},
		Parties: []Group{
			{ID: "mediators", Aliases: []string{"Verania", "Veranian", "International Court of Justice"}},
		},
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	return s
}

// quoteWant is an expected quote: its text, and (when not "-") its
// speaker, side and via.
type quoteWant struct {
	text, speaker, side, via string
}

func checkQuotes(t *testing.T, story *Story, text string, want []quoteWant) {
	t.Helper()
	got := ExtractQuotes(story, text)
	for _, q := range got {
		if text[q.Start:q.End] != q.Text {
			t.Errorf("quote %q: Text is not text[%d:%d] = %q", q.Text, q.Start, q.End, text[q.Start:q.End])
		}
	}
	if len(got) != len(want) {
		t.Errorf("%q:\ngot %d quotes, want %d:", text, len(got), len(want))
		for _, q := range got {
			t.Errorf("  %q by %q (%s) via %q", q.Text, q.Speaker, q.Side, q.Via)
		}
		return
	}
	for i, w := range want {
		q := got[i]
		if q.Text != w.text {
			t.Errorf("%q: quote %d = %q, want %q", text, i, q.Text, w.text)
		}
		if w.speaker != "-" && q.Speaker != w.speaker {
			t.Errorf("%q: quote %q: speaker %q, want %q", text, q.Text, q.Speaker, w.speaker)
		}
		if w.side != "-" && q.Side != w.side {
			t.Errorf("%q: quote %q: side %q, want %q", text, q.Text, q.Side, w.side)
		}
		if w.via != "-" && q.Via != w.via {
			t.Errorf("%q: quote %q: via %q, want %q", text, q.Text, q.Via, w.via)
		}
	}
}

func TestQuoteExtraction(t *testing.T) {
	story := quoteStory(t)
	for _, c := range []struct {
		name string
		text string
		want []quoteWant
	}{
		{"curly", "Roe said the plan was “dead on arrival” on Monday.",
			[]quoteWant{{"dead on arrival", "Roe", "north", ""}}},
		{"straight", `Haddad said the talks were "going nowhere."`,
			[]quoteWant{{"going nowhere.", "Haddad", "south", ""}}},
		{"guillemets", "Haddad called the offer «an insult».",
			[]quoteWant{{"an insult", "Haddad", "south", ""}}},
		{"single quotes and apostrophes",
			"Northland's foreign minister warned that Northland's 'patience has run its course' and that it won't 'sit idly by'.",
			[]quoteWant{{"patience has run its course", "Northland's foreign minister", "north", ""}, {"sit idly by", "Northland's foreign minister", "north", ""}}},
		{"curly single quotes and ’s",
			"Southland’s envoy said the dam’s operators were ‘reckless’ and Northland’s claims ‘baseless’.",
			[]quoteWant{{"reckless", "Southland’s envoy", "south", ""}, {"baseless", "Southland’s envoy", "south", ""}}},
		{"plural possessive inside single quotes",
			"Delgado said 'the workers' demands are fair' before the vote.",
			[]quoteWant{{"the workers' demands are fair", "Delgado", "union", ""}}},
		{"closing mark after a plural before a function word",
			"Roe vowed to 'defend our borders' and to stop the smugglers' boats.",
			[]quoteWant{{"defend our borders", "Roe", "north", ""}}},
		{"plural possessive outside quotes",
			"The drivers' union said the deal was 'not enough', and the riders' group agreed.",
			[]quoteWant{{"not enough", "The drivers' union", "union", ""}}},
		{"decades and elisions are no quotes",
			"Talks have dragged on since the '90s, and rock 'n' roll played outside.",
			nil},
		{"split by attribution",
			"“We will not sign,” Roe said, “until the river is shared.”",
			[]quoteWant{{"We will not sign", "Roe", "north", ""}, {"until the river is shared.", "Roe", "north", ""}}},
		{"several sentences",
			"“We came to talk. They came to stall. Nothing moved,” said Omar Haddad.",
			[]quoteWant{{"We came to talk. They came to stall. Nothing moved", "Omar Haddad", "south", ""}}},
		{"the operation is no name",
			"Roe called the Southland operation “an invasion in all but name.”",
			[]quoteWant{{"an invasion in all but name.", "Roe", "north", ""}}},
		{"scare quotes",
			"Northland described the proposal as 'illogical and detached'.",
			[]quoteWant{{"illogical and detached", "Northland", "north", ""}}},
		{"nested quotes",
			"“When they call us ‘greedy,’ they mean bus drivers,” Delgado said.",
			[]quoteWant{{"When they call us ‘greedy,’ they mean bus drivers", "Delgado", "union", ""}}},
		{"paragraph left open and reopened",
			"“We are not going anywhere,” Delgado said. “Not this week.\n\n“Not until they respect us.”\n\nThe council met later.",
			[]quoteWant{{"We are not going anywhere", "Delgado", "union", ""}, {"Not this week.\n\n“Not until they respect us.", "Delgado", "union", ""}}},
		{"straight quotes reopened",
			"\"We stay out,\" Delgado said. \"Not this week.\n\n\"Not next week.\"",
			[]quoteWant{{"We stay out", "Delgado", "union", ""}, {"Not this week.\n\n\"Not next week.", "Delgado", "union", ""}}},
		{"names are no quotes",
			"The so-called “river accord” and a plan dubbed “Blue Line” were shelved, Roe said, before Northland launched Operation ‘Dry Season’.",
			nil},
		{"trailing comma trimmed",
			"Northland called the talks “useful, frank,” but said no more.",
			[]quoteWant{{"useful, frank", "Northland", "north", ""}}},
	} {
		t.Run(c.name, func(t *testing.T) { checkQuotes(t, story, c.text, c.want) })
	}
}

func TestQuoteAttribution(t *testing.T) {
	story := quoteStory(t)
	for _, c := range []struct {
		name string
		text string
		want []quoteWant
	}{
		{"X said", "“The river is ours,” Haddad said.",
			[]quoteWant{{"The river is ours", "Haddad", "south", ""}}},
		{"said X with apposition", "“The river is ours,” said Omar Haddad, Southland’s water minister.",
			[]quoteWant{{"The river is ours", "Omar Haddad", "south", ""}}},
		{"said role, name", "“No deal,” said the union’s president, Marcy Delgado.",
			[]quoteWant{{"No deal", "Marcy Delgado", "union", ""}}},
		{"according to X", "The mediators were “cautiously hopeful,” according to Veranian officials.",
			[]quoteWant{{"cautiously hopeful", "Veranian officials", "mediators", ""}}},
		{"according to an outlet is a via", "The Northland coast guard “took necessary measures,” according to state broadcaster NTV.",
			[]quoteWant{{"took necessary measures", "The Northland coast guard", "north", "NTV"}}},
		{"X told Reuters", "“We are ready,” a Southland official told Reuters.",
			[]quoteWant{{"We are ready", "a Southland official", "south", "Reuters"}}},
		{"told reporters has no via", "“We are ready,” Roe told reporters in Nordburg.",
			[]quoteWant{{"We are ready", "Roe", "north", ""}}},
		{"X warned that", "Jane Roe warned that any delay would be “a catastrophe.”",
			[]quoteWant{{"a catastrophe.", "Jane Roe", "north", ""}}},
		{"reporting verbs", "Haddad insisted that the dam was “legal”. Roe claimed it was “theft”. Haddad accused Northland of “bad faith”. Roe noted the “long history”. Haddad emphasized “dialogue”. Roe added that time was “short”. Haddad stated it was “final”.",
			[]quoteWant{{"legal", "Haddad", "south", ""}, {"theft", "Roe", "north", ""}, {"bad faith", "Haddad", "south", ""},
				{"long history", "Roe", "north", ""}, {"dialogue", "Haddad", "south", ""}, {"short", "Roe", "north", ""}, {"final", "Haddad", "south", ""}}},
		{"speaker in the sentence before", "Delgado was defiant at the rally. “We will not back down.”",
			[]quoteWant{{"We will not back down.", "Delgado", "union", ""}}},
		{"attribution in the sentence after", "“We will not back down.” Delgado said.",
			[]quoteWant{{"We will not back down.", "Delgado", "union", ""}}},
		{"pronoun", "Omar Haddad spoke after the meeting. He said the offer was “an insult”.",
			[]quoteWant{{"an insult", "Omar Haddad", "south", ""}}},
		{"pronoun after a quote", "“It is over,” Roe said. “We tried,” she added.",
			[]quoteWant{{"It is over", "Roe", "north", ""}, {"We tried", "Roe", "north", ""}}},
		{"the official", "Southland officials said the talks had “failed”. “There is nothing left to discuss,” the official said.",
			[]quoteWant{{"failed", "Southland officials", "south", ""}, {"There is nothing left to discuss", "the official", "south", ""}}},
		{"one official", "Northlandic officials called the plan “reckless”. “We warned them,” one official said.",
			[]quoteWant{{"reckless", "Northlandic officials", "north", ""}, {"We warned them", "one official", "north", ""}}},
		{"an official after officials", "Southland officials said the offer was “late”.\n\n“We will study it,” an official said.",
			[]quoteWant{{"late", "Southland officials", "south", ""}, {"We will study it", "an official", "south", ""}}},
		{"the source added", "A senior Southlander official said the vote was “final”. The source added that Northland had been “warned”.",
			[]quoteWant{{"final", "A senior Southlander official", "south", ""}, {"warned", "The source", "south", ""}}},
		{"unknown when the text does not say", "Analysts said the dispute was “far from over”.",
			[]quoteWant{{"far from over", "Analysts", "unknown", ""}}},
		{"neutral speaker placed in a capital", "“This is not over,” a senior diplomat in Port Vale told Vale News.",
			[]quoteWant{{"This is not over", "a senior diplomat in Port Vale", "unknown", "Vale News"}}},
		{"neutral speaker located in a capital", "“Nobody wants to blink,” said Rania Fawzy, a researcher at a Nordburg think-tank.",
			[]quoteWant{{"Nobody wants to blink", "Rania Fawzy", "unknown", ""}}},
		{"sources in a capital", "Official sources in Port Vale described the offer as “unserious”.",
			[]quoteWant{{"unserious", "Official sources in Port Vale", "south", ""}}},
		{"passive with agent", "The offer was described by union leaders as “an insult”.",
			[]quoteWant{{"an insult", "union leaders", "union", ""}}},
		{"passive without agent", "“We are done,” Delgado said.\n\nThe city’s offer was dismissed as “a joke”.",
			[]quoteWant{{"We are done", "Delgado", "union", ""}, {"a joke", "Delgado", "union", ""}}},
		{"participle", "Roe spoke on state broadcaster NTV, saying, “The river will flow.”",
			[]quoteWant{{"The river will flow.", "Roe", "north", "NTV"}}},
		{"with X saying", "Talks ended, with Foreign Minister Jane Roe calling them “a waste of time”.",
			[]quoteWant{{"a waste of time", "Foreign Minister Jane Roe", "north", ""}}},
		{"apposition before", "Southland’s water minister, Omar Haddad, confirmed the failure, stating that talks had “collapsed”.",
			[]quoteWant{{"collapsed", "Omar Haddad", "south", ""}}},
		{"inserted clause", "Jane Roe, who signed the first accord with her Southland counterpart, warned of “open conflict”.",
			[]quoteWant{{"open conflict", "Jane Roe", "north", ""}}},
		{"speaking to an outlet", "Haddad, speaking to Vale News late on Monday, said the dam was “illegal”.",
			[]quoteWant{{"illegal", "Haddad", "south", "Vale News"}}},
		{"writing on X", "Roe, writing on X, said the talks were “over”.",
			[]quoteWant{{"over", "Roe", "north", "X"}}},
		{"surname named in full elsewhere", "Council member Jae Park chairs the transport committee. “The council will act,” Park said.",
			[]quoteWant{{"The council will act", "Park", "city", ""}}},
		{"spokesperson after a group", "Southland’s foreign ministry called the move “provocative”. Spokesperson Lin Mei said it was “unacceptable”.",
			[]quoteWant{{"provocative", "Southland’s foreign ministry", "south", ""}, {"unacceptable", "Spokesperson Lin Mei", "south", ""}}},
		{"the court", "The International Court of Justice will rule soon. The court said both sides must “refrain from escalation”.",
			[]quoteWant{{"refrain from escalation", "The court", "mediators", ""}}},
		{"possessive of a reporting noun", "At the heart of the row were Northland’s demands for “verifiable guarantees”.",
			[]quoteWant{{"verifiable guarantees", "Northland", "north", ""}}},
		{"subject of the sentence", "Southlander negotiators presented “irrefutable evidence” at the talks.",
			[]quoteWant{{"irrefutable evidence", "Southlander negotiators", "south", ""}}},
		{"colon", "Haddad was blunt: “We will act.”",
			[]quoteWant{{"We will act.", "Haddad", "south", ""}}},
		{"label before a colon is no speaker", "- Northland’s Position: “The river is shared.”",
			[]quoteWant{{"The river is shared.", "", "unknown", ""}}},
		{"according to a statement from X", "Talks would resume “within weeks,” according to a statement from the Veranian foreign ministry.",
			[]quoteWant{{"within weeks", "the Veranian foreign ministry", "mediators", ""}}},
		{"quote paragraph after X said:", "In a televised address, Omar Haddad said:\n\n“We will defend our share of the river.”",
			[]quoteWant{{"We will defend our share of the river.", "Omar Haddad", "south", ""}}},
		{"question", "“Who pays for this?” asked Marcy Delgado.",
			[]quoteWant{{"Who pays for this?", "Marcy Delgado", "union", ""}}},
		{"dash", "“We will fight” — Delgado said.",
			[]quoteWant{{"We will fight", "Delgado", "union", ""}}},
		{"age apposition", "Delgado, 54, said the offer was “insulting”.",
			[]quoteWant{{"insulting", "Delgado", "union", ""}}},
		{"relative clause holding the verb", "The official, who told reporters the talks were “stalled”, left early. Southland officials said so too.",
			[]quoteWant{{"stalled", "The official", "-", ""}}},
		{"no story", "“Fine,” she said.", []quoteWant{{"Fine", "", "unknown", ""}}},
	} {
		t.Run(c.name, func(t *testing.T) { checkQuotes(t, story, c.text, c.want) })
	}
}

func TestQuoteNilStory(t *testing.T) {
	got := ExtractQuotes(nil, "“The river is ours,” Haddad said.")
	if len(got) != 1 || got[0].Side != "unknown" || got[0].Speaker != "Haddad" {
		t.Errorf("got %+v, want one quote by Haddad, side unknown", got)
	}
	if got := ExtractQuotes(nil, "No quotes here, just the workers' union and Pakistan's army."); got != nil {
		t.Errorf("got %+v, want nil", got)
	}
}

// TestQuoteOffsetsFuzzish checks Text == text[Start:End] and ordering on
// malformed inputs.
func TestQuoteMalformed(t *testing.T) {
	for _, text := range []string{
		"“unclosed at the end",
		"\"a\" \"b",
		"” backwards “",
		"'",
		"‘",
		"He said: “one.\n\nTwo.” Then ‘three",
		strings.Repeat("“a” ", 50),
		"“ ”",
		"Mr. Roe said “yes.” Ms. Haddad said “no.”",
	} {
		got := ExtractQuotes(quoteStory(t), text)
		prev := -1
		for _, q := range got {
			if q.Start < 0 || q.End > len(text) || q.Start > q.End || text[q.Start:q.End] != q.Text {
				t.Errorf("%q: bad quote %+v", text, q)
			}
			if q.Start < prev {
				t.Errorf("%q: quotes out of order", text)
			}
			prev = q.End
			if q.Side == "" {
				t.Errorf("%q: empty side", text)
			}
		}
	}
}

// FuzzExtractQuotes checks that extraction never panics and keeps its
// offset invariant.
func FuzzExtractQuotes(f *testing.F) {
	for _, s := range []string{"“X,” he said, “Y.”", "'a' 'b", "\"\n\n\"", "the workers' 'x'", "«»", "said ‘a’s’"} {
		f.Add(s)
	}
	story := &Story{ID: "s", Sides: []Group{{ID: "a", Aliases: []string{"A"}}, {ID: "b", Aliases: []string{"B"}}}}
	if err := story.Validate(); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, q := range ExtractQuotes(story, text) {
			if q.Start < 0 || q.End > len(text) || q.Start > q.End || text[q.Start:q.End] != q.Text {
				t.Fatalf("bad quote %+v", q)
			}
		}
	})
}

// BenchmarkExtractQuotes runs extraction and attribution over a seed-like
// article of 40 paragraphs with 80 quotes.
func BenchmarkExtractQuotes(b *testing.B) {
	story := &Story{ID: "s", Sides: []Group{
		{ID: "north", Aliases: []string{"Northland", "Jane Roe"}},
		{ID: "south", Aliases: []string{"Southland", "Omar Haddad", "Haddad"}}}}
	if err := story.Validate(); err != nil {
		b.Fatal(err)
	}
	para := "Southland officials said the talks had “failed to bring about any workable solution” and that " +
		"Northland's 'patience has run its course'. “There is nothing left to discuss,” the official said, " +
		"adding that the workers' demands were fair.\n\n"
	text := strings.Repeat(para, 40)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		ExtractQuotes(story, text)
	}
}
