package web

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tonedesk/tonedesk/dashboard"
)

var (
	_ dashboard.Accounts   = (*fakeStore)(nil)
	_ dashboard.Moderation = (*fakeStore)(nil)
)

// fakeAccounts is the users, sessions, tokens, audit log and decisions of
// a fakeStore. Every fakeStore starts with one user per role, named after
// the role, whose password is "pw-" and the role, each with a session whose
// token is testSession(role).
type fakeAccounts struct {
	users     []dashboard.User
	sessions  map[string]dashboard.Session // by token hash
	tokens    map[string]dashboard.Token   // by token hash
	audit     []dashboard.AuditEntry
	decisions []dashboard.Decision
	fails     map[string][]time.Time // failed logins by key, oldest first
}

// testHashes are the bcrypt hashes of the test users' passwords, made once
// at the lowest cost.
var testHashes = sync.OnceValue(func() map[dashboard.Role][]byte {
	m := map[dashboard.Role][]byte{}
	for _, r := range dashboard.Roles {
		h, err := bcrypt.GenerateFromPassword([]byte(testPassword(r)), bcrypt.MinCost)
		if err != nil {
			panic(err)
		}
		m[r] = h
	}
	return m
})

// testPassword is the password of the test user of a role.
func testPassword(r dashboard.Role) string { return "pw-" + string(r) }

// testSession is the session token of the test user of a role.
func testSession(r dashboard.Role) string { return "test-session-" + string(r) }

// sessionHeader is the Cookie header of the test user of a role.
func sessionHeader(r dashboard.Role) string { return sessionCookie + "=" + testSession(r) }

func newFakeAccounts() fakeAccounts {
	a := fakeAccounts{sessions: map[string]dashboard.Session{}, tokens: map[string]dashboard.Token{}}
	for i, r := range dashboard.Roles {
		u := dashboard.User{ID: int64(i + 1), Name: string(r), Role: r, PasswordHash: testHashes()[r],
			Created: time.Date(2025, 10, 20, 9, 0, 0, 0, time.UTC)}
		a.users = append(a.users, u)
		a.sessions[HashToken(testSession(r))] = dashboard.Session{User: u, Expires: time.Now().Add(24 * time.Hour)}
	}
	return a
}

func (f *fakeStore) AddUser(_ context.Context, u dashboard.User) (dashboard.User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, x := range f.acc.users {
		if x.Name == u.Name {
			return dashboard.User{}, dashboard.ErrExists
		}
	}
	u.ID = int64(len(f.acc.users) + 100)
	u.Created = time.Now()
	f.acc.users = append(f.acc.users, u)
	return u, nil
}

func (f *fakeStore) UserByName(_ context.Context, name string) (dashboard.User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, u := range f.acc.users {
		if u.Name == name {
			return u, nil
		}
	}
	return dashboard.User{}, fmt.Errorf("user %q: %w", name, dashboard.ErrNotFound)
}

func (f *fakeStore) Users(context.Context) ([]dashboard.User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := slices.Clone(f.acc.users)
	slices.SortFunc(out, func(a, b dashboard.User) int { return cmp.Compare(a.Name, b.Name) })
	return out, nil
}

// user returns the index of the user name, -1 if there is none. The
// caller holds mu.
func (f *fakeStore) user(name string) int {
	return slices.IndexFunc(f.acc.users, func(u dashboard.User) bool { return u.Name == name })
}

// admins is how many admins there are. The caller holds mu.
func (f *fakeStore) admins() int {
	n := 0
	for _, u := range f.acc.users {
		if u.Role == dashboard.RoleAdmin {
			n++
		}
	}
	return n
}

// endSessions deletes the sessions of a user. The caller holds mu.
func (f *fakeStore) endSessions(id int64) {
	maps.DeleteFunc(f.acc.sessions, func(_ string, s dashboard.Session) bool { return s.User.ID == id })
}

func (f *fakeStore) SetPassword(_ context.Context, name string, hash []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := f.user(name)
	if i < 0 {
		return fmt.Errorf("user %q: %w", name, dashboard.ErrNotFound)
	}
	f.acc.users[i].PasswordHash = hash
	f.endSessions(f.acc.users[i].ID)
	return nil
}

func (f *fakeStore) SetRole(_ context.Context, name string, role dashboard.Role) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := f.user(name)
	if i < 0 {
		return fmt.Errorf("user %q: %w", name, dashboard.ErrNotFound)
	}
	u := &f.acc.users[i]
	if u.Role == dashboard.RoleAdmin && role != dashboard.RoleAdmin && f.admins() == 1 {
		return fmt.Errorf("user %q: %w", name, dashboard.ErrLastAdmin)
	}
	u.Role = role
	for h, s := range f.acc.sessions {
		if s.User.ID == u.ID {
			s.User.Role = role
			f.acc.sessions[h] = s
		}
	}
	return nil
}

func (f *fakeStore) RemoveUser(_ context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := f.user(name)
	if i < 0 {
		return fmt.Errorf("user %q: %w", name, dashboard.ErrNotFound)
	}
	if f.acc.users[i].Role == dashboard.RoleAdmin && f.admins() == 1 {
		return fmt.Errorf("user %q: %w", name, dashboard.ErrLastAdmin)
	}
	f.endSessions(f.acc.users[i].ID)
	f.acc.users = slices.Delete(f.acc.users, i, i+1)
	return nil
}

func (f *fakeStore) AddSession(_ context.Context, hash string, userID int64, expires time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, u := range f.acc.users {
		if u.ID == userID {
			u.PasswordHash = nil
			f.acc.sessions[hash] = dashboard.Session{User: u, Expires: expires}
			return nil
		}
	}
	return dashboard.ErrNotFound
}

func (f *fakeStore) Session(_ context.Context, hash string, now time.Time) (dashboard.Session, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.acc.sessions[hash]
	if !ok || !s.Expires.After(now) {
		return dashboard.Session{}, dashboard.ErrNotFound
	}
	return s, nil
}

func (f *fakeStore) ExtendSession(_ context.Context, hash string, expires time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s, ok := f.acc.sessions[hash]; ok {
		s.Expires = expires
		f.acc.sessions[hash] = s
	}
	return nil
}

func (f *fakeStore) RemoveSession(_ context.Context, hash string, _ time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.acc.sessions, hash)
	return nil
}

func (f *fakeStore) LoginFailures(_ context.Context, keys []string, since time.Time) (map[string][]time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string][]time.Time{}
	for _, k := range keys {
		for _, t := range f.acc.fails[k] {
			if !t.Before(since) {
				out[k] = append(out[k], t)
			}
		}
	}
	return out, nil
}

func (f *fakeStore) AddLoginFailure(_ context.Context, keys []string, at, forget time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.acc.fails == nil {
		f.acc.fails = map[string][]time.Time{}
	}
	for k, ts := range f.acc.fails {
		f.acc.fails[k] = slices.DeleteFunc(ts, func(t time.Time) bool { return t.Before(forget) })
	}
	for _, k := range keys {
		f.acc.fails[k] = append(f.acc.fails[k], at)
	}
	return nil
}

func (f *fakeStore) ClearLoginFailures(_ context.Context, keys []string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, k := range keys {
		delete(f.acc.fails, k)
	}
	return nil
}

func (f *fakeStore) AddToken(_ context.Context, t dashboard.Token, hash string) (dashboard.Token, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, x := range f.acc.tokens {
		if x.Name == t.Name {
			return dashboard.Token{}, fmt.Errorf("token %q: %w", t.Name, dashboard.ErrExists)
		}
	}
	t.ID = int64(len(f.acc.tokens) + 1)
	t.Created = time.Now()
	f.acc.tokens[hash] = t
	return t, nil
}

func (f *fakeStore) TokenByHash(_ context.Context, hash string) (dashboard.Token, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, ok := f.acc.tokens[hash]
	if !ok {
		return dashboard.Token{}, dashboard.ErrNotFound
	}
	t.Hash = hash
	return t, nil
}

func (f *fakeStore) Tokens(context.Context) ([]dashboard.Token, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := slices.Collect(maps.Values(f.acc.tokens))
	slices.SortFunc(out, func(a, b dashboard.Token) int { return cmp.Compare(a.Name, b.Name) })
	return out, nil
}

func (f *fakeStore) RemoveToken(_ context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for h, t := range f.acc.tokens {
		if t.Name == name {
			delete(f.acc.tokens, h)
			return nil
		}
	}
	return fmt.Errorf("token %q: %w", name, dashboard.ErrNotFound)
}

func (f *fakeStore) Audit(_ context.Context, e dashboard.AuditEntry) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.ID = int64(len(f.acc.audit) + 1)
	f.acc.audit = append(f.acc.audit, e)
	return nil
}

func (f *fakeStore) AuditLog(_ context.Context, limit, offset int) ([]dashboard.AuditEntry, int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	all := slices.Clone(f.acc.audit)
	slices.Reverse(all)
	if offset > len(all) {
		offset = len(all)
	}
	all = all[offset:]
	return all[:min(limit, len(all))], len(f.acc.audit), nil
}

// auditActions returns the actions of the audit log, oldest first.
func (f *fakeStore) auditActions() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, e := range f.acc.audit {
		out = append(out, e.Actor+":"+e.Action)
	}
	return strings.Join(out, " ")
}

func (f *fakeStore) Queue(_ context.Context, limit int) ([]dashboard.QueueItem, int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []dashboard.QueueItem
	for id, cs := range f.comments {
		for _, c := range cs {
			sev := 0.0
			for _, fl := range c.Analysis.Flags {
				sev = max(sev, fl.Severity)
			}
			if sev > 0 && c.Moderation == "" {
				out = append(out, dashboard.QueueItem{Comment: c, StoryID: id, StoryTitle: f.stories[id].Title, Severity: sev})
			}
		}
	}
	slices.SortFunc(out, func(a, b dashboard.QueueItem) int {
		if a.Severity != b.Severity {
			if a.Severity > b.Severity {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.Comment.ID, b.Comment.ID)
	})
	return out[:min(limit, len(out))], len(out), nil
}

func (f *fakeStore) Decide(_ context.Context, ds []dashboard.Decision) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, d := range ds {
		found := false
		for _, cs := range f.comments {
			for i := range cs {
				if cs[i].ID == d.CommentID {
					found = true
				}
			}
		}
		if !found {
			return dashboard.ErrNotFound
		}
	}
	for _, d := range ds {
		for _, cs := range f.comments {
			for i := range cs {
				if cs[i].ID == d.CommentID {
					cs[i].Moderation = d.Action
				}
			}
		}
		f.acc.decisions = append(f.acc.decisions, d)
		f.acc.audit = append(f.acc.audit, dashboard.AuditEntry{At: d.At, Actor: d.By, Action: strings.TrimSuffix(d.Action, "d"),
			Target: fmt.Sprintf("comment %d", d.CommentID)})
	}
	return nil
}

func (f *fakeStore) Decisions(_ context.Context, id int64) ([]dashboard.Decision, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []dashboard.Decision
	for _, d := range f.acc.decisions {
		if d.CommentID == id {
			out = append(out, d)
		}
	}
	return out, nil
}
