package render

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"io/fs"
	"math"
	"testing"

	"github.com/tonedesk/tonedesk/assets"
)

func loadFonts(tb testing.TB) *fonts {
	tb.Helper()
	fs2 := &fonts{}
	for i, name := range fontFiles {
		b, err := fs.ReadFile(assets.Fonts, name)
		if err != nil {
			tb.Fatal(err)
		}
		f, err := parseFace(b)
		if err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		if i == 0 {
			fs2.regular = f
		} else {
			fs2.bold = f
		}
	}
	return fs2
}

func TestParseFont(t *testing.T) {
	for _, c := range []struct {
		font string
		want fontSpec
	}{
		{"12px sans-serif", fontSpec{12, false}},
		{"normal normal bold 18px \"Liberation Sans\", Arial", fontSpec{18, true}},
		{"italic 600 13.5px Arial", fontSpec{13.5, true}},
		{"normal normal 400 13px Arial", fontSpec{13, false}},
		{"bolder 20px a", fontSpec{20, true}},
		{"", fontSpec{12, false}},
		{"garbage", fontSpec{12, false}},
		{"-5px x", fontSpec{12, false}},
	} {
		if got := parseFont(c.font); got != c.want {
			t.Errorf("parseFont(%q) = %+v, want %+v", c.font, got, c.want)
		}
	}
}

// TestMeasure checks the widths against Arial's published advance widths,
// which Liberation Sans matches by design.
func TestMeasure(t *testing.T) {
	f := loadFonts(t)
	for _, c := range []struct {
		text, font string
		want       float64
	}{
		// H 722, e 556, l 222, l 222, o 556 (per 1000 units per em)
		{"Hello", "100px sans-serif", 227.8},
		{"Hello", "bold 100px sans-serif", 72.2 + 55.6 + 27.8 + 27.8 + 61.1},
		{"", "12px sans-serif", 0},
		// ü has the advance of u (556); ı (dotless i) is in the font.
		{"ü", "100px x", 55.6},
		{"ı", "100px x", 27.8},
		// A character the font lacks counts as one em, as ECharts assumes.
		{"国", "20px x", 20},
	} {
		got := f.measure(c.text, c.font)
		if math.Abs(got-c.want) > 0.005*max(c.want, 1) {
			t.Errorf("measure(%q, %q) = %.2f, want %.2f", c.text, c.font, got, c.want)
		}
	}
	// Kerning: "AV" is tighter than "A" plus "V".
	if av, a, v := f.measure("AV", "100px x"), f.measure("A", "100px x"), f.measure("V", "100px x"); av >= a+v {
		t.Errorf("no kerning: AV %.1f, A+V %.1f", av, a+v)
	}
}

// TestMeasureMatchesDrawing draws text with resvg and checks that its ink
// spans the width ECharts is told, less the side bearings: the text is laid
// out for the font it is drawn in.
func TestMeasureMatchesDrawing(t *testing.T) {
	r := sharedRenderer(t)
	for _, c := range []struct {
		text   string
		weight string
	}{
		{"Afghanistan (Taliban government) · Türkiye · Anadolu Ajansı", "normal"},
		{"Mediators (Türkiye, Qatar) and Tehrik-e-Taliban Pakistan", "bold"},
	} {
		const size, x = 24.0, 10.0
		svg := fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="60">`+
			`<rect width="1000" height="60" fill="#fff"/>`+
			`<text x="%g" y="40" style="font-size:%gpx;font-family:&quot;Liberation Sans&quot;, Arial;font-weight:%s" fill="#000">%s</text></svg>`,
			x, size, c.weight, c.text)
		b, err := r.PNG(context.Background(), []byte(svg), 1)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		left, right := -1, -1
		for px := 0; px < 1000; px++ {
			for py := 0; py < 60; py++ {
				if red, _, _, _ := img.At(px, py).RGBA(); red>>8 < 128 {
					if left < 0 {
						left = px
					}
					right = px
					break
				}
			}
		}
		font := fmt.Sprintf("%gpx Liberation Sans", size)
		if c.weight == "bold" {
			font = "bold " + font
		}
		advance := r.fonts.measure(c.text, font)
		ink := float64(right - left + 1)
		t.Logf("%s: ink %.0f from %d, advance %.1f", c.weight, ink, left, advance)
		// The ink starts after the first glyph's left bearing and ends
		// before the last one's right bearing: a few pixels at 24px.
		if ink > advance+1 || ink < advance-0.15*size {
			t.Errorf("%s %q: ink %.0f px from x=%d, measured advance %.1f px", c.weight, c.text, ink, left, advance)
		}
		if float64(left) < x || float64(left) > x+0.1*size {
			t.Errorf("%q: ink starts at x=%d, text at x=%g", c.text, left, x)
		}
	}
}
