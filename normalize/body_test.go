package normalize

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// bodyPages lists the golden pages under testdata/body.
func bodyPages(t testing.TB) []string {
	t.Helper()
	pages, err := filepath.Glob("testdata/body/*.html")
	if err != nil || len(pages) == 0 {
		t.Fatalf("no golden pages: %v", err)
	}
	return pages
}

func parsePage(t testing.TB, path string) *goquery.Document {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestExtractBodyGolden extracts the body of every testdata/body/*.html
// page and compares its plain text with the *.txt next to it. Run with
// -update to rewrite the expected files.
func TestExtractBodyGolden(t *testing.T) {
	for _, page := range bodyPages(t) {
		name := strings.TrimSuffix(filepath.Base(page), ".html")
		t.Run(name, func(t *testing.T) {
			doc := parsePage(t, page)
			got := toText(extractBody(doc, bodyHints{}).node) + "\n"
			want := strings.TrimSuffix(page, ".html") + ".txt"
			if *update {
				if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			exp, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(exp) {
				t.Errorf("body of %s differs\n--- got ---\n%s--- want ---\n%s", page, got, exp)
			}
		})
	}
}

// TestExtractBodyRules checks each rule on the golden pages by what the
// body must and must not hold, so that a failure names the rule broken.
func TestExtractBodyRules(t *testing.T) {
	tests := []struct {
		page      string
		with      []string
		without   []string
		checkNode func(t *testing.T, n *html.Node, b body)
	}{
		{page: "lead_paragraph", with: []string{"Three months after the water receded", "well explained at weekly meetings"},
			without: []string{"River Towns Rebuild After the Flood", "All rights reserved", "Sport"}},
		{page: "last_section", with: []string{"A starter is flour and water", "Let the loaf cool for an hour", "Baking"},
			without: []string{"Advertisement", "Ten cakes for spring", "Recipes"}},
		{page: "related_box", with: []string{"protected cycle lanes", "Construction starts in the spring"},
			without: []string{"Bike share expands", "Read more", "Related"}},
		{page: "newsletter", with: []string{"Almost a third of the food", "Some growers now rent hives"},
			without: []string{"weekly newsletter", "Sign up for the best", "Subscribe"}},
		{page: "comments", with: []string{"Walking is the simplest exercise", "like brushing your teeth"},
			without: []string{"42 Comments", "audiobooks", "My dog makes sure"},
			checkNode: func(t *testing.T, n *html.Node, b body) {
				if b.discussion {
					t.Error("discussion=true on an article with comments")
				}
			}},
		{page: "share_buttons", with: []string{"Night trains are back", "they warn"},
			without: []string{"Facebook", "Share this article", "WhatsApp"}},
		{page: "table_figure_code", with: []string{"Insertion sort 0.4 41,000",
			"func pivot(a []int) int {", "measuring is never premature", "Merge sort is stable"},
			without: []string{"Benchmarking Three Sorting Algorithms", "Median run time of each algorithm"},
			checkNode: func(t *testing.T, n *html.Node, b body) {
				if b.tables != 1 || b.images != 1 {
					t.Errorf("want one table and one image, got %d and %d", b.tables, b.images)
				}
			}},
		{page: "hidden", with: []string{"Glaciers move because ice", "stakes that are measured by hand"},
			without: []string{"hidden from readers", "styled away", "Decorative text"},
			checkNode: func(t *testing.T, n *html.Node, b body) {
				if !hasIframe(n) {
					t.Error("the embedded video's iframe was dropped")
				}
			}},
		{page: "nested_article", with: []string{"Forty years after the last one", "crossing motorways at night"},
			without: []string{"The Return of the Lynx", "By Anna Berg", "2 May 2024", "Wolves cross the border", "Tags:"}},
		{page: "no_semantic", with: []string{"Keeping chickens is easier", "Hens start laying", "must be closed at dusk"},
			without: []string{"Goats", "write to me"}},
		{page: "listing", with: []string{"Summit Pro GTX", "Canyon Explorer Low", "$99.00"},
			without: []string{"Returns", "Tents"},
			checkNode: func(t *testing.T, n *html.Node, b body) {
				if !b.listing || b.teasers < 5 {
					t.Errorf("listing=%v teasers=%d, want a listing of 5 cards", b.listing, b.teasers)
				}
			}},
		{page: "captions", with: []string{"We found the dinghy behind a barn", "Sanding 30",
			"Time spent on each job over the winter", "even with her old cotton sails"},
			without: []string{"The dinghy as we found it", "A new transom, cut from marine plywood"},
			checkNode: func(t *testing.T, n *html.Node, b body) {
				if b.images != 2 {
					t.Errorf("want the two photos kept without their captions, got %d images", b.images)
				}
			}},
		{page: "discussion", with: []string{"I only have a small balcony", "Bush varieties are the easiest",
			"report back at the end of the season"},
			without: []string{"Forum rules", "Latest"},
			checkNode: func(t *testing.T, n *html.Node, b body) {
				if !b.discussion {
					t.Error("discussion=false, want the posts taken as the content")
				}
			}},
		{page: "discussion_opening_post", with: []string{"What should I adjust first",
			"The front derailleur usually needs the limit screws", "a drop of light oil on the pivots"},
			without: []string{"Forum rules", "Categories"},
			checkNode: func(t *testing.T, n *html.Node, b body) {
				if !b.discussion {
					t.Error("discussion=false, want the opening post and its replies")
				}
			}},
		{page: "short_article_comments", with: []string{"Every winter the ponds on the hill",
			"The ducks, it turns out, simply follow the warm water"},
			without: []string{"My grandfather always said", "Comments"},
			checkNode: func(t *testing.T, n *html.Node, b body) {
				if b.discussion {
					t.Error("discussion=true on a short article with long comments")
				}
			}},
		{page: "toc", with: []string{"A brick path takes two weekends", "Planning the route: pegs", "Finishing the joints",
			"Desire lines, the paths worn by walkers", "Back"},
			without: []string{"In this guide", "Jump to", "and the sub-base Laying the bricks"}},
		{page: "dialog", with: []string{"A full-length apron cut from heavy washed linen", "adjusts through a brass buckle"},
			without: []string{"Privacy policy", "personal information"}},
		{page: "reviews", with: []string{"two litre kettle is pressed", "always lift it by the handle"},
			without: []string{"Customer reviews", "kettle to replace one", "Lovely colour"}},
		{page: "main_markup", with: []string{"An old piano can be a bargain", "play the piano for as long as the seller allows"},
			without: []string{"Try: oak, ash"}},
		{page: "spread", with: []string{"We are a small studio", "Planting is done in autumn", "Aftercare",
			"many of them open for charity"},
			without: []string{"Our work", "4 Mill Lane"},
			checkNode: func(t *testing.T, n *html.Node, b body) {
				if !b.spread {
					t.Error("spread=false, want the sections of the page")
				}
			}},
		{page: "consent", with: []string{"Roasted Tomato Soup", "Chicken Noodle Soup"},
			without: []string{"Your Privacy", "legitimate interest", "Strictly necessary cookies"}},
		{page: "product_grid", with: []string{"Members get free delivery", "Stormline Shell Jacket, women's fit", "£120.00",
			"Coniston Rain Poncho", "4.7 stars"}},
		{page: "hidden_panels", with: []string{"£39.00", "seasoned with vegetable oil", "builds up with every use"}},
		{page: "labels_multilingual", with: []string{"um zwei Hektar zu erweitern", "Auch interessant ist, dass die Bäume",
			"nimmt mit dem Bauamt Kontakt auf",
			"eröffnet wird der neue Teil"},
			without: []string{"Auch interessant:", "Zum Weiterlesen", "Le puede interesar", "Teilen Sie dies mit",
				"Ähnliche Beiträge", "Kommentar verfassen", "ANZEIGE", "Weitere Informationen", "Quelle:", "Zurück zur Übersicht"}},
		{page: "credit_lines", with: []string{"hold twice as much carbon", "Most of the carbon lay below",
			"Photographs alone cannot tell"},
			without: []string{"Credit: Jane Doe", "Titelbild", "All rights reserved"}},
		{page: "lead_in_header", with: []string{"Ab Mai fährt eine elektrische Fähre", "Die Gemeinden am Ufer",
			"Schüler fahren wie bisher kostenlos"},
			without: []string{"Neue Fähre über den See", "Die alte Fähre wird verkauft", "Impressum"}},
		{page: "title_link", with: []string{"won the regional prize", "kept well for a week", "https://bakery.example/rye"},
			without: []string{"Market hall reopens"}},
		{page: "caption_classes", with: []string{"ein neuer Kran", "bleibt als Reserve stehen", "um ein Zehntel gewachsen"},
			without: []string{"kurz nach dem Aufbau", "Blick vom Wasser"}},
		{page: "short_article_sidebar", with: []string{"der erste Schnee auf der Passhöhe", "Winterreifen sind aber Pflicht"},
			without: []string{"seit zehn Jahren", "kleinen Spende", "freien Lizenz"}},
		{page: "bem_modifier", with: []string{"plain cardboard box", "just under five minutes", "Handle stays cool on every hob"},
			without: []string{"Advertisement", "All rights reserved", "Tests"}},
		{page: "short_post", with: []string{"I think I left the oven on, the old one", "Then we are going home, and the tram"},
			without: []string{"Categories", "Creative Commons licence", "Leave a comment", "March 2014"}},
		{page: "recipe_ingredients", with: []string{"For the crumble:", "Cold butter", "Stone the plums", "until the crumble is golden"},
			without: []string{"Rate this photo", "Apple cake", "Example Recipes"}},
		{page: "title_byline", with: []string{"Einkorn, a wheat first grown", "a flavour and a place behind it"},
			without: []string{"Ancient Grain Makes a Comeback", "By Tom Reyes", "September 14", "Home", "too many cats"}},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			doc := parsePage(t, filepath.Join("testdata/body", tt.page+".html"))
			b := extractBody(doc, bodyHints{})
			text := toText(b.node)
			flat := strings.Join(strings.Fields(text), " ")
			for _, w := range tt.with {
				if !strings.Contains(flat, w) {
					t.Errorf("body lacks %q:\n%s", w, text)
				}
			}
			for _, w := range tt.without {
				if strings.Contains(flat, w) {
					t.Errorf("body holds %q:\n%s", w, text)
				}
			}
			if tt.checkNode != nil {
				tt.checkNode(t, b.node, b)
			}
		})
	}
}

// TestTeaserGroupsSkipDropped checks that cards inside furniture that was
// left out (a footer of links) are no listing the page could be.
func TestTeaserGroupsSkipDropped(t *testing.T) {
	var cards strings.Builder
	for i := range 12 {
		fmt.Fprintf(&cards, `<div class="card"><h3><a href="/g/%d">Garden note %d</a></h3></div>`, i, i)
	}
	for _, tt := range []struct {
		name, wrap string
		want       bool
	}{
		{"in the page", `<div class="cards">%s</div>`, true},
		{"in a footer", `<div class="site-footer">%s</div>`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			page := "<html><body><div class=\"page\"><p>A cold frame gives seedlings a sheltered start in spring.</p></div>" +
				fmt.Sprintf(tt.wrap, cards.String()) + "</body></html>"
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
			if err != nil {
				t.Fatal(err)
			}
			a := newAnalysis(bodyElement(doc.Nodes[0]), true)
			a.run()
			count, list, _ := a.teaserGroups()
			if got := count >= 12 && list != nil; got != tt.want {
				t.Errorf("cards found = %v (count %d), want %v", got, count, tt.want)
			}
		})
	}
}

func hasIframe(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.Data == "iframe" && attrOf(c, "src") != "" || hasIframe(c)) {
			return true
		}
	}
	return false
}

// TestExtractBodyDetached checks the contract of the returned node: a new
// <div> outside the document, no duplicate paragraph, nothing executable,
// and the document left as it was.
func TestExtractBodyDetached(t *testing.T) {
	for _, page := range bodyPages(t) {
		t.Run(filepath.Base(page), func(t *testing.T) {
			doc := parsePage(t, page)
			var before bytes.Buffer
			if err := html.Render(&before, doc.Nodes[0]); err != nil {
				t.Fatal(err)
			}
			b := extractBody(doc, bodyHints{})
			n := b.node
			if n == nil || n.Type != html.ElementNode || n.Data != "div" || n.Parent != nil {
				t.Fatalf("body node is not a detached <div>: %+v", n)
			}
			var after bytes.Buffer
			if err := html.Render(&after, doc.Nodes[0]); err != nil {
				t.Fatal(err)
			}
			if before.String() != after.String() {
				t.Error("extractBody modified the document")
			}
			seen := map[string]bool{}
			var walk func(*html.Node)
			walk = func(n *html.Node) {
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Type != html.ElementNode {
						continue
					}
					switch c.Data {
					case "script", "style", "form", "input", "button", "nav":
						t.Errorf("body holds a <%s>", c.Data)
					}
					for _, a := range c.Attr {
						if strings.HasPrefix(a.Key, "on") || a.Key == "style" {
							t.Errorf("body keeps attribute %s on <%s>", a.Key, c.Data)
						}
					}
					if c.Data == "p" {
						k := strings.Join(strings.Fields(blockText(c)), " ")
						if len(k) >= 40 && seen[k] {
							t.Errorf("paragraph emitted twice: %q", k)
						}
						seen[k] = true
					}
					walk(c)
				}
			}
			walk(n)
			if b.textLen == 0 {
				t.Error("empty body")
			}
		})
	}
}

// TestExtractBodyNeverEmpty feeds pages that defeat scoring: the body
// still holds the page's text.
func TestExtractBodyNeverEmpty(t *testing.T) {
	tests := []struct {
		name, page, want string
		once             bool // want must appear once only
	}{
		{"one short line", `<html><body><p>Just a short note.</p></body></html>`, "Just a short note.", false},
		{"text in a nav only", `<html><body><nav><a href="/a">Alpha</a> <a href="/b">Beta</a></nav></body></html>`, "Alpha", false},
		{"all hidden", `<html><body><div style="display:none"><p>Shown by a script once the page loads, otherwise hidden from view.</p></div></body></html>`, "Shown by a script", false},
		{"bare text", `Plain text without any markup at all, just words.`, "Plain text without", false},
		{"content in noscript", `<html><body><div id="app"></div><noscript><div class="post"><p>` +
			strings.Repeat("This thread is readable without scripts, and its posts are all here, in plain markup. ", 20) +
			`</p></div></noscript></body></html>`, "This thread is readable", false},
		{"duplicated responsive variants", `<html><body>` + strings.Repeat(`<div class="variant"><p>The same paragraph, rendered twice for two screen sizes, must be emitted once only, not twice.</p></div>`, 2) + `</body></html>`, "rendered twice", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(tt.page))
			if err != nil {
				t.Fatal(err)
			}
			text := toText(extractBody(doc, bodyHints{}).node)
			if !strings.Contains(text, tt.want) {
				t.Errorf("body %q lacks %q", text, tt.want)
			}
			if tt.once && strings.Count(text, tt.want) > 1 {
				t.Errorf("body %q repeats %q", text, tt.want)
			}
		})
	}
}

// TestLargestBlockSkipsDropped checks that the last resort never picks a
// block inside a dropped subtree, however much text it holds.
func TestLargestBlockSkipsDropped(t *testing.T) {
	page := `<html><body><div class="cookie-consent"><div id="inside"><p>` +
		strings.Repeat("Cookies help us measure and improve the site, with your consent. ", 10) +
		`</p></div></div><div id="kept"><p>A short note that a reader can see.</p></div></body></html>`
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	root := bodyElement(doc.Nodes[0])
	a := newAnalysis(root, true)
	a.run()
	got := a.largestBlock(root)
	if id := attrOf(got, "id"); id != "kept" {
		t.Errorf("largestBlock picked %s#%s, want #kept", got.Data, id)
	}
}

func TestMatchClass(t *testing.T) {
	tests := []struct {
		class                                  string
		weight                                 float64
		unlikely, furniture, comments, consent bool
	}{
		{"entry-content", 25, false, false, false, false},
		{"sidebar widget-area", -25, true, true, false, false},
		{"comments-area", -25, true, true, true, false},
		{"commentary-body", 0, false, false, false, false},
		{"site-header", 0, true, false, false, false},
		{"article-header", 25, false, false, false, false},
		{"ad-slot", -25, true, true, false, false},
		{"shadow-lg header-ad", -25, false, true, false, false},
		{"newsletter-signup", -25, true, true, false, false},
		{"share-buttons", -25, true, true, false, false},
		{"pagebuilder-pagerow", 25, false, false, false, false},
		{"elementor-widget-text-editor", 25, false, false, false, false},
		{"rollover-people-block", 0, false, true, false, false},
		{"post-tags", 0, false, true, false, false},
		{"onetrust-consent-sdk", -25, true, true, false, true},
		{"cookie-banner", -25, true, true, false, true},
		{"cookie-recipe-card", -25, true, true, false, false},
		{"report__section report__section--ads", 0, false, false, false, false},
		{"section ads", -25, true, true, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.class, func(t *testing.T) {
			f := matchClass(tt.class)
			if f.weight != tt.weight || f.unlikely != tt.unlikely || f.furniture != tt.furniture || f.comments != tt.comments || f.consent != tt.consent {
				t.Errorf("matchClass(%q) = %+v, want weight %v unlikely %v furniture %v comments %v consent %v",
					tt.class, f, tt.weight, tt.unlikely, tt.furniture, tt.comments, tt.consent)
			}
		})
	}
}

func TestHiddenElement(t *testing.T) {
	tests := []struct {
		tag  string
		want bool
	}{
		{`<div hidden>x</div>`, true},
		{`<div aria-hidden="true">x</div>`, true},
		{`<div aria-hidden="false">x</div>`, false},
		{`<div style="color: red; display : none">x</div>`, true},
		{`<div style="visibility:hidden">x</div>`, true},
		{`<div style="display:block">x</div>`, false},
		{`<div hidden id="S:3">x</div>`, false},
		{`<amp-lightbox id="gallery" layout="nodisplay">x</amp-lightbox>`, true},
		{`<amp-img src="a.jpg">x</amp-img>`, false},
	}
	for _, tt := range tests {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(tt.tag))
		if err != nil {
			t.Fatal(err)
		}
		n := doc.Find("body > *").Nodes[0]
		if got := hiddenElement(n); got != tt.want {
			t.Errorf("hiddenElement(%s) = %v, want %v", tt.tag, got, tt.want)
		}
	}
}

func TestCountText(t *testing.T) {
	tests := []struct {
		in        string
		n, commas int
		desc      string
	}{
		{"a b, c", 4, 1, "spaces do not count, commas do"},
		{"  \n\t ", 0, 0, "white space only"},
		{"déjà vu", 8, 0, "bytes of non-ASCII letters"},
		{"一、二，三", 15, 2, "CJK commas"},
		{"a\u00a0b", 2, 0, "no-break space"},
	}
	for _, tt := range tests {
		n, c := countText(tt.in)
		if n != tt.n || c != tt.commas {
			t.Errorf("%s: countText(%q) = %d, %d; want %d, %d", tt.desc, tt.in, n, c, tt.n, tt.commas)
		}
	}
}

func TestRepeatsTitle(t *testing.T) {
	tests := []struct {
		title, heading string
		want           bool
	}{
		{"River Towns Rebuild After the Flood", "River Towns Rebuild After the Flood", true},
		{"River Towns Rebuild After the Flood | Valley Courier", "River towns rebuild after the flood", true},
		{"Baking", "Baking bread at home for the first time", false},
		{"A Beginner's Guide to Sourdough", "Making a starter", false},
		{"", "Anything", false},
	}
	for _, tt := range tests {
		if got := repeatsTitle(foldTitle(tt.title), tt.heading); got != tt.want {
			t.Errorf("repeatsTitle(%q, %q) = %v, want %v", tt.title, tt.heading, got, tt.want)
		}
	}
}

// BenchmarkExtractBody measures content detection and cleaning on the
// golden pages, parsed once.
func BenchmarkExtractBody(b *testing.B) {
	var docs []*goquery.Document
	for _, page := range bodyPages(b) {
		docs = append(docs, parsePage(b, page))
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			extractBody(d, bodyHints{})
		}
	}
}

// TestExtractBodyLinear guards against quadratic walks: the time taken on
// a page eight times larger, deeper or wider must grow about eight times,
// not sixty-four. Each size is timed several times, alternating, and the
// fastest run counts, so a busy machine slows both alike; a shape over the
// bound is timed again before it fails. (The parser stops nesting at 512
// open elements.)
func TestExtractBodyLinear(t *testing.T) {
	para := "<p>Some words, a comma or two, and enough text to count as a paragraph.</p>"
	nest := func(open string, depth int) string {
		return strings.Repeat(open, depth) + strings.Repeat("</div>", depth)
	}
	const step = 8      // the large page is step times the small one
	const maxRatio = 24 // linear is about 8, quadratic 64
	shapes := map[string]func(k int) string{
		"deep":           func(k int) string { return nest(`<div class="wrap">`+para, 60*k) },
		"deep furniture": func(k int) string { return nest(`<div class="sidebar">`+para, 60*k) },
		"deep short":     func(k int) string { return nest(`<div><span>By me</span>`, 60*k) },
		"deep wide":      func(k int) string { return nest(`<div>`+strings.Repeat(para, 2*k), 200) },
		"wide": func(k int) string {
			return strings.Repeat(`<div class="card"><h3><a href="/x">A card title</a></h3>`+para+`</div>`, 200*k)
		},
	}
	parse := func(page string) *goquery.Document {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader("<html><body>" + page + "</body></html>"))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	once := func(doc *goquery.Document) time.Duration {
		start := time.Now()
		if b := extractBody(doc, bodyHints{}); b.textLen == 0 {
			t.Fatal("empty body")
		}
		return time.Since(start)
	}
	// ratio times both sizes in alternation and returns the ratio of the
	// fastest runs.
	ratio := func(small, large *goquery.Document) (float64, time.Duration, time.Duration) {
		bs, bl := time.Duration(1<<62), time.Duration(1<<62)
		for range 5 {
			bs = min(bs, once(small))
			bl = min(bl, once(large))
		}
		return float64(bl) / float64(max(bs, 50*time.Microsecond)), bs, bl
	}
	for name, shape := range shapes {
		t.Run(name, func(t *testing.T) {
			small, large := parse(shape(1)), parse(shape(step))
			var r float64
			var ts, tl time.Duration
			for range 3 {
				if r, ts, tl = ratio(small, large); r <= maxRatio {
					return
				}
			}
			t.Errorf("%dx the page took %.1fx the time (%v, %v)", step, r, ts, tl)
		})
	}
}

func TestTeaserBlocks(t *testing.T) {
	tests := []struct {
		name, html        string
		excerpt, headline bool
	}{
		{"excerpt", `<li><a href="/x">Harbour wall repaired</a> <span>Work on the harbour wall finished a week early, and the quay reopens to boats on...</span></li>`, true, false},
		{"excerpt with bracket", `<div><a href="/x">Harbour wall</a><p>Work on the harbour wall finished a week early, and the quay reopens [...]</p></div>`, true, false},
		{"short ellipsis", `<li><a href="/x">Harbour wall repaired</a> <span>and so on...</span></li>`, false, false},
		{"control label", `<div><p>Work on the harbour wall finished a week early, and the quay reopens.</p><button>More sharing options...</button></div>`, false, false},
		{"ellipsis in the link", `<li><span>Work on the harbour wall finished a week early.</span> <a href="/x">Read the full story of the harbour wall...</a></li>`, false, false},
		{"capital link", `<p><a href="/x">HARBOUR WALL REPAIRED A WEEK EARLY</a></p>`, false, true},
		{"mixed case link", `<p><a href="/x">Harbour wall repaired a week early</a></p>`, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := parseFragment(t, tt.html)
			if got := isExcerpt(n); got != tt.excerpt {
				t.Errorf("isExcerpt = %v, want %v", got, tt.excerpt)
			}
			if got := isHeadlineLink(n); got != tt.headline {
				t.Errorf("isHeadlineLink = %v, want %v", got, tt.headline)
			}
		})
	}
}
