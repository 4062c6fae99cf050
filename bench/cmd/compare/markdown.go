package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
)

// peerMarkdown converts the peers' HTML output with html-to-markdown's
// stock plugins and default options: CommonMark, GFM tables and
// strikethrough. A Converter is safe for concurrent use.
var peerMarkdown = converter.NewConverter(converter.WithPlugins(
	base.NewBasePlugin(),
	commonmark.NewCommonmarkPlugin(),
	table.NewTablePlugin(),
	strikethrough.NewStrikethroughPlugin(),
))

var blankRuns = regexp.MustCompile(`\n{3,}`)

// toMarkdown converts a peer's content node, resolving relative links and
// images against the page URL; a nil node gives "".
func toMarkdown(ctx context.Context, n *html.Node, pageURL string) (string, error) {
	if n == nil {
		return "", nil
	}
	out, err := peerMarkdown.ConvertNode(n, converter.WithContext(ctx), converter.WithDomain(pageURL))
	if err != nil {
		return "", fmt.Errorf("markdown: %w", err)
	}
	md := blankRuns.ReplaceAllString(strings.TrimSpace(string(out)), "\n\n")
	if md == "" {
		return "", nil
	}
	return md + "\n", nil
}
