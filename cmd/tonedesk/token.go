package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/dashboard/store"
	"github.com/tonedesk/tonedesk/dashboard/web"
)

const tokenSynopsis = `tonedesk token add    --db DSN --name NAME [--ingest] [--story ID]
       tonedesk token list   --db DSN
       tonedesk token revoke --db DSN --name NAME

Manages tokens for a CMS or a script. A read token fetches chart files
(PNG, SVG, CSV, alt text): it goes in their URLs as ?token=SECRET instead
of a login. An ingest token (--ingest) pushes batches to the ingest API,
POST /api/stories/ID/import with "Authorization: Bearer SECRET", and reads
nothing. Either is for one story (--story) or every story, and nothing
else. add prints the secret once; only its hash is stored.`

func runToken(ctx context.Context, e env, args []string) error {
	sub, rest, err := subcommand(e, "token", tokenSynopsis, args, "add", "list", "revoke")
	if sub == "" {
		return err
	}
	var c config
	c.load(e.getenv)
	fs := flagSet("token "+sub, tokenSynopsis, e.stderr)
	c.dbFlag(fs)
	name := fs.String("name", "", "token name (who holds it: \"cms\")")
	story := fs.String("story", "", "the story whose chart files it reads, or that it imports into (default: every story)")
	ingestKind := fs.Bool("ingest", false, "an ingest token, for the ingest API, instead of a read token")
	if help, err := parseFlags(fs, rest); help || err != nil {
		return err
	}
	if sub != "list" && strings.TrimSpace(*name) == "" {
		return exitError{code: 2, err: fmt.Errorf("token %s: --name is required", sub)}
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
		kind := dashboard.TokenRead
		if *ingestKind {
			kind = dashboard.TokenIngest
		}
		secret := web.NewToken()
		if _, err := st.AddToken(ctx, dashboard.Token{Name: *name, Kind: kind, StoryID: *story, CreatedBy: "cli"}, web.HashToken(secret)); err != nil {
			if errors.Is(err, dashboard.ErrExists) {
				return fmt.Errorf("token add: %q already exists", *name)
			}
			return err
		}
		if kind == dashboard.TokenIngest {
			fmt.Fprintf(e.stdout, "tonedesk: ingest token %s: %s (shown only this once)\n  e.g. curl -H 'Authorization: Bearer %s' -H 'Content-Type: application/x-ndjson' --data-binary @batch.jsonl http://HOST/api/stories/%s/import\n",
				*name, secret, secret, cmp.Or(*story, "STORY"))
		} else {
			fmt.Fprintf(e.stdout, "tonedesk: read token %s: %s (shown only this once)\n  e.g. /stories/%s/charts/tone-by-source.png?token=%s\n",
				*name, secret, cmp.Or(*story, "STORY"), secret)
		}
		return st.Audit(ctx, dashboard.AuditEntry{Actor: "cli", Action: "token_add", Target: "token " + *name, Detail: "kind=" + string(kind) + " story=" + cmp.Or(*story, "*")})
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
		fmt.Fprintln(tw, "NAME\tKIND\tSTORY\tCREATED")
		for _, t := range ts {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.Name, cmp.Or(string(t.Kind), string(dashboard.TokenRead)), cmp.Or(t.StoryID, "*"), t.Created.Format("2006-01-02 15:04 MST"))
		}
		return tw.Flush()
	}
}
