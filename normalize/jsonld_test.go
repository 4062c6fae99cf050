package normalize

import (
	"reflect"
	"testing"
)

func TestParseJSONLD(t *testing.T) {
	tests := []struct {
		name   string
		blocks []string
		want   ldFacts
	}{
		{
			name: "news article with nested author objects",
			blocks: []string{`{"@context":"https://schema.org","@type":"NewsArticle","headline":"Rates rise &amp; fall",
				"author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","givenName":"John","familyName":"Roe"}],
				"datePublished":"2023-09-14T10:00:00+02:00","dateModified":"2023-09-15T08:00:00+02:00",
				"inLanguage":"en-GB","keywords":"economy, rates","publisher":{"@type":"Organization","name":"Example News"}}`},
			want: ldFacts{Type: "NewsArticle", Article: true, Headline: "Rates rise & fall", Authors: []string{"Jane Doe", "John Roe"},
				Published: "2023-09-14T10:00:00+02:00", Modified: "2023-09-15T08:00:00+02:00", Lang: "en-GB",
				Keywords: []string{"economy", "rates"}, Publisher: "Example News"},
		},
		{
			name: "graph with @id references",
			blocks: []string{`{"@context":"https://schema.org","@graph":[
				{"@type":"WebSite","@id":"https://example.com/#website","name":"Example Blog"},
				{"@type":"WebPage","@id":"https://example.com/post/#webpage","name":"Post | Example Blog"},
				{"@type":["Article","BlogPosting"],"headline":"Post","author":{"@id":"https://example.com/#/person/1"},
				 "datePublished":"2023-01-02","mainEntityOfPage":{"@id":"https://example.com/post/#webpage"}},
				{"@type":"Person","@id":"https://example.com/#/person/1","name":"Ann Poe"}]}`},
			want: ldFacts{Type: "Article", Article: true, Headline: "Post", Authors: []string{"Ann Poe"},
				Published: "2023-01-02", Publisher: "Example Blog"},
		},
		{
			name:   "organisation author",
			blocks: []string{`[{"@type":"ReportageNewsArticle","headline":"H","author":{"@type":"Organization","name":"Example Desk"}}]`},
			want:   ldFacts{Type: "ReportageNewsArticle", Article: true, Headline: "H", Authors: []string{"Example Desk"}, OrgAuthor: true},
		},
		{
			name: "broken JSON: comments, trailing commas, raw newlines, bad escapes",
			blocks: []string{`<!--
				{
				  // the article
				  "@type": "BlogPosting", /* main entity */
				  "headline": "Line one
				line two",
				  "author": "Jane \'JD\' Doe",
				  "keywords": ["a", "b",],
				}
				-->`},
			want: ldFacts{Type: "BlogPosting", Article: true, Headline: "Line one line two", Authors: []string{"Jane 'JD' Doe"},
				Keywords: []string{"a", "b"}},
		},
		{
			name:   "entity-escaped JSON",
			blocks: []string{`{&quot;@type&quot;:&quot;OpinionNewsArticle&quot;,&quot;headline&quot;:&quot;Opinion&quot;}`},
			want:   ldFacts{Type: "OpinionNewsArticle", Article: true, Headline: "Opinion"},
		},
		{
			name:   "two objects in a row, page first",
			blocks: []string{`{"@type":"WebPage","name":"Page"} {"@type":"AnalysisNewsArticle","headline":"Analysis"}`},
			want:   ldFacts{Type: "AnalysisNewsArticle", Article: true, Headline: "Analysis"},
		},
		{
			name:   "only a web page",
			blocks: []string{`{"@type":"CollectionPage","name":"All posts","inLanguage":{"@type":"Language","name":"English","alternateName":"en"}}`},
			want:   ldFacts{Type: "CollectionPage", Headline: "All posts", Lang: "en"},
		},
		{name: "garbage", blocks: []string{`{{{ not json`, ``, `null`}, want: ldFacts{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseJSONLD(tt.blocks, "https://example.com/post/")
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestRepairJSON(t *testing.T) {
	in := `{"a": "x // not a comment", "b": [1, 2,], /* c */ "c": "tab	here",}`
	want := `{"a": "x // not a comment", "b": [1, 2],  "c": "tab here"}`
	if got := string(repairJSON(in)); got != want {
		t.Errorf("repairJSON = %s, want %s", got, want)
	}
}
