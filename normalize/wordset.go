package normalize

import "strings"

// classWord is a word of a wordIndex and the flags it carries.
type classWord struct {
	word  string
	flags uint8
}

// wordIndex finds which of a set of words occur anywhere in a string (a
// class attribute, an id) in one scan: only the positions whose two bytes
// start some word are tried, which passes over nearly every position of an
// ordinary class string. Each word carries flags; a scan returns the union
// of the flags of the words found.
type wordIndex struct {
	starts  [1 << 16 / 64]uint64 // bit set of the words' first two bytes
	byFirst [256][]classWord
	short   []classWord // one-byte words, searched for directly
}

// add puts words in the index with flags f; a word added twice gets the
// union of its flags.
func (x *wordIndex) add(words []string, f uint8) {
	for _, w := range words {
		switch len(w) {
		case 0:
			continue
		case 1:
			x.short = addFlags(x.short, w, f)
			continue
		}
		k := uint16(w[0])<<8 | uint16(w[1])
		x.starts[k/64] |= 1 << (k % 64)
		x.byFirst[w[0]] = addFlags(x.byFirst[w[0]], w, f)
	}
}

func addFlags(list []classWord, w string, f uint8) []classWord {
	for i := range list {
		if list[i].word == w {
			list[i].flags |= f
			return list
		}
	}
	return append(list, classWord{w, f})
}

// flags returns the union of the flags of the words s contains. It stops
// as soon as every flag of enough is set.
func (x *wordIndex) flags(s string, enough uint8) uint8 {
	var f uint8
	for _, w := range x.short {
		if f&w.flags != w.flags && strings.Contains(s, w.word) {
			f |= w.flags
		}
	}
	for i := 0; i+1 < len(s) && f&enough != enough; i++ {
		k := uint16(s[i])<<8 | uint16(s[i+1])
		if x.starts[k/64]&(1<<(k%64)) == 0 {
			continue
		}
		for _, w := range x.byFirst[s[i]] {
			if f&w.flags != w.flags && strings.HasPrefix(s[i:], w.word) {
				f |= w.flags
			}
		}
	}
	return f
}

// wordSet is a wordIndex asked only whether any of its words occurs.
type wordSet struct{ x wordIndex }

func newWordSet(words ...string) *wordSet {
	ws := &wordSet{}
	ws.x.add(words, 1)
	return ws
}

// in reports whether s contains one of the words.
func (ws *wordSet) in(s string) bool { return ws.x.flags(s, 1) != 0 }
