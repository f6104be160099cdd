package sentiment

import (
	"strings"
	"sync"
)

// newsLexicon is tonedesk's own lexicon for news and diplomacy, on VADER's
// scale (-4 … 4). Its entries override VADER's in the rule score
// (extendedValences); VADER's own score is left as VADER computes it.
//
// The words were chosen by hand for how they read in reporting and in
// comments under it, from the vocabulary of negotiations, conflict,
// governance and the economy; none was chosen by looking at evaluation data.
// Roman Urdu words that commenters use for praise and blame are included.
type newsLexicon struct {
	words   map[string]float64
	phrases map[string][]newsPhrase // by first word
	negator map[string]bool         // words that negate what follows (beyond VADER's)
}

type newsPhrase struct {
	words []string
	val   float64
	text  string
}

var sharedNews = sync.OnceValue(func() *newsLexicon {
	nl := &newsLexicon{
		words:   map[string]float64{},
		phrases: map[string][]newsPhrase{},
		negator: setOf(newsNegators...),
	}
	for _, e := range newsEntries {
		ws := strings.Fields(e.text)
		if len(ws) == 1 {
			nl.words[ws[0]] = e.val
			continue
		}
		nl.phrases[ws[0]] = append(nl.phrases[ws[0]], newsPhrase{words: ws, val: e.val, text: e.text})
	}
	// Longest phrase first, so "patronage of terrorists" beats "patronage".
	for k, ps := range nl.phrases {
		for i := 1; i < len(ps); i++ {
			for j := i; j > 0 && len(ps[j].words) > len(ps[j-1].words); j-- {
				ps[j], ps[j-1] = ps[j-1], ps[j]
			}
		}
		nl.phrases[k] = ps
	}
	return nl
})

// phraseAt returns the valence and word count of the longest news phrase
// starting at toks[i], or (0, 0).
func (nl *newsLexicon) phraseAt(toks []vtok, i int) (float64, int) {
	if !toks[i].phrase {
		return 0, 0
	}
	for _, p := range nl.phrases[toks[i].lower] {
		if seqIs(toks, i, p.words) {
			return p.val, len(p.words)
		}
	}
	return 0, 0
}

// newsPhraseAt returns the text and word count of the news phrase at
// toks[i], or ("", 0).
func newsPhraseAt(toks []vtok, i int) (string, int) {
	if !toks[i].phrase {
		return "", 0
	}
	for _, p := range sharedNews().phrases[toks[i].lower] {
		if seqIs(toks, i, p.words) {
			return p.text, len(p.words)
		}
	}
	return "", 0
}

// isNegator reports whether toks[k] negates what follows it in the rule
// score.
func (nl *newsLexicon) isNegator(toks []vtok, k int) bool {
	t := &toks[k]
	switch w := t.lower; {
	case !t.negator && !t.newsNeg && w != "far" && w != "no":
		return false // the common case, without comparing strings
	case w == "not" && k+1 < len(toks) && toks[k+1].lower == "only":
		return false // not only … but also
	case w == "no" && k+1 < len(toks) && toks[k+1].lower == "doubt":
		return false
	case w == "far":
		return k+1 < len(toks) && toks[k+1].lower == "from"
	case w == "no":
		return true
	}
	return t.negator || t.newsNeg
}

// negatedAt reports whether an odd number of negators stand in the four
// words before toks[i], within its clause.
func (nl *newsLexicon) negatedAt(toks []vtok, i int) bool {
	n := 0
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		if toks[k].clauseEnd {
			break
		}
		if nl.isNegator(toks, k) {
			n++
		}
	}
	return n%2 == 1
}

// newsNegators negate the sentiment word that follows them, beyond VADER's
// list ("not", "never", "without", n't ...).
var newsNegators = []string{
	"hardly", "scarcely", "barely", "lack", "lacks", "lacked", "lacking",
	"fail", "fails", "failed", "failing", "refuse", "refuses", "refused",
	"refusing", "neither", "nor", "unable", "unwilling", "reluctant", "absence",
	"nahi", "nahin", "na",
}

type lexEntry struct {
	text string
	val  float64
}

// newsEntries is the news and diplomacy lexicon. Multi-word entries are
// phrases matched on whole lower-case words.
var newsEntries = []lexEntry{
	// Negotiations going badly.
	{"impasse", -2}, {"deadlock", -2}, {"deadlocked", -2}, {"stalemate", -2},
	{"standoff", -1.8}, {"stand-off", -1.8}, {"stalled", -1.6}, {"stall", -1.2},
	{"stalling", -1.5}, {"collapse", -2.5}, {"collapsed", -2.5}, {"collapses", -2.5},
	{"breakdown", -2.2}, {"broke down", -2.2}, {"fell apart", -2.2}, {"fell through", -2},
	{"walked out", -1.6}, {"walkout", -1.5}, {"dead end", -2}, {"came to nothing", -2},
	{"no progress", -2}, {"no deal", -1.6}, {"no agreement", -1.6}, {"without agreement", -1.6},
	{"without a deal", -1.6}, {"without an agreement", -1.6}, {"ended without", -1.5},
	{"gridlock", -2}, {"intransigence", -2.5}, {"intransigent", -2.5}, {"obstinate", -2},
	{"inflexible", -1.5}, {"rigid", -1}, {"hardline", -1.2}, {"hard-line", -1.2},
	{"evasion", -2}, {"evasive", -2}, {"evasions", -2}, {"ruse", -2}, {"ruses", -2},
	{"stonewall", -2}, {"stonewalling", -2}, {"stonewalled", -2},
	{"illogical", -2}, {"detached from reality", -2.5}, {"detached", -1},
	{"unrealistic", -1.8}, {"unreasonable", -1.8}, {"reasonable", 1.2},
	{"unworkable", -2}, {"unacceptable", -2.4}, {"unjustified", -2}, {"unjust", -2.2}, {"blame game", -2}, {"war of words", -1.6},
	{"point scoring", -1.5}, {"point-scoring", -1.5}, {"lip service", -2},
	{"empty promises", -2.5}, {"empty promise", -2.5}, {"double standards", -2},
	{"double standard", -2}, {"red tape", -1.5}, {"too little", -1.4}, {"too late", -1.4},
	{"at odds", -1.3}, {"on the brink", -2.2}, {"at loggerheads", -1.8},
	{"vicious cycle", -2.5}, {"backtracked", -1.5}, {"backtracking", -1.5},
	{"u-turn", -1}, {"reneged", -2.2}, {"renege", -2}, {"broken promises", -2.5},
	{"postponed", -0.8}, {"postpone", -0.6}, {"delayed", -1}, {"delays", -1.1},
	{"suspended", -1}, {"boycott", -1.5}, {"boycotted", -1.5}, {"expelled", -1.6},
	{"ultimatum", -1.5}, {"deadline passed", -1.5},

	// Accusation and blame.
	{"accuse", -1.5}, {"accused", -1.5}, {"accuses", -1.5}, {"accusing", -1.5},
	{"accusation", -1.6}, {"accusations", -1.6}, {"allegations", -1.3},
	{"alleged", -0.8}, {"blame", -1.8}, {"blamed", -1.8}, {"blames", -1.8},
	{"blaming", -1.8}, {"complicity", -2.5}, {"complicit", -2.5},
	{"patronage of terrorists", -3.5}, {"patronage of terrorism", -3.5},
	{"harbouring", -1.8}, {"harboring", -1.8}, {"harbour", -1}, {"harbor", -1},
	{"safe havens", -1.8}, {"safe haven", -1.6}, {"sanctuaries", -1.5},
	{"proxies", -1.5}, {"proxy", -1}, {"propaganda", -2}, {"disinformation", -2.2},
	{"misinformation", -2}, {"rhetoric", -0.8}, {"hypocrisy", -2.5},
	{"hypocritical", -2.4}, {"betrayal", -2.8}, {"betrayed", -2.6},
	{"sell-out", -2.2}, {"sellout", -2.2}, {"cover-up", -2.5}, {"coverup", -2.5},
	{"scapegoat", -2}, {"denial", -1.2}, {"denied", -1}, {"denies", -1},
	{"baseless", -2}, {"unfounded", -1.8}, {"meddling", -2}, {"interference", -1.8},
	{"provocation", -2}, {"provocations", -2}, {"provocative", -1.8},

	// Conflict and violence.
	{"open war", -3.2}, {"all-out war", -3.2}, {"escalation", -2}, {"escalate", -1.8},
	{"escalated", -2}, {"escalating", -2}, {"tensions", -1.6}, {"tension", -1.4},
	{"hostilities", -2.5}, {"clashes", -2.2}, {"clash", -2}, {"clashed", -2},
	{"skirmish", -1.8}, {"skirmishes", -1.8}, {"shelling", -2.6}, {"airstrike", -2.5},
	{"airstrikes", -2.5}, {"air strikes", -2.5}, {"drone strike", -2.4},
	{"drone strikes", -2.4}, {"incursion", -2}, {"incursions", -2}, {"violation", -2},
	{"violations", -2}, {"violated", -2}, {"violate", -1.8}, {"breach", -1.8},
	{"breached", -2}, {"aggression", -2.6}, {"insurgency", -2}, {"insurgents", -1.6},
	{"militants", -1.6}, {"militancy", -2}, {"extremists", -2.2}, {"extremist", -2.2},
	{"extremism", -2.4}, {"terrorist", -3}, {"terrorists", -3}, {"terrorism", -3.2},
	{"atrocities", -3.2}, {"atrocity", -3.2}, {"genocide", -3.6}, {"ethnic cleansing", -3.6},
	{"massacre", -3.4}, {"casualties", -2.5}, {"civilian casualties", -3}, {"bloodshed", -3},
	{"displaced", -2}, {"displacement", -2}, {"blockade", -2}, {"siege", -2.5},
	{"hostage", -2.5}, {"hostages", -2.5}, {"occupation", -1.5}, {"annexation", -1.8},
	{"annexed", -1.8}, {"coup", -2.5}, {"crackdown", -2.2}, {"repression", -2.5},
	{"persecution", -2.8}, {"censorship", -2}, {"martial law", -2},
	{"border closure", -1.5}, {"closed the border", -1.5}, {"border closed", -1.5},

	// Governance, law and the economy.
	{"mismanagement", -2.2}, {"incompetence", -2.5}, {"negligence", -2.2},
	{"dysfunction", -2}, {"dysfunctional", -2}, {"corruption", -2.6},
	{"bribery", -2.5}, {"embezzlement", -2.5}, {"misconduct", -2}, {"indicted", -2},
	{"indictment", -1.6}, {"convicted", -1.8}, {"unconstitutional", -2},
	{"authoritarian", -2}, {"autocratic", -2}, {"demagogue", -2.5}, {"demagoguery", -2.5},
	{"polarized", -1.5}, {"polarised", -1.5}, {"polarization", -1.5}, {"polarisation", -1.5},
	{"partisan", -1}, {"shutdown", -1.6}, {"layoffs", -2}, {"recession", -2.5},
	{"inflation", -1.2}, {"deficit", -1}, {"deficits", -1}, {"shortfall", -1.5},
	{"shortage", -1.5}, {"shortages", -1.6}, {"slump", -1.8}, {"plunge", -1.6},
	{"plunged", -1.8}, {"plummeted", -2}, {"decline", -1.2}, {"declined", -1},
	{"declining", -1.3}, {"dwindling", -1.5}, {"erode", -1.5}, {"eroded", -1.6},
	{"erosion", -1.5}, {"eroding", -1.6}, {"undermine", -2}, {"undermines", -2},
	{"undermined", -2}, {"undermining", -2}, {"obstruct", -1.8}, {"obstruction", -1.8},
	{"sabotage", -2.5}, {"sabotaged", -2.5}, {"backlog", -1.2}, {"overcrowded", -1.5},
	{"homelessness", -2}, {"overdose", -2.5}, {"overdoses", -2.5}, {"pollution", -2},
	{"polluted", -2}, {"contamination", -2}, {"contaminated", -2}, {"famine", -3},
	{"drought", -2}, {"floods", -2}, {"flooding", -2}, {"loophole", -1.2},
	{"loopholes", -1.2}, {"backlash", -1.5}, {"controversy", -1.4}, {"controversial", -1},
	{"flawed", -1.6}, {"misguided", -2}, {"ill-conceived", -2.2}, {"short-sighted", -2},
	{"shortsighted", -2}, {"reckless", -2.4}, {"dangerous", -2.2}, {"troubling", -2},
	{"worrying", -1.8}, {"alarming", -2}, {"bleak", -2}, {"grim", -2},
	{"unaffordable", -1.8}, {"bloated", -1.6}, {"wasteful", -1.8}, {"cuts", -1},
	{"austerity", -1.3}, {"setback", -1.8}, {"setbacks", -1.8}, {"fiasco", -2.6},
	{"debacle", -2.6}, {"quagmire", -2.2}, {"mess", -2}, {"chaos", -2.4},
	{"chaotic", -2.2}, {"turmoil", -2.2}, {"unrest", -1.8}, {"instability", -2},
	{"uncertainty", -1.2}, {"lawlessness", -2.4}, {"impunity", -2},

	// Progress and praise.
	{"breakthrough", 2.5}, {"breakthroughs", 2.4}, {"ceasefire", 1.6}, {"cease-fire", 1.6},
	{"truce", 1.5}, {"peace deal", 2.2}, {"peace agreement", 2.2}, {"accord", 1.2},
	{"de-escalation", 2}, {"de-escalate", 1.8}, {"deescalate", 1.8},
	{"reconciliation", 2.2}, {"rapprochement", 2}, {"détente", 1.8}, {"detente", 1.8},
	{"dialogue", 1}, {"constructive", 2}, {"fruitful", 2.2}, {"cordial", 1.6},
	{"salvage", 1}, {"salvaged", 1.2}, {"compromise", 1.2}, {"consensus", 1.5},
	{"cooperation", 1.5}, {"cooperate", 1.3}, {"co-operation", 1.5},
	{"mediation", 0.8}, {"mediated", 0.6}, {"facilitated", 0.8}, {"resumed", 0.8},
	{"reopen", 1}, {"reopened", 1.2}, {"restored", 1.5}, {"restore", 1.2},
	{"stability", 1.5}, {"stabilise", 1.2}, {"stabilize", 1.2}, {"sovereignty", 0.3},
	{"accountability", 1.2}, {"transparency", 1.4}, {"reforms", 1}, {"landmark", 1.8},
	{"historic", 1.4}, {"milestone", 2}, {"welcomed", 1.8}, {"commend", 2},
	{"commended", 2}, {"hailed", 2}, {"lauded", 2}, {"bipartisan", 1.2},
	{"unanimous", 1}, {"unanimously", 1}, {"rebound", 1.5}, {"rebounded", 1.5},
	{"recovery", 1.5}, {"growth", 1.2}, {"surplus", 1}, {"gains", 1.2},
	{"thriving", 2.5}, {"resilient", 1.8}, {"resilience", 1.8}, {"prosperity", 2.5},
	{"humanitarian", 0.6}, {"rescued", 1.8}, {"lifesaving", 2}, {"life-saving", 2},
	{"affordable", 1.2}, {"pragmatic", 1.5}, {"sensible", 1.5}, {"prudent", 1.5},
	{"statesmanlike", 2}, {"visionary", 2}, {"step forward", 2}, {"right direction", 1.8},
	{"good faith", 1.8}, {"common ground", 2}, {"win-win", 2.5}, {"way forward", 1.2},
	{"back on track", 1.8}, {"paved the way", 1.5}, {"on track", 1.2},
	{"goodwill", 2}, {"mutual respect", 2}, {"confidence-building", 1.6},
	{"de-mining", 1}, {"demining", 1}, {"aid", 0.8}, {"relief", 1.2}, {"rebuild", 1.4},
	{"rebuilding", 1.4}, {"reconstruction", 1.2}, {"renewal", 1.6}, {"innovative", 1.8},
	{"efficient", 1.6}, {"wise", 1.8}, {"wisely", 1.8}, {"credible", 1.2},
	{"credit", 1.4}, {"deserve credit", 2}, {"deserves credit", 2}, {"well done", 2.5},

	// Roman Urdu.
	{"zabardast", 2.8}, {"shabash", 2.6}, {"shukriya", 2}, {"mubarak", 2.4},
	{"behtareen", 2.6}, {"acha", 1.4}, {"accha", 1.4}, {"achha", 1.4},
	{"mashallah", 2}, {"alhamdulillah", 1.8}, {"aman", 1.8}, {"amn", 1.8},
	{"dosti", 1.8}, {"bakwas", -2.5}, {"ghatiya", -2.6}, {"sharam", -2.2},
	{"sharmnak", -2.6}, {"afsos", -2}, {"khatarnak", -2}, {"kamzor", -1.5},
	{"jhoot", -2}, {"jhoota", -2.2}, {"jhootay", -2.2}, {"zulm", -3}, {"zalim", -3},
	{"bura", -1.8}, {"buri", -1.8}, {"ganda", -2}, {"nakam", -2}, {"nakami", -2},
}
