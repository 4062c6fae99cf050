package site

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/ingest-archive/ingest/normalize"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// A small site in one template, with what real sites do to a
// single-page extractor: an organisation's meta author on every page, a
// byline as a bare span after the headline, a sidebar with teasers of
// other posts ("… by Name"), a newsletter box, short posts, and a listing
// page.
var authorsOf = []string{"Maria Lindqvist", "Tomas Berg", "Aino Virtanen", "Jonas Petersen"}

func post(i int) (string, string) {
	title := fmt.Sprintf("Notes on harbour policy, part %d", i+1)
	body := fmt.Sprintf("<p>The harbour board met for the %d. time and the questions were the same as ever: who pays for dredging, and who decides.</p>", i+1)
	if i%4 != 3 { // every fourth post is one line
		for j := 0; j < 4; j++ {
			body += fmt.Sprintf("<p>Paragraph %d of post %d weighs the cost of the quays against the tolls that ships pay, and finds the board's figures wanting in several ways that the next meeting of the board will have to answer in public, with the minutes published.</p>", j+1, i+1)
		}
	}
	if i%2 == 0 && i < 11 { // a teaser of the next post leaks into the body
		body += fmt.Sprintf("<p>Also on Harbour Watch: Notes on harbour policy, part %d</p>", i+2)
	}
	return title, fmt.Sprintf(`<!doctype html><html lang="en"><head><title>%[1]s | Harbour Watch</title>
<meta name="author" content="Harbour Watch Team"><meta name="description" content="A blog about the harbour.">
</head><body><div class="page"><nav class="menu"><a href="/">Home</a> <a href="/about/">About</a></nav>
<main class="content"><div class="post-wrap"><h1 class="title">%[1]s</h1>
<div class="meta"><i class="icon-user"></i> <span class="name">%[2]s</span></div>
<div class="meta"><span class="date">%[3]d March 2024</span></div>
<div class="text">%[4]s</div></div></main>
<aside class="side"><h2>Recent posts</h2><ul><li><a href="/p/1">Notes on harbour policy, part 1</a> by Tomas Berg</li></ul>
<h2>Newsletter</h2><p>Subscribe to our newsletter and get every note on the harbour in your inbox once a week.</p></aside>
<footer><p>Harbour Watch is written by volunteers. All rights reserved.</p></footer></div></body></html>`,
		title, authorsOf[i%len(authorsOf)], i%28+1, body)
}

const listing = `<!doctype html><html><head><title>Harbour Watch</title><meta name="author" content="Harbour Watch Team"></head>
<body><div class="page"><nav class="menu"><a href="/">Home</a> <a href="/about/">About</a></nav><main class="content"><ul>
<li><a href="/p/1">Notes on harbour policy, part 1</a></li><li><a href="/p/2">Notes on harbour policy, part 2</a></li></ul></main>
<aside class="side"><h2>Recent posts</h2><h2>Newsletter</h2><p>Subscribe to our newsletter and get every note on the harbour in your inbox once a week.</p></aside>
<footer><p>Harbour Watch is written by volunteers. All rights reserved.</p></footer></div></body></html>`

// tagPage is a tag page that prints its one post whole, under the post's
// title as a linked heading: a listing that alone reads as an article.
func tagPage() string {
	title, _ := post(0)
	body := "<p>The harbour board met for the 1. time and the questions were the same as ever: who pays for dredging, and who decides.</p>"
	for j := 0; j < 4; j++ {
		body += fmt.Sprintf("<p>Paragraph %d of post 1 weighs the cost of the quays against the tolls that ships pay, and finds the board's figures wanting in several ways.</p>", j+1)
	}
	return fmt.Sprintf(`<!doctype html><html lang="en"><head><title>quays | Harbour Watch</title>
<meta name="author" content="Harbour Watch Team"></head><body><div class="page"><nav class="menu"><a href="/">Home</a> <a href="/about/">About</a></nav>
<main class="content"><h1 class="archive-title">Tag: quays</h1><article class="entry"><h2><a href="/p/1">%s</a></h2>
<div class="meta"><span class="date">1 March 2024</span></div><div class="text">%s</div></article></main>
<aside class="side"><h2>Recent posts</h2><ul><li><a href="/p/1">Notes on harbour policy, part 1</a> by Tomas Berg</li></ul>
<h2>Newsletter</h2><p>Subscribe to our newsletter and get every note on the harbour in your inbox once a week.</p></aside>
<footer><p>Harbour Watch is written by volunteers. All rights reserved.</p></footer></div></body></html>`, title, body)
}

type page struct{ url, html string }

func testSite() []page {
	var ps []page
	for i := range 12 {
		_, h := post(i)
		// A third of the posts sit at bare node URLs, which alone read as
		// no article at all.
		u := fmt.Sprintf("https://harbour.example/2024/03/notes-on-harbour-policy-part-%d/", i+1)
		if i%3 == 2 {
			u = fmt.Sprintf("https://harbour.example/node/%d", i+1)
		}
		ps = append(ps, page{u, h})
	}
	ps = append(ps, page{"https://harbour.example/", listing}, page{"https://harbour.example/page/2", listing},
		page{"https://harbour.example/tag/quays/", tagPage()})
	return ps
}

func learn(t *testing.T, ps []page) normalize.SiteRules {
	t.Helper()
	l := NewLearner()
	texts := map[string]string{}
	for _, p := range ps {
		pg, err := normalize.Extract(context.Background(), normalize.Input{URL: p.url, Body: []byte(p.html)}, normalize.Options{Facts: true})
		if err != nil {
			t.Fatal(err)
		}
		texts[p.url] = p.html
		l.Add(pg.Facts)
	}
	r := l.Rules()
	ResolveTexts(&r, l.BlockPages(r), func(u string) map[uint32]string {
		m, err := normalize.BlockTexts(normalize.Input{URL: u, Body: []byte(texts[u])})
		if err != nil {
			t.Fatal(err)
		}
		return m
	})
	return r
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./site -update)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file:\n%s", name, got)
	}
}

// TestLearnRules: the rules learned from the test site, as `ingest site
// show` prints them.
func TestLearnRules(t *testing.T) {
	r := learn(t, testSite())
	out, err := yaml.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "harbour.rules.yaml", out)

	if len(r.SiteAuthors) != 1 || r.SiteAuthors[0] != "harbour watch team" {
		t.Errorf("site authors = %q, want the organisation", r.SiteAuthors)
	}
	var tmpl *normalize.Template
	for i := range r.Templates {
		if r.Templates[i].Type == normalize.TemplateArticle {
			tmpl = &r.Templates[i]
		}
	}
	if tmpl == nil {
		t.Fatalf("no article template in %+v", r.Templates)
	}
	if !strings.Contains(tmpl.Byline, "div.meta #0") || !tmpl.Dated || tmpl.Articles != 8 || tmpl.Pages != 12 ||
		!strings.HasSuffix(tmpl.Body, "div.text") {
		t.Errorf("article template = %+v: want 8 of 12 pages articles, the byline slot, dated, the text container", *tmpl)
	}
	joined := strings.Join(r.Boilerplate, "\n")
	for _, want := range []string{"Newsletter", "Subscribe to our newsletter", "Harbour Watch is written by volunteers"} {
		if !strings.Contains(joined, want) {
			t.Errorf("boilerplate misses %q:\n%s", want, joined)
		}
	}
}

// TestModelApplied: each learned rule changes the record the way it
// should, against the page judged alone.
func TestModelApplied(t *testing.T) {
	ps := testSite()
	model := normalize.NewSiteModel(learn(t, ps))
	ctx := context.Background()
	var lines []string
	for i, p := range ps {
		alone, err := normalize.Extract(ctx, normalize.Input{URL: p.url, Body: []byte(p.html)}, normalize.Options{})
		if err != nil {
			t.Fatal(err)
		}
		with, err := normalize.Extract(ctx, normalize.Input{URL: p.url, Body: []byte(p.html)}, normalize.Options{Site: model})
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprintf("%s\n  alone: %s %q %d words\n  model: %s %q %d words",
			p.url, alone.PageType, alone.Authors, len(strings.Fields(alone.Text)), with.PageType, with.Authors, len(strings.Fields(with.Text))))
		if i < 12 {
			want := authorsOf[i%len(authorsOf)]
			if len(with.Authors) != 1 || with.Authors[0] != want {
				t.Errorf("%s: authors %q, want [%s]", p.url, with.Authors, want)
			}
			if with.PageType != normalize.PageArticle {
				t.Errorf("%s: type %s, want article", p.url, with.PageType)
			}
			for _, bad := range []string{"Subscribe to our newsletter", "written by volunteers", "Recent posts", "Also on Harbour Watch"} {
				if strings.Contains(with.Text, bad) {
					t.Errorf("%s: body keeps boilerplate %q", p.url, bad)
				}
			}
		} else if with.PageType == normalize.PageArticle {
			t.Errorf("%s: the listing is an article", p.url)
		}
	}
	golden(t, "harbour.applied.txt", []byte(strings.Join(lines, "\n")+"\n"))
}

// TestLearnDeterministic: the same pages give the same rules, whatever
// the map order inside.
func TestLearnDeterministic(t *testing.T) {
	a, _ := yaml.Marshal(learn(t, testSite()))
	for range 5 {
		b, _ := yaml.Marshal(learn(t, testSite()))
		if string(a) != string(b) {
			t.Fatalf("rules differ between runs:\n%s\n---\n%s", a, b)
		}
	}
}

// TestArchiveAuthors: posts that name no author get the author whose
// archive page lists them; a post two archives and more list stays as it is.
func TestArchiveAuthors(t *testing.T) {
	postURL := func(i int) string { return fmt.Sprintf("https://quay.example/2024/05/dredging-note-%d/", i) }
	var ps []page
	for i := 1; i <= 6; i++ {
		ps = append(ps, page{postURL(i), fmt.Sprintf(`<!doctype html><html><head><title>Dredging note %[1]d</title></head><body>
<main><article><h1>Dredging note %[1]d</h1><p>%[1]d May 2024</p>
<p>The channel silts up faster every year, and the board's dredger spends more days at the quay than at work; note %[1]d asks what a second boat would cost.</p>
<p>Three yards bid last time, and the cheapest asked for a ten-year contract that nobody on the board wanted to sign.</p></article></main></body></html>`, i)})
	}
	archive := func(slug, name string, posts ...int) page {
		var items strings.Builder
		for _, i := range posts {
			fmt.Fprintf(&items, `<li><a href="%s">Dredging note %d</a></li>`, postURL(i), i)
		}
		return page{"https://quay.example/author/" + slug + "/", fmt.Sprintf(`<!doctype html><html><head><title>%[1]s</title></head><body>
<main><h1>Posts by %[1]s</h1><ul>%[2]s</ul></main></body></html>`, name, items.String())}
	}
	ps = append(ps, archive("maria", "Maria Lindqvist", 1, 2, 3), archive("tomas", "Tomas Berg", 4, 5, 6))
	model := normalize.NewSiteModel(learn(t, ps))
	for i := 1; i <= 6; i++ {
		want := "Maria Lindqvist"
		if i > 3 {
			want = "Tomas Berg"
		}
		pg, err := normalize.Extract(context.Background(), normalize.Input{URL: postURL(i), Body: []byte(ps[i-1].html)}, normalize.Options{Site: model})
		if err != nil {
			t.Fatal(err)
		}
		if len(pg.Authors) != 1 || pg.Authors[0] != want {
			t.Errorf("%s: authors %q, want [%s]", postURL(i), pg.Authors, want)
		}
	}
}
