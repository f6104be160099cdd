package sentiment

import (
	"errors"
	"io/fs"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// twoSides is a valid minimal body to which error cases add or change lines.
const twoSides = `
[[sides]]
id = "a"
aliases = ["Alpha"]

[[sides]]
id = "b"
aliases = ["Beta"]
`

func TestParseStory(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want Story
	}{
		{
			name: "full",
			src: "\ufeff# A story file.\r\n" + `
id = "talks-1"   # trailing comment
title = "Pakistan–Afghanistan \"talks\" \u00e0 \\ Istanbul\tnow"

[[sides]]
id='pakistan'
name = 'C:\no\escapes'
aliases = [
  "Pakistan", # comment inside an array
  'Islamabad',

  "Khawaja Asif",
]

[[ sides ]]
id = "afghanistan"
aliases = ["Afghanistan", "Kabul"]

[[parties]]
id = "ttp"
name = "TTP"
aliases = ["Tehrik-e-Taliban Pakistan", "\U0001F600x"]
`,
			want: Story{
				ID:    "talks-1",
				Title: "Pakistan–Afghanistan \"talks\" à \\ Istanbul\tnow",
				Sides: []Group{
					{ID: "pakistan", Name: `C:\no\escapes`, Aliases: []string{"Pakistan", "Islamabad", "Khawaja Asif"}},
					{ID: "afghanistan", Name: "afghanistan", Aliases: []string{"Afghanistan", "Kabul"}},
				},
				Parties: []Group{{ID: "ttp", Name: "TTP", Aliases: []string{"Tehrik-e-Taliban Pakistan", "😀x"}}},
			},
		},
		{
			name: "defaults, no parties, no final newline",
			src:  `id="x_1-2"` + twoSides + `#end`,
			want: Story{
				ID: "x_1-2", Title: "x_1-2",
				Sides: []Group{
					{ID: "a", Name: "a", Aliases: []string{"Alpha"}},
					{ID: "b", Name: "b", Aliases: []string{"Beta"}},
				},
			},
		},
		{
			name: "crlf",
			src:  strings.ReplaceAll(`id = "x"`+twoSides, "\n", "\r\n"),
			want: Story{
				ID: "x", Title: "x",
				Sides: []Group{
					{ID: "a", Name: "a", Aliases: []string{"Alpha"}},
					{ID: "b", Name: "b", Aliases: []string{"Beta"}},
				},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseStory("x.toml", []byte(tt.src))
			if err != nil {
				t.Fatalf("ParseStory: %v", err)
			}
			if got.match == nil {
				t.Error("aliases not compiled")
			}
			got.match = nil
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("ParseStory:\n got %#v\nwant %#v", *got, tt.want)
			}
		})
	}
}

func TestParseStoryErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		// Syntax.
		{"unknown key in table", "id = \"x\"\n[[sides]]\nid = \"a\"\nalias = [\"A\"]\n", `stories/x.toml:4: unknown key "alias" in [[sides]]`},
		{"unknown top key", "id = \"x\"\nname = \"X\"\n", `stories/x.toml:2: unknown key "name"`},
		{"title in table", "[[sides]]\ntitle = \"X\"\n", `stories/x.toml:2: unknown key "title" in [[sides]]`},
		{"key case", "ID = \"x\"\n", `stories/x.toml:1: unknown key "ID"`},
		{"duplicate key", "id = \"x\"\nid = \"y\"\n", `stories/x.toml:2: duplicate key "id"`},
		{"duplicate key in table", "[[parties]]\nname = \"x\"\nname = \"y\"\n", `stories/x.toml:3: duplicate key "name" in [[parties]]`},
		{"unknown table", "id = \"x\"\n\n[[side]]\n", `stories/x.toml:3: unknown table "[[side]]" (story files have [[sides]] and [[parties]])`},
		{"single brackets", "[sides]\n", `stories/x.toml:1: [sides] must be [[sides]]: each side or party is one [[sides]] table`},
		{"plain table", "[meta]\n", `stories/x.toml:1: unknown table "[meta]" (story files have [[sides]] and [[parties]])`},
		{"unterminated header", "[[sides]\n", `stories/x.toml:1: unterminated table header "[[sides]"`},
		{"junk after header", "[[sides]] x\n", `stories/x.toml:1: expected end of line, found 'x'`},
		{"no equals", "id \"x\"\n", `stories/x.toml:1: expected "=" after key "id", found '"'`},
		{"missing value", "id =\n", `stories/x.toml:1: missing value for "id"`},
		{"missing value before comment", "id = # x\n", `stories/x.toml:1: missing value for "id"`},
		{"missing array", "[[sides]]\naliases =", `stories/x.toml:2: missing value for "aliases" in [[sides]]`},
		{"number", "id = 42\n", `stories/x.toml:1: "id" must be a quoted string, found '4'`},
		{"bare word", "[[sides]]\nname = Pakistan\n", `stories/x.toml:2: "name" in [[sides]] must be a quoted string, found 'P'`},
		{"array for string", "id = [\"x\"]\n", `stories/x.toml:1: "id" must be a string, not an array`},
		{"string for array", "[[sides]]\naliases = \"A\"\n", `stories/x.toml:2: "aliases" in [[sides]] must be an array of strings, like ["a", "b"]`},
		{"number in array", "[[sides]]\naliases = [\"A\", 1]\n", `stories/x.toml:2: "aliases" in [[sides]] must hold only quoted strings, found '1'`},
		{"nested array", "[[sides]]\naliases = [[\"A\"]]\n", `stories/x.toml:2: "aliases" in [[sides]] must hold only quoted strings, found '['`},
		{"leading comma", "[[sides]]\naliases = [,]\n", `stories/x.toml:2: "aliases" in [[sides]] must hold only quoted strings, found ','`},
		{"missing comma", "[[sides]]\naliases = [\"A\"\n \"B\"]\n", `stories/x.toml:3: expected "," or "]" in array "aliases", found '"'`},
		{"unterminated array", "[[sides]]\naliases = [\"A\",\n\"B\",\n", `stories/x.toml:2: unterminated array "aliases" in [[sides]]`},
		{"unterminated string", "id = \"x\ntitle = \"t\"\n", `stories/x.toml:1: unterminated string`},
		{"unterminated string at eof", "id = 'x", `stories/x.toml:1: unterminated string`},
		{"unterminated string in array", "[[sides]]\naliases = [\n\"A\",\n\"B\n]\n", `stories/x.toml:4: unterminated string`},
		{"bad escape", "id = \"a\\qb\"\n", `stories/x.toml:1: invalid escape "\q" in string`},
		{"bad unicode escape", "id = \"\\u12G4\"\n", `stories/x.toml:1: invalid Unicode escape "\u12G4"`},
		{"surrogate escape", "id = \"\\uD800\"\n", `stories/x.toml:1: invalid Unicode escape "\uD800"`},
		{"short unicode escape", "id = \"\\u12\"", `stories/x.toml:1: invalid Unicode escape "\u12""`},
		{"control character", "id = \"a\x01b\"\n", `stories/x.toml:1: control character '\x01' in string`},
		{"multi-line string", "title = \"\"\"x\"\"\"\n", `stories/x.toml:1: multi-line strings are not supported in story files`},
		{"multi-line literal", "title = '''x'''\n", `stories/x.toml:1: multi-line strings are not supported in story files`},
		{"quoted key", "\"id\" = \"x\"\n", `stories/x.toml:1: quoted keys are not supported in story files`},
		{"dotted key", "sides.id = \"x\"\n", `stories/x.toml:1: dotted keys are not supported in story files (key "sides")`},
		{"no key", "= \"x\"\n", `stories/x.toml:1: expected a key, found '='`},
		{"two values", "id = \"x\" \"y\"\n", `stories/x.toml:1: expected end of line, found '"'`},
		{"inline table", "id = {a = 1}\n", `stories/x.toml:1: "id" must be a quoted string, found '{'`},
		{"lone carriage return", "id = \"x\"\r\r\n", `stories/x.toml:1: expected end of line, found '\r'`},
		{"lone carriage return between lines", "\rid = \"x\"\n", `stories/x.toml:1: carriage return without line feed`},
		{"invalid utf-8", "id = \"x\"\ntitle = \"\xff\"\n", `stories/x.toml:2: invalid UTF-8`},

		// Content.
		{"missing id", twoSides, `stories/x.toml: id is missing`},
		{"bad story id", `id = "Istanbul Talks"` + twoSides, `stories/x.toml: id "Istanbul Talks" must be lowercase letters a-z, digits, '_' or '-'`},
		{"one side", "id = \"x\"\n[[sides]]\nid = \"a\"\naliases = [\"A\"]\n", `stories/x.toml: sides: need at least two, found 1`},
		{"no sides", "id = \"x\"\n", `stories/x.toml: sides: need at least two, found 0`},
		{"side without id", "id = \"x\"\n[[sides]]\naliases = [\"Z\"]\n" + twoSides, `stories/x.toml: sides[0]: id is missing`},
		{"upper-case side id", "id = \"x\"\n[[sides]]\nid = \"Pakistan\"\naliases = [\"Z\"]\n" + twoSides, `stories/x.toml: sides[0] (Pakistan): id "Pakistan" must be lowercase letters a-z, digits, '_' or '-'`},
		{"side id with space", "id = \"x\"\n[[sides]]\nid = \"pro pk\"\naliases = [\"Z\"]\n" + twoSides, `stories/x.toml: sides[0] (pro pk): id "pro pk" must be lowercase letters a-z, digits, '_' or '-'`},
		{"reserved id", "id = \"x\"" + twoSides + "[[parties]]\nid = \"unknown\"\naliases = [\"Z\"]\n", `stories/x.toml: parties[0] (unknown): id "unknown" is reserved (it marks unattributed quotes)`},
		{"no aliases", "id = \"x\"\n[[sides]]\nid = \"a\"\n[[sides]]\nid = \"afghanistan\"\naliases = [\"Z\"]\n", `stories/x.toml: sides[0] (a): aliases is empty`},
		{"empty aliases", "id = \"x\"\n[[sides]]\nid = \"a\"\naliases = [\"Z\"]\n[[sides]]\nid = \"afghanistan\"\naliases = []\n", `stories/x.toml: sides[1] (afghanistan): aliases is empty`},
		{"blank alias", "id = \"x\"" + twoSides + "[[parties]]\nid = \"p\"\naliases = [\"P\", \" \"]\n", `stories/x.toml: parties[0] (p): aliases[1] is empty`},
		{"punctuation alias", "id = \"x\"" + twoSides + "[[parties]]\nid = \"p\"\naliases = [\"--\"]\n", `stories/x.toml: parties[0] (p): aliases[0] "--" has no letter or digit`},
		{"duplicate side id", "id = \"x\"" + twoSides + "[[sides]]\nid = \"a\"\naliases = [\"Z\"]\n", `stories/x.toml: sides[2] (a): id "a" is already used by sides[0] (a)`},
		{"party id used by side", "id = \"x\"" + twoSides + "[[parties]]\nid = \"b\"\naliases = [\"Z\"]\n", `stories/x.toml: parties[0] (b): id "b" is already used by sides[1] (b)`},
		{"alias in two groups", "id = \"x\"" + twoSides + "[[parties]]\nid = \"p\"\naliases = [\"Beta\"]\n", `stories/x.toml: alias "Beta" is claimed by sides[1] (b) and by parties[0] (p)`},
		{"alias in two groups, other case", "id = \"x\"" + twoSides + "[[parties]]\nid = \"p\"\naliases = [\"BETA\"]\n", `stories/x.toml: alias "Beta" is claimed by sides[1] (b) and, as "BETA", by parties[0] (p)`},
		{"alias in two groups, curly apostrophe", "id = \"x\"\n[[sides]]\nid = \"a\"\naliases = [\"O'Neil\"]\n[[sides]]\nid = \"b\"\naliases = [\"o’neil\"]\n", `stories/x.toml: alias "O'Neil" is claimed by sides[0] (a) and, as "o’neil", by sides[1] (b)`},
		{"alias twice in a group", "id = \"x\"\n[[sides]]\nid = \"a\"\naliases = [\"Alpha\", \"alpha\"]\n[[sides]]\nid = \"b\"\naliases = [\"Beta\"]\n", `stories/x.toml: sides[0] (a): alias "alpha" is listed twice`},
		{"several problems", "[[sides]]\nid = \"a\"\naliases = []\n", "stories/x.toml: id is missing\nstories/x.toml: sides: need at least two, found 1\nstories/x.toml: sides[0] (a): aliases is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseStory("stories/x.toml", []byte(tt.src))
			if err == nil {
				t.Fatalf("ParseStory = %+v, want error %q", s, tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("ParseStory error:\n got %s\nwant %s", err, tt.want)
			}
			var se *StoryError
			if !errors.As(err, &se) || se.Name != "stories/x.toml" {
				t.Errorf("error %v is not a *StoryError naming the file", err)
			}
		})
	}
}

func TestLoadStory(t *testing.T) {
	s, err := LoadStory(filepath.Join("..", "testdata", "stories", "istanbul-talks-2025.toml"))
	if err != nil {
		t.Fatalf("LoadStory: %v", err)
	}
	if s.ID != "istanbul-talks-2025" || len(s.Sides) != 2 || s.Sides[0].ID != "pakistan" || s.Sides[1].ID != "afghanistan" {
		t.Errorf("LoadStory: id %q, sides %+v", s.ID, s.Sides)
	}
	var parties []string
	for _, p := range s.Parties {
		parties = append(parties, p.ID)
	}
	if want := []string{"mediators", "ttp", "bla", "india", "us"}; !reflect.DeepEqual(parties, want) {
		t.Errorf("parties = %v, want %v", parties, want)
	}

	_, err = LoadStory(filepath.Join(t.TempDir(), "missing.toml"))
	if !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "load story: ") {
		t.Errorf("LoadStory(missing) = %v, want a wrapped fs.ErrNotExist", err)
	}
}

func TestValidate(t *testing.T) {
	s := &Story{ID: "x", Sides: []Group{
		{ID: "a", Aliases: []string{"Alpha"}},
		{ID: "b", Aliases: []string{"Beta"}},
	}}
	if got := s.Mentions("Alpha and Beta"); len(got) != 2 {
		t.Errorf("Mentions before Validate = %+v, want 2", got)
	}
	if err := s.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if s.Title != "x" || s.Sides[0].Name != "a" || s.match == nil {
		t.Errorf("Validate did not fill defaults or compile: %+v", s)
	}
	bad := &Story{ID: "x"}
	if err := bad.Validate(); err == nil || err.Error() != "story: sides: need at least two, found 0" {
		t.Errorf("Validate(bad) = %v", err)
	}
}
