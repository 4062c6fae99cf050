package normalize

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// guardedRegexp is a regexp with a cheap test that must hold for any text
// it matches: where the test fails, the regexp is not run and the result
// of no match is returned at once. Bylines and link targets are short, but
// the regexps that read them are long alternations that Go runs at every
// position of the text; most texts hold none of the words they look for.
//
// The guard only saves work: the methods return what the regexp's own
// would.
type guardedRegexp struct {
	*regexp.Regexp
	may func(string) bool // false only where the regexp cannot match
}

func guarded(re *regexp.Regexp, may func(string) bool) *guardedRegexp {
	return &guardedRegexp{re, may}
}

func (g *guardedRegexp) MatchString(s string) bool {
	return g.may(s) && g.Regexp.MatchString(s)
}

func (g *guardedRegexp) ReplaceAllString(s, repl string) string {
	if !g.may(s) {
		return s
	}
	return g.Regexp.ReplaceAllString(s, repl)
}

func (g *guardedRegexp) ReplaceAllStringFunc(s string, repl func(string) string) string {
	if !g.may(s) {
		return s
	}
	return g.Regexp.ReplaceAllStringFunc(s, repl)
}

func (g *guardedRegexp) FindStringIndex(s string) []int {
	if !g.may(s) {
		return nil
	}
	return g.Regexp.FindStringIndex(s)
}

func (g *guardedRegexp) FindStringSubmatch(s string) []string {
	if !g.may(s) {
		return nil
	}
	return g.Regexp.FindStringSubmatch(s)
}

func (g *guardedRegexp) FindAllStringIndex(s string, n int) [][]int {
	if !g.may(s) {
		return nil
	}
	return g.Regexp.FindAllStringIndex(s, n)
}

func (g *guardedRegexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	if !g.may(s) {
		return nil
	}
	return g.Regexp.FindAllStringSubmatchIndex(s, n)
}

// foldSet tells whether a text holds one of a set of words, ignoring case
// as a (?i) regexp does. It is the guard of a regexp that cannot match
// without one of the words.
//
// A word is lower-case ASCII, or runes without case. It may start with
// `\s`, for a word that the regexp only matches after white space
// ([\t\n\f\r ]), or `\b`, for one it only matches at the start of a word
// (after anything but an ASCII letter, digit or underscore, or at the
// start of the text). A text that holds the two non-ASCII runes that fold
// to ASCII letters (ſ, the Kelvin sign) is taken to match.
type foldSet struct {
	starts [1 << 16 / 64]uint64 // bit set of the words' first two bytes
	words  [256][]foldWord      // by first byte
	single [256]uint8           // one-byte words, with their conditions
}

// foldWord is a word of a foldSet and what must come before it.
type foldWord struct {
	word string
	cond uint8
}

// Conditions on the byte before a word.
const (
	afterAny   = 1 << iota
	afterSpace // \s
	afterBreak // \b
)

func newFoldSet(words ...string) *foldSet {
	fs := &foldSet{}
	for _, w := range words {
		cond := uint8(afterAny)
		switch {
		case strings.HasPrefix(w, `\s`):
			cond, w = afterSpace, w[2:]
		case strings.HasPrefix(w, `\b`):
			cond, w = afterBreak, w[2:]
		}
		for _, r := range w {
			if r >= utf8.RuneSelf && unicode.SimpleFold(r) != r || 'A' <= r && r <= 'Z' || r == utf8.RuneError {
				panic("normalize: foldSet word " + w + " has a rune with case")
			}
		}
		switch len(w) {
		case 0:
			panic("normalize: empty foldSet word")
		case 1:
			fs.single[w[0]] |= cond
			continue
		}
		k := uint16(w[0])<<8 | uint16(w[1])
		fs.starts[k/64] |= 1 << (k % 64)
		fs.words[w[0]] = append(fs.words[w[0]], foldWord{w, cond})
	}
	return fs
}

// in reports whether s may hold one of the words.
func (fs *foldSet) in(s string) bool {
	if strings.Contains(s, "ſ") || strings.Contains(s, "\u212a") {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := lowerASCII(s[i])
		if cond := fs.single[c]; cond != 0 && fs.holds(s, i, cond) {
			return true
		}
		if i+1 == len(s) {
			break
		}
		k := uint16(c)<<8 | uint16(lowerASCII(s[i+1]))
		if fs.starts[k/64]&(1<<(k%64)) == 0 {
			continue
		}
		for _, w := range fs.words[c] {
			if hasFoldPrefix(s[i:], w.word) && fs.holds(s, i, w.cond) {
				return true
			}
		}
	}
	return false
}

// holds reports whether the byte before s[i] meets a word's condition.
func (fs *foldSet) holds(s string, i int, cond uint8) bool {
	return cond&afterAny != 0 ||
		cond&afterSpace != 0 && i > 0 && isSpaceRe(s[i-1]) ||
		cond&afterBreak != 0 && (i == 0 || !isWordRe(s[i-1]))
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasFoldPrefix reports whether s starts with the lower-case word w,
// ignoring the case of ASCII letters.
func hasFoldPrefix(s, w string) bool {
	if len(s) < len(w) {
		return false
	}
	for i := 0; i < len(w); i++ {
		if lowerASCII(s[i]) != w[i] {
			return false
		}
	}
	return true
}

// isSpaceRe reports whether c is in a regexp's \s.
func isSpaceRe(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// isWordRe reports whether c is in a regexp's \w.
func isWordRe(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}
