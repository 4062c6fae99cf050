package normalize

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

func init() {
	// Other golden tests of the package may define -update already.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files with the current output")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// goldenNow is the clock the golden pages are read with.
var goldenNow = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)

// TestMetadata reads every page under testdata/metadata and compares the
// metadata found with the JSON file of the same name. Each page shows one
// rule; its first line says which. Run with -update to rewrite the JSON.
func TestMetadata(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join("testdata", "metadata", "*.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no golden pages: %v", err)
	}
	for _, page := range pages {
		name := strings.TrimSuffix(filepath.Base(page), ".html")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(page)
			if err != nil {
				t.Fatal(err)
			}
			got := metadataFor(t, raw, pageURLFor(raw))
			b, _ := json.MarshalIndent(got, "", "  ")
			b = append(b, '\n')
			golden := strings.TrimSuffix(page, ".html") + ".json"
			if updating() {
				if err := os.WriteFile(golden, b, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if !bytes.Equal(b, want) {
				t.Errorf("metadata differs from %s\ngot:\n%s\nwant:\n%s", golden, b, want)
			}
		})
	}
}

// pageURLFor reads the page's address from a leading
// <!-- url: https://… --> comment; pages without one live at example.com.
func pageURLFor(raw []byte) string {
	const marker = "<!-- url: "
	if i := bytes.Index(raw, []byte(marker)); i >= 0 {
		rest := raw[i+len(marker):]
		if j := bytes.Index(rest, []byte(" -->")); j >= 0 {
			return string(rest[:j])
		}
	}
	return "https://www.example.com/articles/story"
}

func metadataFor(t testing.TB, raw []byte, pageURL string) metadata {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		t.Fatal(err)
	}
	return extractMetadataAt(doc, base, goldenNow)
}

func TestExtractMetadataLeavesDocument(t *testing.T) {
	raw := []byte(`<html><head><title>T | S</title><meta property="og:site_name" content="S"></head><body><h1>T</h1><p class="byline">By Jane Doe</p></body></html>`)
	doc, _ := goquery.NewDocumentFromReader(bytes.NewReader(raw))
	before, _ := doc.Html()
	base, _ := url.Parse("https://example.com/a")
	m := extractMetadata(doc, base)
	after, _ := doc.Html()
	if before != after {
		t.Error("extractMetadata modified the document")
	}
	if m.Title != "T" || len(m.Authors) != 1 || m.Authors[0] != "Jane Doe" {
		t.Errorf("got %+v", m)
	}
}

func BenchmarkExtractMetadata(b *testing.B) {
	pages, _ := filepath.Glob(filepath.Join("testdata", "metadata", "*.html"))
	var docs []*goquery.Document
	for _, p := range pages {
		raw, _ := os.ReadFile(p)
		doc, _ := goquery.NewDocumentFromReader(bytes.NewReader(raw))
		docs = append(docs, doc)
	}
	base, _ := url.Parse("https://www.example.com/2023/09/14/story")
	for b.Loop() {
		for _, d := range docs {
			extractMetadataAt(d, base, goldenNow)
		}
	}
}

func TestWordSet(t *testing.T) {
	ws := newWordSet("comment", "read-more", "menu", "", "§")
	for s, want := range map[string]bool{
		"post-comments": true, "btn read-more": true, "main-menu": true, "": false, "m": false,
		"commentary-x": true, "read-mor": false, "article body": false, "MENU": false, "a § b": true,
	} {
		if got := ws.in(s); got != want {
			t.Errorf("in(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestWordIndexFlags(t *testing.T) {
	var x wordIndex
	x.add([]string{"nav", "menu"}, 1)
	x.add([]string{"menu", "x"}, 2)
	for s, want := range map[string]uint8{"": 0, "main-nav": 1, "menu": 3, "box": 2, "article": 0} {
		if got := x.flags(s, 0xff); got != want {
			t.Errorf("flags(%q) = %d, want %d", s, got, want)
		}
	}
}
