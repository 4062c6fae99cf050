package normalize

import "strings"

// wordSet answers "does s contain one of these words" for the class and id
// checks run on every element. Only positions whose two bytes can start a
// word are tried, which rules out almost every position of an ordinary
// class attribute without a search per word.
type wordSet struct {
	starts  [1 << 16 / 64]uint64 // bit set of the words' first two bytes
	byStart map[uint16][]string
	short   []string // one-byte words, searched for directly
}

func newWordSet(words ...string) *wordSet {
	ws := &wordSet{byStart: make(map[uint16][]string)}
	for _, w := range words {
		if len(w) < 2 {
			if w != "" {
				ws.short = append(ws.short, w)
			}
			continue
		}
		k := uint16(w[0])<<8 | uint16(w[1])
		ws.starts[k/64] |= 1 << (k % 64)
		ws.byStart[k] = append(ws.byStart[k], w)
	}
	return ws
}

// in reports whether s contains one of the words.
func (ws *wordSet) in(s string) bool {
	for _, w := range ws.short {
		if strings.Contains(s, w) {
			return true
		}
	}
	for i := 0; i+1 < len(s); i++ {
		k := uint16(s[i])<<8 | uint16(s[i+1])
		if ws.starts[k/64]&(1<<(k%64)) == 0 {
			continue
		}
		for _, w := range ws.byStart[k] {
			if strings.HasPrefix(s[i:], w) {
				return true
			}
		}
	}
	return false
}
