// Package serve is the read-only web UI of an archive (ingest serve): a
// records table with search, filters and review flags, a record page with
// the extracted body beside the original page, a page per site, and the
// same queries as JSON Lines for scripts.
//
// # Pages
//
//	/                   records: ?q= search, site, author, year, status,
//	                    flag (repeatable), since, sort, page, per
//	/records/{id}       one record, its body rendered from Markdown beside
//	                    the stored page; aliases, merged duplicates, revisions
//	/records/{id}/raw   the stored page, sandboxed
//	/sites/             every site;  /sites/{host}: one site's summary
//	/api/records        the query of / as JSON Lines, every match unless
//	                    page or per is given
//
// # Reading beside a writer
//
// bbolt lets one process write a file (an exclusive flock, held for as long
// as the writer keeps the archive open) or several read it (a shared
// flock). A crawl or sync therefore keeps every reader out for its whole
// run, and a reader that stays open would make a crawl started after it
// fail after its one-second wait. serve never keeps the archive open: it
// holds a snapshot in memory (each record's table entry and flags, and the
// search index; no bodies) and opens the archive read-only only to take
// the snapshot, in batches of at most 5,000 records or 250 ms, indexed
// after the archive is closed again, with a 60 ms pause closed between
// batches (longer than bbolt's 50 ms lock retry, so a waiting writer gets
// in), and for each record page (one open, a few reads, closed). At
// most once a second a request compares the file's modification time and
// size with the snapshot's and, when they differ, a new snapshot is loaded
// in the background and swapped in whole. While a writer holds the archive
// the table, search and site pages answer from the last snapshot under a
// notice, and a record page answers 503 with Retry-After.
//
// # Search
//
// An inverted index over the tokens of title, authors and text (letters and
// digits, lower-cased) built with each snapshot: for each token, the
// records that hold it as varint-coded gaps. A query keeps the records
// that hold every token, the smallest list first; without a sort column,
// records whose title or authors hold every token come first. See
// BenchmarkSearch for its cost on 100,000 records.
//
// # Hostile input
//
// Titles, authors and bodies come from the crawled site. Pages are
// html/template, which escapes by context; bodies are rendered by goldmark
// without raw HTML and cleaned by bluemonday's policy for user content.
// The stored page is served under "Content-Security-Policy: sandbox;
// script-src 'none'" and shown in an iframe with an empty sandbox
// attribute, so its scripts never run, and never in the UI's origin. The
// UI's own pages carry a policy that allows no script at all: every page
// works without JavaScript.
package serve
