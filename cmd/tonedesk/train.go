package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/tonedesk/tonedesk/sentiment"
)

const trainSynopsis = `tonedesk train --out FILE [--story FILE] [--stance-out FILE] FILE...
       tonedesk train --format semeval --out FILE FILE...

Fits the sentiment model (logistic regression over tonedesk's rule scores and
word unigrams and bigrams) on labelled JSON Lines records {"text",
"sentiment", "story", "rating", ...} and writes it to --out, a versioned JSON file that
score, analyze, import and eval load with --model. Records without a
"sentiment" label are skipped. Mentions of the story's sides and parties are
replaced by placeholders before featurising, so no side name is learned; the
story of a record is --story, else ../stories/<story>.toml (or <story>.toml)
next to the data file. Records with a "rating" (human intensity, -4 to 4)
give the cross-validated Pearson r that train prints and, with --calibrate,
fit how the score maps to intensity. Word features that no sentiment lexicon
(VADER's, tonedesk's news lexicon) knows get a stronger L2 penalty
(--unknown-l2), and lexicon words are pulled toward their valence
(--lex-prior). Training is deterministic: the same files in the same order
give the same bytes.

With --stance-out, a stance model is also fitted (sentiment.TrainStance) on
the records that have a "stance" label and a story, and written there.
score, analyze, import and eval load either file with --model (the file's
"format" says which it is; give --model twice for both).

--format semeval reads SemEval-2016 Task 6 files (ID<TAB>Target<TAB>Tweet
<TAB>Stance, header line) and fits one stance model per target, written
together to --out; 'tonedesk eval --format semeval --model FILE' scores each
target with its own model. Each target is a story with two sides, "target"
(named by the target text) and "others" (its opponents), so FAVOR is trained
as pro_target, AGAINST as pro_others (in a two-sided dispute, being against
one side is siding with the other) and NONE as none.`

func runTrain(ctx context.Context, e env, args []string) error {
	var c config
	c.load(e.getenv)
	c.StoryFile = ""
	fs := flagSet("train", trainSynopsis, e.stderr)
	c.storyFlag(fs)
	out := fs.String("out", "", "model file to write (required)")
	stanceOut := fs.String("stance-out", "", "also fit a stance model and write it here")
	format := fs.String("format", "jsonl", "input format: jsonl, or semeval (per-target stance models to --out)")
	var opt sentiment.TrainOptions
	fs.IntVar(&opt.Epochs, "epochs", 0, "optimiser steps (default 400)")
	fs.Float64Var(&opt.L2, "l2", 0, fmt.Sprintf("L2 penalty on word features (default %g)", sentiment.DefaultL2))
	fs.Float64Var(&opt.UnknownL2, "unknown-l2", 0, fmt.Sprintf("L2 factor for word features no sentiment lexicon knows (default %g; 1: the same L2 for all)", float64(sentiment.DefaultUnknownL2)))
	fs.Float64Var(&opt.LexPrior, "lex-prior", 0, fmt.Sprintf("pull lexicon words' weights toward this times their valence / 4 instead of 0 (default %g; -1: toward 0)", float64(sentiment.DefaultLexPrior)))
	fs.IntVar(&opt.MinCount, "min-count", 0, fmt.Sprintf("keep word features seen in at least this many texts (default %d)", sentiment.DefaultMinCount))
	fs.Float64Var(&opt.NeutralBand, "band", 0, "neutral band; default: chosen by 5-fold cross-validation")
	fs.BoolVar(&opt.Calibrate, "calibrate", false, "fit the score to the records' \"rating\" (least squares of rating/4 on model, rule and VADER scores)")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	files := fs.Args()
	switch {
	case *out == "":
		return exitError{code: 2, err: errors.New("train: --out is required")}
	case len(files) == 0:
		return exitError{code: 2, err: errors.New("train: no files given")}
	case *format == "semeval" && *stanceOut != "":
		return exitError{code: 2, err: errors.New("train: --format semeval writes its per-target stance models to --out; --stance-out is for jsonl")}
	case *format == "semeval":
		return trainSemEval(ctx, e, *out, files)
	case *format != "jsonl":
		return exitError{code: 2, err: fmt.Errorf("train: unknown --format %q", *format)}
	}
	var fixed *sentiment.Story
	if c.StoryFile != "" {
		s, _, err := c.loadStory()
		if err != nil {
			return err
		}
		fixed = s
	}
	cache := map[string]*sentiment.Story{}
	var examples []sentiment.Example
	var stanceEx []sentiment.StanceExample
	stanceStories := map[string]*sentiment.Story{}
	skipped := 0
	for _, path := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		recs, err := readLabelled(path)
		if err != nil {
			return fmt.Errorf("train: %w", err)
		}
		for _, r := range recs {
			st, err := storyFor(fixed, cache, path, r.Story)
			if err != nil {
				return fmt.Errorf("train: %w", err)
			}
			if r.Sentiment == "" {
				skipped++
			} else {
				examples = append(examples, sentiment.Example{Text: *r.Text, Label: r.Sentiment, Story: st, Rating: r.Rating})
			}
			if *stanceOut != "" && r.Stance != "" && st != nil {
				stanceStories[st.ID] = st
				stanceEx = append(stanceEx, sentiment.StanceExample{Story: st.ID, Text: *r.Text, Stance: r.Stance})
			}
		}
		opt.Sources = append(opt.Sources, filepath.ToSlash(path))
	}
	m, err := sentiment.Train(examples, opt)
	if err != nil {
		return err
	}
	data, err := m.MarshalJSON()
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	if err := writeFileAtomic(*out, append(data, '\n')); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	info := m.Info()
	classes := make([]string, 0, 3)
	for _, l := range []string{sentiment.Negative, sentiment.Neutral, sentiment.Positive} {
		classes = append(classes, fmt.Sprintf("%s %d", l, info.Classes[l]))
	}
	sw := m.ScoreWeights()
	fmt.Fprintf(e.stdout, "trained sentiment on %d texts (%s; %d rated; %d without a label skipped): %d word features, neutral band %.2f, score %.3g×model %+.3g×rules %+.3g×vader\n",
		info.Examples, joinComma(classes), info.Rated, skipped, m.Features(), m.NeutralBand, sw.Model, sw.Rules, sw.VADER)
	fmt.Fprintf(e.stdout, "macro-F1: training %.3f, 5-fold cross-validated %.3f", info.TrainMacro, info.CVMacro)
	if info.Rated > 1 {
		fmt.Fprintf(e.stdout, "; cross-validated Pearson r of score and rating %.3f", info.CVPearson)
	}
	fmt.Fprintf(e.stdout, "\nwrote %s\n", *out)

	if *stanceOut != "" {
		sm, err := sentiment.TrainStance(stanceEx, stanceStories)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if _, err := sm.WriteTo(&buf); err != nil {
			return fmt.Errorf("train: %w", err)
		}
		if err := writeFileAtomic(*stanceOut, buf.Bytes()); err != nil {
			return fmt.Errorf("train: %w", err)
		}
		ids := make([]string, 0, len(stanceStories))
		for id := range stanceStories {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		fmt.Fprintf(e.stdout, "trained stance on %d texts from %s\nwrote %s\n", len(stanceEx), joinComma(ids), *stanceOut)
	}
	return nil
}

func joinComma(xs []string) string {
	var b bytes.Buffer
	for i, x := range xs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(x)
	}
	return b.String()
}

// writeFileAtomic writes data to a temporary file next to path and renames
// it into place, so a failed write leaves no half-written file (a model,
// a chart export, a labels file).
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tonedesk-*")
	if err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

// trainSemEval fits one stance model per target of the SemEval-2016 Task 6
// files and writes them to out as one per-target model file. Targets are
// trained in the order they first appear, each from zero: deterministic.
func trainSemEval(ctx context.Context, e env, out string, files []string) error {
	var order []string
	byTarget := map[string][]semevalItem{}
	tm := &targetModels{Format: targetModelsFormat, Task: "SemEval-2016 Task 6", Mapping: semevalMapping,
		Targets: map[string]*sentiment.StanceModel{}}
	for _, path := range files {
		items, err := readSemEval(path)
		if err != nil {
			return fmt.Errorf("train: %w", err)
		}
		for _, it := range items {
			if _, ok := byTarget[it.target]; !ok {
				order = append(order, it.target)
			}
			byTarget[it.target] = append(byTarget[it.target], it)
		}
		tm.Sources = append(tm.Sources, filepath.ToSlash(path))
	}
	for _, target := range order {
		if err := ctx.Err(); err != nil {
			return err
		}
		st, err := targetStory(target)
		if err != nil {
			return fmt.Errorf("train: target %q: %w", target, err)
		}
		items := byTarget[target]
		ex := make([]sentiment.StanceExample, len(items))
		count := map[string]int{}
		for i, it := range items {
			ex[i] = sentiment.StanceExample{Story: st.ID, Text: it.text, Stance: semevalStance(it.stance)}
			count[it.stance]++
		}
		m, err := sentiment.TrainStance(ex, map[string]*sentiment.Story{st.ID: st})
		if err != nil {
			return fmt.Errorf("train: target %q: %w", target, err)
		}
		m.Trained = fmt.Sprintf("SemEval target %q: %d tweets (FAVOR %d, AGAINST %d, NONE %d)",
			target, len(items), count["FAVOR"], count["AGAINST"], count["NONE"])
		tm.Targets[target] = m
		fmt.Fprintf(e.stdout, "trained stance for target %q on %d tweets (FAVOR %d, AGAINST %d, NONE %d): %d features\n",
			target, len(items), count["FAVOR"], count["AGAINST"], count["NONE"], len(m.Features))
	}
	data, err := json.MarshalIndent(tm, "", " ")
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	if err := writeFileAtomic(out, append(data, '\n')); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	fmt.Fprintf(e.stdout, "wrote %s (%d targets)\n", out, len(order))
	return nil
}
