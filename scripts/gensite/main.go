// Command gensite serves a generated news site on loopback for the crawl
// benchmark: a home page, listing pages of 100 articles each with rel=next
// links, n articles with the usual metadata (JSON-LD, Open Graph, author,
// date), navigation, a "most read" box and related links, robots.txt and a
// sitemap of every article (an index of sitemaps of 10,000 past that).
// Pages are made on request from the article number, so the site is the
// same on every run and costs no disk.
//
// It prints the site's root URL on stdout, then serves until it is killed.
//
//	gensite -n 10000 -addr 127.0.0.1:0
package main

import (
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

const (
	perList    = 100
	perSitemap = 10000
)

// pageStyle is the inline CSS every page carries, about 8 KB, so that pages
// weigh what real ones do around their text.
var pageStyle = func() string {
	var b strings.Builder
	b.WriteString("<style>\n")
	for i := range 120 {
		fmt.Fprintf(&b, ".c%d{margin:%dpx %dpx;padding:0 %dpx;color:#%06x;font:%dpx/1.4 serif}\n", i, i%9, i%7, i%5, i*99991%0xffffff, 12+i%6)
	}
	b.WriteString("</style>\n")
	return b.String()
}()

var words = strings.Fields(`the of and to in a is that for it as was with be by on not he this are or
his from at which but have an they you were her she there been one all we their has would when if
so no will more can said who what about out up them some could other into its than then only time
over new also most these two may first any like now people my made such over after years policy
council market housing transport energy water school hospital budget minister report data river
city region plan growth cost tax rent wage price trade court law vote party union bank loan rate
climate farm food health care worker service rail road bridge port harbour village county border`)

var sections = []string{"Politics", "Economy", "Housing", "Transport", "Energy", "Health", "Education",
	"Climate", "Justice", "Culture", "Science", "World"}

var authors = []string{"Anna Petrova", "Tomás Ruiz", "Maria Lindqvist", "Kwame Mensah", "Li Wei",
	"Sara Haddad", "John O'Neill", "Priya Raman", "Jonas Berg", "Elena Rossi", "Yuki Tanaka"}

func main() {
	n := flag.Int("n", 10000, "number of articles")
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("http://%s/\n", ln.Addr())
	os.Stdout.Sync()
	s := &site{n: *n}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(srv.Serve(ln))
}

type site struct{ n int }

func (s *site) lists() int { return (s.n + perList - 1) / perList }

// articlePath is the path of article i (0-based).
func articlePath(i int) string {
	y, m := 2015+i%10, 1+(i/10)%12
	return fmt.Sprintf("/a/%d/%02d/%s-%d/", y, m, strings.Join(titleWords(i)[:4], "-"), i)
}

// titleWords are the words of article i's title, lower-case.
func titleWords(i int) []string {
	r := rand.New(rand.NewPCG(uint64(i), 7))
	out := make([]string, 7)
	for k := range out {
		out[k] = words[r.IntN(len(words))]
	}
	return out
}

func title(i int) string {
	w := titleWords(i)
	w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
	return strings.Join(w, " ") + " " + strconv.Itoa(i)
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	origin := "http://" + r.Host
	switch {
	case p == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintf(w, "User-agent: *\nDisallow: /search\n\nSitemap: %s/sitemap.xml\n", origin)
	case p == "/sitemap.xml" && s.n > perSitemap:
		// A sitemap index, as large sites have: one sitemap per
		// perSitemap articles.
		w.Header().Set("Content-Type", "application/xml")
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		for k := range (s.n + perSitemap - 1) / perSitemap {
			fmt.Fprintf(&b, "<sitemap><loc>%s/sitemap-%d.xml</loc></sitemap>\n", origin, k+1)
		}
		b.WriteString("</sitemapindex>\n")
		w.Write([]byte(b.String()))
	case p == "/sitemap.xml":
		s.sitemap(w, origin, 0, s.n)
	case strings.HasPrefix(p, "/sitemap-") && strings.HasSuffix(p, ".xml"):
		k, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, "/sitemap-"), ".xml"))
		if err != nil || k < 1 || (k-1)*perSitemap >= s.n {
			http.NotFound(w, r)
			return
		}
		s.sitemap(w, origin, (k-1)*perSitemap, min(k*perSitemap, s.n))
	case p == "/":
		s.page(w, "Latest", func(b *strings.Builder) {
			b.WriteString("<h1>Latest commentary</h1>\n<ul>\n")
			for i := s.n - 1; i >= 0 && i >= s.n-20; i-- {
				fmt.Fprintf(b, "<li><h2><a href=\"%s\">%s</a></h2></li>\n", articlePath(i), title(i))
			}
			b.WriteString("</ul>\n<h2>Archive</h2>\n<ul>\n")
			for k := 1; k <= s.lists(); k++ {
				fmt.Fprintf(b, "<li><a href=\"/list/%d/\">Page %d</a></li>\n", k, k)
			}
			b.WriteString("</ul>\n")
		}, "")
	case strings.HasPrefix(p, "/list/"):
		k, err := strconv.Atoi(strings.Trim(strings.TrimPrefix(p, "/list/"), "/"))
		if err != nil || k < 1 || k > s.lists() {
			http.NotFound(w, r)
			return
		}
		head := ""
		if k < s.lists() {
			head = fmt.Sprintf("<link rel=\"next\" href=\"/list/%d/\">\n", k+1)
		}
		s.page(w, fmt.Sprintf("Archive page %d", k), func(b *strings.Builder) {
			fmt.Fprintf(b, "<h1>Archive, page %d</h1>\n<ul>\n", k)
			for i := (k - 1) * perList; i < min(k*perList, s.n); i++ {
				fmt.Fprintf(b, "<li><h3><a href=\"%s\">%s</a></h3></li>\n", articlePath(i), title(i))
			}
			b.WriteString("</ul>\n")
			if k < s.lists() {
				fmt.Fprintf(b, "<a href=\"/list/%d/\">Older</a>\n", k+1)
			}
		}, head)
	case strings.HasPrefix(p, "/a/"):
		i := articleNumber(p)
		if i < 0 || i >= s.n || articlePath(i) != p {
			http.NotFound(w, r)
			return
		}
		s.article(w, origin, i)
	default:
		http.NotFound(w, r)
	}
}

// articleNumber reads the number at the end of an article path.
// sitemap writes a sitemap of articles [from, to).
func (s *site) sitemap(w http.ResponseWriter, origin string, from, to int) {
	w.Header().Set("Content-Type", "application/xml")
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for i := from; i < to; i++ {
		fmt.Fprintf(&b, "<url><loc>%s%s</loc></url>\n", origin, articlePath(i))
	}
	b.WriteString("</urlset>\n")
	w.Write([]byte(b.String()))
}

func articleNumber(p string) int {
	p = strings.TrimSuffix(p, "/")
	j := strings.LastIndexByte(p, '-')
	if j < 0 {
		return -1
	}
	i, err := strconv.Atoi(p[j+1:])
	if err != nil {
		return -1
	}
	return i
}

// page writes the frame every page shares: head, navigation, a "most
// read" box and a footer, around body.
func (s *site) page(w http.ResponseWriter, name string, body func(*strings.Builder), head string) {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s | The Riverside Review</title>\n", name)
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString(pageStyle)
	b.WriteString(head)
	b.WriteString("</head>\n<body>\n<header><a href=\"/\" class=\"logo\">The Riverside Review</a>\n<nav><ul>\n")
	for _, sec := range sections {
		fmt.Fprintf(&b, "<li><a href=\"/list/1/\" title=\"%s\">%s</a></li>\n", sec, sec)
	}
	b.WriteString("</ul></nav></header>\n<main>\n")
	body(&b)
	b.WriteString("</main>\n<aside class=\"most-read\"><h4>Most read</h4><ol>\n")
	for k := range 5 {
		i := (k * 7919) % s.n
		fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>\n", articlePath(i), title(i))
	}
	b.WriteString("</ol></aside>\n<footer><p>The Riverside Review is an independent publication. Subscribe to our newsletter for a weekly digest.</p><ul>\n")
	for _, f := range []string{"About", "Contact", "Privacy", "Terms", "Careers", "Advertise"} {
		fmt.Fprintf(&b, "<li><a href=\"/list/1/#%s\">%s</a></li>\n", strings.ToLower(f), f)
	}
	b.WriteString("</ul></footer>\n</body>\n</html>\n")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(b.String()))
}

func (s *site) article(w http.ResponseWriter, origin string, i int) {
	r := rand.New(rand.NewPCG(uint64(i), 11))
	t := title(i)
	author := authors[i%len(authors)]
	date := time.Date(2015+i%10, time.Month(1+(i/10)%12), 1+i%28, 8, 0, 0, 0, time.UTC).Format(time.RFC3339)
	url := origin + articlePath(i)
	head := fmt.Sprintf(`<link rel="canonical" href="%s">
<meta property="og:type" content="article">
<meta property="og:title" content="%s">
<meta property="og:url" content="%s">
<meta name="author" content="%s">
<meta property="article:published_time" content="%s">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":%q,"datePublished":%q,"author":{"@type":"Person","name":%q}}</script>
`, url, t, url, author, date, t, date, author)
	s.page(w, t, func(b *strings.Builder) {
		fmt.Fprintf(b, "<article>\n<h1>%s</h1>\n<p class=\"byline\">By <a href=\"/list/1/\">%s</a>, <time datetime=\"%s\">%s</time></p>\n",
			t, author, date, date[:10])
		for range 6 + r.IntN(4) {
			b.WriteString("<p>")
			for k := range 60 + r.IntN(60) {
				if k > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(words[r.IntN(len(words))])
			}
			b.WriteString(".</p>\n")
		}
		b.WriteString("</article>\n<section class=\"related\"><h4>Related</h4><ul>\n")
		for _, k := range []int{1, 17, 331} {
			j := (i + k) % s.n
			fmt.Fprintf(b, "<li><a href=\"%s\">%s</a></li>\n", articlePath(j), title(j))
		}
		fmt.Fprintf(b, "</ul></section>\n<a href=\"/list/%d/\">More from the archive</a>\n", i/perList+1)
	}, head)
}
