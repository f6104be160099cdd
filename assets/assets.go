// Package assets holds the files tonedesk serves and renders, embedded in the
// binary so that the server depends on no working directory and no CDN: the
// vendored ECharts library, the style sheet, the page script and the HTML
// templates.
package assets

import "embed"

// Static holds the files served to browsers, under the directory "static/":
// css/, js/, img/ and vendor/echarts/ (see static/vendor/echarts/README.md).
// dashboard/web serves them under content-hashed URLs.
//
//go:embed static
var Static embed.FS

// Templates holds the html/template files of the dashboard pages, under the
// directory "templates/". dashboard/web parses them once at start-up.
//
//go:embed templates
var Templates embed.FS
