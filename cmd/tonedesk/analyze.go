package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/sentiment"
)

const analyzeSynopsis = `tonedesk analyze --story FILE [--model FILE]... [--source S] [--url U] [--published DATE] [--format F] ARTICLE...

Parses and analyses article files without storing anything, and prints JSON
Lines: one {"kind": "article"} per article, one {"kind": "quote"} per quoted
statement and one {"kind": "comment"} per reader comment.`

type analyzeArticle struct {
	Kind      string              `json:"kind"`
	File      string              `json:"file"`
	ID        string              `json:"id"`
	Source    string              `json:"source"`
	Title     string              `json:"title"`
	URL       string              `json:"url"`
	Published string              `json:"published"`
	Sentiment sentiment.Sentiment `json:"sentiment"`
}

type analyzeQuote struct {
	Kind      string           `json:"kind"`
	Article   string           `json:"article"`
	Text      string           `json:"text"`
	Start     int              `json:"start"`
	End       int              `json:"end"`
	Speaker   string           `json:"speaker"`
	Side      string           `json:"side"`
	Via       string           `json:"via"`
	Sentiment scoreSentiment   `json:"sentiment"`
	Stance    sentiment.Stance `json:"stance"`
}

type analyzeComment struct {
	Kind      string           `json:"kind"`
	Article   string           `json:"article"`
	ID        string           `json:"id"`
	Author    string           `json:"author"`
	Text      string           `json:"text"`
	Sentiment scoreSentiment   `json:"sentiment"`
	Stance    sentiment.Stance `json:"stance"`
	Flags     []sentiment.Flag `json:"flags"`
	Lang      string           `json:"lang"`
}

func runAnalyze(ctx context.Context, e env, args []string) error {
	var c config
	c.load(e.getenv)
	fs := flagSet("analyze", analyzeSynopsis, e.stderr)
	c.storyFlag(fs)
	c.modelFlag(fs)
	c.metaFlags(fs)
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	files := fs.Args()
	if len(files) == 0 {
		return exitError{code: 2, err: errors.New("analyze: no files given")}
	}
	an, story, _, err := c.analyzer()
	if err != nil {
		return err
	}
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	for _, path := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, _, err := readBatch(c, path)
		if err != nil {
			return err
		}
		analyzeBatch(an, story, &b)
		for _, line := range analyzeLines(path, b) {
			if err := enc.Encode(line); err != nil {
				return fmt.Errorf("analyze: %w", err)
			}
		}
	}
	return w.Flush()
}

// analyzeLines turns an analysed batch into the output records, in order.
func analyzeLines(path string, b dashboard.Batch) []any {
	var out []any
	for _, a := range b.Articles {
		out = append(out, analyzeArticle{
			Kind: "article", File: path, ID: a.ExternalID, Source: a.Source, Title: a.Title,
			URL: a.URL, Published: formatDate(a.Published), Sentiment: a.Analysis.Sentiment,
		})
		for _, q := range a.Quotes {
			out = append(out, analyzeQuote{
				Kind: "quote", Article: a.ExternalID, Text: q.Text, Start: q.Start, End: q.End,
				Speaker: q.Speaker, Side: q.Side, Via: q.Via,
				Sentiment: shortSentiment(q.Analysis.Sentiment), Stance: roundStance(q.Analysis.Stance),
			})
		}
		for _, cm := range a.Comments {
			out = append(out, commentLine(a.ExternalID, cm))
		}
	}
	for _, cm := range b.Comments {
		out = append(out, commentLine(cm.ArticleExternalID, cm))
	}
	return out
}

func commentLine(article string, c dashboard.Comment) analyzeComment {
	return analyzeComment{
		Kind: "comment", Article: article, ID: c.ExternalID, Author: c.Author, Text: c.Text,
		Sentiment: shortSentiment(c.Analysis.Sentiment), Stance: roundStance(c.Analysis.Stance),
		Flags: nonNilFlags(c.Analysis.Flags), Lang: c.Analysis.Lang,
	}
}

func shortSentiment(s sentiment.Sentiment) scoreSentiment {
	return scoreSentiment{Label: s.Label, Score: round4(s.Score), Confidence: round4(s.Confidence)}
}

// formatDate prints a date as YYYY-MM-DD, or RFC 3339 when it has a time of
// day; "" when unknown.
func formatDate(t time.Time) string {
	switch {
	case t.IsZero():
		return ""
	case t.Equal(t.Truncate(24 * time.Hour)):
		return t.Format("2006-01-02")
	default:
		return t.Format(time.RFC3339)
	}
}
