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
// Scan reads a WARC file once, front to back, decompressing each record
// once: gowarc parses its head, and the payload of a response the caller
// wants is cut from the record's bytes as they go by. A Stream decides,
// record by record, what an import does: the first capture of each URL
// goes to the pipeline at once; later captures (in WARC-Date order),
// revisits (resolved to the payload they point to), and aliases learnt
// late wait for Finish, which reads their payloads back by offset with a
// PayloadReader. A truncated or corrupt record is reported with its
// offset through Scan's callback and skipped: reading resumes at the next
// record that can be found. Nothing in this package panics on bad input
// (see FuzzScan).
package webarchive
