package eval

import (
	"maps"
	"testing"
)

// Expected values are mdscore.py's (parts and the hygiene counts).

func TestParseMarkdown(t *testing.T) {
	md := "# Title\n\nText\n\n## Sub ##\n\n#\nNext line\n#NoSpace\n\n" +
		"- item *one*\n- item `two`\n* [link](http://x.org/a/)\n1. first\n١. arabic\n12) twelve\n" +
		"![img](pic.png) [rel](../r) [t](/p \"title\")\n\n" +
		"| a | b |\n|---|:--:|\n| **c** | [d](e) |\n\n" +
		"```\n# fenced\n- fenced\n```\n"
	got := parseMarkdown(md, "https://example.com/dir/page.html")
	want := mdParts{
		// "#" alone on a line takes the next line: Python's \s crosses lines.
		headings:   map[string]int{"title": 1, "sub": 1, "next line": 1},
		listItems:  map[string]int{"item one": 1, "item two": 1, "link": 1, "first": 1, "arabic": 1, "twelve": 1},
		links:      map[string]int{"http://x.org/a": 1, "https://example.com/r": 1, "https://example.com/p": 1, "https://example.com/dir/e": 1},
		tableCells: map[string]int{"a": 1, "b": 1, "c": 1, "d": 1},
	}
	for _, c := range []struct {
		name      string
		got, want map[string]int
	}{
		{"headings", got.headings, want.headings},
		{"list items", got.listItems, want.listItems},
		{"links", got.links, want.links},
		{"table cells", got.tableCells, want.tableCells},
	} {
		if !maps.Equal(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestMarkdownHygiene(t *testing.T) {
	tests := []struct {
		name     string
		md       string
		rel, raw int
	}{
		{"tags, case-folded as Python does", "<div class=\"x\">raw</div> <SPAN>x</SPAN> <İmg src=a> <ſection> <p> <pre> <a\nhref=x> <table", 0, 8},
		{"code spans and fences", "`<div>` and ``<span>`` ```\n<p>fenced</p>\n```\n<p>", 0, 2},
		{"links", "![img](pic.png) [rel](../a/b) [frag](#x) [mail](mailto:a@b) [empty]() [abs](http://x.org/(y)) [t](/p \"t\") ](x y) ](tel:1) ](HTTP://X)", 5, 0},
		{"word boundary after the name", "<divé> <p\u0301> <font> <a_b> </a>", 0, 3},
		{"a tag runs to the first >", "<div <p>", 0, 1},
		{"no closing bracket", "<div <p", 0, 0},
		{"empty", "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rel, raw := mdHygiene(tt.md)
			if rel != tt.rel || raw != tt.raw {
				t.Errorf("mdHygiene(%q) = %d, %d, want %d, %d", tt.md, rel, raw, tt.rel, tt.raw)
			}
		})
	}
}

func TestMultisetF1(t *testing.T) {
	tests := []struct {
		want, got map[string]int
		f1        float64
		ok        bool
	}{
		{nil, nil, 0, false},
		{map[string]int{"a": 1}, nil, 0, true},
		{map[string]int{"a": 2, "b": 1}, map[string]int{"a": 1, "c": 1}, 0.4, true},
		{map[string]int{"a": 1}, map[string]int{"a": 1}, 1, true},
	}
	for _, tt := range tests {
		f, ok := multisetF1(tt.want, tt.got)
		if f != tt.f1 || ok != tt.ok {
			t.Errorf("multisetF1(%v, %v) = %v, %v, want %v, %v", tt.want, tt.got, f, ok, tt.f1, tt.ok)
		}
	}
}
