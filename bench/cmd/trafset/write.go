package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/RadhiFadlillah/whatlanggo"
	"golang.org/x/net/html"
)

// caseLine is one line of cases.jsonl.
type caseLine struct {
	ID     string `json:"id"`
	URL    string `json:"url"`
	HTML   string `json:"html"`
	Expect expect `json:"expect"`
}

type expect struct {
	Title   *string  `json:"title,omitempty"`
	Author  *string  `json:"author,omitempty"`
	Date    *string  `json:"date,omitempty"`
	With    []string `json:"with,omitempty"`
	Without []string `json:"without,omitempty"`
	Lang    string   `json:"lang,omitempty"`
}

// writeDataset writes out/cases.jsonl and out/html/. It returns the number of
// cases written and of entries left out because their page is not shipped.
func writeDataset(ctx context.Context, src, out string, entries []entry) (int, int, error) {
	if err := os.MkdirAll(filepath.Join(out, "html"), 0o755); err != nil {
		return 0, 0, fmt.Errorf("write dataset: %w", err)
	}
	f, err := os.Create(filepath.Join(out, "cases.jsonl"))
	if err != nil {
		return 0, 0, fmt.Errorf("write dataset: %w", err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	ids := make(map[string]bool)
	n, missing := 0, 0
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return n, missing, err
		}
		if e.File == "" {
			missing++
			continue
		}
		page, err := readPage(src, e.File)
		if errors.Is(err, fs.ErrNotExist) {
			missing++
			continue
		}
		if err != nil {
			return n, missing, err
		}
		id := caseID(e.File, ids)
		rel := "html/" + id + ".html.gz"
		if err := writeGzip(filepath.Join(out, rel), page); err != nil {
			return n, missing, err
		}
		c := caseLine{ID: id, URL: e.URL, HTML: rel, Expect: expect{
			With: e.With, Without: e.Without, Lang: pageLang(page, e),
		}}
		if e.hasTitle && strings.TrimSpace(e.Title) != "" {
			c.Expect.Title = &e.Title
		}
		if e.hasDate && strings.TrimSpace(e.Date) != "" {
			c.Expect.Date = &e.Date
		}
		if e.hasAuth && len(e.Authors) > 0 {
			a := strings.Join(e.Authors, "; ")
			c.Expect.Author = &a
		}
		if err := enc.Encode(c); err != nil {
			return n, missing, fmt.Errorf("write dataset: %w", err)
		}
		n++
	}
	if err := w.Flush(); err != nil {
		return n, missing, fmt.Errorf("write dataset: %w", err)
	}
	return n, missing, f.Close()
}

// readPage finds a page where the set's own scripts look for it.
func readPage(src, file string) ([]byte, error) {
	var first error
	for _, sub := range []string{"comparison", "mock"} {
		b, err := os.ReadFile(filepath.Join(src, "test-files", sub, file))
		if err == nil {
			return b, nil
		}
		if first == nil {
			first = err
		}
	}
	return nil, first
}

// caseID makes a file-name-safe id from the page's file name, unique in ids.
func caseID(file string, ids map[string]bool) string {
	base := strings.TrimSuffix(strings.TrimSuffix(file, ".gz"), ".html")
	var b strings.Builder
	for _, r := range base {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	id := b.String()
	for i := 2; ids[id]; i++ {
		id = fmt.Sprintf("%s-%d", b.String(), i)
	}
	ids[id] = true
	return id
}

func writeGzip(name string, b []byte) error {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return os.WriteFile(name, buf.Bytes(), 0o644)
}

// pageLang is the primary subtag of <html lang>, or the language whatlanggo
// finds in the case's snippets and title when the page declares none.
func pageLang(page []byte, e entry) string {
	z := html.NewTokenizer(bytes.NewReader(page))
	for i := 0; i < 200; i++ {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if string(name) != "html" {
			if string(name) == "head" || string(name) == "body" {
				break
			}
			continue
		}
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			if string(k) == "lang" || string(k) == "xml:lang" {
				l := strings.ToLower(strings.TrimSpace(string(v)))
				if i := strings.IndexAny(l, "-_"); i > 0 {
					l = l[:i]
				}
				if len(l) == 2 || len(l) == 3 {
					return l
				}
			}
		}
		break
	}
	text := e.Title + " " + strings.Join(e.With, " ") + " " + strings.Join(e.Without, " ")
	info := whatlanggo.Detect(text)
	if info.Lang == -1 {
		return ""
	}
	return whatlanggo.LangToStringShort(info.Lang)
}
