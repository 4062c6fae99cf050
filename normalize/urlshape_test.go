package normalize

import (
	"context"
	"strings"
	"testing"
)

// A clean page (one <article>, one h1, a published time, prose, no byline)
// is an article whatever its URL looks like.
func TestArticleWhateverTheURL(t *testing.T) {
	var prose strings.Builder
	for _, p := range []string{
		"Every city that grew up around a river eventually forgets the river, and ours is no exception to that rule.",
		"The warehouses that once lined the banks became offices, then flats, and the water turned into a view rather than a road.",
		"The council's new plan for the eastern embankment asks a question worth taking seriously: what would it mean to use the river again?",
		"The proposal is modest on paper: two landing stages, a towpath repaired for cyclists, and a small grant for a ferry.",
		"Critics call it nostalgia dressed up as transport policy, and they have a point about the numbers the council published.",
		"A ferry that carries forty people an hour will not empty the bridge at rush hour, whatever the brochures promise.",
		"Yet the objection misses what the plan is for: it is less a traffic scheme than an invitation to look at the town from the water.",
		"The costs are small next to the road budget, and the landing stages could be built within a single summer season.",
		"What the plan lacks is a way to measure whether anyone uses the boats once the opening ceremony is over.",
		"A pilot with published passenger counts, reviewed after two years, would answer the critics better than any speech.",
	} {
		prose.WriteString("<p>" + p + "</p>\n")
	}
	page := `<!doctype html><html lang="en"><head><title>Plain commentary</title>
<meta property="article:published_time" content="2023-01-12T09:00:00Z"></head>
<body><header><a href="/">Home</a></header><main><article><h1>Plain commentary</h1>` + prose.String() + `</article></main>
<footer><p>Contact us</p></footer></body></html>`
	for _, u := range []string{
		"https://example.org/2023/01/plain-commentary/",
		"https://example.org/a/plain",
		"https://example.org/node/123",
		"https://example.org/?p=123",
		"https://example.org/archives/123",
		"https://example.org/comment/plain_commentary_on_the_river/",
	} {
		p, err := Extract(context.Background(), Input{URL: u, Body: []byte(page)}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if p.PageType != PageArticle {
			t.Errorf("%s: %s, want article", u, p.PageType)
		}
	}
}

// A forwarding stub (a static site generator's alias page for an old URL)
// is no article, however much its URL looks like one.
func TestForwardingStubIsNoArticle(t *testing.T) {
	stub := `<!DOCTYPE html><html lang="en"><head>
<title>https://example.org/2020/02/22/beam-on-flink/</title>
<link rel="canonical" href="https://example.org/2020/02/22/beam-on-flink/">
<meta name="robots" content="noindex"><meta charset="utf-8">
<meta http-equiv="refresh" content="0; url=https://example.org/2020/02/22/beam-on-flink/">
</head></html>`
	p, err := Extract(context.Background(), Input{URL: "https://example.org/ecosystem/2020/02/22/beam-on-flink.html", Body: []byte(stub)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.PageType == PageArticle || p.Refresh == "" {
		t.Errorf("stub: type %s, refresh %q: want no article that forwards", p.PageType, p.Refresh)
	}
}
