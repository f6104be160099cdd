// Command tonedesk imports news articles and reader comments, scores them
// for sentiment, stance and moderation flags, and serves the dashboard.
//
// Usage:
//
//	tonedesk <command> [flags] [args]
//
// Run `tonedesk help` for the commands and `tonedesk <command> -h` for each.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var ee exitError
		if !errors.As(err, &ee) || !ee.silent {
			fmt.Fprintln(os.Stderr, "tonedesk:", err)
		}
		os.Exit(exitCode(err))
	}
}

// env is the program's view of its environment: tests pass their own.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

const usage = `tonedesk: how a story lands, with readers and in what officials said.

Usage: tonedesk <command> [flags] [args]

Commands:
  import    import articles and comments into the database
  rescore   analyse a stored story again after a model or story-file change
  analyze   print the analysis of article files as JSON Lines
  score     score JSON Lines texts from standard input
  serve     serve the dashboard
  export    write a chart as PNG, SVG, CSV or alt text
  user      add, list and change the users who log in to the dashboard
  token     add, list and revoke tokens: read (chart files) and ingest (the import API)
  eval      measure the analysis against labelled files
  train     fit a sentiment model on labelled files
  labels    write the moderators' decisions as labelled files for train
  help      show this help

Run 'tonedesk <command> -h' for a command's flags.
`

// run is main without the process: tests call it directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitError{code: 2, err: errors.New("no command given"), silent: true}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "import":
		return runImport(ctx, e, rest)
	case "rescore":
		return runRescore(ctx, e, rest)
	case "analyze":
		return runAnalyze(ctx, e, rest)
	case "score":
		return runScore(ctx, e, rest)
	case "serve":
		return runServe(ctx, e, rest)
	case "export":
		return runExport(ctx, e, rest)
	case "user":
		return runUser(ctx, e, rest)
	case "token":
		return runToken(ctx, e, rest)
	case renderWorkerCommand: // not in the usage: serve starts it
		return runRenderWorker(ctx, e, rest)
	case "eval":
		return runEval(ctx, e, rest)
	case "train":
		return runTrain(ctx, e, rest)
	case "labels":
		return runLabels(ctx, e, rest)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return exitError{code: 2, err: fmt.Errorf("unknown command %q", cmd)}
	}
}

// exitError carries an exit status; silent errors were already reported.
type exitError struct {
	code   int
	err    error
	silent bool
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }

func exitCode(err error) int {
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}
