package web

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/tonedesk/tonedesk/dashboard"
)

// articlePage shows one article: its text with every quoted statement
// marked where it stands, the list of statements, and the comments under it.
type articlePage struct {
	Meta       meta
	StoryTitle string
	StoryLink  string
	Title      string
	// Untitled is true when Title is the article's opening words.
	Untitled bool
	Source   string
	URL      string
	Date     dateView
	Dateline string
	Tone     scoreView
	// Paragraphs is the body, one paragraph per line of text.
	Paragraphs []paragraph
	Quotes     []quoteRow
	// Unplaced counts the statements whose offsets do not fit the text.
	Unplaced int
	Comments []commentRow
}

// paragraph is one line of an article's text, cut into pieces at the edges
// of quoted statements.
type paragraph struct {
	Pieces []piece
}

// piece is a run of text inside one paragraph that the same statements
// cover. Marks are those statements, outermost first: the page wraps the
// text in one <mark> per statement.
type piece struct {
	Text  string
	Marks []pieceMark
}

// pieceMark is one statement's <mark> around a piece. ID is set on the
// statement's first piece only: it is the target of the statement's links.
// Class is the group's colour class (a fixed set).
type pieceMark struct {
	ID    string
	Quote int64
	Class string
	Title string
}

// quoteSpan returns the byte span of q in body, widened to whole UTF-8
// characters, and whether it can be shown: the offsets must lie within the
// body, in order, and cover some text that is not white space.
func quoteSpan(body string, q dashboard.Quote) (start, end int, ok bool) {
	start, end = q.Start, q.End
	if start < 0 || end > len(body) || start >= end {
		return 0, 0, false
	}
	for start > 0 && !utf8.RuneStart(body[start]) {
		start--
	}
	for end < len(body) && !utf8.RuneStart(body[end]) {
		end++
	}
	if strings.TrimSpace(body[start:end]) == "" {
		return 0, 0, false
	}
	return start, end, true
}

// placedSpan is the span of quotes[q] in an article's body.
type placedSpan struct {
	start, end int
	q          int
}

// layoutBody cuts body into paragraphs (its non-blank lines) and each
// paragraph into pieces at the edges of the statements, so that every
// statement can be marked where it stands: also when statements overlap
// (their marks nest) and when one runs over a line break (it is marked in
// each paragraph, and its id is on the first piece). mark gives the class
// and title of a statement's marks. It returns the paragraphs and whether
// each statement was placed; a statement whose span quoteSpan rejects is
// not.
func layoutBody(body string, quotes []dashboard.Quote, mark func(dashboard.Quote) (class, title string)) ([]paragraph, []bool) {
	var spans []placedSpan
	for i, q := range quotes {
		if s, e, ok := quoteSpan(body, q); ok {
			spans = append(spans, placedSpan{s, e, i})
		}
	}
	// Outermost first: by start, the longer first.
	sort.SliceStable(spans, func(i, j int) bool {
		if spans[i].start != spans[j].start {
			return spans[i].start < spans[j].start
		}
		return spans[i].end > spans[j].end
	})
	placed := make([]bool, len(quotes))
	var paras []paragraph
	for lineStart := 0; lineStart < len(body); {
		lineEnd := strings.IndexByte(body[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(body)
		} else {
			lineEnd += lineStart
		}
		line := body[lineStart:lineEnd]
		if strings.TrimSpace(line) != "" {
			paras = append(paras, layoutLine(body, lineStart, lineEnd, quotes, spans, placed, mark))
		}
		lineStart = lineEnd + 1
	}
	return paras, placed
}

// layoutLine cuts the line body[from:to] into pieces (see layoutBody).
func layoutLine(body string, from, to int, quotes []dashboard.Quote, spans []placedSpan,
	placed []bool, mark func(dashboard.Quote) (string, string)) paragraph {
	cuts := []int{from, to}
	for _, sp := range spans {
		for _, c := range []int{sp.start, sp.end} {
			if c > from && c < to {
				cuts = append(cuts, c)
			}
		}
	}
	sort.Ints(cuts)
	var p paragraph
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		if a == b {
			continue
		}
		pc := piece{Text: body[a:b]}
		for _, sp := range spans {
			if sp.start > a || sp.end < b {
				continue
			}
			q := quotes[sp.q]
			m := pieceMark{Quote: q.ID}
			m.Class, m.Title = mark(q)
			if !placed[sp.q] && strings.TrimSpace(pc.Text) != "" {
				placed[sp.q] = true
				m.ID = quoteAnchor(q.ID)
			}
			pc.Marks = append(pc.Marks, m)
		}
		p.Pieces = append(p.Pieces, pc)
	}
	return p
}

// handleArticle shows one article of a story with its statements marked
// in the text, the list of statements and the comments under it.
func (s *Server) handleArticle(c echo.Context) error {
	ctx := c.Request().Context()
	storyID := storyParam(c)
	notFound := func(err error) error {
		return &pageError{
			Status: http.StatusNotFound,
			Title:  "Article not found",
			Detail: fmt.Sprintf("The story “%s” has no article with the id “%s”. Its page lists the articles there are.", storyID, c.Param("article")),
			Err:    err,
		}
	}
	articleID, err := strconv.ParseInt(c.Param("article"), 10, 64)
	if err != nil || articleID <= 0 {
		return notFound(fmt.Errorf("bad article id %q: %w", c.Param("article"), dashboard.ErrNotFound))
	}
	st, err := s.store.Story(ctx, storyID)
	if errors.Is(err, dashboard.ErrNotFound) {
		return &pageError{
			Status: http.StatusNotFound,
			Title:  "Story not found",
			Detail: fmt.Sprintf("There is no story with the id “%s”. The home page lists the stories there are.", storyID),
			Err:    err,
		}
	}
	if err != nil {
		return fmt.Errorf("article %q/%d: %w", storyID, articleID, err)
	}
	a, err := s.store.Article(ctx, storyID, articleID)
	if errors.Is(err, dashboard.ErrNotFound) {
		return notFound(err)
	}
	if err != nil {
		return fmt.Errorf("article %q/%d: %w", storyID, articleID, err)
	}
	sides, gs, err := storyGroups(st)
	if err != nil {
		s.log.WarnContext(ctx, "story file does not parse; showing side ids", "story", storyID, "err", err)
	}
	page := s.buildArticlePage(st, a, sides, gs)
	if page.Unplaced > 0 {
		s.log.WarnContext(ctx, "quoted statements outside their article's text", "story", storyID,
			"article", articleID, "count", page.Unplaced)
	}
	return s.render(c, http.StatusOK, "article", page)
}

// buildArticlePage builds the page of article a of story st.
func (s *Server) buildArticlePage(st dashboard.Story, a dashboard.Article, sides map[string]string, gs groups) articlePage {
	loc := s.cfg.Location
	storyTitle := st.Title
	if strings.TrimSpace(storyTitle) == "" {
		storyTitle = st.ID
	}
	p := articlePage{
		StoryTitle: storyTitle,
		StoryLink:  storyLink(st.ID),
		Title:      strings.TrimSpace(a.Title),
		Source:     outletName(a.Source),
		URL:        a.URL,
		Date:       dateView{ISO: isoDate(a.Published), Text: formatDate(a.Published, loc)},
		Dateline:   strings.TrimSpace(a.Dateline),
		Tone:       newScoreView(a.Analysis.Sentiment),
	}
	if p.Title == "" {
		p.Title, p.Untitled = leadWords(a.Body, 12), true
	}
	if p.Title == "" {
		p.Title = "Untitled article"
	}
	p.Meta = meta{Title: p.Title + " — " + p.Source}

	var placed []bool
	p.Paragraphs, placed = layoutBody(a.Body, a.Quotes, func(q dashboard.Quote) (string, string) {
		g := gs.lookup(q.Side)
		speaker := strings.TrimSpace(q.Speaker)
		if speaker == "" {
			speaker = "Unnamed speaker"
		}
		return g.Class, fmt.Sprintf("%s (%s), tone %s", speaker, g.Name, formatScore(q.Analysis.Sentiment.Score))
	})
	for i, q := range a.Quotes {
		row := newQuoteRow(st.ID, a, q, gs)
		row.Placed = placed[i]
		if !row.Placed {
			row.Anchor = quoteAnchor(q.ID)
			p.Unplaced++
		}
		p.Quotes = append(p.Quotes, row)
	}
	for _, c := range a.Comments {
		p.Comments = append(p.Comments, newCommentRow(c, "", sides, loc))
	}
	return p
}
