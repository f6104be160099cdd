package assets

import "embed"

// Fonts holds the font that charts are drawn with, on the page and in chart
// images, under the directory "fonts/": Liberation Sans 2.1.5 regular and
// bold, under the SIL Open Font License 1.1 (see fonts/README.md and
// fonts/OFL.txt). dashboard/web/render measures and draws text with it.
//
//go:embed fonts
var Fonts embed.FS

// Resvg holds resvg, the SVG renderer, compiled to WebAssembly, under the
// directory "vendor/resvg/" (index_bg.wasm from the npm package
// @resvg/resvg-wasm, MPL-2.0; see vendor/resvg/README.md). dashboard/web/render
// runs it to turn chart SVGs into PNGs.
//
//go:embed vendor/resvg
var Resvg embed.FS
