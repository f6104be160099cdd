package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/tonedesk/tonedesk/dashboard"
)

// handleIndex lists the stories with what each one holds.
func (s *Server) handleIndex(c echo.Context) error {
	ctx := c.Request().Context()
	stories, err := s.store.Stories(ctx)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	page := indexPage{Meta: meta{Title: "Stories"}}
	for _, st := range stories {
		sum, err := s.store.Summary(ctx, st.ID, dashboard.Filter{})
		if err != nil {
			return fmt.Errorf("index: summary of %q: %w", st.ID, err)
		}
		title := st.Title
		if strings.TrimSpace(title) == "" {
			title = st.ID
		}
		page.Stories = append(page.Stories, storyRow{ID: st.ID, Title: title, Scope: scope(sum, s.cfg.Location)})
	}
	return s.render(c, http.StatusOK, "index", page)
}

// handleStory shows one story's dashboard: what data it looks at, the
// filter form, the charts, the articles and the comments. The query takes
// the filter (source, from, to: see ParseFilter); a bad date is a 400 that
// says what is wrong.
func (s *Server) handleStory(c echo.Context) error {
	ctx := c.Request().Context()
	id := storyParam(c)
	filter, err := filterFromQuery(c.QueryParams(), s.cfg.Location)
	if err != nil {
		pe := &pageError{Status: http.StatusBadRequest, Title: "Bad filter", Detail: err.Error(), Err: err}
		if ee, ok := err.(*exportError); ok {
			pe.Detail = ee.msg
		}
		return pe
	}
	st, err := s.store.Story(ctx, id)
	if errors.Is(err, dashboard.ErrNotFound) {
		return &pageError{
			Status: http.StatusNotFound,
			Title:  "Story not found",
			Detail: fmt.Sprintf("There is no story with the id “%s”. The home page lists the stories there are.", id),
			Err:    err,
		}
	}
	if err != nil {
		return fmt.Errorf("story %q: %w", id, err)
	}
	d := storyData{Story: st, Groups: newGroups(nil), Filter: filter}
	if d.Summary, err = s.store.Summary(ctx, id, filter); err != nil {
		return fmt.Errorf("story %q: summary: %w", id, err)
	}
	if err := s.readArticles(ctx, id, filter, &d); err != nil {
		return fmt.Errorf("story %q: %w", id, err)
	}
	// The page lists at most MaxComments comments: a store that can read
	// just those does, rather than all of the story's.
	if p, ok := s.store.(commentPager); ok {
		d.Comments, err = p.CommentPage(ctx, id, filter, s.cfg.MaxComments)
		d.CommentsPaged = true
	} else {
		d.Comments, err = s.store.Comments(ctx, id)
	}
	if err != nil {
		return fmt.Errorf("story %q: comments: %w", id, err)
	}
	// A story file that no longer parses costs the side names, not the page.
	if d.Sides, d.Groups, err = storyGroups(st); err != nil {
		s.log.WarnContext(ctx, "story file does not parse; showing side ids", "story", id, "err", err)
	}
	page, err := s.buildStoryPage(d)
	if err != nil {
		return fmt.Errorf("story %q: %w", id, err)
	}
	return s.render(c, http.StatusOK, "story", page)
}

// readArticles fills in the articles of d. The page lists at most
// MaxArticles articles and MaxQuotes quoted statements: a store that can
// read just those, and the outlets of the story, does, rather than all of
// the story's articles with their quotes.
func (s *Server) readArticles(ctx context.Context, id string, filter dashboard.Filter, d *storyData) error {
	p, ok := s.store.(articlePager)
	if !ok {
		var err error
		if d.Articles, err = s.store.Articles(ctx, id); err != nil {
			return fmt.Errorf("articles: %w", err)
		}
		return nil
	}
	d.ArticlesPaged = true
	var err error
	if d.Articles, err = p.ArticlePage(ctx, id, filter, s.cfg.MaxArticles); err != nil {
		return fmt.Errorf("articles: %w", err)
	}
	if d.QuoteArticles, err = p.QuotePage(ctx, id, filter, s.cfg.MaxQuotes); err != nil {
		return fmt.Errorf("quotes: %w", err)
	}
	if d.Outlets, err = p.Outlets(ctx, id); err != nil {
		return fmt.Errorf("outlets: %w", err)
	}
	return nil
}

// handleHealth answers that the server is up.
func (s *Server) handleHealth(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.String(http.StatusOK, "ok\n")
}
