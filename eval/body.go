package eval

// shingleSize is the n of the body's n-gram shingles.
const shingleSize = 4

// vocab numbers the tokens of the texts being compared, so a shingle is a
// small array instead of a joined string.
type vocab struct {
	ids   map[string]int32
	words []string
}

func newVocab() *vocab { return &vocab{ids: make(map[string]int32)} }

func (v *vocab) id(w string) int32 {
	if id, ok := v.ids[w]; ok {
		return id
	}
	id := int32(len(v.words))
	v.ids[w] = id
	v.words = append(v.words, w)
	return id
}

// shingle is up to shingleSize token ids, padded with -1.
type shingle [shingleSize]int32

// shingles counts the 4-grams of \w+ tokens of s, case kept. A text of one
// to three tokens is a single shorter shingle; an empty one has none.
func (v *vocab) shingles(s string) map[shingle]int {
	t := tokens(s)
	ids := make([]int32, len(t))
	for i, w := range t {
		ids[i] = v.id(w)
	}
	out := make(map[shingle]int, len(ids))
	n := max(1, len(ids)-shingleSize+1)
	for i := 0; i < n && i < len(ids); i++ {
		k := shingle{-1, -1, -1, -1}
		copy(k[:], ids[i:min(i+shingleSize, len(ids))])
		out[k]++
	}
	return out
}

// bodyShare is one page's shingle agreement: true positives, false
// positives and false negatives as shares of their sum (all zero when both
// texts are empty).
type bodyShare struct{ tp, fp, fn float64 }

// bodyCounts is score.py's body_counts.
func bodyCounts(want, got map[shingle]int) bodyShare {
	var tp, fp, fn int
	for k, tc := range want {
		pc := got[k]
		tp += min(tc, pc)
		fp += max(0, pc-tc)
		fn += max(0, tc-pc)
	}
	for k, pc := range got {
		if _, ok := want[k]; !ok {
			fp += pc
		}
	}
	s := tp + fp + fn
	if s == 0 {
		return bodyShare{}
	}
	return bodyShare{float64(tp) / float64(s), float64(fp) / float64(s), float64(fn) / float64(s)}
}

// precision is score.py's prec over one page's shares.
func (b bodyShare) precision() float64 {
	switch {
	case b.fp == 0 && b.fn == 0:
		return 1
	case b.tp == 0 && b.fp == 0:
		return 0
	}
	return b.tp / (b.tp + b.fp)
}

// recall is score.py's rec over one page's shares.
func (b bodyShare) recall() float64 {
	switch {
	case b.fp == 0 && b.fn == 0:
		return 1
	case b.tp == 0 && b.fn == 0:
		return 0
	}
	return b.tp / (b.tp + b.fn)
}

// bagOfWords counts the lower-cased \w+ tokens of s.
func bagOfWords(s string) (map[string]int, int) {
	t := tokens(s)
	out := make(map[string]int, len(t))
	for _, w := range t {
		out[lower(w)]++
	}
	return out, len(t)
}

// wordF1 is score.py's word_f1: the F1 of the bags of lower-cased words.
func wordF1(want map[string]int, wantN int, got string) float64 {
	g, gotN := bagOfWords(got)
	if wantN == 0 {
		if gotN == 0 {
			return 1
		}
		return 0
	}
	if gotN == 0 {
		return 0
	}
	o := 0
	for k, c := range want {
		o += min(c, g[k])
	}
	if o == 0 {
		return 0
	}
	p, r := float64(o)/float64(gotN), float64(o)/float64(wantN)
	return 2 * p * r / (p + r)
}
