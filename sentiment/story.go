package sentiment

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// Story is a story file: the sides in dispute and the other parties, each
// with the aliases that name it in text.
//
// A Story from ParseStory or LoadStory is checked and its aliases are
// compiled; it must not be changed afterwards. It is then safe for
// concurrent use.
type Story struct {
	ID      string  `json:"id"`
	Title   string  `json:"title"`
	Sides   []Group `json:"sides"`
	Parties []Group `json:"parties"`

	// match finds aliases in text; nil until Validate (or ParseStory) runs.
	match *matcher
}

// Group is one side or party of a story.
type Group struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
}

// StoryError is one problem with a story file. Name is the name given to
// ParseStory (usually the path), Line the 1-based line of a syntax error, or
// 0 for a problem with the story as a whole, such as a missing id.
type StoryError struct {
	Name string
	Line int
	Msg  string
}

// Error returns "name:line: msg", or "name: msg" when there is no line.
func (e *StoryError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Name, e.Line, e.Msg)
	}
	return e.Name + ": " + e.Msg
}

// ParseStory reads a story file (the TOML of DESIGN.md), checks it and
// compiles its aliases. name is used in error messages. On a syntax error it
// returns a *StoryError with the line; on invalid content (missing id, fewer
// than two sides, an alias claimed by two groups...) it returns every
// problem found, each a *StoryError, joined with errors.Join.
func ParseStory(name string, data []byte) (*Story, error) {
	s, err := parseStoryTOML(name, data)
	if err != nil {
		return nil, err
	}
	if err := s.check(name); err != nil {
		return nil, err
	}
	return s, nil
}

// LoadStory reads the story file at path with ParseStory. It returns an
// error wrapping the os error ("load story: ...") when the file cannot be
// read, and ParseStory's errors, which name path, when it is invalid.
func LoadStory(path string) (*Story, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load story: %w", err)
	}
	return ParseStory(path, data)
}

// Validate checks a Story built in code or decoded from JSON as ParseStory
// checks a file, fills in defaults (Name and Title default to the id) and
// compiles the aliases for Mentions. Call it once, before sharing s. It
// returns every problem found, each a *StoryError named "story", joined with
// errors.Join.
func (s *Story) Validate() error {
	return s.check("story")
}

// check validates s, filling defaults and compiling the matcher when s is
// valid. name prefixes the errors.
func (s *Story) check(name string) error {
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, &StoryError{Name: name, Msg: fmt.Sprintf(format, args...)})
	}

	switch {
	case s.ID == "":
		fail("id is missing")
	case !validID(s.ID):
		fail("id %q %s", s.ID, idRule)
	}
	if s.Title == "" {
		s.Title = s.ID
	}
	if len(s.Sides) < 2 {
		fail("sides: need at least two, found %d", len(s.Sides))
	}

	type owner struct {
		where string // "sides[1] (afghanistan)"
		alias string // as written
	}
	ids := map[string]string{}    // group id -> where
	aliases := map[string]owner{} // normalized alias -> first owner
	for _, list := range []struct {
		table  string
		groups []Group
	}{{"sides", s.Sides}, {"parties", s.Parties}} {
		for i := range list.groups {
			g := &list.groups[i]
			where := fmt.Sprintf("%s[%d]", list.table, i)
			if g.ID != "" {
				where += " (" + g.ID + ")"
			}
			switch {
			case g.ID == "":
				fail("%s: id is missing", where)
			case !validID(g.ID):
				fail("%s: id %q %s", where, g.ID, idRule)
			case g.ID == unknownGroup:
				fail("%s: id %q is reserved (it marks unattributed quotes)", where, g.ID)
			case ids[g.ID] != "":
				fail("%s: id %q is already used by %s", where, g.ID, ids[g.ID])
			default:
				ids[g.ID] = where
			}
			if g.Name == "" {
				g.Name = g.ID
			}
			if len(g.Aliases) == 0 {
				fail("%s: aliases is empty", where)
			}
			for j, a := range g.Aliases {
				key := normalizeAlias(a)
				switch {
				case strings.TrimSpace(a) == "":
					fail("%s: aliases[%d] is empty", where, j)
					continue
				case !hasWordRune(a):
					fail("%s: aliases[%d] %q has no letter or digit", where, j, a)
					continue
				}
				prev, dup := aliases[key]
				switch {
				case !dup:
					aliases[key] = owner{where, a}
				case prev.where == where:
					fail("%s: alias %q is listed twice", where, a)
				case prev.alias == a:
					fail("alias %q is claimed by %s and by %s", a, prev.where, where)
				default:
					fail("alias %q is claimed by %s and, as %q, by %s", prev.alias, prev.where, a, where)
				}
			}
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	s.match = compileMatcher(s)
	return nil
}

// unknownGroup is the quote side of a speaker who belongs to no group, so no
// group may use it as an id.
const unknownGroup = "unknown"

const idRule = "must be lowercase letters a-z, digits, '_' or '-'"

// validID reports whether id is usable in labels such as pro_<id> and in
// URLs: non-empty, [a-z0-9_-] only.
func validID(id string) bool {
	if id == "" {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
