package main

import "time"

// vocabulary is what genposts writes one site's posts from. Strings may
// hold slots that are filled at random: {place}, {group}, {org}, {person},
// {num} (3 to 95), {big} (120 to 4,800), {pct} (a percentage), {year},
// {month}, {day} (a weekday), {money} (a sum in pounds).
type vocabulary struct {
	seed        uint64
	count       int     // posts to write
	shortShare  float64 // share of short posts
	from, to    time.Time
	firstID     int
	authors     [][]string // author sets to choose from; an empty set names nobody
	categories  []string   // one is chosen per post when not empty
	topics      []topic
	places      []string
	groups      []string
	orgs        []string
	persons     []string
	shorts      []short    // short posts, used in order
	images      []image    // for images in bodies and lead images
	externals   []external // external links
	linkLeads   []string   // "{anchor}" and "{url}" are filled in
	listLeads   []string   // sentences introducing a list
	quoteLeads  []string   // sentences introducing a quote
	leadImages  bool       // every post gets a lead image (front matter)
	permalink   func(p *genPost) (url, link string)
	urlOverride func(p *genPost, i int) string // explicit url: front matter, or ""
}

// topic is one subject of a site, with its tag.
type topic struct {
	tag       string
	titles    []string
	headings  []string
	sentences []string
	items     []string
	listLead  string // introduces a list of items; a site-wide lead when empty
	quotes    []string
}

// short is a post of one or a few sentences.
type short struct {
	tag   string // tag of the post
	title string
	text  string
	image string // index into images by name; empty for none
}

type image struct{ src, alt, caption string }

type external struct{ anchor, url string }

var vocabularies = map[string]*vocabulary{
	"community": communityVocabulary,
	"thinktank": thinktankVocabulary,
	"newswire":  newswireVocabulary,
}

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}
