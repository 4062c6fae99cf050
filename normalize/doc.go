// Package normalize turns one fetched page into one record: it decodes the
// bytes to UTF-8, reads the page's metadata, finds the main content, strips
// boilerplate, renders the body as Markdown and plain text, and decides
// whether the page is an article at all.
//
// The package is pure: Extract takes the page's URL, headers and bytes and
// returns a Page, touching neither the network nor a database, so `ingest
// extract`, `ingest eval`, crawls and reprocessing all get the same answer
// for the same page. Extract is safe for concurrent use.
//
// Files by concern:
//
//	decode.go      bytes to UTF-8: BOM, header, <meta>, detection
//	metadata.go    the cascade that votes on title, authors, dates, language
//	jsonld.go      JSON-LD, including @graph and broken JSON
//	meta_tags.go   OpenGraph, Dublin Core and other <meta> conventions
//	title.go       site-name prefixes and suffixes
//	author.go      names from bylines: prefixes, roles, affiliations, lists
//	byline.go      visible bylines and datelines
//	date.go        dates in many formats and languages
//	body.go        main-content detection and boilerplate removal
//	markdown.go    html-to-markdown v2, configured once, on a cleaned copy
//	text.go        plain text, one paragraph a line
//	pagetype.go    article or not: a model over generic page features
//	links.go       canonical URL, links, feeds and pagination for crawlers
//	url.go         canonical URLs, record ids and content hashes
//	profile.go     per-host CSS rules from the user's config file
//
// Caveats: pages are cut at 16 MiB before parsing; the generic extractor
// has no per-site rules, which belong in the config file's site profiles.
package normalize
