package sentiment

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// This file is the one pass over a text that the stance and flag rules
// share: words (lower case), punctuation, emoji and story mentions as
// tokens, each with its sentence and clause and whether it stands inside
// quotation marks.

// tokKind is what a token is.
type tokKind uint8

const (
	tkWord   tokKind = iota // letters and digits, with inner apostrophes and '*'
	tkPunct                 // one punctuation rune
	tkSymbol                // an emoji or other symbol
	tkSide                  // a mention of a story side (group = side index)
	tkParty                 // a mention of a story party (group = party index)
)

// token is one unit of a text for the rule passes (64 bytes).
type token struct {
	start, end int    // byte span in the text
	norm       string // lower case, ’ as '; for punctuation the rune itself
	hash       uint64 // fnv64(norm) of a word or mention, else 0
	group      int16  // side or party index of a mention, else -1
	kind       tokKind
	quoted     bool      // inside quotation marks
	upper      bool      // starts with an upper-case letter
	odd        bool      // may be an obfuscated word (see wordEnd)
	info       *ruleWord // what the rules know of the word, or nil
	sent       int32     // sentence index
	clause     int32     // clause index, increasing through the text
}

// tokenPool recycles token slices between texts: Analyze takes one for
// all its steps (pooledTokens) and gives it back when done.
var tokenPool = sync.Pool{New: func() any { b := make([]token, 0, 128); return &b }}

// pooledTokens returns the tokens of text, whose mentions of a's story
// are ms (Story.Mentions), in a slice from tokenPool; putTokens gives it
// back.
func (a *Analyzer) pooledTokens(text string, ms []Mention) *[]token {
	bp := tokenPool.Get().(*[]token)
	*bp = tokenize(text, a.story, ms, (*bp)[:0])
	return bp
}

// putTokens gives bp, from pooledTokens, back to tokenPool.
func putTokens(bp *[]token) {
	clear(*bp)
	*bp = (*bp)[:0]
	tokenPool.Put(bp)
}

// isMention reports whether t is a mention of a side or a party.
func (t *token) isMention() bool { return t.kind == tkSide || t.kind == tkParty }

// clauseWords end the clause before them: "X is right, but Y has a point".
var clauseWords = []string{"but", "yet", "however", "while", "although",
	"though", "whereas", "whilst", "meanwhile", "lekin", "magar", "لیکن", "مگر"}

// tokenize splits text into tokens. ms are the story mentions in text (from
// Story.Mentions, may be nil); each becomes one tkSide or tkParty token
// whose norm is the mention in lower case. It never fails; text that is not
// UTF-8 is read rune by rune as utf8 decodes it. buf, if not nil, is reused
// for the result.
//
// Sentences are found here too, more simply than splitSentences (which the
// rules would otherwise pay for twice): a sentence ends after . ! ? or …
// (and any closing quotes) before an upper-case word, a digit or a symbol,
// or after ! ? … before anything; a full stop after a single letter or a
// title ("Mr.") does not end one; a line break ends one unless a lower-case
// word follows.
func tokenize(text string, s *Story, ms []Mention, buf []token) []token {
	return tokenizeWith(text, s, ms, buf, ruleWords())
}

// tokenizeWith is tokenize with the word table infos (nil: none, for
// reading the word lists that the table is built from).
func tokenizeWith(text string, s *Story, ms []Mention, buf []token, infos *wordTable[*ruleWord]) []token {
	toks := buf[:0]
	var lowBuf [32]byte
	mi := 0
	var clause, sent int32
	endPending := 0 // 1 after a full stop, 2 after ! ? …
	nlPending := false
	inDouble, inSingle := false, false
	openAt := -1 // token index where the open quote began, or -1
	prevWordEnd := false
	push := func(t token) {
		if n := len(toks); n > 0 {
			newSent := false
			switch {
			case endPending > 0 && t.kind == tkPunct && (isTerminator(rune(t.norm[0])) || t.norm == "…" || isCloserText(t.norm)):
				// still closing the sentence
			case endPending > 0:
				newSent = endPending == 2 || t.upper || t.kind != tkWord || t.norm[0] >= '0' && t.norm[0] <= '9'
				endPending = 0
			}
			if nlPending {
				newSent = newSent || !(t.kind == tkWord && !t.upper && toks[n-1].norm != ".")
				nlPending = false
			}
			p := &toks[n-1]
			switch {
			case newSent:
				sent++
				clause++
			case p.kind == tkPunct && isClausePunct(p.norm):
				clause++
			case t.kind == tkWord && t.info != nil && t.info.cls&wcClause != 0:
				clause++
			}
		}
		t.sent = sent
		t.clause = clause
		t.quoted = inDouble || inSingle
		toks = append(toks, t)
	}
	for i := 0; i < len(text); {
		if mi < len(ms) && ms[mi].Start <= i {
			m := ms[mi]
			mi++
			if m.Start < i {
				continue // overlaps what we already read
			}
			r, _ := utf8.DecodeRuneInString(text[m.Start:])
			t := token{start: m.Start, end: m.End, kind: tkParty, group: -1, upper: unicode.IsUpper(r)}
			// The flag rules read a mention as the word(s) it is.
			t.norm, t.info, t.hash = normWord(text[m.Start:m.End], infos, lowBuf[:0])
			if idx := groupIndex(s, m); idx >= 0 {
				t.group = int16(idx)
				if m.Side {
					t.kind = tkSide
				}
			}
			push(t)
			i = m.End
			prevWordEnd = true
			// A possessive after the mention becomes its own token.
			if j := possessiveAt(text, i); j > i {
				push(token{start: i, end: j, norm: "'s", hash: hashPossessive, kind: tkWord, group: -1})
				i = j
			}
			continue
		}
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		switch {
		case isWordRune(r):
			end, odd := wordEnd(text, i, nextMentionStart(ms, mi))
			t := token{start: i, end: end, kind: tkWord, group: -1, odd: odd}
			t.norm, t.info, t.hash = normWord(text[i:end], infos, lowBuf[:0])
			t.upper = r < utf8.RuneSelf && 'A' <= r && r <= 'Z' || r >= utf8.RuneSelf && unicode.IsUpper(r)
			// Split a possessive 's off a word: "country's" -> country 's.
			if w := t.norm; len(w) > 2 && w[len(w)-2] == '\'' && w[len(w)-1] == 's' {
				cut := strings.LastIndexAny(text[i:end], "'’")
				t.end = i + cut
				t.norm, t.info, t.hash = normWord(text[i:t.end], infos, lowBuf[:0])
				push(t)
				push(token{start: t.end, end: end, norm: "'s", hash: hashPossessive, kind: tkWord, group: -1})
			} else {
				push(t)
			}
			i = end
			prevWordEnd = true
			continue
		case r == ' ' || unicode.IsSpace(r): // most often a space: no call
			if r == '\n' {
				nlPending = true
			}
			i += size
			prevWordEnd = false
			continue
		}
		// Quotation marks: straight double quotes toggle; curly ones open
		// and close; a single quote opens before a word and closes after one.
		next, _ := utf8.DecodeRuneInString(text[i+size:])
		switch r {
		case '"':
			if inDouble {
				inDouble = false
				openAt = -1
			} else {
				inDouble = true
				openAt = len(toks)
			}
		case '“', '«', '„':
			inDouble = true
			openAt = len(toks)
		case '”', '»':
			inDouble = false
			openAt = -1
		case '‘':
			inSingle = true
			openAt = len(toks)
		case '\'', '’':
			switch {
			case !prevWordEnd && isWordRune(next) && !inSingle:
				inSingle = true
				openAt = len(toks)
			case inSingle && !isWordRune(next):
				inSingle = false
				openAt = -1
			}
		}
		kind := tkPunct
		if r >= 0x2190 && (unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r) || r >= 0x1F000) {
			kind = tkSymbol
		}
		t := token{start: i, end: i + size, norm: text[i : i+size], kind: kind, group: -1}
		// The close of a quotation belongs inside it.
		push(t)
		switch {
		case r == '.':
			if endPending == 0 && !abbreviationBefore(toks) {
				endPending = 1
			}
		case r == '!' || r == '?' || r == '…':
			endPending = 2
		}
		i += size
		prevWordEnd = false
	}
	// An unclosed quote is more likely a stray mark than a quotation that
	// runs to the end: nothing after it counts as quoted.
	if openAt >= 0 {
		for k := openAt; k < len(toks); k++ {
			toks[k].quoted = false
		}
	}
	return toks
}

// hashPossessive is the hash of the possessive token "'s".
var hashPossessive = fnv64("'s")

// normWord returns the lower-case form of word w (typographic apostrophes
// as ASCII), its entry in infos, if any, and its fnv64. A word found in
// infos gets the table's own string, so the common capitalised words
// ("The", "But") cost no allocation; buf is scratch space.
func normWord(w string, infos *wordTable[*ruleWord], buf []byte) (string, *ruleWord, uint64) {
	// Hash w as it is read: most words are plain lower-case ASCII.
	h := uint64(fnvOffset) // fnv64
	plain := true
	for k := 0; k < len(w); k++ {
		c := w[k]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			plain = false
			break
		}
		h ^= uint64(c)
		h *= fnvPrime
	}
	if plain {
		return w, infos.lookup(h, w), h
	}
	ascii := true
	h = fnvOffset
	for k := 0; k < len(w) && k < cap(buf); k++ {
		c := w[k]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
		h ^= uint64(c)
		h *= fnvPrime
	}
	if ascii && len(buf) == len(w) {
		if info := infos.lookupBytes(h, buf); info != nil {
			return info.word, info, h
		}
		return string(buf), nil, h
	}
	low := strings.ReplaceAll(strings.ToLower(w), "’", "'")
	h = fnv64(low)
	return low, infos.lookup(h, low), h
}

// lookup returns the entry of w, whose fnv64 is h, or nil; t may be nil
// (no table).
func (t *wordTable[V]) lookup(h uint64, w string) V {
	var v V
	if t != nil {
		v, _ = t.get(h, w)
	}
	return v
}

// lookupBytes is lookup for a word in a byte slice, without building a
// string.
func (t *wordTable[V]) lookupBytes(h uint64, w []byte) V {
	var zero V
	if t == nil {
		return zero
	}
	h = max(h, 1)
	for i := slotOf(h, t.shift); ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		switch s.hash {
		case h:
			if t.isBytes(s, w) {
				return s.val
			}
		case 0:
			return zero
		}
	}
}

// abbreviationBefore reports whether the full stop just pushed (the last
// token) ends an abbreviation: a single letter ("U.S.", "J.") or a title.
func abbreviationBefore(toks []token) bool {
	n := len(toks)
	if n < 2 {
		return false
	}
	p := &toks[n-2]
	if p.kind != tkWord || p.end != toks[n-1].start {
		return false
	}
	return utf8.RuneCountInString(p.norm) == 1 || titles[p.norm] || inSentence[p.norm]
}

// isCloserText reports whether s starts with a closing quote or bracket.
func isCloserText(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isCloser(r)
}

// nextMentionStart returns where the next mention starts, or -1.
func nextMentionStart(ms []Mention, mi int) int {
	if mi < len(ms) {
		return ms[mi].Start
	}
	return -1
}

// wordEnd returns the end of the word starting at text[i]: letters, digits
// and marks, with apostrophes between letters ("don't"), hyphens between
// them ("face-saving") and '*' after a letter ("f**k", "sh*t"). It stops at
// stop (a mention) when stop > i. odd reports a word that may be an
// obfuscated one: with a '*', with letters and digits, or with a letter
// three times in a row ("fuuuck").
func wordEnd(text string, i, stop int) (end int, odd bool) {
	j := i
	lastLetter := j
	var kinds uint8 // wordByteKind bits seen: letters, digits
	var prev rune
	run := 0
	lim := len(text) // the word stops at stop
	if stop > i {
		lim = min(lim, stop)
	}
	for j < lim {
		// Fast path: a run of ASCII letters and digits.
		if c := text[j]; wordByteKind[c] != 0 && rune(c) != prev {
			k := j
			var p1, p2 byte // the two bytes before text[k] in this run
			for k < lim {
				c := text[k]
				kc := wordByteKind[c]
				if kc == 0 {
					break
				}
				kinds |= kc
				if c == p1 && c == p2 {
					odd = true
				}
				p2, p1 = p1, c
				k++
			}
			prev, run = rune(p1), 1
			if p2 == p1 {
				run = 2
			}
			j, lastLetter = k, k
			// Most words end here: at the limit, or before an ASCII
			// byte that no case below continues the word with.
			if k == lim {
				break
			}
			if c := text[k]; c < utf8.RuneSelf && c != '*' && c != '-' && c != '\'' {
				break
			}
			continue
		}
		r, size := rune(text[j]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[j:])
		}
		if r == prev {
			run++
			if run >= 3 {
				odd = true
			}
		} else {
			prev, run = r, 1
		}
		switch {
		case isWordRune(r):
			if '0' <= r && r <= '9' {
				kinds |= wkDigit
			} else {
				kinds |= wkLetter
			}
			j += size
			lastLetter = j
			continue
		case r == '*' && j > i:
			odd = true
			j += size
			continue
		case r == '-' || r == '‐' || r == '‑':
			next, _ := utf8.DecodeRuneInString(text[j+size:])
			if j > i && j == lastLetter && isWordRune(next) {
				j += size
				continue // face-saving, be-ghairat
			}
		case r == '\'' || r == '’':
			next, _ := utf8.DecodeRuneInString(text[j+size:])
			if j > i && isWordRune(next) {
				j += size
				continue
			}
		}
		break
	}
	// Keep trailing stars only on a short stem ("f***", "sh*"), not on a
	// footnote mark ("word*").
	if j > lastLetter && lastLetter-i > 2 {
		j = lastLetter
	}
	return j, odd || kinds == wkLetter|wkDigit
}

// Kinds of word bytes, for wordEnd.
const (
	wkLetter uint8 = 1 << iota
	wkDigit
)

// wordByteKind is wkLetter for the ASCII letters, wkDigit for the digits
// and 0 for every other byte.
var wordByteKind = func() (t [256]uint8) {
	for c := range t {
		switch {
		case '0' <= c && c <= '9':
			t[c] = wkDigit
		case asciiWord[c&0x7f] && c < utf8.RuneSelf:
			t[c] = wkLetter
		}
	}
	return t
}()

// possessiveAt returns the end of "'s" or "’s" (or a bare apostrophe after
// a plural) at text[i], or i.
func possessiveAt(text string, i int) int {
	r, size := utf8.DecodeRuneInString(text[i:])
	if r != '\'' && r != '’' {
		return i
	}
	j := i + size
	if j < len(text) && (text[j] == 's' || text[j] == 'S') {
		if k := j + 1; k == len(text) || !isWordRune(rune(text[k])) {
			return k
		}
		return i
	}
	return i
}

// isClausePunct reports whether punctuation p ends a clause.
func isClausePunct(p string) bool {
	switch p {
	case ",", ";", ":", "(", ")", "—", "–", "-", "…", "،", "؛":
		return true
	}
	return false
}

// groupIndex returns the index of m's group among s's sides (m.Side) or
// parties, or -1.
func groupIndex(s *Story, m Mention) int {
	if s == nil {
		return -1
	}
	gs := s.Parties
	if m.Side {
		gs = s.Sides
	}
	for k := range gs {
		if gs[k].ID == m.Group {
			return k
		}
	}
	return -1
}

// negators flip the cue or polarity word after them.
var negators = setOf("not", "no", "never", "hardly", "nobody", "nothing",
	"neither", "nor", "without", "isn't", "aren't", "wasn't", "weren't",
	"don't", "doesn't", "didn't", "can't", "cannot", "won't", "wouldn't",
	"shouldn't", "couldn't", "hasn't", "haven't", "hadn't", "ain't", "nahi",
	"nahin", "na", "mat", "barely", "scarcely", "nowhere", "none")

// isNeg reports whether token t is a word that negates what follows.
func (t *token) isNeg() bool {
	if t.kind != tkWord {
		return false
	}
	if t.info != nil {
		return t.info.cls&wcNegator != 0
	}
	return strings.HasSuffix(t.norm, "n't")
}

// ruleWord is what the rule passes know about one lower-case word: found
// with one map lookup per word by the tokenizer.
type ruleWord struct {
	word string   // the word itself
	cls  uint16   // wc* bits
	cues []cue    // stance cues starting with the word
	flag *lexWord // flag word-list entries starting with the word
	lex  float64  // govader's valence of word, 0 when it has none
}

// valence returns govader's valence of the word w is about, 0 for nil.
// The word table holds every word of govader's lexicon, so a word token
// without an entry has no valence.
func (w *ruleWord) valence() float64 {
	if w == nil {
		return 0
	}
	return w.lex
}

// Bits of ruleWord.cls.
const (
	wcClause      uint16 = 1 << iota // ends the clause before it
	wcNegator                        // negates what follows
	wcBackPronoun                    // may point back to a side
	wcBoth                           // a both-sides cue
	wcSecond                         // speaks to "you"
	// The flag rules' word lists, read from the token's entry instead of
	// one map lookup per word.
	wcGroupMarker     // groupMarkers
	wcCopula          // copulas
	wcReport          // reportWords
	wcPredicate       // predicateWords
	wcPersonNoun      // personNouns
	wcModalDuty       // modalDuty
	wcFirstPersonWill // firstPersonWill
	wcFirstPerson     // firstPerson
)

// classWords are the word lists marked in the word table by a wc* bit, so
// that a rule asks the token (token.is) instead of the list.
var classWords = []struct {
	set map[string]bool
	bit uint16
}{
	{negators, wcNegator}, {backPronouns, wcBackPronoun}, {bothWords, wcBoth}, {secondPerson, wcSecond},
	{groupMarkers, wcGroupMarker}, {copulas, wcCopula}, {reportWords, wcReport}, {predicateWords, wcPredicate},
	{personNouns, wcPersonNoun}, {modalDuty, wcModalDuty}, {firstPersonWill, wcFirstPersonWill},
	{firstPerson, wcFirstPerson},
}

// is reports whether t is a word (or mention) of the word list of bit (a
// wc* bit): no token outside the word table is in a list (every list word
// is in it, and tokens are looked up by their norm).
func (t *token) is(bit uint16) bool { return t.info != nil && t.info.cls&bit != 0 }

// ruleWords is the word table, built once from the word lists of this
// package and govader's lexicon.
var ruleWords = sync.OnceValue(func() *wordTable[*ruleWord] {
	m := make(map[string]*ruleWord, 9000)
	get := func(w string) *ruleWord {
		i := m[w]
		if i == nil {
			i = &ruleWord{word: w}
			m[w] = i
		}
		return i
	}
	mark := func(words map[string]bool, bit uint16) {
		for w := range words {
			get(w).cls |= bit
		}
	}
	for _, w := range clauseWords {
		get(w).cls |= wcClause
	}
	// govader's lexicon (that of every Analyzer: sharedVADER), for the
	// clause polarity of the stance rules. No word of it ends in "n't",
	// which isNeg reads only for words without an entry.
	for w, v := range sharedVADER().Lexicon {
		get(w).lex = v
	}
	for _, c := range classWords {
		mark(c.set, c.bit)
	}
	for w, cs := range stanceCues() {
		get(w).cues = cs
	}
	lx := flagLex()
	for w, lw := range lx.words {
		get(w).flag = lw
	}
	// Every word of every phrase, so that the tokens that phrases and rules
	// compare with have their canonical lower-case form.
	for _, book := range []phraseBook{lx.profanity, lx.insults, lx.identity, lx.threat, lx.spam} {
		for _, ps := range book {
			for _, p := range ps {
				for _, w := range p.words {
					get(w)
				}
			}
		}
	}
	for _, cs := range stanceCues() {
		for _, c := range cs {
			for _, w := range c.words {
				get(w)
			}
		}
	}
	for _, set := range []map[string]bool{passiveAux, modalWords, ownWords, pressureCues, twoNouns, nearCues, blameCues,
		predicateWords, personNouns, pronounS, groupMarkers, copulas, modalDuty, firstPersonWill,
		reportWords, openers, objectWords, firstPerson} {
		for w := range set {
			get(w)
		}
	}
	for _, w := range []string{"each", "either", "side", "other", "by", "the", "and", "of", "one", "no", "be", "get",
		"will", "shall", "want", "wanna", "gonna", "going", "let", "us", "nation", "country", "qaum", "peoples", "race",
		"yeh", "ye", "them", "they", "any", "every", "anyone", "anybody", "whoever", "agar", "'s", "'re", "hai", "hain",
		"ho", "tu", "hay", "ha", "bloody", "bc", "mc", "deserve", "deserves", "deserved", "not"} {
		get(w)
	}
	t := newWordTable[*ruleWord](len(m))
	for w, info := range m {
		t.put(w, info)
	}
	return t
})
