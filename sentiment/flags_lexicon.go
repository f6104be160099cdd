package sentiment

import (
	_ "embed"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// The word lists of the flag rules, embedded from lexicon/flags_*.txt; each
// file's header says what it holds and how a line reads.

var (
	//go:embed lexicon/flags_profanity.txt
	profanityText string
	//go:embed lexicon/flags_insults.txt
	insultsText string
	//go:embed lexicon/flags_identity.txt
	identityText string
	//go:embed lexicon/flags_threat.txt
	threatText string
	//go:embed lexicon/flags_spam.txt
	spamText string
)

// phrase is one entry of a flag word list: its words as the tokenizer
// reads them ("*" is a gap of up to three words), a severity or weight, and
// a one-letter type (0 when the list has none).
type phrase struct {
	words []string
	sev   float64
	typ   byte
}

// phraseBook indexes a word list by first word, longest phrase first.
type phraseBook map[string][]phrase

// flagLexicon is every flag word list, parsed once.
type flagLexicon struct {
	profanity, insults, identity, threat, spam phraseBook
	// words indexes all the lists by first word, so that the scan looks
	// each token up once.
	words map[string]*lexWord
	// stars holds the one-word profanities by length, for obfuscated
	// spellings: "f**k" matches an entry of length 4 starting with f.
	stars map[int][]phrase
	// starsByRank is every list of stars in one slice, in the same order.
	starsByRank []phrase
}

// Indexes of lexWord.books.
const (
	bProfanity = iota
	bInsult
	bIdentity
	bThreat
	bSpam
	numBooks
)

// lexWord holds, for one word, the phrases of each list that start with it.
type lexWord struct {
	books [numBooks][]phrase
}

var flagLex = sync.OnceValue(func() *flagLexicon {
	lx := &flagLexicon{
		profanity: parsePhraseBook("flags_profanity.txt", profanityText, 0.5),
		insults:   parsePhraseBook("flags_insults.txt", insultsText, 0.65),
		identity:  parsePhraseBook("flags_identity.txt", identityText, 0.85),
		threat:    parsePhraseBook("flags_threat.txt", threatText, 0.9),
		spam:      parsePhraseBook("flags_spam.txt", spamText, 0.3),
		stars:     map[int][]phrase{},
		words:     map[string]*lexWord{},
	}
	for b, book := range [numBooks]phraseBook{lx.profanity, lx.insults, lx.identity, lx.threat, lx.spam} {
		for k, ps := range book {
			w := lx.words[k]
			if w == nil {
				w = &lexWord{}
				lx.words[k] = w
			}
			w.books[b] = ps
		}
	}
	for _, ps := range lx.profanity {
		for _, p := range ps {
			if len(p.words) == 1 && utf8.RuneCountInString(p.words[0]) >= 3 {
				n := utf8.RuneCountInString(p.words[0])
				lx.stars[n] = append(lx.stars[n], p)
			}
		}
	}
	// The map above has no order; an obfuscated word that could spell two
	// words ("f**": fck or ffs) must read the same in every process: the
	// more severe reading, as a moderator would rather see it.
	byRank := func(ps []phrase) {
		sort.Slice(ps, func(i, j int) bool {
			if ps[i].sev != ps[j].sev {
				return ps[i].sev > ps[j].sev
			}
			return ps[i].words[0] < ps[j].words[0]
		})
	}
	for _, ps := range lx.stars {
		byRank(ps)
		lx.starsByRank = append(lx.starsByRank, ps...)
	}
	byRank(lx.starsByRank)
	return lx
})

// parsePhraseBook reads a word list: one entry a line, '#' comments, the
// phrase first, then optionally a number (severity, default def) and a
// one-letter upper-case type, in either order. Phrases are tokenized as
// texts are, so "f's" and "$$$" match what the tokenizer makes of them. A
// line with no phrase is a programming error in an embedded file and
// panics; the tests load every list.
func parsePhraseBook(name, text string, def float64) phraseBook {
	book := phraseBook{}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		p := phrase{sev: def}
		for len(f) > 1 {
			last := f[len(f)-1]
			if v, err := strconv.ParseFloat(last, 64); err == nil {
				p.sev = v
			} else if len(last) == 1 && 'A' <= last[0] && last[0] <= 'Z' {
				p.typ = last[0]
			} else {
				break
			}
			f = f[:len(f)-1]
		}
		for _, t := range tokenizeWith(strings.Join(f, " "), nil, nil, nil, nil) {
			p.words = append(p.words, t.norm)
		}
		if len(p.words) == 0 {
			panic(name + ":" + strconv.Itoa(n+1) + ": no phrase")
		}
		k := p.words[0]
		book[k] = append(book[k], p)
	}
	for k, ps := range book {
		for i := 1; i < len(ps); i++ {
			for j := i; j > 0 && len(ps[j].words) > len(ps[j-1].words); j-- {
				ps[j], ps[j-1] = ps[j-1], ps[j]
			}
		}
		book[k] = ps
	}
	return book
}

// match returns the longest entry of b that starts at toks[j] and ends by
// toks[end-1], and the index after its last token; ok is false when none
// does. Only entries of a type in types match, or any when types is "".
func (b phraseBook) match(toks []token, j, end int, types string) (phrase, int, bool) {
	return matchPhrases(b[toks[j].norm], toks, j, end, types)
}

// matchPhrases is phraseBook.match over ps, the entries for toks[j].
func matchPhrases(ps []phrase, toks []token, j, end int, types string) (phrase, int, bool) {
	for _, p := range ps {
		if types != "" && strings.IndexByte(types, p.typ) < 0 {
			continue
		}
		if e := matchWords(p.words[1:], toks, j+1, end); e >= 0 {
			return p, e, true
		}
	}
	return phrase{}, 0, false
}

// matchWords matches ws against toks from k, with "*" a gap of zero to
// three tokens, and returns the index after the match or -1.
func matchWords(ws []string, toks []token, k, end int) int {
	if len(ws) == 0 {
		return k
	}
	if ws[0] == "*" {
		for g := 0; g <= 3 && k+g <= end; g++ {
			if e := matchWords(ws[1:], toks, k+g, end); e >= 0 {
				return e
			}
		}
		return -1
	}
	if k >= end || toks[k].norm != ws[0] {
		return -1
	}
	return matchWords(ws[1:], toks, k+1, end)
}

// deobfuscate returns the forms an obfuscated word may stand for: digits
// as look-alike letters ("sh1t"), stretched letters squeezed to two and to
// one ("fuuuck"); nil when w is plain.
func deobfuscate(w string) []string {
	letters, digits := false, false
	run, maxRun := 0, 0
	var prev rune
	for _, r := range w {
		switch {
		case '0' <= r && r <= '9':
			digits = true
		case r != '*':
			letters = true
		}
		if r == prev {
			run++
		} else {
			run = 1
		}
		maxRun = max(maxRun, run)
		prev = r
	}
	if !letters || !digits && maxRun < 3 {
		return nil
	}
	squeeze := func(keep int) string {
		var b strings.Builder
		var prev rune
		run := 0
		for _, r := range w {
			switch r {
			case '0':
				r = 'o'
			case '1':
				r = 'i'
			case '3':
				r = 'e'
			case '4':
				r = 'a'
			case '5':
				r = 's'
			case '7':
				r = 't'
			}
			if r == prev {
				run++
			} else {
				run = 1
			}
			prev = r
			if run <= keep || maxRun < 3 {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	two, one := squeeze(2), squeeze(1)
	if two == one {
		return []string{two}
	}
	return []string{two, one}
}

// starMatch returns the profanity that an obfuscated word with '*' spells
// ("f***ing", "sh*t"): same length, same first letter, every other letter
// equal or starred.
func (lx *flagLexicon) starMatch(w string) (phrase, bool) {
	if !strings.ContainsRune(w, '*') || w[0] == '*' {
		return phrase{}, false
	}
	n := utf8.RuneCountInString(w)
	for _, p := range lx.stars[n] {
		if starEqual(w, p.words[0]) {
			return p, true
		}
	}
	// A long run of stars may hide any number of letters: "ma********d"
	// is madarchod if the letters around it agree and leave at least one
	// letter hidden.
	a, b := strings.Index(w, "***"), strings.LastIndexByte(w, '*')
	if a < 0 {
		return phrase{}, false
	}
	pre, suf := w[:a], w[b+1:]
	if len(pre) < 2 || len(suf) < 1 || strings.ContainsRune(pre, '*') {
		return phrase{}, false
	}
	for _, p := range lx.starsByRank {
		x := p.words[0]
		if len(x) > len(pre)+len(suf) && strings.HasPrefix(x, pre) && strings.HasSuffix(x, suf) {
			return p, true
		}
	}
	return phrase{}, false
}

func starEqual(w, word string) bool {
	i := 0
	for _, r := range word {
		c, size := utf8.DecodeRuneInString(w[i:])
		if c != '*' && c != r {
			return false
		}
		i += size
	}
	return i == len(w)
}
