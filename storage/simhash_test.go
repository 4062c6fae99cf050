package storage

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

// simhashTexts are texts whose fingerprints are pinned: archives store
// them, so a change of the function would split every near-duplicate
// group already indexed.
var simhashTexts = []string{
	"",
	"one",
	"Two words",
	"The harbour board met for the third time and the questions were the same as ever: who pays for dredging, and who decides.",
	"Ünïcödé Wörter, ПРИВЕТ мир — 東京 2023-09-14; İstanbul ǅemal ẞtraße KELVIN ſ and the the the the",
	"invalid \xff\xfe bytes \xc3 between words \xe2\x82 and more",
}

func TestSimhashPinned(t *testing.T) {
	want := []uint64{0x0, 0x629927f46b944038, 0x1b9e5196d6242578, 0x8397420e804f3468,
		0xf77c8466212a17d7, 0x16830de66478b5fc}
	for i, text := range simhashTexts {
		if got := simhash(words(text)); got != want[i] {
			t.Errorf("simhash(%q) = %#x, want %#x", text, got, want[i])
		}
	}
}

// referenceWords and referenceSimhash are the plain statements of words
// and simhash; the fast versions must agree with them on every text.
func referenceWords(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
}

func referenceSimhash(ws []string) uint64 {
	var acc [64]int
	seen := map[string]bool{}
	add := func(feature string) {
		if seen[feature] {
			return
		}
		seen[feature] = true
		h := fnv.New64a()
		h.Write([]byte(feature))
		x := mix64(h.Sum64())
		for i := range 64 {
			if x&(1<<i) != 0 {
				acc[i]++
			} else {
				acc[i]--
			}
		}
	}
	if len(ws) < shingleWords {
		for _, w := range ws {
			add(w)
		}
	}
	for i := 0; i+shingleWords <= len(ws); i++ {
		add(strings.Join(ws[i:i+shingleWords], " "))
	}
	var out uint64
	for i, v := range acc {
		if v > 0 {
			out |= 1 << i
		}
	}
	return out
}

// checkSimhash compares words and simhash with their references on text.
func checkSimhash(t *testing.T, text string) {
	t.Helper()
	ws, ref := words(text), referenceWords(text)
	if strings.Join(ws, "\x00") != strings.Join(ref, "\x00") || len(ws) != len(ref) {
		t.Fatalf("words(%q) = %q, want %q", text, ws, ref)
	}
	if got, want := simhash(ws), referenceSimhash(ref); got != want {
		t.Fatalf("simhash(words(%q)) = %#x, want %#x", text, got, want)
	}
}

func TestSimhashReference(t *testing.T) {
	for _, text := range simhashTexts {
		checkSimhash(t, text)
	}
	// Random texts over a small vocabulary, so that shingles repeat and
	// the counts tie, in every script and with bytes that are not UTF-8.
	vocab := []string{"the", "The", "THE", "harbour", "Board", "ПРИВЕТ", "мир", "東京", "2023", "x1",
		"İ", "ǅ", "ẞ", "K", "ſ", "Σσς", "ﬁ", "Ⅻ", "٣", "\xff", "\xc3", "é", "e\u0301"}
	seps := []string{" ", "  ", ", ", "\n", "—", "-", "'", ".", "\t", "\u00a0", "_", "\u200b"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		var b strings.Builder
		for range r.IntN(80) {
			b.WriteString(vocab[r.IntN(len(vocab))])
			b.WriteString(seps[r.IntN(len(seps))])
		}
		checkSimhash(t, b.String())
	}
}

func FuzzSimhash(f *testing.F) {
	for _, text := range simhashTexts {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) { checkSimhash(t, text) })
}

func BenchmarkSimhash(b *testing.B) {
	// An article's worth of prose: 800 words drawn from a few hundred.
	vocab := strings.Fields(simhashTexts[3] + " " + simhashTexts[4])
	for i := range 200 {
		vocab = append(vocab, fmt.Sprintf("word%c%d", 'a'+i%26, i))
	}
	r := rand.New(rand.NewPCG(3, 4))
	var sb strings.Builder
	for i := range 800 {
		sb.WriteString(vocab[r.IntN(len(vocab))])
		sb.WriteString([]string{" ", " ", " ", ", ", ". "}[i%5])
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		simhash(words(text))
	}
}
