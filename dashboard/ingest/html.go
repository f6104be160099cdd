package ingest

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// htmlText returns the text of an HTML fragment (a comment's message, a
// post's content) as plain text: entities decoded, markup dropped, the
// content of script, style and other non-text elements dropped whole;
// paragraphs and block elements separated by a blank line, <br> and list
// items by a line break. Line breaks in the text itself are kept
// (WordPress stores paragraphs as blank lines and adds the <p> only when it
// shows them); other runs of white space become one space. The result has
// no markup left to be run: "<script>" in it was text the writer typed.
func htmlText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	hidden, pre := 0, 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return tidyText(b.String())
		case html.TextToken:
			if hidden == 0 {
				writeText(&b, string(z.Text()), pre > 0)
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if hiddenTags[tag] {
				if tt == html.StartTagToken {
					hidden++
				} else if tt == html.EndTagToken && hidden > 0 {
					hidden--
				}
				continue
			}
			if tag == "pre" {
				if tt == html.StartTagToken {
					pre++
				} else if tt == html.EndTagToken && pre > 0 {
					pre--
				}
			}
			if hidden > 0 {
				continue
			}
			switch {
			case tag == "br" || tag == "li" || tag == "tr" || tag == "dt" || tag == "dd":
				if tt != html.EndTagToken {
					b.WriteByte('\n')
				}
			case blockTags[tag]:
				b.WriteString("\n\n")
			case tag == "td" || tag == "th":
				b.WriteByte(' ')
			}
		}
	}
}

// hiddenTags are the elements whose content is not text a reader sees.
var hiddenTags = map[string]bool{
	"script": true, "style": true, "template": true, "noscript": true, "iframe": true,
	"object": true, "embed": true, "svg": true, "math": true, "head": true, "title": true,
	"textarea": true, "select": true, "button": true, "noembed": true, "noframes": true,
	"xmp": true, "plaintext": true, "audio": true, "video": true, "canvas": true,
}

// blockTags are the elements that start and end a paragraph.
var blockTags = map[string]bool{
	"p": true, "div": true, "blockquote": true, "pre": true, "ul": true, "ol": true, "dl": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "hr": true,
	"table": true, "figure": true, "figcaption": true, "section": true, "article": true,
	"header": true, "footer": true, "aside": true, "address": true, "details": true, "summary": true,
}

// writeText appends a text node: runs of spaces and tabs (and no-break
// spaces) become one space, line breaks stay; inside <pre> all is kept.
func writeText(b *strings.Builder, s string, pre bool) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	if pre {
		b.WriteString(s)
		return
	}
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\f', '\v', '\u00a0':
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
}

// blankLinesRe matches three or more line breaks (with spaces between).
var blankLinesRe = regexp.MustCompile(`\n(?:[ \t]*\n){2,}`)

// tidyText trims every line, keeps at most one blank line between
// paragraphs and trims the whole.
func tidyText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	s = strings.Join(lines, "\n")
	s = blankLinesRe.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s)
}

// shortcodeRe matches the tags of WordPress's own media shortcodes, which
// WordPress expands when it shows a post and the export keeps as written:
// "[caption id=... ]", "[/caption]", "[gallery ids=...]". Other bracketed
// text ("[sic]", an editor's insertion in a quote) is the article's.
var shortcodeRe = regexp.MustCompile(`\[/?(?:caption|wp_caption|gallery|audio|video|playlist|embed)\b[^\]]*\]`)

// stripShortcodes removes WordPress media shortcode tags, keeping what they
// enclose (a caption's text).
func stripShortcodes(s string) string {
	return shortcodeRe.ReplaceAllString(s, "")
}
