package sentiment

import (
	"cmp"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The tests in this file check the faster forms of Analyze's steps
// against plain ones: each must give exactly the same result.

// trickyTexts are short texts that exercise the byte-level fast paths:
// case, apostrophes, digits, scripts, marks, emoji, invalid UTF-8.
var trickyTexts = []string{
	"", " ", "a", "A", "isn't", "ISN'T it", "don’t", "l'Afghan's", "covid19 x2", "U.S. and U.N.",
	"Kabul's TTP-backed  group", "Crème brûlée, Ürümqi", "naïve café", "e\u0301te\u0301",
	"پاکستان زندہ باد Kabul", "Это ужасно плохо", "yeh hukumat bilkul nakam hai, yaar",
	"😀😀 great!!!", "\xff\xfeabc", "ab\xffcd", "'quoted' \"words\"", "end.", "Mr. Smith went... home",
	"ALL CAPS HERE", "x'-y", "a-b-c d--e", "’’’", "O'Neill O’Neill", "straße STRASSE", "ǅemal ǈ",
	"İstanbul TÜRKİYE", "\u00a0non\u2028breaking\u3000spaces", "tab\tand\nnewline\r\n",
}

// testTexts are the labelled comments and trickyTexts.
func testTexts(t *testing.T) []string {
	return append(slices.Clip(labelledTexts(t)), trickyTexts...)
}

// detectLanguageRef is detectLanguage as it was before its ASCII fast
// path: every rune decoded, every Latin word hashed by classOf.
func detectLanguageRef(text string) langInfo {
	var (
		words, english, enFunc, ur, ps, other, readableUr int
		urScript, psScript, faScript, arScript            int
		latinLetters, otherLetters                        int
	)
	classes := wordClasses()
	word := func(w string, script rune) {
		words++
		switch script {
		case 'l':
			c := classOf(classes, w)
			switch {
			case c&wcUrdu != 0:
				ur++
				if c&wcNews != 0 {
					readableUr++
				}
			case c&wcPashto != 0:
				ps++
			default:
				english++
				if c&wcEnglish != 0 {
					enFunc++
				}
			}
		case 'a':
			switch arabicScriptLang(w) {
			case LangPashto:
				psScript++
			case LangUrdu:
				urScript++
			case LangPersian:
				faScript++
			default:
				arScript++
			}
		default:
			other++
		}
	}
	start, script := -1, rune(0)
	for i, r := range text {
		if r < 0x80 && !asciiWord[r] || '0' <= r && r <= '9' {
			// ASCII non-letter: fall through to the word break below.
		} else if r < 0x80 {
			latinLetters++
			if start < 0 {
				start, script = i, 'l'
			} else if script != 'l' {
				word(text[start:i], script)
				start, script = i, 'l'
			}
			continue
		} else if unicode.IsLetter(r) || unicode.IsMark(r) && start >= 0 {
			s := 'o'
			switch {
			case unicode.Is(unicode.Latin, r):
				s = 'l'
				latinLetters++
			case unicode.Is(unicode.Arabic, r):
				s = 'a'
				otherLetters++
			case unicode.IsMark(r):
				s = script
			default:
				otherLetters++
			}
			if start < 0 {
				start, script = i, s
			} else if s != script && !unicode.IsMark(r) {
				word(text[start:i], script)
				start, script = i, s
			}
			continue
		}
		if (r == '\'' || r == '’') && start >= 0 {
			continue // isn't
		}
		if start >= 0 {
			word(text[start:i], script)
			start = -1
		}
	}
	if start >= 0 {
		word(text[start:], script)
	}
	if words == 0 {
		return langInfo{code: LangUnknown}
	}
	if otherLetters > latinLetters {
		// Mostly another script.
		arabic := urScript + psScript + faScript + arScript
		if arabic*2 < words {
			return langInfo{code: LangUnknown}
		}
		code := LangArabic
		switch {
		case psScript > 0:
			code = LangPashto
		case urScript > 0:
			code = LangUrdu
		case faScript > 0:
			code = LangPersian
		}
		return langInfo{code: mixCode(code, arabic, LangEnglish, english, words), readable: float64(english) / float64(words)}
	}
	ur += urScript
	ps += psScript
	if english >= 6 && enFunc == 0 && ur+ps < 2 {
		return langInfo{code: LangUnknown}
	}
	readable := float64(english+readableUr) / float64(words)
	counts := []struct {
		code string
		n    int
	}{{LangEnglish, english}, {LangUrdu, ur}, {LangPashto, ps}}
	first, second := 0, -1
	for i := 1; i < len(counts); i++ {
		if counts[i].n > counts[first].n {
			first = i
		}
	}
	for i := range counts {
		if i != first && (second < 0 || counts[i].n > counts[second].n) {
			second = i
		}
	}
	return langInfo{code: mixCode(counts[first].code, counts[first].n, counts[second].code, counts[second].n, words), readable: readable}
}

// TestDetectLanguageFastPath checks detectLanguage against
// detectLanguageRef.
func TestDetectLanguageFastPath(t *testing.T) {
	texts := testTexts(t)
	// And every text cut at every byte of its first 40, to split runes
	// and words.
	for _, text := range trickyTexts {
		for i := range min(len(text), 40) {
			texts = append(texts, text[:i], text[i:])
		}
	}
	for _, text := range texts {
		if got, want := detectLanguage(text), detectLanguageRef(text); got != want {
			t.Errorf("detectLanguage(%q) = %+v, reference %+v", text, got, want)
		}
	}
}

// TestWordTableKeys checks the inline and the long keys of a wordTable.
func TestWordTableKeys(t *testing.T) {
	words := []string{"a", "fifteen-letters", "sixteen-letters!", "a much longer word than a slot holds", "é", ""}
	tb := newWordTable[int](len(words))
	for i, w := range words {
		tb.put(w, i+1)
	}
	tb.put("a", 7) // replaces
	for i, w := range words {
		want := i + 1
		if w == "a" {
			want = 7
		}
		if got, ok := tb.get(fnv64(w), w); !ok || got != want {
			t.Errorf("get(%q) = %d, %v; want %d", w, got, ok, want)
		}
		if got := tb.lookupBytes(fnv64(w), []byte(w)); got != want {
			t.Errorf("lookupBytes(%q) = %d, want %d", w, got, want)
		}
	}
	for _, w := range []string{"b", "fifteen-letterz", "sixteen-letters?", "a much longer word than a slot hold"} {
		if _, ok := tb.get(fnv64(w), w); ok {
			t.Errorf("get(%q) found a word never put", w)
		}
	}
	// A word under another word's hash is not found.
	if _, ok := tb.get(fnv64("a"), "b"); ok {
		t.Error("get found a word under another's hash")
	}
}

// TestMarkNearRefs checks markNearRefs against its definition.
func TestMarkNearRefs(t *testing.T) {
	a := NewAnalyzer(seedStory(t))
	for _, text := range testTexts(t) {
		d := a.buildStanceDoc(text, a.story.Mentions(text))
		got := markNearRefs(nil, d.toks, d.ref)
		for i := range d.toks {
			want := false
			for j := max(0, i-4); j <= i+4 && j < len(d.toks); j++ {
				want = want || d.ref[j] >= 0 && d.toks[j].clause == d.toks[i].clause
			}
			if got[i] != want {
				t.Fatalf("%q: token %d near = %v, want %v", text, i, got[i], want)
			}
		}
		d.release()
	}
}

// TestScoreLowPlain checks that scoreLowPlain, told a text is plain ASCII,
// scores it as scoreLow does.
func TestScoreLowPlain(t *testing.T) {
	rb := sharedRules()
	for _, text := range testTexts(t) {
		for _, sp := range splitSentences(text) {
			s := text[sp.start:sp.end]
			if !isPlainASCII(s) {
				continue
			}
			var d1, d2 []ruleDriver
			r1 := rb.scoreLow(s, lowerSameLen(s), &d1)
			r2 := rb.scoreLowPlain(s, lowerSameLen(s), true, &d2)
			if r1 != r2 || !reflect.DeepEqual(d1, d2) {
				t.Errorf("%q: scoreLowPlain %+v %v, scoreLow %+v %v", s, r2, d2, r1, d1)
			}
		}
	}
}

// TestAddTokenFeatures checks addTokenFeatures against appendFeatures and
// addFeatures: the same sums and the same driver candidates.
func TestAddTokenFeatures(t *testing.T) {
	m := BuiltinModel()
	story := seedStory(t)
	var sc sentScratch
	for _, text := range testTexts(t) {
		toks := tokenizeFeatures(text, story, nil)
		var f1, f2 spanFeatures
		var top1, top2 topCands
		m.addFeatures(&f1, toks, appendFeatures(toks, nil, &sc.cw), &top1, 0)
		m.addTokenFeatures(&f2, toks, &sc.cw, &top2, 0)
		if f1 != f2 || top1 != top2 {
			t.Errorf("%q: addTokenFeatures %+v, addFeatures %+v", text, f2, f1)
		}
	}
}

// addFeatures, the reference for addTokenFeatures, adds the weights of
// feats (over toks) to f; with top, it
// offers every feature that moves the positive-minus-negative logit by
// 0.05 or more as a driver of sentence k.
func (m *Model) addFeatures(f *spanFeatures, toks []featToken, feats []feature, top *topCands, k int) {
	for _, ft := range feats {
		f.n += ft.w
		fs, ok := m.feats.get(ft.h)
		if !ok {
			continue
		}
		w := &fs.w
		f.sum[0] += ft.w * float64(w[0])
		f.sum[1] += ft.w * float64(w[1])
		f.sum[2] += ft.w * float64(w[2])
		if top == nil {
			continue
		}
		if d := ft.w * float64(w[classPos]-w[classNeg]); math.Abs(d) >= 0.05 && top.wants(math.Abs(d)) {
			t := &toks[ft.i]
			c := driverCand{b: t.text, weight: d, neg: t.negated && !ft.bigram, sent: k, key: ft.h}
			if ft.bigram {
				c.a = toks[ft.i-1].text
			}
			top.push(c)
		}
	}
}

// TestStanceSinkScores checks that a featSink scoring as it goes (with a
// model) adds the same weights as collecting the features and scoring
// them after.
func TestStanceSinkScores(t *testing.T) {
	m := DefaultStanceModel()
	a := NewAnalyzer(seedStory(t))
	for _, text := range testTexts(t) {
		d := a.buildStanceDoc(text, a.story.Mentions(text))
		for s := range d.nSide {
			var keep featSink
			d.features(s, &keep)
			want := m.Bias
			for i, k := range keep.keys {
				if r := m.table.get(k); r >= 0 {
					for c := range numPC {
						want[c] += m.weights[r][c] * keep.vals[i]
					}
				}
			}
			direct := featSink{m: m, z: m.Bias}
			d.features(s, &direct)
			if direct.z != want || len(direct.keys) != 0 {
				t.Fatalf("%q side %d: scored as they come %v, after %v", text, s, direct.z, want)
			}
		}
		d.release()
	}
}

// topDriversRef is topDrivers by sorting every candidate.
func topDriversRef(cands []driverCand, n int) []Driver {
	idx := make([]int, len(cands))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		if c := cmp.Compare(math.Abs(cands[b].weight), math.Abs(cands[a].weight)); c != 0 {
			return c
		}
		return cmp.Compare(cands[a].seq, cands[b].seq)
	})
	idx = idx[:min(len(idx), 4*maxDrivers)]
	type merged struct {
		first int
		sum   float64
	}
	var ms []merged
	for _, i := range idx {
		j := slices.IndexFunc(ms, func(m merged) bool { return cands[m.first].key == cands[i].key })
		if j < 0 {
			ms = append(ms, merged{first: i})
			j = len(ms) - 1
		}
		ms[j].sum += cands[i].weight
	}
	var out []Driver
	for _, m := range ms {
		if s := round4(m.sum); s != 0 {
			out = append(out, Driver{Text: cands[m.first].text(), Weight: s})
		}
	}
	slices.SortStableFunc(out, func(a, b Driver) int { return cmp.Compare(math.Abs(b.Weight), math.Abs(a.Weight)) })
	return out[:min(len(out), n)]
}

// TestTopDriversInsertion checks topDrivers' bounded insertion against a
// full sort, with ties and repeated texts.
func TestTopDriversInsertion(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"good", "bad", "deal", "war", "peace", "talks"}
	for trial := range 500 {
		n := rng.IntN(60)
		cands := make([]driverCand, n)
		for i := range cands {
			w := words[rng.IntN(len(words))]
			cands[i] = driverCand{b: w, key: fnv64(w), seq: int32(i), weight: float64(rng.IntN(9)-4) / 8}
		}
		rng.Shuffle(n, func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
		got, want := topDrivers(cands, maxDrivers), topDriversRef(cands, maxDrivers)
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: topDrivers %v, reference %v", trial, got, want)
		}
	}
}

// TestAbbrevKinds checks that abbrevKinds holds each list's words.
func TestAbbrevKinds(t *testing.T) {
	for bit, set := range []map[string]bool{titles, months, inSentence, maybeEnd} {
		for w := range set {
			if abbrevKinds[w]&(1<<bit) == 0 {
				t.Errorf("abbrevKinds[%q] lacks list %d", w, bit)
			}
		}
	}
	for w, k := range abbrevKinds {
		for bit, set := range []map[string]bool{titles, months, inSentence, maybeEnd} {
			if k&(1<<bit) != 0 && !set[w] {
				t.Errorf("abbrevKinds[%q] has list %d, which lacks it", w, bit)
			}
		}
	}
}

// TestByteTables checks the byte tables of the scanning loops.
func TestByteTables(t *testing.T) {
	for c := range 256 {
		b := byte(c)
		if want := b == '.' || b == '!' || b == '?' || b == '\n' || b >= utf8.RuneSelf; sentenceByte[b] != want {
			t.Errorf("sentenceByte[%#x] = %v", b, sentenceByte[b])
		}
		if want := 'A' <= b && b <= 'Z' || b >= utf8.RuneSelf; lowerStop[b] != want {
			t.Errorf("lowerStop[%#x] = %v", b, lowerStop[b])
		}
		if want := '0' <= b && b <= '9' || b == '.' || b == '/'; spamByte[b] != want {
			t.Errorf("spamByte[%#x] = %v", b, spamByte[b])
		}
		want := byte(0)
		if 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' {
			want = byte(unicode.ToLower(rune(b)))
		}
		if asciiLetterLower[b] != want {
			t.Errorf("asciiLetterLower[%#x] = %#x, want %#x", b, asciiLetterLower[b], want)
		}
	}
}

func FuzzDetectLanguage(f *testing.F) {
	for _, s := range trickyTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := detectLanguage(text), detectLanguageRef(text); got != want {
			t.Errorf("detectLanguage(%q) = %+v, reference %+v", text, got, want)
		}
	})
}

// wordEndRef is wordEnd as it was before its fast path returned at the
// end of an ASCII run.
func wordEndRef(text string, i, stop int) (end int, odd bool) {
	j := i
	lastLetter := j
	letters, digits := false, false
	var prev rune
	run := 0
	lim := len(text) // the word stops at stop
	if stop > i {
		lim = min(lim, stop)
	}
	for j < lim {
		// Fast path: a run of ASCII letters and digits.
		if c := text[j]; c < utf8.RuneSelf && asciiWord[c] && rune(c) != prev {
			k := j
			for k < lim {
				c := text[k]
				if !asciiWordByte[c] {
					break
				}
				if c <= '9' {
					digits = true
				} else {
					letters = true
				}
				if k > j+1 && text[k-1] == c && text[k-2] == c {
					odd = true
				}
				k++
			}
			prev, run = rune(text[k-1]), 1
			if k-j >= 2 && text[k-2] == text[k-1] {
				run = 2
			}
			j, lastLetter = k, k
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
				digits = true
			} else {
				letters = true
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
	return j, odd || letters && digits
}

// wordEndTexts are texts for wordEnd: obfuscations, runs, hyphens and
// apostrophes next to the end of a word.
var wordEndTexts = []string{
	"f**k sh*t sh1t fuuuck fuuck aaa aa a", "face-saving be-ghairat x- -x a--b", "don't isn’t o'' 'a",
	"word* wo* w** a1b2 123 12a", "café-au-lait naïve–x", "kkk\xffk zz’z", "a*b*c ab**", "ßß-ß",
}

// checkWordEnd compares wordEnd with wordEndRef at every word start of
// text, with and without a stop inside the word.
func checkWordEnd(t *testing.T, text string) {
	t.Helper()
	for i := range len(text) {
		r, _ := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			continue
		}
		for _, stop := range []int{-1, i, i + 1, i + 2, i + 4, len(text)} {
			e1, o1 := wordEnd(text, i, stop)
			e2, o2 := wordEndRef(text, i, stop)
			if e1 != e2 || o1 != o2 {
				t.Fatalf("wordEnd(%q, %d, %d) = %d, %v; reference %d, %v", text, i, stop, e1, o1, e2, o2)
			}
		}
	}
}

// TestWordEndFastPath checks wordEnd against wordEndRef.
func TestWordEndFastPath(t *testing.T) {
	for _, text := range append(testTexts(t), wordEndTexts...) {
		checkWordEnd(t, text)
	}
}

func FuzzWordEnd(f *testing.F) {
	for _, s := range append(slices.Clip(trickyTexts), wordEndTexts...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkWordEnd(t, text)
	})
}

// TestFNV64 checks the unrolled fnv64 against FNV-1a from hash/fnv.
func TestFNV64(t *testing.T) {
	s := "abcdefghijklmnopqrstuvwxyz0123456789 ’é"
	for i := range len(s) {
		for j := i; j <= len(s); j++ {
			h := fnv.New64a()
			h.Write([]byte(s[i:j]))
			if got, want := fnv64(s[i:j]), h.Sum64(); got != want {
				t.Fatalf("fnv64(%q) = %#x, want %#x", s[i:j], got, want)
			}
		}
	}
}

// lowerSameLenRef is lowerSameLen as it was before it skipped 8 bytes at
// a time.
func lowerSameLenRef(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	done := 0 // s[:done] is in b, once b has anything
	for j := i; j < len(s); {
		c := s[j]
		if !lowerStop[c] {
			// A run of ASCII that lowering leaves as it is.
			j++
			for j < len(s) && !lowerStop[s[j]] {
				j++
			}
			continue
		}
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				if done == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[done:j])
				b.WriteByte(c + 'a' - 'A')
				done = j + 1
			}
			j++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		l := unicode.ToLower(r)
		if r == utf8.RuneError && size == 1 || utf8.RuneLen(l) != size {
			return "" // strings.ToLower would move the offsets after it
		}
		if l != r {
			if done == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[done:j])
			b.WriteRune(l)
			done = j + size
		}
		j += size
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// checkLowerSameLen compares lowerSameLen and skipLowerPlain with their
// plain forms on s and each of its suffixes.
func checkLowerSameLen(t *testing.T, s string) {
	t.Helper()
	for i := range len(s) + 1 {
		if got, want := lowerSameLen(s[i:]), lowerSameLenRef(s[i:]); got != want {
			t.Fatalf("lowerSameLen(%q) = %q, reference %q", s[i:], got, want)
		}
		j := skipLowerPlain(s, i)
		if j < i || j > len(s) || len(s)-j >= 8 && !strings.ContainsFunc(s[j:j+8], func(r rune) bool { return r >= utf8.RuneSelf || 'A' <= r && r <= 'Z' }) {
			t.Fatalf("skipLowerPlain(%q, %d) = %d", s, i, j)
		}
		for k := i; k < j; k++ {
			if lowerStop[s[k]] {
				t.Fatalf("skipLowerPlain(%q, %d) = %d skips %q", s, i, j, s[k])
			}
		}
	}
}

// TestLowerSameLenSkip checks lowerSameLen against lowerSameLenRef, with
// every byte value at every place in a block.
func TestLowerSameLenSkip(t *testing.T) {
	for _, text := range testTexts(t) {
		checkLowerSameLen(t, text)
	}
	for c := range 256 {
		for at := range 9 {
			b := []byte("abcdefgh.ijklmnop")
			b[at] = byte(c)
			checkLowerSameLen(t, string(b))
		}
	}
}

func FuzzLowerSameLen(f *testing.F) {
	for _, s := range trickyTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkLowerSameLen(t, s)
	})
}

// stanceFlagsText is stanceFlags of text, whose story mentions are ms, as
// Analyze calls it.
func (a *Analyzer) stanceFlagsText(text string, ms []Mention) (Stance, []Flag) {
	bp := a.pooledTokens(text, ms)
	defer putTokens(bp)
	return a.stanceFlags(text, *bp)
}

// stanceFlagsRef is stanceFlags without its quiet path: the stance rules
// read every text.
func (a *Analyzer) stanceFlagsRef(text string, ms []Mention) (Stance, []Flag) {
	if a.story == nil || len(a.story.Sides) == 0 {
		return a.noStance(), a.flagsWith(text, ms)
	}
	d := a.buildStanceDoc(text, ms)
	fl := flagsOf(text, d.toks)
	st := d.decide(a.stanceModel(), a.story, fl)
	d.release()
	return st, fl
}

// checkStanceFlags compares stanceFlags with stanceFlagsRef on text for
// each analyzer.
func checkStanceFlags(t *testing.T, ans []*Analyzer, text string) {
	t.Helper()
	for _, a := range ans {
		var ms []Mention
		if a.story != nil {
			ms = a.story.Mentions(text)
		}
		st1, fl1 := a.stanceFlagsText(text, ms)
		st2, fl2 := a.stanceFlagsRef(text, ms)
		if !reflect.DeepEqual(st1, st2) || !reflect.DeepEqual(fl1, fl2) {
			t.Fatalf("stanceFlags(%q) = %+v %+v, reference %+v %+v", text, st1, fl1, st2, fl2)
		}
	}
}

// quietTexts name no side but may weigh sides together.
var quietTexts = []string{"Both are wrong.", "each side lies", "each, side", "two governments failed",
	"two, governments", "neither", "Mutual respect please", "They are lying.", "either other"}

// TestStanceFlagsQuiet checks stanceFlags' quiet path (no side, no
// both-sides cue) against the full stance rules.
func TestStanceFlagsQuiet(t *testing.T) {
	ans := []*Analyzer{NewAnalyzer(seedStory(t)), NewAnalyzer(nil)}
	quiet := 0
	for _, text := range append(testTexts(t), quietTexts...) {
		checkStanceFlags(t, ans, text)
		d := ans[0].tokenizeStanceDoc(text, ans[0].story.Mentions(text))
		if !d.mayTakeSide() {
			quiet++
		}
		d.release()
	}
	if quiet == 0 {
		t.Error("no text took the quiet path")
	}
}

func FuzzStanceFlags(f *testing.F) {
	for _, s := range append(slices.Clip(trickyTexts), quietTexts...) {
		f.Add(s)
	}
	ans := []*Analyzer{NewAnalyzer(seedStory(f))}
	f.Fuzz(func(t *testing.T, text string) {
		checkStanceFlags(t, ans, text)
	})
}

// checkWordClasses checks what the flag rules read from the word table
// entries of text's tokens (token.is, flagContext.identityMatch) against
// the word lists themselves.
func checkWordClasses(t *testing.T, s *Story, text string) {
	t.Helper()
	var ms []Mention
	if s != nil {
		ms = s.Mentions(text)
	}
	toks := tokenize(text, s, ms, nil)
	fc := flagContext{text: text, toks: toks, lx: flagLex()}
	for k := range toks {
		tk := &toks[k]
		for _, c := range classWords {
			if got, want := tk.is(c.bit), c.set[tk.norm]; got != want {
				t.Fatalf("%q: token %q is(%#x) = %v, list says %v", text, tk.norm, c.bit, got, want)
			}
		}
		for _, types := range []string{"", "GJP", "W", "SW", "P", "S"} {
			for _, end := range []int{k + 1, len(toks)} {
				p1, e1, ok1 := fc.identityMatch(k, end, types)
				p2, e2, ok2 := fc.lx.identity.match(toks, k, end, types)
				if !reflect.DeepEqual(p1, p2) || e1 != e2 || ok1 != ok2 {
					t.Fatalf("%q: identityMatch(%d, %d, %q) = %v %d %v, list says %v %d %v",
						text, k, end, types, p1, e1, ok1, p2, e2, ok2)
				}
			}
		}
	}
}

// classTexts hold words of every class list and of the identity list,
// in the forms the tokenizer meets them.
func classTexts() []string {
	var out []string
	for _, c := range classWords {
		for w := range c.set {
			out = append(out, w, strings.ToUpper(w)+"'s", "“"+w+"” "+w+".")
		}
	}
	for w := range flagLex().identity {
		out = append(out, "all "+w+" are", strings.ToUpper(w))
	}
	slices.Sort(out)
	return out
}

// TestWordClasses checks the word-table bits and identity entries of the
// flag rules against their lists, on the labelled comments, the tricky
// texts and every list word.
func TestWordClasses(t *testing.T) {
	for _, s := range []*Story{seedStory(t), nil} {
		for _, text := range append(testTexts(t), classTexts()...) {
			checkWordClasses(t, s, text)
		}
	}
	// No list word is one of the tokens the tokenizer makes without
	// looking them up ("'s", punctuation); its first token is looked up.
	for _, c := range classWords {
		for w := range c.set {
			if toks := tokenize(w, nil, nil, nil); w == "'s" || len(toks) == 0 || toks[0].info == nil {
				t.Errorf("list word %q tokenizes as %+v", w, toks)
			}
		}
	}
}

func FuzzWordClasses(f *testing.F) {
	for _, s := range append(slices.Clip(trickyTexts), "These Afghans are rats", "all Pakistanis r dogs", "he's a clown",
		"We'll kill them", "they condemned the threat") {
		f.Add(s)
	}
	s := seedStory(f)
	f.Fuzz(func(t *testing.T, text string) {
		checkWordClasses(t, s, text)
	})
}

// TestTopDriversSeen checks topDrivers' merge when different keys share
// their low six bits (the bits of its seen mask) and when equal keys come
// far apart.
func TestTopDriversSeen(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"good", "bad", "deal", "war", "peace", "talks", "calm", "fear"}
	for trial := range 2000 {
		n := rng.IntN(40)
		cands := make([]driverCand, n)
		for i := range cands {
			wi := rng.IntN(len(words))
			key := uint64(wi)<<6 | uint64(trial%3) // same low bits for every word
			if trial%2 == 1 {
				key = fnv64(words[wi])
			}
			cands[i] = driverCand{b: words[wi], key: key, seq: int32(i), weight: float64(rng.IntN(17)-8) / 16}
		}
		rng.Shuffle(n, func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
		checkTopDrivers(t, cands)
	}
}

// checkTopDrivers compares topDrivers with topDriversRef on cands.
func checkTopDrivers(t *testing.T, cands []driverCand) {
	t.Helper()
	got, want := topDrivers(cands, maxDrivers), topDriversRef(cands, maxDrivers)
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("topDrivers %v, reference %v", got, want)
	}
}

// FuzzTopDrivers reads candidates from bytes: a word (its key has only
// two low bits set, so keys collide in the seen mask) and a weight each.
func FuzzTopDrivers(f *testing.F) {
	f.Add([]byte{0, 1, 1, 2, 0, 1, 65, 3, 2, 200})
	f.Add([]byte("heavy and light words, repeated words"))
	words := []string{"good", "bad", "deal", "war", "peace", "talks", "calm", "fear"}
	f.Fuzz(func(t *testing.T, data []byte) {
		var cands []driverCand
		for i := 0; i+1 < len(data); i += 2 {
			wi := int(data[i] % 8)
			key := uint64(wi)<<6 | uint64(data[i]>>6)
			cands = append(cands, driverCand{b: words[wi], key: key, seq: int32(i / 2),
				weight: float64(int(data[i+1])-128) / 64})
		}
		checkTopDrivers(t, cands)
	})
}

// checkSharedFeatTokens compares sharedFeatTokens with tokenizeLower on
// each plain sentence of text that sentiment gives it, with the mentions
// of s (may be nil). It returns how many sentences took the shared
// tokens and how many were plain.
func checkSharedFeatTokens(t *testing.T, s *Story, text string) (shared, plain int) {
	t.Helper()
	low := lowerSameLen(text)
	if low == "" {
		return 0, 0
	}
	var all []Mention
	if s != nil {
		all = s.Mentions(text)
	}
	toks := tokenize(text, s, all, nil)
	mi, k := 0, 0
	for _, sp := range splitSentences(text) {
		sent := text[sp.start:sp.end]
		if !isPlainASCII(sent) {
			continue
		}
		plain++
		var ms []Mention
		ok := true
		if s != nil {
			if ms, mi, ok = mentionsIn(nil, all, mi, text, sp); !ok {
				continue
			}
		}
		var got []featToken
		if got, k, ok = sharedFeatTokens(nil, toks, k, sp, low, ms); !ok {
			continue
		}
		shared++
		if want := tokenizeLower(sent, low[sp.start:sp.end], ms, nil); !reflect.DeepEqual(got, want) {
			t.Fatalf("sharedFeatTokens(%q) in %q = %q, tokenizeLower %q", sent, text, tokenTexts(got), tokenTexts(want))
		}
	}
	return shared, plain
}

// TestSharedFeatTokens checks the feature tokens that plain sentences take
// from the text's tokens, and that most plain sentences take them.
func TestSharedFeatTokens(t *testing.T) {
	s := seedStory(t)
	shared, plain := 0, 0
	for _, text := range append(testTexts(t), "Pakistan's-army x'Pakistan study-Pakistan-x f**k sh*t 1990's Pakistan'S 12-3 4'5's") {
		for _, st := range []*Story{s, nil} {
			n, p := checkSharedFeatTokens(t, st, text)
			shared += n
			plain += p
		}
	}
	if shared < plain*9/10 {
		t.Errorf("%d of %d plain sentences took the shared tokens, want 90%%", shared, plain)
	}
}

func FuzzSharedFeatTokens(f *testing.F) {
	for _, s := range append(slices.Clip(trickyTexts), "Pakistan's-army x'Pakistan study-Pakistan-x. F**k 1990's Pakistan'S") {
		f.Add(s)
	}
	s := seedStory(f)
	f.Fuzz(func(t *testing.T, text string) {
		checkSharedFeatTokens(t, s, text)
		checkSharedFeatTokens(t, nil, text)
	})
}

// checkSkipNoSpamByte checks skipNoSpamByte from every offset of s: no
// spamByte before where it stops, and one in the 8-byte block there
// unless fewer than 8 bytes are left.
func checkSkipNoSpamByte(t *testing.T, s string) {
	t.Helper()
	for i := range len(s) + 1 {
		j := skipNoSpamByte(s, i)
		if j < i || j > len(s) {
			t.Fatalf("skipNoSpamByte(%q, %d) = %d", s, i, j)
		}
		for k := i; k < j; k++ {
			if spamByte[s[k]] {
				t.Fatalf("skipNoSpamByte(%q, %d) = %d skips %q at %d", s, i, j, s[k], k)
			}
		}
		if j+8 <= len(s) && strings.IndexFunc(s[j:j+8], func(r rune) bool { return r < utf8.RuneSelf && spamByte[r] }) < 0 {
			t.Fatalf("skipNoSpamByte(%q, %d) = %d stops before a block without one", s, i, j)
		}
	}
}

// TestSkipNoSpamByte checks skipNoSpamByte on every byte value around
// the spam range.
func TestSkipNoSpamByte(t *testing.T) {
	var all []byte
	for c := range 256 {
		all = append(all, []byte("abcdefgh")...)
		all = append(all, byte(c))
	}
	checkSkipNoSpamByte(t, string(all))
	for _, s := range append(testTexts(t), "www.example.com call 555-0134", "\xae\xaf\xb0\xb9\xba-,:;") {
		checkSkipNoSpamByte(t, s)
	}
}

func FuzzSkipNoSpamByte(f *testing.F) {
	for _, s := range trickyTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSkipNoSpamByte(t, s)
	})
}
