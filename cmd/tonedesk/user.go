package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/term"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/dashboard/store"
	"github.com/tonedesk/tonedesk/dashboard/web"
)

const userSynopsis = `tonedesk user add    --db DSN --name NAME --role ROLE [--generate]
       tonedesk user passwd --db DSN --name NAME [--generate]
       tonedesk user role   --db DSN --name NAME --role ROLE
       tonedesk user remove --db DSN --name NAME
       tonedesk user list   --db DSN
       tonedesk user ensure-admin --db DSN [--addr HOST:PORT]

Manages who may log in to the dashboard. Roles: editor (dashboards and
exports), moderator (editor and the moderation queue), admin (moderator,
the audit log and users). add and passwd ask for the password on a
terminal, without showing it, twice; else they read it as one line from
standard input. It needs at least 10 characters. With --generate they make
one and print it once. ensure-admin creates the user "admin" with a generated
password when there is no user at all, and prints nothing otherwise.`

// minPassword is the shortest password add and passwd accept.
const minPassword = 10

func runUser(ctx context.Context, e env, args []string) error {
	sub, rest, err := subcommand(e, "user", userSynopsis, args, "add", "passwd", "role", "remove", "list", "ensure-admin")
	if sub == "" {
		return err
	}
	var c config
	c.load(e.getenv)
	fs := flagSet("user "+sub, userSynopsis, e.stderr)
	c.dbFlag(fs)
	name := fs.String("name", "", "user name")
	role := fs.String("role", "", "role: editor, moderator or admin")
	generate := fs.Bool("generate", false, "generate the password and print it once, instead of reading it from standard input")
	fs.StringVar(&c.Addr, "addr", c.Addr, "address the dashboard listens on, for the login link ensure-admin prints (env TONEDESK_ADDR)")
	if help, err := parseFlags(fs, rest); help || err != nil {
		return err
	}
	needName := sub != "list" && sub != "ensure-admin"
	if needName && strings.TrimSpace(*name) == "" {
		return exitError{code: 2, err: fmt.Errorf("user %s: --name is required", sub)}
	}
	var r dashboard.Role
	if sub == "add" || sub == "role" {
		if r, err = dashboard.ParseRole(*role); err != nil {
			return exitError{code: 2, err: fmt.Errorf("user %s: --%w", sub, err)}
		}
	}
	st, err := store.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()

	audit := func(action, detail string) error {
		return st.Audit(ctx, dashboard.AuditEntry{Actor: "cli", Action: action, Target: "user " + *name, Detail: detail})
	}
	switch sub {
	case "add":
		hash, err := newPasswordHash(ctx, e, *name, *generate)
		if err != nil {
			return err
		}
		if _, err := st.AddUser(ctx, dashboard.User{Name: *name, Role: r, PasswordHash: hash}); err != nil {
			if errors.Is(err, dashboard.ErrExists) {
				return fmt.Errorf("user add: %q already exists: change it with 'tonedesk user passwd' or 'user role'", *name)
			}
			return err
		}
		fmt.Fprintf(e.stdout, "tonedesk: added %s (%s)\n", *name, r)
		return audit("user_add", "role="+string(r))
	case "passwd":
		if _, err := st.UserByName(ctx, *name); err != nil {
			return notFoundUser(err, *name)
		}
		hash, err := newPasswordHash(ctx, e, *name, *generate)
		if err != nil {
			return err
		}
		if err := st.SetPassword(ctx, *name, hash); err != nil {
			return notFoundUser(err, *name)
		}
		fmt.Fprintf(e.stdout, "tonedesk: new password for %s; the user's sessions have ended\n", *name)
		return audit("user_passwd", "")
	case "role":
		if err := st.SetRole(ctx, *name, r); err != nil {
			return notFoundUser(err, *name)
		}
		fmt.Fprintf(e.stdout, "tonedesk: %s is now %s\n", *name, r)
		return audit("user_role", "role="+string(r))
	case "remove":
		if err := st.RemoveUser(ctx, *name); err != nil {
			return notFoundUser(err, *name)
		}
		fmt.Fprintf(e.stdout, "tonedesk: removed %s\n", *name)
		return audit("user_remove", "")
	case "list":
		users, err := st.Users(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tCREATED")
		for _, u := range users {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", u.Name, u.Role, u.Created.Format("2006-01-02 15:04 MST"))
		}
		return tw.Flush()
	default: // ensure-admin
		return ensureAdmin(ctx, e, st, c.Addr)
	}
}

// ensureAdmin creates the user "admin" with a generated password, and
// prints it once, when the database has no user; else it does nothing.
func ensureAdmin(ctx context.Context, e env, st *store.DB, addr string) error {
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	if len(users) > 0 {
		return nil
	}
	password, hash, err := web.NewPassword()
	if err != nil {
		return fmt.Errorf("user ensure-admin: %w", err)
	}
	if _, err := st.AddUser(ctx, dashboard.User{Name: "admin", Role: dashboard.RoleAdmin, PasswordHash: hash}); err != nil {
		return err
	}
	if err := st.Audit(ctx, dashboard.AuditEntry{Actor: "cli", Action: "user_add", Target: "user admin", Detail: "role=admin (ensure-admin)"}); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "tonedesk: no users yet, so there is one now:\n"+
		"  log in at http://%s/login as admin with password %s\n"+
		"  (shown only this once; change it with: tonedesk user passwd --db DSN --name admin)\n", addr, password)
	return nil
}

// notFoundUser turns a store's not-found and last-admin errors into ones
// that name the user and say what to do.
func notFoundUser(err error, name string) error {
	switch {
	case errors.Is(err, dashboard.ErrNotFound):
		return fmt.Errorf("there is no user %q ('tonedesk user list' shows them)", name)
	case errors.Is(err, dashboard.ErrLastAdmin):
		return fmt.Errorf("%s is the only admin: make another user admin first ('tonedesk user role --name NAME --role admin')", name)
	}
	return err
}

// newPasswordHash returns the bcrypt hash of a new password: generated and
// printed once, or read by readPassword.
func newPasswordHash(ctx context.Context, e env, name string, generate bool) ([]byte, error) {
	if generate {
		password, hash, err := web.NewPassword()
		if err != nil {
			return nil, fmt.Errorf("password: %w", err)
		}
		fmt.Fprintf(e.stdout, "tonedesk: password for %s: %s (shown only this once)\n", name, password)
		return hash, nil
	}
	password, err := readPassword(ctx, e, name)
	if err != nil {
		return nil, err
	}
	if err := checkPassword(password); err != nil {
		return nil, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if errors.Is(err, bcrypt.ErrPasswordTooLong) {
		return nil, exitError{code: 2, err: errors.New("the password is longer than bcrypt's 72 bytes")}
	}
	if err != nil {
		return nil, fmt.Errorf("password: %w", err)
	}
	return hash, nil
}

// checkPassword returns an error (exit status 2) for a password shorter
// than minPassword.
func checkPassword(password string) error {
	if n := len([]rune(password)); n < minPassword {
		return exitError{code: 2, err: fmt.Errorf("the password has %d characters: give at least %d, or use --generate", n, minPassword)}
	}
	return nil
}

// readPassword reads a new password for name from standard input: on a
// terminal without echo and twice (askPassword), else as one line.
func readPassword(ctx context.Context, e env, name string) (string, error) {
	if !isTerminal(e.stdin) {
		password, err := readLine(e.stdin)
		if err != nil {
			return "", fmt.Errorf("password: %w", err)
		}
		return password, nil
	}
	fd := int(e.stdin.(*os.File).Fd())
	return askPassword(e.stderr, name, func() ([]byte, error) { return readNoEcho(ctx, fd) })
}

// readNoEcho reads a line from the terminal fd without echo. Ctrl-C ends
// ctx, not the read: then the terminal gets its echo back and the read is
// left behind (the command is ending) with ctx's error.
func readNoEcho(ctx context.Context, fd int) ([]byte, error) {
	state, err := term.GetState(fd)
	if err != nil {
		return nil, err
	}
	type line struct {
		b   []byte
		err error
	}
	done := make(chan line, 1)
	go func() {
		b, err := term.ReadPassword(fd)
		done <- line{b, err}
	}()
	select {
	case l := <-done:
		return l.b, l.err
	case <-ctx.Done():
		_ = term.Restore(fd, state)
		return nil, fmt.Errorf("interrupted: %w", ctx.Err())
	}
}

// askPassword asks for a new password for name with prompts on w, reading
// each answer with read (a terminal read without echo): once, then again
// to confirm. It returns an error if an answer is missing or too short, or
// if the two differ.
func askPassword(w io.Writer, name string, read func() ([]byte, error)) (string, error) {
	ask := func(prompt string) (string, error) {
		fmt.Fprint(w, prompt)
		b, err := read()
		fmt.Fprintln(w) // the newline the user typed was not echoed
		if errors.Is(err, io.EOF) {
			return "", errors.New("password: none given (or use --generate)")
		}
		if err != nil {
			return "", fmt.Errorf("password: %w", err)
		}
		return string(b), nil
	}
	first, err := ask(fmt.Sprintf("Password for %s (not shown; or use --generate): ", name))
	if err != nil {
		return "", err
	}
	if err := checkPassword(first); err != nil {
		return "", err
	}
	second, err := ask(fmt.Sprintf("Password for %s again: ", name))
	if err != nil {
		return "", err
	}
	if second != first {
		return "", exitError{code: 2, err: errors.New("the two passwords differ: nothing was changed")}
	}
	return first, nil
}

// readLine reads one line, without its line ending.
func readLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		if errors.Is(err, io.EOF) {
			return "", errors.New("no password on standard input (or use --generate)")
		}
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}
