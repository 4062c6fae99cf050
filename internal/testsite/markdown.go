package testsite

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// newMarkdown returns the Markdown renderer of all sites: CommonMark plus
// GFM tables and strikethrough. Raw HTML in posts is not rendered.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
}

func renderMarkdown(md goldmark.Markdown, src string) (string, error) {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	return buf.String(), nil
}

// blockElements end a block of text: each becomes its own paragraph in
// plainText.
var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Ul: true, atom.Ol: true, atom.Li: true,
	atom.Blockquote: true, atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Hr: true,
	atom.Figure: true, atom.Figcaption: true, atom.Thead: true, atom.Tbody: true,
}

// plainText returns the text of an HTML fragment: whitespace folded, one
// block a paragraph, paragraphs separated by a blank line, images dropped.
func plainText(fragment string) (string, error) {
	nodes, err := html.ParseFragment(strings.NewReader(fragment), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return "", fmt.Errorf("parse rendered html: %w", err)
	}
	var blocks []string
	var cur strings.Builder
	flush := func() {
		if s := strings.Join(strings.Fields(cur.String()), " "); s != "" {
			blocks = append(blocks, s)
		}
		cur.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			if n.DataAtom == atom.Pre {
				flush()
				if s := strings.TrimRight(textOf(n), "\n"); s != "" {
					blocks = append(blocks, s)
				}
				return
			}
			if n.DataAtom == atom.Br {
				cur.WriteByte('\n')
			}
			if n.DataAtom == atom.Td || n.DataAtom == atom.Th {
				cur.WriteByte(' ')
			}
		}
		block := n.Type == html.ElementNode && blockElements[n.DataAtom]
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
	for _, n := range nodes {
		walk(n)
	}
	flush()
	return strings.Join(blocks, "\n\n"), nil
}

func textOf(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(textOf(c))
	}
	return b.String()
}

// excerpt is the first paragraph of text, cut at about words words.
func excerpt(text string, words int) string {
	first, _, _ := strings.Cut(text, "\n\n")
	f := strings.Fields(first)
	if len(f) <= words {
		return first
	}
	return strings.TrimRight(strings.Join(f[:words], " "), ",;:") + " …"
}
