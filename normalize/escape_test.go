package normalize

import (
	"strings"
	"testing"
	"unicode"
)

func TestTidyMarkdown(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"intraword underscore", `see haier\_appliances and snake\_case`, `see haier_appliances and snake_case`},
		{"underscore at word edge", `a \_word\_ here`, `a \_word\_ here`},
		{"hash after text", `issue \#42 is open`, `issue #42 is open`},
		{"hash at line start", `\# not a heading`, `\# not a heading`},
		{"hash after list marker", `- \# not a heading`, `- \# not a heading`},
		{"lone tilde", `costs fell \~5% this year`, `costs fell ~5% this year`},
		{"two tildes in a paragraph", "from \\~5%\nto \\~9%", "from \\~5%\nto \\~9%"},
		{"tildes in separate paragraphs", "from \\~5%\n\nto \\~9%", "from ~5%\n\nto ~9%"},
		{"literal link syntax", `text \[site](page.html) more`, `text \[site]\(page.html) more`},
		{"literal brackets escaped both", `text \[site\](page.html)`, `text \[site\]\(page.html)`},
		{"real link untouched", `a [real](https://example.org/x_y) link`, `a [real](https://example.org/x_y) link`},
		{"link inside literal brackets", `\[see [this](https://example.org/)]`, `\[see [this](https://example.org/)]`},
		{"plain brackets", `in \[city] and \[1\] and \[…]`, `in [city] and [1] and […]`},
		{"brackets before a paren", `\[a] (b) and \[c](d)`, `[a] (b) and \[c]\(d)`},
		{"brackets that could define", `\[a]: b`, `\[a]: b`},
		{"brackets in link text", `[\[email protected\]](https://example.org/)`, `[[email protected]](https://example.org/)`},
		{"nested brackets stay", `\[a \[b\] c]`, `\[a [b] c]`},
		{"code span", "keep `a\\_b \\#c` as is", "keep `a\\_b \\#c` as is"},
		{"fenced code", "```\nx\\_y \\#z\n```\nafter\\_word", "```\nx\\_y \\#z\n```\nafter_word"},
		{"table cell padding", "| \\# of staff | \\~40 |\n|---|---|", "| # of staff  | ~40  |\n|---|---|"},
		{"no backslash", "plain text", "plain text"},
		{"blank lines emptied", "- item\n   \n  more", "- item\n\n  more"},
		{"blank lines in code kept", "```\na\n  \nb\n```", "```\na\n  \nb\n```"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tidyMarkdown(tt.in); got != tt.want {
				t.Errorf("tidyMarkdown(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzTidyMarkdown checks that the pass never panics, is idempotent and only
// ever changes backslashes, the spaces that keep tables aligned and the
// white space of blank lines.
func FuzzTidyMarkdown(f *testing.F) {
	for _, s := range []string{"a\\_b", "| \\# x |", "\\[a](b)", "```\n\\_\n", "`\\_` \\~", "\\", "x\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := tidyMarkdown(s)
		if twice := tidyMarkdown(once); twice != once {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, once, twice)
		}
		strip := func(x string) string {
			return strings.Map(func(r rune) rune {
				if r == '\\' || unicode.IsSpace(r) {
					return -1
				}
				return r
			}, x)
		}
		if strip(once) != strip(s) {
			t.Fatalf("changed more than backslashes and white space: %q -> %q", s, once)
		}
	})
}
