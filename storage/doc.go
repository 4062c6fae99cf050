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
// Schema version 1. The meta bucket holds the version; Open runs the missing
// migration steps, in one transaction, when it opens an older archive for
// writing, and refuses archives newer than it knows (ErrSchemaVersion).
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
//	simhash    'b', band (1 byte), band value       empty; the band index: the 64-bit
//	           (uint16 big-endian), record id       simhash in four 16-bit bands
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
//	frontier   (reserved)                           created empty for the crawl frontier
//	                                                (host + sequence -> URL, depth, state,
//	                                                attempts, not-before); no code uses it yet
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
// # Reading
//
// Get resolves an id or any known URL. History returns every version, oldest
// first, the current one last. RawPage returns a stored page. Records walks
// every record in id order inside one read transaction, decoding one at a
// time; its callback must not write to the same DB. MarkGone makes a record a
// tombstone (status gone), kept and exported. SaveRun and LastRun keep run
// summaries; Stats counts records by status and site, revisions, aliases,
// merged URLs, pages and runs.
//
// # Export
//
// Export(ctx, db, ExportOptions) writes the records that pass the filters
// (Since/Until on the publication date, else first_seen, both inclusive;
// Site; Author; Status) in id order from one read transaction:
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
// Exports are deterministic: the same archive gives byte-identical files,
// archives included (fixed entry times, sorted order). Memory stays flat
// with the archive's size for json and jsonl; a markdown export keeps one
// name per file to make names unique, and a zip keeps its central directory,
// a few hundred bytes per file.
package storage
