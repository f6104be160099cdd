package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/tonedesk/tonedesk/sentiment"
)

// config is every setting a command may use: flags first, then TONEDESK_*
// environment variables, then safe defaults. Each command registers the
// flags it needs.
type config struct {
	DB        string
	Addr      string
	StoryFile string
	Source    string
	URL       string
	Published string
	Format    string
	// Threads are the --thread texts: keep only the articles whose URL,
	// title or id contains one (see ingest.Select).
	Threads []string
	// Models are the model files of --model (sentiment, stance or
	// per-target stance, each file saying which); none: the built-in
	// models.
	Models []string
}

// defaults from the environment, else built-in.
func (c *config) load(getenv func(string) string) {
	c.DB = envOr(getenv, "TONEDESK_DB", "tonedesk.db")
	c.Addr = envOr(getenv, "TONEDESK_ADDR", "127.0.0.1:8080")
	c.StoryFile = getenv("TONEDESK_STORY")
	c.Models = filepath.SplitList(getenv("TONEDESK_MODEL"))
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// flagSet returns a FlagSet that reports to stderr and whose -h prints the
// command's synopsis before the flags.
func flagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; -h is not an error (exit 0), a bad flag exits 2.
func parseFlags(fs *flag.FlagSet, args []string) (help bool, err error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return true, nil
		}
		return false, exitError{code: 2, err: err, silent: true}
	}
	return false, nil
}

// subcommand returns the subcommand that args start with, one of subs, and
// the arguments after it, for a command that has subcommands (user, token).
// Otherwise it prints the command's synopsis and returns "" and the error
// to return: nil for -h, else exit status 2.
func subcommand(e env, cmd, synopsis string, args []string, subs ...string) (sub string, rest []string, err error) {
	if len(args) > 0 && slices.Contains(subs, args[0]) {
		return args[0], args[1:], nil
	}
	fmt.Fprintf(e.stderr, "Usage: %s\n", synopsis)
	switch {
	case len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help"):
		return "", nil, nil
	case len(args) == 0 || strings.HasPrefix(args[0], "-"):
		list := strings.Join(subs[:len(subs)-1], ", ") + " or " + subs[len(subs)-1]
		return "", nil, exitError{code: 2, err: fmt.Errorf("%s: give a subcommand: %s", cmd, list), silent: true}
	}
	return "", nil, exitError{code: 2, err: fmt.Errorf("%s: unknown subcommand %q", cmd, args[0])}
}

func (c *config) dbFlag(fs *flag.FlagSet) {
	fs.StringVar(&c.DB, "db", c.DB, "database: a SQLite file, or postgres://... (env TONEDESK_DB)")
}

func (c *config) storyFlag(fs *flag.FlagSet) {
	fs.StringVar(&c.StoryFile, "story", c.StoryFile, "story file (TOML) naming the sides and parties (env TONEDESK_STORY)")
}

func (c *config) metaFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Source, "source", "", "outlet of the articles, when the files do not say")
	fs.StringVar(&c.URL, "url", "", "URL of the article, when the file does not say (one file only)")
	fs.StringVar(&c.Published, "published", "", "publication date, YYYY-MM-DD or RFC 3339, when the files do not say")
	fs.StringVar(&c.Format, "format", "", "input format: text, json, jsonl, csv, disqus or wxr (default: by file extension; .xml by its root element)")
	fs.Var((*listFlag)(&c.Threads), "thread", "keep only the articles whose URL, title or id contains `TEXT` (any case), with their comments; give it again for more (for a whole-site Disqus or WordPress export)")
}

// listFlag is a flag that may be given several times; each adds a value.
type listFlag []string

func (f *listFlag) String() string { return strings.Join(*f, ", ") }

func (f *listFlag) Set(v string) error {
	if v == "" {
		return errors.New("empty value")
	}
	*f = append(*f, v)
	return nil
}

func (c *config) modelFlag(fs *flag.FlagSet) {
	fs.Var(&modelPaths{list: &c.Models}, "model", "model `FILE` written by 'tonedesk train': a sentiment model, a stance model, or per-target stance models (eval of SemEval files); give it twice for a sentiment and a stance model (env TONEDESK_MODEL, a list like PATH; default: built-in)")
}

// analyzerOptions loads the models named by --model, if any. Per-target
// stance models (SemEval) are refused: only eval of SemEval files uses
// them.
func (c *config) analyzerOptions() ([]sentiment.Option, error) {
	lm, err := loadModels(c.Models)
	if err != nil {
		return nil, err
	}
	if lm.TargetsFile != "" {
		return nil, fmt.Errorf("model file %s: per-target stance models (SemEval) are for 'tonedesk eval --format semeval'; here give a stance model from 'tonedesk train --stance-out'", lm.TargetsFile)
	}
	return lm.options(), nil
}

// analyzer loads the story file and the model the flags name and returns
// an Analyzer for them, with the story and its file as written.
func (c *config) analyzer() (*sentiment.Analyzer, *sentiment.Story, []byte, error) {
	story, spec, err := c.loadStory()
	if err != nil {
		return nil, nil, nil, err
	}
	opts, err := c.analyzerOptions()
	if err != nil {
		return nil, nil, nil, err
	}
	return sentiment.NewAnalyzer(story, opts...), story, spec, nil
}

// loadStory reads and validates the story file named by --story.
func (c *config) loadStory() (*sentiment.Story, []byte, error) {
	if c.StoryFile == "" {
		return nil, nil, exitError{code: 2, err: errors.New("--story is required: the story file naming the sides")}
	}
	data, err := os.ReadFile(c.StoryFile)
	if err != nil {
		return nil, nil, fmt.Errorf("story file: %w", err)
	}
	s, err := sentiment.ParseStory(c.StoryFile, data)
	if err != nil {
		return nil, nil, err
	}
	return s, data, nil
}

// parseDate reads YYYY-MM-DD or RFC 3339; empty gives the zero time.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: want YYYY-MM-DD or RFC 3339", s)
	}
	return t.UTC(), nil
}

// isTerminal reports whether v (standard input, output or error) is a
// terminal, for progress output and prompts. /dev/null and other character
// devices are not.
func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
