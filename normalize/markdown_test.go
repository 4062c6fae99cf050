package normalize

import (
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var update = flag.Bool("update", false, "rewrite golden files with the current output")

// goldenMarkdownTitle is the record title the fragments are rendered with.
const goldenMarkdownTitle = "The Article Title"

// TestMarkdownGolden renders every testdata/markdown/*.in.html fragment as a
// body of https://example.org/news/story.html and compares with *.out.md.
func TestMarkdownGolden(t *testing.T) {
	ins, err := filepath.Glob("../testdata/markdown/*.in.html")
	if err != nil || len(ins) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	page, _ := url.Parse("https://example.org/news/story.html")
	for _, in := range ins {
		name := strings.TrimSuffix(filepath.Base(in), ".in.html")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			got := toMarkdown(parseFragment(t, string(raw)), page, goldenMarkdownTitle)
			out := strings.TrimSuffix(in, ".in.html") + ".out.md"
			if *update {
				if err := os.WriteFile(out, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(out)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("markdown differs from %s\n--- got ---\n%s\n--- want ---\n%s", out, got, want)
			}
		})
	}
}

// TestMarkdownHygiene checks the invariants every golden output must hold,
// whatever its exact text: no relative links, no raw HTML, nothing
// executable.
func TestMarkdownHygiene(t *testing.T) {
	ins, _ := filepath.Glob("../testdata/markdown/*.in.html")
	page, _ := url.Parse("https://example.org/news/story.html")
	rel := regexp.MustCompile(`\]\((?:[^h#mt)]|h[^t]|t[^e])[^)]*\)`)
	rawHTML := regexp.MustCompile(`(?i)</?(?:div|span|p|a|img|table|script|style|iframe|section|font|form|object)\b[^>]*>`)
	for _, in := range ins {
		raw, _ := os.ReadFile(in)
		md := toMarkdown(parseFragment(t, string(raw)), page, goldenMarkdownTitle)
		codeFree := regexp.MustCompile("(?s)```.*?```|`[^`]*`").ReplaceAllString(md, "")
		if m := rel.FindString(codeFree); m != "" {
			t.Errorf("%s: relative link %q", in, m)
		}
		if m := rawHTML.FindString(codeFree); m != "" {
			t.Errorf("%s: raw HTML %q", in, m)
		}
		for _, bad := range []string{"javascript:", "onclick", "onmouseover", "alert(", "steal()", "data:text"} {
			if strings.Contains(strings.ToLower(md), strings.ToLower(bad)) {
				t.Errorf("%s: %q survived", in, bad)
			}
		}
	}
}

func parseFragment(t testing.TB, s string) *html.Node {
	t.Helper()
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(s), ctx)
	if err != nil {
		t.Fatal(err)
	}
	div := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, n := range nodes {
		div.AppendChild(n)
	}
	return div
}
