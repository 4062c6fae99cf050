package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tidyMarkdown makes one pass over the converter's lines outside fenced
// code: it empties lines that hold only spaces (the converter indents the
// blank lines between the blocks of a list item) and tidies the escapes
// of each paragraph (see tidyLine).
func tidyMarkdown(md string) string {
	escapes := strings.Contains(md, `\`)
	lines := strings.Split(md, "\n")
	fence := ""
	start := 0 // first line of the current paragraph
	flush := func(end int) {
		if !escapes {
			return
		}
		tildes := 0
		for _, l := range lines[start:end] {
			if !isTableRow(l) {
				tildes += strings.Count(stripCodeSpans(l), "~")
			}
		}
		for i := start; i < end; i++ {
			lines[i] = tidyLine(lines[i], tildes == 1)
		}
	}
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
				start = i + 1
			}
			continue
		}
		switch {
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			flush(i)
			fence = t[:3]
		case t == "":
			lines[i] = ""
			flush(i)
		default:
			continue
		}
		start = i + 1
	}
	if fence == "" {
		flush(len(lines))
	}
	return strings.Join(lines, "\n")
}

func isTableRow(l string) bool {
	t := strings.TrimSpace(l)
	return strings.HasPrefix(t, "|") && strings.HasSuffix(t, "|")
}

// stripCodeSpans blanks out inline code so counts ignore it.
func stripCodeSpans(l string) string {
	var b strings.Builder
	for seg := range lineSegments(l) {
		if !seg.code {
			b.WriteString(seg.text)
		}
	}
	return b.String()
}

type segment struct {
	text string
	code bool
}

// lineSegments splits a line into text and code spans (a run of n
// backticks up to the next run of exactly n). An unclosed run is text.
func lineSegments(l string) func(func(segment) bool) {
	return func(yield func(segment) bool) {
		textStart := 0
		for i := 0; i < len(l); {
			if l[i] == '\\' && i+1 < len(l) {
				i += 2
				continue
			}
			if l[i] != '`' {
				i++
				continue
			}
			n := tickRun(l, i)
			end := closingTicks(l, i+n, n)
			if end < 0 {
				i += n
				continue
			}
			if !yield(segment{l[textStart:i], false}) || !yield(segment{l[i : end+n], true}) {
				return
			}
			i = end + n
			textStart = i
		}
		yield(segment{l[textStart:], false})
	}
}

// tickRun is the length of the run of backticks starting at i.
func tickRun(l string, i int) int {
	n := 0
	for i+n < len(l) && l[i+n] == '`' {
		n++
	}
	return n
}

// closingTicks finds the next run of exactly n backticks from position
// from, or -1.
func closingTicks(l string, from, n int) int {
	for j := from; j < len(l); {
		if l[j] != '`' {
			j++
			continue
		}
		k := tickRun(l, j)
		if k == n {
			return j
		}
		j += k
	}
	return -1
}

// tidyLine applies the escape rules to the text parts of one line, so the
// Markdown reads like text a person wrote and renders the same:
//
//   - "\_" between two letters or digits: an underscore inside a word never
//     opens or closes emphasis (haier_appliances, snake_case);
//   - "\#" after other text on the line: only a line-leading # is a heading
//     (table cells are inline, so "| \# of movers |" needs none either);
//   - "\~" when it is the only tilde of its paragraph (loneTilde) or table
//     cell: one tilde cannot pair into strikethrough (~45m, approx. ~5 %);
//   - "\[city]" when the brackets can be neither a link nor a reference;
//   - "\[text](" written as text: the "(" after a literal bracket pair is
//     escaped too, so no reader takes "](" for the start of a link target.
//
// Code spans are left alone.
func tidyLine(l string, loneTilde bool) string {
	if !strings.Contains(l, `\`) {
		return l
	}
	table := isTableRow(l)
	var b strings.Builder
	b.Grow(len(l))
	lineStart := true   // nothing but quote or list markers so far
	pad := 0            // backslashes dropped in the current table cell
	var brackets []bool // open "[": true when written as "\["
	for seg := range lineSegments(l) {
		if seg.code {
			b.WriteString(seg.text)
			lineStart = false
			continue
		}
		s := seg.text
		plain := plainBrackets(s)
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c == '\\' && i+1 < len(s) {
				next := s[i+1]
				keep := true
				switch next {
				case '_':
					keep = !(wordRuneBefore(b.String()) && wordRuneAfter(s[i+2:]))
				case '#':
					keep = lineStart
				case '~':
					keep = !(loneTilde || table && cellTildes(s, i) == 1)
				case '[':
					keep = !plain[i]
					brackets = append(brackets, keep)
				case ']':
					if plain[i] {
						keep = false
						if n := len(brackets); n > 0 {
							brackets = brackets[:n-1]
						}
					} else if n := len(brackets); n > 0 && brackets[n-1] {
						brackets = brackets[:n-1]
						if i+2 < len(s) && s[i+2] == '(' {
							b.WriteString(`\]\(`)
							i += 2
							lineStart = false
							continue
						}
					}
				}
				if keep {
					b.WriteByte('\\')
				} else if table {
					pad++
				}
				b.WriteByte(next)
				i++
				lineStart = false
				continue
			}
			switch c {
			case '|':
				// Keep the columns aligned: the cell gets back as many
				// spaces as it lost backslashes.
				b.WriteString(strings.Repeat(" ", pad))
				pad = 0
			case '[':
				brackets = append(brackets, false)
			case ']':
				if n := len(brackets); n > 0 {
					literal := brackets[n-1]
					brackets = brackets[:n-1]
					if literal && i+1 < len(s) && s[i+1] == '(' {
						b.WriteString(`]\(`)
						i++
						lineStart = false
						continue
					}
				}
			}
			b.WriteByte(c)
			if lineStart && !markerByte(c) {
				lineStart = false
			}
		}
	}
	return b.String()
}

// plainBrackets finds escaped bracket pairs that need no escape: "\[city]"
// or "\[1\]" holds no other bracket and is followed by none of "(", "[",
// ":" or a backslash, so it can be neither a link nor a reference, and with
// no link definitions in the document it renders as written. It returns the
// positions of the backslashes to drop.
func plainBrackets(s string) map[int]bool {
	var drop map[int]bool
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '\\' {
			continue
		}
		if s[i+1] != '[' {
			i++
			continue
		}
		closer, after := -1, 0
	scan:
		for j := i + 2; j < len(s); j++ {
			switch s[j] {
			case '\\':
				if j+1 < len(s) && s[j+1] == ']' {
					closer, after = j, j+2
					break scan
				}
				if j+1 < len(s) && s[j+1] == '[' {
					break scan
				}
				j++
			case '[':
				break scan
			case ']':
				closer, after = -2, j+1
				if after < len(s) && strings.IndexByte("([:\\", s[after]) >= 0 {
					break scan
				}
				if drop == nil {
					drop = make(map[int]bool)
				}
				drop[i] = true
				break scan
			}
		}
		if closer >= 0 && (after >= len(s) || strings.IndexByte("([:\\", s[after]) < 0) {
			if drop == nil {
				drop = make(map[int]bool)
			}
			drop[i], drop[closer] = true, true
		}
		i++
	}
	return drop
}

// markerByte reports bytes that may precede a heading's # on its line
// without text: indentation, quote markers and list markers.
func markerByte(c byte) bool {
	switch c {
	case ' ', '\t', '>', '-', '*', '+', '.', ')':
		return true
	}
	return c >= '0' && c <= '9'
}

// cellTildes counts the tildes of the table cell around position i.
func cellTildes(s string, i int) int {
	from := strings.LastIndexByte(s[:i], '|') + 1
	to := strings.IndexByte(s[i:], '|')
	if to < 0 {
		to = len(s)
	} else {
		to += i
	}
	return strings.Count(s[from:to], "~")
}

func wordRuneBefore(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func wordRuneAfter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}
