package sentiment

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// flagScores counts one kind's (or "any" flag's) true and false positives
// and false negatives.
type flagScores struct{ tp, fp, fn int }

func (s flagScores) String() string {
	p, r := ratio(s.tp, s.tp+s.fp), ratio(s.tp, s.tp+s.fn)
	return fmt.Sprintf("P %.3f R %.3f (tp %d fp %d fn %d)", p, r, s.tp, s.fp, s.fn)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// flagEval scores flags on labelled comments: "any" is flagged vs not, each
// kind compares the first (most severe) flag with the label. innocent counts
// the "alarming-innocent" comments flagged, of total.
func flagEval(cs []labelledComment, stories map[string]*Story, errs func(c labelledComment, got []Flag)) (scores map[string]*flagScores, innocent, innocentTotal int) {
	analyzers := map[string]*Analyzer{}
	scores = map[string]*flagScores{"any": {}}
	for _, k := range flagKindNames {
		scores[k] = &flagScores{}
	}
	for _, c := range cs {
		a := analyzers[c.Story]
		if a == nil {
			a = NewAnalyzer(stories[c.Story])
			analyzers[c.Story] = a
		}
		got := a.flags(c.Text)
		gold := c.Flag
		if gold == "" {
			gold = "none"
		}
		pred := "none"
		if len(got) > 0 {
			pred = got[0].Kind
		}
		switch {
		case gold != "none" && pred != "none":
			scores["any"].tp++
		case pred != "none":
			scores["any"].fp++
		case gold != "none":
			scores["any"].fn++
		}
		if gold == pred && gold != "none" {
			scores[gold].tp++
		} else {
			if pred != "none" {
				scores[pred].fp++
			}
			if gold != "none" {
				scores[gold].fn++
			}
		}
		if alarmingInnocent(c.Note) {
			innocentTotal++
			if len(got) > 0 {
				innocent++
			}
		}
		if errs != nil && gold != pred {
			errs(c, got)
		}
	}
	return scores, innocent, innocentTotal
}

// TestFlagsLabelled measures the flags on every labelled comment and logs
// precision and recall, flagged vs not and per kind, per dispute and
// overall. It asserts only loose floors that a regression would break
// (0.6 precision and recall overall, at most a quarter of the
// alarming-but-innocent comments flagged), not the targets.
func TestFlagsLabelled(t *testing.T) {
	ids, data, stories := loadLabelled(t)
	var all []labelledComment
	for _, id := range ids {
		s, inn, innTotal := flagEval(data[id], stories, nil)
		t.Logf("%-28s flagged %s  innocent flagged %d/%d", id, s["any"], inn, innTotal)
		all = append(all, data[id]...)
	}
	debug := os.Getenv("TONEDESK_FLAG_ERRORS") != ""
	s, inn, innTotal := flagEval(all, stories, func(c labelledComment, got []Flag) {
		if debug {
			t.Logf("ERR %s gold %-15s got %v | %s", c.ID, c.Flag, got, c.Text)
		}
	})
	t.Logf("%-28s flagged %s  innocent flagged %d/%d", "all", s["any"], inn, innTotal)
	kinds := slices.Clone(flagKindNames[:])
	for _, k := range kinds {
		t.Logf("  %-16s %s", k, s[k])
	}
	p, r := ratio(s["any"].tp, s["any"].tp+s["any"].fp), ratio(s["any"].tp, s["any"].tp+s["any"].fn)
	if p < 0.6 || r < 0.6 {
		t.Errorf("flag precision %.3f / recall %.3f below the 0.6 floor", p, r)
	}
	if innTotal > 0 && inn*4 > innTotal {
		t.Errorf("%d of %d alarming-innocent comments flagged, more than a quarter", inn, innTotal)
	}
	_ = strings.TrimSpace
}

// TestStanceFlagsShared checks that stanceFlags, which tokenizes once,
// gives what stance and flags give apart, on every labelled comment.
func TestStanceFlagsShared(t *testing.T) {
	ids, data, stories := loadLabelled(t)
	for _, id := range ids {
		a := NewAnalyzer(stories[id])
		for _, c := range data[id] {
			st, fl := a.stanceFlagsText(c.Text, a.story.Mentions(c.Text))
			if want := a.stance(c.Text); !reflect.DeepEqual(st, want) {
				t.Errorf("%s: stanceFlags stance %+v, stance %+v", c.ID, st, want)
			}
			if want := a.flags(c.Text); !reflect.DeepEqual(fl, want) {
				t.Errorf("%s: stanceFlags flags %+v, flags %+v", c.ID, fl, want)
			}
		}
	}
}

// alarmingInnocent reports whether a labelled comment's note tags it
// alarming-innocent, alone or with a reason after it ("alarming-innocent;
// grief"), as tonedesk eval reads it.
func alarmingInnocent(note string) bool {
	for part := range strings.FieldsFuncSeq(note, func(r rune) bool { return r == ';' || r == ',' }) {
		if strings.TrimSpace(part) == "alarming-innocent" {
			return true
		}
	}
	return false
}
