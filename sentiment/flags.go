package sentiment

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// flags returns what a moderator should see in text: at most one Flag per
// kind (the most severe instance, with the words that triggered it as its
// Span), most severe first, so the first flag is the main reason. It is
// empty, not nil, when nothing should reach a moderator.
//
// The rules read one pass of tokens (stance_text.go) against the word lists
// in lexicon/flags_*.txt:
//   - profanity: swear words and oaths, also obfuscated (f**k, sh1t);
//   - insult: names called (idiot, clown, kutta), some only when said of
//     someone ("X is a dictator") or to someone ("you", an @user);
//   - identity_attack: a nationality, ethnicity or religion as a group with
//     a dehumanising word ("Afghans are animals") or a demeaning
//     generalisation with the group as subject ("X are all liars");
//   - threat: violence as a command, a duty or an intent ("Bomb Kabul",
//     "they should be shot", "I will find you");
//   - spam: links, phone numbers, money and promotion cues adding up, or the
//     same sentence twice.
//
// Words inside quotation marks do not insult, attack or threaten: they
// report. Nor do threats in questions, after a negation ("nobody should be
// killed") or after reporting and condemning words ("calling for",
// "threatening to").
func (a *Analyzer) flags(text string) []Flag {
	var ms []Mention
	if a.story != nil {
		ms = a.story.Mentions(text)
	}
	return a.flagsWith(text, ms)
}

// flagsWith is flags with ms, the story's mentions in text.
func (a *Analyzer) flagsWith(text string, ms []Mention) []Flag {
	bp := a.pooledTokens(text, ms)
	out := flagsOf(text, *bp)
	putTokens(bp)
	return out
}

// stanceFlags returns the stance and the flags of text from toks, its
// tokens (tokenize, with the story's mentions): the same as stance and
// flags, for one tokenizer pass. Analyze should call it.
func (a *Analyzer) stanceFlags(text string, toks []token) (Stance, []Flag) {
	if a.story == nil || len(a.story.Sides) == 0 {
		return a.noStance(), flagsOf(text, toks)
	}
	d := a.stanceDocOf(text, toks)
	if !d.mayTakeSide() {
		// Nothing for the stance rules to read: "none", as decide would
		// say, without reading.
		fl := flagsOf(text, d.toks)
		d.release()
		return a.noStance(), fl
	}
	d.readRules()
	fl := flagsOf(text, d.toks)
	st := d.decide(a.stanceModel(), a.story, fl)
	d.release()
	return st, fl
}

// flagsOf runs the flag rules over the tokens of text.
func flagsOf(text string, toks []token) []Flag {
	fc := flagPool.Get().(*flagContext)
	fc.init(text, toks)
	fc.scan()
	fc.spam()
	out := fc.result()
	*fc = flagContext{sents: fc.sents[:0]}
	flagPool.Put(fc)
	return out
}

// isSpam reports whether the spam rules alone flag text (tokens toks).
func isSpam(text string, toks []token) bool {
	fc := flagPool.Get().(*flagContext)
	fc.init(text, toks)
	for j := range toks {
		t := &toks[j]
		if t.info == nil || t.info.flag == nil || t.info.flag.books[bSpam] == nil {
			continue
		}
		if p, e, ok := matchPhrases(t.info.flag.books[bSpam], toks, j, len(toks), ""); ok {
			fc.spamCue(p.sev, t.start, toks[e-1].end)
		}
	}
	fc.spam()
	spam := fc.best[fkSpam].Severity > 0
	*fc = flagContext{sents: fc.sents[:0]}
	flagPool.Put(fc)
	return spam
}

// flagPool recycles flag contexts.
var flagPool = sync.Pool{New: func() any { return new(flagContext) }}

// flagContext is the state of one flag pass.
type flagContext struct {
	text  string
	toks  []token
	lx    *flagLexicon
	sents []sentRange
	// handle: the text addresses an @user.
	handle bool
	// groupSent is the sentence of the last group named (unquoted, not
	// reported), or -1.
	groupSent int32
	best      [numFlagKinds]Flag
	// The spam cues found so far: their summed weight and the strongest.
	spamScore, spamBest float64
	spamStart, spamEnd  int
}

// sentRange is a sentence as token indexes [start, end), with what the
// rules ask about it.
type sentRange struct {
	start, end int
	question   bool // holds a '?'
	you        bool // speaks to "you"
	// report is the index of the sentence's first report word (see
	// reported), end when it has none, or -1 until reported asks.
	report int
}

// Flag kinds in order of precedence when severities tie.
const (
	fkThreat = iota
	fkIdentity
	fkInsult
	fkProfanity
	fkSpam
	numFlagKinds
)

var flagKindNames = [numFlagKinds]string{FlagThreat, FlagIdentityAttack, FlagInsult, FlagProfanity, FlagSpam}

// init readies fc for text and its tokens.
func (fc *flagContext) init(text string, toks []token) {
	fc.text, fc.toks, fc.lx, fc.spamStart, fc.groupSent = text, toks, flagLex(), -1, -1
	fc.sents = fc.sents[:0]
	for i := 0; i < len(toks); {
		j := i
		sr := sentRange{start: i, report: -1}
		for j < len(toks) && toks[j].sent == toks[i].sent {
			t := &toks[j]
			switch {
			case t.kind == tkPunct && t.norm == "?":
				sr.question = true
			case t.kind == tkPunct && t.norm == "@" && j+1 < len(toks) && toks[j+1].start == t.end && toks[j+1].kind == tkWord:
				fc.handle = true
			case t.isSecond():
				sr.you = true
			}
			j++
		}
		sr.end = j
		fc.sents = append(fc.sents, sr)
		i = j
	}
}

// add records a flag of kind k over toks[i:e] unless one at least as
// severe is already there.
func (fc *flagContext) add(k int, sev float64, i, e int) {
	if sev <= fc.best[k].Severity {
		return
	}
	fc.best[k] = Flag{Kind: flagKindNames[k], Severity: round4(min(1, sev)), Span: fc.text[fc.toks[i].start:fc.toks[e-1].end]}
}

// result returns the recorded flags, most severe first.
func (fc *flagContext) result() []Flag {
	out := []Flag{}
	for k := range numFlagKinds {
		if fc.best[k].Severity > 0 {
			out = append(out, fc.best[k])
		}
	}
	slices.SortStableFunc(out, func(x, y Flag) int {
		switch {
		case x.Severity > y.Severity:
			return -1
		case x.Severity < y.Severity:
			return 1
		}
		return 0
	})
	return out
}

// wordish reports whether t is a word or a mention.
func (t *token) wordish() bool { return t.kind == tkWord || t.isMention() }

// isSecond reports whether t is a word that speaks to someone.
func (t *token) isSecond() bool {
	return t.info != nil && t.info.cls&wcSecond != 0
}

// secondPerson words make a sentence speak to someone.
var secondPerson = setOf("you", "you're", "youre", "your", "yours", "yourself",
	"u", "ur", "ya", "y'all", "tu", "tum", "tumhari", "tumhara", "tumhare",
	"tera", "teri", "tere", "aap", "apke", "aapke", "tujhe", "tumhe", "tumhein")

// scan runs the word-list rules over every sentence, looking each token
// up once.
func (fc *flagContext) scan() {
	toks := fc.toks
	for si := range fc.sents {
		sr := &fc.sents[si]
		for j := sr.start; j < sr.end; j++ {
			t := &toks[j]
			if t.kind != tkWord && !t.isMention() {
				if t.norm == "!" && t.kind == tkPunct {
					fc.bangWord(sr, j)
				}
				continue
			}
			var lw *lexWord
			if t.info != nil {
				lw = t.info.flag
			}
			if lw == nil {
				if t.odd {
					fc.obfuscated(sr, j)
				}
				continue
			}
			if ps := lw.books[bProfanity]; ps != nil {
				if p, e, ok := matchPhrases(ps, toks, j, sr.end, ""); ok {
					fc.profanity(sr, p, j, e)
				}
			}
			if ps := lw.books[bSpam]; ps != nil {
				if p, e, ok := matchPhrases(ps, toks, j, len(toks), ""); ok {
					fc.spamCue(p.sev, t.start, toks[e-1].end)
				}
			}
			if t.quoted {
				continue
			}
			if ps := lw.books[bInsult]; ps != nil {
				if p, e, ok := matchPhrases(ps, toks, j, sr.end, ""); ok {
					fc.insult(sr, p, j, e)
				}
			}
			if lw.books[bIdentity] != nil {
				fc.identity(sr, j)
			}
			if ps := lw.books[bThreat]; ps != nil {
				if p, e, ok := matchPhrases(ps, toks, j, sr.end, ""); ok {
					fc.threat(sr, p, j, e)
				}
			}
		}
	}
}

// bangWord checks a '!' glued between two words for a swear word with
// the '!' for an 'i': "sh!t", "b!tch". The tokenizer cuts such a word at
// the '!' (and the sentence after it), which the sentiment rules keep; the
// flag rules read it whole here.
func (fc *flagContext) bangWord(sr *sentRange, j int) {
	toks := fc.toks
	if j == 0 || j+1 >= len(toks) {
		return
	}
	a, b := &toks[j-1], &toks[j+1]
	if a.kind != tkWord || b.kind != tkWord || a.end != toks[j].start || b.start != toks[j].end ||
		len(a.norm) > 4 || b.norm[0] < 'a' || b.norm[0] > 'z' || b.upper {
		return
	}
	for _, p := range fc.lx.profanity[a.norm+"i"+b.norm] {
		if len(p.words) == 1 {
			fc.profanity(sr, p, j-1, j+2)
			return
		}
	}
}

// obfuscated checks a word that may hide a swear word: "f**k", "sh1t".
func (fc *flagContext) obfuscated(sr *sentRange, j int) {
	lx := fc.lx
	p, ok := lx.starMatch(fc.toks[j].norm)
	if !ok {
		for _, w := range deobfuscate(fc.toks[j].norm) {
			for _, q := range lx.profanity[w] {
				if len(q.words) == 1 {
					p, ok = q, true
				}
			}
		}
	}
	if ok {
		fc.profanity(sr, p, j, j+1)
	}
}

// profanity records the swear word or oath p found at toks[j:e].
func (fc *flagContext) profanity(sr *sentRange, p phrase, j, e int) {
	toks := fc.toks
	t := &toks[j]
	if p.typ == 'T' && !fc.oathTarget(sr, j, e) {
		return // "damn shame", "Damn it.": a mild oath at no one
	}
	switch p.words[0] {
	case "bloody":
		// "bloody Egypt", but not "bloody clashes" or "Bloody Hell" (a
		// mild oath).
		if len(p.words) == 1 && (j+1 >= sr.end || !toks[j+1].upper || toks[j+1].norm == "hell") {
			return
		}
	case "f":
		// "F this." opens a sentence or a clause; "plan F this year" is
		// not an oath.
		if j > sr.start && toks[j-1].kind != tkPunct {
			return
		}
	case "bc", "mc":
		// Not "400 BC".
		if j > 0 && toks[j-1].kind == tkWord && toks[j-1].norm[0] >= '0' && toks[j-1].norm[0] <= '9' {
			return
		}
	}
	fc.add(fkProfanity, p.sev, j, e)
	// A swear word said to someone ("f*** you", "you bastard") insults.
	if !t.quoted && (e < sr.end && toks[e].isSecond() || j > sr.start && toks[j-1].isSecond()) {
		fc.add(fkInsult, max(p.sev, 0.7), j, e)
	}
}

// oathTarget reports whether the mild oath at toks[j:e] is aimed at
// someone: said to "you" or an @user right before or after it, or followed
// by a side or party of the story or "them/these/those...": "damn you",
// "damn these guys", "Damn Egypt" (in a story that names Egypt), not
// "damn shame", "Damn it", "Damn I hate traffic" or "the damn Tuesday
// meeting": a capital letter alone is no target.
func (fc *flagContext) oathTarget(sr *sentRange, j, e int) bool {
	toks := fc.toks
	if j > sr.start && toks[j-1].isSecond() {
		return true
	}
	if e >= sr.end {
		return false
	}
	n := &toks[e]
	return n.isMention() || n.kind == tkWord && (targetWords[n.norm] || n.isSecond())
}

// predicateWords before a C insult mean it is said of someone.
var predicateWords = setOf("is", "are", "was", "were", "you're", "youre",
	"ur", "r", "hai", "hain", "hay", "tha", "thay", "such", "what", "you",
	"absolute", "total", "complete", "utter", "bunch", "real", "biggest",
	"proper", "typical", "these", "those", "u", "he's", "she's", "it's",
	"that's", "bigger", "another", "pure")

// personNouns after an A insult mean it is said of someone.
var personNouns = setOf("man", "men", "woman", "women", "guy", "guys",
	"person", "people", "minister", "ministers", "leader", "leaders",
	"politician", "politicians", "president", "official", "officials",
	"general", "generals", "mayor", "commenter", "commenters", "fellow",
	"creature", "suit", "log", "insaan", "aadmi", "banda", "bande", "boy",
	"girl", "idiot", "fool", "clown", "liar", "thug", "hypocrite",
	"nation", "troll", "trolls", "snake", "crooks", "hacks", "goons", "hack",
	"dictator", "journalist", "reporter", "lot", "folk", "folks")

// insult checks an insult-list entry p matched at toks[j:e].
func (fc *flagContext) insult(sr *sentRange, p phrase, j, e int) {
	toks := fc.toks
	if fc.negatedBefore(sr, j, 3) || fc.reported(sr, j) {
		return // "he is no fool", "he was called a traitor"
	}
	sev := p.sev
	switch p.typ {
	case 'C':
		// "the real losers", "the quiet loser": a role, not a name.
		for k := j - 1; k >= sr.start && k >= j-2; k-- {
			if toks[k].norm == "the" {
				return
			}
		}
		// Said of someone, to someone, or as a vocative (", loser.").
		said := j == sr.start || fc.firstWord(sr, j) || sr.you || fc.handle ||
			j > sr.start && toks[j-1].norm == "," && (e == sr.end || toks[e].kind == tkPunct)
		for k := j - 1; k >= sr.start && k >= j-5 && !said; k-- {
			n := toks[k].norm
			said = toks[k].is(wcPredicate) || n == "'s" && k > sr.start && pronounS[toks[k-1].norm] || n == "'re"
		}
		for k := e; k < sr.end && k < e+2 && !said; k++ {
			switch toks[k].norm {
			case "hai", "hain", "ho", "tu", "hay", "ha":
				said = true
			}
		}
		if !said {
			return
		}
	case 'Y':
		if !sr.you && !fc.handle {
			return
		}
	case 'A':
		said := sr.you || fc.handle
		for k := e; k < sr.end && k < e+3 && !said; k++ {
			if toks[k].is(wcPersonNoun) {
				said, e = true, k+1 // "pathetic liar" is the span
			}
		}
		if !said {
			return
		}
		// "...Muslim drivers... Ridiculous people.": a group named just
		// before makes it an attack on the group.
		switch toks[e-1].norm {
		case "people", "lot", "folk", "folks":
			if fc.groupSent >= 0 && toks[j].sent-fc.groupSent <= 1 {
				fc.add(fkIdentity, max(sev, 0.75), j, e)
				return
			}
		}
	}
	if sr.you || fc.handle {
		sev += 0.1
	}
	fc.add(fkInsult, sev, j, e)
}

// pronounS are the words after which "'s" is "is": "he's a clown".
var pronounS = setOf("he", "she", "it", "that", "what", "who", "there", "this")

// nextSentence returns the sentence after sr, or nil.
func (fc *flagContext) nextSentence(sr *sentRange) *sentRange {
	for i := range fc.sents {
		if &fc.sents[i] == sr && i+1 < len(fc.sents) {
			return &fc.sents[i+1]
		}
	}
	return nil
}

// firstWord reports whether toks[j] is the first word of its sentence.
func (fc *flagContext) firstWord(sr *sentRange, j int) bool {
	for k := sr.start; k < j; k++ {
		if fc.toks[k].kind == tkWord || fc.toks[k].isMention() {
			return false
		}
	}
	return true
}

// negatedBefore reports whether one of the n words before toks[j] in its
// sentence is a negation.
func (fc *flagContext) negatedBefore(sr *sentRange, j, n int) bool {
	for k := j - 1; k >= sr.start && k >= j-n; k-- {
		if fc.toks[k].isNeg() {
			return true
		}
	}
	return false
}

// groupMarkers before an adjective make it a group: "all Afghans", "these
// Afghan...".
var groupMarkers = setOf("all", "these", "those", "every", "typical", "sab", "saare", "saray")

// copulas after a group make it the subject of what follows.
var copulas = setOf("are", "were", "is", "r", "hain", "hai", "all", "sab", "always", "remain", "stay")

// identityMatch is fc.lx.identity.match(fc.toks, k, end, types), with
// the entries of toks[k] taken from its word-table entry: every first
// word of the list is in the table.
func (fc *flagContext) identityMatch(k, end int, types string) (phrase, int, bool) {
	var ps []phrase
	if info := fc.toks[k].info; info != nil && info.flag != nil {
		ps = info.flag.books[bIdentity]
	}
	return matchPhrases(ps, fc.toks, k, end, types)
}

// identity checks whether a group starts at toks[j] and is dehumanised or
// demeaned in the rest of the sentence.
func (fc *flagContext) identity(sr *sentRange, j int) {
	toks := fc.toks
	if fc.reported(sr, j) {
		return // "calling all Afghans terrorists is racist"
	}
	// "a nation of beggars", "a country of traitors", "a tribe of
	// thieves", "a culture of liars".
	switch toks[j].norm {
	case "nation", "country", "qaum", "tribe", "culture", "race":
		if j+2 < sr.end && toks[j+1].norm == "of" {
			if w, we, ok := fc.identityMatch(j+2, sr.end, "SW"); ok {
				fc.add(fkIdentity, w.sev, j, we)
				return
			}
		}
	}
	g, ge, ok := fc.identityMatch(j, sr.end, "GJP")
	if ok && g.typ != 'P' && !toks[j].quoted {
		fc.groupSent = toks[j].sent
	}
	if !ok {
		// "...Somalis... Their kind will strike over anything."
		if fc.groupSent >= 0 && toks[j].sent-fc.groupSent <= 1 {
			if r, re, ok := fc.identityMatch(j, sr.end, "R"); ok && !fc.negatedBefore(sr, j, 2) {
				fc.add(fkIdentity, r.sev, j, re)
				return
			}
		}
		// "a useless nation", "two hopeless peoples".
		if w, we, ok := fc.identityMatch(j, sr.end, "W"); ok && we < sr.end {
			switch toks[we].norm {
			case "nation", "peoples", "race", "qaum":
				fc.add(fkIdentity, w.sev, j, we+1)
				return
			}
		}
		return
	}
	strongOnly := false
	switch g.typ {
	case 'J':
		// An adjective is a group before a people noun ("afghan log") or
		// after "all/these/typical".
		people := false
		for k := ge; k < sr.end && k < ge+2 && !people; k++ {
			if _, e, ok := fc.identityMatch(k, sr.end, "P"); ok {
				people, ge = true, e
			}
		}
		if !people && ge < sr.end {
			// "Afghan rats", "Pakistani dogs".
			if w, we, ok := fc.identityMatch(ge, sr.end, "S"); ok && !toks[ge].quoted {
				fc.add(fkIdentity, w.sev, j, we)
				return
			}
		}
		if !people && !(j > sr.start && toks[j-1].is(wcGroupMarker)) {
			return
		}
	case 'P':
		// "these people", "yeh log": a group only for strong words.
		if j == sr.start || !toks[j-1].is(wcGroupMarker) && toks[j-1].norm != "yeh" && toks[j-1].norm != "ye" {
			return
		}
		strongOnly = true
	}
	// A dehumanising phrase in the next sentence that points back at the
	// group ("...immigrants... Send them back.") also counts.
	if next := fc.nextSentence(sr); next != nil && !strongOnly {
		for k := next.start; k < next.end; k++ {
			if toks[k].kind == tkWord && (toks[k].norm == "them" || toks[k].norm == "they") {
				for m := next.start; m < next.end; m++ {
					if w, we, ok := fc.identityMatch(m, next.end, "S"); ok && !toks[m].quoted && !fc.negatedBefore(next, m, 2) {
						fc.add(fkIdentity, w.sev, m, we)
						return
					}
				}
				break
			}
		}
	}
	copula := -1
	if g.words[0][0] >= utf8.RuneSelf {
		copula = ge - 1 // "Армяне ... предатели": no copula to wait for
	}
	for k := ge; k < sr.end && k <= ge+10; k++ {
		t := &toks[k]
		if t.quoted {
			return
		}
		if t.isNeg() || t.kind == tkWord && foreignNeg[t.norm] {
			return // "Afghans are not the TTP"
		}
		if copula < 0 && k <= ge+3 && t.is(wcCopula) {
			copula = k
		}
		types := "S"
		if !strongOnly && copula >= 0 && k > copula && k <= copula+6 {
			types = "SW"
		}
		if w, we, ok := fc.identityMatch(k, sr.end, types); ok {
			fc.add(fkIdentity, w.sev, j, we)
			return
		}
	}
}

// foreignNeg are negations in the scripts whose groups need no copula,
// read only by the identity rule: "Армяне не предатели".
var foreignNeg = setOf("не", "нет", "لا", "ليس", "ليسوا", "نہیں", "نہ", "değil", "deyil")

// modalDuty are the words that make a following violent verb a call for
// violence, whoever the subject.
var modalDuty = setOf("should", "must", "ought", "deserve", "deserves",
	"deserved", "let's", "lets", "need", "needs", "gotta")

// firstPersonWill are the forms of "I/we will" that make a violent verb an
// intent.
var firstPersonWill = setOf("i'll", "we'll", "ill", "well", "i'm", "we're", "im")

// reportWords earlier in a sentence make its violence reported, not
// threatened.
var reportWords = setOf("condemn", "condemns", "condemned", "condemning",
	"calling", "called", "calls", "say", "says", "said", "saying", "quote",
	"quoting", "quoted", "phrase", "slogan", "slogans", "chanting", "chant",
	"chants", "shouting", "shouts", "shouted", "threaten", "threatens",
	"threatened", "threatening", "threat", "threats", "warn", "warns",
	"warned", "warning", "rhetoric", "talk", "talking", "claims", "claimed",
	"tweeted", "wrote", "hinting", "hinted", "trending", "urged", "urging",
	"cheering", "advocating")

// openers may stand before a command: "Just bomb them", "So nuke it".
var openers = setOf("just", "so", "then", "and", "please", "now", "simply", "go", "aur", "bas", "yes", "enough")

// objectWords after a verb make it a command with an object.
var objectWords = setOf("them", "him", "her", "it", "you", "every", "all",
	"the", "a", "those", "these", "that", "their", "his", "its", "our",
	"your", "both", "each", "any", "some", "everyone", "everybody", "em", "'em")

// threat checks a threat-list entry p matched at toks[j:e].
func (fc *flagContext) threat(sr *sentRange, p phrase, j, e int) {
	toks := fc.toks
	if sr.question || fc.reported(sr, j) {
		return
	}
	start := j
	switch p.typ {
	case 'X':
		if fc.negatedBefore(sr, j, 2) {
			return
		}
	case 'V', 'W':
		m := fc.callBefore(sr, j)
		switch {
		case m >= 0 && fc.abstractObject(e, sr.end):
			return // "we should kill the deal"
		case m >= 0:
			start = m
		case fc.commandAt(sr, j, e, p.typ == 'W'):
		default:
			return
		}
	case 'P':
		// "should (all) be shot", "deserve to be bombed", "needs to get
		// beaten up", "you'll be killed".
		be := -1
		for k := j - 1; k >= sr.start && k >= j-3; k-- {
			if n := toks[k].norm; n == "be" || n == "get" {
				be = k
				break
			}
		}
		if be < 0 {
			return
		}
		m := fc.callBefore(sr, be)
		if m < 0 && be > sr.start && (toks[be-1].norm == "will" || toks[be-1].norm == "shall") && fc.universal(sr) {
			m = be - 1 // "Any Armenian truck on our roads will be blown up."
		}
		if m < 0 {
			return
		}
		start = m
	case 'D':
		// "we know your real name", "I know your car".
		found := -1
		for k := j - 1; k >= sr.start && k >= j-2; k-- {
			if toks[k].is(wcFirstPerson) || toks[k].norm == "we've" || toks[k].norm == "i've" {
				found = k
				break
			}
		}
		if found < 0 || fc.negatedBefore(sr, j, 2) {
			return
		}
		start = found
	case 'N':
		// "deserves a beating", "deserve a bullet", "needs a bullet".
		found := -1
		for k := j - 1; k >= sr.start && k >= j-3; k-- {
			n := toks[k].norm
			if strings.HasPrefix(n, "deserve") || (n == "needs" || n == "need") && needNouns[toks[j].norm] {
				found = k
				break
			}
		}
		if found < 0 || fc.negatedBefore(sr, found, 2) {
			return
		}
		if e < sr.end && (toks[e].norm == "point" || toks[e].norm == "points" || toks[e].norm == "proof") {
			return // "needs a bullet point", "bullet proof"
		}
		start = found
	default:
		return
	}
	fc.add(fkThreat, p.sev, start, e)
}

// needNouns are the violent nouns that threaten after "needs a" too:
// "needs a bullet", not "needs a death certificate".
var needNouns = setOf("bullet", "bullets", "noose", "rope", "beating", "thrashing", "firing")

// forceNouns are the armed men and arms of "our boys will …".
var forceNouns = setOf("boys", "men", "army", "armies", "soldiers", "troops", "forces",
	"jawans", "fauj", "mujahideen", "fighters", "militia", "drones", "jets", "missiles",
	"rockets", "guns", "tanks", "navy", "pilots", "brothers", "lads", "sons")

// callBefore returns the index of a modal of duty or a first-person intent
// in the five words before toks[j] (same clause, no negation in between),
// or -1.
func (fc *flagContext) callBefore(sr *sentRange, j int) int {
	toks := fc.toks
	for k := j - 1; k >= sr.start && k >= j-6; k-- {
		t := &toks[k]
		if t.clause != toks[j].clause && t.norm != "and" {
			return -1
		}
		n := t.norm
		if t.isNeg() {
			return -1 // "should not", "shouldn't"
		}
		intent := t.is(wcFirstPersonWill) && (n != "well" && n != "ill" || t.norm == "we'll") ||
			(n == "will" || n == "shall" || n == "want" || n == "wanna" || n == "gonna" || n == "going") && k > sr.start && toks[k-1].is(wcFirstPerson) ||
			// "our boys will", "our army shall": armed men, not "our
			// team will kill it tonight".
			(n == "will" || n == "shall") && k > sr.start+1 && toks[k-2].norm == "our" && forceNouns[toks[k-1].norm]

		if !t.is(wcModalDuty) && !intent && !(n == "let" && k+1 < j && (toks[k+1].norm == "us" || toks[k+1].norm == "'s")) {
			continue
		}
		// "nobody should", "no one should", "never should".
		for b := k - 1; b >= sr.start && b >= k-2; b-- {
			if nb := toks[b].norm; toks[b].isNeg() || nb == "one" && b > sr.start && toks[b-1].norm == "no" {
				return -1
			}
		}
		return k
	}
	return -1
}

var firstPerson = setOf("i", "we", "hum", "main", "mai")

// commandAt reports whether the verb at toks[j:e] is a command: the first
// word of its clause (after "just", "so"...), with an object after it; with
// target, the object must be a name, a pronoun or "every/all/those".
func (fc *flagContext) commandAt(sr *sentRange, j, e int, target bool) bool {
	toks := fc.toks
	for k := j - 1; k >= sr.start; k-- {
		t := &toks[k]
		if t.clause != toks[j].clause {
			break
		}
		if t.kind == tkWord && !openers[t.norm] || t.isMention() {
			return false
		}
	}
	if e >= sr.end {
		return e-j > 1 // "Wipe them out." ends the sentence
	}
	n := &toks[e]
	switch {
	case n.isMention(), n.kind == tkWord && n.upper:
		return true
	case n.kind == tkWord && targetWords[n.norm]:
		return true
	case fc.peopleObject(e, sr.end):
		return true // "Round up the strikers"
	case fc.abstractObject(e, sr.end):
		return false // "Kill the deal", "Hit the reset button"
	case target:
		return false
	case n.kind == tkWord && objectWords[n.norm]:
		return true
	case e-j > 1:
		return true // a particle verb: "blow up", "wipe out"
	}
	return false
}

// abstractObject reports whether the words at toks[e:] name a thing no
// one can be hurt by: "the deal", "this rumour".
func (fc *flagContext) abstractObject(e, end int) bool {
	for k := e; k < end && k < e+3; k++ {
		t := &fc.toks[k]
		if t.kind != tkWord {
			return false
		}
		if abstractNouns[t.norm] {
			return true
		}
		switch t.norm {
		case "the", "a", "an", "this", "that", "these", "those", "their", "his", "her", "our", "your", "its", "reset", "whole", "entire":
			continue
		}
		return false
	}
	return false
}

// peopleObject reports whether the words at toks[e:] are "the" and a
// people noun: "the strikers", "the Afghans".
func (fc *flagContext) peopleObject(e, end int) bool {
	if e+1 >= end || fc.toks[e].norm != "the" {
		return false
	}
	n := &fc.toks[e+1]
	if peopleNouns[n.norm] {
		return true
	}
	_, _, ok := fc.identityMatch(e+1, end, "G")
	return ok
}

// peopleNouns after "the" make a violent verb's object people.
var peopleNouns = setOf("strikers", "picketers", "protesters", "protestors",
	"scabs", "workers", "drivers", "soldiers", "journalists", "mullahs",
	"generals", "settlers", "migrants", "refugees", "traitors", "people")

// abstractNouns are objects that make a violent verb a figure of speech.
var abstractNouns = setOf("deal", "deals", "bill", "talks", "process", "mood",
	"rumour", "rumor", "rumours", "momentum", "idea", "plan", "agreement",
	"button", "treaty", "proposal", "myth", "narrative", "story", "debate",
	"engine", "lights", "time", "silence", "record", "problem", "question",
	"deadlock", "impasse", "stalemate", "ice", "hatchet", "target", "deadline",
	"messenger", "budget", "speech", "meeting", "negotiations", "vibe", "joke")

// targetWords after a verb make its object a person or people.
var targetWords = setOf("them", "him", "her", "you", "every", "all", "those",
	"these", "everyone", "everybody", "em", "'em", "inhe", "unhe", "unko", "inko")

// universal reports whether sr opens with "any", "every", "anyone" or
// "whoever": the form of a conditional threat.
func (fc *flagContext) universal(sr *sentRange) bool {
	for k := sr.start; k < sr.end; k++ {
		if t := &fc.toks[k]; t.kind == tkWord {
			switch t.norm {
			case "any", "every", "anyone", "anybody", "whoever", "agar":
				return true
			}
			return false
		}
	}
	return false
}

// reported reports whether a word before toks[j] in its sentence reports
// or condemns what follows.
func (fc *flagContext) reported(sr *sentRange, j int) bool {
	if sr.report < 0 {
		sr.report = sr.end
		for k := sr.start; k < sr.end; k++ {
			if fc.toks[k].kind == tkWord && fc.toks[k].is(wcReport) {
				sr.report = k
				break
			}
		}
	}
	return sr.report < j
}

// spamCue adds a spam cue of weight w over text[start:end].
func (fc *flagContext) spamCue(w float64, start, end int) {
	fc.spamScore += w
	if w > fc.spamBest {
		fc.spamBest, fc.spamStart, fc.spamEnd = w, start, end
	}
}

// spam adds a spam flag when the text's links, numbers and promotion cues
// (those of the word list were noted by scan) add up to 0.8, see
// flags_spam.txt, or when a sentence repeats.
func (fc *flagContext) spam() {
	text := fc.text
	// Links: look around each dot or slash inside a word ("site.com",
	// "t.me/x") for a white-space chunk; count the digits on the way.
	digits := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if !spamByte[c] {
			// Skip the run of bytes that are no digit, dot or slash.
			i = skipNoSpamByte(text, i+1) - 1
			for i+1 < len(text) && !spamByte[text[i+1]] {
				i++
			}
			continue
		}
		if '0' <= c && c <= '9' {
			digits++
			continue
		}
		if c != '.' && c != '/' || i+1 >= len(text) || i == 0 || isSpaceByte(text[i+1]) || isSpaceByte(text[i-1]) {
			continue
		}
		k := i
		a, b := k, k
		for a > 0 && !isSpaceByte(text[a-1]) {
			a--
		}
		for b < len(text) && !isSpaceByte(text[b]) {
			b++
		}
		chunk := strings.TrimRight(text[a:b], ".,;:!?)]}>\"'")
		lead := len(chunk)
		chunk = strings.TrimLeft(chunk, "([{<\"'")
		lead -= len(chunk)
		if isLink(chunk) {
			fc.spamCue(0.6, a+lead, a+lead+len(chunk))
		}
		for ; i < b; i++ {
			if c := text[i]; '0' <= c && c <= '9' {
				digits++
			}
		}
	}
	if digits >= 7 {
		if s, e, ok := findPhone(text); ok {
			w := 0.5
			before := strings.ToLower(text[max(0, s-12):s])
			for _, cue := range []string{"call", "whatsapp", "text", "contact", "sms", "dial", "rabta", "raabta"} {
				if strings.Contains(before, cue) {
					w = 0.8 // "Call 555-0134"
					break
				}
			}
			fc.spamCue(w, s, e)
		}
	}
	if digits > 0 || strings.IndexByte(text, '$') >= 0 {
		if s, e, ok := findMoney(text); ok {
			fc.spamCue(0.3, s, e)
		}
	}
	emoji, bangs, caps := 0.0, false, 0
	toks := fc.toks
	for j := range toks {
		t := &toks[j]
		switch t.kind {
		case tkWord:
			if t.upper && isAllCaps(text[t.start:t.end]) {
				caps++
			}
		case tkSymbol:
			if promoEmoji(t.norm) && emoji < 0.3 {
				emoji += 0.1
			}
		case tkPunct:
			if t.norm == "!" && j+1 < len(toks) && toks[j+1].norm == "!" {
				bangs = true
			}
			if t.norm == ">" && j+2 < len(toks) && toks[j+1].norm == ">" && toks[j+2].norm == ">" && emoji < 0.3 {
				emoji += 0.2 // ">>> link <<<"
			}
		}
	}
	fc.spamScore += emoji
	if bangs {
		fc.spamScore += 0.1
	}
	if caps >= 2 {
		fc.spamScore += 0.1
	}
	if s, e, ok := fc.repeated(); ok {
		fc.spamCue(0.8, s, e)
	}
	if fc.spamScore < 0.8 || fc.spamStart < 0 {
		return
	}
	fc.best[fkSpam] = Flag{Kind: FlagSpam, Severity: round4(min(1, 0.5+fc.spamScore/4)), Span: text[fc.spamStart:fc.spamEnd]}
}

// spamByte marks the bytes spam looks at in its scan for links: digits,
// dots and slashes.
var spamByte = func() (t [256]bool) {
	for c := range t {
		t[c] = '0' <= c && c <= '9' || c == '.' || c == '/'
	}
	return t
}()

// skipNoSpamByte returns the start of the first 8-byte block of text from
// i on that may hold a spamByte, or of the last block of fewer than 8
// bytes: text[i:] up to there has none. The spam bytes . / 0-9 are the
// range 0x2e-0x39.
func skipNoSpamByte(text string, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(text); i += 8 {
		x := load8(text[i : i+8])
		// With the high bits cleared, each byte plus 0x80-0x2e has its
		// high bit set when it is 0x2e or above, and plus 0x80-0x3a when
		// above 0x39, without carries between bytes; bytes of 0x80 and
		// above are none.
		y := x &^ highs
		if (y+(0x80-0x2e)*ones)&^(y+(0x80-0x3a)*ones)&^x&highs != 0 {
			break
		}
	}
	return i
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r'
}

// tlds are the endings that make "word.tld" a link.
var tlds = setOf("com", "net", "org", "xyz", "top", "info", "biz", "io",
	"ly", "co", "tv", "app", "shop", "site", "online", "club", "live",
	"example", "click", "link", "store", "pro", "pk", "af", "eg", "et", "am",
	"az", "ru", "tr", "uk", "me", "in", "ke", "to", "gl", "gg", "cc", "ws")

// isLink reports whether a white-space delimited chunk is a URL, a domain
// or an e-mail address.
func isLink(c string) bool {
	if strings.Contains(c, "://") || strings.HasPrefix(strings.ToLower(c), "www.") {
		return true
	}
	dot := strings.IndexByte(c, '.')
	if dot <= 0 {
		return false
	}
	host := c
	if k := strings.IndexByte(c, '/'); k > dot {
		host = c[:k]
		// bit.ly/x, t.me/x, youtube.com/@x
		return hasLetters(host[:strings.LastIndexByte(host, '.')]) && isTLD(host[strings.LastIndexByte(host, '.')+1:])
	}
	if at := strings.IndexByte(host, '@'); at > 0 {
		host = host[at+1:]
	}
	last := strings.LastIndexByte(host, '.')
	if last <= 0 || last == len(host)-1 {
		return false
	}
	name := host[:last]
	// "U.S", "e.g": one-letter labels are abbreviations, not hosts.
	for _, label := range strings.Split(name, ".") {
		if utf8.RuneCountInString(label) < 2 {
			return false
		}
	}
	return hasLetters(name) && isTLD(host[last+1:])
}

func isTLD(s string) bool { return tlds[strings.ToLower(s)] }

func hasLetters(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// findPhone returns the first phone-number-like run in text: seven or more
// digits with spaces, dashes or dots between groups, starting with '+' or
// grouped like a number ("+44 7700 900123", "555-0134"), and no commas.
func findPhone(text string) (int, int, bool) {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if !(c == '+' || '0' <= c && c <= '9') || i > 0 && isWordByte(text[i-1]) {
			continue
		}
		j, digits, seps, groups4 := i, 0, 0, 0
		if c == '+' {
			j++
		}
		group := 0
		for j < len(text) {
			d := text[j]
			switch {
			case '0' <= d && d <= '9':
				digits++
				group++
				j++
				continue
			case (d == ' ' || d == '-' || d == '.') && j+1 < len(text) && '0' <= text[j+1] && text[j+1] <= '9' && group > 0:
				if group == 4 {
					groups4++
				}
				group = 0
				seps++
				j++
				continue
			}
			break
		}
		if j < len(text) && isWordByte(text[j]) {
			i = j
			continue
		}
		plus := c == '+'
		if digits >= 7 && (plus || seps > 0 && seps < digits/2 || digits >= 10) && !(groups4 == seps && group == 4 && !plus && seps > 0 && digits%4 == 0) {
			return i, j, true
		}
		if j > i {
			i = j - 1
		}
	}
	return 0, 0, false
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == ','
}

// findMoney returns the first sum of money offered: "$300", "$$$",
// "50,000 PKR", "30% monthly".
func findMoney(text string) (int, int, bool) {
	for i := 0; i < len(text); i++ {
		switch {
		case text[i] == '$' && i+1 < len(text) && (text[i+1] == '$' || '0' <= text[i+1] && text[i+1] <= '9'):
			j := i + 1
			for j < len(text) && (text[j] == '$' || text[j] == ',' || '0' <= text[j] && text[j] <= '9') {
				j++
			}
			return i, j, true
		case '0' <= text[i] && text[i] <= '9' && (i == 0 || !isWordByte(text[i-1])):
			j := i
			for j < len(text) && ('0' <= text[j] && text[j] <= '9' || text[j] == ',') {
				j++
			}
			k := j
			for k < len(text) && text[k] == ' ' {
				k++
			}
			rest := strings.ToLower(text[k:min(len(text), k+12)])
			for _, unit := range moneyUnits {
				if strings.HasPrefix(rest, unit) {
					return i, k + len(unit), true
				}
			}
			i = j
		}
	}
	return 0, 0, false
}

// moneyUnits after a number make it a sum of money (lower case; the
// non-Latin ones have no case): "50,000 PKR", "5000 руб", "1000 دولار".
var moneyUnits = []string{"pkr", "usd", "rs", "rupees", "dollars", "birr", "afn",
	"% off", "% monthly", "% returns", "% accuracy", "руб", "дол", "دولار", "جنيه", "ريال"}

// isAllCaps reports whether w is a shouted word of four or more letters.
func isAllCaps(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 4
}

// promoEmoji reports whether s is an emoji that advertisers love.
func promoEmoji(s string) bool {
	switch s {
	case "💰", "💵", "💸", "🚀", "🔥", "🎁", "🌟", "👉", "🔔", "🎉", "✅", "💯", "🤑", "📈", "⚡":
		return true
	}
	return false
}

// repeated returns the span of a sentence of three or more words that
// appears twice in the text, or of a word said four times in a row.
func (fc *flagContext) repeated() (int, int, bool) {
	toks := fc.toks
	run := 1
	for j := 1; j < len(toks); j++ {
		if toks[j].wordish() && toks[j].norm == toks[j-1].norm {
			run++
			if run >= 4 {
				return toks[j-3].start, toks[j].end, true
			}
		} else if toks[j].wordish() {
			run = 1
		}
	}
	if len(fc.sents) < 2 {
		return 0, 0, false
	}
	for a := range fc.sents {
		for b := a + 1; b < len(fc.sents); b++ {
			if fc.sameWords(fc.sents[a], fc.sents[b]) {
				sa := fc.sents[a]
				return toks[sa.start].start, toks[sa.end-1].end, true
			}
		}
	}
	return 0, 0, false
}

// sameWords reports whether two sentences have the same three or more
// words in the same order.
func (fc *flagContext) sameWords(x, y sentRange) bool {
	toks := fc.toks
	i, j, n := x.start, y.start, 0
	for {
		for i < x.end && !toks[i].wordish() {
			i++
		}
		for j < y.end && !toks[j].wordish() {
			j++
		}
		if i == x.end || j == y.end {
			return i == x.end && j == y.end && n >= 3
		}
		if toks[i].norm != toks[j].norm {
			return false
		}
		i, j, n = i+1, j+1, n+1
	}
}
