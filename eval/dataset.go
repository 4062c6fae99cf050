package eval

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// MaxHTMLSize bounds a decompressed saved page, so a corrupt or hostile
// archive cannot exhaust memory.
const MaxHTMLSize = 64 << 20

// htmlLimit is MaxHTMLSize; tests lower it.
var htmlLimit int64 = MaxHTMLSize

// maxCaseLine bounds one line of cases.jsonl (a case carries the whole
// expected body and Markdown of its page).
const maxCaseLine = 64 << 20

// Dataset is an evaluation set: the cases of one folder, in file order.
// The expectations are held in memory; the pages are read on demand by
// Case.HTML. A Dataset is read-only after LoadDataset and safe for
// concurrent use.
type Dataset struct {
	// Dir is the folder the dataset was loaded from.
	Dir   string
	Cases []*Case
}

// Case is one page of a dataset with its ground truth.
type Case struct {
	ID  string `json:"id"`
	URL string `json:"url"`
	// HTMLPath is the gzip-compressed saved page, relative to the dataset
	// folder.
	HTMLPath string `json:"html"`
	Expect   Expect `json:"expect"`

	dir string
}

// Expect is the ground truth of a case. A nil pointer or slice means the
// dataset does not give that field, and the page is left out of the metric;
// an empty string is a given (and unmatchable) value.
type Expect struct {
	Title *string `json:"title,omitempty"`
	// Author is one string; several names are separated by ";" or ",".
	Author *string `json:"author,omitempty"`
	// Date is the publication date, "YYYY-MM-DD" optionally followed by a time.
	Date *string `json:"date,omitempty"`
	// Body is the main content as plain text.
	Body *string `json:"body,omitempty"`
	// Markdown is the main content as Markdown.
	Markdown *string `json:"markdown,omitempty"`
	// With holds snippets the extracted text must contain, Without snippets
	// it must not.
	With     []string `json:"with,omitempty"`
	Without  []string `json:"without,omitempty"`
	PageType string   `json:"page_type,omitempty"`
	Lang     string   `json:"lang,omitempty"`
}

// LoadDataset reads dir/cases.jsonl. It checks that every case has a
// unique id and an html path, but opens no page.
func LoadDataset(dir string) (*Dataset, error) {
	name := filepath.Join(dir, "cases.jsonl")
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("eval: load dataset: %w", err)
	}
	defer f.Close()
	ds := &Dataset{Dir: dir}
	seen := make(map[string]bool)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), maxCaseLine)
	for line := 1; sc.Scan(); line++ {
		b := sc.Bytes()
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		c := &Case{dir: dir}
		if err := json.Unmarshal(b, c); err != nil {
			return nil, fmt.Errorf("eval: load dataset: %s:%d: %w: %w", name, line, ErrDataset, err)
		}
		switch {
		case c.ID == "":
			return nil, fmt.Errorf("eval: load dataset: %s:%d: %w: case without id", name, line, ErrDataset)
		case seen[c.ID]:
			return nil, fmt.Errorf("eval: load dataset: %s:%d: %w: duplicate id %q", name, line, ErrDataset, c.ID)
		case c.HTMLPath == "":
			return nil, fmt.Errorf("eval: load dataset: %s:%d: %w: case %s has no html", name, line, ErrDataset, c.ID)
		}
		seen[c.ID] = true
		ds.Cases = append(ds.Cases, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: load dataset: %s: %w", name, err)
	}
	return ds, nil
}

// Select returns the cases whose ground truth has the given page type, or
// all cases when pageType is "".
func (d *Dataset) Select(pageType string) []*Case {
	if pageType == "" {
		return d.Cases
	}
	var out []*Case
	for _, c := range d.Cases {
		if c.Expect.PageType == pageType {
			out = append(out, c)
		}
	}
	return out
}

// PageURL is the address to extract the case with: its URL, or a
// placeholder under http://localhost/ for the few saved pages that lost
// theirs, since an extractor needs an absolute address to resolve links.
// Scoring always uses URL, as the reference scorers do.
func (c *Case) PageURL() string {
	if c.URL == "" {
		return "http://localhost/" + c.ID
	}
	return c.URL
}

// HTML reads and decompresses the saved page, as the site served it (no
// charset decoding). Each call reads the file again; nothing is cached.
func (c *Case) HTML() ([]byte, error) {
	name := filepath.Join(c.dir, filepath.FromSlash(c.HTMLPath))
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("eval: case %s: %w", c.ID, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("eval: case %s: gunzip %s: %w", c.ID, name, err)
	}
	defer zr.Close()
	b, err := io.ReadAll(io.LimitReader(zr, htmlLimit+1))
	if err != nil {
		return nil, fmt.Errorf("eval: case %s: gunzip %s: %w", c.ID, name, err)
	}
	if int64(len(b)) > htmlLimit {
		return nil, fmt.Errorf("eval: case %s: %s: %w (over %d bytes)", c.ID, name, ErrTooLarge, htmlLimit)
	}
	return b, nil
}
