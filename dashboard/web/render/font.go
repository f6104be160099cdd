package render

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// face holds what text measurement needs from one TrueType font: the
// advance width of each character and the kerning pairs, in font units.
// It reads the cmap, hmtx and kern tables and nothing else; layout features
// beyond pair kerning (ligatures, contextual forms) play no part in the Latin,
// Greek and Cyrillic labels of a chart.
type face struct {
	unitsPerEm float64
	advance    map[rune]uint16    // rune → advance width
	glyph      map[rune]uint16    // rune → glyph id
	kern       map[uint32]int16   // left glyph<<16 | right glyph → adjustment
	ascii      [128]float64       // advance of the ASCII runes, in ems (-1: no glyph)
	mu         sync.Mutex         // guards cache
	cache      map[string]float64 // text → width in ems, bounded
}

// maxWidthCache bounds the per-face cache of measured strings.
const maxWidthCache = 4096

// parseFace reads the tables of a TrueType font file. It returns an error
// when a table it needs is missing or malformed.
func parseFace(b []byte) (*face, error) {
	tables, err := sfntTables(b)
	if err != nil {
		return nil, err
	}
	need := func(tag string, min int) ([]byte, error) {
		t, ok := tables[tag]
		if !ok || len(t) < min {
			return nil, fmt.Errorf("font: table %q missing or short", tag)
		}
		return t, nil
	}
	head, err := need("head", 54)
	if err != nil {
		return nil, err
	}
	hhea, err := need("hhea", 36)
	if err != nil {
		return nil, err
	}
	hmtx, err := need("hmtx", 4)
	if err != nil {
		return nil, err
	}
	cmap, err := need("cmap", 4)
	if err != nil {
		return nil, err
	}
	f := &face{
		unitsPerEm: float64(binary.BigEndian.Uint16(head[18:])),
		advance:    map[rune]uint16{},
		kern:       map[uint32]int16{},
		cache:      map[string]float64{},
	}
	if f.unitsPerEm == 0 {
		return nil, errors.New("font: unitsPerEm is 0")
	}
	nMetrics := int(binary.BigEndian.Uint16(hhea[34:]))
	if nMetrics == 0 || len(hmtx) < 4*nMetrics {
		return nil, errors.New("font: hmtx shorter than numberOfHMetrics")
	}
	advanceOf := func(g uint16) uint16 {
		if int(g) >= nMetrics {
			g = uint16(nMetrics - 1) // monospaced tail: the last advance repeats
		}
		return binary.BigEndian.Uint16(hmtx[4*int(g):])
	}
	f.glyph, err = parseCmap(cmap)
	if err != nil {
		return nil, err
	}
	for r, g := range f.glyph {
		f.advance[r] = advanceOf(g)
	}
	if k, ok := tables["kern"]; ok {
		f.kern = parseKern(k)
	}
	for r := range f.ascii {
		f.ascii[r] = -1
		if a, ok := f.advance[rune(r)]; ok {
			f.ascii[r] = float64(a) / f.unitsPerEm
		}
	}
	return f, nil
}

// sfntTables returns the tables of a TrueType file by tag.
func sfntTables(b []byte) (map[string][]byte, error) {
	if len(b) < 12 {
		return nil, errors.New("font: file too short")
	}
	if v := binary.BigEndian.Uint32(b); v != 0x00010000 && v != 0x74727565 { // 1.0 or "true"
		return nil, fmt.Errorf("font: not a TrueType file (version %#x)", v)
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	if len(b) < 12+16*n {
		return nil, errors.New("font: table directory truncated")
	}
	tables := make(map[string][]byte, n)
	for i := range n {
		rec := b[12+16*i:]
		off := binary.BigEndian.Uint32(rec[8:])
		length := binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(length) > uint64(len(b)) {
			return nil, fmt.Errorf("font: table %q out of bounds", rec[:4])
		}
		tables[string(rec[:4])] = b[off : off+length]
	}
	return tables, nil
}

// parseCmap returns the character-to-glyph map of the font's Unicode cmap
// subtable: format 12 (full Unicode) when there is one, else format 4 (BMP).
func parseCmap(t []byte) (map[rune]uint16, error) {
	n := int(binary.BigEndian.Uint16(t[2:]))
	if len(t) < 4+8*n {
		return nil, errors.New("font: cmap truncated")
	}
	var best []byte
	bestRank := 0
	for i := range n {
		rec := t[4+8*i:]
		platform, encoding := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:])
		off := binary.BigEndian.Uint32(rec[4:])
		if uint64(off)+4 > uint64(len(t)) {
			continue
		}
		sub := t[off:]
		format := binary.BigEndian.Uint16(sub)
		rank := 0
		switch {
		case format == 12 && (platform == 3 && encoding == 10 || platform == 0):
			rank = 3
		case format == 4 && (platform == 3 && encoding == 1 || platform == 0):
			rank = 2
		}
		if rank > bestRank {
			best, bestRank = sub, rank
		}
	}
	switch bestRank {
	case 3:
		return parseCmap12(best)
	case 2:
		return parseCmap4(best)
	}
	return nil, errors.New("font: no Unicode cmap subtable of format 4 or 12")
}

func parseCmap4(s []byte) (map[rune]uint16, error) {
	if len(s) < 14 {
		return nil, errors.New("font: cmap format 4 truncated")
	}
	segs := int(binary.BigEndian.Uint16(s[6:])) / 2
	if len(s) < 16+8*segs {
		return nil, errors.New("font: cmap format 4 truncated")
	}
	ends := s[14:]
	starts := s[16+2*segs:]
	deltas := s[16+4*segs:]
	rangeOffs := s[16+6*segs:]
	m := map[rune]uint16{}
	for i := range segs {
		end := binary.BigEndian.Uint16(ends[2*i:])
		start := binary.BigEndian.Uint16(starts[2*i:])
		delta := binary.BigEndian.Uint16(deltas[2*i:])
		ro := int(binary.BigEndian.Uint16(rangeOffs[2*i:]))
		for c := int(start); c <= int(end) && c != 0xFFFF; c++ {
			var g uint16
			if ro == 0 {
				g = uint16(c) + delta
			} else {
				at := 16 + 6*segs + 2*i + ro + 2*(c-int(start))
				if at+2 > len(s) {
					continue
				}
				g = binary.BigEndian.Uint16(s[at:])
				if g != 0 {
					g += delta
				}
			}
			if g != 0 {
				m[rune(c)] = g
			}
		}
	}
	return m, nil
}

func parseCmap12(s []byte) (map[rune]uint16, error) {
	if len(s) < 16 {
		return nil, errors.New("font: cmap format 12 truncated")
	}
	n := int(binary.BigEndian.Uint32(s[12:]))
	if n < 0 || len(s) < 16+12*n {
		return nil, errors.New("font: cmap format 12 truncated")
	}
	m := map[rune]uint16{}
	for i := range n {
		g := s[16+12*i:]
		start, end, gid := binary.BigEndian.Uint32(g), binary.BigEndian.Uint32(g[4:]), binary.BigEndian.Uint32(g[8:])
		if end < start || end > utf8.MaxRune || end-start > 0x10000 {
			continue
		}
		for c := start; c <= end; c++ {
			if id := gid + (c - start); id != 0 && id <= 0xFFFF {
				m[rune(c)] = uint16(id)
			}
		}
	}
	return m, nil
}

// parseKern reads the horizontal pairs of a version-0 kern table (format 0
// subtables); anything else is skipped.
func parseKern(t []byte) map[uint32]int16 {
	m := map[uint32]int16{}
	if len(t) < 4 || binary.BigEndian.Uint16(t) != 0 {
		return m
	}
	n := int(binary.BigEndian.Uint16(t[2:]))
	off := 4
	for range n {
		if off+6 > len(t) {
			break
		}
		length := int(binary.BigEndian.Uint16(t[off+2:]))
		coverage := binary.BigEndian.Uint16(t[off+4:])
		sub := t[off:min(off+length, len(t))]
		off += length
		if length < 6 || coverage>>8 != 0 || coverage&0x1 == 0 || coverage&0x6 != 0 {
			continue // not format 0, or vertical, minimum or cross-stream
		}
		if len(sub) < 14 {
			continue
		}
		pairs := int(binary.BigEndian.Uint16(sub[6:]))
		for i := range pairs {
			p := 14 + 6*i
			if p+6 > len(sub) {
				break
			}
			key := binary.BigEndian.Uint32(sub[p:])
			m[key] = int16(binary.BigEndian.Uint16(sub[p+4:]))
		}
	}
	return m
}

// width returns the advance width of text in ems: the sum of the characters'
// advances plus pair kerning. A character the font lacks counts as one em,
// which is what ECharts assumes for a CJK character. Newlines are not
// special: ECharts measures line by line.
func (f *face) width(text string) float64 {
	f.mu.Lock()
	w, ok := f.cache[text]
	f.mu.Unlock()
	if ok {
		return w
	}
	var units float64
	var prev uint16
	for _, r := range text {
		var a float64
		if r < 128 && f.ascii[r] >= 0 {
			a = f.ascii[r]
		} else if adv, ok := f.advance[r]; ok {
			a = float64(adv) / f.unitsPerEm
		} else {
			a = 1
		}
		units += a
		g := f.glyph[r]
		if prev != 0 && g != 0 {
			units += float64(f.kern[uint32(prev)<<16|uint32(g)]) / f.unitsPerEm
		}
		prev = g
	}
	f.mu.Lock()
	if len(f.cache) >= maxWidthCache {
		clear(f.cache)
	}
	f.cache[text] = units
	f.mu.Unlock()
	return units
}

// fontSpec is what measurement needs from a CSS font shorthand such as
// "normal normal bold 18px Liberation Sans".
type fontSpec struct {
	size float64
	bold bool
}

// defaultFontSize is ECharts' size when a font string names none.
const defaultFontSize = 12

// parseFont reads the size in px and the weight of a CSS font shorthand, the
// way ECharts writes it: "[style] [variant] [weight] SIZEpx family, ...".
// Anything it cannot read falls back to 12px regular.
func parseFont(font string) fontSpec {
	spec := fontSpec{size: defaultFontSize}
	for _, tok := range strings.Fields(font) {
		switch {
		case strings.HasSuffix(tok, "px"):
			if v, err := strconv.ParseFloat(strings.TrimSuffix(tok, "px"), 64); err == nil && v > 0 {
				spec.size = v
			}
			return spec // the family follows the size
		case tok == "bold" || tok == "bolder":
			spec.bold = true
		default:
			if w, err := strconv.Atoi(tok); err == nil && w >= 600 {
				spec.bold = true
			}
		}
	}
	return spec
}

// fonts is the embedded font family, regular and bold.
type fonts struct {
	regular, bold *face
}

// measure returns the width in px of text drawn in the CSS font.
func (fs *fonts) measure(text, font string) float64 {
	spec := parseFont(font)
	f := fs.regular
	if spec.bold {
		f = fs.bold
	}
	return f.width(text) * spec.size
}
