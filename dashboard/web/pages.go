package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/sentiment"
)

// pageNames are the page templates; each is parsed with layout.html.
var pageNames = []string{"index", "story", "error"}

// pages holds the parsed templates, one set per page.
type pages struct {
	tmpl map[string]*template.Template
}

// parsePages parses every page template of fsys (the assets.Templates tree)
// with the layout. Templates reach static files through {{static "path"}},
// which returns the content-hashed URL.
func parsePages(fsys fs.FS, static *staticFiles) (*pages, error) {
	funcs := template.FuncMap{"static": static.url}
	p := &pages{tmpl: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(fsys, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("templates: %s.html defines no \"content\"", name)
		}
		p.tmpl[name] = t
	}
	return p, nil
}

// render executes a page into a buffer, so that a template error becomes an
// error page rather than half a page, and writes it with status.
func (s *Server) render(c echo.Context, status int, name string, data any) error {
	t, ok := s.pages.tmpl[name]
	if !ok {
		return fmt.Errorf("render: no page %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.HTMLBlob(status, buf.Bytes())
}

// meta is what the layout needs from every page.
type meta struct {
	// Title is the page's <title>, before " · tonedesk".
	Title string
}

// errorPage is the page the error handler renders.
type errorPage struct {
	Meta    meta
	Status  int
	Heading string
	Detail  string
}

// indexPage lists the stories.
type indexPage struct {
	Meta    meta
	Stories []storyRow
}

// storyRow is one story of the index.
type storyRow struct {
	ID    string
	Title string
	Scope string
}

// storyPage is one story's dashboard.
type storyPage struct {
	Meta  meta
	ID    string
	Title string
	// Sides are the names of the sides of the story, when its story file
	// could be read.
	Sides []string
	// Scope says what data the page is looking at.
	Scope    string
	Charts   []chartView
	Sources  []sourceRow
	Articles []articleRow
	Comments []commentRow
	// CommentsTotal is the number of comments of the story; Comments may
	// hold fewer (Config.MaxComments).
	CommentsTotal int
}

// chartView is one chart section: the chart's container, its option as a
// JSON data block, its caption and text alternative.
type chartView struct {
	ID      string
	Alt     string
	Caption string
	// Height is the chart's height in CSS pixels.
	Height int
	// Option is the ECharts option, HTML-safe JSON (see optionJSON). It is
	// empty when there is nothing to draw, and Empty says why.
	Option json.RawMessage
	Empty  string
}

// sourceRow is one outlet in the data table of "Tone by source".
type sourceRow struct {
	Outlet                              string
	Articles, Quotes, Comments          int
	ArticleTone, QuoteTone, CommentTone string
}

// articleRow is one article of a story page.
type articleRow struct {
	Anchor string
	Source string
	Title  string
	// Lead is the opening words of an article without a title, so an
	// editor can tell untitled articles apart.
	Lead   string
	URL    string
	Date   dateView
	Quotes int
	Tone   scoreView
}

// commentRow is one comment of a story page.
type commentRow struct {
	Author  string
	Text    string
	Article string
	// ArticleAnchor links to the article's row, "" when it is not listed.
	ArticleAnchor string
	Posted        dateView
	Tone          scoreView
	Stance        string
}

// dateView is a time for a <time> element: ISO for the machine, Text for
// the reader; both empty when unknown.
type dateView struct {
	ISO  string
	Text string
}

// scoreView is a sentiment score with its label. Class is one of a fixed
// set of CSS class names, never text from the data.
type scoreView struct {
	Score string
	Label string
	Class string
}

// newScoreView returns the view of one analysis' sentiment.
func newScoreView(s sentiment.Sentiment) scoreView {
	v := scoreView{Score: formatScore(s.Score), Label: s.Label, Class: "tone-unknown"}
	switch s.Label {
	case sentiment.Negative, sentiment.Neutral, sentiment.Positive:
		v.Class = "tone-" + s.Label
	case "":
		v.Label = "unscored"
	}
	return v
}

// storyGroups reads the sides of a story from its story file: side id to
// name, and the names in file order. A story without a file has none.
func storyGroups(st dashboard.Story) (map[string]string, []string, error) {
	if strings.TrimSpace(st.Spec) == "" {
		return nil, nil, nil
	}
	spec, err := sentiment.ParseStory(st.ID, []byte(st.Spec))
	if err != nil {
		return nil, nil, err
	}
	ids := map[string]string{}
	var names []string
	for _, g := range spec.Sides {
		ids[g.ID] = g.Name
		names = append(names, g.Name)
	}
	return ids, names, nil
}

// stanceText writes a stance label for readers: "Pro Pakistan" for
// "pro_pakistan" when the side is known, "Balanced", "None".
func stanceText(label string, sides map[string]string) string {
	switch label {
	case "":
		return "—"
	case sentiment.StanceBalanced:
		return "Balanced"
	case sentiment.StanceNone:
		return "None"
	}
	if id, ok := strings.CutPrefix(label, "pro_"); ok {
		if name, ok := sides[id]; ok {
			return "Pro " + name
		}
		return "Pro " + id
	}
	return label
}

// storyData is what a story page is built from.
type storyData struct {
	Story    dashboard.Story
	Sides    map[string]string // side id to name
	Names    []string          // side names in order
	Summary  dashboard.Summary
	Articles []dashboard.Article
	Comments []dashboard.Comment
}

// buildStoryPage builds a story page from the store's rows. It returns an
// error only when a chart option cannot be encoded.
func (s *Server) buildStoryPage(d storyData) (storyPage, error) {
	loc := s.cfg.Location
	title := d.Story.Title
	if strings.TrimSpace(title) == "" {
		title = d.Story.ID
	}
	p := storyPage{
		Meta:          meta{Title: title},
		ID:            d.Story.ID,
		Title:         title,
		Sides:         d.Names,
		Scope:         scope(d.Summary, loc),
		CommentsTotal: len(d.Comments),
	}

	caption := chartCaption(d.Summary, loc)
	tone := chartView{
		ID: chartToneBySource, Alt: toneBySourceAlt(d.Summary), Caption: caption,
		Height: toneBySourceHeight(len(d.Summary.Sources)),
	}
	if len(d.Summary.Sources) == 0 {
		tone.Empty = "No articles yet, so no tone by source."
	} else {
		opt, err := optionJSON(toneBySourceChart(d.Summary, s.echartsDir), toneBySourceOverrides())
		if err != nil {
			return storyPage{}, err
		}
		tone.Option = opt
	}
	dist := chartView{
		ID: chartCommentSentiment, Alt: commentSentimentAlt(d.Summary), Caption: caption, Height: 380,
	}
	if d.Summary.Comments == 0 {
		dist.Empty = "No comments yet, so no distribution of their sentiment."
	} else {
		opt, err := optionJSON(commentSentimentChart(d.Summary, s.echartsDir), commentSentimentOverrides())
		if err != nil {
			return storyPage{}, err
		}
		dist.Option = opt
	}
	p.Charts = []chartView{tone, dist}

	for _, src := range d.Summary.Sources {
		p.Sources = append(p.Sources, sourceRow{
			Outlet:   outletName(src.Source),
			Articles: src.Articles, ArticleTone: meanCell(src.ArticleTone, src.Articles),
			Quotes: src.Quotes, QuoteTone: meanCell(src.QuoteTone, src.Quotes),
			Comments: src.Comments, CommentTone: meanCell(src.CommentTone, src.Comments),
		})
	}

	anchors := map[int64]string{}
	for _, a := range d.Articles {
		anchor := fmt.Sprintf("article-%d", a.ID)
		anchors[a.ID] = anchor
		p.Articles = append(p.Articles, articleRow{
			Anchor: anchor,
			Source: outletName(a.Source),
			Title:  strings.TrimSpace(a.Title),
			Lead:   leadWords(a.Body, 12),
			URL:    a.URL,
			Date:   dateView{ISO: isoDate(a.Published), Text: formatDate(a.Published, loc)},
			Quotes: len(a.Quotes),
			Tone:   newScoreView(a.Analysis.Sentiment),
		})
	}

	for i, c := range d.Comments {
		if i == s.cfg.MaxComments {
			break
		}
		author := c.Author
		if strings.TrimSpace(author) == "" {
			author = "Anonymous"
		}
		article := c.ArticleTitle
		if c.Source != "" {
			article += " — " + c.Source
		}
		p.Comments = append(p.Comments, commentRow{
			Author:        author,
			Text:          c.Text,
			Article:       strings.TrimSpace(article),
			ArticleAnchor: anchors[c.ArticleID],
			Posted:        dateView{ISO: isoDate(c.Posted), Text: formatDateTime(c.Posted, loc)},
			Tone:          newScoreView(c.Analysis.Sentiment),
			Stance:        stanceText(c.Analysis.Stance.Label, d.Sides),
		})
	}
	return p, nil
}

// meanCell writes a mean for a table cell: the score, or "—" over no items.
func meanCell(mean float64, n int) string {
	if n == 0 {
		return "—"
	}
	return formatScore(mean)
}
