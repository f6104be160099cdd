package render

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"sync"

	"github.com/tonedesk/tonedesk/assets"
)

// encoderVersion names the Go code of this package that shapes an image
// beyond the embedded files: the SVG serializer's rules live in bootstrapJS
// (hashed below), the PNG encoder in png.go. Change it when png.go or the
// resvg options change how an image looks or is encoded.
const encoderVersion = "png-1"

var (
	versionOnce sync.Once
	version     string
)

// EngineVersion returns a short hash of everything that decides the bytes of
// an image besides the option and its size, theme and scale: ECharts, resvg,
// the fonts, the themes, the scripts run around ECharts and the PNG encoder's
// version. A server puts it into the ETag of an image, so that a new release
// that draws differently never answers 304 for an old image. It returns
// "unknown" when an embedded file is missing, which New reports as an error.
func EngineVersion() string {
	versionOnce.Do(func() {
		h := sha256.New()
		add := func(fsys fs.FS, name string) bool {
			b, err := fs.ReadFile(fsys, name)
			if err != nil {
				return false
			}
			h.Write([]byte(name))
			h.Write(b)
			return true
		}
		ok := add(assets.Static, "static/vendor/echarts/echarts.min.js") &&
			add(assets.Resvg, "vendor/resvg/index_bg.wasm")
		for _, name := range fontFiles {
			ok = ok && add(assets.Fonts, name)
		}
		if !ok {
			version = "unknown"
			return
		}
		h.Write([]byte(preludeJS))
		h.Write([]byte(bootstrapJS))
		for _, name := range Themes() {
			b, _ := ThemeJSON(name)
			h.Write(b)
		}
		h.Write([]byte(encoderVersion))
		version = hex.EncodeToString(h.Sum(nil))[:16]
	})
	return version
}

// TextWidth returns the width in CSS pixels of one line of text drawn at size
// px in the embedded font, bold or regular: the measure ECharts lays out the
// SVG with, so a caller can wrap titles and captions where they will fit.
func (r *Renderer) TextWidth(text string, size float64, bold bool) float64 {
	f := r.fonts.regular
	if bold {
		f = r.fonts.bold
	}
	return f.width(text) * size
}
