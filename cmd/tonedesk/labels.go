package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/dashboard/store"
	"github.com/tonedesk/tonedesk/sentiment"
)

const labelsSynopsis = `tonedesk labels --db DSN [--story ID] [--out FILE]

Writes the moderators' decisions as labelled JSON Lines, the format train
and eval read: {"id", "story", "text", "sentiment", "stance", "flag",
"note"}, one line per decided comment (its latest decision), ordered by
story, article and comment id. id is <story>/<article id>/<comment id>
(the external ids, stable across imports); note is "moderation: approved"
or "moderation: rejected" (who decided and when is in the audit log, not
here).

A line carries only the labels a moderator confirmed:
  sentiment, stance  the label the moderator chose in the queue; "keep"
                     confirms nothing, so the field is left out
  flag               the flag the moderator chose ("none" included); else,
                     for a rejected comment, the flag the analysis shows
                     (the most serious kind: threat, identity_attack,
                     insult, profanity, spam): rejecting it upholds the
                     flag; for an approved one nothing (an approval says
                     the comment may stay, not that the flag was wrong)
Decided comments left with no label are not written. A line is "corrected" when a
label differs from the analysis stored now.

With --out, the story file of each story is written next to FILE
(<story>.toml, from the database) unless train would already find one
there (../stories/<story>.toml or <story>.toml), so 'tonedesk train FILE'
finds the sides without --story. Without --out the lines go to standard
output. The summary goes to standard error.`

// labelLine is one line of the labelled JSON Lines that train and eval
// read (labelledRecord); empty labels are left out.
type labelLine struct {
	ID        string `json:"id"`
	Story     string `json:"story"`
	Text      string `json:"text"`
	Sentiment string `json:"sentiment,omitempty"`
	Stance    string `json:"stance,omitempty"`
	Flag      string `json:"flag,omitempty"`
	Note      string `json:"note"`
}

func runLabels(ctx context.Context, e env, args []string) error {
	var c config
	c.load(e.getenv)
	fs := flagSet("labels", labelsSynopsis, e.stderr)
	c.dbFlag(fs)
	storyID := fs.String("story", "", "story `ID`: only its comments (default: every story)")
	out := fs.String("out", "", "file to write (default: standard output)")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return exitError{code: 2, err: fmt.Errorf("labels: unexpected argument %q", fs.Arg(0))}
	}
	st, err := store.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()

	var stories []dashboard.Story
	if *storyID != "" {
		s, err := st.Story(ctx, *storyID)
		if errors.Is(err, dashboard.ErrNotFound) {
			return exitError{code: 1, err: fmt.Errorf("labels: no story %q in %s", *storyID, c.DB)}
		}
		if err != nil {
			return err
		}
		stories = []dashboard.Story{s}
	} else if stories, err = st.Stories(ctx); err != nil {
		return err
	}
	decided, err := st.DecidedComments(ctx, *storyID)
	if err != nil {
		return err
	}

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	written, corrected, empty := 0, 0, 0
	used := map[string]bool{}
	for _, dc := range decided {
		line, changed := labelsOf(dc)
		if line.Sentiment == "" && line.Stance == "" && line.Flag == "" {
			empty++
			continue
		}
		if err := enc.Encode(line); err != nil {
			return fmt.Errorf("labels: comment %d: %w", dc.Comment.ID, err)
		}
		written++
		if changed {
			corrected++
		}
		used[dc.StoryID] = true
	}
	dest := "standard output"
	if *out == "" {
		if _, err := e.stdout.Write(buf.Bytes()); err != nil {
			return fmt.Errorf("labels: %w", err)
		}
	} else {
		if err := writeFileAtomic(*out, buf.Bytes()); err != nil {
			return fmt.Errorf("labels: %w", err)
		}
		dest = *out
		for _, s := range stories {
			if used[s.ID] {
				if err := writeStoryFile(e, *out, s); err != nil {
					return err
				}
			}
		}
	}
	fmt.Fprintf(e.stderr, "wrote %s (%d corrected) to %s", plural(written, "labelled comment"), corrected, dest)
	if empty > 0 {
		fmt.Fprintf(e.stderr, "; %s with no confirmed label left out", plural(empty, "decided comment"))
	}
	fmt.Fprintln(e.stderr)
	return nil
}

// labelsOf returns the line of a decided comment, with only the labels a
// moderator confirmed (see labelsSynopsis), and whether any of them
// differs from the comment's analysis.
func labelsOf(dc dashboard.DecidedComment) (labelLine, bool) {
	c, d := dc.Comment, dc.Decision
	line := labelLine{
		ID:    dc.StoryID + "/" + c.ArticleExternalID + "/" + c.ExternalID,
		Story: dc.StoryID, Text: c.Text,
		Sentiment: d.Sentiment, Stance: d.Stance, Flag: d.Flag,
		Note: "moderation: " + d.Action,
	}
	shown := shownFlag(c.Analysis.Flags)
	if line.Flag == "" && d.Action == dashboard.Rejected && shown != "none" {
		line.Flag = shown
	}
	changed := (d.Sentiment != "" && d.Sentiment != c.Analysis.Sentiment.Label) ||
		(d.Stance != "" && d.Stance != c.Analysis.Stance.Label) ||
		(d.Flag != "" && d.Flag != shown)
	return line, changed
}

// flagOrder is the labelled files' order of seriousness, most serious
// first: a comment's flag is the most serious that applies.
var flagOrder = []string{sentiment.FlagThreat, sentiment.FlagIdentityAttack, sentiment.FlagInsult, sentiment.FlagProfanity, sentiment.FlagSpam}

// shownFlag is the flag label of an analysis: the most serious kind of its
// flags, "none" without flags.
func shownFlag(flags []sentiment.Flag) string {
	for _, kind := range flagOrder {
		for _, f := range flags {
			if f.Kind == kind {
				return kind
			}
		}
	}
	if len(flags) > 0 {
		return flags[0].Kind
	}
	return "none"
}

// writeStoryFile writes the stored story file of s next to the labels file
// out, where train and eval look for it, unless they already find one
// there; it says so on stderr.
func writeStoryFile(e env, out string, s dashboard.Story) error {
	dir := filepath.Dir(out)
	for _, p := range []string{filepath.Join(dir, "..", "stories", s.ID+".toml"), filepath.Join(dir, s.ID+".toml")} {
		if _, err := os.Stat(p); err == nil {
			return nil
		}
	}
	p := filepath.Join(dir, s.ID+".toml")
	if s.Spec == "" {
		fmt.Fprintf(e.stderr, "labels: no story file stored for %q: give train and eval --story FILE, or put it at %s\n", s.ID, p)
		return nil
	}
	if err := writeFileAtomic(p, []byte(s.Spec)); err != nil {
		return fmt.Errorf("labels: %w", err)
	}
	fmt.Fprintf(e.stderr, "wrote the story file of %q to %s\n", s.ID, p)
	return nil
}
