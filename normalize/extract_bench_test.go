package normalize

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// benchPage is one page of BenchmarkExtract.
type benchPage struct {
	url  string
	body []byte
}

// generatedPages are the pages of testdata/bench, as scripts/gensite
// serves them: three articles, then a listing and the home page.
func generatedPages(tb testing.TB) []benchPage {
	tb.Helper()
	pages := []struct{ name, url string }{
		{"article-0.html", "http://127.0.0.1:18200/a/2015/01/union-he-more-data-0/"},
		{"article-1233.html", "http://127.0.0.1:18200/a/2018/04/by-new-made-loan-1233/"},
		{"article-2499.html", "http://127.0.0.1:18200/a/2024/10/when-his-not-that-2499/"},
		{"list-3.html", "http://127.0.0.1:18200/list/3/"},
		{"home.html", "http://127.0.0.1:18200/"},
	}
	var out []benchPage
	for _, p := range pages {
		raw, err := os.ReadFile(filepath.Join("testdata", "bench", p.name))
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, benchPage{p.url, raw})
	}
	return out
}

// evalPages is every step-th page of the evaluation datasets beside the
// repository ($INGEST_EVAL_DIR, else ../shared/eval), or nil when they are
// not there.
func evalPages(tb testing.TB, step int) []benchPage {
	tb.Helper()
	root := os.Getenv("INGEST_EVAL_DIR")
	if root == "" {
		root = filepath.Join("..", "..", "shared", "eval")
	}
	var out []benchPage
	for _, ds := range []string{"aeb", "wcxb-dev", "readability"} {
		f, err := os.Open(filepath.Join(root, ds, "cases.jsonl"))
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 64<<20)
		for i := 0; sc.Scan(); i++ {
			if i%step != 0 {
				continue
			}
			var c struct {
				URL  string `json:"url"`
				HTML string `json:"html"`
			}
			if json.Unmarshal(sc.Bytes(), &c) != nil {
				continue
			}
			body, err := gunzipFile(filepath.Join(root, ds, c.HTML))
			if err != nil {
				continue
			}
			out = append(out, benchPage{c.URL, body})
		}
		f.Close()
	}
	return out
}

func gunzipFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// BenchmarkExtract measures Extract as a crawl runs it, facts included, on
// generated news pages and on a sample of the evaluation pages when they
// are present.
func BenchmarkExtract(b *testing.B) {
	run := func(b *testing.B, pages []benchPage) {
		if len(pages) == 0 {
			b.Skip("no pages")
		}
		n := 0
		for _, p := range pages {
			n += len(p.body)
		}
		b.SetBytes(int64(n))
		b.ReportAllocs()
		ctx := context.Background()
		for b.Loop() {
			for _, p := range pages {
				if _, err := Extract(ctx, Input{URL: p.url, Body: p.body}, Options{Facts: true}); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	gen := generatedPages(b)
	b.Run("article", func(b *testing.B) { run(b, gen[:3]) })
	b.Run("listing", func(b *testing.B) { run(b, gen[3:]) })
	b.Run("eval", func(b *testing.B) { run(b, evalPages(b, 8)) })
}

// BenchmarkReadAuthors measures reading names from bylines and author
// fields as pages print them.
func BenchmarkReadAuthors(b *testing.B) {
	bylines := []string{"By Anna Petrova, 2015-01-01", "Anna Petrova", "By Jane Doe and John Roe | Updated May 3, 2023",
		"Posted on 3 May 2023 by Jane Doe", "Jane Doe, MD, FACP", "Dr. Jane Doe, Senior Editor at Example News",
		"von Max Mustermann", "Jane Doe\nStaff Writer", "jane.doe@example.com", "Written by: Kwame Mensah · 5 min read"}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range bylines {
			cleanAuthors(s)
			cleanAuthorField(s)
		}
	}
}

// BenchmarkParseDate measures finding a date in the texts of bylines and
// datelines.
func BenchmarkParseDate(b *testing.B) {
	texts := []string{"By Anna Petrova, 2015-01-01", "2015-01-01", "Anna Petrova", "Published September 14, 2023 at 9:30 am EDT",
		"14. September 2023", "Updated 3 hours ago", "13/09/2023", "2023年9月13日"}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range texts {
			parseDate(s, farFuture, false)
		}
	}
}

// BenchmarkExtractParallel is BenchmarkExtract/article on every core, as
// a crawl's extraction workers run it.
func BenchmarkExtractParallel(b *testing.B) {
	pages := generatedPages(b)[:3]
	b.ReportAllocs()
	ctx := context.Background()
	b.RunParallel(func(pb *testing.PB) {
		for i := 0; pb.Next(); i++ {
			p := pages[i%len(pages)]
			if _, err := Extract(ctx, Input{URL: p.url, Body: p.body}, Options{Facts: true}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
