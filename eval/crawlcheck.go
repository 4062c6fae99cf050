package eval

import (
	"net/url"
	"strings"
)

// Post is one post of a site's truth, as in the truth.jsonl files of the
// evaluation sites.
type Post struct {
	Path    string   `json:"path"`
	Title   string   `json:"title"`
	Authors []string `json:"authors"`
	Date    string   `json:"date"`
	Text    string   `json:"text"`
}

// CrawlRecord is what the crawl check reads of an exported record.
type CrawlRecord struct {
	URL       string   `json:"url"`
	Aliases   []string `json:"aliases"`
	Title     string   `json:"title"`
	Authors   []string `json:"authors"`
	Published string   `json:"published"`
	Text      string   `json:"text"`
	Markdown  string   `json:"markdown"`
}

// CrawlScores are crawlcheck.py's figures for a crawl of a site.
type CrawlScores struct {
	Truth, Records, Duplicates, NonArticles int
	Recall, Precision                       float64
	// Title, Author and Date are shares of the matched posts whose truth
	// has the field; AuthorWrong the share of matched posts whose record
	// names authors the truth does not; WordF1 the mean over matched posts
	// with a text.
	Title, Author, Date, AuthorWrong, WordF1 float64
}

// crawlPath is crawlcheck.py's path_of, lower-cased: the URL's unescaped
// path with one trailing slash.
func crawlPath(u string) string {
	p := "/"
	if pu, err := url.Parse(u); err == nil && pu.Path != "" {
		p = pu.Path
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return strings.ToLower(p)
}

// CheckCrawl scores exported records against a site's posts as
// crawlcheck.py does: a record matches a post when its URL or an alias has
// the post's path; a second record for a post is a duplicate, a record for
// no post a non-article.
func CheckCrawl(truth []Post, recs []CrawlRecord) CrawlScores {
	want := map[string]Post{}
	for _, p := range truth {
		want[crawlPath(p.Path)] = p
	}
	s := CrawlScores{Truth: len(want), Records: len(recs)}
	hit := map[string]CrawlRecord{}
	for _, r := range recs {
		key := ""
		for _, u := range append([]string{r.URL}, r.Aliases...) {
			if k := crawlPath(u); want[k].Path != "" {
				key = k
				break
			}
		}
		switch _, seen := hit[key]; {
		case key == "":
			s.NonArticles++
		case seen:
			s.Duplicates++
		default:
			hit[key] = r
		}
	}
	if s.Truth > 0 {
		s.Recall = float64(len(hit)) / float64(s.Truth)
	}
	if s.Records > 0 {
		s.Precision = float64(len(hit)) / float64(s.Records)
	}
	var titleN, titleOK, authorN, authorOK, dateN, dateOK, wrong, textN int
	var f1 float64
	for k, r := range hit {
		p := want[k]
		if p.Title != "" {
			titleN++
			titleOK += b2i(normTitle(p.Title) == normTitle(r.Title))
		}
		joined := strings.Join(p.Authors, "; ")
		if len(p.Authors) > 0 {
			authorN++
			authorOK += b2i(authorsMatch(joined, r.Authors))
		}
		if len(r.Authors) > 0 && !sameAuthors(joined, r.Authors) {
			wrong++
		}
		if p.Date != "" {
			dateN++
			w, _ := normDate(p.Date)
			g, _ := normDate(r.Published)
			dateOK += b2i(w == g)
		}
		if p.Text != "" {
			textN++
			bag, n := bagOfWords(p.Text)
			got := r.Text
			if got == "" {
				got = r.Markdown
			}
			f1 += wordF1(bag, n, got)
		}
	}
	s.Title, s.Author, s.Date = share(titleOK, titleN), share(authorOK, authorN), share(dateOK, dateN)
	s.AuthorWrong, s.WordF1 = share(wrong, len(hit)), 0
	if textN > 0 {
		s.WordF1 = f1 / float64(textN)
	}
	return s
}

// sameAuthors is crawlcheck.py's author test: the normalised sets are
// equal, an empty truth included.
func sameAuthors(want string, got []string) bool {
	w, g := normAuthors(want), normAuthors(strings.Join(got, "; "))
	if len(w) != len(g) {
		return false
	}
	for i := range w {
		if w[i] != g[i] {
			return false
		}
	}
	return true
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
