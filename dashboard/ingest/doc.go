// Package ingest parses the files tonedesk imports (plain-text articles,
// JSON, JSON Lines, CSV, and the comment exports of Disqus and WordPress)
// into dashboard.Batch values, validating every
// record. It does no analysis and no storage, and logs nothing: a bad record
// fails its whole file with an *Error that names the file and line
// ("comments.csv:7: empty \"text\""), and no partial batch is returned.
//
// Parse picks the parser from the format name or the file extension:
//
//	text   .txt .text       one article, maybe followed by its comments
//	json   .json            a JSON array of records, or JSON objects one after another
//	jsonl  .jsonl .ndjson   JSON Lines: one record per line, blank lines skipped
//	csv    .csv             comments, with a header row
//	disqus .xml             a Disqus comments export (root <disqus>)
//	wxr    .xml             a WordPress export, WXR (root <rss> with the WordPress namespace)
//
// A .xml file is a Disqus or a WXR export by its root element, looked for in
// the first 64 KB; anything else needs --format.
//
// # Strings, times and ids
//
// Every input must be UTF-8 (a leading byte order mark is dropped); invalid
// UTF-8 and NUL characters are errors. Strings are stored as written, with
// CRLF and CR turned into LF and surrounding white space trimmed; nothing is
// HTML-escaped or unescaped here. Times in JSON, CSV and sidecars are RFC
// 3339 ("2025-10-27T14:05:00+05:00") or a date ("2025-10-27", midnight UTC);
// empty means unknown.
//
// An article's external id is its "id", else its URL, else
// dashboard.ContentID(source, title, body). A comment's is its "id", else
// dashboard.ContentID(author, text), with the posted time (RFC 3339, UTC) as
// a third part when it is known. Ids may be JSON strings or numbers (kept as
// written). Comments nested in an article get ArticleExternalID set to the
// article's external id. Within one file, a record repeating an earlier one
// exactly is dropped; two different articles with one external id, or two
// different comments of one article with one external id, are an error.
//
// # Plain-text articles
//
// A text file is one article: each non-blank line is a paragraph, and the
// body is the paragraphs joined by a blank line ("\n\n"), so quotes stay
// intact within their paragraph. The parser reads, in order:
//
//   - Comments: after the last line "N Comments" (or "1 Comment"), the
//     non-blank lines are pairs of an author line and a text line; there must
//     be exactly N pairs, else the error is at the "N Comments" line.
//     Comments are stored as written; a repeated author and text pair is
//     kept once.
//   - Furniture, dropped anywhere: "Also Read: ..." (also "Read more:",
//     "Read also:", "See also:") lines, and a "Published in OUTLET, DATE"
//     line ("Published in Dawn, October 27th, 2025"), which gives the source
//     and published date. At the end of the article: a chatbot's offer, lines
//     starting "Would you like me to", "Do you want me to", "Let me know
//     if", "Shall I", "Want me to", "If you'd like, I can".
//   - The title: the first non-blank line when it reads as a headline: at
//     most 15 words, no final ".", ",", ";", ":" or "…", starting with a
//     capital or digit, and either in title case (60% of the words other
//     than a, of, the... capitalised) or followed by a paragraph at least
//     twice as long that ends like a sentence.
//   - A dateline line, first or right after the title: "Place, Country—Month
//     D, YYYY" (em or en dash, " - " or "--"): the place is the dateline,
//     the date the published date when nothing else gives one.
//   - Standfirst: "•" (or "●", "▪") highlight lines under the title. They are
//     kept, as written, as the first paragraphs of the body: they are the
//     outlet's own framing of the story, which tone-by-source should see,
//     Article has no field of their own, and dropping text is not
//     reversible while skipping "•" paragraphs later is easy.
//   - A dateline prefix on the first paragraph after them: an all-capitals
//     place of at least four letters, maybe with an agency in brackets, then
//     ":" or a dash ("ISLAMABAD: Stalemate persisted...", "KABUL (AP) —
//     ...", "ISLAMABAD, Oct 27 (Reuters) - ..."). The place is the dateline
//     and the prefix is cut from the body. Labels such as "UPDATE:" or
//     "EXCLUSIVE:" are not places.
//   - Footnote markers attached to a word are removed: "talks[1]" becomes
//     "talks".
//
// Section headings (short title-case lines between paragraphs, like
// "Background to the Impasse") stay in the body as paragraphs of their own.
// A hard-wrapped text (paragraphs separated by blank lines, some of several
// lines, no line longer than 100 characters) has the lines of each paragraph
// joined by spaces instead. Bylines and datelines of other shapes stay in the
// body. A file with no article text left is an error.
//
// The text says nothing of the URL and often nothing of the source, title or
// date; Meta carries them, from the import flags (--source, --url,
// --published) or a sidecar file "<article file>.meta.json":
//
//	{"source": "Dawn", "url": "https://...", "published": "2025-10-27", "title": "..."}
//
// All four keys are optional; any other key is an error naming the sidecar.
// Precedence: a non-empty Meta field overrides what the text says (the
// caller knows better than a heuristic); what Meta leaves empty the text
// fills: source from the "Published in" line, title from the headline,
// published date from the "Published in" line, else the dateline line.
// Nothing is invented: an unknown source stays "".
//
// # JSON and JSON Lines
//
// A record is a JSON object. A record with "body" is an article:
//
//	{"id": "dawn-1952817", "source": "Dawn", "url": "https://...", "title": "...",
//	 "dateline": "ISLAMABAD", "published": "2025-10-27", "body": "...",
//	 "comments": [{"id": "c1", "author": "...", "text": "...",
//	               "posted": "2025-10-27T09:15:00Z", "parent_id": ""}]}
//
// A record with "article_id" is a comment of an article, in this file or
// already stored:
//
//	{"id": "c2", "article_id": "dawn-1952817", "author": "...", "text": "...",
//	 "posted": "2025-10-27T10:00:00Z", "parent_id": "c1"}
//
// Only "body" (article) and "text" (comment) and, for a comment record,
// "article_id" are required, and they must not be empty. Any other key,
// a record with both "body" and "article_id" or with neither, and a
// comment that is its own parent are errors. An empty file or array is an
// empty batch. Meta.Source and Meta.Published fill an article's empty
// "source" and "published"; Meta.URL and Meta.Title are refused, since they
// cannot apply to every article of a file.
//
// Errors give the line where the bad record starts (for JSON Lines, its
// line); for broken JSON, the line of the syntax error.
//
// # CSV
//
// Comments only, RFC 4180 (encoding/csv, quotes not lazy), with a header row
// naming the columns, in any order, case-insensitive:
//
//	article_id,id,author,text,posted,parent_id
//	dawn-1952817,c1,Coccinella,"This impasse was inevitable.",2025-10-27T09:15:00Z,
//
// article_id and text are required columns and must not be empty in any
// row; the others are optional and mean what they mean in JSON. An unknown
// or repeated column is an error at line 1; a record with a different
// number of fields than the header, a bare or unterminated quote, or a bad
// value is an error at its line. Meta does not apply (Meta.URL and
// Meta.Title are refused by Parse).
//
// # Disqus and WordPress exports
//
// Both are read as a stream (encoding/xml's Decoder, one thread, post,
// item or comment in memory at a time besides the batch being built), with
// the file's own structure checked: well-formed XML, UTF-8 (a declared
// other encoding is an error), the five XML entities only. Limits, since an
// export may be hundreds of megabytes: a Disqus thread or post, a WXR
// comment or any item field but the content holds at most 1 MB of text, a
// post's content:encoded 16 MB; a record has at most 1000 elements, 16
// levels deep. Item fields tonedesk does not use (post meta, excerpt,
// categories) are skipped unread.
//
// HTML (messages, comment and post content) becomes plain text: entities
// decoded, tags dropped, the content of script, style, iframe and other
// non-text elements dropped; paragraphs and block elements become blank
// lines, <br> and list items line breaks; line breaks of the text itself are
// kept (WordPress keeps paragraphs as blank lines in the database). What a
// writer typed as "<script>" (escaped in the HTML) stays as that text: it is
// stored as written and escaped on the way out, like "=HYPERLINK(...)".
// Titles and WordPress author names have their HTML entities decoded
// ("&#8217;"), since both systems store them escaped.
//
// What an export holds that is not a reader comment on a published article
// is left out and counted (ParseSkipped returns the counts; import prints
// them): deleted, spam and unapproved comments, comments with no text once
// the HTML is removed, pingbacks and trackbacks, and the comments of
// anything skipped. A reply whose parent was left out keeps its parent id.
// An export holds every thread of its site: Select keeps the articles a
// story wants (import's --thread) and counts the others the same way.
//
// Disqus (Disqus Admin → Community → Export; the format of Disqus's help
// page "Comments Export" and its example, http://disqus.com/api/schemas/1.0/
// disqus.xsd, checked against exports quoted in public importers): each
// <thread dsq:id> is an article and each <post dsq:id> a comment of the
// thread its <thread dsq:id="..."/> names, with <parent dsq:id="..."/> its
// parent. A thread's article:
//
//   - external id: its <link>, so that its comments join the article of that
//     URL imported from another format; threads sharing a link (Disqus keeps
//     several for a page) are one article; without a link
//     "disqus-thread:<dsq:id>".
//   - title: <title>; URL: <link>; published: <createdAt>, when Disqus first
//     saw the page, usually minutes after publication (Meta.Published fills
//     it when missing); source: Meta.Source only, since neither <forum> (a
//     short name) nor <category> (a section, "General") names the outlet.
//   - body: none. Disqus does not have the article's text, so such an
//     article has no quoted statements and its own tone is that of empty
//     text; import the article itself (text or JSON with the same URL) first
//     to have both. If the Disqus export comes first, the later article is
//     a duplicate of its URL and is skipped.
//   - a thread with <isDeleted>true is left out with its posts; a thread
//     with no comment left is left out (an export lists every page of the
//     site).
//
// A post is a comment with external id "disqus:<dsq:id>" (a post without
// one gets the content id of other formats), parent "disqus:<parent dsq:id>",
// author <author><name>, else <username> (e-mail and IP address are never
// read), text from <message>, posted from <createdAt> (RFC 3339; without a
// zone, UTC). <isDeleted>, <isSpam> true and <isApproved> false leave it
// out. Errors: a post whose thread is not in the file (at the post's
// <thread> line, wherever the thread is), a thread without dsq:id or seen
// twice, a bad time or true/false.
//
// WordPress WXR (Tools → Export; the format as wp-admin/includes/export.php
// writes it, WXR 1.0 to 1.2): each <item> of <wp:post_type> "post" and
// <wp:status> "publish" is an article; pages, attachments, unpublished posts
// and items of other types (menu items, blocks, custom types) are left out
// and counted by type. An article:
//
//   - external id: <link> (the permalink, as for Disqus threads of the same
//     site), else <guid>, else "wp:<site>:post:<wp:post_id>".
//   - title: <title>; URL: <link>; published: <wp:post_date_gmt> (UTC), else
//     <pubDate>; body: <content:encoded> as text, with WordPress's media
//     shortcodes ([caption], [gallery], [embed]...) removed and what they
//     enclose kept; other bracketed text ("[sic]") stays.
//   - source: Meta.Source (--source or a sidecar), else the channel's
//     <title>, which is the site's name.
//
// A <wp:comment> is a comment with external id "wp:<site>:<wp:comment_id>",
// where site is the host of <wp:base_blog_url> (else the channel's <link>,
// else <wp:base_site_url>), parent from <wp:comment_parent> (0: none),
// author <wp:comment_author>, text <wp:comment_content>, posted
// <wp:comment_date_gmt> (UTC; WordPress's "0000-00-00 00:00:00" is
// unknown). <wp:comment_approved> is 1 (kept), 0 (unapproved), spam, or
// trash and post-trashed (deleted); any other value is an error.
// <wp:comment_type> "pingback" and "trackback" and other non-empty types
// but "comment" are left out.
//
// Both formats: Meta.URL and Meta.Title are refused as for JSON; the ids
// depend only on the export, so importing it again adds nothing.
package ingest
