package eval

import (
	"maps"
	"math"
	"strings"
	"testing"
)

// Expected values are score.py's (shingles, body_counts, prec, rec, word_f1).

func TestShingles(t *testing.T) {
	tests := []struct {
		in   string
		want map[string]int
	}{
		{"a b c d e", map[string]int{"a\x00b\x00c\x00d": 1, "b\x00c\x00d\x00e": 1}},
		{"a b", map[string]int{"a\x00b": 1}}, // shorter than 4: one short shingle
		{"a b a b a b", map[string]int{"a\x00b\x00a\x00b": 2, "b\x00a\x00b\x00a": 1}},
		{"A b, a B.", map[string]int{"A\x00b\x00a\x00B": 1}}, // case is kept
		{"", map[string]int{}},
	}
	for _, tt := range tests {
		v := newVocab()
		got := map[string]int{}
		for k, n := range v.shingles(tt.in) {
			var words []string
			for _, id := range k {
				if id >= 0 {
					words = append(words, v.words[id])
				}
			}
			got[strings.Join(words, "\x00")] = n
		}
		if !maps.Equal(got, tt.want) {
			t.Errorf("shingles(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestBodyCounts(t *testing.T) {
	tests := []struct {
		want, got string
		share     bodyShare
		prec, rec float64
		wordF1    float64
	}{
		{"one two three four five", "one two three four five", bodyShare{1, 0, 0}, 1, 1, 1},
		{"one two three four five", "one two three four", bodyShare{0.5, 0, 0.5}, 1, 0.5, 0.888888888888889},
		{"a b c d e f", "x a b c d e f y", bodyShare{0.6, 0.4, 0}, 0.6, 1, 0.8571428571428571},
		{"a b", "a b c", bodyShare{0, 0.5, 0.5}, 0, 0, 0.8},
		{"", "", bodyShare{}, 1, 1, 1},
		{"", "x y z w", bodyShare{0, 1, 0}, 0, 0, 0},
		{"a b c d", "", bodyShare{0, 0, 1}, 0, 0, 0},
		{"The the THE cat", "the cat cat", bodyShare{0, 0.5, 0.5}, 0, 0, 0.5714285714285715},
	}
	for _, tt := range tests {
		v := newVocab()
		s := bodyCounts(v.shingles(tt.want), v.shingles(tt.got))
		if s != tt.share || s.precision() != tt.prec || s.recall() != tt.rec {
			t.Errorf("bodyCounts(%q, %q) = %v p=%v r=%v, want %v p=%v r=%v",
				tt.want, tt.got, s, s.precision(), s.recall(), tt.share, tt.prec, tt.rec)
		}
		bag, n := bagOfWords(tt.want)
		if f := wordF1(bag, n, tt.got); f != tt.wordF1 {
			t.Errorf("wordF1(%q, %q) = %v, want %v", tt.want, tt.got, f, tt.wordF1)
		}
	}
}

func TestMeanIsExact(t *testing.T) {
	// Summed left to right in float64 these average 0.07500000000000001;
	// statistics.mean sums exactly and rounds once.
	xs := []float64{0.1, 0.2, 1e-17, -2.7755575615628914e-17} // the last is 0.3-0.2-0.1 in float64
	m := mean(xs)
	if m.N != 4 {
		t.Fatalf("N = %d", m.N)
	}
	naive := 0.0
	for _, x := range xs {
		naive += x
	}
	naive /= 4
	const python = 0.075 // statistics.mean([0.1, 0.2, 1e-17, 0.3-0.2-0.1])
	if m.Value != python {
		t.Errorf("mean = %.17g, want %.17g (naive sum gives %.17g)", m.Value, python, naive)
	}
	if got := mean(nil); got.N != 0 || got.Value != 0 {
		t.Errorf("mean(nil) = %+v", got)
	}
	if got := mean([]float64{math.SmallestNonzeroFloat64, 1}); got.Value != 0.5 {
		t.Errorf("mean(tiny, 1) = %v", got.Value)
	}
}
