// Package storage is the archive: one bbolt file holding deduplicated
// article records, their earlier revisions, the raw pages they came from and
// the history of runs, plus the writers that export it as JSON, JSON Lines
// or Markdown bundles. It is the only package that imports bbolt.
//
// # Opening
//
// Open(path, Options{ReadOnly, LockTimeout}) opens or creates an archive.
// Commands that only read should open with ReadOnly: readers share the file,
// a writer holds it alone. Open waits LockTimeout (default one second) for
// the lock, then fails with ErrLocked, whose message reads
//
//	open archive.db: locked by another ingest process
//
// A file that is not an archive (text, a truncated or damaged database, a
// bbolt database of another program, a directory) gives ErrNotArchive, as in
// "open x.db: not an ingest archive (invalid database)"; a missing file
// opened ReadOnly gives an error wrapping fs.ErrNotExist. An empty file opened
// for writing becomes a new archive. Open never panics: panics and memory
// faults that bbolt raises on damaged files are turned into ErrNotArchive at
// Open and ErrCorrupt afterwards.
//
// A *DB is safe for concurrent use. Every change is one bbolt write
// transaction, so a crash (even SIGKILL) loses at most the change in flight.
// Reads copy what they return, so records outlive their transaction.
//
// # Schema
//
// Schema version 2. The meta bucket holds the version; Open runs the missing
// migration steps, in one transaction, when it opens an older archive for
// writing, and refuses archives newer than it knows (ErrSchemaVersion). An
// older archive opened ReadOnly fails with ErrSchemaVersion until a command
// that writes has opened it once. Step 1 to 2 adds the sources, strikes and
// changed buckets and stamps every record as changed at its last_seen.
//
//	bucket     key                                  value
//	meta       "schema"                             version, decimal ASCII ("1")
//	           "last_run"                           id of the latest run (by start time)
//	records    record id (16 hex digits)            current record, JSON (normalize.Record)
//	revisions  record id, 0x00, revision (uint32    an earlier version of the record, JSON;
//	           big-endian)                          keys sort by record, then revision
//	urls       canonical URL                        record id; one entry for the record's
//	                                                URL and one for each alias
//	hashes     content hash ("sha256:…")            id of the record whose current text
//	                                                has that hash (the first one stored)
//	simhash    'b', band (1 byte), band value       the record's simhash, uint64 big-endian
//	           (uint16 big-endian), record id       (empty in older archives); the band
//	                                                index: the simhash in four 16-bit bands
//	           'f', record id                       the record's simhash, uint64 big-endian
//	links      URL merged by content                JSON {id, kind ("same" or "near"),
//	                                                content_hash, simhash, distance,
//	                                                linked}: what that URL served when
//	                                                it was merged into record id
//	pages      URL                                  raw page: uvarint length of a JSON head
//	                                                {url, status, fetched_at, etag,
//	                                                last_modified, header, encoding,
//	                                                size}, the head, then the body
//	                                                gzip-compressed
//	runs       run id                               Run as JSON; summary as the caller gave it
//	sources    canonical URL                        Source as JSON {url, kind, seed, depth,
//	                                                etag, last_modified, first_seen,
//	                                                last_seen}: a seed, sitemap, feed or
//	                                                listing page a crawl found articles
//	                                                through, for sync to revisit
//	strikes    record id                            JSON {count, last}: syncs in a row
//	                                                that found the record's URL 404; absent
//	                                                when none
//	changed    record id                            when the record last changed in anything
//	                                                but last_seen, RFC 3339 with nanoseconds
//	                                                (UTC); kept out of the record so that the
//	                                                Record JSON stays as it is
//	frontier   frontier id: 16 hex digits of the    a bucket per crawl frontier, holding:
//	           SHA-256 of the sorted canonical
//	           seeds, one per line (after the kind
//	           and a NUL byte for a sync's)
//	  <id>     "seeds"                              JSON array of the canonical seed URLs
//	           "state"                              JSON {seq, queued, done, failed,
//	                                                created, updated}: the last sequence
//	                                                and the entries on disk by state
//	  <id>/urls     URL                             entry: state (1 byte: 1 queued, 3 done,
//	                                                4 failed), sequence and not-before
//	                                                (uint64 big-endian each; not-before in
//	                                                ns since 1970, 0 for none), then
//	                                                depth and attempts as uvarints, via
//	                                                and the failure reason as
//	                                                uvarint-length-prefixed strings
//	  <id>/queue    sequence (uint64 big-endian)    URL of a queued entry without a
//	                                                not-before time
//	  <id>/delayed  not-before, sequence (uint64    URL of a queued entry with a
//	                big-endian each)                not-before time
//
// # Storing and deduplication
//
// Put stores one extracted article in one transaction and returns an
// Outcome. The record's URL is canonicalised with normalize.CanonicalURL; its
// Aliases are the other URLs that led to the page. Put looks for an existing
// record in this order:
//
//  1. By URL: the record's URL or any alias is already known (exactly, or
//     with its trailing slash toggled: /a/x and /a/x/ are one record). If the
//     content hash is the same the outcome is Unchanged: last_seen moves, new
//     aliases are added, the metadata (title, authors, …) is refreshed in
//     place and the status is live again. If it differs the outcome is
//     Updated: the previous version goes to revisions and revision counts
//     up. A record keeps the URL and id it was first stored under.
//  2. By content hash: another record has the same text (whitespace
//     folded). The page's URLs become aliases of that record: Merged.
//  3. By near-duplicate text: another record's simhash is within Hamming
//     distance 3. The simhash is over the set of two-word shingles of the
//     lower-cased text; candidates come from the band index (four 16-bit
//     bands, so any fingerprint within 3 bits shares a band). The page's URLs
//     become aliases of that record: Merged.
//  4. Otherwise the page is a new record: Stored, revision 1, id
//     normalize.RecordID(url), first_seen = last_seen = Now (RFC 3339,
//     UTC), status live.
//
// Steps 2 and 3 only apply to texts of at least 30 words, so that teasers
// and empty extractions of different articles are not merged. A URL merged
// by content (steps 2 and 3) is remembered in the links bucket with the
// content it had; when it is visited again, it stays merged if its content
// still matches the record (Unchanged, or Merged if it changed but is still
// near), and otherwise it is detached and stored as a record of its own. A
// URL that a page declares as its own alias is a plain alias from then on.
//
// Aliases are kept sorted and unique and never contain the record's URL. A
// URL already owned by one record is never moved to another. Records and
// exports show each article once: merged duplicates exist only as aliases.
//
// The raw page is stored gzip-compressed under the record's URL (under the
// merged URL for Merged pages) with its status, headers, ETag, Last-Modified
// and fetch time, so records can be rebuilt without fetching and revisits can
// be conditional.
//
// Every write of a record compares it with the stored version: when
// anything but last_seen differs (a new record, a new revision, metadata
// refreshed in place, aliases added, the status changed), the changed
// bucket gets the time of the change (the Put's Now, MarkGone's now, …).
// A visit that finds the page unchanged moves last_seen only, so
// ChangedAt, and exports with ChangedSince, do not see it.
//
// # Sync
//
// A crawl given a Sink that implements scraper.SourceSink records its
// seeds, sitemaps, feeds and listing pages with SaveSource; Sources lists
// them and RevisitURLs lists the URLs of live records. A sync asks Known
// before each request: a URL is known when it is a record's own URL (not
// an alias, not a URL merged as a duplicate, so a revisit of those never
// touches a record) or a source, and Known gives the ETag and
// Last-Modified of its stored raw page (of the source, for a source) for a
// conditional request. Then:
//
//   - 304 Not Modified: Seen moves last_seen (of the record and the source)
//     and clears the record's strikes; nothing else changes;
//   - 200: Put as usual (Unchanged or Updated); it clears the strikes;
//   - 410 Gone: MarkGone makes a tombstone at once;
//   - 404 Not Found: NotFound adds a strike; the NotFoundStrikes-th (2)
//     in a row, without a 200 or 304 in between, makes a tombstone.
//
// Tombstones (status gone) are kept, exported with their status, and not
// revisited; a later Put of the page makes them live again.
//
// # Reprocessing
//
// RecordIDs walks the ids in batches and Rebuild replaces records with a
// new extraction of their raw pages in one transaction per batch: what a
// visit decides (URL, aliases, status, first_seen, last_seen) stays, a new
// text makes a revision as in Put, the same text refreshes the metadata in
// place. Merges by content are not revisited.
//
// # Crawl frontier
//
// OpenFrontier(ctx, seeds, FrontierOptions) opens the frontier of a crawl
// from seeds: every URL the crawl knows, queued, in flight, done or failed,
// with its depth, attempt count and not-before time, deduplicated by URL in
// any state. Frontiers are kept per seed set (the canonical seeds, sorted,
// without duplicates). A saved frontier that still has URLs queued is
// resumed; one with nothing queued, whose crawl finished, is replaced by an
// empty one, as is any saved frontier when Fresh is set. Next hands out
// queued entries oldest first by sequence: the head of the queue bucket,
// or of the delayed bucket once its not-before time has come, whichever
// was queued first. A retried entry keeps its sequence.
//
// Lookups read bbolt: memory holds only the entries in flight and the
// changes not yet committed (a few thousand at most), whatever the number
// of URLs. Changes are committed in one transaction by the next Next
// (every time, or once CommitInterval has passed) or by Flush, so the links
// found on a page are written together with its Done; with Batched set they
// ride in the transactions of DB.CommitFrontier, which stores the crawl's
// pages, and Next commits on its own only when it must. In flight is never
// written: on disk an entry in flight is still queued, so an entry in
// flight when the process dies is fetched again by the next run and
// opening a frontier needs no recovery step. A process killed outright
// loses the changes not yet committed, at most CommitInterval of crawling,
// whose pages are fetched again; Flush before exiting loses nothing.
//
// # Reading
//
// Get resolves an id or any known URL. History returns every version, oldest
// first, the current one last. RawPage returns a stored page. Records walks
// every record in id order inside one read transaction, decoding one at a
// time; its callback must not write to the same DB. MarkGone makes a record a
// tombstone (status gone), kept and exported. SaveRun and LastRun keep run
// summaries; Stats counts records by status and site, revisions, aliases,
// merged URLs, pages and runs. ChangedAt tells when a record last changed;
// Strikes how many syncs in a row found it 404. Diff gives a unified text
// diff (go-difflib) between two versions of a record, over VersionText:
// title, authors, dates, tags and description, then the Markdown body.
//
// # Export
//
// Export(ctx, db, ExportOptions) writes the records that pass the filters
// (Since/Until on the publication date, else first_seen, both inclusive;
// Site; Author; Status; ChangedSince on the changed stamp, inclusive, for
// incremental exports) in id order from one read transaction:
//
//   - json: one indented array, streamed record by record;
//   - jsonl: one compact record per line, in constant memory;
//   - markdown: one .md file per record, YAML front matter then the Markdown
//     body, and an index.json manifest listing each file's path, id, url,
//     title and sha256. Layout flat, year (2023/…) or year-month
//     (2023/09/…).
//
// Out "-" streams json or jsonl to Stdout (markdown there is a usage error,
// ErrInvalidOptions). Out ending in .zip or .tar.gz (.tgz) writes that
// archive, every entry under one root folder named after the file
// (records.json or records.jsonl inside for those formats). Otherwise json
// and jsonl write the file at Out and markdown writes the folder Out. Files
// are written under a temporary name in the target's folder and renamed at
// the end; a failed export leaves nothing behind. A markdown folder replaces
// an earlier markdown export at the same path and refuses any other non-empty
// folder. Missing parent folders are created.
//
// Front matter keys, in order: title, date (publication date, an unquoted
// YAML date or timestamp), lastmod (modified), authors, tags, description,
// url, aliases, source_url, source_aliases, status, id. It is written with a
// YAML encoder, so quoting is always right; titles and names are folded onto
// one line. Hugo rejects absolute URLs in url and aliases, so url is the path
// of the original URL (so that a site generator serves the page where it
// was) and aliases are the paths of the aliases on the same host; the full
// original URL and aliases are in source_url and source_aliases.
//
// File names are slugs of the title (else of the URL's last segment, else
// the id): lower-case ASCII letters, digits and hyphens, transliterated from
// Latin diacritics, Cyrillic and Greek, at most 100 bytes, unique within
// their folder without regard to case (-2, -3, …), never hidden, never a
// path, never a Windows device name (CON, NUL, COM1, …) nor "index" (which
// Hugo treats as a page bundle).
//
// With Assets set (markdown only), the images of each Markdown body
// (![alt](http…) outside fenced code blocks) are downloaded with that
// function, one at a time in order of appearance, and written as
// assets/<id>/<n>.<ext> (n counts the record's distinct images from 1, ext
// comes from the Content-Type, else from the bytes); the Markdown points at
// them with a path relative to its file, and index.json lists them under
// the record's entry with their URL and sha256. An image that cannot be
// downloaded, or is not an image, keeps its original link and counts in
// ExportResult.AssetErrors. At most 200 images per record. The function
// decides hosts, timeouts and size limits; storage makes no requests of its
// own.
//
// Exports are deterministic: the same archive gives byte-identical files,
// archives included (fixed entry times, sorted order). Memory stays flat
// with the archive's size for json and jsonl; a markdown export keeps one
// name per file to make names unique, and a zip keeps its central directory,
// a few hundred bytes per file. With assets, the same images give the same
// bytes. Measured (BenchmarkExport100k, 100,000 records of about 2 KB of
// text, a 490 MiB archive): JSON Lines peaks at about 9 MiB of Go heap, as
// for 10,000 records (7 MiB); a Markdown zip at about 70 MiB (15 MiB for
// 10,000), the file names and the zip directory.
package storage
