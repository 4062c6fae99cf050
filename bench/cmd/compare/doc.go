// Command compare runs ingest's extractor and two open-source peers over an
// evaluation dataset and prints their scores side by side as a Markdown
// table.
//
// The contestants are:
//
//   - ours: normalize.Extract, exactly as `ingest eval` calls it (no site
//     profiles);
//   - trafilatura: go-trafilatura with its fallbacks (Readability and DOM
//     Distiller) enabled, links kept in the content, comments left out of
//     the text; its title, author (split on ";") and publication date;
//   - readability: go-readability (readeck), on the page decoded to UTF-8
//     with normalize.Decode; its title, byline and published time.
//
// Each contestant gets the page bytes as the site served them and the case
// URL. go-trafilatura detects the charset itself; go-readability is given
// the UTF-8 text that normalize.Decode makes, parsed with x/net/html. The
// peers' HTML output is converted to Markdown with html-to-markdown v2
// (CommonMark, GFM tables, strikethrough; links resolved against the case
// URL), so the Markdown structure scores of mdscore.py can be compared too.
//
// Scores come from the product's eval package (eval.Run), which reproduces
// score.py and mdscore.py; a metric an extractor does not give (page type
// for the peers) or that has no data is shown as "—". Every contestant runs
// with one worker, one after the other. Three speeds are printed:
// "pages/s" counts the elapsed time inside the extractor's own call (for
// ours that includes its Markdown, which is part of Extract; for
// go-readability the decoding and parsing); "pages per CPU-second" counts
// the process CPU time over the same calls, garbage collection included,
// which holds up when other work shares the machine; "pages/s with
// Markdown" counts the whole page adapter, the peers' Markdown conversion
// included.
//
// Usage:
//
//	compare --dataset DIR [--type article] [--only ours,trafilatura,readability]
//	        [--limit N] [--out-dir DIR]
//
// With --out-dir, each contestant's predictions are written to
// DIR/<name>.jsonl, ready for score.py and mdscore.py.
//
// Exit codes: 0 on success, 2 on a usage error, 1 on any other error.
package main
