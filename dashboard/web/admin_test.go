package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/tonedesk/tonedesk/dashboard"
)

// hostileName is a user or token name that would be markup, or break out
// of an attribute, if a page did not escape it.
const hostileName = `<script>window.__xss=1</script>"'><img src=x onerror=alert(1)>`

// secretOf returns the secret a secret page shows, "" if none.
func secretOf(body string) string {
	m := regexp.MustCompile(`class="secret" readonly value="([A-Za-z0-9_-]+)"`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// adminPost posts a form as the test admin, with its CSRF token.
func adminPost(t *testing.T, h http.Handler, target string, form url.Values) (*http.Response, string) {
	t.Helper()
	form.Set(csrfField, csrfOf(dashboard.RoleAdmin))
	return post(t, h, target, sessionHeader(dashboard.RoleAdmin), form)
}

// userRole returns the role of a user of the fake store, "" for none.
func userRole(st *fakeStore, name string) dashboard.Role {
	st.mu.Lock()
	defer st.mu.Unlock()
	if i := st.user(name); i >= 0 {
		return st.acc.users[i].Role
	}
	return ""
}

func TestAdminPagesRoles(t *testing.T) {
	st := seedStore()
	s, _ := newTestServer(t, Config{}, st)
	h := s.Handler()
	for _, path := range []string{"/admin/users", "/admin/tokens"} {
		for _, r := range []dashboard.Role{dashboard.RoleEditor, dashboard.RoleModerator} {
			res, body := get(t, h, path, "Cookie", sessionHeader(r))
			if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "this page is for admins and above") {
				t.Errorf("GET %s as %s: %d", path, r, res.StatusCode)
			}
			form := url.Values{"name": {"x"}, "role": {"admin"}, "kind": {"read"}, csrfField: {csrfOf(r)}}
			if res, _ := post(t, h, path, sessionHeader(r), form); res.StatusCode != http.StatusForbidden {
				t.Errorf("POST %s as %s: %d", path, r, res.StatusCode)
			}
			_, body = get(t, h, "/", "Cookie", sessionHeader(r))
			if strings.Contains(body, `href="/admin/users"`) || strings.Contains(body, `href="/admin/tokens"`) {
				t.Errorf("the %s's menu links to the admin pages", r)
			}
		}
		if res, _ := get(t, h, path, "Cookie", sessionHeader(dashboard.RoleAdmin)); res.StatusCode != http.StatusOK {
			t.Errorf("GET %s as admin: %d", path, res.StatusCode)
		}
	}
	if userRole(st, "x") != "" {
		t.Error("a moderator added a user")
	}
	_, body := get(t, h, "/", "Cookie", sessionHeader(dashboard.RoleAdmin))
	if !strings.Contains(body, `<a href="/admin/users">Users</a>`) || !strings.Contains(body, `<a href="/admin/tokens">Tokens</a>`) {
		t.Error("the admin's menu lacks Users or Tokens")
	}
}

func TestAdminCSRF(t *testing.T) {
	st := seedStore()
	s, _ := newTestServer(t, Config{}, st)
	h := s.Handler()
	for _, tc := range []struct {
		path string
		form url.Values
	}{
		{"/admin/users", url.Values{"name": {"mallory"}, "role": {"admin"}}},
		{"/admin/users/role", url.Values{"name": {"editor"}, "role": {"admin"}}},
		{"/admin/users/password", url.Values{"name": {"editor"}}},
		{"/admin/users/remove", url.Values{"name": {"editor"}}},
		{"/admin/tokens", url.Values{"name": {"cms"}, "kind": {"read"}}},
		{"/admin/tokens/revoke", url.Values{"name": {"cms"}}},
	} {
		for _, csrf := range []string{"", csrfOf(dashboard.RoleEditor)} {
			f := url.Values{}
			for k, v := range tc.form {
				f[k] = v
			}
			if csrf != "" {
				f.Set(csrfField, csrf)
			}
			res, body := post(t, h, tc.path, sessionHeader(dashboard.RoleAdmin), f)
			if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "Form expired") {
				t.Errorf("POST %s with csrf %q: %d", tc.path, csrf, res.StatusCode)
			}
		}
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.acc.users) != 3 || st.acc.users[0].Role != dashboard.RoleEditor || len(st.acc.tokens) != 0 || len(st.acc.audit) != 0 {
		t.Errorf("a form without its CSRF token changed something: %+v, %d tokens, audit %+v", st.acc.users, len(st.acc.tokens), st.acc.audit)
	}
}

func TestAdminUsers(t *testing.T) {
	st := seedStore()
	s, logs := newTestServer(t, Config{}, st)
	h := s.Handler()

	// Add: the password is shown once, on a page no cache keeps.
	res, body := adminPost(t, h, "/admin/users", url.Values{"name": {"  ana  "}, "role": {"moderator"}})
	password := secretOf(body)
	if res.StatusCode != http.StatusOK || len(password) != 24 || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("add: %d, Cache-Control %q, password %q\n%s", res.StatusCode, res.Header.Get("Cache-Control"), password, body)
	}
	if userRole(st, "ana") != dashboard.RoleModerator {
		t.Fatalf("ana is %q", userRole(st, "ana"))
	}
	if strings.Contains(logs.String(), password) {
		t.Error("the password is in the log")
	}
	res, list := get(t, h, "/admin/users", "Cookie", sessionHeader(dashboard.RoleAdmin))
	if strings.Contains(list, password) || !strings.Contains(list, "ana") || res.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("the list: %d %q, shows the password %v", res.StatusCode, res.Header.Get("Cache-Control"), strings.Contains(list, password))
	}
	// The password logs ana in.
	res, _ = login(t, h, "ana", password, "/")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("ana's login: %d", res.StatusCode)
	}
	anaCookie := res.Cookies()[0].String()
	if res, _ := adminPost(t, h, "/admin/users", url.Values{"name": {"ana"}, "role": {"editor"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("ana again: %d, want 409", res.StatusCode)
	}
	for _, bad := range []url.Values{{"name": {" "}, "role": {"editor"}}, {"name": {"bo"}, "role": {"boss"}},
		{"name": {"b\u202eo"}, "role": {"editor"}}, {"name": {strings.Repeat("b", 65)}, "role": {"editor"}}} {
		if res, _ := adminPost(t, h, "/admin/users", bad); res.StatusCode != http.StatusBadRequest {
			t.Errorf("add %v: %d, want 400", bad, res.StatusCode)
		}
	}

	// Role.
	res, _ = adminPost(t, h, "/admin/users/role", url.Values{"name": {"ana"}, "role": {"editor"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/users?done=role&name=ana" || userRole(st, "ana") != dashboard.RoleEditor {
		t.Errorf("role: %d to %q, ana is %q", res.StatusCode, res.Header.Get("Location"), userRole(st, "ana"))
	}
	if _, body := get(t, h, "/admin/users?done=role&name=ana", "Cookie", sessionHeader(dashboard.RoleAdmin)); !strings.Contains(body, "ana has a new role.") {
		t.Error("the list does not say what changed")
	}
	if res, _ := adminPost(t, h, "/admin/users/role", url.Values{"name": {"nobody"}, "role": {"editor"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("role of nobody: %d", res.StatusCode)
	}

	// Password: a new one, shown once; ana's sessions end.
	res, body = adminPost(t, h, "/admin/users/password", url.Values{"name": {"ana"}})
	second := secretOf(body)
	if res.StatusCode != http.StatusOK || second == "" || second == password || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("reset: %d %q", res.StatusCode, second)
	}
	if res, _ := get(t, h, "/", "Cookie", anaCookie); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("ana's session after the reset: %d", res.StatusCode)
	}
	u, _ := st.UserByName(t.Context(), "ana")
	if bcrypt.CompareHashAndPassword(u.PasswordHash, []byte(second)) != nil {
		t.Error("the stored hash is not the new password's")
	}

	// Remove.
	res, _ = adminPost(t, h, "/admin/users/remove", url.Values{"name": {"ana"}})
	if res.StatusCode != http.StatusSeeOther || userRole(st, "ana") != "" {
		t.Errorf("remove: %d, ana is %q", res.StatusCode, userRole(st, "ana"))
	}
	if got := st.auditActions(); got != "admin:user_add ana:login admin:user_role admin:user_passwd admin:user_remove" {
		t.Errorf("audit: %q", got)
	}
	st.mu.Lock()
	last := st.acc.audit[len(st.acc.audit)-1]
	st.mu.Unlock()
	if last.Target != "user ana" || last.IP == "" {
		t.Errorf("audit entry %+v", last)
	}
}

func TestAdminRefusals(t *testing.T) {
	st := seedStore()
	s, _ := newTestServer(t, Config{}, st)
	h := s.Handler()

	// Yourself: not removed, and no Remove button for you.
	res, body := adminPost(t, h, "/admin/users/remove", url.Values{"name": {"admin"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "You cannot remove yourself") || userRole(st, "admin") != dashboard.RoleAdmin {
		t.Errorf("remove yourself: %d\n%s", res.StatusCode, body)
	}
	// The last admin keeps the role.
	res, body = adminPost(t, h, "/admin/users/role", url.Values{"name": {"admin"}, "role": {"editor"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "admin is the only admin and must keep the admin role") || userRole(st, "admin") != dashboard.RoleAdmin {
		t.Errorf("demote the last admin: %d\n%s", res.StatusCode, body)
	}
	// An admin demoted a moment ago, whose page still works, cannot
	// remove the last admin either.
	if _, err := st.AddUser(t.Context(), dashboard.User{Name: "boss", Role: dashboard.RoleAdmin, PasswordHash: []byte("h")}); err != nil {
		t.Fatal(err)
	}
	st.mu.Lock()
	st.acc.users[st.user("admin")].Role = dashboard.RoleEditor // the session still says admin
	st.mu.Unlock()
	res, body = adminPost(t, h, "/admin/users/remove", url.Values{"name": {"boss"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "boss is the only admin and must stay") || userRole(st, "boss") != dashboard.RoleAdmin {
		t.Errorf("remove the last admin: %d\n%s", res.StatusCode, body)
	}
	if got := st.auditActions(); got != "" {
		t.Errorf("refusals were audited as changes: %q", got)
	}
}

func TestAdminHostileNames(t *testing.T) {
	st := seedStore()
	s, _ := newTestServer(t, Config{}, st)
	h := s.Handler()
	res, body := adminPost(t, h, "/admin/users", url.Values{"name": {hostileName}, "role": {"editor"}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("add: %d", res.StatusCode)
	}
	pages := []string{body}
	res, body = adminPost(t, h, "/admin/tokens", url.Values{"name": {hostileName}, "kind": {"read"}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("add token: %d", res.StatusCode)
	}
	pages = append(pages, body)
	for _, path := range []string{"/admin/users", "/admin/tokens", "/admin/users?done=role&name=" + url.QueryEscape(hostileName), "/audit"} {
		_, body := get(t, h, path, "Cookie", sessionHeader(dashboard.RoleAdmin))
		if !strings.Contains(body, "&lt;script&gt;window.__xss=1&lt;/script&gt;") {
			t.Errorf("%s does not show the name as text", path)
		}
		pages = append(pages, body)
	}
	for i, body := range pages {
		for _, raw := range []string{"<script>window", `"'><img`, "<img src=x"} {
			if strings.Contains(body, raw) {
				t.Errorf("page %d has %q unescaped", i, raw)
			}
		}
	}
	// The hidden fields carry the name back as it is: the role form works.
	res, _ = adminPost(t, h, "/admin/users/role", url.Values{"name": {hostileName}, "role": {"moderator"}})
	if res.StatusCode != http.StatusSeeOther || userRole(st, hostileName) != dashboard.RoleModerator {
		t.Errorf("role of the hostile name: %d", res.StatusCode)
	}
}

func TestAdminTokens(t *testing.T) {
	st := seedStore()
	s, logs := newTestServer(t, Config{}, st)
	h := s.Handler()

	// A read token of one story: its secret once, with a chart URL.
	res, body := adminPost(t, h, "/admin/tokens", url.Values{"name": {"cms"}, "kind": {"read"}, "story": {seedStory}})
	secret := secretOf(body)
	if res.StatusCode != http.StatusOK || len(secret) != 64 || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("add: %d %q %q", res.StatusCode, res.Header.Get("Cache-Control"), secret)
	}
	example := "http://example.com/stories/" + seedStory + "/charts/tone-by-source.png?token=" + secret
	if !strings.Contains(body, example) {
		t.Errorf("the page lacks the example %q:\n%s", example, body)
	}
	if res, _ := get(t, h, chartURL(seedStory, "tone-by-source", "csv", "token="+secret), "Cookie", ""); res.StatusCode != http.StatusOK {
		t.Errorf("the new token reads a chart file: %d", res.StatusCode)
	}
	// An ingest token of every story: the curl line.
	_, body = adminPost(t, h, "/admin/tokens", url.Values{"name": {"comments"}, "kind": {"ingest"}, "story": {""}})
	ingest := secretOf(body)
	if !strings.Contains(body, "curl -sS -X POST -H &#39;Authorization: Bearer "+ingest+"&#39;") ||
		!strings.Contains(body, "http://example.com/api/stories/STORY/import") {
		t.Errorf("the ingest page lacks the curl line:\n%s", body)
	}
	for _, bad := range []url.Values{{"name": {"x"}, "kind": {"write"}}, {"name": {""}, "kind": {"read"}}, {"name": {"x"}, "kind": {"read"}, "story": {"no-such-story"}}} {
		if res, _ := adminPost(t, h, "/admin/tokens", bad); res.StatusCode != http.StatusBadRequest {
			t.Errorf("add %v: %d, want 400", bad, res.StatusCode)
		}
	}
	if res, _ := adminPost(t, h, "/admin/tokens", url.Values{"name": {"cms"}, "kind": {"ingest"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("cms again: %d, want 409", res.StatusCode)
	}

	// The list: names, kinds, scopes, who; never a secret or a hash.
	res, list := get(t, h, "/admin/tokens", "Cookie", sessionHeader(dashboard.RoleAdmin))
	for _, want := range []string{`<td class="token-name">cms</td>`, "<td>read</td>", "<td>" + seedStory + "</td>",
		`<td class="token-name">comments</td>`, "<td>ingest</td>", "<td>every story</td>", "<td>admin</td>"} {
		if !strings.Contains(list, want) {
			t.Errorf("the list lacks %q", want)
		}
	}
	for _, leak := range []string{secret, HashToken(secret), ingest, HashToken(ingest)} {
		if strings.Contains(list, leak) || strings.Contains(logs.String(), leak) {
			t.Errorf("a secret or its hash is on the list or in the log")
		}
	}
	if res.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("the list's Cache-Control %q", res.Header.Get("Cache-Control"))
	}

	// Revoke.
	res, _ = adminPost(t, h, "/admin/tokens/revoke", url.Values{"name": {"cms"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/tokens?done=revoked&name=cms" {
		t.Errorf("revoke: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := get(t, h, chartURL(seedStory, "tone-by-source", "csv", "token="+secret), "Cookie", ""); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("a revoked token: %d", res.StatusCode)
	}
	if res, _ := adminPost(t, h, "/admin/tokens/revoke", url.Values{"name": {"cms"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("revoke again: %d", res.StatusCode)
	}
	if got := st.auditActions(); got != "admin:token_add admin:token_add admin:token_revoke" {
		t.Errorf("audit: %q", got)
	}
	st.mu.Lock()
	first := st.acc.audit[0]
	st.mu.Unlock()
	if first.Target != "token cms" || first.Detail != "kind=read story="+seedStory {
		t.Errorf("audit entry %+v", first)
	}
}
