package sentiment

import (
	"strings"
	"testing"
)

func TestFlags(t *testing.T) {
	a := NewAnalyzer(seedStory(t))
	tests := []struct {
		text string
		kind string // the first (most severe) flag, "" for none
		span string // a part of the first flag's span, if checked
	}{
		// Insults, at a commenter or a person.
		{"you idiot, read the article first", FlagInsult, "idiot"},
		{"This minister is a clown.", FlagInsult, "clown"},
		{"Khawaja Asif is a clown. Every week a new threat on TV.", FlagInsult, "clown"},
		{"@PakPatriot92 you're a moron.", FlagInsult, "moron"},
		{"What a joke of a minister.", FlagInsult, "joke of a"},
		{"Aliyev is a dictator and a thug.", FlagInsult, ""},
		{"Useless man, destroyed his own economy.", FlagInsult, "Useless"},
		{"Suhail Shaheen gives the same fake smile. Pathetic liar.", FlagInsult, "liar"},
		{"@ArtsakhStrong go cry somewhere else, loser.", FlagInsult, "loser"},
		{"Shut up, you clueless troll.", FlagInsult, ""},
		{"Egyptian trolls on this thread have the IQ of a brick.", FlagInsult, "IQ of a"},
		{"@nile_watch go back to school before you lecture us on rivers.", FlagInsult, "go back to school"},
		{"@kabul_view did you even finish primary school?", FlagInsult, "did you even finish"},
		{"Anyone who believes that has the brains of a goat.", FlagInsult, "brains of a"},
		{"The deputy mayor is a bootlicking weasel.", FlagInsult, ""},
		{"Pathetic hack, read the transcript.", FlagInsult, "Pathetic hack"},
		{"Truly the Einstein of foreign policy.", FlagInsult, "Einstein of"},
		{"What an embarrassment of a spokesman.", FlagInsult, "embarrassment of a"},
		{"The strike committee are lazy parasites.", FlagInsult, "parasites"},
		{"Дебил, прочитай текст.", FlagInsult, "Дебил"},
		{"يا حمار اقرأ الخبر", FlagInsult, "يا حمار"},
		{"@kabul_view do you even have your own brain?", FlagInsult, ""},
		// Roman Urdu and Urdu insults.
		{"@PakPatriot92 kutta hai tu, ISPR ka paid troll.", FlagInsult, "kutta"},
		{"Harami hain dono taraf ke hukmaran.", FlagInsult, "Harami"},
		{"Beghairat Taliban. Chalees saal mehmaan nawazi ki.", FlagInsult, "Beghairat"},
		{"Tum log khabees ho.", FlagInsult, "khabees"},
		{"Yeh kanjar aur dalla log hain.", FlagInsult, ""},
		{"Lanati hukmaran.", FlagInsult, "Lanati"},
		{"لعنت ہو ان حکمرانوں پر", FlagInsult, "لعنت"},
		{"Chutiya hai yeh banda.", FlagInsult, "Chutiya"},
		// Profanity, plain and obfuscated.
		{"What a f***ing mess.", FlagProfanity, "f***ing"},
		{"Same sh*t every year.", FlagProfanity, "sh*t"},
		{"This is f**king absurd.", FlagProfanity, "f**king"},
		{"Total sh1t show.", FlagProfanity, "sh1t"},
		{"Fuuuuck this.", FlagProfanity, ""},
		{"Damn you and your maps.", FlagInsult, "Damn"},
		{"Damn these negotiators, always another week.", FlagProfanity, "Damn"},
		{"Goddamn Islamabad and its excuses.", FlagProfanity, "Goddamn"},
		{"WTF is going on at Torkham?", FlagProfanity, "WTF"},
		{"Bhenchod har dafa yahi drama.", FlagProfanity, "Bhenchod"},
		{"bc kya tamasha hai", FlagProfanity, "bc"},
		{"Bloody Egypt again whining at the UN.", FlagProfanity, "Bloody"},
		{"The new timetable is total sh!t.", FlagProfanity, "sh!t"},
		{"Bh********d, phir se wohi drama.", FlagProfanity, "Bh********d"},
		{"Kya ch*tiyapa chal raha hai border pe.", FlagProfanity, "ch*tiyapa"},
		{"FML, the ferry is cancelled too.", FlagProfanity, "FML"},
		{"Third week without a bus. F this.", FlagProfanity, "F this"},
		{"Опять эта хуйня с коридором.", FlagProfanity, "хуйня"},
		{"Пиздец, ничего не подписали.", FlagProfanity, "Пиздец"},
		{"كس أم المفاوضات", FlagProfanity, "كس أم"},
		// Identity attacks: a group and a dehumanising predicate.
		{"Afghans are animals.", FlagIdentityAttack, "Afghans are animals"},
		{"All Pakistanis are terrorists.", FlagIdentityAttack, "Pakistanis are terrorists"},
		{"These people are vermin.", FlagIdentityAttack, "people are vermin"},
		{"These Afghans breed like rats in our cities.", FlagIdentityAttack, ""},
		{"Pakistanis are a nation of beggars.", FlagIdentityAttack, ""},
		{"Afghan log namak haram hain.", FlagIdentityAttack, ""},
		{"Jews are parasites.", FlagIdentityAttack, ""},
		{"Muslims are savages, all of them.", FlagIdentityAttack, ""},
		{"Most of them are immigrants who can't speak English. Send them back.", FlagIdentityAttack, "Send them back"},
		{"A useless nation.", FlagIdentityAttack, ""},
		{"Pakistan is a country of traitors.", FlagIdentityAttack, "country of traitors"},
		{"Hazaras, Tajiks, all the same: a tribe of thieves.", FlagIdentityAttack, "tribe of thieves"},
		{"Half the depot staff are Haitians. Their kind never show up on time.", FlagIdentityAttack, "Their kind"},
		{"Egyptians lie. It's in their DNA.", FlagIdentityAttack, "in their DNA"},
		{"Those Sikh clerics are not even human.", FlagIdentityAttack, ""},
		{"Muslim vendors outside the station again. These people don't belong here.", FlagIdentityAttack, "don't belong"},
		{"Kurdish activists marched downtown. Ridiculous people.", FlagIdentityAttack, "Ridiculous people"},
		{"Sudanese diaspora rats run the protests.", FlagIdentityAttack, ""},
		{"Азербайджанцы — воры.", FlagIdentityAttack, ""},
		{"العرب كلاب", FlagIdentityAttack, ""},
		{"Afghans are ISIS in disguise.", FlagIdentityAttack, ""},
		// Threats and calls for violence.
		{"They should all be shot.", FlagThreat, "should all be shot"},
		{"Bomb Kabul. Simple.", FlagThreat, "Bomb"},
		{"I will find you.", FlagThreat, "I will find you"},
		{"Wipe them out.", FlagThreat, "Wipe them out"},
		{"Kill them all.", FlagThreat, "Kill them all"},
		{"If they attack again we should hit Islamabad directly.", FlagThreat, "should hit"},
		{"That general deserves a bullet.", FlagThreat, "deserves a bullet"},
		{"Every Afghan who crossed illegally should be lined up and shot.", FlagThreat, ""},
		{"Unke thikane bomb karo, tab akal aayegi.", FlagThreat, "bomb karo"},
		{"Saare camp jala do.", FlagThreat, "jala do"},
		{"Aliyev should be hanged in the square.", FlagThreat, "should be hanged"},
		{"Let's burn their embassy tonight.", FlagThreat, ""},
		{"Someone should run over those picketers.", FlagThreat, "run over"},
		{"Any truck on our roads will be blown up. Try it.", FlagThreat, ""},
		{"Nuke them if we have to.", FlagThreat, "Nuke"},
		{"@yerevan_voice we know your real name and your street.", FlagThreat, "we know your real name"},
		{"I know your car, @calder_mom.", FlagThreat, "I know your car"},
		{"We have your details, keep posting.", FlagThreat, ""},
		{"Replacement drivers better watch their backs.", FlagThreat, "better watch their backs"},
		{"Every army post on the border is a target now.", FlagThreat, "a target now"},
		{"If they block the road again I'm driving straight through them.", FlagThreat, ""},
		{"Round up the picketers and lock the gates.", FlagThreat, "Round up"},
		{"That spokesman needs a bullet.", FlagThreat, "needs a bullet"},
		{"Our boys will bury every invader in those hills.", FlagThreat, ""},
		{"Надо было добить их тогда.", FlagThreat, "добить"},
		{"اقتلوهم جميعا", FlagThreat, ""},
		{"Agar phir hamla hua to ghus ke maarenge.", FlagThreat, "ghus ke maarenge"},
		{"Inko zinda dafna denge.", FlagThreat, "dafna denge"},
		{"ان غداروں کو پھانسی دو", FlagThreat, "پھانسی دو"},
		// Spam.
		{"💰 Earn $300 a day from home! WhatsApp now +44 7700 900123", FlagSpam, ""},
		{"FREE crypto signals 🚀🚀 90% accuracy, join telegram t.me/pk_signals_vip now!!!", FlagSpam, ""},
		{"Click here for cheap flights: flyfast-deals.example", FlagSpam, ""},
		{"Call 555-0134 for a viewing of our new condos.", FlagSpam, "555-0134"},
		{"Subscribe to my channel youtube.com/@PakAfNews for daily updates", FlagSpam, ""},
		{"Join our group for updates. Join our group for updates.", FlagSpam, ""},
		{"Peace now. Peace now. Peace now.", "", ""},
		{"Follow my page for live updates and free giveaways!! instagram.com/talks.live", FlagSpam, ""},
		{"Border news every hour on my TikTok @borderwatch, follow for more!", FlagSpam, "follow for more"},
		{"Заработок от 3000 руб в неделю, пиши в личку", FlagSpam, ""},
		{"اربح 500 دولار من البيت، اضغط هنا", FlagSpam, ""},
		{"Ghar baithe kamayein, rabta karein 0300 1234567", FlagSpam, ""},
		{"Our press office is on 0300 1234567 for the families.", "", ""},

		// Innocent but alarming: reporting or criticising violence, quoted
		// threats, questions, negations.
		{"Calling it 'open war' is reckless.", "", ""},
		{"Talk of \"open war\" from a defence minister is reckless. Words like that get soldiers killed.", "", ""},
		{"The TTP killed five soldiers, this is tragic.", "", ""},
		{"Threatening to bomb anyone solves nothing.", "", ""},
		{"He said they would 'wipe them out'.", "", ""},
		{"He said they would “wipe them out”.", "", ""},
		{"Who benefits from killing civilians?", "", ""},
		{"Nobody should be killed over a border line.", "", ""},
		{"No one should be shot for crossing a border.", "", ""},
		{"Islamabad shouldn't threaten war and Kabul shouldn't shelter militants.", "", ""},
		{"I condemn anyone who says \"kill them all\" in these comments.", "", ""},
		{"The phrase \"bomb Kabul\" is trending. That's sick. Ordinary Afghans are not the TTP.", "", ""},
		{"Would bombing the dam even be possible?", "", ""},
		{"Bomb threats were reported at two schools in Quetta.", "", ""},
		{"The bloody clashes at Chaman killed twelve people.", "", ""},
		{"Pakistanis are tired of terrorism.", "", ""},
		{"Afghans are our neighbours and our brothers.", "", ""},
		{"Iran is the quiet loser here.", "", ""},
		{"Khawaja Asif is no fool, he knows what he is doing.", "", ""},
		{"Read the full report at dawn.com/news/1953712", "", ""},
		{"They must earn trust before anything else.", "", ""},
		{"Free and fair talks are all we ask.", "", ""},
		{"The U.S. and e.g. Qatar were mentioned.", "", ""},
		{"Five soldiers and 25 militants killed in one weekend. Every one of those deaths is a failure of politics.", "", ""},
		{"Quoting a talk show host: \"wipe them off the map\". Disgusting thing to say.", "", ""},
		{"Somebody is going to die walking home because there is no bus.", "", ""},
		{"Hell of a week for diplomacy.", "", ""},
		// Near misses of the patterns above.
		{"The kids need buses to go back to school on Monday.", "", ""},
		{"Did you even see the final text, @kabul_view? Page 4 covers it.", "", ""},
		{"Whoever wrote this has a point about the brains behind the deal.", "", ""},
		{"Einstein once said the definition of insanity is repeating talks.", "", ""},
		{"The lazy river at the park is closed too.", "", ""},
		{"Pakistan is a country of 240 million people.", "", ""},
		{"Egypt has a culture of tea houses and long debates.", "", ""},
		{"Their kind words at the summit meant little.", "", ""},
		{"Punctuality is in their DNA at the Swiss railways.", "", ""},
		{"Afghan refugees are exhausted. They don't belong to any party.", "", ""},
		{"Armenians are not traitors for wanting peace.", "", ""},
		{"Армяне не предатели.", "", ""},
		{"Calling Afghans 'not even human' is disgusting.", "", ""},
		{"I know your point, but the map says otherwise.", "", ""},
		{"We know your name from the byline, thanks for the piece.", "", ""},
		{"Drivers should watch their backs on the icy Harbour Bridge ramps.", "", ""},
		{"The dam is a target of endless speculation.", "", ""},
		{"The fuel bill needs a bullet point summary.", "", ""},
		{"Our boys will be home by Eid, inshallah.", "", ""},
		{"Round up the numbers before the meeting.", "", ""},
		{"I'm driving through Fenwick tomorrow, is the road open?", "", ""},
		{"The TTP killed five soldiers in Bajaur; they must be held to account.", "", ""},
		{"Hospitals are never a legitimate target.", "", ""},
		{"Wow!great news from Doha.", "", ""},
		{"Plan F this year is the ferry.", "", ""},
		{"Footnote*** see the annex.", "", ""},
		{"Read the Russian text in the official channel t.me/mfa_russia", "", ""},
		{"В день подписания всё было спокойно: kremlin.ru/events", "", ""},
		{"The mayor earned 5000 dollars less than last year.", "", ""},
		// Mild oaths at no one are not flagged (policy of 5 Dec 2026).
		{"Bloody hell, another round.", "", ""},
		{"Damn it. Third day in a row.", "", ""},
		{"Damn shame the prisoners were left out.", "", ""},
		{"Open the damn crossing already.", "", ""},
		{"What the hell were they doing for four days?", "", ""},
		{"Who the hell schedules talks during Eid?", "", ""},
		{"Damn I hate traffic.", "", ""},
		{"Goddamn I'm tired of these talks.", "", ""},
		{"DAMN IT, the bus is late again.", "", ""},
		{"The damn Tuesday meeting ran long.", "", ""},
		{"Our team will kill it tonight.", "", ""},
		{"Our lawyers will destroy their case.", "", ""},
		{"The whole plan is a load of crap.", "", ""},
		{"Goddamn, the traffic is insane today.", "", ""},
		{"Hell no, not another extension.", "", ""},
		{"The 2019 contract expired in 2020 2021 and 2022.", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		got := a.flags(tt.text)
		if tt.kind == "" {
			if len(got) != 0 {
				t.Errorf("flags(%q) = %+v, want none", tt.text, got)
			}
			// Nor may the flag model, which Analyze asks when the
			// rules are silent.
			if got := a.Analyze(tt.text).Flags; len(got) != 0 {
				t.Errorf("Analyze(%q).Flags = %+v, want none", tt.text, got)
			}
			continue
		}
		if len(got) == 0 || got[0].Kind != tt.kind {
			t.Errorf("flags(%q) = %+v, want %s first", tt.text, got, tt.kind)
			continue
		}
		if !strings.Contains(tt.text, got[0].Span) || got[0].Span == "" {
			t.Errorf("flags(%q): span %q is not in the text", tt.text, got[0].Span)
		}
		if tt.span != "" && !strings.Contains(got[0].Span, tt.span) {
			t.Errorf("flags(%q): span %q, want it to hold %q", tt.text, got[0].Span, tt.span)
		}
		if got[0].Severity <= 0 || got[0].Severity > 1 {
			t.Errorf("flags(%q): severity %v", tt.text, got[0].Severity)
		}
	}
}

// TestFlagsOrder checks that several flags come most severe first, one per
// kind, and that the result is never nil.
func TestFlagsOrder(t *testing.T) {
	a := NewAnalyzer(nil)
	got := a.flags("Fucking idiots. Afghans are animals and should all be shot.")
	if len(got) < 3 {
		t.Fatalf("flags = %+v, want threat, identity, insult, profanity", got)
	}
	if got[0].Kind != FlagThreat {
		t.Errorf("first flag %s, want threat", got[0].Kind)
	}
	seen := map[string]bool{}
	for i, f := range got {
		if seen[f.Kind] {
			t.Errorf("kind %s twice", f.Kind)
		}
		seen[f.Kind] = true
		if i > 0 && f.Severity > got[i-1].Severity {
			t.Errorf("flags not sorted by severity: %+v", got)
		}
	}
	if got := a.flags("A calm and useful comment."); got == nil || len(got) != 0 {
		t.Errorf("clean text: %#v, want an empty slice", got)
	}
}

// TestFlagLexicons checks that every word list loads and that obfuscated
// words resolve.
func TestFlagLexicons(t *testing.T) {
	lx := flagLex()
	for name, b := range map[string]phraseBook{"profanity": lx.profanity, "insults": lx.insults,
		"identity": lx.identity, "threat": lx.threat, "spam": lx.spam} {
		if len(b) < 10 {
			t.Errorf("%s: %d entries", name, len(b))
		}
	}
	for _, w := range []string{"f**k", "f***ing", "sh*t", "a**hole", "ma********d", "bhen*****d"} {
		if _, ok := lx.starMatch(w); !ok {
			t.Errorf("starMatch(%q) found nothing", w)
		}
	}
	for w, want := range map[string]string{"sh1t": "shit", "fuuuck": "fuuck fuck", "damnnn": "damnn damn", "hello": ""} {
		if got := strings.Join(deobfuscate(w), " "); got != want {
			t.Errorf("deobfuscate(%q) = %q, want %q", w, got, want)
		}
	}
	if len(stanceCues()) < 50 {
		t.Errorf("stance cues: %d", len(stanceCues()))
	}
}

func TestIsLink(t *testing.T) {
	for s, want := range map[string]bool{
		"bit.ly/ist-leak-full": true, "www.earnnow-pk.xyz": true, "https://x.org": true,
		"afghanrugsdirect-shop.com": true, "youtube.com/@PakAfNewsTV99": true, "t.me/pk_signals": true,
		"U.S": false, "e.g": false, "2.5": false, "end.Next": false, "Mr": false, "and/or": false,
	} {
		if got := isLink(s); got != want {
			t.Errorf("isLink(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestStarMatchOrder: an obfuscated word that spells two profanities reads
// as the more severe one, the same in every process (the lists come from a
// map).
func TestStarMatchOrder(t *testing.T) {
	lx := flagLex()
	for n, ps := range lx.stars {
		for i := 1; i < len(ps); i++ {
			a, b := ps[i-1], ps[i]
			if a.sev < b.sev || a.sev == b.sev && a.words[0] > b.words[0] {
				t.Errorf("stars[%d]: %q (%.2f) before %q (%.2f)", n, a.words[0], a.sev, b.words[0], b.sev)
			}
		}
	}
	p, ok := lx.starMatch("f**")
	if !ok {
		t.Fatal(`"f**" matches no profanity`)
	}
	for _, q := range lx.stars[3] {
		if starEqual("f**", q.words[0]) && q.sev > p.sev {
			t.Errorf(`"f**" reads as %q (%.2f), not the more severe %q (%.2f)`, p.words[0], p.sev, q.words[0], q.sev)
		}
	}
}
