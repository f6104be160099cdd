package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// staticPrefix is the URL path under which static files are served, as
// staticPrefix + "<hash>/" + path.
const staticPrefix = "/static/"

// hashLen is the number of hex digits of a file's SHA-256 in its URL.
const hashLen = 8

// staticFile is one embedded file, read and hashed at start-up.
type staticFile struct {
	name string // path inside the static tree, "css/tonedesk.css"
	hash string // first hashLen hex digits of its SHA-256
	data []byte

	gzipOnce sync.Once
	gzipped  []byte // nil when compressing does not pay
}

// staticFiles serves an fs.FS under content-hashed URLs: a URL names the
// file's hash, so a browser may keep it for a year and a new release gets
// new URLs.
type staticFiles struct {
	files map[string]*staticFile
}

// newStaticFiles reads and hashes every file of fsys.
func newStaticFiles(fsys fs.FS) (*staticFiles, error) {
	sf := &staticFiles{files: map[string]*staticFile{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		sf.files[p] = &staticFile{name: p, hash: hex.EncodeToString(sum[:])[:hashLen], data: data}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static: %w", err)
	}
	return sf, nil
}

// add adds a file made at start-up (css/groups.css) under name, replacing
// an embedded file of that name.
func (sf *staticFiles) add(name string, data []byte) {
	sum := sha256.Sum256(data)
	sf.files[name] = &staticFile{name: name, hash: hex.EncodeToString(sum[:])[:hashLen], data: data}
}

// url returns the content-hashed URL of a static file, or an error when
// there is no such file. Templates call it as {{static "css/tonedesk.css"}}.
func (sf *staticFiles) url(name string) (string, error) {
	f, ok := sf.files[name]
	if !ok {
		return "", fmt.Errorf("static: no file %q", name)
	}
	return staticPrefix + f.hash + "/" + f.name, nil
}

// dirURL returns the content-hashed URL of the directory that holds the
// static file name, ending in a slash; go-echarts' AssetsHost takes it.
func (sf *staticFiles) dirURL(name string) (string, error) {
	u, err := sf.url(name)
	if err != nil {
		return "", err
	}
	return u[:strings.LastIndex(u, "/")+1], nil
}

// serve answers GET /static/:hash/*. A file whose hash matches is cached for
// a year; a stale hash (a page from an older release) still gets the current
// file, but uncached, so that no cache keeps the wrong content under that URL.
func (sf *staticFiles) serve(c echo.Context) error {
	f, ok := sf.files[c.Param("*")]
	if !ok {
		return echo.ErrNotFound
	}
	h := c.Response().Header()
	if c.Param("hash") == f.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Set("ETag", `"`+f.hash+`"`)
	h.Add("Vary", "Accept-Encoding")
	if ct, ok := staticTypes[path.Ext(f.name)]; ok {
		h.Set("Content-Type", ct)
	}
	body := f.data
	if gz := f.gzip(); gz != nil && acceptsGzip(c.Request()) {
		h.Set("Content-Encoding", "gzip")
		h.Set("ETag", `"`+f.hash+`-gz"`)
		body = gz
	}
	// ServeContent sets the Content-Type from the extension, answers
	// If-None-Match and Range requests.
	http.ServeContent(c.Response(), c.Request(), path.Base(f.name), time.Time{}, bytes.NewReader(body))
	return nil
}

// staticTypes are the media types of the extensions whose type should not
// depend on the system's MIME tables.
var staticTypes = map[string]string{
	".ttf": "font/ttf",
	".txt": "text/plain; charset=utf-8",
	".js":  "text/javascript; charset=utf-8",
	".css": "text/css; charset=utf-8",
}

// gzip returns the file compressed, computing it on first use, or nil when
// the file is not worth compressing.
func (f *staticFile) gzip() []byte {
	f.gzipOnce.Do(func() {
		switch path.Ext(f.name) {
		case ".js", ".css", ".svg", ".md", ".json", ".txt", ".ttf", "":
		default:
			return
		}
		if len(f.data) < 1024 {
			return
		}
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		if _, err := zw.Write(f.data); err != nil {
			return
		}
		if err := zw.Close(); err != nil {
			return
		}
		if b.Len() < len(f.data)*9/10 {
			f.gzipped = b.Bytes()
		}
	})
	return f.gzipped
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip
// ("gzip" or "gzip;q=..." with q above zero).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, params, _ := strings.Cut(part, ";")
		if !strings.EqualFold(strings.TrimSpace(enc), "gzip") {
			continue
		}
		q, ok := strings.CutPrefix(strings.TrimSpace(params), "q=")
		if !ok {
			return true
		}
		v, err := strconv.ParseFloat(q, 64)
		return err == nil && v > 0
	}
	return false
}
