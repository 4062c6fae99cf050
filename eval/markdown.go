package eval

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// The Markdown scores follow mdscore.py. Its patterns are Python regular
// expressions; they are written here with Python's \s and \d spelled out
// (Go's are ASCII-only), and the two look-around assertions Go lacks are
// done by hand. Leftmost-first matching with lazy repetition picks the same
// matches as Python's backtracking engine.
var (
	mdFence    = regexp.MustCompile("(?s)```.*?```")
	mdCode     = regexp.MustCompile("(?s)```.*?```|`[^`]*`")
	mdHeading  = regexp.MustCompile(`(?m)\A#{1,6}[` + spaceClass + `]+(.+?)[` + spaceClass + `]*#*[` + spaceClass + `]*$`)
	mdListItem = regexp.MustCompile(`(?m)\A[` + spaceClass + `]*(?:[-*+]|\p{Nd}+[.)])[` + spaceClass + `]+(.+)$`)
	mdLink     = regexp.MustCompile(`\[[^\]]*\]\(([^` + spaceClass + `]+?)(?:[` + spaceClass + `]+"[^"]*")?\)`)
	mdRow      = regexp.MustCompile(`(?m)\A[` + spaceClass + `]*\|(.+)\|[` + spaceClass + `]*$`)
	mdDelim    = regexp.MustCompile(`^:?-{2,}:?$`)
	mdInline   = regexp.MustCompile("[*_`~]|\\[|\\]\\([^)]*\\)|\\]")
)

// findAllAtLineStarts is FindAllStringSubmatch for a multi-line pattern
// whose Python form starts with ^: such a match can only begin at a line
// start, so re is written with \A instead and tried at each line start
// from where the previous match ended. An anchored attempt fails fast,
// where an unanchored search would run the whole text through the
// automaton. When lead is not 0, a match must begin with that byte.
func findAllAtLineStarts(re *regexp.Regexp, s string, lead byte) [][]string {
	var out [][]string
	for pos := 0; pos < len(s); {
		if pos > 0 && s[pos-1] != '\n' {
			i := strings.IndexByte(s[pos:], '\n')
			if i < 0 {
				break
			}
			pos += i + 1
			continue
		}
		if lead != 0 && s[pos] != lead {
			pos++
			continue
		}
		m := re.FindStringSubmatchIndex(s[pos:])
		if m == nil {
			pos++
			continue
		}
		sub := make([]string, len(m)/2)
		for i := range sub {
			if m[2*i] >= 0 {
				sub[i] = s[pos+m[2*i] : pos+m[2*i+1]]
			}
		}
		out = append(out, sub)
		pos += max(m[1], 1)
	}
	return out
}

// mdNorm is mdscore.py's norm: emphasis, code and link syntax removed,
// whitespace folded, case folded.
func mdNorm(s string) string {
	return casefold(collapseSpace(mdInline.ReplaceAllLiteralString(s, "")))
}

// mdParts holds the multisets mdscore.py compares.
type mdParts struct {
	headings, listItems, links, tableCells map[string]int
}

// parseMarkdown is mdscore.py's parts: headings, list items, link targets
// resolved against base (trailing slashes dropped) and table cells, outside
// fenced code.
func parseMarkdown(md, base string) mdParts {
	md = mdFence.ReplaceAllLiteralString(md, "")
	p := mdParts{
		headings:   map[string]int{},
		listItems:  map[string]int{},
		links:      map[string]int{},
		tableCells: map[string]int{},
	}
	for _, m := range findAllAtLineStarts(mdHeading, md, '#') {
		p.headings[mdNorm(m[1])]++
	}
	for _, m := range findAllAtLineStarts(mdListItem, md, 0) {
		p.listItems[mdNorm(m[1])]++
	}
	// (?<!!)\[...]: a match preceded by "!" is an image; the search goes on
	// from the next character, as Python's would.
	for pos := 0; pos < len(md); {
		loc := mdLink.FindStringSubmatchIndex(md[pos:])
		if loc == nil {
			break
		}
		start, end := pos+loc[0], pos+loc[1]
		if start > 0 && md[start-1] == '!' {
			pos = start + 1
			continue
		}
		target := md[pos+loc[2] : pos+loc[3]]
		p.links[strings.TrimRight(urljoin(base, target), "/")]++
		pos = end
	}
	for _, m := range findAllAtLineStarts(mdRow, md, 0) {
		for _, c := range strings.Split(m[1], "|") {
			if c = mdNorm(c); c != "" && !mdDelim.MatchString(c) {
				p.tableCells[c]++
			}
		}
	}
	return p
}

// multisetF1 is mdscore.py's f1: false when both sides are empty.
func multisetF1(want, got map[string]int) (float64, bool) {
	if len(want) == 0 && len(got) == 0 {
		return 0, false
	}
	o, nw, ng := 0, 0, 0
	for k, c := range want {
		o += min(c, got[k])
		nw += c
	}
	for _, c := range got {
		ng += c
	}
	if o == 0 {
		return 0, true
	}
	p, r := float64(o)/float64(ng), float64(o)/float64(nw)
	return 2 * p * r / (p + r), true
}

// relativeLinkPrefixes are the link targets mdscore.py accepts as absolute.
var relativeLinkPrefixes = []string{"https://", "http://", "mailto:", "#", "tel:"}

// mdHygiene counts, outside code, the links whose target is not absolute
// and the raw HTML tags left in a Markdown body.
func mdHygiene(md string) (relative, rawHTML int) {
	s := mdCode.ReplaceAllLiteralString(md, "")
	return countRelativeLinks(s), countRawTags(s)
}

// countRelativeLinks counts \]\((?!https?://|mailto:|#|tel:)[^)]+\).
func countRelativeLinks(s string) int {
	n := 0
	for i := 0; ; {
		j := strings.Index(s[i:], "](")
		if j < 0 {
			return n
		}
		j += i
		rest := s[j+2:]
		k := strings.IndexByte(rest, ')')
		if k < 0 {
			return n // no ")" left, so no later match either
		}
		abs := false
		for _, p := range relativeLinkPrefixes {
			if strings.HasPrefix(rest, p) {
				abs = true
				break
			}
		}
		if abs || k == 0 {
			i = j + 1
			continue
		}
		n++
		i = j + 2 + k + 1
	}
}

// rawTags are the HTML elements mdscore.py counts when left in Markdown.
var rawTags = []string{"div", "span", "p", "a", "img", "table", "script", "style", "iframe", "section", "font"}

// countRawTags counts
// </?(?:div|span|p|a|img|table|script|style|iframe|section|font)\b[^>]*>
// matched case-insensitively as Python does, where "İ" and "ı" match "i"
// and "ſ" matches "s".
func countRawTags(s string) int {
	n := 0
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			return n
		}
		j += i
		pos := j + 1
		if pos < len(s) && s[pos] == '/' {
			pos++
		}
		end, name := pos, make([]rune, 0, len("section"))
		for end < len(s) {
			r, size := utf8.DecodeRuneInString(s[end:])
			if !isWord(r) {
				break
			}
			name = append(name, r)
			end += size
			if len(name) > len("section") {
				break // longer than any tag: not one
			}
		}
		if isRawTag(name) && (end == len(s) || !startsWithWord(s[end:])) {
			if k := strings.IndexByte(s[end:], '>'); k >= 0 {
				n++
				i = end + k + 1
				continue
			}
		}
		i = j + 1
	}
}

func startsWithWord(s string) bool {
	for _, r := range s {
		return isWord(r)
	}
	return false
}

// isRawTag reports whether name is one of rawTags under Python's
// case-insensitive matching.
func isRawTag(name []rune) bool {
	for _, t := range rawTags {
		if len(name) != len(t) {
			continue
		}
		ok := true
		for i, r := range name {
			if !letterFold(r, rune(t[i])) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// letterFold reports whether r matches the lower-case ASCII letter c under
// Python's re.IGNORECASE.
func letterFold(r, c rune) bool {
	switch {
	case r == c || r == c-'a'+'A':
		return true
	case c == 'i':
		return r == 0x130 || r == 0x131
	case c == 's':
		return r == 0x17f
	}
	return false
}
