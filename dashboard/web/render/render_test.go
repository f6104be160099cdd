package render

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	update = flag.Bool("update", false, "rewrite the golden files under testdata/")
	outDir = flag.String("out", "", "also write the rendered SVGs and PNGs to this directory, to look at them")
)

// cacheDir holds the compiled resvg for the renderers of this test binary,
// so that only the first New pays for the compilation.
var cacheDir string

// Environment of a test worker process: the test binary runs itself as a
// PNG worker (see workerCmd).
const (
	envWorker      = "TONEDESK_RENDER_TEST_WORKER"
	envWorkerCache = "TONEDESK_RENDER_TEST_CACHE"
)

func TestMain(m *testing.M) {
	if w := os.Getenv(envWorker); w != "" {
		var err error
		if w == "gated" {
			err = serveGatedWorker(os.Stdin, os.Stdout, os.NewFile(3, "gate"))
		} else {
			err = ServeWorker(context.Background(), os.Stdin, os.Stdout, Config{CacheDir: os.Getenv(envWorkerCache)})
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	flag.Parse()
	dir, err := os.MkdirTemp("", "render-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cacheDir = dir
	code := m.Run()
	if shared != nil {
		shared.Close()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

var (
	sharedOnce sync.Once
	shared     *Renderer
	sharedErr  error
)

// sharedRenderer returns the renderer most tests share: two runtimes, the
// default timeout.
func sharedRenderer(tb testing.TB) *Renderer {
	tb.Helper()
	sharedOnce.Do(func() {
		shared, sharedErr = New(context.Background(), Config{Runtimes: 2, CacheDir: cacheDir})
	})
	if sharedErr != nil {
		tb.Fatal(sharedErr)
	}
	return shared
}

// workerCmd starts this test binary as a PNG worker.
func workerCmd() *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envWorker+"=1", envWorkerCache+"="+cacheDir)
	cmd.Stderr = os.Stderr
	return cmd
}

// newRenderer returns a renderer of its own, closed at the end of the test.
func newRenderer(tb testing.TB, cfg Config) *Renderer {
	tb.Helper()
	cfg.CacheDir = cacheDir
	r, err := New(context.Background(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { r.Close() })
	return r
}

func readOption(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".json"))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// save writes an image to -out, if given.
func save(tb testing.TB, name string, b []byte) {
	tb.Helper()
	if *outDir == "" {
		return
	}
	if err := os.WriteFile(filepath.Join(*outDir, name), b, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// svgDoc is what the tests read from an SVG: the root's size and the text
// of every <text> element.
type svgDoc struct {
	width, height string
	texts         []string
	elements      map[string]int
}

// parseSVG parses an SVG strictly as XML. It fails the test on any XML
// error.
func parseSVG(tb testing.TB, b []byte) svgDoc {
	tb.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	doc := svgDoc{elements: map[string]int{}}
	var inText bool
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			doc.elements[t.Name.Local]++
			if t.Name.Local == "svg" && doc.width == "" {
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "width":
						doc.width = a.Value
					case "height":
						doc.height = a.Value
					}
				}
			}
			if t.Name.Local == "text" {
				inText = true
				text.Reset()
			}
		case xml.CharData:
			if inText {
				text.Write(t)
			}
		case xml.EndElement:
			if t.Name.Local == "text" {
				inText = false
				doc.texts = append(doc.texts, text.String())
			}
		}
	}
	if doc.elements["svg"] == 0 {
		tb.Fatal("no <svg> element")
	}
	return doc
}

func (d svgDoc) hasText(s string) bool {
	for _, t := range d.texts {
		if t == s {
			return true
		}
	}
	return false
}

// checkPNG decodes a PNG and checks its size and that it is not blank.
func checkPNG(tb testing.TB, b []byte, w, h int) image.Image {
	tb.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		tb.Fatalf("PNG does not decode: %v", err)
	}
	if got := img.Bounds().Size(); got != (image.Point{w, h}) {
		tb.Fatalf("PNG is %v, want %dx%d", got, w, h)
	}
	colours := map[[4]uint32]bool{}
	for y := 0; y < h; y += 3 {
		for x := 0; x < w; x += 3 {
			r, g, b, a := img.At(x, y).RGBA()
			colours[[4]uint32{r >> 8, g >> 8, b >> 8, a >> 8}] = true
		}
	}
	if len(colours) < 8 {
		tb.Fatalf("PNG has %d distinct colours, want a drawn chart (at least 8)", len(colours))
	}
	return img
}

// The chart options under testdata/ and what each SVG must contain.
var charts = []struct {
	name  string
	texts []string
}{
	{"bar", []string{"Tone by side — statements", "Afghanistan (Taliban government)", "Mediators (Türkiye, Qatar)",
		"Source: tonedesk analysis of 5 comments and 38 statements from 5 outlets, 25 Oct 2025–30 Oct 2025", "-0.41"}},
	{"histogram", []string{"Comment sentiment distribution", "Comments", "Sentiment score (−1 most negative, +1 most positive)",
		"Source: tonedesk analysis of 1,240 comments and 38 statements from 5 outlets, 25 Oct 2025–30 Oct 2025"}},
	{"line", []string{"Timeline of comments", "Rolling mean tone", "Comments per day", "2025-09-01",
		"Source: tonedesk analysis of 9,812 comments and 38 statements from 5 outlets, 1 Sep 2025–19 Mar 2026"}},
	{"heatmap", []string{"Tone of statements by side and outlet", "Dawn", "Anadolu Ajansı", "Tehrik-e-Taliban Pakistan", "-0.41",
		"Source: tonedesk analysis of 1,240 comments and 38 statements from 5 outlets, 25 Oct 2025–30 Oct 2025"}},
}

func TestSVGAndPNG(t *testing.T) {
	r := sharedRenderer(t)
	ctx := context.Background()
	for _, c := range charts {
		for _, theme := range Themes() {
			t.Run(c.name+"/"+theme, func(t *testing.T) {
				svg, err := r.SVG(ctx, readOption(t, c.name), Options{Width: 1200, Height: 675, Theme: theme})
				if err != nil {
					t.Fatal(err)
				}
				save(t, c.name+"-"+theme+".svg", svg)
				doc := parseSVG(t, svg)
				if doc.width != "1200" || doc.height != "675" {
					t.Errorf("SVG size %s×%s, want 1200×675", doc.width, doc.height)
				}
				for _, want := range c.texts {
					if !doc.hasText(want) {
						t.Errorf("SVG has no text %q; texts: %q", want, doc.texts)
					}
				}
				// Every chart at 1x; the bar chart also at 2x (the others'
				// 2x are in the benchmarks).
				scales := []float64{1}
				if c.name == "bar" {
					scales = append(scales, 2)
				}
				for _, scale := range scales {
					b, err := r.PNG(ctx, svg, scale)
					if err != nil {
						t.Fatal(err)
					}
					checkPNG(t, b, int(1200*scale), int(675*scale))
					save(t, fmt.Sprintf("%s-%s@%gx.png", c.name, theme, scale), b)
				}
			})
		}
	}
}

// TestThemeBackground checks that the themes reach the image: the corner of a
// light chart is white, of a dark chart dark.
func TestThemeBackground(t *testing.T) {
	r := sharedRenderer(t)
	ctx := context.Background()
	for theme, want := range map[string]uint32{ThemeLight: 0xff, ThemeDark: 0x16} {
		svg, err := r.SVG(ctx, readOption(t, "bar"), Options{Width: 400, Height: 300, Theme: theme})
		if err != nil {
			t.Fatal(err)
		}
		b, err := r.PNG(ctx, svg, 1)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if red, _, _, _ := img.At(399, 299).RGBA(); red>>8 != want {
			t.Errorf("%s: corner red = %#x, want %#x", theme, red>>8, want)
		}
	}
}

func TestSizes(t *testing.T) {
	r := sharedRenderer(t)
	ctx := context.Background()
	option := readOption(t, "histogram")
	for _, size := range [][2]int{{MinSize, MinSize}, {1080, 1080}, {640, 360}, {0, 0}} {
		svg, err := r.SVG(ctx, option, Options{Width: size[0], Height: size[1]})
		if err != nil {
			t.Fatalf("%v: %v", size, err)
		}
		w, h := size[0], size[1]
		if w == 0 {
			w, h = DefaultWidth, DefaultHeight
		}
		doc := parseSVG(t, svg)
		if doc.width != fmt.Sprint(w) || doc.height != fmt.Sprint(h) {
			t.Errorf("%v: SVG size %s×%s", size, doc.width, doc.height)
		}
		b, err := r.PNG(ctx, svg, 1)
		if err != nil {
			t.Fatal(err)
		}
		checkPNG(t, b, w, h)
	}
}

func TestInvalid(t *testing.T) {
	r := sharedRenderer(t)
	ctx := context.Background()
	option := readOption(t, "bar")
	for _, c := range []struct {
		name   string
		option string
		opt    Options
	}{
		{"too narrow", string(option), Options{Width: MinSize - 1, Height: 675}},
		{"too wide", string(option), Options{Width: MaxSize + 1, Height: 675}},
		{"too low", string(option), Options{Width: 1200, Height: 10}},
		{"negative", string(option), Options{Width: -1200, Height: 675}},
		{"theme", string(option), Options{Theme: "sepia"}},
		{"not JSON", `{"series": [`, Options{}},
		{"code, not JSON", `(function () { return {} })()`, Options{}},
		{"array", `[{"series": []}]`, Options{}},
		{"string", `"option"`, Options{}},
		{"null", `null`, Options{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := r.SVG(ctx, []byte(c.option), c.opt)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
		})
	}
	svg, err := r.SVG(ctx, option, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, scale := range []float64{0, 0.5, 3.5, -2} {
		if _, err := r.PNG(ctx, svg, scale); !errors.Is(err, ErrInvalid) {
			t.Errorf("scale %g: err = %v, want ErrInvalid", scale, err)
		}
	}
	huge := []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="9000" height="200"><rect width="10" height="10"/></svg>`)
	if _, err := r.PNG(ctx, huge, 1); !errors.Is(err, ErrInvalid) {
		t.Errorf("9000 px wide SVG: err = %v, want ErrInvalid", err)
	}
	if _, err := r.PNG(ctx, []byte("<svg"), 1); err == nil {
		t.Error("broken SVG: no error")
	}
	// The renderer still works after the errors.
	if _, err := r.PNG(ctx, svg, 1); err != nil {
		t.Fatal(err)
	}
}

// TestEscaping puts markup, entities, quotes, a CDATA end, control
// characters and a broken surrogate into the labels and styles of a chart:
// the SVG must stay well-formed, contain no element from the labels, and
// show every label as text.
func TestEscaping(t *testing.T) {
	r := sharedRenderer(t)
	ctx := context.Background()
	evil := []string{
		`<script>alert("x")</script>`,
		`Dawn & "Reuters" 'AP'`,
		`]]><svg onload=alert(1)>`,
		`<!-- --> <![CDATA[ x ]]>`,
		"bell\u0007and\u0000nul",
	}
	option := map[string]any{
		"title":     map[string]any{"text": evil[0], "subtext": evil[1]},
		"legend":    map[string]any{"show": true, "top": 60},
		"textStyle": map[string]any{"fontFamily": `Liberation Sans", x="y`},
		"grid":      map[string]any{"top": 100, "containLabel": true},
		"xAxis":     map[string]any{"type": "category", "data": evil},
		"yAxis":     map[string]any{"type": "value", "name": evil[2]},
		"series": []any{map[string]any{
			"type": "bar", "name": evil[3], "data": []int{1, 2, 3, 4, 5},
			"itemStyle": map[string]any{"color": `red" onload="alert(1)`},
			"label":     map[string]any{"show": true, "formatter": "{b}"},
		}},
	}
	b, err := json.Marshal(option)
	if err != nil {
		t.Fatal(err)
	}
	// A lone surrogate, which JSON allows and UTF-8 cannot carry.
	b = bytes.Replace(b, []byte(`"bell`), []byte(`"\ud800bell`), 1)
	svg, err := r.SVG(ctx, b, Options{Width: 1200, Height: 675})
	if err != nil {
		t.Fatal(err)
	}
	save(t, "escaping.svg", svg)
	doc := parseSVG(t, svg)
	for _, el := range []string{"script", "foreignObject", "iframe"} {
		if doc.elements[el] > 0 {
			t.Errorf("SVG has a <%s> element", el)
		}
	}
	if doc.elements["svg"] != 1 {
		t.Errorf("SVG has %d <svg> elements, want 1", doc.elements["svg"])
	}
	for _, want := range []string{evil[0], evil[1], evil[2], evil[3], "\ufffdbelland" + "nul"} {
		if !doc.hasText(want) {
			t.Errorf("no text %q in %q", want, doc.texts)
		}
	}
	if bytes.Contains(svg, []byte(`onload="`)) {
		t.Error(`an onload="..." attribute got through`)
	}
	png, err := r.PNG(ctx, svg, 1)
	if err != nil {
		t.Fatalf("resvg refused the escaped SVG: %v", err)
	}
	checkPNG(t, png, 1200, 675)
}

// TestGolden compares the SVG of a fixed option with testdata/bar.golden.svg.
// After an intended change (ECharts, the theme, the font, the serializer),
// run go test -run TestGolden -update and review the diff.
func TestGolden(t *testing.T) {
	r := sharedRenderer(t)
	svg, err := r.SVG(context.Background(), readOption(t, "bar"), Options{Width: 1200, Height: 675, Theme: ThemeLight})
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "bar.golden.svg")
	if *update {
		if err := os.WriteFile(golden, svg, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(svg, want) {
		got, wantLines := strings.Split(string(svg), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(got), len(wantLines)) {
			if got[i] != wantLines[i] {
				t.Fatalf("SVG differs from %s at line %d:\n got: %s\nwant: %s\n(run with -update if the change is intended)",
					golden, i+1, got[i], wantLines[i])
			}
		}
		t.Fatalf("SVG differs from %s in length: %d lines, want %d", golden, len(got), len(wantLines))
	}
	// The same option drawn by the other runtime of the pool gives the same
	// bytes.
	again, err := r.SVG(context.Background(), readOption(t, "bar"), Options{Width: 1200, Height: 675, Theme: ThemeLight})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, svg) {
		t.Error("a second render of the same option differs")
	}
}

func TestConcurrent(t *testing.T) {
	r := sharedRenderer(t)
	ctx := context.Background()
	options := [][]byte{readOption(t, "bar"), readOption(t, "histogram"), readOption(t, "heatmap")}
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Go(func() {
			theme := Themes()[i%2]
			svg, err := r.SVG(ctx, options[i%len(options)], Options{Width: 800, Height: 450, Theme: theme})
			if err != nil {
				errs <- err
				return
			}
			b, err := r.PNG(ctx, svg, 1)
			if err != nil {
				errs <- err
				return
			}
			if img, err := png.Decode(bytes.NewReader(b)); err != nil || img.Bounds().Dx() != 800 {
				errs <- fmt.Errorf("request %d: bad PNG (%v)", i, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestClose(t *testing.T) {
	r := newRenderer(t, Config{Runtimes: 1})
	svg, err := r.SVG(context.Background(), readOption(t, "bar"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	r.Close()
	if _, err := r.SVG(context.Background(), readOption(t, "bar"), Options{}); !errors.Is(err, ErrClosed) {
		t.Errorf("SVG after Close: %v", err)
	}
	if _, err := r.PNG(context.Background(), svg, 1); !errors.Is(err, ErrClosed) {
		t.Errorf("PNG after Close: %v", err)
	}
}

func TestThemeJSON(t *testing.T) {
	for _, name := range Themes() {
		b, err := ThemeJSON(name)
		if err != nil {
			t.Fatal(err)
		}
		var theme struct {
			Color           []string `json:"color"`
			BackgroundColor string   `json:"backgroundColor"`
		}
		if err := json.Unmarshal(b, &theme); err != nil {
			t.Fatal(err)
		}
		if strings.Join(theme.Color, ",") != strings.Join(SideColors, ",") {
			t.Errorf("%s: palette %v, want the side colours", name, theme.Color)
		}
		if theme.BackgroundColor == "" {
			t.Errorf("%s: no background", name)
		}
	}
	if _, err := ThemeJSON("sepia"); err == nil {
		t.Error("unknown theme: no error")
	}
}

// TestWorker runs PNG renders in worker processes: images, an invalid
// request and concurrent requests. TestWorkerTimeout has the timeout.
func TestWorker(t *testing.T) {
	// The shared renderer draws the SVGs and compiles resvg into the cache
	// the workers share.
	sr := sharedRenderer(t)
	r := newRenderer(t, Config{Runtimes: 2, Worker: workerCmd})
	ctx := context.Background()
	svg, err := sr.SVG(ctx, readOption(t, "bar"), Options{Theme: ThemeDark})
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.PNG(ctx, svg, 2)
	if err != nil {
		t.Fatal(err)
	}
	checkPNG(t, b, 2400, 1350)

	huge := []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="9000" height="200"><rect width="10" height="10"/></svg>`)
	if _, err := r.PNG(ctx, huge, 1); !errors.Is(err, ErrInvalid) {
		t.Errorf("9000 px wide SVG: err = %v, want ErrInvalid", err)
	}

	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			b, err := r.PNG(ctx, svg, 1)
			if err == nil {
				_, err = png.Decode(bytes.NewReader(b))
			}
			if err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
