package normalize

import (
	"context"
	"slices"
	"testing"
)

// SlotNames reads the names at a learned byline position, as templates
// print them next to a date, handles and whom the author signs for.
func TestSlotNames(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"November 25, 2019 - Sijie Guo\n(@sijieg)\nMarkos Sfikas\n(@MarkSfik)", []string{"Sijie Guo", "Markos Sfikas"}},
		{"11 March 2012 |\nStefan Karpinski", []string{"Stefan Karpinski"}},
		{"May 11, 2021 · Mara Bos on behalf of\nThe Rust 2021 Edition Working Group", []string{"Mara Bos"}},
		{"April 18, 2022 · Mara Bos on behalf of\nthe library team", []string{"Mara Bos"}},
		{"December 17, 2018 · The Dev-tools team", []string{"The Dev-tools team"}},
		{"8 September 2021 |\nThe JuliaCon 2021 committee", []string{"The JuliaCon 2021 committee"}},
		{"Posted by Jane Doe", []string{"Jane Doe"}},
		{"12 March 2024", nil},
	} {
		if got := SlotNames(c.text); !slices.Equal(got, c.want) {
			t.Errorf("SlotNames(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// FuzzSiteModel feeds arbitrary pages to Extract with a site model that
// has every kind of rule, and arbitrary texts to the slot readers: nothing
// may panic, and the facts must name the page.
func FuzzSiteModel(f *testing.F) {
	for _, s := range []string{
		"",
		"<h1>T</h1><div class=meta>12 March 2024 · Jane Doe</div><div class=text><p>one line</p></div>",
		"<main><h1>Tag: x</h1><article><h2><a href=/p/1>Notes on harbour policy, part 1</a></h2><p>text</p></article></main>",
		"<meta http-equiv=refresh content='0; url=/x'><title>x</title>",
		"November 25, 2019 -\nSijie Guo\n(@sijieg)",
	} {
		f.Add([]byte(s))
	}
	key := "title=div.page > main.content > div.post-wrap > h1.title articles=0"
	model := NewSiteModel(SiteRules{
		SiteAuthors: []string{"harbour watch team"},
		Boilerplate: []string{"Newsletter", "Recent posts"},
		Templates: []Template{{Key: key, Pages: 10, Articles: 8, Type: TemplateArticle, Dated: true,
			Byline: "div.page > main.content > div.post-wrap > div.meta #0", Dateline: "div.page > main.content > div.post-wrap > div.meta #0",
			Body: "div.page > main.content > div.post-wrap > div.text"}},
		Titles:         []uint32{TextHash("Notes on harbour policy, part 1")},
		ArchiveAuthors: map[string][]string{"https://example.org/a/page.html": {"Jane Doe"}},
	})
	f.Fuzz(func(t *testing.T, body []byte) {
		_ = SlotNames(string(body))
		_ = SlotDate(string(body))
		_ = ArchiveName(string(body))
		p, err := Extract(context.Background(), Input{URL: "https://example.org/a/page.html", Body: body}, Options{Site: model, Facts: true})
		if err != nil {
			return
		}
		if p.Facts == nil || p.Facts.URL == "" {
			t.Fatalf("no facts for the page: %+v", p.Facts)
		}
		_ = model.Affects(p.Facts)
	})
}
