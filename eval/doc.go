// Package eval measures extraction against datasets of saved pages with
// ground truth, as `ingest eval` does.
//
// A dataset is a folder with cases.jsonl (one case a line: id, url, the
// gzip-compressed page under html/, and the expected title, author, date,
// body, Markdown, snippets and page type) and the pages themselves.
// LoadDataset reads the cases; Case.HTML reads one page when it is needed.
//
// Run hands every page to an extract function supplied by the caller (the
// package imports no extraction code), optionally with several workers,
// writes the predictions as JSON Lines, times the extraction and scores
// the result. Score scores predictions read back with ReadPredictions.
//
// The metrics are those of the reference scripts score.py and mdscore.py
// that ship with the datasets, reproduced exactly: the same figures to the
// last bit on the bundled datasets, and the same output line. That takes
// care in places where Go and Python differ:
//
//   - Tokens are Python's \w+ runs: letters, numeric characters and "_",
//     but not combining marks, so "cafe\u0301" is the token "cafe" and a
//     Devanagari word breaks at its vowel signs. Python's \s includes
//     U+001C..U+001F; its \d is any decimal digit.
//   - Lower-casing follows str.lower (final sigma, "İ" to "i̇"), case folding
//     str.casefold (full folding, "ß" to "ss"), normalisation NFKC.
//   - Means are exact, as statistics.mean computes them, so they do not
//     depend on the order of pages.
//   - Link targets in Markdown are resolved as urllib.parse.urljoin does.
//
// Caveats: the Unicode tables are Go's (15.0), so characters that the
// local Python's Unicode version does not know (Python 3.11 has 14.0) may
// tokenise differently; none occur in the bundled datasets. Where the
// scripts stop with an exception (a prediction file line without "id" for
// mdscore.py, a link with an unbalanced "[" or "]" in its host, no page whose
// ground truth has any body token), this package scores on: the body
// recall is then 0.
package eval
