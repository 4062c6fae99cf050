package serve

import (
	"encoding/binary"
	"slices"
	"unicode"
	"unicode/utf8"
)

// index is an inverted index over the title, authors and text of the
// records of one snapshot: for each token, the numbers of the documents
// (positions in snapshot.entries) that hold it, in increasing order, as
// uvarint deltas. A query is the intersection of its tokens' lists,
// smallest first. It is built once per snapshot and never changed, so it
// is safe for concurrent reads.
type index struct {
	postings map[string]*postings
	docs     int
}

// postings is one token's document list.
type postings struct {
	data []byte // uvarint deltas of increasing document numbers
	last uint32 // last document added, +1 (0: none yet)
	n    int    // number of documents
}

func newIndex() *index {
	return &index{postings: make(map[string]*postings, 1<<14)}
}

// Limits of the tokenizer: tokens longer than maxToken bytes are cut, and
// only the first maxDocTokens tokens of a text are indexed.
const (
	maxToken     = 32
	maxDocTokens = 20000
)

// add indexes document doc, which must be greater than every document
// added before. Each field is tokenized the same way.
func (ix *index) add(doc uint32, fields ...string) {
	n := 0
	for _, f := range fields {
		eachToken(f, func(tok []byte) bool {
			n++
			p := ix.postings[string(tok)]
			if p == nil {
				p = &postings{}
				ix.postings[string(tok)] = p
			}
			if p.last == doc+1 { // already in this document
				return n < maxDocTokens
			}
			var prev uint32
			if p.last > 0 {
				prev = p.last - 1
			}
			p.data = binary.AppendUvarint(p.data, uint64(doc-prev))
			p.last = doc + 1
			p.n++
			return n < maxDocTokens
		})
	}
	ix.docs = int(doc) + 1
}

// compact trims the spare capacity of every list once the index is built.
func (ix *index) compact() {
	for _, p := range ix.postings {
		p.data = slices.Clip(p.data)
	}
}

// bytes is the memory held by the lists and the tokens, roughly.
func (ix *index) bytes() int {
	n := 0
	for k, p := range ix.postings {
		n += len(k) + len(p.data) + 48
	}
	return n
}

// search returns the documents that hold every token of q, in increasing
// order. ok is false when q holds no token at all (the caller shows
// everything); a token nobody has gives an empty result.
func (ix *index) search(q string) (docs []uint32, ok bool) {
	var lists []*postings
	missing := false
	eachToken(q, func(tok []byte) bool {
		ok = true
		p := ix.postings[string(tok)]
		if p == nil {
			missing = true
			return false
		}
		if !slices.Contains(lists, p) {
			lists = append(lists, p)
		}
		return true
	})
	if !ok {
		return nil, false
	}
	if missing {
		return []uint32{}, true
	}
	slices.SortFunc(lists, func(a, b *postings) int { return a.n - b.n })
	docs = lists[0].decode(nil)
	for _, p := range lists[1:] {
		if len(docs) == 0 {
			break
		}
		docs = p.intersect(docs)
	}
	return docs, true
}

// decode appends the list's documents to dst.
func (p *postings) decode(dst []uint32) []uint32 {
	dst = slices.Grow(dst, p.n)
	var doc uint32
	for b := p.data; len(b) > 0; {
		d, k := binary.Uvarint(b)
		b = b[k:]
		doc += uint32(d)
		dst = append(dst, doc)
	}
	return dst
}

// intersect keeps the documents of docs (increasing) that are also in p,
// reusing docs' array.
func (p *postings) intersect(docs []uint32) []uint32 {
	out := docs[:0]
	i := 0
	var doc uint32
	for b := p.data; len(b) > 0 && i < len(docs); {
		d, k := binary.Uvarint(b)
		b = b[k:]
		doc += uint32(d)
		for i < len(docs) && docs[i] < doc {
			i++
		}
		if i < len(docs) && docs[i] == doc {
			out = append(out, doc)
			i++
		}
	}
	return out
}

// eachToken calls fn for each token of s, lower-cased, until fn returns
// false. The slice fn gets is valid only during the call. A token is a run of letters and digits; single ASCII letters and
// digits are skipped (they match too much to narrow a search), other
// single characters (a CJK ideograph) are kept.
func eachToken(s string, fn func([]byte) bool) {
	var buf [maxToken + utf8.UTFMax]byte
	tok := buf[:0]
	runes := 0
	flush := func() bool {
		t, n := tok, runes
		tok, runes = buf[:0], 0
		if len(t) == 0 || (n == 1 && t[0] < utf8.RuneSelf) {
			return true
		}
		return fn(t)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				if !flush() {
					return
				}
				continue
			}
			if len(tok) < maxToken {
				tok = append(tok, c)
				runes++
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
			if !flush() {
				return
			}
			continue
		}
		if len(tok) < maxToken {
			tok = utf8.AppendRune(tok, unicode.ToLower(r))
			runes++
		}
	}
	flush()
}
