package web

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/sentiment"
)

// queueLimit is how many flagged comments the queue page lists at once.
const queueLimit = 100

// auditPageSize is how many audit entries a page of the log shows.
const auditPageSize = 50

// The labels a moderator may correct a comment to.
var (
	sentimentLabels = []string{sentiment.Negative, sentiment.Neutral, sentiment.Positive}
	flagKinds       = []string{"none", sentiment.FlagInsult, sentiment.FlagProfanity, sentiment.FlagIdentityAttack, sentiment.FlagThreat, sentiment.FlagSpam}
	stanceLabel     = regexp.MustCompile(`^(none|balanced|pro_[a-z0-9_-]{1,64})$`)
)

// textPiece is a piece of a comment's text: plain, or (Mark) the span a
// flag was raised on, with the flags' kinds.
type textPiece struct {
	Text string
	Mark bool
	Kind string
}

// markSpans cuts text into pieces, marking every place where a flag's span
// occurs (byte for byte, else ignoring case); overlapping marks merge. The
// pieces are plain strings: the template escapes them, and the marks are
// the template's own <mark> elements, so no text becomes markup.
func markSpans(text string, flags []sentiment.Flag) []textPiece {
	type iv struct {
		start, end int
		kinds      []string
	}
	var ivs []iv
	lower := strings.ToLower(text)
	for _, f := range flags {
		span := strings.TrimSpace(f.Span)
		if span == "" {
			continue
		}
		hay, needle := text, span
		if !strings.Contains(text, span) && len(lower) == len(text) {
			hay, needle = lower, strings.ToLower(span)
		}
		for from := 0; from < len(hay); {
			i := strings.Index(hay[from:], needle)
			if i < 0 {
				break
			}
			ivs = append(ivs, iv{from + i, from + i + len(needle), []string{f.Kind}})
			from += i + len(needle)
		}
	}
	sort.Slice(ivs, func(i, j int) bool { return ivs[i].start < ivs[j].start })
	var merged []iv
	for _, v := range ivs {
		if n := len(merged); n > 0 && v.start < merged[n-1].end {
			m := &merged[n-1]
			m.end = max(m.end, v.end)
			if !slices.Contains(m.kinds, v.kinds[0]) {
				m.kinds = append(m.kinds, v.kinds[0])
			}
			continue
		}
		merged = append(merged, v)
	}
	var out []textPiece
	at := 0
	for _, m := range merged {
		if m.start > at {
			out = append(out, textPiece{Text: text[at:m.start]})
		}
		out = append(out, textPiece{Text: text[m.start:m.end], Mark: true, Kind: strings.Join(m.kinds, ", ")})
		at = m.end
	}
	if at < len(text) || len(out) == 0 {
		out = append(out, textPiece{Text: text[at:]})
	}
	return out
}

// queuePage is the moderation queue.
type queuePage struct {
	Meta  meta
	Items []queueRow
	// Total is how many comments wait; Items may hold fewer.
	Total int
	// Done says what the last action did, "" for none.
	Done string
	// Sentiments and Flags are the label choices of the correction menus.
	Sentiments []string
	Flags      []string
}

// queueRow is one flagged comment of the queue.
type queueRow struct {
	ID         int64
	Pieces     []textPiece
	Author     string
	Flags      []flagView
	Severity   string
	Story      string
	StoryLink  string
	Article    string
	ArticleURL string
	Posted     dateView
	Sentiment  string
	Stance     string
	// Stances are the stance labels of its story: none, balanced and
	// pro_<side> for each side.
	Stances []string
}

// flagView is one flag of a comment.
type flagView struct {
	Kind     string
	Severity string
	Span     string
}

// handleQueue shows the flagged comments no one has decided on, most
// severe first.
func (s *Server) handleQueue(c echo.Context) error {
	ctx := c.Request().Context()
	items, total, err := s.moderation.Queue(ctx, queueLimit)
	if err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	page := queuePage{Meta: meta{Title: "Moderation"}, Total: total, Done: doneText(c.QueryParams()),
		Sentiments: sentimentLabels, Flags: flagKinds}
	stances := map[string][]string{}
	for _, it := range items {
		if _, ok := stances[it.StoryID]; !ok {
			stances[it.StoryID] = s.storyStances(c, it.StoryID)
		}
		cm := it.Comment
		row := queueRow{
			ID:        cm.ID,
			Pieces:    markSpans(cm.Text, cm.Analysis.Flags),
			Author:    cm.Author,
			Severity:  fmt.Sprintf("%.2f", it.Severity),
			Story:     cmp.Or(strings.TrimSpace(it.StoryTitle), it.StoryID),
			StoryLink: storyLink(it.StoryID),
			Article:   cmp.Or(strings.TrimSpace(cm.ArticleTitle), "Untitled article") + " · " + outletName(cm.Source),
			Posted:    dateView{ISO: isoDate(cm.Posted), Text: formatDate(cm.Posted, s.cfg.Location)},
			Sentiment: cm.Analysis.Sentiment.Label,
			Stance:    cmp.Or(cm.Analysis.Stance.Label, sentiment.StanceNone),
			Stances:   stances[it.StoryID],
		}
		row.ArticleURL = articleLink(it.StoryID, cm.ArticleID)
		flags := slices.Clone(cm.Analysis.Flags)
		sort.SliceStable(flags, func(i, j int) bool { return flags[i].Severity > flags[j].Severity })
		for _, f := range flags {
			row.Flags = append(row.Flags, flagView{Kind: f.Kind, Severity: fmt.Sprintf("%.2f", f.Severity), Span: f.Span})
		}
		page.Items = append(page.Items, row)
	}
	return s.render(c, http.StatusOK, "moderation", page)
}

// storyStances returns the stance labels of a story: none, balanced and
// pro_<side id> per side of its story file (none and balanced only when
// the file cannot be read).
func (s *Server) storyStances(c echo.Context, storyID string) []string {
	out := []string{sentiment.StanceNone, sentiment.StanceBalanced}
	st, err := s.store.Story(c.Request().Context(), storyID)
	if err != nil {
		return out
	}
	sides, _, err := storyGroups(st)
	if err != nil {
		return out
	}
	for _, id := range slices.Sorted(maps.Keys(sides)) {
		out = append(out, "pro_"+id)
	}
	return out
}

// doneText says what the last decision did, from the query the decision
// redirected to: "Rejected 2 comments."
func doneText(q url.Values) string {
	n, err := strconv.Atoi(q.Get("done"))
	if err != nil || n <= 0 {
		return ""
	}
	verb := "Approved"
	if q.Get("action") == dashboard.Rejected {
		verb = "Rejected"
	}
	return fmt.Sprintf("%s %s.", verb, plural(n, "comment", "comments"))
}

// handleDecide takes the queue form: one comment's decision (the button
// "one" = "ID:approved" or "ID:rejected"), or a bulk decision ("bulk" =
// approved or rejected) on every ticked comment ("id"); each with the
// corrected labels chosen in its row (sentiment-ID, stance-ID, flag-ID;
// empty keeps the model's). It stores them and goes back to the queue.
func (s *Server) handleDecide(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return formError("The form could not be read.")
	}
	sess, _ := currentSession(c)
	var ids []string
	action := ""
	if one := form.Get("one"); one != "" {
		id, act, _ := strings.Cut(one, ":")
		ids, action = []string{id}, act
	} else {
		ids, action = form["id"], form.Get("bulk")
	}
	if action != dashboard.Approved && action != dashboard.Rejected {
		return formError("Choose approve or reject.")
	}
	if len(ids) == 0 {
		return formError("Tick the comments to %s first.", strings.TrimSuffix(action, "d"))
	}
	now := time.Now()
	var ds []dashboard.Decision
	for _, raw := range ids {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			return formError("“%s” is not a comment id.", raw)
		}
		d := dashboard.Decision{CommentID: id, Action: action, By: sess.User.Name, At: now, IP: c.RealIP(),
			Sentiment: form.Get(fmt.Sprintf("sentiment-%d", id)),
			Stance:    form.Get(fmt.Sprintf("stance-%d", id)),
			Flag:      form.Get(fmt.Sprintf("flag-%d", id))}
		if err := checkCorrection(d); err != nil {
			return err
		}
		ds = append(ds, d)
	}
	if err := s.moderation.Decide(c.Request().Context(), ds); err != nil {
		if errors.Is(err, dashboard.ErrNotFound) {
			return &pageError{Status: http.StatusNotFound, Title: "Comment not found",
				Detail: "A comment of the form no longer exists; nothing was changed.", Err: err}
		}
		return fmt.Errorf("decide: %w", err)
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/moderation?done=%d&action=%s", len(ds), action))
}

// checkCorrection checks the corrected labels of a decision: each empty
// or one of its choices.
func checkCorrection(d dashboard.Decision) error {
	if d.Sentiment != "" && !slices.Contains(sentimentLabels, d.Sentiment) {
		return formError("“%s” is not a sentiment label.", d.Sentiment)
	}
	if d.Flag != "" && !slices.Contains(flagKinds, d.Flag) {
		return formError("“%s” is not a flag.", d.Flag)
	}
	if d.Stance != "" && !stanceLabel.MatchString(d.Stance) {
		return formError("“%s” is not a stance label.", d.Stance)
	}
	return nil
}

// auditPage is one page of the audit log.
type auditPage struct {
	Meta    meta
	Entries []auditRow
	Total   int
	Page    int
	Pages   int
	Prev    string
	Next    string
}

// auditRow is one audit entry.
type auditRow struct {
	At     dateView
	Actor  string
	Action string
	Target string
	Detail string
	IP     string
}

// handleAudit shows the audit log, newest first, auditPageSize entries a
// page (?page=N, from 1).
func (s *Server) handleAudit(c echo.Context) error {
	n := 1
	if p := c.QueryParam("page"); p != "" {
		v, err := strconv.Atoi(p)
		if err != nil || v < 1 {
			return formError("The page is a number from 1, not “%s”.", p)
		}
		n = v
	}
	entries, total, err := s.accounts.AuditLog(c.Request().Context(), auditPageSize, (n-1)*auditPageSize)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	page := auditPage{Meta: meta{Title: "Audit log"}, Total: total, Page: n, Pages: max(1, (total+auditPageSize-1)/auditPageSize)}
	if n > 1 {
		page.Prev = fmt.Sprintf("/audit?page=%d", n-1)
	}
	if n < page.Pages {
		page.Next = fmt.Sprintf("/audit?page=%d", n+1)
	}
	for _, e := range entries {
		page.Entries = append(page.Entries, auditRow{
			At:    dateView{ISO: e.At.UTC().Format(time.RFC3339), Text: e.At.In(s.cfg.Location).Format("2 Jan 2006 15:04:05 MST")},
			Actor: e.Actor, Action: e.Action, Target: e.Target, Detail: e.Detail, IP: e.IP,
		})
	}
	return s.render(c, http.StatusOK, "audit", page)
}

// formError is a 400 that says what was wrong with a form or a query.
func formError(format string, args ...any) error {
	return &pageError{Status: http.StatusBadRequest, Title: "Bad request", Detail: fmt.Sprintf(format, args...)}
}
