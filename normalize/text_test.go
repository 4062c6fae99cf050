package normalize

import (
	"hash/fnv"
	"strings"
	"testing"
	"unicode/utf8"
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
		want := strings.Join(strings.Fields(s), " ")
		if got := collapseSpace(s); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
		if got := foldedLen(s); got != len(want) {
			t.Errorf("foldedLen(%q) = %d, want %d", s, got, len(want))
		}
	})
}

var hashTexts = append(spaceTexts, "Ünïcödé  WÖRTER", "ПРИВЕТ\tмир", "İSTANBUL \u212a \xff\xc3 \ufffd", "ǅemal ẞ")

// referenceTextHash is TextHash as first written.
func referenceTextHash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(strings.ToLower(strings.Join(strings.Fields(s), " "))))
	return h.Sum32()
}

func TestTextHash(t *testing.T) {
	for _, s := range hashTexts {
		if got, want := TextHash(s), referenceTextHash(s); got != want {
			t.Errorf("TextHash(%q) = %#x, want %#x", s, got, want)
		}
	}
}

func FuzzTextHash(f *testing.F) {
	for _, s := range hashTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := TextHash(s), referenceTextHash(s); got != want {
			t.Errorf("TextHash(%q) = %#x, want %#x", s, got, want)
		}
	})
}

// referenceCountText is countText as a rune-by-rune statement.
func referenceCountText(s string) (n, commas int) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case ' ', '\n', '\t', '\r', '\f':
		case ',':
			n++
			commas++
		default:
			n++
			if c >= 0x80 {
				r, size := utf8.DecodeRuneInString(s[i:])
				if r == '，' || r == '、' || r == '،' {
					commas++
				}
				if r == '\u00a0' {
					n--
					n -= size - 1
				}
				n += size - 1
				i += size - 1
			}
		}
	}
	return n, commas
}

var countTexts = append(spaceTexts, "a, b，c、d،e", "\u00a0\u00a0x", "\xc2\xc2\xa0", "\xef\xbc", "\xe3\x80\x81\xd8",
	"\xd8\x8c\xef\xbc\x8c", "tab\tform\ffeed\vvertical")

func TestCountTextReference(t *testing.T) {
	for _, s := range countTexts {
		n, c := countText(s)
		if wn, wc := referenceCountText(s); n != wn || c != wc {
			t.Errorf("countText(%q) = %d, %d, want %d, %d", s, n, c, wn, wc)
		}
	}
}

func FuzzCountText(f *testing.F) {
	for _, s := range countTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, c := countText(s)
		if wn, wc := referenceCountText(s); n != wn || c != wc {
			t.Errorf("countText(%q) = %d, %d, want %d, %d", s, n, c, wn, wc)
		}
	})
}

func BenchmarkCollapseSpace(b *testing.B) {
	para := strings.Repeat("The harbour board met for the third time, and the questions were the same as ever. ", 6)
	texts := []string{para, para + "\n\n" + para + "\n\n" + para, "Anna Petrova", "  Anna\u00a0Petrova \n", "»Grüße« – naïve café"}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range texts {
			collapseSpace(s)
		}
	}
}
