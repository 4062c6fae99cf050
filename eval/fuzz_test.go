package eval

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// FuzzNormalisers feeds arbitrary text to every normalisation and parser:
// none may panic or loop, and the results keep their invariants.
func FuzzNormalisers(f *testing.F) {
	for _, s := range edgeTexts {
		f.Add(s)
	}
	for _, s := range edgeAuthors {
		f.Add(s)
	}
	for _, s := range edgeMarkdown {
		f.Add(s)
	}
	f.Add(hygieneNoise)
	f.Add("\xff\xfe<div\x00](")
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range tokens(s) {
			if tok == "" {
				t.Fatalf("empty token in %q", s)
			}
		}
		names := normAuthors(s)
		if !slices.IsSorted(names) || len(slices.Compact(slices.Clone(names))) != len(names) {
			t.Fatalf("normAuthors(%q) = %q: not a sorted set", s, names)
		}
		if d, ok := normDate(s); ok != (d != "") {
			t.Fatalf("normDate(%q) = %q, %v", s, d, ok)
		}
		if got := normTitle(s); !utf8.ValidString(got) {
			t.Fatalf("normTitle(%q) = %q: invalid UTF-8", s, got)
		}
		lower(s)
		parseMarkdown(s, "https://example.com/a/b")
		mdHygiene(s)
		urljoin("https://example.com/a/b?q#f", s)
		v := newVocab()
		bodyCounts(v.shingles(s), v.shingles(lower(s)))
	})
}
