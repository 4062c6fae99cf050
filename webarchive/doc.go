// Package webarchive reads and writes the formats web archives are
// exchanged in: WARC files (ISO 28500, .warc and .warc.gz), WACZ packages
// (a zip of WARC files with a CDXJ index, pages.jsonl and
// datapackage.json) and the folders `wget --mirror` leaves.
//
// It knows nothing of the archive database or of extraction: a Writer
// turns responses into records, and the readers turn a file back into
// Captures (an HTTP response with its URL and capture time) that the
// caller sends through the crawl's pipeline. WARC records are parsed and
// built with github.com/nlnwa/gowarc; this package only decides which
// records to write and what a record means.
//
// # Writing
//
// Writer writes one gzip member per record, so any record can be read
// from its offset alone, with WARC-Block-Digest and WARC-Payload-Digest
// (sha1, base32). Record ids are derived from the record's content, so the
// same input writes byte-identical files.
//
// # Reading
//
// Index reads every record of a WARC file once and returns its
// responses, redirects and revisits with their offsets; Captures then
// reads the HTML responses back in capture order, revisits resolved to the
// payload they point to. A truncated or corrupt record is reported with
// its offset through Index's callback and skipped: reading resumes at the
// next record that can be found. Nothing in this package panics on bad
// input (see FuzzIndex).
package webarchive
