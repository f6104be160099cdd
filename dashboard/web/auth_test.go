package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/sentiment"
)

// post sends a form POST through the router with the given Cookie header
// ("" for none) and returns the response and body.
func post(t *testing.T, h http.Handler, target, cookie string, form url.Values, header ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	return do(t, h, req, header...)
}

// csrfOf is the CSRF token of the test user of a role.
func csrfOf(r dashboard.Role) string { return csrfToken(testSession(r)) }

// login posts the login form and returns the response.
func login(t *testing.T, h http.Handler, name, password, next string) (*http.Response, string) {
	t.Helper()
	return post(t, h, "/login", "", url.Values{"name": {name}, "password": {password}, "next": {next}})
}

func TestNeedsSession(t *testing.T) {
	s, _ := newTestServer(t, Config{}, seedStore())
	h := s.Handler()
	story := "/stories/" + seedStory
	for _, target := range []string{"/", story, story + "?source=Dawn", articleLink(seedStory, 2), "/moderation", "/audit"} {
		// A browser goes to the login page, which will bring it back.
		res, _ := get(t, h, target, "Cookie", "", "Accept", "text/html,application/xhtml+xml")
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?next="+url.QueryEscape(target) {
			t.Errorf("browser GET %s: %d to %q", target, res.StatusCode, res.Header.Get("Location"))
		}
		// A script gets 401.
		res, _ = get(t, h, target, "Cookie", "")
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET %s without Accept: html: %d, want 401", target, res.StatusCode)
		}
		// A session that is not known is no session.
		res, _ = get(t, h, target, "Cookie", sessionCookie+"=forged")
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET %s with a forged session: %d", target, res.StatusCode)
		}
	}
	res, body := get(t, h, chartURL(seedStory, "tone-by-source", "csv", ""), "Cookie", "")
	if res.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(body, "401 Log in first: ") {
		t.Errorf("chart file without a session: %d %q", res.StatusCode, body)
	}
	// What needs no session.
	css, err := s.static.url("css/tonedesk.css")
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"/login", "/healthz", css} {
		if res, _ := get(t, h, target, "Cookie", ""); res.StatusCode != http.StatusOK {
			t.Errorf("GET %s without a session: %d", target, res.StatusCode)
		}
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"":                              "/",
		"/stories/x?source=Dawn":        "/stories/x?source=Dawn",
		"https://evil.example/":         "/",
		"//evil.example/x":              "/",
		"/\\evil.example":               "/",
		"\\\\evil.example":              "/",
		"javascript:alert(1)":           "/",
		"stories/x":                     "/",
		"/login?next=//evil.example":    "/",
		"/%2F%2Fevil.example":           "/",
		"/stories/x\r\nSet-Cookie: a=b": "/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLogin(t *testing.T) {
	st := seedStore()
	s, logs := newTestServer(t, Config{}, st)
	h := s.Handler()

	res, body := login(t, h, "editor", "wrong", "/")
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "That name and password do not match.") {
		t.Errorf("wrong password: %d\n%s", res.StatusCode, body)
	}
	res, body2 := login(t, h, "nobody", "wrong", "/")
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body2, "That name and password do not match.") {
		t.Errorf("unknown user: %d", res.StatusCode)
	}
	if !strings.Contains(logs.String(), "login failed") {
		t.Errorf("failures not logged:\n%s", logs)
	}

	res, _ = login(t, h, "editor", testPassword(dashboard.RoleEditor), "/stories/"+seedStory+"?source=Dawn")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/stories/"+seedStory+"?source=Dawn" {
		t.Fatalf("login: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	cookies := res.Cookies()
	if len(cookies) != 1 || cookies[0].Name != sessionCookie || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteLaxMode ||
		cookies[0].Secure || len(cookies[0].Value) != 64 {
		t.Fatalf("cookie %+v", cookies)
	}
	if res, _ := get(t, h, "/", "Cookie", cookies[0].String()); res.StatusCode != http.StatusOK {
		t.Errorf("with the new session: %d", res.StatusCode)
	}
	// The database has the token's hash, never the token.
	st.mu.Lock()
	_, byToken := st.acc.sessions[cookies[0].Value]
	_, byHash := st.acc.sessions[HashToken(cookies[0].Value)]
	st.mu.Unlock()
	if byToken || !byHash {
		t.Errorf("session stored by token %v, by hash %v", byToken, byHash)
	}
	// No open redirect.
	res, _ = login(t, h, "editor", testPassword(dashboard.RoleEditor), "//evil.example/")
	if res.Header.Get("Location") != "/" {
		t.Errorf("next //evil.example: to %q", res.Header.Get("Location"))
	}
	if got := st.auditActions(); got != "editor:login_failed nobody:login_failed editor:login editor:login" {
		t.Errorf("audit: %q", got)
	}

	// Over TLS, or with SecureCookies, the cookie is Secure.
	s2, _ := newTestServer(t, Config{SecureCookies: true}, seedStore())
	res, _ = login(t, s2.Handler(), "editor", testPassword(dashboard.RoleEditor), "/")
	if c := res.Cookies(); len(c) != 1 || !c[0].Secure {
		t.Errorf("SecureCookies: %+v", c)
	}

	// A form from another site is refused.
	res, _ = post(t, h, "/login", "", url.Values{"name": {"editor"}, "password": {testPassword(dashboard.RoleEditor)}},
		"Origin", "https://evil.example")
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site login: %d", res.StatusCode)
	}
}

func TestLoginRateLimit(t *testing.T) {
	st := seedStore()
	s, logs := newTestServer(t, Config{}, st)
	h := s.Handler()
	for i := range 5 {
		if res, _ := login(t, h, "admin", "guess", "/"); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, res.StatusCode)
		}
	}
	// The sixth try is refused, the right password too.
	res, body := login(t, h, "admin", testPassword(dashboard.RoleAdmin), "/")
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "Too many failed logins") || res.Header.Get("Retry-After") == "" {
		t.Errorf("sixth try: %d %q\n%s", res.StatusCode, res.Header.Get("Retry-After"), body)
	}
	if !strings.Contains(logs.String(), "too many failures") {
		t.Error("the refusal is not logged")
	}
	// The limit is per address too: another name from the same address.
	if res, _ := login(t, h, "editor", testPassword(dashboard.RoleEditor), "/"); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("same address, other name: %d", res.StatusCode)
	}
}

func TestLoginWait(t *testing.T) {
	now := time.Unix(1e9, 0)
	fails := map[string][]time.Time{"ip:1": {now, now.Add(time.Minute)}, "user:a": {now, now.Add(time.Minute)}}
	at := now.Add(2 * time.Minute)
	if w := loginWait(fails, []string{"user:a"}, 2, 15*time.Minute, at); w != 13*time.Minute {
		t.Errorf("blocked for %v, want 13m", w)
	}
	if w := loginWait(fails, []string{"user:b"}, 2, 15*time.Minute, at); w != 0 {
		t.Errorf("another name blocked for %v", w)
	}
	if w := loginWait(fails, []string{"ip:1", "user:b"}, 3, 15*time.Minute, at); w != 0 {
		t.Errorf("under the limit: blocked for %v", w)
	}
	if w := loginWait(fails, []string{"user:a"}, 2, 15*time.Minute, now.Add(15*time.Minute)); w != 0 {
		t.Errorf("as the window passes: blocked for %v", w)
	}
}

// The failures are the store's: servers sharing it count together, and a
// login that succeeds clears its name's count.
func TestLoginRateLimitAcrossServers(t *testing.T) {
	st := seedStore()
	a, _ := newTestServer(t, Config{}, st)
	b, _ := newTestServer(t, Config{}, st)
	for i, h := range []http.Handler{a.Handler(), a.Handler(), b.Handler(), a.Handler(), b.Handler()} {
		if res, _ := login(t, h, "admin", "guess", "/"); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, res.StatusCode)
		}
	}
	if res, _ := login(t, b.Handler(), "admin", testPassword(dashboard.RoleAdmin), "/"); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("sixth try on the other server: %d, want 429", res.StatusCode)
	}

	st2 := seedStore()
	c, _ := newTestServer(t, Config{}, st2)
	h := c.Handler()
	for range 4 {
		login(t, h, "editor", "guess", "/")
	}
	if res, _ := login(t, h, "editor", testPassword(dashboard.RoleEditor), "/"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("fifth try, right password: %d", res.StatusCode)
	}
	fails, _ := st2.LoginFailures(t.Context(), []string{"user:" + HashToken("editor")}, time.Unix(0, 0))
	if n := len(fails["user:"+HashToken("editor")]); n != 0 {
		t.Errorf("%d failures left for the name after a login", n)
	}
}

func TestLogoutAndCSRF(t *testing.T) {
	st := seedStore()
	s, _ := newTestServer(t, Config{}, st)
	h := s.Handler()
	ed := sessionHeader(dashboard.RoleEditor)
	// The page carries the logout form with the session's token.
	_, body := get(t, h, "/")
	if !strings.Contains(body, `name="csrf" value="`+csrfOf(dashboard.RoleEditor)+`"`) {
		t.Error("no CSRF token in the logout form")
	}
	for _, form := range []url.Values{{}, {"csrf": {"nope"}}, {"csrf": {csrfOf(dashboard.RoleAdmin)}}} {
		res, body := post(t, h, "/logout", ed, form)
		if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "security token") {
			t.Errorf("logout with %v: %d", form, res.StatusCode)
		}
	}
	res, _ := post(t, h, "/logout", ed, url.Values{"csrf": {csrfOf(dashboard.RoleEditor)}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("logout: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if c := res.Cookies(); len(c) != 1 || c[0].MaxAge >= 0 {
		t.Errorf("logout cookie %+v", c)
	}
	if res, _ := get(t, h, "/"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("after logout: %d", res.StatusCode)
	}
	// A header does as well as the field, for scripts.
	res, _ = post(t, h, "/moderation", sessionHeader(dashboard.RoleModerator), url.Values{"one": {"1:approved"}},
		"X-CSRF-Token", csrfOf(dashboard.RoleModerator))
	if res.StatusCode == http.StatusForbidden {
		t.Errorf("CSRF header refused")
	}
}

func TestRoles(t *testing.T) {
	s, _ := newTestServer(t, Config{}, seedStore())
	h := s.Handler()
	for _, tc := range []struct {
		role   dashboard.Role
		target string
		status int
	}{
		{dashboard.RoleEditor, "/", 200},
		{dashboard.RoleEditor, "/moderation", 403},
		{dashboard.RoleEditor, "/audit", 403},
		{dashboard.RoleModerator, "/moderation", 200},
		{dashboard.RoleModerator, "/audit", 403},
		{dashboard.RoleAdmin, "/moderation", 200},
		{dashboard.RoleAdmin, "/audit", 200},
	} {
		res, body := get(t, h, tc.target, "Cookie", sessionHeader(tc.role))
		if res.StatusCode != tc.status {
			t.Errorf("%s GET %s: %d, want %d", tc.role, tc.target, res.StatusCode, tc.status)
		}
		if tc.status == 403 && !strings.Contains(body, "Not allowed") {
			t.Errorf("%s GET %s: no explanation", tc.role, tc.target)
		}
	}
	// The editor's POST to the queue is refused before anything happens.
	res, _ := post(t, h, "/moderation", sessionHeader(dashboard.RoleEditor),
		url.Values{"csrf": {csrfOf(dashboard.RoleEditor)}, "one": {"1:rejected"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("editor decides: %d", res.StatusCode)
	}
	// The menu shows what the role may open.
	_, body := get(t, h, "/", "Cookie", sessionHeader(dashboard.RoleEditor))
	if strings.Contains(body, `href="/moderation"`) || strings.Contains(body, `href="/audit"`) {
		t.Error("the editor's menu links to the queue or the audit log")
	}
	_, body = get(t, h, "/", "Cookie", sessionHeader(dashboard.RoleAdmin))
	if !strings.Contains(body, `href="/moderation"`) || !strings.Contains(body, `href="/audit"`) {
		t.Error("the admin's menu lacks the queue or the audit log")
	}
}

func TestReadToken(t *testing.T) {
	st := seedStore()
	s, logs := newTestServer(t, Config{}, st)
	h := s.Handler()
	ctx := context.Background()
	secret := NewToken()
	if _, err := st.AddToken(ctx, dashboard.Token{Name: "cms", StoryID: seedStory}, HashToken(secret)); err != nil {
		t.Fatal(err)
	}
	other := NewToken()
	if _, err := st.AddToken(ctx, dashboard.Token{Name: "other", StoryID: "hostile"}, HashToken(other)); err != nil {
		t.Fatal(err)
	}
	u := chartURL(seedStory, "tone-by-source", "csv", "token="+secret)
	if res, _ := get(t, h, u, "Cookie", ""); res.StatusCode != http.StatusOK {
		t.Errorf("with the token: %d", res.StatusCode)
	}
	if strings.Contains(logs.String(), secret) || !strings.Contains(logs.String(), "token=REDACTED") {
		t.Error("the token reached the log")
	}
	if res, _ := get(t, h, chartURL(seedStory, "tone-by-source", "csv", "token="+other), "Cookie", ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("another story's token: %d", res.StatusCode)
	}
	if res, _ := get(t, h, chartURL(seedStory, "tone-by-source", "csv", "token=nope"), "Cookie", ""); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("unknown token: %d", res.StatusCode)
	}
	// A read token opens chart files only.
	if res, _ := get(t, h, "/stories/"+seedStory+"?token="+secret, "Cookie", ""); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("story page with a read token: %d", res.StatusCode)
	}
}

// queueStore is the seed store with flagged comments on the seed story,
// one of them hostile.
func queueStore(t *testing.T) *fakeStore {
	t.Helper()
	st := seedStore()
	flag := func(score float64, text string, flags ...sentiment.Flag) dashboard.Comment {
		a := analysis(score, "none")
		a.Flags = flags
		return dashboard.Comment{ExternalID: text, Author: "Reader <i>x</i>", Text: text, Analysis: a}
	}
	_, err := st.Import(context.Background(), seedStory, dashboard.Batch{Articles: []dashboard.Article{{
		ExternalID: "flagged", Source: "Dawn", Title: "Flagged thread", Body: "Body.", Published: day(27, 9), Analysis: analysis(0, "none"),
		Comments: []dashboard.Comment{
			flag(-0.7, "You are an idiot", sentiment.Flag{Kind: "insult", Severity: 0.6, Span: "idiot"}),
			flag(-0.9, `I will hurt you <script>window.__xss=1</script> <b>idiot</b>`,
				sentiment.Flag{Kind: "threat", Severity: 0.95, Span: "hurt you"},
				sentiment.Flag{Kind: "insult", Severity: 0.5, Span: "<b>idiot</b>"}),
			flag(-0.3, "spam spam", sentiment.Flag{Kind: "spam", Severity: 0.3, Span: "SPAM"}),
		},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestQueuePage(t *testing.T) {
	st := queueStore(t)
	s, _ := newTestServer(t, Config{}, st)
	h := s.Handler()
	res, body := get(t, h, "/moderation", "Cookie", sessionHeader(dashboard.RoleModerator))
	if res.StatusCode != 200 {
		t.Fatalf("queue: %d\n%s", res.StatusCode, body)
	}
	// Most severe first.
	order := regexp.MustCompile(`<blockquote class="queue-text">(.*?)</blockquote>`).FindAllStringSubmatch(body, -1)
	if len(order) != 3 {
		t.Fatalf("%d comments in the queue", len(order))
	}
	// The hostile text stays text, and the spans are marked around
	// escaped text.
	if want := `I will <mark class="flag-span" title="threat">hurt you</mark> &lt;script&gt;window.__xss=1&lt;/script&gt; <mark class="flag-span" title="insult">&lt;b&gt;idiot&lt;/b&gt;</mark>`; order[0][1] != want {
		t.Errorf("first comment:\n%s\nwant\n%s", order[0][1], want)
	}
	if want := `You are an <mark class="flag-span" title="insult">idiot</mark>`; order[1][1] != want {
		t.Errorf("second comment: %s", order[1][1])
	}
	if want := `<mark class="flag-span" title="spam">spam</mark> <mark class="flag-span" title="spam">spam</mark>`; order[2][1] != want {
		t.Errorf("third comment (span in another case): %s", order[2][1])
	}
	for _, bad := range []string{"<script>window", "<b>idiot", "<i>x</i>"} {
		if strings.Contains(body, bad) {
			t.Errorf("%q reached the page unescaped", bad)
		}
	}
	for _, want := range []string{"threat 0.95", "insult 0.50", "Flagged thread", `value="pro_pakistan"`, csrfOf(dashboard.RoleModerator), "3</strong> flagged comments wait"} {
		if !strings.Contains(body, want) {
			t.Errorf("queue lacks %q", want)
		}
	}
}

func TestQueueDecisions(t *testing.T) {
	st := queueStore(t)
	s, _ := newTestServer(t, Config{}, st)
	h := s.Handler()
	mod := sessionHeader(dashboard.RoleModerator)
	items, _, _ := st.Queue(context.Background(), 10)
	threat, insult, spam := items[0].Comment.ID, items[1].Comment.ID, items[2].Comment.ID
	before := storyComments(t, h)

	// Without the token nothing changes.
	if res, _ := post(t, h, "/moderation", mod, url.Values{"one": {itoa(threat) + ":rejected"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("no CSRF: %d", res.StatusCode)
	}
	// Bad labels are refused.
	res, _ := post(t, h, "/moderation", mod, url.Values{"csrf": {csrfOf(dashboard.RoleModerator)}, "one": {itoa(threat) + ":rejected"},
		"stance-" + itoa(threat): {"<script>"}})
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("bad stance: %d", res.StatusCode)
	}
	// One rejected with corrected labels.
	res, _ = post(t, h, "/moderation", mod, url.Values{"csrf": {csrfOf(dashboard.RoleModerator)}, "one": {itoa(threat) + ":rejected"},
		"stance-" + itoa(threat): {"pro_pakistan"}, "flag-" + itoa(threat): {"threat"}, "sentiment-" + itoa(threat): {""}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/moderation?done=1&action=rejected" {
		t.Fatalf("reject: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	ds, _ := st.Decisions(context.Background(), threat)
	if len(ds) != 1 || ds[0].Action != dashboard.Rejected || ds[0].By != "moderator" || ds[0].Stance != "pro_pakistan" || ds[0].Flag != "threat" || ds[0].Sentiment != "" {
		t.Errorf("decision %+v", ds)
	}
	// Two approved at once.
	res, _ = post(t, h, "/moderation", mod, url.Values{"csrf": {csrfOf(dashboard.RoleModerator)}, "bulk": {"approved"}, "id": {itoa(insult), itoa(spam)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("bulk: %d", res.StatusCode)
	}
	_, body := get(t, h, "/moderation?done=2&action=approved", "Cookie", mod)
	if !strings.Contains(body, "No flagged comments wait.") || !strings.Contains(body, "Approved 2 comments.") {
		t.Errorf("queue after deciding:\n%s", body)
	}
	// The rejected comment left the charts; the filter brings it back.
	if after := storyComments(t, h); after != before-1 {
		t.Errorf("story comments %d → %d, want one fewer", before, after)
	}
	_, body = get(t, h, "/stories/"+seedStory+"?rejected=include")
	if !strings.Contains(body, "rejected comments included") {
		t.Error("the filter does not say it includes rejected comments")
	}
	// The audit log shows the decisions to the admin.
	_, body = get(t, h, "/audit", "Cookie", sessionHeader(dashboard.RoleAdmin))
	if strings.Count(body, "<td>moderator</td>") != 3 {
		t.Errorf("audit page:\n%s", body)
	}
}

// storyComments is the number of comments the seed story's charts count,
// read from its comment-sentiment CSV.
func storyComments(t *testing.T, h http.Handler) int {
	t.Helper()
	_, body := get(t, h, chartURL(seedStory, "comment-sentiment", "csv", ""))
	n := 0
	for i, line := range strings.Split(strings.TrimSpace(body), "\n") {
		if i == 0 {
			continue
		}
		f := strings.Split(strings.TrimSpace(line), ",")
		v, err := strconv.Atoi(f[len(f)-1])
		if err != nil {
			t.Fatalf("CSV line %q: %v", line, err)
		}
		n += v
	}
	return n
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestMarkSpans(t *testing.T) {
	for _, tc := range []struct {
		text  string
		flags []sentiment.Flag
		want  string
	}{
		{"no flags", nil, "no flags"},
		{"a bad bad word", []sentiment.Flag{{Kind: "insult", Span: "bad"}}, "a [bad] [bad] word"},
		{"overlap here", []sentiment.Flag{{Kind: "a", Span: "overlap"}, {Kind: "b", Span: "lap here"}}, "[overlap here]"},
		{"Case", []sentiment.Flag{{Kind: "a", Span: "case"}}, "[Case]"},
		{"missing", []sentiment.Flag{{Kind: "a", Span: "nowhere"}}, "missing"},
		{"", nil, ""},
	} {
		var b strings.Builder
		for _, p := range markSpans(tc.text, tc.flags) {
			if p.Mark {
				b.WriteString("[" + p.Text + "]")
			} else {
				b.WriteString(p.Text)
			}
		}
		if b.String() != tc.want {
			t.Errorf("markSpans(%q) = %q, want %q", tc.text, b.String(), tc.want)
		}
	}
}

// TestSessionExpiry: a session past its end is no session; one in use
// slides to SessionTTL from now.
func TestSessionExpiry(t *testing.T) {
	st := seedStore()
	s, _ := newTestServer(t, Config{SessionTTL: time.Hour}, st)
	h := s.Handler()
	ctx := context.Background()
	if err := st.AddSession(ctx, HashToken("old"), 1, time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if res, _ := get(t, h, "/", "Cookie", sessionCookie+"=old"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("expired session: %d", res.StatusCode)
	}
	if err := st.AddSession(ctx, HashToken("live"), 1, time.Now().Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if res, _ := get(t, h, "/", "Cookie", sessionCookie+"=live"); res.StatusCode != http.StatusOK {
		t.Fatalf("live session: %d", res.StatusCode)
	}
	sess, err := st.Session(ctx, HashToken("live"), time.Now())
	if err != nil || time.Until(sess.Expires) < 59*time.Minute {
		t.Errorf("the session was not extended: ends in %v (%v)", time.Until(sess.Expires), err)
	}
}
