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
// so, and otherwise builds the result in one allocation.
func collapseSpace(s string) string {
	clean, space := true, true // space: the last rune was white space, or none came yet
	for i := 0; i < len(s) && clean; {
		c := s[i]
		sp, size := false, 1
		if c < utf8.RuneSelf {
			sp = asciiSpace[c]
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			sp = unicode.IsSpace(r)
		}
		if sp && (space || c != ' ') {
			clean = false
		}
		space = sp
		i += size
	}
	if clean && (!space || s == "") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	start := -1 // where the current word starts
	for i := 0; i < len(s); {
		c := s[i]
		sp, size := false, 1
		if c < utf8.RuneSelf {
			sp = asciiSpace[c]
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			sp = unicode.IsSpace(r)
		}
		switch {
		case sp && start >= 0:
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s[start:i])
			start = -1
		case !sp && start < 0:
			start = i
		}
		i += size
	}
	if start >= 0 {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[start:])
	}
	return b.String()
}

// asciiSpace marks the ASCII runes unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}
