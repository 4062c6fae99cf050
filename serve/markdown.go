package serve

import (
	"bytes"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// markdown renders a record's body. goldmark runs without its unsafe
// option, so raw HTML in the Markdown is dropped and javascript: links
// are not linked; bluemonday's policy for user content then removes
// anything else that could run or restyle the page (script, event
// handlers, style, iframes, forms). Both are safe for concurrent use.
var (
	markdown  = goldmark.New(goldmark.WithExtensions(extension.GFM))
	sanitizer = bluemonday.UGCPolicy()
)

// renderMarkdown turns Markdown into sanitised HTML.
func renderMarkdown(md string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(md), &buf); err != nil {
		return "", err
	}
	return template.HTML(sanitizer.SanitizeBytes(buf.Bytes())), nil
}
