package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tonedesk/tonedesk/sentiment"
)

// Model files. --model names a file written by `tonedesk train`; its
// "format" field says what it holds, so one flag loads all three kinds and
// may be given twice (a sentiment model and a stance model):
//
//	tonedesk-sentiment         the sentiment model (train --out)
//	tonedesk-stance/1          a stance model (train --stance-out)
//	tonedesk-stance-targets/1  one stance model per SemEval target (train --format semeval)

// targetModelsFormat is the "format" of a per-target stance model file.
const targetModelsFormat = "tonedesk-stance-targets/1"

// targetModels is the file `tonedesk train --format semeval` writes: one
// stance model per SemEval-2016 Task 6 target, keyed by the target text.
type targetModels struct {
	Format  string                            `json:"format"`
	Task    string                            `json:"task"`
	Mapping string                            `json:"mapping"`
	Sources []string                          `json:"sources,omitempty"`
	Targets map[string]*sentiment.StanceModel `json:"targets"`
}

// semevalMapping says how SemEval labels become stance classes; it is
// written into per-target model files so that they explain themselves.
const semevalMapping = `each target is a story with side "target" (alias: the target text) and side "others" (its opponents); FAVOR = pro_target, AGAINST = pro_others, NONE = none`

// targetNames returns the targets of m, sorted.
func (m *targetModels) targetNames() []string {
	ts := make([]string, 0, len(m.Targets))
	for t := range m.Targets {
		ts = append(ts, t)
	}
	slices.Sort(ts)
	return ts
}

// loadedModels are the models the --model files held; nil fields are the
// built-in models.
type loadedModels struct {
	Sentiment     *sentiment.Model
	SentimentFile string
	Stance        *sentiment.StanceModel
	StanceFile    string
	Targets       *targetModels
	TargetsFile   string
}

// options returns the analyzer options for the sentiment and stance
// models (not the per-target ones).
func (lm *loadedModels) options() []sentiment.Option {
	var opts []sentiment.Option
	if lm.Sentiment != nil {
		opts = append(opts, sentiment.WithModel(lm.Sentiment))
	}
	if lm.Stance != nil {
		opts = append(opts, sentiment.WithStanceModel(lm.Stance))
	}
	return opts
}

// describe names the models for reports: "built-in", or the files.
func (lm *loadedModels) describe() string {
	var parts []string
	if lm.SentimentFile != "" {
		parts = append(parts, "sentiment "+lm.SentimentFile)
	}
	if lm.StanceFile != "" {
		parts = append(parts, "stance "+lm.StanceFile)
	}
	if lm.TargetsFile != "" {
		parts = append(parts, "per-target stance "+lm.TargetsFile)
	}
	if len(parts) == 0 {
		return "built-in"
	}
	return strings.Join(parts, ", ")
}

// loadModels reads the model files in paths, each of whichever kind its
// "format" says. At most one file of each kind, and not a stance model and
// per-target stance models together. Errors name the file and what was
// wrong with it.
func loadModels(paths []string) (*loadedModels, error) {
	lm := &loadedModels{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("model file: %w", err)
		}
		var head struct {
			Format string `json:"format"`
		}
		if err := json.Unmarshal(data, &head); err != nil {
			return nil, fmt.Errorf("model file %s: not a model written by tonedesk train: %w", p, err)
		}
		twice := func(kind, other string) error {
			return fmt.Errorf("model file %s: a second %s model (%s is one already)", p, kind, other)
		}
		switch f := head.Format; {
		case f == sentiment.ModelFormat:
			if lm.SentimentFile != "" {
				return nil, twice("sentiment", lm.SentimentFile)
			}
			m, err := sentiment.ParseModel(data)
			if err != nil {
				return nil, fmt.Errorf("model file %s: %w", p, err)
			}
			lm.Sentiment, lm.SentimentFile = m, p
		case f == sentiment.StanceModelFormat:
			if lm.StanceFile != "" {
				return nil, twice("stance", lm.StanceFile)
			}
			m := new(sentiment.StanceModel)
			if err := json.Unmarshal(data, m); err != nil {
				return nil, fmt.Errorf("model file %s: %w", p, err)
			}
			lm.Stance, lm.StanceFile = m, p
		case f == targetModelsFormat:
			if lm.TargetsFile != "" {
				return nil, twice("per-target stance", lm.TargetsFile)
			}
			var tm targetModels
			if err := json.Unmarshal(data, &tm); err != nil {
				return nil, fmt.Errorf("model file %s: %w", p, err)
			}
			if len(tm.Targets) == 0 {
				return nil, fmt.Errorf("model file %s: no targets", p)
			}
			for t, m := range tm.Targets {
				if m == nil {
					return nil, fmt.Errorf("model file %s: target %q has no model", p, t)
				}
			}
			lm.Targets, lm.TargetsFile = &tm, p
		case f == "":
			return nil, fmt.Errorf("model file %s: no \"format\" field: not a model written by tonedesk train", p)
		default:
			return nil, fmt.Errorf("model file %s: format %q is not one tonedesk reads (%s, %s or %s)",
				p, f, sentiment.ModelFormat, sentiment.StanceModelFormat, targetModelsFormat)
		}
	}
	if lm.StanceFile != "" && lm.TargetsFile != "" {
		return nil, fmt.Errorf("model files %s and %s: a stance model and per-target stance models; give one or the other", lm.StanceFile, lm.TargetsFile)
	}
	return lm, nil
}

// modelPaths is the --model flag: repeatable, each use adds a file. The
// first use replaces the files from TONEDESK_MODEL.
type modelPaths struct {
	list *[]string
	set  bool
}

func (f *modelPaths) String() string {
	if f == nil || f.list == nil {
		return ""
	}
	return strings.Join(*f.list, string(filepath.ListSeparator))
}

func (f *modelPaths) Set(v string) error {
	if v == "" {
		return errors.New("empty file name")
	}
	if !f.set {
		*f.list, f.set = nil, true
	}
	*f.list = append(*f.list, v)
	return nil
}

// SemEval-2016 Task 6 files.

// semevalItem is one line of a SemEval file.
type semevalItem struct {
	line                     int
	id, target, text, stance string
}

// semevalLabels are the task's stance labels.
var semevalLabels = []string{"FAVOR", "AGAINST", "NONE"}

// readSemEval reads a SemEval-2016 Task 6 file: a header line
// ID<TAB>Target<TAB>Tweet<TAB>Stance, then one tweet a line (a tweet that
// holds tabs keeps them: the first field is the id, the second the target,
// the last the stance). Lines that are not UTF-8 are read as Latin-1, as
// some copies of the task's files are. A bad line is an error naming file
// and line.
func readSemEval(path string) ([]semevalItem, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var items []semevalItem
	lines := strings.Split(strings.TrimPrefix(string(data), "\ufeff"), "\n")
	for i, line := range lines {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || i == 0 && strings.HasPrefix(strings.ToLower(line), "id\t") {
			continue
		}
		if !utf8.ValidString(line) {
			line = latin1(line)
		}
		parts := strings.Split(line, "\t")
		if len(parts) < 4 {
			return nil, fmt.Errorf("%s:%d: want ID<TAB>Target<TAB>Tweet<TAB>Stance, got %d fields", path, i+1, len(parts))
		}
		it := semevalItem{
			line:   i + 1,
			id:     parts[0],
			target: strings.TrimSpace(parts[1]),
			text:   strings.Join(parts[2:len(parts)-1], "\t"),
			stance: strings.ToUpper(strings.TrimSpace(parts[len(parts)-1])),
		}
		switch {
		case it.target == "":
			return nil, fmt.Errorf("%s:%d: empty target", path, i+1)
		case !slices.Contains(semevalLabels, it.stance):
			return nil, fmt.Errorf("%s:%d: stance %q: want FAVOR, AGAINST or NONE", path, i+1, parts[len(parts)-1])
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("%s: no tweets", path)
	}
	return items, nil
}

func latin1(s string) string {
	r := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		r[i] = rune(s[i])
	}
	return string(r)
}

// semevalStance maps a SemEval label to the stance label of targetStory.
func semevalStance(label string) string {
	switch label {
	case "FAVOR":
		return "pro_target"
	case "AGAINST":
		return "pro_others"
	}
	return sentiment.StanceNone
}
