package ingest

import (
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"strings"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
)

// ParseDisqus reads a Disqus comments export (Disqus Admin → Community →
// Export), as described in the package documentation: one article per
// thread with comments, one comment per post that is neither deleted nor
// spam. name is used in errors and as Batch.File; meta.Source and
// meta.Published fill what the export does not say, and meta.URL and
// meta.Title must be empty. It returns the batch and what it skipped, or an
// *Error at the line of the first bad record, with no batch.
func ParseDisqus(name string, r io.Reader, meta Meta) (dashboard.Batch, Skipped, error) {
	b, err := newBuilder(name, meta)
	if err != nil {
		return dashboard.Batch{}, nil, err
	}
	threads, posts, err := readDisqus(newXMLReader(r))
	if err != nil {
		return dashboard.Batch{}, nil, inFile(name, err)
	}
	skipped := Skipped{}
	articles, lines, err := disqusArticles(threads, posts, b.meta, skipped)
	if err != nil {
		return dashboard.Batch{}, nil, inFile(name, err)
	}
	for i, a := range articles {
		if err := b.addArticle(a, lines[i]); err != nil {
			return dashboard.Batch{}, nil, inFile(name, err)
		}
	}
	return b.batch, skipped, nil
}

// disqusThread is a <thread> of an export; disqusPost a <post>, with the
// reason it is skipped when it is.
type (
	disqusThread struct {
		line    int
		id      string // dsq:id
		link    string
		title   string
		created time.Time
		deleted bool
	}
	disqusPost struct {
		line     int
		id       string // dsq:id, "" when the post has none
		thread   string // the thread's dsq:id
		parent   string // the parent post's dsq:id
		author   string
		text     string
		posted   time.Time
		skipped  string // a Skipped reason, "" when kept
		threadAt int    // line of the <thread> reference
	}
)

// readDisqus reads the threads and posts of an export, in file order.
func readDisqus(x *xmlReader) ([]disqusThread, []disqusPost, error) {
	if err := x.root("disqus", "a Disqus export"); err != nil {
		return nil, nil, err
	}
	var threads []disqusThread
	var posts []disqusPost
	for depth := 1; depth > 0; {
		t, err := x.token()
		if err == io.EOF {
			return nil, nil, &Error{Line: x.line(), Msg: "invalid XML: unexpected EOF: <disqus> is not closed"}
		}
		if err != nil {
			return nil, nil, err
		}
		switch t := t.(type) {
		case xml.EndElement:
			depth--
		case xml.StartElement:
			switch t.Name.Local {
			case "thread", "post":
				n, err := x.readNode(t, maxRecordText)
				if err != nil {
					return nil, nil, err
				}
				if t.Name.Local == "thread" {
					th, err := disqusThreadOf(n)
					if err != nil {
						return nil, nil, err
					}
					threads = append(threads, th)
				} else {
					p, err := disqusPostOf(n)
					if err != nil {
						return nil, nil, err
					}
					posts = append(posts, p)
				}
			default: // <category> and whatever Disqus adds
				if err := x.skip(); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	return threads, posts, x.end()
}

// disqusThreadOf reads a <thread>.
func disqusThreadOf(n *node) (disqusThread, error) {
	th := disqusThread{line: n.line}
	th.id, _ = n.attrValue("dsq", "id")
	if th.id = strings.TrimSpace(th.id); th.id == "" {
		return th, errorf(n.line, `<thread> without a dsq:id`)
	}
	var err error
	if th.link, err = cleanField(n, "", "link"); err != nil {
		return th, err
	}
	if th.title, err = cleanField(n, "", "title"); err != nil {
		return th, err
	}
	// Disqus keeps the page's title as the page wrote it, entities and all.
	th.title = strings.TrimSpace(html.UnescapeString(th.title))
	if th.created, err = xmlTimeField(n, "createdAt"); err != nil {
		return th, err
	}
	if th.deleted, err = boolField(n, "isDeleted"); err != nil {
		return th, err
	}
	return th, nil
}

// disqusPostOf reads a <post>.
func disqusPostOf(n *node) (disqusPost, error) {
	p := disqusPost{line: n.line}
	p.id, _ = n.attrValue("dsq", "id")
	p.id = strings.TrimSpace(p.id)
	th := n.child("", "thread")
	p.thread, _ = th.attrValue("dsq", "id")
	if p.thread = strings.TrimSpace(p.thread); p.thread == "" {
		return p, errorf(n.line, `<post> without <thread dsq:id="...">`)
	}
	p.threadAt = th.line
	parent, _ := n.child("", "parent").attrValue("dsq", "id")
	p.parent = strings.TrimSpace(parent)
	var err error
	if p.posted, err = xmlTimeField(n, "createdAt"); err != nil {
		return p, err
	}
	deleted, err := boolField(n, "isDeleted")
	if err != nil {
		return p, err
	}
	spam, err := boolField(n, "isSpam")
	if err != nil {
		return p, err
	}
	approved := true
	if n.child("", "isApproved") != nil {
		if approved, err = boolField(n, "isApproved"); err != nil {
			return p, err
		}
	}
	author := n.child("", "author")
	if p.author, err = cleanField(author, "", "name"); err == nil && p.author == "" {
		p.author, err = cleanField(author, "", "username")
	}
	if err != nil {
		return p, err
	}
	if p.text, err = cleanField(n, "", "message"); err != nil {
		return p, err
	}
	p.text = htmlText(p.text)
	switch {
	case deleted:
		p.skipped = skipDeleted
	case spam:
		p.skipped = skipSpam
	case !approved:
		p.skipped = skipUnapproved
	case p.text == "":
		p.skipped = skipEmpty
	}
	return p, nil
}

// disqusArticles groups the kept posts under their threads' articles, in
// the order the threads come. Threads with one link are one article (Disqus
// may hold several threads for a page); a thread without a link is
// "disqus-thread:<dsq:id>". Threads left without comments are skipped. It
// returns the articles and the line of each one's first thread, or an error
// for a post whose thread is not in the file.
func disqusArticles(threads []disqusThread, posts []disqusPost, meta Meta, skipped Skipped) ([]dashboard.Article, []int, error) {
	byID := make(map[string]*disqusThread, len(threads))
	for i := range threads {
		th := &threads[i]
		if old, ok := byID[th.id]; ok {
			return nil, nil, errorf(th.line, "thread dsq:id %q is also at line %d", th.id, old.line)
		}
		byID[th.id] = th
	}
	comments := make(map[string][]dashboard.Comment) // article external id → comments
	for _, p := range posts {
		th, ok := byID[p.thread]
		if !ok {
			return nil, nil, errorf(p.threadAt, "post %q: thread dsq:id %q is not in the file", p.id, p.thread)
		}
		switch {
		case th.deleted:
			skipped.add(skipUnderSkipped)
			continue
		case p.skipped != "":
			skipped.add(p.skipped)
			continue
		}
		c := dashboard.Comment{
			ArticleExternalID: disqusArticleID(th),
			Author:            p.author,
			Text:              p.text,
			Posted:            p.posted,
		}
		if p.id != "" {
			c.ExternalID = "disqus:" + p.id
		} else {
			c.ExternalID = commentID(p.author, p.text, p.posted)
		}
		if p.parent != "" {
			c.ParentExternalID = "disqus:" + p.parent
			if c.ParentExternalID == c.ExternalID {
				return nil, nil, errorf(p.line, "comment %q is its own parent", c.ExternalID)
			}
		}
		comments[c.ArticleExternalID] = append(comments[c.ArticleExternalID], c)
	}
	var articles []dashboard.Article
	var lines []int
	seen := make(map[string]bool)
	for _, th := range threads {
		id := disqusArticleID(&th)
		switch {
		case th.deleted:
			skipped.add(skipDeletedPost)
			continue
		case seen[id]:
			continue
		case len(comments[id]) == 0:
			skipped.add(skipNoComments)
			continue
		}
		seen[id] = true
		articles = append(articles, dashboard.Article{
			ExternalID: id,
			Source:     meta.Source,
			URL:        th.link,
			Title:      th.title,
			Published:  firstNonZero(th.created, meta.Published),
			Comments:   comments[id],
		})
		lines = append(lines, th.line)
	}
	return articles, lines, nil
}

// disqusArticleID is the external id of a thread's article: its link, else
// "disqus-thread:<dsq:id>".
func disqusArticleID(th *disqusThread) string {
	if th.link != "" {
		return th.link
	}
	return "disqus-thread:" + th.id
}

// cleanField returns the cleaned text of n's child (ns, local), or an
// error at the child's line.
func cleanField(n *node, ns, local string) (string, error) {
	return cleanNode(n.child(ns, local))
}

// cleanNode returns the cleaned text of n, "" when n is nil, or an error at
// n's line.
func cleanNode(n *node) (string, error) {
	if n == nil {
		return "", nil
	}
	s, err := clean(n.text)
	if err != nil {
		return "", errorf(n.line, "<%s>: %v", qname(n.name), err)
	}
	return s, nil
}

// xmlTimeField reads the time in n's child local (see parseXMLTime); zero
// when it is absent or empty.
func xmlTimeField(n *node, local string) (time.Time, error) {
	c := n.child("", local)
	if c == nil || strings.TrimSpace(c.text) == "" {
		return time.Time{}, nil
	}
	t, err := parseXMLTime(strings.TrimSpace(c.text))
	if err != nil {
		return time.Time{}, errorf(c.line, "<%s>: %v", local, err)
	}
	return t, nil
}

// boolField reads "true" or "false" (or nothing: false) in n's child local.
func boolField(n *node, local string) (bool, error) {
	c := n.child("", local)
	if c == nil {
		return false, nil
	}
	switch strings.TrimSpace(c.text) {
	case "true", "1":
		return true, nil
	case "false", "0", "":
		return false, nil
	}
	return false, errorf(c.line, "<%s>: want true or false, got %q", local, strings.TrimSpace(c.text))
}

// root reads up to the root element and fails unless its local name is
// local (what names the expected kind of file).
func (x *xmlReader) root(local, what string) error {
	for {
		t, err := x.token()
		if err == io.EOF {
			return &Error{Line: x.line(), Msg: fmt.Sprintf("no XML root element: want %s", what)}
		}
		if err != nil {
			return err
		}
		if s, ok := t.(xml.StartElement); ok {
			if s.Name.Local != local {
				return errorf(x.line(), "root element <%s>: want <%s> (%s)", qname(s.Name), local, what)
			}
			return nil
		}
	}
}

// end reads the rest of the file after the root element, which may hold
// only comments, processing instructions and white space.
func (x *xmlReader) end() error {
	for {
		t, err := x.token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.StartElement:
			return errorf(x.line(), "element <%s> after the root element", qname(t.Name))
		case xml.CharData:
			if len(strings.TrimSpace(string(t))) > 0 {
				return errorf(x.line(), "text after the root element")
			}
		}
	}
}
