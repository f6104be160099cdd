package sentiment

import (
	_ "embed"
	"math"
	"strconv"
	"strings"
	"sync"
)

// The rule half of the stance classifier: it reads the cues around each
// mention of a side (stance_cues.txt), the lexicon polarity of the clause
// around it, "both sides" cues and pronouns that point back to a side, and
// sums them into evidence per side. The trained model (stance_model.go)
// reads these sums as features next to the words.

//go:embed lexicon/stance_cues.txt
var stanceCuesText string

// cue is one entry of stance_cues.txt.
type cue struct {
	words         []string // the phrase, first word included
	after, before float64
}

// stanceCues maps the first word of each cue to its cues, longest first.
var stanceCues = sync.OnceValue(func() map[string][]cue {
	return parseCues(stanceCuesText)
})

// parseCues reads the format documented in stance_cues.txt. A malformed
// line is a programming error in an embedded file and panics (the tests
// load the file).
func parseCues(text string) map[string][]cue {
	out := map[string][]cue{}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 {
			panic("stance_cues.txt:" + strconv.Itoa(n+1) + ": want PHRASE AFTER BEFORE")
		}
		after, err1 := strconv.ParseFloat(f[len(f)-2], 64)
		before, err2 := strconv.ParseFloat(f[len(f)-1], 64)
		if err1 != nil || err2 != nil {
			panic("stance_cues.txt:" + strconv.Itoa(n+1) + ": bad weight")
		}
		c := cue{words: f[:len(f)-2], after: after, before: before}
		k := c.words[0]
		out[k] = append(out[k], c)
	}
	for k, cs := range out {
		// Longest phrase first, so "is to blame" wins over "is".
		for i := 1; i < len(cs); i++ {
			for j := i; j > 0 && len(cs[j].words) > len(cs[j-1].words); j-- {
				cs[j], cs[j-1] = cs[j-1], cs[j]
			}
		}
		out[k] = cs
	}
	return out
}

// bothWords are cues that a text weighs two or more sides together.
var bothWords = setOf("both", "neither", "dono", "donon", "dono", "dwaro",
	"دونوں", "mutual", "mutually", "оба", "обе", "each other", "ikdusre")

// pronouns that may point back to the side last mentioned.
var backPronouns = setOf("they", "them", "their", "theirs", "themselves", "inke", "unke", "unki", "inki")

// passiveAux before a participle cue makes its subject the patient.
var passiveAux = setOf("was", "were", "been", "being", "is", "are", "get", "got", "gets")

// modals before "not" keep the cue's direction: "should not shelter".
var modalWords = setOf("should", "must", "would", "will", "shall", "can", "could", "may", "might")

// stanceDoc is one text read for stance: its tokens and the evidence the
// rules found for each side.
type stanceDoc struct {
	text  string
	toks  []token
	own   []token // backs toks when d tokenized text itself
	nSide int
	// ref is, per token, the side it refers to (a mention or a pronoun
	// resolved to the last side mentioned), or -1; refW its weight.
	ref  []int
	refW []float64

	direct   []float64 // net cue and polarity evidence per side
	pos, neg []float64 // its positive and negative parts (neg >= 0)
	subjPol  []float64 // clause polarity where the side is the first referent
	objPol   []float64 // clause polarity where another side comes first
	count    []int     // mentions per side
	pron     []int     // resolved pronouns per side
	parties  int       // party mentions
	both     int       // "both", "neither", "each side"...
	question bool
	clauses  []clauseEvidence
	floats   []float64 // backs direct ... sup
	ints     []int     // backs count and pron
	contrib  []float64 // scratch, per side
	sup      []float64 // support per side, see computeSupport
	sentSide []bool    // scratch, per sentence
	rule     int       // ruleLabel, see computeSupport
	sink     featSink  // scratch for the model's features
	probs    []float64 // scratch, see stanceProbs
	pro      []string  // the label "pro_<id>" of each side, if known
	hasFeat  bool      // fw and fh are filled
	// fw and fh are the word-feature form and hash per token (featWords).
	fw     []string
	fh     []uint64
	near   []bool    // scratch of featWords
	spans  []span    // scratch of evidence
	scored []scored  // scratch of evidence
	margin []float64 // scratch of decide
	// topic is, per sentence, the side it speaks of: its first referent,
	// else that of one of the two sentences before, else -1.
	topic []int
}

// clauseEvidence is what one clause said about one side.
type clauseEvidence struct {
	start, end int // byte span of the clause
	side       int
	weight     float64
	both       bool // the clause holds a both-sides cue
}

// docPool recycles stance documents, with all their slices, between texts.
var docPool = sync.Pool{New: func() any { return new(stanceDoc) }}

// grow returns b resized to n zero values, reusing its array when it can.
func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n, n+n/2)
	}
	b = b[:n]
	clear(b)
	return b
}

// buildStanceDoc tokenizes text, whose mentions of a's story are ms
// (Story.Mentions), and runs the stance rules for the story, which must not
// be nil. The document comes from a pool: release gives it back.
func (a *Analyzer) buildStanceDoc(text string, ms []Mention) *stanceDoc {
	d := a.tokenizeStanceDoc(text, ms)
	d.readRules()
	return d
}

// tokenizeStanceDoc is buildStanceDoc up to the rules: d's tokens and
// buffers, ready for readRules.
func (a *Analyzer) tokenizeStanceDoc(text string, ms []Mention) *stanceDoc {
	d := docPool.Get().(*stanceDoc)
	d.own = tokenize(text, a.story, ms, d.own[:0])
	d.reset(a, text, d.own)
	return d
}

// stanceDocOf is tokenizeStanceDoc for text already tokenized: toks,
// which stay the caller's (release leaves them as they are).
func (a *Analyzer) stanceDocOf(text string, toks []token) *stanceDoc {
	d := docPool.Get().(*stanceDoc)
	d.reset(a, text, toks)
	return d
}

// reset readies d for the stance rules of a's story over toks, the
// tokens of text.
func (d *stanceDoc) reset(a *Analyzer, text string, toks []token) {
	n := len(a.story.Sides)
	d.text, d.toks, d.nSide, d.pro = text, toks, n, a.pro
	d.parties, d.both, d.question = 0, 0, false
	d.floats = grow(d.floats, 7*n)
	d.direct, d.pos, d.neg = d.floats[:n], d.floats[n:2*n], d.floats[2*n:3*n]
	d.subjPol, d.objPol, d.contrib = d.floats[3*n:4*n], d.floats[4*n:5*n], d.floats[5*n:6*n]
	d.sup = d.floats[6*n : 7*n]
	d.ints = grow(d.ints, 2*n)
	d.count, d.pron = d.ints[:n], d.ints[n:]
	d.ref = grow(d.ref, len(d.toks))
	d.refW = grow(d.refW, len(d.toks))
	nSent := 0
	if len(d.toks) > 0 {
		nSent = int(d.toks[len(d.toks)-1].sent) + 1
	}
	d.topic = grow(d.topic, nSent)
	d.clauses = d.clauses[:0]
	d.fw, d.fh = d.fw[:0], d.fh[:0]
	d.hasFeat = false
}

// readRules runs the stance rules over d's tokens.
func (d *stanceDoc) readRules() {
	d.resolve()
	d.readClauses()
	d.computeSupport()
}

// mayTakeSide reports whether the stance rules could find anything in d's
// tokens: a side named, or a cue that weighs sides together (readClause's
// both-sides cues). Without either, decide says "none" with zero scores
// whatever the rest of the text, as noStance does.
func (d *stanceDoc) mayTakeSide() bool {
	toks := d.toks
	for j := range toks {
		t := &toks[j]
		if t.kind == tkSide {
			return true
		}
		if t.kind != tkWord {
			continue
		}
		next := j+1 < len(toks) && toks[j+1].clause == t.clause // in t's clause
		if t.info != nil && t.info.cls&wcBoth != 0 ||
			(t.norm == "each" || t.norm == "either") && next && (toks[j+1].norm == "side" || toks[j+1].norm == "other") ||
			t.norm == "two" && next && twoNouns[toks[j+1].norm] {
			return true
		}
	}
	return false
}

// release gives d back to the pool; d must not be used after.
func (d *stanceDoc) release() {
	clear(d.own)
	clear(d.fw)
	d.text, d.toks, d.pro = "", nil, nil
	docPool.Put(d)
}

// resolve fills ref: side mentions refer to their side; in a sentence
// without side mentions, "they/them/their" refer to the side mentioned last
// in the two sentences before (simple recency).
func (d *stanceDoc) resolve() {
	last, lastSent := -1, -1
	nSent := 0
	if n := len(d.toks); n > 0 {
		nSent = int(d.toks[n-1].sent) + 1
	}
	d.sentSide = grow(d.sentSide, nSent)
	sentHasSide := d.sentSide
	for i := range d.toks {
		if t := &d.toks[i]; t.kind == tkSide {
			sentHasSide[t.sent] = true
		}
	}
	for i := range d.toks {
		t := &d.toks[i]
		d.ref[i] = -1
		sent := int(t.sent)
		switch {
		case t.kind == tkSide && t.group >= 0:
			g := int(t.group)
			d.ref[i], d.refW[i] = g, 1
			d.count[g]++
			last, lastSent = g, sent
		case t.kind == tkParty:
			d.parties++
		case t.kind == tkWord && t.info != nil && t.info.cls&wcBackPronoun != 0 && !sentHasSide[sent] &&
			last >= 0 && sent-lastSent <= 2 && sent > lastSent:
			d.ref[i], d.refW[i] = last, 0.7
			d.pron[last]++
		case t.kind == tkPunct && t.norm == "?":
			d.question = true
		}
	}
}

// readClauses walks the text clause by clause and adds cue and polarity
// evidence (govader's lexicon valences) to the sides referred to in each
// clause. A sentence that names
// no side ("Proud.", "That deserves some credit.") speaks, at half weight,
// of the side named first in one of the two sentences before it.
func (d *stanceDoc) readClauses() {
	toks := d.toks
	if len(toks) == 0 {
		return
	}
	first := d.topic // side of the first referent per sentence
	for k := range first {
		first[k] = -1
	}
	for i := range toks {
		if r := d.ref[i]; r >= 0 && first[toks[i].sent] < 0 {
			first[toks[i].sent] = r
		}
	}
	contrib := d.contrib
	for cs := 0; cs < len(toks); {
		ce := cs
		for ce < len(toks) && toks[ce].clause == toks[cs].clause {
			ce++
		}
		implicit := -1
		if k := int(toks[cs].sent); first[k] < 0 {
			for b := k - 1; b >= 0 && b >= k-2; b-- {
				if first[b] >= 0 {
					implicit = first[b]
					break
				}
			}
		}
		d.readClause(cs, ce, implicit, contrib)
		cs = ce
	}
	for k := range first {
		if first[k] < 0 {
			for b := k - 1; b >= 0 && b >= k-2; b-- {
				if first[b] >= 0 {
					first[k] = first[b]
					break
				}
			}
		}
	}
}

// implicitWeight is how much a sentence without a side counts for the side
// of the sentence before.
const implicitWeight = 0.5

// pressureCues are cues that need the side as their grammatical subject
// ("Islamabad should..."), so they never apply to an implicit one.
var pressureCues = setOf("must", "should", "shouldn't", "needs", "need", "has", "ought", "stop", "keeps", "hand")

// nearCues are deeds (bombing, killing, occupying) that count against a
// subject only when it stands within three words before them.
var nearCues = setOf("bomb", "bombs", "bombed", "bombing", "bombings",
	"airstrike", "airstrikes", "air", "strikes", "attacks", "attack",
	"shelled", "shelling", "killed", "kills", "killing", "starved", "expelled",
	"blockade", "jails", "jailed", "threaten", "threatens", "threatening",
	"threats", "invade", "invaded", "invasion", "occupy", "occupies",
	"occupied", "occupation")

// blameCues report a claim when a side is their subject.
var blameCues = setOf("blame", "blames", "blamed", "blaming")

// ownWords before a cue send it to the clause's subject: "blaming Kabul for
// its own failures" blames the blamer.
var ownWords = setOf("its", "their", "his", "her", "own", "apni", "apne", "apna")

// readClause reads toks[cs:ce], one clause; implicit is the side a clause
// without referents speaks of, or -1. contrib is scratch space, one per side.
func (d *stanceDoc) readClause(cs, ce, implicit int, contrib []float64) {
	toks := d.toks
	first := -1 // first referent token
	for i := cs; i < ce; i++ {
		if d.ref[i] >= 0 {
			first = i
			break
		}
	}
	hasRef := first >= 0
	if hasRef {
		implicit = -1
	}
	for s := range contrib {
		contrib[s] = 0
	}
	clauseBoth := false
	var pol float64
	underModal := -1 // referent token under "should/must...", or -1
	for j := cs; j < ce; j++ {
		t := &toks[j]
		if t.kind != tkWord {
			continue
		}
		if t.info != nil && t.info.cls&wcBoth != 0 || (t.norm == "each" || t.norm == "either") && j+1 < ce && (toks[j+1].norm == "side" || toks[j+1].norm == "other") ||
			t.norm == "two" && j+1 < ce && twoNouns[toks[j+1].norm] {
			clauseBoth = true
			d.both++
		}
		if !hasRef && implicit < 0 {
			continue
		}
		quoteF := 1.0
		if t.quoted {
			quoteF = -0.5 // scare quotes: the 'evidence', they "support dialogue"
		}
		var c cue
		k := 0
		if t.info != nil {
			c, k = matchCue(t.info.cues, toks, j, ce)
		}
		if k == 0 {
			// govader's valence of the word, from the word table.
			if v := t.info.valence(); v != 0 {
				if d.negated(cs, j) {
					v *= -0.74
				}
				pol += v * quoteF
			}
			continue
		}
		after, before := c.after*quoteF, c.before*quoteF
		if d.negated(cs, j) {
			after, before = -0.6*after, -0.6*before
		}
		agent := after // what "by X" gets: X did it
		if j > cs && passiveAux[toks[j-1].norm] && strings.HasSuffix(t.norm, "ed") {
			after, before = before, 0 // "Kabul was bombed": Kabul suffered it
		}
		end := j + k
		j = end - 1
		if !hasRef {
			if !pressureCues[c.words[0]] {
				contrib[implicit] += implicitWeight * after
			}
			continue
		}
		// The nearest referent before the cue is its subject, the nearest
		// after it its object; "by X" makes X the subject, and "its own"
		// points back to the clause's first referent.
		sub := d.prevRef(cs, end-k)
		if sub >= 0 && end-k-1 > cs && (ownWords[toks[end-k-1].norm] || end-k-2 >= cs && ownWords[toks[end-k-2].norm]) {
			sub = first
		}
		word := c.words[0]
		switch {
		case sub >= 0 && underModal == sub:
			// "Pakistan should respect that": what follows the modal is
			// asked of the side, not credited to it.
		case sub >= 0 && nearCues[word] && end-k-sub > 3:
			// A deed needs its doer next to it: "Pakistan bombs", not
			// "Kabul's demand for an end to airstrikes".
		case sub >= 0 && after != 0:
			contrib[d.ref[sub]] += d.weigh(sub, end-k, after)
		}
		if pressureCues[word] && sub >= 0 {
			underModal = sub
		}
		if obj := d.nextRef(end, ce); obj >= 0 {
			w := before
			if obj > 0 && toks[obj-1].norm == "by" {
				w = agent
			}
			if sub >= 0 && blameCues[word] {
				w *= 0.3 // "Pakistan blames Kabul" reports a claim
			}
			if w != 0 {
				contrib[d.ref[obj]] += d.weigh(obj, end, w)
			}
		}
	}
	if pol != 0 {
		p := pol / math.Sqrt(pol*pol+15) // VADER's normalisation
		if hasRef {
			fs := d.ref[first]
			d.subjPol[fs] += p * d.refW[first]
			contrib[fs] += 0.5 * p * d.refW[first]
			seen := uint64(1) << uint(fs%64)
			for i := first + 1; i < ce; i++ {
				if s := d.ref[i]; s >= 0 && s != fs && seen&(1<<uint(s%64)) == 0 {
					seen |= 1 << uint(s%64)
					d.objPol[s] += p * d.refW[i]
				}
			}
		} else {
			d.subjPol[implicit] += implicitWeight * p
			contrib[implicit] += implicitWeight * 0.5 * p
		}
	}
	start, end := toks[cs].start, toks[ce-1].end
	for s, w := range contrib {
		if w == 0 {
			continue
		}
		d.direct[s] += w
		if w > 0 {
			d.pos[s] += w
		} else {
			d.neg[s] -= w
		}
		d.clauses = append(d.clauses, clauseEvidence{start: start, end: end, side: s, weight: w, both: clauseBoth})
	}
	if clauseBoth {
		d.clauses = append(d.clauses, clauseEvidence{start: start, end: end, side: -1, both: true})
	}
}

// twoNouns follow "two" in a both-sides cue: "two governments".
var twoNouns = setOf("governments", "sides", "capitals", "countries",
	"leaders", "delegations", "armies", "states", "nations", "parties", "peoples")

// weigh scales a cue weight for the referent at tok, dist tokens from the
// cue: pronouns count less, and far cues fade.
func (d *stanceDoc) weigh(tok, cueAt int, w float64) float64 {
	dist := tok - cueAt
	if dist < 0 {
		dist = -dist
	}
	return w * d.refW[tok] / (1 + 0.08*float64(max(0, dist-2)))
}

// prevRef returns the nearest referent token before j in the clause
// starting at cs, within 10 tokens, or -1.
func (d *stanceDoc) prevRef(cs, j int) int {
	for i := j - 1; i >= cs && j-i <= 10; i-- {
		if d.ref[i] >= 0 {
			return i
		}
	}
	return -1
}

// nextRef returns the nearest referent token at or after j and before ce,
// within 6 tokens, or -1.
func (d *stanceDoc) nextRef(j, ce int) int {
	for i := j; i < ce && i-j <= 6; i++ {
		if d.ref[i] >= 0 {
			return i
		}
	}
	return -1
}

// negated reports whether one of the three words before toks[j] (not
// before the clause start cs) negates it. A negation right after a modal
// ("should not shelter") does not turn the cue around.
func (d *stanceDoc) negated(cs, j int) bool {
	for i := j - 1; i >= cs && i >= j-3; i-- {
		t := &d.toks[i]
		if t.kind != tkWord {
			if t.isMention() {
				return false
			}
			continue
		}
		if t.isNeg() {
			if strings.HasPrefix(t.norm, "should") || strings.HasPrefix(t.norm, "must") {
				return false
			}
			if t.norm == "not" && i > cs && modalWords[d.toks[i-1].norm] {
				return false
			}
			return true
		}
	}
	return false
}

// matchCue returns the longest cue starting at toks[j] (words only, within
// the clause ending at ce) and the number of tokens it spans, or k == 0.
func matchCue(cs []cue, toks []token, j, ce int) (cue, int) {
next:
	for _, c := range cs {
		k := j
		for _, w := range c.words {
			if k >= ce || toks[k].kind != tkWord || toks[k].norm != w {
				continue next
			}
			k++
		}
		return c, k - j
	}
	return cue{}, 0
}

// computeSupport fills d.sup, the rule support for each side: its own
// evidence, plus a share of the evidence against the others (attacking one
// side supports the rest: 0.6 of it in a two-sided story, spread thinner
// with more sides).
func (d *stanceDoc) computeSupport() {
	var total float64
	for _, v := range d.direct {
		total += v
	}
	spread := 0.6 / float64(max(1, d.nSide-1))
	for s, v := range d.direct {
		d.sup[s] = v - spread*(total-v)
	}
	d.rule = d.ruleLabel()
}

// ruleLabel is the stance the rules alone give: the index of the favoured
// side, or -1 for balanced, -2 for none.
func (d *stanceDoc) ruleLabel() int {
	sup := d.sup
	best, second := -1, -1
	for s := range sup {
		switch {
		case best < 0 || sup[s] > sup[best]:
			best, second = s, best
		case second < 0 || sup[s] > sup[second]:
			second = s
		}
	}
	if best < 0 {
		return -2
	}
	lead := sup[best]
	if second >= 0 {
		lead -= sup[second]
	}
	credited := 0
	for s := range d.direct {
		if d.pos[s] >= 0.3 || d.neg[s] >= 0.3 {
			credited++
		}
	}
	switch {
	case sup[best] >= 0.5 && lead >= 0.5 && d.both == 0:
		return best
	case d.both > 0 || credited >= 2:
		return -1
	case sup[best] >= 0.3:
		return best
	}
	return -2
}
