package eval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The scores are defined by regular expressions over Python strings. Python's
// character classes are not Go's, so this file spells them out:
//
//	\w  a letter (Lu Ll Lt Lm Lo), a character with a numeric value (Nd Nl No)
//	    or '_'. Combining marks (Mn Mc Me) are not word characters, so a
//	    decomposed "é" or a Devanagari vowel sign ends a token.
//	\s  Python's str.isspace: the Unicode White_Space characters plus the
//	    information separators U+001C..U+001F; not U+200B or U+FEFF.
//	\d  a decimal digit of any script (Nd).
//
// Go's regexp classes \w, \s, \d and \b are ASCII-only, so none of them is
// used on text.

// isWord reports whether r matches Python's \w.
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// isSpace reports whether r matches Python's \s (str.isspace).
func isSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, ' ', 0x85, 0xa0,
		0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return 0x2000 <= r && r <= 0x200a
}

// isDecimal reports whether r matches Python's \d.
func isDecimal(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return unicode.IsDigit(r)
}

// spaceClass is isSpace as a regexp character class body, for the Markdown
// patterns that need Python's \s.
const spaceClass = `\t\n\v\f\r\x{1c}-\x{1f} \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}`

// tokens returns the \w+ runs of s, in order.
func tokens(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		if isWord(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// collapseSpace replaces every run of Python whitespace with one space and
// trims the ends, like re.sub(r"\s+", " ", s).strip().
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		if isSpace(r) {
			pending = true
			continue
		}
		if pending && b.Len() > 0 {
			b.WriteByte(' ')
		}
		pending = false
		b.WriteRune(r)
	}
	return b.String()
}
