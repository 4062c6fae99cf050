package normalize

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

const endlessScroll = `<html><head><title>Ferry service resumes on Sunday | Harbour Daily</title></head><body>
<main>
<article id="a0"><h1>Ferry service resumes on Sunday</h1>
<div id="t0"><p>The island ferry will sail again from Sunday, after three weeks in the dry dock for repairs to its hull and engines.</p>
<p>The first crossing leaves the harbour at 7:00, and the usual timetable applies from Monday, the operator said on Friday.</p></div>
</article>
<article id="a1"><h2>Council approves the new budget</h2>
<div id="t1"><p>The council approved next year's budget on Thursday evening, after a debate of more than four hours, with twelve votes in favour and nine against.</p>
<p>The largest share goes to schools, which will receive new roofs, heating and, in two cases, an extension with more classrooms.</p></div>
</article>
</main></body></html>`

func TestTitledArticle(t *testing.T) {
	tests := []struct {
		name, top, title, want string
	}{
		{"top in an appended story", "t1", "Ferry service resumes on Sunday | Harbour Daily", "a0"},
		{"top in the titled story", "t0", "Ferry service resumes on Sunday | Harbour Daily", ""},
		{"no article carries the title", "t1", "Weather for the weekend", ""},
		{"no title", "t1", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(endlessScroll))
			if err != nil {
				t.Fatal(err)
			}
			root := bodyElement(doc.Nodes[0])
			a := newAnalysis(root, true)
			a.run()
			got := a.titledArticle(doc.Find("#" + tt.top).Nodes[0], tt.title)
			id := ""
			if got != nil {
				id = attrOf(got, "id")
			}
			if id != tt.want {
				t.Errorf("titledArticle(#%s, %q) = %q, want %q", tt.top, tt.title, id, tt.want)
			}
		})
	}
}

func TestOnlyPost(t *testing.T) {
	tests := []struct {
		page string
		want bool
	}{
		{`<div class="post hentry"><p id="x">A short post.</p></div><div id="side">Archive</div>`, true},
		{`<div class="h-entry"><p id="x">One.</p></div><div class="h-entry"><p>Two.</p></div>`, false},
		{`<div class="post"><p id="x">No microformat.</p></div>`, false},
	}
	for _, tt := range tests {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(tt.page))
		if err != nil {
			t.Fatal(err)
		}
		a := newAnalysis(bodyElement(doc.Nodes[0]), true)
		if got := a.onlyPost(doc.Find("#x").Nodes[0]); got != tt.want {
			t.Errorf("onlyPost in %s = %v, want %v", tt.page, got, tt.want)
		}
	}
}
