package main

import (
	"bufio"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ingest-archive/ingest/internal/testsite"
	"github.com/ingest-archive/ingest/normalize"
)

// siteScores are crawlcheck.py's figures, computed the same way: records
// match posts by the path of their URL or an alias.
type siteScores struct {
	recall, precision, title, authors, date, authorWrong, wordF1 float64
	duplicates                                                   int
}

// TestTestSitesMeetTargets crawls each test site end to end, site model
// included, and checks the targets of the site model against the posts'
// front matter and text.
func TestTestSitesMeetTargets(t *testing.T) {
	for _, name := range []string{"community", "thinktank", "newswire"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			site, err := testsite.Load(filepath.Join("..", "..", "testdata", "sites", name))
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(site.Handler())
			defer srv.Close()
			dir := t.TempDir()
			db, out := filepath.Join(dir, "a.db"), filepath.Join(dir, "a.jsonl")
			if code, _, stderr := runCLI(t, "", "crawl", "--db", db, "--rate", "0", "--log-level", "error", srv.URL+"/"); code != 0 {
				t.Fatalf("crawl: exit %d: %s", code, stderr)
			}
			if code, _, stderr := runCLI(t, "", "export", "--db", db, "--format", "jsonl", "--out", out); code != 0 {
				t.Fatalf("export: exit %d: %s", code, stderr)
			}
			s := scoreSite(t, site.Truth(), out)
			t.Logf("%s: %+v", name, s)
			for _, c := range []struct {
				what      string
				got, want float64
			}{
				{"recall", s.recall, 0.98}, {"precision", s.precision, 0.98}, {"title", s.title, 0.98},
				{"date", s.date, 0.98}, {"authors", s.authors, 0.95}, {"word F1", s.wordF1, 0.95},
			} {
				if c.got < c.want {
					t.Errorf("%s = %.3f, want at least %.2f", c.what, c.got, c.want)
				}
			}
			if s.authorWrong > 0.02 || s.duplicates > 0 {
				t.Errorf("author_wrong = %.3f (at most 0.02), duplicates = %d (none)", s.authorWrong, s.duplicates)
			}
		})
	}
}

func pathKey(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.ToLower(strings.TrimSuffix(p.Path, "/")) + "/"
}

func scoreSite(t *testing.T, truth []testsite.TruthPost, export string) siteScores {
	t.Helper()
	want := map[string]testsite.TruthPost{}
	for _, p := range truth {
		want[pathKey("http://x"+p.Path)] = p
	}
	f, err := os.Open(export)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	hit := map[string]normalize.Record{}
	var s siteScores
	records := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var r normalize.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		records++
		for _, u := range append([]string{r.URL}, r.Aliases...) {
			if k := pathKey(u); want[k].Path != "" {
				if _, dup := hit[k]; dup {
					s.duplicates++
				} else {
					hit[k] = r
				}
				break
			}
		}
	}
	if records == 0 {
		t.Fatal("no records exported")
	}
	s.recall = float64(len(hit)) / float64(len(want))
	s.precision = float64(len(hit)) / float64(records)
	var titles, dates, named, authorsOK, wrong int
	var f1 float64
	for k, r := range hit {
		p := want[k]
		titles += b2i(fold(r.Title) == fold(p.Title))
		dates += b2i(len(r.Published) >= 10 && r.Published[:10] == p.Date)
		same := slices.Equal(foldAll(r.Authors), foldAll(p.Authors))
		if len(p.Authors) > 0 {
			named++
			authorsOK += b2i(same)
		}
		if len(r.Authors) > 0 && !same {
			wrong++
		}
		f1 += wordF1(p.Text, r.Text)
	}
	n := float64(len(hit))
	s.title, s.date, s.authorWrong, s.wordF1 = float64(titles)/n, float64(dates)/n, float64(wrong)/n, f1/n
	s.authors = float64(authorsOK) / float64(max(named, 1))
	return s
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func foldAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fold(s)
	}
	slices.Sort(out)
	return out
}

var wordRe = regexp.MustCompile(`\w+`)

// wordF1 is the F1 of the two texts' bags of lower-cased words.
func wordF1(want, got string) float64 {
	bag := func(s string) map[string]int {
		m := map[string]int{}
		for _, w := range wordRe.FindAllString(strings.ToLower(s), -1) {
			m[w]++
		}
		return m
	}
	a, b := bag(want), bag(got)
	common, na, nb := 0, 0, 0
	for w, c := range a {
		common += min(c, b[w])
		na += c
	}
	for _, c := range b {
		nb += c
	}
	if common == 0 {
		return 0
	}
	p, r := float64(common)/float64(nb), float64(common)/float64(na)
	return 2 * p * r / (p + r)
}
