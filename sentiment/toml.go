package sentiment

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file reads the subset of TOML that story files use, strictly: bare
// keys, basic ("...") and literal ('...') one-line strings, arrays of strings
// (over several lines, trailing comma allowed), [[sides]] and [[parties]],
// comments and blank lines. Everything else is an error with the line, so a
// typo in a story file is reported rather than silently ignored.

// storyKeys are the keys allowed at the top level and in each table.
var storyKeys = map[string]map[string]bool{
	"":        {"id": true, "title": true},
	"sides":   {"id": true, "name": true, "aliases": true},
	"parties": {"id": true, "name": true, "aliases": true},
}

// tomlParser reads one story file. pos is a byte offset into src, line the
// 1-based line at pos.
type tomlParser struct {
	name string
	src  string
	pos  int
	line int
}

// parseStoryTOML parses data into a Story without checking its content. It
// returns a *StoryError with the line of the first syntax error.
func parseStoryTOML(name string, data []byte) (*Story, error) {
	src := string(data)
	if !utf8.ValidString(src) {
		bad := 0
		for bad < len(src) {
			r, size := utf8.DecodeRuneInString(src[bad:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			bad += size
		}
		return nil, &StoryError{Name: name, Line: 1 + strings.Count(src[:bad], "\n"), Msg: "invalid UTF-8"}
	}
	p := &tomlParser{name: name, src: strings.TrimPrefix(src, "\ufeff"), line: 1}
	return p.parse()
}

func (p *tomlParser) errorf(line int, format string, args ...any) error {
	return &StoryError{Name: p.name, Line: line, Msg: fmt.Sprintf(format, args...)}
}

func (p *tomlParser) eof() bool { return p.pos >= len(p.src) }

// found describes what is at pos, for error messages.
func (p *tomlParser) found() string {
	if p.eof() {
		return "end of file"
	}
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	if r == '\n' || strings.HasPrefix(p.src[p.pos:], "\r\n") {
		return "end of line"
	}
	return strconv.QuoteRune(r)
}

func (p *tomlParser) parse() (*Story, error) {
	s := &Story{}
	table := ""               // "", "sides" or "parties"
	seen := map[string]bool{} // keys set in the current table
	for {
		if err := p.skipBlank(); err != nil {
			return nil, err
		}
		if p.eof() {
			return s, nil
		}
		if p.src[p.pos] == '[' {
			t, err := p.header()
			if err != nil {
				return nil, err
			}
			table = t
			seen = map[string]bool{}
			if t == "sides" {
				s.Sides = append(s.Sides, Group{})
			} else {
				s.Parties = append(s.Parties, Group{})
			}
			continue
		}
		if err := p.keyValue(s, table, seen); err != nil {
			return nil, err
		}
	}
}

// in names the current table for messages: "" or " in [[sides]]".
func in(table string) string {
	if table == "" {
		return ""
	}
	return " in [[" + table + "]]"
}

// keyValue reads `key = value` and the end of its line into s.
func (p *tomlParser) keyValue(s *Story, table string, seen map[string]bool) error {
	line := p.line
	key, err := p.key()
	if err != nil {
		return err
	}
	if !storyKeys[table][key] {
		return p.errorf(line, "unknown key %q%s", key, in(table))
	}
	if seen[key] {
		return p.errorf(line, "duplicate key %q%s", key, in(table))
	}
	seen[key] = true
	p.skipSpaces()
	if p.eof() || p.src[p.pos] != '=' {
		return p.errorf(p.line, "expected \"=\" after key %q, found %s", key, p.found())
	}
	p.pos++
	p.skipSpaces()

	var g *Group
	switch table {
	case "sides":
		g = &s.Sides[len(s.Sides)-1]
	case "parties":
		g = &s.Parties[len(s.Parties)-1]
	}
	if key == "aliases" {
		v, err := p.array(key, table)
		if err != nil {
			return err
		}
		g.Aliases = v
		return p.endOfLine()
	}
	v, err := p.stringValue(key, table)
	if err != nil {
		return err
	}
	switch {
	case g == nil && key == "id":
		s.ID = v
	case g == nil: // title
		s.Title = v
	case key == "id":
		g.ID = v
	default: // name
		g.Name = v
	}
	return p.endOfLine()
}

// key reads a bare key.
func (p *tomlParser) key() (string, error) {
	start := p.pos
	for !p.eof() && isBareKeyByte(p.src[p.pos]) {
		p.pos++
	}
	if p.pos == start {
		if c := p.src[p.pos]; c == '"' || c == '\'' {
			return "", p.errorf(p.line, "quoted keys are not supported in story files")
		}
		return "", p.errorf(p.line, "expected a key, found %s", p.found())
	}
	key := p.src[start:p.pos]
	p.skipSpaces()
	if !p.eof() && p.src[p.pos] == '.' {
		return "", p.errorf(p.line, "dotted keys are not supported in story files (key %q)", key)
	}
	return key, nil
}

func isBareKeyByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}

// header reads a [[table]] line and returns the table name.
func (p *tomlParser) header() (string, error) {
	line := p.line
	rest := p.src[p.pos:]
	if i := strings.IndexAny(rest, "\r\n"); i >= 0 {
		rest = rest[:i]
	}
	open, closing := "[", "]"
	if strings.HasPrefix(rest, "[[") {
		open, closing = "[[", "]]"
	}
	end := strings.Index(rest, closing)
	if end < 0 {
		return "", p.errorf(line, "unterminated table header %q", rest)
	}
	name := strings.TrimSpace(rest[len(open):end])
	p.pos += end + len(closing)
	known := name == "sides" || name == "parties"
	switch {
	case open == "[" && known:
		return "", p.errorf(line, "[%s] must be [[%s]]: each side or party is one [[%s]] table", name, name, name)
	case open == "[" || !known:
		return "", p.errorf(line, "unknown table %q (story files have [[sides]] and [[parties]])", open+name+closing)
	}
	return name, p.endOfLine()
}

// stringValue reads the string value of key.
func (p *tomlParser) stringValue(key, table string) (string, error) {
	if p.eof() || p.src[p.pos] == '\n' || p.src[p.pos] == '\r' || p.src[p.pos] == '#' {
		return "", p.errorf(p.line, "missing value for %q%s", key, in(table))
	}
	switch p.src[p.pos] {
	case '"', '\'':
		return p.str()
	case '[':
		return "", p.errorf(p.line, "%q%s must be a string, not an array", key, in(table))
	}
	return "", p.errorf(p.line, "%q%s must be a quoted string, found %s", key, in(table), p.found())
}

// array reads an array of strings, possibly over several lines.
func (p *tomlParser) array(key, table string) ([]string, error) {
	if p.eof() || p.src[p.pos] != '[' {
		if p.eof() || p.src[p.pos] == '\n' || p.src[p.pos] == '\r' || p.src[p.pos] == '#' {
			return nil, p.errorf(p.line, "missing value for %q%s", key, in(table))
		}
		return nil, p.errorf(p.line, "%q%s must be an array of strings, like [\"a\", \"b\"]", key, in(table))
	}
	start := p.line
	p.pos++
	out := []string{}
	for {
		if err := p.skipBlank(); err != nil {
			return nil, err
		}
		if p.eof() {
			return nil, p.errorf(start, "unterminated array %q%s", key, in(table))
		}
		switch p.src[p.pos] {
		case ']':
			p.pos++
			return out, nil
		case '"', '\'':
			v, err := p.str()
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		default:
			return nil, p.errorf(p.line, "%q%s must hold only quoted strings, found %s", key, in(table), p.found())
		}
		if err := p.skipBlank(); err != nil {
			return nil, err
		}
		if p.eof() {
			return nil, p.errorf(start, "unterminated array %q%s", key, in(table))
		}
		switch p.src[p.pos] {
		case ']':
			p.pos++
			return out, nil
		case ',':
			p.pos++
		default:
			return nil, p.errorf(p.line, "expected \",\" or \"]\" in array %q, found %s", key, p.found())
		}
	}
}

// str reads a basic or literal one-line string at pos.
func (p *tomlParser) str() (string, error) {
	q := p.src[p.pos]
	if strings.HasPrefix(p.src[p.pos:], strings.Repeat(string(q), 3)) {
		return "", p.errorf(p.line, "multi-line strings are not supported in story files")
	}
	p.pos++
	var b strings.Builder
	for {
		if p.eof() {
			return "", p.errorf(p.line, "unterminated string")
		}
		c := p.src[p.pos]
		switch {
		case c == q:
			p.pos++
			return b.String(), nil
		case c == '\n' || c == '\r':
			return "", p.errorf(p.line, "unterminated string")
		case c < 0x20 && c != '\t' || c == 0x7f:
			return "", p.errorf(p.line, "control character %q in string", rune(c))
		case c == '\\' && q == '"':
			r, err := p.escape()
			if err != nil {
				return "", err
			}
			b.WriteRune(r)
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
}

// escape reads a backslash escape in a basic string.
func (p *tomlParser) escape() (rune, error) {
	p.pos++ // the backslash
	if p.eof() || p.src[p.pos] == '\n' || p.src[p.pos] == '\r' {
		return 0, p.errorf(p.line, "unterminated string")
	}
	c := p.src[p.pos]
	p.pos++
	switch c {
	case 'b':
		return '\b', nil
	case 't':
		return '\t', nil
	case 'n':
		return '\n', nil
	case 'f':
		return '\f', nil
	case 'r':
		return '\r', nil
	case '"':
		return '"', nil
	case '\\':
		return '\\', nil
	case 'u', 'U':
		n := 4
		if c == 'U' {
			n = 8
		}
		hex := p.src[p.pos:min(p.pos+n, len(p.src))]
		v, err := strconv.ParseUint(hex, 16, 32)
		if len(hex) < n || err != nil || !utf8.ValidRune(rune(v)) {
			return 0, p.errorf(p.line, "invalid Unicode escape \"\\%c%s\"", c, strings.ToValidUTF8(hex, "?"))
		}
		p.pos += n
		return rune(v), nil
	}
	r, _ := utf8.DecodeRuneInString(p.src[p.pos-1:])
	return 0, p.errorf(p.line, "invalid escape \"\\%c\" in string", r)
}

// skipSpaces skips spaces and tabs.
func (p *tomlParser) skipSpaces() {
	for !p.eof() && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
}

// skipBlank skips spaces, tabs, comments and newlines.
func (p *tomlParser) skipBlank() error {
	for !p.eof() {
		switch p.src[p.pos] {
		case ' ', '\t':
			p.pos++
		case '#':
			p.skipComment()
		case '\n':
			p.pos++
			p.line++
		case '\r':
			if !strings.HasPrefix(p.src[p.pos:], "\r\n") {
				return p.errorf(p.line, "carriage return without line feed")
			}
			p.pos++
		default:
			return nil
		}
	}
	return nil
}

// skipComment skips from # to the end of the line, leaving the newline.
func (p *tomlParser) skipComment() {
	for !p.eof() && p.src[p.pos] != '\n' && !strings.HasPrefix(p.src[p.pos:], "\r\n") {
		p.pos++
	}
}

// endOfLine accepts spaces, an optional comment and the end of the line or
// of the file after a value or header.
func (p *tomlParser) endOfLine() error {
	p.skipSpaces()
	if !p.eof() && p.src[p.pos] == '#' {
		p.skipComment()
	}
	switch {
	case p.eof():
		return nil
	case p.src[p.pos] == '\n':
		p.pos++
		p.line++
		return nil
	case strings.HasPrefix(p.src[p.pos:], "\r\n"):
		p.pos += 2
		p.line++
		return nil
	}
	return p.errorf(p.line, "expected end of line, found %s", p.found())
}
