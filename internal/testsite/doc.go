// Package testsite renders small fictional websites from Markdown posts and
// html/template themes, and serves them in-process with the ground truth of
// every post, so that a crawl of them can be scored end to end.
//
// A site is a folder (see testdata/sites/<name>):
//
//	site.yaml         title, URL patterns, static pages, theme data
//	posts/*.md        one post a file: YAML front matter, then Markdown
//	theme/*.html      layout.html plus one template per kind of page
//	static/           files served as they are (images, CSS)
//
// Load renders every page once, in memory, with a placeholder origin; the
// handler swaps in the origin of each request (scheme and Host header), so a
// site works on any httptest port. Truth lists the posts as the scorers in
// the eval folder expect them: the canonical path, title, authors, date, the
// body as plain text and the Markdown exactly as written.
//
// Caveats: pages are matched by exact path plus raw query; a missing
// trailing slash answers 301 when the slashed path exists, and anything else
// unknown answers 404. There are no feeds, and only GET and HEAD are served.
package testsite
