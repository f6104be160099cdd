package store

import (
	"errors"
	"testing"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/sentiment"
)

func TestUsers(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		u, err := db.AddUser(ctx, dashboard.User{Name: "ana", Role: dashboard.RoleEditor, PasswordHash: []byte("h1")})
		if err != nil || u.ID == 0 {
			t.Fatalf("add: %+v %v", u, err)
		}
		if _, err := db.AddUser(ctx, dashboard.User{Name: "ana", Role: dashboard.RoleAdmin, PasswordHash: []byte("h")}); !errors.Is(err, dashboard.ErrExists) {
			t.Errorf("second ana: %v, want ErrExists", err)
		}
		for _, bad := range []dashboard.User{{Name: "", Role: "editor", PasswordHash: []byte("h")},
			{Name: "x", Role: "boss", PasswordHash: []byte("h")}, {Name: "x", Role: "editor"}} {
			if _, err := db.AddUser(ctx, bad); !errors.Is(err, ErrInvalid) {
				t.Errorf("AddUser(%+v): %v, want ErrInvalid", bad, err)
			}
		}
		if _, err := db.AddUser(ctx, dashboard.User{Name: "bo", Role: dashboard.RoleAdmin, PasswordHash: []byte("h2")}); err != nil {
			t.Fatal(err)
		}
		got, err := db.UserByName(ctx, "ana")
		if err != nil || got.Role != dashboard.RoleEditor || string(got.PasswordHash) != "h1" || got.Created.IsZero() {
			t.Errorf("UserByName = %+v, %v", got, err)
		}
		if _, err := db.UserByName(ctx, "nobody"); !errors.Is(err, dashboard.ErrNotFound) {
			t.Errorf("nobody: %v", err)
		}
		if err := db.SetRole(ctx, "ana", dashboard.RoleModerator); err != nil {
			t.Fatal(err)
		}
		// A new password ends the user's sessions.
		if err := db.AddSession(ctx, "s-ana", u.ID, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := db.SetPassword(ctx, "ana", []byte("h3")); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Session(ctx, "s-ana", time.Now()); !errors.Is(err, dashboard.ErrNotFound) {
			t.Errorf("session after a new password: %v", err)
		}
		users, err := db.Users(ctx)
		if err != nil || len(users) != 2 || users[0].Name != "ana" || users[0].Role != dashboard.RoleModerator || users[1].Name != "bo" {
			t.Errorf("Users = %+v, %v", users, err)
		}
		for _, err := range []error{db.SetRole(ctx, "nobody", dashboard.RoleAdmin), db.SetPassword(ctx, "nobody", []byte("h")), db.RemoveUser(ctx, "nobody")} {
			if !errors.Is(err, dashboard.ErrNotFound) {
				t.Errorf("on nobody: %v, want ErrNotFound", err)
			}
		}
		if err := db.SetRole(ctx, "ana", dashboard.RoleAdmin); err != nil { // bo is not the last admin
			t.Fatal(err)
		}
		if err := db.RemoveUser(ctx, "bo"); err != nil {
			t.Fatal(err)
		}
		if users, _ := db.Users(ctx); len(users) != 1 {
			t.Errorf("after remove: %+v", users)
		}
	})
}

func TestSessions(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		u, err := db.AddUser(ctx, dashboard.User{Name: "ana", Role: dashboard.RoleAdmin, PasswordHash: []byte("h")})
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		if err := db.AddSession(ctx, "live", u.ID, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := db.AddSession(ctx, "old", u.ID, now.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		s, err := db.Session(ctx, "live", now)
		if err != nil || s.User.Name != "ana" || s.User.Role != dashboard.RoleAdmin || len(s.User.PasswordHash) != 0 {
			t.Fatalf("live session = %+v, %v", s, err)
		}
		if _, err := db.Session(ctx, "old", now); !errors.Is(err, dashboard.ErrNotFound) {
			t.Errorf("expired session: %v, want ErrNotFound", err)
		}
		// Past its end, a session is gone; extended, it lives on.
		if _, err := db.Session(ctx, "live", now.Add(2*time.Hour)); !errors.Is(err, dashboard.ErrNotFound) {
			t.Errorf("live session two hours on: %v", err)
		}
		if err := db.ExtendSession(ctx, "live", now.Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if s, err := db.Session(ctx, "live", now.Add(2*time.Hour)); err != nil || !s.Expires.After(now.Add(2*time.Hour)) {
			t.Errorf("extended session = %+v, %v", s, err)
		}
		// Removing one also sweeps the expired ones.
		if err := db.RemoveSession(ctx, "live", now); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d sessions left (%v)", n, err)
		}
		// Removing the user ends its sessions (another admin stays).
		if _, err := db.AddUser(ctx, dashboard.User{Name: "bo", Role: dashboard.RoleAdmin, PasswordHash: []byte("h")}); err != nil {
			t.Fatal(err)
		}
		if err := db.AddSession(ctx, "again", u.ID, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := db.RemoveUser(ctx, "ana"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Session(ctx, "again", now); !errors.Is(err, dashboard.ErrNotFound) {
			t.Errorf("session of a removed user: %v", err)
		}
	})
}

func TestTokens(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		tok, err := db.AddToken(ctx, dashboard.Token{Name: "cms", StoryID: "s", CreatedBy: "cli"}, "hash1")
		if err != nil || tok.ID == 0 {
			t.Fatalf("add: %+v %v", tok, err)
		}
		if _, err := db.AddToken(ctx, dashboard.Token{Name: "cms"}, "hash2"); !errors.Is(err, dashboard.ErrExists) {
			t.Errorf("same name: %v", err)
		}
		got, err := db.TokenByHash(ctx, "hash1")
		if err != nil || got.Name != "cms" || got.StoryID != "s" {
			t.Errorf("TokenByHash = %+v, %v", got, err)
		}
		if got.Kind != dashboard.TokenRead || got.Hash != "hash1" {
			t.Errorf("TokenByHash kind %q hash %q, want read, hash1", got.Kind, got.Hash)
		}
		if _, err := db.AddToken(ctx, dashboard.Token{Name: "push", Kind: dashboard.TokenIngest}, "hash3"); err != nil {
			t.Fatal(err)
		}
		if got, err := db.TokenByHash(ctx, "hash3"); err != nil || got.Kind != dashboard.TokenIngest || got.StoryID != "" {
			t.Errorf("ingest token = %+v, %v", got, err)
		}
		if _, err := db.AddToken(ctx, dashboard.Token{Name: "odd", Kind: "write"}, "hash4"); !errors.Is(err, ErrInvalid) {
			t.Errorf("unknown kind: %v", err)
		}
		if ts, err := db.Tokens(ctx); err != nil || len(ts) != 2 || ts[0].Kind != dashboard.TokenRead || ts[1].Kind != dashboard.TokenIngest || ts[0].Hash != "" {
			t.Errorf("Tokens = %+v, %v", ts, err)
		}
		if err := db.RemoveToken(ctx, "cms"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TokenByHash(ctx, "hash1"); !errors.Is(err, dashboard.ErrNotFound) {
			t.Errorf("revoked token: %v", err)
		}
		if err := db.RemoveToken(ctx, "cms"); !errors.Is(err, dashboard.ErrNotFound) {
			t.Errorf("revoke twice: %v", err)
		}
	})
}

func TestAuditLog(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		base := at("2025-11-01T10:00:00Z")
		for i, a := range []string{"login", "login_failed", "user_add"} {
			if err := db.Audit(ctx, dashboard.AuditEntry{At: base.Add(time.Duration(i) * time.Minute), Actor: "ana", Action: a,
				Target: "t" + a, Detail: "<b>", IP: "127.0.0.1"}); err != nil {
				t.Fatal(err)
			}
		}
		got, total, err := db.AuditLog(ctx, 2, 0)
		if err != nil || total != 3 || len(got) != 2 || got[0].Action != "user_add" || got[1].Action != "login_failed" ||
			!got[0].At.Equal(base.Add(2*time.Minute)) || got[0].Detail != "<b>" || got[0].IP != "127.0.0.1" {
			t.Errorf("page 1 = %+v, %d, %v", got, total, err)
		}
		got, _, err = db.AuditLog(ctx, 2, 2)
		if err != nil || len(got) != 1 || got[0].Action != "login" {
			t.Errorf("page 2 = %+v, %v", got, err)
		}
	})
}

// flagged returns an analysis with one flag.
func flagged(score float64, kind string, severity float64, span string) sentiment.Analysis {
	a := tone(score)
	a.Flags = []sentiment.Flag{{Kind: kind, Severity: severity, Span: span}}
	return a
}

// TestModeration works the queue: most severe first, decisions leave it,
// are recorded with their corrections and audited, and a rejected comment
// leaves the Summary unless the filter asks for it.
func TestModeration(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		putStory(t, db, "s")
		b := dashboard.Batch{Articles: []dashboard.Article{{
			ExternalID: "a1", Source: "Dawn", Title: "Talks", Body: "Body.", Published: at("2025-10-25T10:00:00Z"), Analysis: tone(0),
			Comments: []dashboard.Comment{
				{ExternalID: "c1", Text: "you idiot", Posted: at("2025-10-25T11:00:00Z"), Analysis: flagged(-0.9, "insult", 0.6, "idiot")},
				{ExternalID: "c2", Text: "fine", Posted: at("2025-10-25T12:00:00Z"), Analysis: tone(0.5)},
				{ExternalID: "c3", Text: "I will hurt you", Posted: at("2025-10-26T12:00:00Z"), Analysis: flagged(-0.8, "threat", 0.95, "hurt you")},
			},
		}}}
		if _, err := db.Import(ctx, "s", b); err != nil {
			t.Fatal(err)
		}
		q, total, err := db.Queue(ctx, 10)
		if err != nil || total != 2 || len(q) != 2 {
			t.Fatalf("queue = %+v, %d, %v", q, total, err)
		}
		if q[0].Comment.Text != "I will hurt you" || q[0].Severity != 0.95 || q[0].StoryID != "s" || q[0].StoryTitle != "Story s" ||
			q[0].Comment.Source != "Dawn" || q[0].Comment.ArticleTitle != "Talks" || len(q[0].Comment.Analysis.Flags) != 1 {
			t.Errorf("first in the queue: %+v", q[0])
		}
		if q, _, _ := db.Queue(ctx, 1); len(q) != 1 {
			t.Errorf("limit 1: %d items", len(q))
		}
		before, err := db.Summary(ctx, "s", dashboard.Filter{})
		if err != nil || before.Comments != 3 {
			t.Fatalf("summary before: %d comments, %v", before.Comments, err)
		}

		threat, insult := q[0].Comment.ID, q[1].Comment.ID
		if err := db.Decide(ctx, []dashboard.Decision{{CommentID: threat, Action: "maybe", By: "mo"}}); !errors.Is(err, ErrInvalid) {
			t.Errorf("bad action: %v", err)
		}
		// A batch with a missing comment writes nothing.
		if err := db.Decide(ctx, []dashboard.Decision{{CommentID: threat, Action: dashboard.Rejected, By: "mo"},
			{CommentID: 999999, Action: dashboard.Rejected, By: "mo"}}); !errors.Is(err, dashboard.ErrNotFound) {
			t.Errorf("missing comment: %v", err)
		}
		if _, total, _ := db.Queue(ctx, 10); total != 2 {
			t.Errorf("after a failed batch the queue has %d", total)
		}

		if err := db.Decide(ctx, []dashboard.Decision{
			{CommentID: threat, Action: dashboard.Rejected, Stance: "none", Flag: "threat", By: "mo", IP: "10.0.0.1"},
			{CommentID: insult, Action: dashboard.Approved, Sentiment: "negative", Flag: "none", By: "mo"},
		}); err != nil {
			t.Fatal(err)
		}
		if q, total, err := db.Queue(ctx, 10); err != nil || total != 0 || len(q) != 0 {
			t.Errorf("queue after deciding: %+v, %d, %v", q, total, err)
		}
		ds, err := db.Decisions(ctx, threat)
		if err != nil || len(ds) != 1 || ds[0].Action != dashboard.Rejected || ds[0].Stance != "none" || ds[0].Flag != "threat" ||
			ds[0].Sentiment != "" || ds[0].By != "mo" || ds[0].At.IsZero() {
			t.Errorf("decisions = %+v, %v", ds, err)
		}
		log, _, err := db.AuditLog(ctx, 10, 0)
		if err != nil || len(log) != 2 || log[1].Action != "reject" || log[1].Actor != "mo" || log[1].IP != "10.0.0.1" ||
			log[1].Detail != "stance=none flag=threat" || log[0].Action != "approve" {
			t.Errorf("audit = %+v, %v", log, err)
		}

		// The rejected threat leaves the charts; the filter brings it back.
		after, err := db.Summary(ctx, "s", dashboard.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if after.Comments != 2 || after.Sources[0].Comments != 2 || len(after.Days) != 1 || after.Days[0].Comments != 2 ||
			!after.To.Equal(at("2025-10-25T12:00:00Z")) {
			t.Errorf("summary without the rejected comment: %+v", after)
		}
		n := 0
		for _, h := range after.Histogram {
			n += h
		}
		st := 0
		for _, s := range after.StanceTones {
			st += s.Comments
		}
		if n != 2 || st != 2 {
			t.Errorf("histogram %d, stances %d comments, want 2", n, st)
		}
		all, err := db.Summary(ctx, "s", dashboard.Filter{Rejected: true})
		if err != nil || all.Comments != 3 || len(all.Days) != 2 {
			t.Errorf("with rejected: %d comments, %d days, %v", all.Comments, len(all.Days), err)
		}
		// The comment lists carry the state.
		cs, err := db.Comments(ctx, "s")
		if err != nil {
			t.Fatal(err)
		}
		states := map[string]string{}
		for _, c := range cs {
			states[c.ExternalID] = c.Moderation
		}
		if states["c1"] != dashboard.Approved || states["c2"] != "" || states["c3"] != dashboard.Rejected {
			t.Errorf("states = %v", states)
		}
	})
}

func TestLastAdmin(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		add := func(name string, role dashboard.Role) {
			t.Helper()
			if _, err := db.AddUser(ctx, dashboard.User{Name: name, Role: role, PasswordHash: []byte("h")}); err != nil {
				t.Fatal(err)
			}
		}
		// With no admin at all, users come and go as before.
		add("ed", dashboard.RoleEditor)
		add("ed2", dashboard.RoleEditor)
		if err := db.RemoveUser(ctx, "ed2"); err != nil {
			t.Fatalf("remove an editor with no admin: %v", err)
		}
		add("ana", dashboard.RoleAdmin)
		if err := db.SetRole(ctx, "ana", dashboard.RoleModerator); !errors.Is(err, dashboard.ErrLastAdmin) {
			t.Errorf("demote the only admin: %v, want ErrLastAdmin", err)
		}
		if err := db.RemoveUser(ctx, "ana"); !errors.Is(err, dashboard.ErrLastAdmin) {
			t.Errorf("remove the only admin: %v, want ErrLastAdmin", err)
		}
		if u, err := db.UserByName(ctx, "ana"); err != nil || u.Role != dashboard.RoleAdmin {
			t.Errorf("after the refusals ana is %+v, %v", u, err)
		}
		if err := db.SetRole(ctx, "ana", dashboard.RoleAdmin); err != nil {
			t.Errorf("admin to admin: %v", err)
		}
		if err := db.SetRole(ctx, "ed", dashboard.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		if err := db.SetRole(ctx, "ana", dashboard.RoleEditor); err != nil {
			t.Errorf("demote one of two admins: %v", err)
		}
		if err := db.SetRole(ctx, "ana", dashboard.RoleAdmin); err != nil {
			t.Fatal(err)
		}

		// Two admins removing each other at once: one wins, one admin is
		// left.
		errs := make(chan error, 2)
		for _, name := range []string{"ana", "ed"} {
			go func() { errs <- db.RemoveUser(ctx, name) }()
		}
		var refused int
		for range 2 {
			if err := <-errs; errors.Is(err, dashboard.ErrLastAdmin) {
				refused++
			} else if err != nil {
				t.Errorf("remove: %v", err)
			}
		}
		users, err := db.Users(ctx)
		if err != nil || refused != 1 || len(users) != 1 || users[0].Role != dashboard.RoleAdmin {
			t.Errorf("after two removals at once: %d refused, users %+v, %v", refused, users, err)
		}
	})
}

func TestLoginFailures(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		t0 := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
		ip, name := "ip:203.0.113.9", "user:5e1f"
		for i := range 3 {
			at := t0.Add(time.Duration(i) * time.Minute)
			if err := db.AddLoginFailure(ctx, []string{ip, name}, at, at.Add(-time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.AddLoginFailure(ctx, []string{"ip:198.51.100.1"}, t0, t0.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		got, err := db.LoginFailures(ctx, []string{ip, name, "user:none"}, t0.Add(30*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		want := []time.Time{t0.Add(time.Minute), t0.Add(2 * time.Minute)}
		for _, k := range []string{ip, name} {
			if len(got[k]) != 2 || !got[k][0].Equal(want[0]) || !got[k][1].Equal(want[1]) {
				t.Errorf("%s: %v, want %v", k, got[k], want)
			}
		}
		if _, ok := got["user:none"]; ok || len(got) != 2 {
			t.Errorf("failures %v: want the two keys that have some", got)
		}

		// A failure an hour on forgets those before its forget time, of every key.
		later := t0.Add(time.Hour)
		if err := db.AddLoginFailure(ctx, []string{name}, later, t0.Add(90*time.Second)); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_failures`).Scan(&n); err != nil || n != 3 {
			t.Errorf("%d failures kept (%v), want 3: the two at t0+2m and the new one", n, err)
		}

		if err := db.ClearLoginFailures(ctx, []string{name}); err != nil {
			t.Fatal(err)
		}
		got, err = db.LoginFailures(ctx, []string{ip, name}, t0)
		if err != nil || len(got[name]) != 0 || len(got[ip]) != 1 {
			t.Errorf("after clearing %s: %v, %v", name, got, err)
		}
	})
}
