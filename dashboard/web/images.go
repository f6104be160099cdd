package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/dashboard/web/render"
)

// Formats of a chart export: the file extensions of the chart routes and
// the values of `tonedesk export --format`.
const (
	FormatPNG = "png"
	FormatSVG = "svg"
	FormatCSV = "csv"
	FormatTXT = "txt" // the alt text
)

// Formats returns the export formats, images first.
func Formats() []string { return []string{FormatPNG, FormatSVG, FormatCSV, FormatTXT} }

// isImage reports whether a format is drawn by the renderer.
func isImage(format string) bool { return format == FormatPNG || format == FormatSVG }

// contentTypes are the media types of the formats.
var contentTypes = map[string]string{
	FormatPNG: "image/png",
	FormatSVG: "image/svg+xml; charset=utf-8",
	FormatCSV: "text/csv; charset=utf-8; header=present",
	FormatTXT: "text/plain; charset=utf-8",
}

// ImageOptions are the publication options of a chart image.
type ImageOptions struct {
	// Width and Height of the image in CSS pixels, MinImageSize to
	// MaxImageSize.
	Width, Height int
	// Scale is 1 or 2: a PNG has Scale×Width by Scale×Height pixels. An SVG
	// ignores it.
	Scale int
	// Theme is "light" or "dark".
	Theme string
}

// Limits of ImageOptions.
const (
	MinImageSize = render.MinSize
	MaxImageSize = render.MaxSize
)

// defaultImage is an image without options: 1200×675 at 1x, light.
var defaultImage = ImageOptions{Width: render.DefaultWidth, Height: render.DefaultHeight, Scale: 1, Theme: render.ThemeLight}

// imagePresets are the named sizes an editor asks for most.
var imagePresets = map[string]ImageOptions{
	// An article column: 720 CSS pixels wide, at 2x for sharp text on
	// high-density screens and in print.
	"article": {Width: 720, Height: 405, Scale: 2, Theme: render.ThemeLight},
	// A social card (Open Graph, X, LinkedIn).
	"social": {Width: 1200, Height: 630, Scale: 1, Theme: render.ThemeLight},
	// A square post.
	"square": {Width: 1080, Height: 1080, Scale: 1, Theme: render.ThemeLight},
}

// Presets returns the names of the image presets, sorted.
func Presets() []string { return slices.Sorted(maps.Keys(imagePresets)) }

// ImageSettings are image options as a request gives them: from the query
// of a chart URL or the flags of `tonedesk export`. Zero fields are not
// given. Resolve turns them into ImageOptions.
type ImageSettings struct {
	// Preset is "", "article", "social" or "square": it gives the size and
	// scale that Width, Height and Scale do not.
	Preset        string
	Width, Height int
	Scale         int
	Theme         string
}

// Resolve returns the image options: the default (1200×675 at 1x, light),
// overridden by the preset, overridden by the fields given. It returns an
// error wrapping ErrBadRequest, which says what is wrong, for an unknown
// preset or theme, a size outside 200–4000 or a scale other than 1 or 2.
func (s ImageSettings) Resolve() (ImageOptions, error) {
	o := defaultImage
	if s.Preset != "" {
		p, ok := imagePresets[s.Preset]
		if !ok {
			return o, badRequest("There is no preset “%s”: use %s.", s.Preset, strings.Join(Presets(), ", "))
		}
		o = p
	}
	for _, d := range []struct {
		name string
		v    int
		dst  *int
	}{{"width", s.Width, &o.Width}, {"height", s.Height, &o.Height}} {
		if d.v == 0 {
			continue
		}
		if d.v < MinImageSize || d.v > MaxImageSize {
			return o, badRequest("The %s must be %d to %d pixels, not %d.", d.name, MinImageSize, MaxImageSize, d.v)
		}
		*d.dst = d.v
	}
	if s.Scale != 0 {
		if s.Scale != 1 && s.Scale != 2 {
			return o, badRequest("The scale must be 1 or 2, not %d.", s.Scale)
		}
		o.Scale = s.Scale
	}
	if s.Theme != "" {
		if !slices.Contains(render.Themes(), s.Theme) {
			return o, badRequest("There is no theme “%s”: use %s.", s.Theme, strings.Join(render.Themes(), " or "))
		}
		o.Theme = s.Theme
	}
	return o, nil
}

// Errors of a chart export. The errors returned wrap one of them, with a
// message for the person who asked; the HTTP routes answer them with the
// status in brackets.
var (
	// ErrNotFound: no such story or chart, or a format that does not exist
	// (404).
	ErrNotFound = errors.New("not found")
	// ErrBadRequest: image options outside the limits (400).
	ErrBadRequest = errors.New("bad request")
	// ErrNoData: the chart has nothing to draw yet, so it has no image; its
	// CSV and alt text still exist (404).
	ErrNoData = errors.New("nothing to draw")
	// ErrUnavailable: the image could not be drawn now: the render took
	// longer than the renderer allows, the renderer is closed, or there is
	// none (503).
	ErrUnavailable = errors.New("image not available")
)

// exportError is an export error with its message for the reader.
type exportError struct {
	kind error
	msg  string
	err  error // the cause, for the log; may be nil
}

// Error returns the message; the cause is in the log, not the message.
func (e *exportError) Error() string {
	if e.err != nil {
		return e.msg + " (" + e.err.Error() + ")"
	}
	return e.msg
}

// Unwrap returns the kind and the cause.
func (e *exportError) Unwrap() []error {
	if e.err != nil {
		return []error{e.kind, e.err}
	}
	return []error{e.kind}
}

func badRequest(format string, args ...any) error {
	return &exportError{kind: ErrBadRequest, msg: fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) error {
	return &exportError{kind: ErrNotFound, msg: fmt.Sprintf(format, args...)}
}

// ExportRequest names one export: a chart of a story in a format.
type ExportRequest struct {
	Story  string
	Chart  string // a name of ChartNames
	Format string // a format of Formats
	// Image are the image options of PNG and SVG; a zero field is the
	// default image's (1200×675 at 1x, light).
	Image ImageOptions
	// Filter narrows the story (see ParseFilter); the zero Filter is the
	// whole story. The charts' subtitles state it.
	Filter dashboard.Filter
}

// ExportFile is one exported file.
type ExportFile struct {
	// Name is the file name: story, chart, size and theme (when not the
	// default) and the format's extension.
	Name        string
	ContentType string
	// ETag is a strong HTTP entity tag, quoted. For an image it hashes what
	// the image is drawn from (option, size, theme, scale and
	// render.EngineVersion), so it is known before the image is drawn; for
	// CSV and alt text it hashes the bytes. The filter is in both: the
	// option's subtitle and the alt text state it, and the numbers follow
	// it (two filters that give the same CSV give the same file).
	ETag string
	Body []byte
}

// Exporter makes the files of a story's charts: PNG, SVG, CSV and alt text.
// The chart routes of the dashboard and `tonedesk export` both go through
// it, so a file is the same whichever way it is asked for. It is safe for
// concurrent use.
type Exporter struct {
	store    dashboard.Store
	renderer *render.Renderer
	loc      *time.Location
	cache    *imageCache // nil: none
}

// NewExporter returns an Exporter that reads st and draws with r. With a nil
// r it makes CSV and alt text only; images fail with ErrUnavailable. A nil
// loc means UTC (the dates of the caption).
func NewExporter(st dashboard.Store, r *render.Renderer, loc *time.Location) *Exporter {
	if loc == nil {
		loc = time.UTC
	}
	return &Exporter{store: st, renderer: r, loc: loc}
}

// withCache makes the Exporter keep the images it draws last, up to max
// bytes (see imageCache); max ≤ 0 keeps none.
func (x *Exporter) withCache(max int64) *Exporter {
	x.cache = newImageCache(max)
	return x
}

// preparedExport is an export up to the render: for CSV and alt text the
// file itself, for an image the option to draw and the file's ETag.
type preparedExport struct {
	req    ExportRequest
	file   ExportFile // Body empty for an image
	option []byte     // the image's option, for an image
}

// Export makes one file. Its errors wrap ErrNotFound, ErrBadRequest,
// ErrNoData or ErrUnavailable with a message that names what was asked for,
// or are the store's or the context's errors.
func (x *Exporter) Export(ctx context.Context, req ExportRequest) (*ExportFile, error) {
	p, err := x.prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	return x.produce(ctx, p)
}

// checkRequest checks the chart name and the format, and fills in the
// fields of the image that are not given from the default image.
func checkRequest(req *ExportRequest) (*chartSpec, error) {
	spec := findChart(req.Chart)
	if spec == nil {
		return nil, notFound("There is no chart “%s”. The charts are %s.", req.Chart, strings.Join(ChartNames(), ", "))
	}
	if _, ok := contentTypes[req.Format]; !ok {
		return nil, notFound("There is no format “%s”: use %s.", req.Format, strings.Join(Formats(), ", "))
	}
	// Fields not given are the default image's.
	o := &req.Image
	if o.Width == 0 {
		o.Width = defaultImage.Width
	}
	if o.Height == 0 {
		o.Height = defaultImage.Height
	}
	if o.Scale == 0 {
		o.Scale = defaultImage.Scale
	}
	if o.Theme == "" {
		o.Theme = defaultImage.Theme
	}
	return spec, nil
}

// prepare loads the story, builds the chart and, for CSV and alt text, the
// file.
func (x *Exporter) prepare(ctx context.Context, req ExportRequest) (*preparedExport, error) {
	spec, err := x.check(&req)
	if err != nil {
		return nil, err
	}
	src, err := x.read(ctx, req.Story, req.Filter)
	if err != nil {
		return nil, err
	}
	return x.build(spec, req, src)
}

// check checks a request as checkRequest does, and for an image its
// options and that there is a renderer.
func (x *Exporter) check(req *ExportRequest) (*chartSpec, error) {
	spec, err := checkRequest(req)
	if err != nil {
		return nil, err
	}
	if isImage(req.Format) {
		if _, err := (ImageSettings{Width: req.Image.Width, Height: req.Image.Height, Scale: req.Image.Scale, Theme: req.Image.Theme}).Resolve(); err != nil {
			return nil, err
		}
		if x.renderer == nil {
			return nil, &exportError{kind: ErrUnavailable, msg: "Chart images are not available: this server runs without a renderer."}
		}
	}
	return spec, nil
}

// exportSource is what the files of a story under a filter are made
// from: the story and its summary.
type exportSource struct {
	story dashboard.Story
	sum   dashboard.Summary
}

// read reads a story and its summary under a filter.
func (x *Exporter) read(ctx context.Context, storyID string, f dashboard.Filter) (*exportSource, error) {
	st, err := x.store.Story(ctx, storyID)
	if errors.Is(err, dashboard.ErrNotFound) {
		return nil, notFound("There is no story with the id “%s”.", storyID)
	}
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", storyID, err)
	}
	sum, err := x.store.Summary(ctx, storyID, f)
	if err != nil {
		return nil, fmt.Errorf("export %s: summary: %w", storyID, err)
	}
	return &exportSource{story: st, sum: sum}, nil
}

// StoryExport makes the files of one story under one filter, from one
// read of the story and its summary: `tonedesk export --all` asks it for
// every chart in every format.
type StoryExport struct {
	x      *Exporter
	id     string
	src    *exportSource
	filter dashboard.Filter
}

// Story reads a story and its summary under f once, for several exports.
// Its errors are Export's: ErrNotFound for a story that does not exist, or
// the store's or the context's errors.
func (x *Exporter) Story(ctx context.Context, storyID string, f dashboard.Filter) (*StoryExport, error) {
	src, err := x.read(ctx, storyID, f)
	if err != nil {
		return nil, err
	}
	return &StoryExport{x: x, id: storyID, src: src, filter: f}, nil
}

// Export makes one file of the story, as Exporter.Export does with the
// story and filter of s, without reading the store again.
func (s *StoryExport) Export(ctx context.Context, chart, format string, o ImageOptions) (*ExportFile, error) {
	req := ExportRequest{Story: s.id, Chart: chart, Format: format, Image: o, Filter: s.filter}
	spec, err := s.x.check(&req)
	if err != nil {
		return nil, err
	}
	p, err := s.x.build(spec, req, s.src)
	if err != nil {
		return nil, err
	}
	return s.x.produce(ctx, p)
}

// build builds the chart of a checked request from its story and summary
// and, for CSV and alt text, the file; for an image, the option to draw
// and the ETag.
func (x *Exporter) build(spec *chartSpec, req ExportRequest, src *exportSource) (*preparedExport, error) {
	st, sum := src.story, src.sum
	// A story file that no longer parses costs the side names, as on the
	// page.
	_, gs, _ := storyGroups(st)
	theme := render.ThemeLight
	if isImage(req.Format) {
		theme = req.Image.Theme
	}
	c, err := buildChart(spec, chartInput{Summary: sum, Groups: gs.chartGroups(sum.SideTones), Theme: theme,
		Filter: filterSubtitle(req.Filter, x.loc)})
	if err != nil {
		return nil, fmt.Errorf("export %s/%s: %w", req.Story, req.Chart, err)
	}

	p := &preparedExport{req: req}
	p.file.ContentType = contentTypes[req.Format]
	fo := fileImage(req.Format, req.Image)
	p.file.Name = chartFileName(req.Story, req.Chart, fo) + "." + req.Format

	switch req.Format {
	case FormatCSV:
		if p.file.Body, err = c.Data.encode(); err != nil {
			return nil, fmt.Errorf("export %s/%s: %w", req.Story, req.Chart, err)
		}
		p.file.ETag = etag([]byte(req.Format), p.file.Body)
		return p, nil
	case FormatTXT:
		p.file.Body = []byte(c.Alt + "\n")
		p.file.ETag = etag([]byte(req.Format), p.file.Body)
		return p, nil
	}

	if c.Option == nil {
		return nil, &exportError{kind: ErrNoData,
			msg: fmt.Sprintf("The chart “%s” of story “%s” has nothing to draw yet: %s Its CSV and alt text are there.", req.Chart, req.Story, c.Empty)}
	}
	m, err := imageOption(c.Option, imageCaption(sum, x.loc), req.Image, x.renderer.TextWidth)
	if err != nil {
		return nil, fmt.Errorf("export %s/%s: %w", req.Story, req.Chart, err)
	}
	if p.option, err = json.Marshal(m); err != nil {
		return nil, fmt.Errorf("export %s/%s: %w", req.Story, req.Chart, err)
	}
	p.file.ETag = etag([]byte(req.Format), []byte(render.EngineVersion()),
		[]byte(fmt.Sprintf("%dx%d@%d/%s", fo.Width, fo.Height, fo.Scale, fo.Theme)), p.option)
	return p, nil
}

// fileImage returns the image options that shape a file of format, for its
// name and its ETag: nil for CSV and alt text, scale 1 for an SVG (it has
// no pixels), o for a PNG.
func fileImage(format string, o ImageOptions) *ImageOptions {
	switch format {
	case FormatPNG:
		return &o
	case FormatSVG:
		o.Scale = 1
		return &o
	}
	return nil
}

// imageCaption is the caption of a chart image: chartCaption, with the date
// range held together by no-break spaces, so a wrapped caption does not
// leave the year alone on its line.
func imageCaption(sum dashboard.Summary, loc *time.Location) string {
	caption := chartCaption(sum, loc)
	if d := formatDateRange(sum.From, sum.To, loc); d != "" {
		caption = strings.TrimSuffix(caption, d) + strings.ReplaceAll(d, " ", "\u00a0")
	}
	return caption
}

// produce draws the image of a prepared export; a CSV or alt text is
// already made.
func (x *Exporter) produce(ctx context.Context, p *preparedExport) (*ExportFile, error) {
	f := p.file
	if !isImage(p.req.Format) {
		return &f, nil
	}
	if b, ok := x.cache.get(f.ETag); ok {
		f.Body = b
		return &f, nil
	}
	o := p.req.Image
	svg, err := x.renderer.SVG(ctx, p.option, render.Options{Width: o.Width, Height: o.Height, Theme: o.Theme})
	if err == nil && p.req.Format == FormatPNG {
		f.Body, err = x.renderer.PNG(ctx, svg, float64(o.Scale))
	} else {
		f.Body = svg
	}
	if err != nil {
		return nil, renderError(p.req, err)
	}
	x.cache.put(f.ETag, f.Body)
	return &f, nil
}

// renderError says what went wrong with a render.
func renderError(req ExportRequest, err error) error {
	switch {
	case errors.Is(err, render.ErrTimeout):
		return &exportError{kind: ErrUnavailable, err: err,
			msg: fmt.Sprintf("The image of “%s” took too long to draw and was stopped. Try again in a moment, or ask for a smaller size.", req.Chart)}
	case errors.Is(err, context.DeadlineExceeded):
		return &exportError{kind: ErrUnavailable, err: err,
			msg: fmt.Sprintf("The server is busy drawing other images and could not draw “%s” in time. Try again in a moment.", req.Chart)}
	case errors.Is(err, render.ErrClosed):
		return &exportError{kind: ErrUnavailable, err: err, msg: "The server is shutting down: try again in a moment."}
	case errors.Is(err, render.ErrInvalid):
		return &exportError{kind: ErrBadRequest, err: err,
			msg: fmt.Sprintf("The image of “%s” cannot be drawn at %d×%d at %dx.", req.Chart, req.Image.Width, req.Image.Height, req.Image.Scale)}
	}
	return fmt.Errorf("export %s/%s.%s: %w", req.Story, req.Chart, req.Format, err)
}

// etag hashes the parts that decide a file into a strong entity tag.
func etag(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(strconv.Itoa(len(p))))
		h.Write([]byte{0})
		h.Write(p)
	}
	return `"` + hex.EncodeToString(h.Sum(nil))[:32] + `"`
}
