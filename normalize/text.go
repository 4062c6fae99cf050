package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// blockTags end a line of plain text.
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "dd": true, "div": true,
	"dl": true, "dt": true, "fieldset": true, "figcaption": true, "figure": true, "footer": true,
	"form": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"header": true, "hr": true, "li": true, "main": true, "nav": true, "ol": true, "p": true,
	"pre": true, "section": true, "table": true, "tr": true, "ul": true, "br": true, "td": false,
	"caption": true, "details": true, "summary": true,
}

// toText renders the plain text of a node: one paragraph a line, blank
// lines between blocks, whitespace folded inside paragraphs.
func toText(n *html.Node) string {
	if n == nil {
		return ""
	}
	var paras []string
	var cur strings.Builder
	flush := func() {
		s := collapseSpace(cur.String())
		if s != "" {
			paras = append(paras, s)
		}
		cur.Reset()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			if isCaptionCopy(n) {
				return
			}
			switch n.Data {
			case "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "video", "audio", "canvas", "select", "button":
				return
			case "td", "th":
				cur.WriteString(" ")
			}
		}
		block := n.Type == html.ElementNode && blockTags[n.Data]
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		}
	}
	walk(n)
	flush()
	return strings.Join(paras, "\n\n")
}

// collapseSpace is strings.Join(strings.Fields(s), " "): the words of s
// with one space between each two. It returns s itself when s is already
// so, and otherwise builds the result in one allocation, copying the part
// already folded, and then each run of words that single spaces join, at
// once.
func collapseSpace(s string) string {
	// Find the first white space that is not a single ASCII space
	// between two words.
	bad, space := len(s), true // space: the last rune was white space, or none came yet
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if spaceClass[c] == asciiOther {
				space = false
			} else if c != ' ' || space {
				bad = i
				break
			} else {
				space = true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			bad = i
			break
		}
		space = false
		i += n
	}
	if bad == len(s) && !space || s == "" {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(strings.TrimSuffix(s[:bad], " "))
	for i := skipSpace(s, bad); i < len(s); i = skipSpace(s, i) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		end := wordRun(s, i)
		b.WriteString(s[i:end])
		i = end
	}
	return b.String()
}

// wordRun returns the end of the words from s[i], which starts a word,
// that single ASCII spaces join: the index of the first white space after
// them, or len(s).
func wordRun(s string, i int) int {
	for {
		i = skipWord(s, i)
		if i+1 >= len(s) || s[i] != ' ' || spaceAt(s, i+1) {
			return i
		}
		i++
	}
}

// spaceAt reports whether the rune at s[i] is white space.
func spaceAt(s string, i int) bool {
	switch spaceClass[s[i]] {
	case asciiSpace:
		return true
	case asciiOther:
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r)
}

// skipSpace returns the index of the first rune at or after i that is not
// white space, or len(s). It is small enough to inline: plain ASCII is
// passed here, longer runes by skipSpaceRunes.
func skipSpace(s string, i int) int {
	for i < len(s) && spaceClass[s[i]] == asciiSpace {
		i++
	}
	if i < len(s) && s[i] >= utf8.RuneSelf {
		return skipSpaceRunes(s, i)
	}
	return i
}

func skipSpaceRunes(s string, i int) int {
	for i < len(s) {
		switch spaceClass[s[i]] {
		case asciiSpace:
			i++
		case asciiOther:
			return i
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsSpace(r) {
				return i
			}
			i += n
		}
	}
	return i
}

// skipWord returns the index of the first white space at or after i, or
// len(s). Like skipSpace, it leaves longer runes to skipWordRunes.
func skipWord(s string, i int) int {
	for i < len(s) && spaceClass[s[i]] == asciiOther {
		i++
	}
	if i < len(s) && s[i] >= utf8.RuneSelf {
		return skipWordRunes(s, i)
	}
	return i
}

func skipWordRunes(s string, i int) int {
	for i < len(s) {
		switch spaceClass[s[i]] {
		case asciiOther:
			i++
		case asciiSpace:
			return i
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return i
			}
			i += n
		}
	}
	return i
}

// spaceClass sorts bytes for the white space scanners: ASCII white space
// as unicode.IsSpace has it, other ASCII, and the bytes of longer runes.
var spaceClass = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = nonASCII
		case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == ' ':
			t[c] = asciiSpace
		default:
			t[c] = asciiOther
		}
	}
	return t
}()

const (
	asciiOther = iota
	asciiSpace
	nonASCII
)
