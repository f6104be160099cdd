package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/tonedesk/tonedesk/dashboard"
)

func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "td.db")
	ctx := context.Background()

	// ensure-admin makes admin once, with a password printed once.
	out, stderr, err := runCmd(t, "", "user", "ensure-admin", "--db", db, "--addr", "127.0.0.1:9999")
	if err != nil {
		t.Fatalf("ensure-admin: %v %s", err, stderr)
	}
	m := regexp.MustCompile(`log in at http://127\.0\.0\.1:9999/login as admin with password (\S+)\n`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("ensure-admin printed %q", out)
	}
	st := openStore(t, db)
	admin, err := st.UserByName(ctx, "admin")
	if err != nil || admin.Role != dashboard.RoleAdmin || bcrypt.CompareHashAndPassword(admin.PasswordHash, []byte(m[1])) != nil {
		t.Fatalf("admin = %+v, %v", admin, err)
	}
	if out, _, err := runCmd(t, "", "user", "ensure-admin", "--db", db); err != nil || out != "" {
		t.Errorf("ensure-admin again: %q %v", out, err)
	}
	// The only admin stays one, with a sentence saying what to do.
	for _, args := range [][]string{{"remove"}, {"role", "--role", "editor"}} {
		_, _, err := runCmd(t, "", append([]string{"user", args[0], "--db", db, "--name", "admin"}, args[1:]...)...)
		if err == nil || !strings.Contains(err.Error(), "admin is the only admin: make another user admin first") {
			t.Errorf("user %s of the only admin: err %v", args[0], err)
		}
	}

	// add reads the password from standard input.
	if _, stderr, err := runCmd(t, "a long enough password\n", "user", "add", "--db", db, "--name", "mo", "--role", "moderator"); err != nil {
		t.Fatalf("add: %v %s", err, stderr)
	}
	mo, _ := st.UserByName(ctx, "mo")
	if mo.Role != dashboard.RoleModerator || bcrypt.CompareHashAndPassword(mo.PasswordHash, []byte("a long enough password")) != nil {
		t.Errorf("mo = %+v", mo)
	}
	for _, tc := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"short\n", []string{"add", "--name", "x", "--role", "editor"}, "at least 10"},
		{"", []string{"add", "--name", "x", "--role", "editor"}, "no password"},
		{"a long enough password\n", []string{"add", "--name", "mo", "--role", "editor"}, "already exists"},
		{"a long enough password\n", []string{"add", "--name", "x", "--role", "boss"}, "want editor, moderator or admin"},
		{"", []string{"add", "--role", "editor"}, "--name is required"},
		{"", []string{"role", "--name", "nobody", "--role", "admin"}, `no user "nobody"`},
		{"", []string{"frob"}, "unknown subcommand"},
	} {
		_, _, err := runCmd(t, tc.stdin, append(append([]string{"user"}, tc.args...), "--db", db)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("user %v: %v, want %q", tc.args, err, tc.want)
		}
	}

	// --generate prints the password once.
	out, _, err = runCmd(t, "", "user", "add", "--db", db, "--name", "ed", "--role", "editor", "--generate")
	if err != nil || !regexp.MustCompile(`password for ed: [A-Za-z0-9_-]{24} \(shown only this once\)`).MatchString(out) {
		t.Errorf("add --generate: %q %v", out, err)
	}
	if _, _, err := runCmd(t, "another long password\n", "user", "passwd", "--db", db, "--name", "ed"); err != nil {
		t.Fatal(err)
	}
	ed, _ := st.UserByName(ctx, "ed")
	if bcrypt.CompareHashAndPassword(ed.PasswordHash, []byte("another long password")) != nil {
		t.Error("passwd did not change the password")
	}
	if _, _, err := runCmd(t, "", "user", "role", "--db", db, "--name", "ed", "--role", "admin"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "", "user", "remove", "--db", db, "--name", "mo"); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCmd(t, "", "user", "list", "--db", db)
	if err != nil || !regexp.MustCompile(`(?s)NAME\s+ROLE.*\nadmin\s+admin.*\ned\s+admin`).MatchString(out) || strings.Contains(out, "mo ") {
		t.Errorf("list:\n%s", out)
	}
	// Every change is in the audit log.
	log, _, err := st.AuditLog(ctx, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action)
	}
	if got := strings.Join(actions, " "); got != "user_remove user_role user_passwd user_add user_add user_add" {
		t.Errorf("audit: %q", got)
	}
}

// TestPasswordFromFile: standard input that is a file, or /dev/null, is
// not a terminal: the password is one line, read without a prompt, as from
// a pipe.
func TestPasswordFromFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "td.db")
	name := filepath.Join(dir, "password")
	if err := os.WriteFile(name, []byte("a long enough password\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file, user, want string
	}{
		{name, "mo", ""},
		{os.DevNull, "ed", "no password on standard input"},
	} {
		f, err := os.Open(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		err = run(context.Background(), []string{"user", "add", "--db", db, "--name", tc.user, "--role", "editor"},
			func(string) string { return "" }, f, &stdout, &stderr)
		f.Close()
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: err = %v, want %q", tc.file, err, tc.want)
		}
		if stderr.Len() > 0 {
			t.Errorf("%s: a prompt on standard error: %q", tc.file, stderr.String())
		}
	}
	mo, err := openStore(t, db).UserByName(context.Background(), "mo")
	if err != nil || bcrypt.CompareHashAndPassword(mo.PasswordHash, []byte("a long enough password")) != nil {
		t.Errorf("mo = %+v, %v", mo, err)
	}
}

// TestAskPassword: on a terminal the password is asked for twice, with
// prompts; a short first answer stops at once, and two answers that differ
// change nothing. (The terminal itself, echo off, is not tested: that
// needs a pseudo-terminal.)
func TestAskPassword(t *testing.T) {
	for _, tc := range []struct {
		answers []string
		want    string // error, or "" for success
		reads   int
	}{
		{[]string{"a long enough password", "a long enough password"}, "", 2},
		{[]string{"a long enough password", "a long enough passwort"}, "the two passwords differ", 2},
		{[]string{"short", "short"}, "at least 10", 1},
		{[]string{}, "none given", 1},
		{[]string{"a long enough password"}, "none given", 2},
	} {
		var prompts bytes.Buffer
		reads := 0
		read := func() ([]byte, error) {
			reads++
			if reads > len(tc.answers) {
				return nil, io.EOF
			}
			return []byte(tc.answers[reads-1]), nil
		}
		got, err := askPassword(&prompts, "mo", read)
		switch {
		case tc.want == "" && (err != nil || got != tc.answers[0]):
			t.Errorf("%q: %q, %v", tc.answers, got, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q: err = %v, want %q", tc.answers, err, tc.want)
		}
		if reads != tc.reads {
			t.Errorf("%q: %d reads, want %d", tc.answers, reads, tc.reads)
		}
		wantPrompts := "Password for mo (not shown; or use --generate): \n"
		if tc.reads == 2 {
			wantPrompts += "Password for mo again: \n"
		}
		if prompts.String() != wantPrompts {
			t.Errorf("%q: prompts %q, want %q", tc.answers, prompts.String(), wantPrompts)
		}
	}
}

func TestTokenCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "td.db")
	if _, _, err := runCmd(t, "", "token", "add", "--db", db, "--name", "cms", "--story", "nope"); err == nil {
		t.Error("a token for a story that does not exist")
	}
	out, _, err := runCmd(t, "", "token", "add", "--db", db, "--name", "cms")
	if err != nil || !regexp.MustCompile(`read token cms: [0-9a-f]{64} \(shown only this once\)`).MatchString(out) {
		t.Fatalf("add: %q %v", out, err)
	}
	out, _, err = runCmd(t, "", "token", "add", "--db", db, "--name", "push", "--ingest")
	if err != nil || !regexp.MustCompile(`ingest token push: [0-9a-f]{64} \(shown only this once\)`).MatchString(out) {
		t.Fatalf("add --ingest: %q %v", out, err)
	}
	if out, _, err := runCmd(t, "", "token", "list", "--db", db); err != nil || !strings.Contains(out, "cms   read    *") || !strings.Contains(out, "push  ingest  *") {
		t.Errorf("list: %q %v", out, err)
	}
	if _, _, err := runCmd(t, "", "token", "revoke", "--db", db, "--name", "cms"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "", "token", "revoke", "--db", db, "--name", "cms"); err == nil || !strings.Contains(err.Error(), "no token") {
		t.Errorf("revoke twice: %v", err)
	}
}
