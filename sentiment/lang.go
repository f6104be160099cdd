package sentiment

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Language codes of Analysis.Lang. A text in one language gets its code;
// a text that mixes in a second language gets "primary+secondary", e.g.
// "en+ur" for an English comment with Roman Urdu phrases, "ur+en" for the
// reverse. The second code is added when that language has at least two
// words and 15% of the words. Codes:
//
//	en   English (the only language the sentiment model reads)
//	ur   Urdu: Urdu script, or Roman Urdu (Urdu in Latin letters)
//	ps   Pashto: Pashto script, or Roman Pashto
//	fa   Persian/Dari in Arabic script (no Urdu or Pashto letters)
//	ar   Arabic script without Persian, Urdu or Pashto letters
//	und  undetermined: no letters, another script, or Latin-script text
//	     with no English, Urdu or Pashto function word in six or more words
//
// This is a word-list and script identifier for the languages tonedesk's
// first stories meet, not a general language identifier.
const (
	LangEnglish = "en"
	LangUrdu    = "ur"
	LangPashto  = "ps"
	LangPersian = "fa"
	LangArabic  = "ar"
	LangUnknown = "und"
)

// langInfo is a text's language and the share of its words that the
// English sentiment model can read, in [0, 1].
type langInfo struct {
	code     string
	readable float64
}

// detectLang returns the language code of text; see the Lang constants.
func detectLang(text string) string { return detectLanguage(text).code }

// detectLanguage classifies each word of text and returns the language
// code and the share of words the model reads: English words, and Roman
// Urdu words that are in the news lexicon.
func detectLanguage(text string) langInfo {
	var (
		words, english, enFunc, ur, ps, other, readableUr int
		urScript, psScript, faScript, arScript            int
		latinLetters, otherLetters                        int
	)
	classes := wordClasses()
	// word classifies the word w in script; h is the fnv64 of w in lower
	// case when hashed (an ASCII word, hashed as it was read), else w is
	// hashed here.
	word := func(w string, script rune, h uint64, hashed bool) {
		words++
		switch script {
		case 'l':
			var c uint8
			if hashed {
				c = uint8(classes.get(h))
			} else {
				c = classOf(classes, w)
			}
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
	// The current word's fnv64 in lower case, while it is all ASCII
	// (hashed); classOf would compute the same.
	h, hashed := uint64(0), false
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if l := asciiLetterLower[c]; l != 0 {
				// An ASCII letter: it and the rest of its run.
				if start < 0 || script != 'l' {
					if start >= 0 {
						word(text[start:i], script, h, hashed)
					}
					start, script = i, 'l'
					h, hashed = fnvOffset, true
				}
				h = (h ^ uint64(l)) * fnvPrime
				j := i + 1
				for j < len(text) {
					l := asciiLetterLower[text[j]]
					if l == 0 {
						break
					}
					h = (h ^ uint64(l)) * fnvPrime
					j++
				}
				latinLetters += j - i
				i = j
				continue
			}
			i++
			if c == '\'' && start >= 0 {
				h = (h ^ uint64(c)) * fnvPrime
				continue // isn't
			}
			if start >= 0 {
				word(text[start:i-1], script, h, hashed)
				start = -1
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsLetter(r) || unicode.IsMark(r) && start >= 0 {
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
				word(text[start:i], script, h, hashed)
				start, script = i, s
			}
			hashed = false
			i += size
			continue
		}
		if r == '’' && start >= 0 {
			hashed = false
			i += size
			continue // isn’t
		}
		if start >= 0 {
			word(text[start:i], script, h, hashed)
			start = -1
		}
		i += size
	}
	if start >= 0 {
		word(text[start:], script, h, hashed)
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

// asciiLetterLower maps the ASCII letters to their lower case and every
// other byte to 0.
var asciiLetterLower = func() (t [256]byte) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = byte(c), byte(c)
	}
	return t
}()

// classOf returns the classes of w in lower case, hashing an ASCII word
// as it lowers it (no string is built).
func classOf(classes *hashTable16, w string) uint8 {
	h := uint64(fnvOffset)
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return uint8(classes.get(fnv64(strings.ToLower(w))))
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h ^= uint64(c)
		h *= fnvPrime
	}
	return uint8(classes.get(h))
}

// Word classes for detectLanguage, as bits.
const (
	wcUrdu = 1 << iota
	wcPashto
	wcEnglish
	wcNews
)

// wordClasses maps lower-case words, by fnv64, to their classes: one
// lookup per word.
var wordClasses = sync.OnceValue(func() *hashTable16 {
	m := map[string]uint8{}
	for w := range romanUrdu {
		m[w] |= wcUrdu
	}
	for w := range romanPashto {
		m[w] |= wcPashto
	}
	for w := range englishWords {
		m[w] |= wcEnglish
	}
	for w := range sharedNews().words {
		if m[w]&wcUrdu != 0 {
			m[w] |= wcNews
		}
	}
	t := newHashTable16(len(m))
	for w, c := range m {
		t.put(fnv64(w), uint16(c))
	}
	return &t
})

// mixCode returns primary, or primary+secondary when the secondary
// language has at least two words and 15% of all words.
func mixCode(primary string, _ int, secondary string, n, words int) string {
	if n >= 2 && float64(n) >= 0.15*float64(words) {
		return primary + "+" + secondary
	}
	return primary
}

// arabicScriptLang tells Pashto, Urdu, Persian and Arabic words apart by
// the letters only they use.
func arabicScriptLang(w string) string {
	fa := false
	for _, r := range w {
		switch r {
		case 'ټ', 'ډ', 'ړ', 'ږ', 'ښ', 'ګ', 'ڼ', 'ې', 'ۍ', 'ځ', 'څ':
			return LangPashto
		case 'ٹ', 'ڈ', 'ڑ', 'ں', 'ے', 'ھ', 'ہ':
			return LangUrdu
		case 'پ', 'چ', 'ژ', 'گ', 'ک', 'ی':
			fa = true
		}
	}
	if fa {
		return LangPersian
	}
	return LangArabic
}

// englishWords are common English function words: a Latin-script text of
// six or more words with none of them is not English.
var englishWords = setOf("the", "a", "an", "and", "or", "but", "of", "to",
	"in", "on", "at", "for", "with", "by", "from", "is", "are", "was", "were",
	"be", "been", "it", "its", "this", "that", "these", "those", "he", "she",
	"they", "we", "you", "i", "his", "her", "their", "our", "my", "not",
	"no", "will", "would", "should", "can", "could", "must", "has", "have",
	"had", "do", "does", "did", "as", "if", "so", "than", "then", "who",
	"what", "which", "about", "into", "over", "after", "isn't", "don't",
	"won't", "can't", "it's", "just", "all", "more", "now", "why", "how")

// romanUrdu are frequent Roman Urdu words that are not English words.
var romanUrdu = setOf("hai", "hain", "hay", "nahi", "nahin", "nai", "kya",
	"kyun", "kyon", "kaise", "kaisa", "mein", "aur", "bhi", "yeh", "woh",
	"tha", "thi", "thay", "hum", "tum", "aap", "apna", "apni", "apne",
	"hamara", "hamari", "humara", "tumhara", "kuch", "bohat", "bohot", "bahut",
	"abhi", "phir", "lekin", "magar", "sirf", "chahiye", "raha", "rahe",
	"rahi", "gaya", "gayi", "gaye", "karna", "karo", "karte", "karta", "kiya",
	"kiye", "diya", "liya", "wala", "wali", "wale", "logon", "saath", "yaar",
	"bhai", "hota", "hoti", "agar", "warna", "kahan", "yahan", "wahan",
	"unka", "unki", "unke", "inka", "inki", "iska", "uska", "uski", "aapka",
	"sahi", "galat", "ghalat", "bilkul", "zaroor", "shayad", "kabhi",
	"hamesha", "dekho", "suno", "samajh", "pata", "theek", "thik", "baat",
	"kaam", "mulk", "qaum", "hukumat", "fauj", "awam", "jang", "dushman",
	"ka", "ki", "ke", "ko", "se", "ne", "ho", "tou", "jo", "koi", "sab",
	"zindabad", "murdabad", "acha", "accha", "achha", "zabardast", "shabash",
	"shukriya", "mubarak", "behtareen", "bakwas", "ghatiya", "sharam",
	"sharmnak", "afsos", "khatarnak", "kamzor", "jhoot", "jhoota", "zulm",
	"zalim", "bura", "buri", "ganda", "nakam", "dosti", "aman", "inshallah",
	"mashallah", "alhamdulillah", "yaar", "janab", "sahab", "sahib", "beta",
	"chalo", "haan", "ji", "jee", "bas", "sirf", "wapas", "pehle", "baad")

// romanPashto are frequent Roman Pashto words that are neither English nor
// Roman Urdu.
var romanPashto = setOf("za", "zma", "zama", "sta", "kho", "khu", "yam",
	"wror", "wroor", "khpal", "khapal", "khabara", "sanga", "mung", "tasu",
	"dagha", "hagha", "dalta", "halta", "shwa", "nishta", "kha", "manana",
	"lewanay", "zoi", "dey", "ghwaram", "wayi", "kawi", "kawal", "dy",
	"sho", "shoo", "zay")
