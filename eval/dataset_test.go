package eval

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testCase is a case for writeDataset: its page is "<html>" + ID + "</html>"
// unless HTML is set.
type testCase struct {
	ID     string
	HTML   string
	Expect map[string]any
}

// writeDataset writes a dataset folder with one gzip page per case.
func writeDataset(t testing.TB, cases []testCase) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "html"), 0o755); err != nil {
		t.Fatal(err)
	}
	var lines bytes.Buffer
	for _, c := range cases {
		page := c.HTML
		if page == "" {
			page = "<html>" + c.ID + "</html>"
		}
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write([]byte(page))
		zw.Close()
		rel := "html/" + c.ID + ".html.gz"
		if err := os.WriteFile(filepath.Join(dir, rel), gz.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		expect := c.Expect
		if expect == nil {
			expect = map[string]any{}
		}
		b, err := json.Marshal(map[string]any{"id": c.ID, "url": "https://example.com/" + c.ID, "html": rel, "expect": expect})
		if err != nil {
			t.Fatal(err)
		}
		lines.Write(b)
		lines.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(dir, "cases.jsonl"), lines.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestLoadDataset(t *testing.T) {
	dir := writeDataset(t, []testCase{
		{ID: "a", Expect: map[string]any{"title": "T", "author": "A", "date": "2020-01-02", "body": "b", "markdown": "# m",
			"with": []string{"x"}, "without": []string{}, "page_type": "article", "lang": "en"}},
		{ID: "b", Expect: map[string]any{"title": ""}},
	})
	ds, err := LoadDataset(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Cases) != 2 || ds.Dir != dir {
		t.Fatalf("got %d cases in %q", len(ds.Cases), ds.Dir)
	}
	a, b := ds.Cases[0].Expect, ds.Cases[1].Expect
	if *a.Title != "T" || *a.Author != "A" || *a.Date != "2020-01-02" || *a.Body != "b" || *a.Markdown != "# m" ||
		len(a.With) != 1 || a.Without == nil || a.PageType != "article" || a.Lang != "en" {
		t.Errorf("case a: %+v", a)
	}
	if b.Title == nil || *b.Title != "" || b.Author != nil || b.Body != nil || b.With != nil {
		t.Errorf("case b: a given empty title must be kept, absent fields nil: %+v", b)
	}
	if got := ds.Select("article"); len(got) != 1 || got[0].ID != "a" {
		t.Errorf("Select(article) = %v", got)
	}
	if got := ds.Select(""); len(got) != 2 {
		t.Errorf("Select(\"\") has %d cases", len(got))
	}
	html, err := ds.Cases[1].HTML()
	if err != nil || string(html) != "<html>b</html>" {
		t.Errorf("HTML() = %q, %v", html, err)
	}
}

func TestLoadDatasetErrors(t *testing.T) {
	tests := []struct {
		name, lines string
		want        error
	}{
		{"malformed line", "{\"id\": \"a\", \"html\": \"x\"}\n{nope\n", ErrDataset},
		{"no id", "{\"html\": \"x\"}\n", ErrDataset},
		{"duplicate id", "{\"id\": \"a\", \"html\": \"x\"}\n{\"id\": \"a\", \"html\": \"y\"}\n", ErrDataset},
		{"no html", "{\"id\": \"a\"}\n", ErrDataset},
		{"missing file", "", fs.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.lines != "" {
				if err := os.WriteFile(filepath.Join(dir, "cases.jsonl"), []byte(tt.lines), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := LoadDataset(dir)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "eval: load dataset: ") {
				t.Errorf("err %q lacks the stage prefix", err)
			}
		})
	}
}

func TestCaseHTMLErrors(t *testing.T) {
	dir := writeDataset(t, []testCase{{ID: "big", HTML: strings.Repeat("x", 2048)}, {ID: "plain"}, {ID: "gone"}})
	if err := os.WriteFile(filepath.Join(dir, "html", "plain.html.gz"), []byte("<html>not gzip</html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "html", "gone.html.gz")); err != nil {
		t.Fatal(err)
	}
	ds, err := LoadDataset(dir)
	if err != nil {
		t.Fatal(err)
	}
	old := htmlLimit
	htmlLimit = 1024
	defer func() { htmlLimit = old }()
	if _, err := ds.Cases[0].HTML(); !errors.Is(err, ErrTooLarge) {
		t.Errorf("big page: err = %v, want ErrTooLarge", err)
	}
	if _, err := ds.Cases[1].HTML(); !errors.Is(err, gzip.ErrHeader) {
		t.Errorf("plain page: err = %v, want gzip.ErrHeader", err)
	}
	if _, err := ds.Cases[2].HTML(); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing page: err = %v, want fs.ErrNotExist", err)
	}
}

func TestCasePageURL(t *testing.T) {
	for _, tt := range []struct {
		c    Case
		want string
	}{
		{Case{ID: "0001", URL: "https://example.org/a"}, "https://example.org/a"},
		{Case{ID: "0002"}, "http://localhost/0002"},
	} {
		if got := tt.c.PageURL(); got != tt.want {
			t.Errorf("PageURL(%+v) = %q, want %q", tt.c, got, tt.want)
		}
	}
}
