package ingest

import (
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
)

// ParseWXR reads a WordPress export (WXR, Tools → Export), as described in
// the package documentation: one article per published post, one comment
// per approved comment. name is used in errors and as Batch.File;
// meta.Source (else the site's name) and meta.Published fill what the
// export does not say, and meta.URL and meta.Title must be empty. It
// returns the batch and what it skipped, or an *Error at the line of the
// first bad record, with no batch.
func ParseWXR(name string, r io.Reader, meta Meta) (dashboard.Batch, Skipped, error) {
	b, err := newBuilder(name, meta)
	if err != nil {
		return dashboard.Batch{}, nil, err
	}
	site, items, err := readWXR(newXMLReader(r))
	if err != nil {
		return dashboard.Batch{}, nil, inFile(name, err)
	}
	skipped := Skipped{}
	for _, it := range items {
		a, ok, err := wxrArticle(site, it, b.meta, skipped)
		if err != nil {
			return dashboard.Batch{}, nil, inFile(name, err)
		}
		if ok {
			if err := b.addArticle(a, it.line); err != nil {
				return dashboard.Batch{}, nil, inFile(name, err)
			}
		}
	}
	return b.batch, skipped, nil
}

// wxrSite is what a WXR channel says of its site.
type wxrSite struct {
	title, link, baseSite, baseBlog string
}

// host is the site's host name for comment ids: of the blog URL, else the
// channel link, else the site URL; "" when none is a URL.
func (s wxrSite) host() string {
	for _, u := range []string{s.baseBlog, s.link, s.baseSite} {
		if p, err := url.Parse(u); err == nil && p.Host != "" {
			return strings.ToLower(p.Host)
		}
	}
	return ""
}

// wxrItem is an <item> of the channel: its fields as nodes (nil when
// absent) and its comments.
type wxrItem struct {
	line     int
	fields   map[string]*node // "title", "link", "wp:post_type"... → node
	comments []*node
}

// wxrItemFields are the children of an <item> that are read; the others
// (post meta, categories, excerpt...) are skipped unread.
var wxrItemFields = map[string]bool{
	"title": true, "link": true, "pubDate": true, "guid": true, "dc:creator": true,
	"content:encoded": true, "wp:post_id": true, "wp:post_date_gmt": true,
	"wp:post_type": true, "wp:status": true,
}

// readWXR reads the channel of a WXR file: the site and the items.
func readWXR(x *xmlReader) (wxrSite, []wxrItem, error) {
	var site wxrSite
	var items []wxrItem
	if err := x.root("rss", "a WordPress export"); err != nil {
		return site, nil, err
	}
	for depth := 1; depth > 0; {
		t, err := x.token()
		if err == io.EOF {
			return site, nil, &Error{Line: x.line(), Msg: "invalid XML: unexpected EOF: <rss> is not closed"}
		}
		if err != nil {
			return site, nil, err
		}
		switch t := t.(type) {
		case xml.EndElement:
			depth--
		case xml.StartElement:
			name := qname(t.Name)
			switch {
			case depth == 1 && name == "channel":
				depth++
			case depth == 2 && name == "item":
				it, err := readWXRItem(x)
				if err != nil {
					return site, nil, err
				}
				items = append(items, it)
			case depth == 2 && (name == "title" || name == "link" || name == "wp:base_site_url" || name == "wp:base_blog_url"):
				n, err := x.readNode(t, maxRecordText)
				if err != nil {
					return site, nil, err
				}
				s, err := cleanNode(n)
				if err != nil {
					return site, nil, err
				}
				switch name {
				case "title":
					site.title = strings.TrimSpace(html.UnescapeString(s))
				case "link":
					site.link = s
				case "wp:base_site_url":
					site.baseSite = s
				default:
					site.baseBlog = s
				}
			default:
				if err := x.skip(); err != nil {
					return site, nil, err
				}
			}
		}
	}
	return site, items, x.end()
}

// readWXRItem reads an <item> whose start tag was just read.
func readWXRItem(x *xmlReader) (wxrItem, error) {
	it := wxrItem{line: x.line(), fields: map[string]*node{}}
	for {
		t, err := x.token()
		if err == io.EOF {
			return it, &Error{Line: x.line(), Msg: fmt.Sprintf("invalid XML: unexpected EOF in <item> of line %d", it.line)}
		}
		if err != nil {
			return it, err
		}
		switch t := t.(type) {
		case xml.EndElement:
			return it, nil
		case xml.StartElement:
			name := qname(t.Name)
			switch {
			case name == "wp:comment":
				n, err := x.readNode(t, maxRecordText)
				if err != nil {
					return it, err
				}
				it.comments = append(it.comments, n)
			case wxrItemFields[name] && it.fields[name] == nil:
				limit := maxRecordText
				if name == "content:encoded" {
					limit = maxBodyText
				}
				n, err := x.readNode(t, limit)
				if err != nil {
					return it, err
				}
				it.fields[name] = n
			default:
				if err := x.skip(); err != nil {
					return it, err
				}
			}
		}
	}
}

// field returns the cleaned text of the item's field name, or an error at
// its line.
func (it wxrItem) field(name string) (string, error) {
	return cleanNode(it.fields[name])
}

// wxrArticle turns an item into an article when it is a published post,
// else counts it (and its comments) in skipped and reports false.
func wxrArticle(site wxrSite, it wxrItem, meta Meta, skipped Skipped) (dashboard.Article, bool, error) {
	typ, err := it.field("wp:post_type")
	if err != nil {
		return dashboard.Article{}, false, err
	}
	status, err := it.field("wp:status")
	if err != nil {
		return dashboard.Article{}, false, err
	}
	reason := ""
	switch {
	case typ == "page":
		reason = skipPage
	case typ == "attachment":
		reason = skipAttachment
	case typ != "post" && typ != "":
		reason = fmt.Sprintf("item of type %q", typ)
	case status != "publish" && status != "":
		reason = skipUnpublished
	}
	if reason != "" {
		skipped.add(reason)
		skipped[skipUnderSkipped] += len(it.comments)
		return dashboard.Article{}, false, nil
	}
	f := map[string]string{}
	for _, name := range []string{"title", "link", "guid", "wp:post_id", "content:encoded", "wp:post_date_gmt", "pubDate"} {
		if f[name], err = it.field(name); err != nil {
			return dashboard.Article{}, false, err
		}
	}
	published, err := wxrPostTime(it, f["wp:post_date_gmt"], f["pubDate"])
	if err != nil {
		return dashboard.Article{}, false, err
	}
	a := dashboard.Article{
		Source:    firstNonEmpty(meta.Source, site.title),
		URL:       f["link"],
		Title:     strings.TrimSpace(html.UnescapeString(f["title"])),
		Published: firstNonZero(published, meta.Published),
		Body:      htmlText(stripShortcodes(f["content:encoded"])),
	}
	switch {
	case a.URL != "":
		a.ExternalID = a.URL
	case f["guid"] != "":
		a.ExternalID = f["guid"]
	case f["wp:post_id"] != "":
		a.ExternalID = wxrID(site, "post:"+f["wp:post_id"])
	default:
		a.ExternalID = articleID("", "", a.Source, a.Title, a.Body)
	}
	for _, n := range it.comments {
		c, reason, err := wxrComment(site, a.ExternalID, n)
		if err != nil {
			return dashboard.Article{}, false, err
		}
		if reason != "" {
			skipped.add(reason)
			continue
		}
		a.Comments = append(a.Comments, c)
	}
	return a, true, nil
}

// wxrComment turns a <wp:comment> into a comment of the article articleID,
// or says why it is skipped.
func wxrComment(site wxrSite, articleID string, n *node) (dashboard.Comment, string, error) {
	f := map[string]string{}
	for _, local := range []string{"comment_id", "comment_author", "comment_date_gmt", "comment_content", "comment_approved", "comment_parent", "comment_type"} {
		s, err := cleanField(n, "wp", local)
		if err != nil {
			return dashboard.Comment{}, "", err
		}
		f[local] = s
	}
	switch typ := f["comment_type"]; typ {
	case "", "comment":
	case "pingback":
		return dashboard.Comment{}, skipPingback, nil
	case "trackback":
		return dashboard.Comment{}, skipTrackback, nil
	default:
		return dashboard.Comment{}, fmt.Sprintf("comment of type %q", typ), nil
	}
	switch f["comment_approved"] {
	case "1":
	case "0":
		return dashboard.Comment{}, skipUnapproved, nil
	case "spam":
		return dashboard.Comment{}, skipSpam, nil
	case "trash", "post-trashed":
		return dashboard.Comment{}, skipDeleted, nil
	default:
		line := n.line
		if c := n.child("wp", "comment_approved"); c != nil {
			line = c.line
		}
		return dashboard.Comment{}, "", errorf(line, "<wp:comment_approved>: want 1, 0, spam or trash, got %q", f["comment_approved"])
	}
	posted, err := wxrTime(f["comment_date_gmt"])
	if err != nil {
		return dashboard.Comment{}, "", errorf(n.child("wp", "comment_date_gmt").line, "<wp:comment_date_gmt>: %v", err)
	}
	c := dashboard.Comment{
		ArticleExternalID: articleID,
		Author:            strings.TrimSpace(html.UnescapeString(f["comment_author"])),
		Text:              htmlText(f["comment_content"]),
		Posted:            posted,
	}
	if c.Text == "" {
		return dashboard.Comment{}, skipEmpty, nil
	}
	if f["comment_id"] != "" {
		c.ExternalID = wxrID(site, f["comment_id"])
	} else {
		c.ExternalID = commentID(c.Author, c.Text, c.Posted)
	}
	if p := f["comment_parent"]; p != "" && p != "0" {
		c.ParentExternalID = wxrID(site, p)
		if c.ParentExternalID == c.ExternalID {
			return dashboard.Comment{}, "", errorf(n.line, "comment %q is its own parent", c.ExternalID)
		}
	}
	return c, "", nil
}

// wxrID is the external id of a WordPress comment (or, with "post:", of a
// post): "wp:<site host>:<id>", or "wp:<id>" when the export names no site.
func wxrID(site wxrSite, id string) string {
	if h := site.host(); h != "" {
		return "wp:" + h + ":" + id
	}
	return "wp:" + id
}

// wxrPostTime is a post's published time: wp:post_date_gmt, else pubDate;
// zero when neither says.
func wxrPostTime(it wxrItem, gmt, pubDate string) (time.Time, error) {
	t, err := wxrTime(gmt)
	if err != nil {
		return t, errorf(it.fields["wp:post_date_gmt"].line, "<wp:post_date_gmt>: %v", err)
	}
	if !t.IsZero() || pubDate == "" || strings.Contains(pubDate, " -0001 ") {
		return t, nil // "-0001": WordPress's year of a date never set
	}
	for _, layout := range []string{time.RFC1123Z, time.RFC1123, time.RFC3339} {
		if t, err := time.Parse(layout, pubDate); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, errorf(it.fields["pubDate"].line, "<pubDate>: want an RFC 1123 date like Mon, 27 Oct 2025 09:15:00 +0000, got %q", pubDate)
}

// wxrTime reads a WordPress GMT time ("2025-10-27 09:15:00"); "" and
// WordPress's "0000-00-00 00:00:00" (never set) are the zero time.
func wxrTime(s string) (time.Time, error) {
	if s == "" || s == "0000-00-00 00:00:00" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateTime, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("want a time like 2025-10-27 09:15:00, got %q", s)
	}
	return t, nil
}
