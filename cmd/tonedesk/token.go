package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/dashboard/store"
	"github.com/tonedesk/tonedesk/dashboard/web"
)

const tokenSynopsis = `tonedesk token add    --db DSN --name NAME [--story ID]
       tonedesk token list   --db DSN
       tonedesk token revoke --db DSN --name NAME

Manages read tokens: a CMS or a script that fetches chart files (PNG, SVG,
CSV, alt text) adds ?token=SECRET to their URLs instead of logging in. A
token reads the chart files of one story (--story) or of every story, and
nothing else. add prints the secret once; only its hash is stored.`

func runToken(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(e.stderr, "Usage: %s\n", tokenSynopsis)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			return nil
		}
		return exitError{code: 2, err: errors.New("token: give a subcommand: add, list or revoke"), silent: true}
	}
	sub, rest := args[0], args[1:]
	var c config
	c.load(e.getenv)
	fs := flagSet("token "+sub, tokenSynopsis, e.stderr)
	c.dbFlag(fs)
	name := fs.String("name", "", "token name (who holds it: \"cms\")")
	story := fs.String("story", "", "the story whose chart files it reads (default: every story)")
	if help, err := parseFlags(fs, rest); help || err != nil {
		return err
	}
	switch sub {
	case "add", "revoke":
		if strings.TrimSpace(*name) == "" {
			return exitError{code: 2, err: fmt.Errorf("token %s: --name is required", sub)}
		}
	case "list":
	default:
		fmt.Fprintf(e.stderr, "Usage: %s\n", tokenSynopsis)
		return exitError{code: 2, err: fmt.Errorf("token: unknown subcommand %q", sub)}
	}
	st, err := store.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	switch sub {
	case "add":
		if *story != "" {
			if _, err := st.Story(ctx, *story); err != nil {
				return fmt.Errorf("token add: story %q: %w", *story, err)
			}
		}
		secret := web.NewToken()
		if _, err := st.AddToken(ctx, dashboard.Token{Name: *name, StoryID: *story, CreatedBy: "cli"}, web.HashToken(secret)); err != nil {
			if errors.Is(err, dashboard.ErrExists) {
				return fmt.Errorf("token add: %q already exists", *name)
			}
			return err
		}
		fmt.Fprintf(e.stdout, "tonedesk: read token %s: %s (shown only this once)\n  e.g. /stories/%s/charts/tone-by-source.png?token=%s\n",
			*name, secret, cmpOr(*story, "STORY"), secret)
		return st.Audit(ctx, dashboard.AuditEntry{Actor: "cli", Action: "token_add", Target: "token " + *name, Detail: "story=" + cmpOr(*story, "*")})
	case "revoke":
		if err := st.RemoveToken(ctx, *name); err != nil {
			if errors.Is(err, dashboard.ErrNotFound) {
				return fmt.Errorf("there is no token %q", *name)
			}
			return err
		}
		fmt.Fprintf(e.stdout, "tonedesk: revoked %s\n", *name)
		return st.Audit(ctx, dashboard.AuditEntry{Actor: "cli", Action: "token_revoke", Target: "token " + *name})
	default:
		ts, err := st.Tokens(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tSTORY\tCREATED")
		for _, t := range ts {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", t.Name, cmpOr(t.StoryID, "*"), t.Created.Format("2006-01-02 15:04 MST"))
		}
		return tw.Flush()
	}
}

// cmpOr returns a, or b when a is empty.
func cmpOr(a, b string) string {
	if a == "" {
		return b
	}
	return a
}
