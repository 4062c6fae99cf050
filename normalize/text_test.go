package normalize

import (
	"hash/fnv"
	"strings"
	"testing"
)

var spaceTexts = []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\u00a0b", "\u2003a\u0085b\u3000",
	"Jane Doe", "\xffa \xfe", "a \n\n b\r\n", "é  ü", "a\u200bb"}

func TestCollapseSpace(t *testing.T) {
	for _, s := range spaceTexts {
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzCollapseSpace(f *testing.F) {
	for _, s := range spaceTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestTextHash(t *testing.T) {
	for _, s := range append(spaceTexts, "Ünïcödé  WÖRTER", "ПРИВЕТ\tмир") {
		h := fnv.New32a()
		h.Write([]byte(strings.ToLower(strings.Join(strings.Fields(s), " "))))
		if got, want := TextHash(s), h.Sum32(); got != want {
			t.Errorf("TextHash(%q) = %#x, want %#x", s, got, want)
		}
	}
}
