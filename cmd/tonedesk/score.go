package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/tonedesk/tonedesk/sentiment"
)

const scoreSynopsis = `tonedesk score --story FILE [--model FILE]... < texts.jsonl

Reads JSON Lines {"id": "...", "text": "..."} on standard input and writes one
JSON line per input, in order: sentiment, stance toward each side, flags and
language. A bad line gets {"id": ..., "error": "..."} (with "line" when it has
no id) and the run goes on; the exit status is 1 if any line failed.`

// scoreOut is one line of `tonedesk score` output: the DESIGN.md contract.
type scoreOut struct {
	ID        json.RawMessage  `json:"id"`
	Sentiment scoreSentiment   `json:"sentiment"`
	Stance    sentiment.Stance `json:"stance"`
	Flags     []sentiment.Flag `json:"flags"`
	Lang      string           `json:"lang"`
}

type scoreSentiment struct {
	Label      string  `json:"label"`
	Score      float64 `json:"score"`
	Confidence float64 `json:"confidence"`
}

// scoreErr is the line written for input that could not be scored.
type scoreErr struct {
	ID    json.RawMessage `json:"id"`
	Line  int             `json:"line,omitempty"`
	Error string          `json:"error"`
}

func runScore(ctx context.Context, e env, args []string) error {
	var c config
	c.load(e.getenv)
	fs := flagSet("score", scoreSynopsis, e.stderr)
	c.storyFlag(fs)
	c.modelFlag(fs)
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	an, _, _, err := c.analyzer()
	if err != nil {
		return err
	}
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	failed, err := scoreStream(ctx, an, e.stdin, w)
	if err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("score: %w", err)
	}
	if failed > 0 {
		return exitError{code: 1, err: fmt.Errorf("score: %d lines failed", failed)}
	}
	return nil
}

// scoreStream scores each JSON line of r onto w and returns how many lines
// failed. It stops early only when ctx ends or reading or writing fails.
func scoreStream(ctx context.Context, an *sentiment.Analyzer, r io.Reader, w io.Writer) (failed int, err error) {
	br := bufio.NewReader(r)
	enc := json.NewEncoder(w)
	for lineNo := 1; ; lineNo++ {
		if err := ctx.Err(); err != nil {
			return failed, err
		}
		line, rerr := br.ReadBytes('\n')
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			return failed, fmt.Errorf("score: reading line %d: %w", lineNo, rerr)
		}
		if len(bytes.TrimSpace(line)) > 0 {
			out := scoreLine(an, line, lineNo)
			if _, bad := out.(scoreErr); bad {
				failed++
			}
			if err := enc.Encode(out); err != nil {
				return failed, fmt.Errorf("score: %w", err)
			}
		}
		if rerr != nil {
			return failed, nil
		}
	}
}

// scoreLine returns the output for one input line: a scoreOut or a scoreErr.
func scoreLine(an *sentiment.Analyzer, line []byte, lineNo int) any {
	var in struct {
		ID   json.RawMessage `json:"id"`
		Text *string         `json:"text"`
	}
	if err := json.Unmarshal(line, &in); err != nil {
		return scoreErr{ID: json.RawMessage("null"), Line: lineNo, Error: fmt.Sprintf("line %d: not a JSON object: %v", lineNo, err)}
	}
	id := in.ID
	if len(id) == 0 || string(id) == "null" {
		return scoreErr{ID: json.RawMessage("null"), Line: lineNo, Error: fmt.Sprintf("line %d: \"id\" is missing", lineNo)}
	}
	if in.Text == nil {
		return scoreErr{ID: id, Error: "\"text\" is missing"}
	}
	a := an.Analyze(*in.Text)
	return scoreOut{
		ID:        id,
		Sentiment: shortSentiment(a.Sentiment),
		Stance:    roundStance(a.Stance),
		Flags:     nonNilFlags(a.Flags),
		Lang:      a.Lang,
	}
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func roundStance(s sentiment.Stance) sentiment.Stance {
	sides := make(map[string]float64, len(s.Sides))
	for k, v := range s.Sides {
		sides[k] = round4(v)
	}
	s.Sides = sides
	if s.Evidence == nil {
		s.Evidence = []string{}
	}
	return s
}

func nonNilFlags(f []sentiment.Flag) []sentiment.Flag {
	if f == nil {
		return []sentiment.Flag{}
	}
	return f
}
