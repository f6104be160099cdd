package sentiment

import "strings"

// Word lists for quote attribution. They are generic English news grammar:
// reporting verbs, the nouns that name speakers, function words. Nothing
// here names a story, a person or a place.

// qVerbs are finite reporting verbs: "X said", "said X", "X warned that".
var qVerbs = qSet(
	"said", "says", "told", "tells", "added", "adds", "stated", "states",
	"noted", "notes", "warned", "warns", "emphasized", "emphasised",
	"emphasizes", "emphasises", "insisted", "insists", "claimed", "claims",
	"accused", "accuses", "described", "describes", "explained", "explains",
	"argued", "argues", "asserted", "asserts", "declared", "declares",
	"announced", "announces", "cautioned", "cautions", "stressed",
	"stresses", "underlined", "underlines", "underscored", "underscores",
	"reiterated", "reiterates", "acknowledged", "acknowledges", "admitted",
	"admits", "conceded", "concedes", "confirmed", "confirms", "complained",
	"complains", "urged", "urges", "vowed", "vows", "pledged", "pledges",
	"promised", "promises", "predicted", "predicts", "recalled", "recalls",
	"observed", "observes", "concluded", "maintained", "maintains",
	"contended", "contends", "countered", "counters", "responded",
	"responds", "replied", "replies", "retorted", "wrote", "writes",
	"tweeted", "posted", "continued", "asked", "asks", "called", "calls",
	"labelled", "labeled", "branded", "brands", "termed", "terms",
	"dismissed", "dismisses", "decried", "decries", "condemned", "condemns",
	"denounced", "denounces", "criticized", "criticised", "criticizes",
	"criticises", "slammed", "slams", "blasted", "lamented", "laments",
	"welcomed", "welcomes", "praised", "praises", "hailed", "hails",
	"demanded", "demands", "proposed", "suggested", "suggests", "threatened",
	"threatens", "charged", "alleged", "alleges", "disclosed", "revealed",
	"reported", "indicated", "indicates", "signalled", "signaled",
	"mentioned", "remarked", "commented", "characterized", "characterised",
	"framed", "rejected", "rejects", "deplored", "questioned", "pleaded",
	"appealed", "assured", "disputed", "disputes", "denied", "denies",
	"mocked", "quipped", "boasted", "hinted", "shouted", "affirmed",
	"reaffirmed", "repeated", "echoed", "clarified", "portrayed", "painted",
	"insisted", "agreed", "estimated", "told", "briefed", "recounted",
	"summed", "acknowledged", "objected", "protested", "pointed",
	// Plural present: "sources describe", "analysts warn".
	"say", "tell", "add", "note", "warn", "insist", "claim", "describe",
	"explain", "argue", "assert", "declare", "announce", "caution", "stress",
	"urge", "vow", "pledge", "suggest", "maintain", "contend", "counter",
	"respond", "reply", "write", "dismiss", "condemn", "reject", "deny",
	"dispute", "allege", "accuse", "acknowledge", "admit", "concede",
	"confirm", "complain", "characterize", "characterise", "decry",
	"denounce", "criticize", "criticise", "predict", "reiterate",
	"emphasize", "emphasise", "underline", "underscore", "label", "brand",
	"term",
)

// qParts are reporting participles: "..., saying", "with X calling".
var qParts = qSet(
	"saying", "stating", "telling", "adding", "noting", "warning",
	"insisting", "claiming", "calling", "describing", "emphasising",
	"emphasizing", "stressing", "urging", "arguing", "accusing", "vowing",
	"declaring", "writing", "explaining", "underscoring", "underlining",
	"reiterating", "asserting", "labelling", "labeling", "dismissing",
	"demanding", "pledging", "promising", "cautioning", "terming",
	"branding", "condemning", "denouncing", "criticising", "criticizing",
	"slamming", "decrying", "lamenting", "welcoming", "praising", "hailing",
	"threatening", "charging", "alleging", "acknowledging", "admitting",
	"conceding", "confirming", "complaining", "suggesting", "maintaining",
	"countering", "responding", "replying", "rejecting", "disputing",
	"denying", "mocking", "quipping", "characterizing", "characterising",
	"framing", "portraying", "reaffirming", "affirming", "echoing",
	"repeating", "recalling", "predicting", "announcing", "revealing",
	"asking", "questioning", "pleading", "appealing", "assuring",
)

// qSpeechNouns name a statement; with a possessor they attribute a quote:
// "Pakistan's demands for 'concrete and verifiable' action".
var qSpeechNouns = qSet(
	"demand", "demands", "call", "calls", "warning", "warnings", "statement",
	"statements", "remarks", "words", "claim", "claims", "description",
	"assessment", "accusation", "accusations", "insistence", "pledge",
	"promise", "threat", "threats", "vow", "characterization",
	"characterisation", "message", "appeal", "charge", "charges", "comments",
	"response", "reply", "rhetoric", "language", "verdict", "complaint",
)

// qSpeakerNouns (lemmas) name people or bodies that speak.
var qSpeakerNouns = qSet(
	"official", "minister", "secretary", "spokesman", "spokeswoman",
	"spokesperson", "spokespeople", "representative", "delegate",
	"delegation", "negotiator", "diplomat", "envoy", "ambassador", "source",
	"insider", "analyst", "expert", "observer", "president", "premier",
	"chancellor", "leader", "leadership", "chief", "head", "chair",
	"chairman", "chairwoman", "chairperson", "director", "commander",
	"general", "officer", "aide", "adviser", "advisor", "counsel", "lawyer",
	"attorney", "governor", "mayor", "councillor", "councilor", "council",
	"councilman", "councilwoman", "member", "lawmaker", "legislator",
	"senator", "mp", "ministry", "government", "administration",
	"authority", "military", "army", "police", "media", "broadcaster",
	"agency", "newspaper", "outlet", "union", "worker", "driver",
	"employee", "rider", "passenger", "commuter", "resident", "citizen",
	"witness", "farmer", "fisherman", "villager", "protester",
	"demonstrator", "activist", "organizer", "organiser", "campaigner",
	"critic", "supporter", "opponent", "scientist", "researcher",
	"professor", "economist", "academic", "scholar", "historian",
	"commentator", "engineer", "manager", "executive", "ceo", "founder",
	"owner", "operator", "group", "coalition", "alliance", "federation",
	"association", "bloc", "side", "camp", "team", "party", "office",
	"department", "wing", "board", "committee", "commission", "court",
	"judge", "prosecutor", "regime", "cabinet", "parliament", "assembly",
	"embassy", "mission", "presidency", "people", "person", "man", "woman",
	"statement", "report", "communique", "communiqué", "host", "mediator",
	"monitor", "counterpart", "colleague", "teacher", "doctor", "nurse",
	"student", "parent", "voter", "spokesmen", "insurgent", "militant",
	"commissioner", "deputy", "staff", "authorities", "establishment",
	"force", "guard", "state",
)

// qChannelNouns name a statement rather than its author: "a statement from
// the ministry said" is the ministry speaking.
var qChannelNouns = qSet(
	"statement", "report", "communique", "communiqué", "release", "letter",
	"post", "tweet", "readout", "memo", "broadcast", "bulletin", "notice",
	"document", "note", "video", "message",
)

// qNeutralRoles speak for no side unless a nationality word qualifies them
// directly: "a researcher at a Cairo think-tank" is not Egypt speaking.
var qNeutralRoles = qSet(
	"analyst", "expert", "researcher", "academic", "professor", "scholar",
	"economist", "observer", "commentator", "historian", "scientist",
	"diplomat", "critic",
)

// qOfficialRoles hold an office: with no side of their own ("Spokesperson
// Mao Ning") they speak for the side of the paragraph's previous speaker.
var qOfficialRoles = qSet(
	"official", "minister", "ministry", "spokesman", "spokeswoman",
	"spokesperson", "spokespeople", "ambassador", "envoy", "delegate",
	"delegation", "negotiator", "secretary", "government", "administration",
	"authority", "representative", "aide", "adviser", "advisor", "military",
	"army", "commander", "officer", "embassy", "office", "department",
	"cabinet", "presidency", "president", "premier", "chancellor",
)

// qTitleWords may stand, in lower case, before or after a capitalised name
// in one noun phrase: "ministry spokesman Nebiyu Tedla", "Metro spokeswoman
// Tanya Brooks", "state broadcaster RTA", "Afghan state media".
var qTitleWords = qSet(
	"senior", "deputy", "former", "foreign", "defence", "defense",
	"interior", "prime", "state", "chief", "top", "acting", "federal",
	"local", "regional", "national", "military", "security", "intelligence",
	"water", "information", "finance", "trade", "vice", "assistant",
	"associate", "special", "caretaker", "interim", "opposition", "ruling",
	"station", "channel", "television", "radio", "press", "junior",
	"anonymous", "unnamed", "government", "ministry", "party", "union",
	"transit", "city", "legal", "health", "energy", "irrigation",
	"presidential", "official", "officials", "executive", "managing",
	"general", "communications", "media", "public", "economic", "labour",
	"labor", "coast", "border", "navy", "naval", "army", "police",
	"municipal", "provincial", "district", "central", "senate", "house",
)

// qDeterminers open a noun phrase: a backward walk stops after them.
var qDeterminers = qSet("the", "a", "an", "this", "these", "those", "its",
	"his", "her", "their", "our", "my", "your")

// qQuantifiers may open a noun phrase after a determiner: "the two
// officials", "one official", "some analysts".
var qQuantifiers = qSet("one", "two", "three", "four", "five", "six",
	"several", "some", "many", "both", "another", "other", "most", "few",
	"all", "second", "third", "various", "numerous", "multiple")

// qPronouns are the subject pronouns a speaker may be.
var qPronouns = qSet("he", "she", "they", "we", "i", "it")

// qBe are forms of "be": before a reporting verb they make it passive.
var qBe = qSet("is", "was", "were", "are", "be", "been", "being", "am")

// qAux are other auxiliaries and modals.
var qAux = qSet("has", "have", "had", "will", "would", "could", "can",
	"may", "might", "must", "shall", "should", "did", "does", "do", "having",
	"not", "never", "also", "later", "then", "again", "still", "too",
	"once", "already", "even", "further", "separately", "now", "earlier",
	"previously", "instead", "first", "however", "meanwhile", "yesterday",
	"today", "tonight", "just", "only", "reportedly")

// qTimeWords are days, months and time nouns: "on Monday", "late on
// Sunday", "last week".
var qTimeWords = qSet("monday", "tuesday", "wednesday", "thursday",
	"friday", "saturday", "sunday", "january", "february", "march", "april",
	"may", "june", "july", "august", "september", "october", "november",
	"december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
	"sept", "oct", "nov", "dec", "week", "weekend", "month", "year",
	"night", "morning", "afternoon", "evening", "today", "yesterday",
	"tonight", "day")

// qTimePreps may precede a time word between a subject and its verb.
var qTimePreps = qSet("on", "late", "early", "last", "this", "over", "the",
	"earlier", "later", "in", "at", "during", "next", "that")

// qNPPreps join a post-modifier to a speaker noun phrase: "sources in
// Islamabad", "a delegate to the talks", "the head of the delegation".
var qNPPreps = qSet("of", "for", "from", "to", "at", "in", "with")

// qStop ends a noun phrase.
var qStop = qSet(
	"that", "which", "who", "whom", "whose", "when", "where", "while",
	"whereas", "as", "but", "and", "or", "nor", "if", "because", "after",
	"before", "since", "although", "though", "so", "than", "then", "with",
	"without", "on", "in", "at", "for", "from", "to", "of", "by", "about",
	"into", "onto", "over", "under", "between", "against", "during", "amid",
	"amidst", "despite", "via", "per", "not", "no", "even", "also", "only",
	"just", "yet", "however", "what", "there", "here", "how", "why",
	"whether", "until", "unless", "upon", "across", "through", "toward",
	"towards", "around", "near", "like", "among", "outside", "inside",
	"within", "beyond", "along", "him", "them", "us", "me", "following",
	"including", "according", "unlike", "meanwhile", "moreover",
	"furthermore", "nonetheless", "nevertheless", "instead", "overall",
	"still", "again", "now", "once", "already", "thus", "hence", "therefore",
	"indeed", "perhaps", "every", "each", "any", "such", "more", "less",
	"very", "much", "same", "own", "is", "was", "were", "are", "be", "been",
	"being", "am", "has", "have", "had", "will", "would", "could", "can",
	"may", "might", "must", "shall", "should", "did", "does", "do",
	"having", "it's", "let", "got", "get", "gets", "made", "make", "makes",
)

// qCoordinators join clauses; a segment starting with one is not an
// inserted clause: ", and even Turkey, as the host, has acknowledged".
var qCoordinators = qSet("and", "but", "or", "yet", "so", "nor")

// qRelatives open a relative clause: ", who signed the ceasefire,".
var qRelatives = qSet("who", "which", "whose", "whom", "where", "when")

// qIrregularParticiples open inserted clauses like -ing and -ed words do.
var qIrregularParticiples = qSet("caught", "known", "seen", "given",
	"taken", "held", "led", "born", "written", "spoken", "made", "left",
	"kept", "brought", "sent", "shown", "built", "chosen", "driven", "hit",
	"beset", "torn", "worn", "split")

// qEdAdjectives are -ed words that may modify a speaker: "a retired
// general", "an unnamed official".
var qEdAdjectives = qSet("unnamed", "retired", "embattled", "elected",
	"armed", "united", "concerned", "interested", "affected", "displaced",
	"frustrated", "exhausted", "detained", "jailed", "exiled", "appointed",
	"designated", "unidentified", "named", "veteran", "seasoned", "informed",
	"qualified", "unaffiliated", "attached")

// qAbbrevDot are abbreviations whose full stop belongs to the word and ends
// no sentence: "Mr. Tarar", "Ferdinand Marcos Jr.".
var qAbbrevDot = qSet("mr", "mrs", "ms", "dr", "prof", "gen", "lt",
	"col", "maj", "brig", "capt", "cpt", "sgt", "cdr", "adm", "rev", "hon",
	"sen", "rep", "gov", "pres", "st", "mt", "fr", "sr", "jr", "messrs",
	"vs", "e.g", "i.e", "approx", "dept", "est", "inc", "ltd", "co", "corp",
	"govt", "intl", "no", "nos", "jan", "feb", "mar", "apr", "jun", "jul",
	"aug", "sep", "sept", "oct", "nov", "dec")

// qMediaWords mark an outlet: "according to state television" is a channel,
// not a speaker, when the sentence names one.
var qMediaWords = qSet("media", "broadcaster", "television", "tv", "radio",
	"news", "newspaper", "agency", "channel", "daily", "times", "post",
	"press", "outlet", "network", "journal", "tribune", "herald", "gazette",
	"wire", "magazine", "website", "station", "broadcasting", "reuters",
	"afp", "ap", "bloomberg", "bbc", "cnn", "xinhua", "tass")

// qPlatforms are places where statements are posted: "writing on X".
var qPlatforms = qSet("x", "twitter", "facebook", "telegram", "youtube",
	"instagram", "tiktok", "weibo", "wechat", "linkedin", "threads",
	"bluesky", "truth", "social", "substack")

// qAudiences are generic listeners: "told reporters" names no outlet.
var qNotOutlets = qSet("parliament", "congress", "senate", "assembly",
	"council", "cabinet", "house", "lawmakers", "court")

// qViaVerbs introduce the outlet after them: "quoted by", "carried by".
var qViaVerbs = qSet("quoted", "carried", "published", "reported",
	"cited", "broadcast", "aired", "relayed")

// qLemma returns the singular of a lower-case English noun, without a
// possessive: "officials" -> "official", "authorities" -> "authority",
// "spokesmen" -> "spokesman", "witnesses" -> "witness".
func qLemma(w string) string {
	w = strings.TrimSuffix(w, "'s")
	w = strings.TrimSuffix(w, "'")
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "men"):
		return w[:len(w)-3] + "man"
	case w == "people" || w == "media" || w == "news" || w == "police" || w == "staff":
		return w
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes") ||
		strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes"):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:len(w)-1]
	}
	return w
}

// qAdverb reports whether the lower-case word w is an adverb that may stand
// between a subject and its verb: "firmly stated", "reportedly presented".
func qAdverb(w string) bool {
	if qAux[w] {
		return true
	}
	if len(w) > 4 && strings.HasSuffix(w, "ly") {
		switch w {
		case "family", "ally", "rally", "supply", "assembly", "italy", "july", "anomaly", "monopoly":
			return false
		}
		return true
	}
	return false
}

// qPossessive reports whether the lower-case word w is a possessive:
// "pakistan's", "workers'".
func qPossessive(w string) bool {
	return strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "s'")
}

// qSet returns the set of words.
func qSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
