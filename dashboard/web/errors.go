package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/tonedesk/tonedesk/dashboard"
)

// pageError is an error that says what its error page should tell the
// reader. Handlers return one when they can explain better than the status
// text; Err is the cause, for the log.
type pageError struct {
	Status int
	Title  string
	Detail string
	Err    error
}

// Error returns the title and the cause.
func (e *pageError) Error() string {
	if e.Err == nil {
		return e.Title
	}
	return e.Title + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *pageError) Unwrap() error { return e.Err }

// classify maps an error to the status, title and detail of its page. Only
// pageError details and fixed texts reach the reader: the text of an
// internal error goes to the log, never to the page.
func classify(err error) (status int, title, detail string) {
	var pe *pageError
	var he *echo.HTTPError
	switch {
	case errors.As(err, &pe):
		return pe.Status, pe.Title, pe.Detail
	case errors.As(err, &he):
		switch he.Code {
		case http.StatusNotFound:
			return he.Code, "Page not found", "There is no page at this address."
		case http.StatusMethodNotAllowed:
			return he.Code, "Method not allowed", "This address does not take that kind of request."
		}
		if he.Code >= 400 && he.Code < 500 {
			return he.Code, http.StatusText(he.Code), "The request could not be handled."
		}
		return he.Code, http.StatusText(he.Code), "The dashboard could not show this page. The error has been logged."
	case errors.Is(err, dashboard.ErrNotFound):
		return http.StatusNotFound, "Not found", "What you asked for does not exist."
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable, "Try again", "The dashboard took too long to answer."
	}
	return http.StatusInternalServerError, "Something went wrong",
		"The dashboard could not show this page. The error has been logged."
}

// handleError is the one HTTPErrorHandler: it renders the HTML error page
// for any error a handler or middleware returns. The request logger logs the
// error; this does not.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, title, detail := classify(err)
	if status == http.StatusServiceUnavailable {
		c.Response().Header().Set("Retry-After", "5")
	}
	if api, _ := c.Get(apiErrorsKey).(bool); api {
		writeAPIError(c, err)
		return
	}
	page := errorPage{Meta: meta{Title: title}, Status: status, Heading: title, Detail: detail}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	// A chart file asked for by an <img>, a CMS or a script: a line of
	// text, not a page.
	if plain, _ := c.Get(plainErrorsKey).(bool); plain && !acceptsHTML(c.Request()) {
		c.Response().Header().Set("Cache-Control", "no-store")
		_ = c.String(status, fmt.Sprintf("%d %s: %s\n", status, title, detail))
		return
	}
	if rerr := s.render(c, status, "error", page); rerr != nil {
		s.log.Error("rendering the error page", "err", rerr)
		_ = c.String(status, title+"\n")
	}
}
