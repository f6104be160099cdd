package web

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"math"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/dashboard/web/render"
	"github.com/tonedesk/tonedesk/sentiment"
)

// pageNames are the page templates; each is parsed with layout.html.
var pageNames = []string{"index", "story", "article", "error", "login", "moderation", "audit", "users", "tokens", "secret"}

// pages holds the parsed templates, one set per page.
type pages struct {
	tmpl map[string]*template.Template
}

// parsePages parses every page template of fsys (the assets.Templates tree)
// with the layout and the shared parts (partials.html). Templates reach static files through {{static "path"}},
// which returns the content-hashed URL.
func parsePages(fsys fs.FS, static *staticFiles) (*pages, error) {
	funcs := template.FuncMap{"static": static.url}
	p := &pages{tmpl: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(fsys, "templates/layout.html", "templates/partials.html", "templates/"+name+".html")
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
	data = withViewer(data, currentViewer(c))
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	if h := c.Response().Header(); h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache") // a page with a secret sets no-store
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// meta is what the layout needs from every page.
type meta struct {
	// Title is the page's <title>, before " · tonedesk".
	Title string
	// Viewer is who is logged in, nil on the login page; render fills it
	// in.
	Viewer *viewer
}

// withViewer returns a copy of a page struct (one with a Meta field) whose
// Meta.Viewer is v; anything else is returned as it is.
func withViewer(data any, v *viewer) any {
	rv := reflect.ValueOf(data)
	if v == nil || rv.Kind() != reflect.Struct {
		return data
	}
	p := reflect.New(rv.Type())
	p.Elem().Set(rv)
	m := p.Elem().FieldByName("Meta")
	if !m.IsValid() || m.Type() != reflect.TypeOf(meta{}) {
		return data
	}
	m.FieldByName("Viewer").Set(reflect.ValueOf(v))
	return p.Interface()
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
	// Sides are the sides of the story, when its story file could be read.
	Sides []group
	// Scope says what data the page is looking at: the whole story, or
	// (Filter.Active) how much of it the filter keeps.
	Scope string
	// Filter is the filter form and what it selects.
	Filter filterView
	// Stale, when set, says how many of the items shown another analyzer
	// than the story's last one scored (see staleNote).
	Stale    string
	Charts   []chartView
	Articles []articleRow
	// ArticlesTotal is the number of articles the filter matches;
	// Articles may hold fewer (Config.MaxArticles).
	ArticlesTotal int
	Quotes        []quoteRow
	// QuotesTotal is the number of quoted statements of the story; Quotes
	// may hold fewer (Config.MaxQuotes).
	QuotesTotal int
	Comments    []commentRow
	// CommentsTotal is the number of comments of the story; Comments may
	// hold fewer (Config.MaxComments).
	CommentsTotal int
}

// filterView is the filter form of a story page.
type filterView struct {
	// Action is the story page's path, where the form goes (GET).
	Action string
	// Outlets are the choices of outlet: the story's, in byte order, then
	// any the filter names that the story does not have.
	Outlets []outletChoice
	// From and To are the days of the date inputs, YYYY-MM-DD or "".
	From, To string
	// Active is true when the page is filtered; Clear is then the link to
	// the whole story.
	Active bool
	Clear  string
	// NoMatch, when set, says why nothing or less than asked is shown: an
	// outlet that is not in the story, a filter that matches no article.
	NoMatch string
	// Rejected is true when the comments moderators rejected are counted.
	Rejected bool
}

// outletChoice is one outlet checkbox. Value is the source as stored ("" for
// the articles with no outlet), Name how it is shown; Missing is true when
// the filter names an outlet the story does not have.
type outletChoice struct {
	Value   string
	Name    string
	Checked bool
	Missing bool
}

// chartView is one chart section: the chart's container, its option as a
// JSON data block, its caption and text alternative, and its numbers as a
// table.
type chartView struct {
	ID string
	// Name is the chart's name in the URLs of its files; Title its title.
	Name    string
	Title   string
	Alt     string
	Caption string
	// Height is the chart's height in CSS pixels.
	Height int
	// Option is the ECharts option, HTML-safe JSON (see encodeOption). It is
	// empty when there is nothing to draw, and Empty says why.
	Option json.RawMessage
	Empty  string
	// Table is the chart's data as a table, nil when there is none.
	Table *dataTable
	// Downloads are the links of the chart's download menu, nil when the
	// chart has nothing to draw.
	Downloads *chartDownloadLinks
}

// dataTable is the data of a chart as a table, for readers who cannot see
// the chart and for those who want the numbers.
type dataTable struct {
	Summary string
	Columns []tableColumn
	Rows    []tableRow
}

// tableColumn is a column heading; Num right-aligns the column.
type tableColumn struct {
	Text string
	Num  bool
}

// tableRow is a row: its heading cell and its cells.
type tableRow struct {
	Head  tableCell
	Cells []tableCell
}

// tableCell is one cell. Class, when set, is a group's colour class (a
// fixed set, see groups.go) and puts a swatch before the text.
type tableCell struct {
	Text  string
	Num   bool
	Class string
}

// articleRow is one article of a story page.
type articleRow struct {
	Anchor string
	// Link is the article's page on the dashboard.
	Link   string
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

// quoteRow is one quoted statement of a story or article page.
type quoteRow struct {
	// Anchor is the id of the row on an article page when the statement
	// could not be placed in the text (so that its link still lands).
	Anchor  string
	Speaker string
	Group   group
	Via     string
	Text    string
	Tone    scoreView
	// Link is the statement's place in the article's text.
	Link string
	// Article names the article ("Dawn — Talks stall"); ArticleLink is its
	// page.
	Article     string
	ArticleLink string
	// Placed is false when the statement's offsets do not fit its article's
	// text; its link then leads to its row in the article's list.
	Placed bool
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
// set of CSS class names, never text from the data. Why are the words and
// phrases that moved the score most: what an editor reads to see why a
// statement or comment scored as it did.
type scoreView struct {
	Score string
	Label string
	Class string
	Why   []driverView
}

// driverView is one word or phrase that moved a score, and which way.
type driverView struct {
	Negative bool
	Text     string
}

// placeholderNames writes the model's placeholders for a mention of a side
// or a party ("@side must stop") as a reader can take them.
var placeholderNames = strings.NewReplacer("@side", "[a side]", "@party", "[a party]")

// whyDrivers is how many drivers a score shows.
const whyDrivers = 3

// whyOf returns the whyDrivers heaviest drivers, each word folded into a
// phrase that holds it (sentiment.FoldPhraseDrivers: no "war +1.1" beside
// "open war −3.2"), leaving out those that moved the score next to nothing
// and pairs of function words ("of the"), which explain nothing.
func whyOf(ds []sentiment.Driver) []driverView {
	ds = sentiment.FoldPhraseDrivers(ds)
	slices.SortStableFunc(ds, func(a, b sentiment.Driver) int {
		return cmp.Compare(math.Abs(b.Weight), math.Abs(a.Weight))
	})
	var out []driverView
	for _, d := range ds {
		if len(out) == whyDrivers || math.Abs(d.Weight) < 0.05 {
			break
		}
		if sentiment.OnlyFunctionWords(d.Text) {
			continue
		}
		out = append(out, driverView{Negative: d.Weight < 0, Text: placeholderNames.Replace(d.Text)})
	}
	return out
}

// newScoreView returns the view of one analysis' sentiment.
func newScoreView(s sentiment.Sentiment) scoreView {
	v := scoreView{Score: formatScore(s.Score), Label: s.Label, Class: "tone-unknown", Why: whyOf(s.Drivers)}
	switch s.Label {
	case sentiment.Negative, sentiment.Neutral, sentiment.Positive:
		v.Class = "tone-" + s.Label
	case "":
		v.Label = "unscored"
	}
	return v
}

// storyGroups reads the sides and parties of a story from its story file:
// side id to name, and the groups. A story without a file has none; one
// whose file does not parse has none and an error.
func storyGroups(st dashboard.Story) (map[string]string, groups, error) {
	if strings.TrimSpace(st.Spec) == "" {
		return nil, newGroups(nil), nil
	}
	spec, err := sentiment.ParseStory(st.ID, []byte(st.Spec))
	if err != nil {
		return nil, newGroups(nil), err
	}
	ids := map[string]string{}
	for _, g := range spec.Sides {
		ids[g.ID] = groupName(g)
	}
	return ids, newGroups(spec), nil
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

// storyData is what a story page is built from: the story's summary under
// the filter, and all its articles and comments (the page keeps those the
// filter matches).
type storyData struct {
	Story   dashboard.Story
	Sides   map[string]string // side id to name
	Groups  groups
	Filter  dashboard.Filter
	Summary dashboard.Summary
	// Articles are the story's articles with their quotes, or, when
	// ArticlesPaged, only the first Config.MaxArticles of those the filter
	// matches (an articlePager's pages), QuoteArticles then holding the
	// first Config.MaxQuotes quoted statements under their articles and
	// Outlets the story's outlets with their numbers of articles;
	// Summary counts them all.
	Articles      []dashboard.Article
	ArticlesPaged bool
	QuoteArticles []dashboard.Article
	Outlets       map[string]int
	// Comments are the story's comments, or, when CommentsPaged, only the
	// first Config.MaxComments of those the filter matches (a
	// commentPager's page), Summary.Comments counting them all.
	Comments      []dashboard.Comment
	CommentsPaged bool
}

// commentPager is a Store that reads one page of a story's comments
// (dashboard/store does): the first limit comments, in the order of
// Comments, of the articles f matches, without the rejected ones unless
// f.Rejected. The story page then reads the comments it lists rather than
// all of them.
type commentPager interface {
	CommentPage(ctx context.Context, storyID string, f dashboard.Filter, limit int) ([]dashboard.Comment, error)
}

// articlePager is a Store that reads one page of a story's articles and
// one of its quoted statements, and the outlets of its articles
// (dashboard/store does): the first limit articles, in the order of
// Articles, that f matches, each with its quotes; the first limit quotes
// of those articles in the same order, under their articles; each outlet
// with its number of articles. The story page then reads the articles and
// statements it lists rather than all of them.
type articlePager interface {
	ArticlePage(ctx context.Context, storyID string, f dashboard.Filter, limit int) ([]dashboard.Article, error)
	QuotePage(ctx context.Context, storyID string, f dashboard.Filter, limit int) ([]dashboard.Article, error)
	Outlets(ctx context.Context, storyID string) (map[string]int, error)
}

// pagedArticles returns what the tables of a story page are drawn from,
// as an articlePager reads them: the first MaxArticles articles the filter
// matches, the articles holding the first MaxQuotes quoted statements,
// the outlets of the story with their numbers of articles, and the
// number of articles the filter matches. From a store's full list it
// keeps those the filter matches (Filter.Match is the store's rule).
func (s *Server) pagedArticles(d storyData) (articles, quotes []dashboard.Article, outlets map[string]int, matched int) {
	if d.ArticlesPaged {
		return d.Articles, d.QuoteArticles, d.Outlets, d.Summary.Articles
	}
	outlets = map[string]int{}
	var all []dashboard.Article
	for _, a := range d.Articles {
		outlets[a.Source]++
		if d.Filter.Match(a.Source, a.Published) {
			all = append(all, a)
		}
	}
	return all[:min(len(all), s.cfg.MaxArticles)], all, outlets, len(all)
}

// storyLink is the path of a story's page.
func storyLink(storyID string) string {
	return "/stories/" + url.PathEscape(storyID)
}

// articleLink is the path of an article's page.
func articleLink(storyID string, articleID int64) string {
	return fmt.Sprintf("%s/articles/%d", storyLink(storyID), articleID)
}

// quoteAnchor is the id of a quoted statement's place on its article's page.
func quoteAnchor(quoteID int64) string {
	return fmt.Sprintf("quote-%d", quoteID)
}

// buildStoryPage builds a story page from the store's rows. It returns an
// error only when a chart option cannot be encoded.
func (s *Server) buildStoryPage(d storyData) (storyPage, error) {
	loc := s.cfg.Location
	title := d.Story.Title
	if strings.TrimSpace(title) == "" {
		title = d.Story.ID
	}
	// The tables show what the charts count: the articles the filter
	// matches, with their comments.
	articles, quoteArticles, outlets, matched := s.pagedArticles(d)
	all := 0
	for _, n := range outlets {
		all += n
	}
	comments := d.Comments
	if !d.CommentsPaged {
		comments = nil
		published := map[int64]time.Time{}
		for _, a := range d.Articles {
			published[a.ID] = a.Published
		}
		for _, c := range d.Comments {
			if d.Filter.Match(c.Source, published[c.ArticleID]) && d.Filter.MatchComment(c.Moderation) {
				comments = append(comments, c)
			}
		}
	}
	p := storyPage{
		Meta:          meta{Title: title},
		ID:            d.Story.ID,
		Title:         title,
		Scope:         scope(d.Summary, loc),
		Filter:        newFilterView(d, outlets, loc),
		Stale:         staleNote(d.Summary.Stale),
		ArticlesTotal: matched,
		CommentsTotal: len(comments),
	}
	if d.CommentsPaged {
		p.CommentsTotal = d.Summary.Comments
	}
	if p.Filter.Active {
		p.Scope = fmt.Sprintf("Showing %d of %s: %s · %s, %s", d.Summary.Articles, plural(all, "article", "articles"),
			filterText(d.Filter, loc), plural(d.Summary.Quotes, "quoted statement", "quoted statements"),
			plural(d.Summary.Comments, "comment", "comments"))
	}
	for _, g := range d.Groups.list {
		if g.Kind == kindSide {
			p.Sides = append(p.Sides, g)
		}
	}

	charts, err := s.storyCharts(d)
	if err != nil {
		return storyPage{}, err
	}
	p.Charts = charts

	anchors := map[int64]string{}
	for _, a := range articles {
		anchor := fmt.Sprintf("article-%d", a.ID)
		anchors[a.ID] = anchor
		p.Articles = append(p.Articles, articleRow{
			Anchor: anchor,
			Link:   articleLink(d.Story.ID, a.ID),
			Source: outletName(a.Source),
			Title:  strings.TrimSpace(a.Title),
			Lead:   leadWords(a.Body, 12),
			URL:    a.URL,
			Date:   dateView{ISO: isoDate(a.Published), Text: formatDate(a.Published, loc)},
			Quotes: len(a.Quotes),
			Tone:   newScoreView(a.Analysis.Sentiment),
		})
	}
	p.Quotes, p.QuotesTotal = s.quoteRows(d, quoteArticles)

	for i, c := range comments {
		if i == s.cfg.MaxComments {
			break
		}
		p.Comments = append(p.Comments, newCommentRow(c, anchors[c.ArticleID], d.Sides, loc))
	}
	return p, nil
}

// quoteRows returns the rows of the first MaxQuotes quoted statements of
// articles, and how many statements the filter matches: those of articles,
// or Summary's count when they are an articlePager's page.
func (s *Server) quoteRows(d storyData, articles []dashboard.Article) ([]quoteRow, int) {
	var rows []quoteRow
	total := 0
	for _, a := range articles {
		for _, q := range a.Quotes {
			total++
			if len(rows) == s.cfg.MaxQuotes {
				continue
			}
			row := newQuoteRow(d.Story.ID, a, q, d.Groups)
			row.Article = articleName(a)
			row.ArticleLink = articleLink(d.Story.ID, a.ID)
			rows = append(rows, row)
		}
	}
	if d.ArticlesPaged {
		total = d.Summary.Quotes
	}
	return rows, total
}

// storyCharts builds the chart sections of a story page, in the order of
// chartSpecs, each with the links to its files. It returns an error only
// when a chart option cannot be encoded.
func (s *Server) storyCharts(d storyData) ([]chartView, error) {
	sum := d.Summary
	caption := chartCaption(sum, s.cfg.Location)
	in := chartInput{Summary: sum, Groups: d.Groups.chartGroups(sum.SideTones), Theme: render.ThemeLight, AssetsHost: s.echartsDir,
		Filter: filterSubtitle(d.Filter, s.cfg.Location)}
	fq := filterQuery(d.Filter, s.cfg.Location)
	var views []chartView
	for _, spec := range chartSpecs {
		c, err := buildChart(spec, in)
		if err != nil {
			return nil, err
		}
		v := chartView{ID: spec.ID(), Name: spec.Name, Title: spec.Title, Alt: c.Alt, Caption: caption,
			Height: c.Height, Empty: c.Empty, Table: c.Table}
		if c.Option != nil {
			if v.Option, err = encodeOption(c.Option); err != nil {
				return nil, fmt.Errorf("%s: %w", spec.Name, err)
			}
			v.Downloads = chartDownloads(d.Story.ID, spec.Name, fq)
		}
		views = append(views, v)
	}
	return views, nil
}

// newFilterView returns the filter form of a story page: a checkbox per
// outlet of the story's articles (have, each with its number of articles;
// and per outlet the filter names that the story lacks, which it says),
// the days, and what the filter leaves out.
func newFilterView(d storyData, have map[string]int, loc *time.Location) filterView {
	f := d.Filter
	v := filterView{Action: storyLink(d.Story.ID), Active: !f.IsZero(), Clear: storyLink(d.Story.ID), Rejected: f.Rejected}
	v.From, v.To = filterDays(f, loc)
	for _, src := range slices.Sorted(maps.Keys(have)) {
		v.Outlets = append(v.Outlets, outletChoice{Value: src, Name: outletName(src), Checked: slices.Contains(f.Sources, src)})
	}
	var missing []string
	for _, src := range f.Sources {
		if have[src] == 0 {
			v.Outlets = append(v.Outlets, outletChoice{Value: src, Name: outletName(src), Checked: true, Missing: true})
			missing = append(missing, "“"+outletName(src)+"”")
		}
	}
	switch {
	case len(missing) == 1:
		v.NoMatch = missing[0] + " is not an outlet of this story, so it matches no article."
	case len(missing) > 1:
		v.NoMatch = strings.Join(missing, ", ") + " are not outlets of this story, so they match no article."
	}
	if v.Active && d.Summary.Articles == 0 {
		v.NoMatch = strings.TrimSpace(v.NoMatch + " No article matches these filters.")
	}
	return v
}

// toneBySourceTable is the data table of "Tone by source".
func toneBySourceTable(sum dashboard.Summary) *dataTable {
	t := &dataTable{
		Summary: "Tone by source as a table",
		Columns: []tableColumn{{Text: "Outlet"}, {Text: "Articles", Num: true}, {Text: "Article tone", Num: true},
			{Text: "Quotes", Num: true}, {Text: "Quote tone", Num: true},
			{Text: "Comments", Num: true}, {Text: "Comment tone", Num: true}},
	}
	for _, src := range sum.Sources {
		t.Rows = append(t.Rows, tableRow{
			Head: tableCell{Text: outletName(src.Source)},
			Cells: []tableCell{
				{Text: strconv.Itoa(src.Articles), Num: true}, {Text: meanCell(src.ArticleTone, src.TextArticles()), Num: true},
				{Text: strconv.Itoa(src.Quotes), Num: true}, {Text: meanCell(src.QuoteTone, src.Quotes), Num: true},
				{Text: strconv.Itoa(src.Comments), Num: true}, {Text: meanCell(src.CommentTone, src.Comments), Num: true},
			},
		})
	}
	return t
}

// articleName names an article for a link: "Dawn — Talks stall", with its
// opening words when it has no title.
func articleName(a dashboard.Article) string {
	title := strings.TrimSpace(a.Title)
	if title == "" {
		title = leadWords(a.Body, 8)
	}
	if title == "" {
		title = "Untitled"
	}
	return outletName(a.Source) + " — " + title
}

// newQuoteRow returns the row of one quoted statement of article a.
func newQuoteRow(storyID string, a dashboard.Article, q dashboard.Quote, gs groups) quoteRow {
	speaker := strings.TrimSpace(q.Speaker)
	if speaker == "" {
		speaker = "Unnamed speaker"
	}
	_, _, placed := quoteSpan(a.Body, q)
	return quoteRow{
		Speaker: speaker,
		Group:   gs.lookup(q.Side),
		Via:     strings.TrimSpace(q.Via),
		Text:    q.Text,
		Tone:    newScoreView(q.Analysis.Sentiment),
		Link:    articleLink(storyID, a.ID) + "#" + quoteAnchor(q.ID),
		Placed:  placed,
	}
}

// newCommentRow returns the row of one comment; anchor is its article's row
// on the page, "" when it is not listed there.
func newCommentRow(c dashboard.Comment, anchor string, sides map[string]string, loc *time.Location) commentRow {
	author := c.Author
	if strings.TrimSpace(author) == "" {
		author = "Anonymous"
	}
	article := c.ArticleTitle
	if c.Source != "" {
		article += " — " + c.Source
	}
	return commentRow{
		Author:        author,
		Text:          c.Text,
		Article:       strings.TrimSpace(article),
		ArticleAnchor: anchor,
		Posted:        dateView{ISO: isoDate(c.Posted), Text: formatDateTime(c.Posted, loc)},
		Tone:          newScoreView(c.Analysis.Sentiment),
		Stance:        stanceText(c.Analysis.Stance.Label, sides),
	}
}

// meanCell writes a mean for a table cell: the score, or "—" over no items.
func meanCell(mean float64, n int) string {
	if n == 0 {
		return "—"
	}
	return formatScore(mean)
}

// staleNote says how many articles, quoted statements and comments were
// scored by another analyzer than the one that last wrote to the story (an
// older model or story file), and what to run; "" when none were.
func staleNote(s dashboard.Staleness) string {
	var parts []string
	for _, c := range []struct {
		n         int
		one, many string
	}{
		{s.Comments, "comment", "comments"},
		{s.Quotes, "quoted statement", "quoted statements"},
		{s.Articles, "article", "articles"},
	} {
		if c.n > 0 {
			parts = append(parts, plural(c.n, c.one, c.many))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	verb := "were"
	if len(parts) == 1 && (s.Comments == 1 || s.Quotes == 1 || s.Articles == 1) {
		verb = "was"
	}
	list := parts[0]
	if len(parts) > 1 {
		list = strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
	}
	return list + " " + verb + " scored by an older model or story file: run tonedesk rescore"
}
