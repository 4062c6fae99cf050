// Package ingest holds the embedded sample site that `ingest demo` serves
// and the tests crawl: a small think-tank archive written for this project,
// with the inconsistencies real sites have. The program itself lives in
// cmd/ingest; the pipeline in scraper, normalize and storage.
package ingest
