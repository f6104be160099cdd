package ingest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tonedesk/tonedesk/dashboard"
)

// skipUnselected counts the articles Select left out.
const skipUnselected = "unselected article"

// Select keeps, of a parsed batch, the articles whose URL, title or external
// id contains one of patterns (ignoring case) and the comments on them, and
// returns what it left out: a whole-site Disqus or WordPress export holds
// every thread of the site, and a story wants a few. A comment listed apart
// from its article (Batch.Comments) goes with its article when the batch
// holds it, and is otherwise judged by the article id it names. No patterns
// keep everything. It is an error, with the number of articles the file
// has, when nothing is kept.
func Select(b *dashboard.Batch, patterns []string) (Skipped, error) {
	skipped := Skipped{}
	if len(patterns) == 0 {
		return skipped, nil
	}
	if slices.Contains(patterns, "") {
		return skipped, &Error{File: b.File, Msg: "an empty text to look for in the articles' URLs, titles and ids would keep them all"}
	}
	lower := make([]string, len(patterns))
	for i, p := range patterns {
		lower[i] = strings.ToLower(p)
	}
	matches := func(fields ...string) bool {
		for _, f := range fields {
			f = strings.ToLower(f)
			for _, p := range lower {
				if strings.Contains(f, p) {
					return true
				}
			}
		}
		return false
	}
	kept := make(map[string]bool, len(b.Articles))
	articles := b.Articles[:0]
	for _, a := range b.Articles {
		ok := matches(a.URL, a.Title, a.ExternalID)
		kept[a.ExternalID] = ok
		if !ok {
			skipped.add(skipUnselected)
			for range a.Comments {
				skipped.add(skipUnderSkipped)
			}
			continue
		}
		articles = append(articles, a)
	}
	total := len(b.Articles)
	b.Articles = articles
	comments := b.Comments[:0]
	for _, c := range b.Comments {
		ok, known := kept[c.ArticleExternalID]
		if !known {
			ok = matches(c.ArticleExternalID)
		}
		if !ok {
			skipped.add(skipUnderSkipped)
			continue
		}
		comments = append(comments, c)
	}
	loose := len(b.Comments)
	b.Comments = comments
	if len(b.Articles) == 0 && len(b.Comments) == 0 {
		what := fmt.Sprintf("%d %s", total, plural("article", total))
		if total == 0 {
			what = fmt.Sprintf("no articles and %d %s", loose, plural("comment", loose))
		}
		return skipped, &Error{File: b.File, Msg: fmt.Sprintf("no article's URL, title or id contains %s (the file has %s)", quoteAll(patterns), what)}
	}
	return skipped, nil
}

// quoteAll returns the patterns quoted and joined with " or ".
func quoteAll(patterns []string) string {
	q := make([]string, len(patterns))
	for i, p := range patterns {
		q[i] = fmt.Sprintf("%q", p)
	}
	return strings.Join(q, " or ")
}
