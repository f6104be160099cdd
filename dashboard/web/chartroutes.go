package web

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/tonedesk/tonedesk/dashboard/web/render"
)

// chartCacheControl lets a browser or a CMS keep a chart file for a minute,
// then ask again with its ETag: the data change when a story is imported
// again, and a 304 costs no render. Private: a story's numbers may be
// unpublished.
const chartCacheControl = "private, max-age=60, must-revalidate"

// chartFileLink is the stable URL of a chart file: story, chart, format and
// the image options as query parameters, sorted, so the same file always
// has the same URL.
func chartFileLink(story, chart, format string, q url.Values) string {
	u := storyLink(story) + "/charts/" + url.PathEscape(chart) + "." + format
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// chartDownloadLinks are the links of a chart's download menu.
type chartDownloadLinks struct {
	Images []downloadRow
	CSV    downloadLink
	Alt    downloadLink
}

// downloadRow is one image of the menu, in the light and the dark theme.
type downloadRow struct {
	Label       string
	Light, Dark downloadLink
}

// downloadLink is a link and the name of the file it downloads.
type downloadLink struct {
	Href string
	File string
}

// chartDownloads returns the download menu of a chart: PNG at 1x and 2x and
// SVG at the default size, the presets, the CSV and the alt text, each with
// the page's filter (filterQuery's parameters, nil for none).
func chartDownloads(story, chart string, filter url.Values) *chartDownloadLinks {
	link := func(format string, s ImageSettings) downloadLink {
		q := url.Values{}
		for k, v := range filter {
			q[k] = slices.Clone(v)
		}
		if s.Preset != "" {
			q.Set("preset", s.Preset)
		}
		if s.Scale != 0 {
			q.Set("scale", strconv.Itoa(s.Scale))
		}
		if s.Theme != "" {
			q.Set("theme", s.Theme)
		}
		o, _ := s.Resolve()
		return downloadLink{Href: chartFileLink(story, chart, format, q), File: chartFileName(story, chart, fileImage(format, o)) + "." + format}
	}
	row := func(label, format string, s ImageSettings) downloadRow {
		dark := s
		dark.Theme = render.ThemeDark
		return downloadRow{Label: label, Light: link(format, s), Dark: link(format, dark)}
	}
	d := defaultImage
	art, soc, sq := imagePresets["article"], imagePresets["social"], imagePresets["square"]
	return &chartDownloadLinks{
		Images: []downloadRow{
			row(fmt.Sprintf("PNG, %d×%d", d.Width, d.Height), FormatPNG, ImageSettings{}),
			row(fmt.Sprintf("PNG 2x, %d×%d pixels", 2*d.Width, 2*d.Height), FormatPNG, ImageSettings{Scale: 2}),
			row("SVG", FormatSVG, ImageSettings{}),
			row(fmt.Sprintf("Article column, PNG %d×%d at %dx", art.Width, art.Height, art.Scale), FormatPNG, ImageSettings{Preset: "article"}),
			row(fmt.Sprintf("Social card, PNG %d×%d", soc.Width, soc.Height), FormatPNG, ImageSettings{Preset: "social"}),
			row(fmt.Sprintf("Square, PNG %d×%d", sq.Width, sq.Height), FormatPNG, ImageSettings{Preset: "square"}),
		},
		CSV: link(FormatCSV, ImageSettings{}),
		Alt: link(FormatTXT, ImageSettings{}),
	}
}

// plainErrorsKey marks a request whose errors are answered as plain text
// when the client does not ask for HTML: an <img> or a script asking for a
// chart file gets a short message it can show or log.
const plainErrorsKey = "tonedesk.plainErrors"

// handleChartFile answers GET /stories/:id/charts/:file, where file is a
// chart's name and a format's extension: tone-by-source.png. The query
// takes the image options: width, height (200–4000), scale (1 or 2), theme
// (light or dark), preset (article, social, square), and download=1 for an
// attachment rather than an inline file; and the filter of the story page
// (source, from, to: see ParseFilter). An image's ETag is known before it
// is drawn, so If-None-Match is answered without drawing.
func (s *Server) handleChartFile(c echo.Context) error {
	c.Set(plainErrorsKey, true)
	story := storyParam(c)
	file := c.Param("chart")
	if u, err := url.PathUnescape(file); err == nil {
		file = u
	}
	name, format, ok := cutLast(file, ".")
	if !ok {
		return chartPageError(notFound("There is no chart file “%s”: add .png, .svg, .csv or .txt to the chart's name.", file))
	}
	req := ExportRequest{Story: story, Chart: name, Format: format}
	if _, err := checkRequest(&req); err != nil {
		return chartPageError(err)
	}
	q := c.QueryParams()
	filter, err := filterFromQuery(q, s.cfg.Location)
	if err != nil {
		return chartPageError(err)
	}
	req.Filter = filter
	if isImage(format) {
		set, err := imageSettings(q)
		if err != nil {
			return chartPageError(err)
		}
		if req.Image, err = set.Resolve(); err != nil {
			return chartPageError(err)
		}
	}

	ctx, cancel := context.WithTimeout(c.Request().Context(), s.cfg.ImageWait)
	defer cancel()
	p, err := s.exporter.prepare(ctx, req)
	if err != nil {
		return chartPageError(err)
	}
	h := c.Response().Header()
	h.Set("ETag", p.file.ETag)
	h.Set("Cache-Control", chartCacheControl)
	if etagMatches(c.Request().Header.Get("If-None-Match"), p.file.ETag) {
		return c.NoContent(http.StatusNotModified)
	}
	disposition := "inline"
	if v := q.Get("download"); v != "" && v != "0" && v != "false" {
		disposition = "attachment"
	}
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": p.file.Name}))
	if c.Request().Method == http.MethodHead {
		// The headers are known before the image is drawn: a link
		// checker's HEAD does not cost a render.
		h.Set(echo.HeaderContentType, p.file.ContentType)
		return c.NoContent(http.StatusOK)
	}
	f, err := s.exporter.produce(ctx, p)
	if err != nil {
		h.Del("ETag")
		h.Del("Content-Disposition")
		h.Set("Cache-Control", "no-store")
		return chartPageError(err)
	}
	return c.Blob(http.StatusOK, f.ContentType, f.Body)
}

// imageSettings reads the image options of a chart URL's query.
func imageSettings(q url.Values) (ImageSettings, error) {
	s := ImageSettings{Preset: q.Get("preset"), Theme: q.Get("theme")}
	for _, f := range []struct {
		name string
		dst  *int
	}{{"width", &s.Width}, {"height", &s.Height}, {"scale", &s.Scale}} {
		v := strings.TrimSpace(q.Get(f.name))
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n == 0 {
			if f.name == "scale" {
				return s, badRequest("The scale must be 1 or 2, not “%s”.", v)
			}
			return s, badRequest("The %s must be a whole number of pixels from %d to %d, not “%s”.", f.name, MinImageSize, MaxImageSize, v)
		}
		*f.dst = n
	}
	return s, nil
}

// chartPageError turns an export error into the error page's terms.
func chartPageError(err error) error {
	ee, ok := err.(*exportError)
	if !ok {
		return err
	}
	pe := &pageError{Detail: ee.msg, Err: err}
	switch ee.kind {
	case ErrNotFound:
		pe.Status, pe.Title = http.StatusNotFound, "Chart not found"
	case ErrNoData:
		pe.Status, pe.Title = http.StatusNotFound, "Nothing to draw yet"
	case ErrBadRequest:
		pe.Status, pe.Title = http.StatusBadRequest, "Bad chart request"
	case ErrUnavailable:
		pe.Status, pe.Title = http.StatusServiceUnavailable, "Chart image not available"
	default:
		return err
	}
	return pe
}

// etagMatches reports whether an If-None-Match header names the entity tag
// (weakly, as RFC 9110 says for If-None-Match) or is "*".
func etagMatches(header, tag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == tag {
			return true
		}
	}
	return false
}

// cutLast cuts s around the last sep.
func cutLast(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// acceptsHTML reports whether a request's Accept header names HTML.
func acceptsHTML(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "text/html")
}
