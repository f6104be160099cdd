package ingest

import (
	"github.com/tonedesk/tonedesk/dashboard"
)

// builder collects the records of one JSON or CSV file into a batch,
// dropping exact repeats and rejecting two different records with one id.
type builder struct {
	meta     Meta
	batch    dashboard.Batch
	articles map[string]int       // external id → line
	comments map[[2]string]seenAt // (article, comment external id) → first one
}

// seenAt is a comment already in the batch and the line it came from.
type seenAt struct {
	line int
	c    dashboard.Comment
}

// newBuilder returns a builder for file name. meta.URL and meta.Title must
// be empty: they cannot apply to every article of a file.
func newBuilder(name string, meta Meta) (*builder, error) {
	meta, err := cleanMeta(meta)
	if err != nil {
		return nil, inFile(name, err)
	}
	if meta.URL != "" || meta.Title != "" {
		return nil, &Error{File: name, Msg: "a URL or title from the command line or a sidecar applies to plain-text articles only"}
	}
	return &builder{
		meta:     meta,
		batch:    dashboard.Batch{File: name},
		articles: make(map[string]int),
		comments: make(map[[2]string]seenAt),
	}, nil
}

// addArticle adds a and its comments. An article whose external id is
// already in the batch is an error unless it is the same article.
func (b *builder) addArticle(a dashboard.Article, line int) error {
	if first, ok := b.articles[a.ExternalID]; ok {
		for _, old := range b.batch.Articles {
			if old.ExternalID == a.ExternalID && sameArticle(old, a) {
				return nil
			}
		}
		return errorf(line, "article %q is also at line %d, with different content", a.ExternalID, first)
	}
	comments := a.Comments[:0:0]
	for _, c := range a.Comments {
		keep, err := b.seeComment(c, line)
		if err != nil {
			return err
		}
		if keep {
			comments = append(comments, c)
		}
	}
	a.Comments = comments
	b.articles[a.ExternalID] = line
	b.batch.Articles = append(b.batch.Articles, a)
	return nil
}

// addComment adds a comment record.
func (b *builder) addComment(c dashboard.Comment, line int) error {
	keep, err := b.seeComment(c, line)
	if keep {
		b.batch.Comments = append(b.batch.Comments, c)
	}
	return err
}

// seeComment records c and reports whether it is new. A comment whose
// external id is already in the batch for the same article is an error
// unless it is the same comment.
func (b *builder) seeComment(c dashboard.Comment, line int) (bool, error) {
	key := [2]string{c.ArticleExternalID, c.ExternalID}
	if old, ok := b.comments[key]; ok {
		if sameComment(old.c, c) {
			return false, nil
		}
		return false, errorf(line, "comment %q of article %q is also at line %d, with different content", c.ExternalID, c.ArticleExternalID, old.line)
	}
	b.comments[key] = seenAt{line: line, c: c}
	return true, nil
}

// sameArticle reports whether two parsed articles are the same.
func sameArticle(a, b dashboard.Article) bool {
	if a.ExternalID != b.ExternalID || a.Source != b.Source || a.URL != b.URL || a.Title != b.Title ||
		a.Dateline != b.Dateline || !a.Published.Equal(b.Published) || a.Body != b.Body ||
		len(a.Comments) != len(b.Comments) {
		return false
	}
	for i := range a.Comments {
		if !sameComment(a.Comments[i], b.Comments[i]) {
			return false
		}
	}
	return true
}

// sameComment reports whether two parsed comments are the same.
func sameComment(a, b dashboard.Comment) bool {
	return a.ArticleExternalID == b.ArticleExternalID && a.ExternalID == b.ExternalID &&
		a.ParentExternalID == b.ParentExternalID && a.Author == b.Author && a.Text == b.Text &&
		a.Posted.Equal(b.Posted)
}
