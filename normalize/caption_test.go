package normalize

import (
	"context"
	"strings"
	"testing"
)

// TestCaptionsInMarkdownNotText checks that a photo caption reaches the
// Markdown, under its image, but not the record's running text.
func TestCaptionsInMarkdownNotText(t *testing.T) {
	page := `<html><head><title>Salt marsh survey</title></head><body><article>
<h1>Salt marsh survey</h1>
<p>Volunteers counted nesting redshanks along the estuary for the third spring running, and the count rose again.</p>
<figure><img src="/img/redshank.jpg" alt="A redshank on a post"><figcaption>A redshank on the old jetty post. Photo: survey team</figcaption></figure>
<p>The survey will repeat next April, with more volunteers trained over the winter months by the county trust.</p>
<p class="wp-caption-text">Map of the survey transects</p>
<p>Results go to the county recorder, who publishes them every autumn with the other estuary counts.</p>
</article></body></html>`
	p, err := Extract(context.Background(), Input{URL: "https://marsh.example/survey.html", Body: []byte(page)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	md, text := p.Record.Markdown, p.Record.Text
	for _, want := range []string{"![A redshank on a post](https://marsh.example/img/redshank.jpg)", "*A redshank on the old jetty post. Photo: survey team*", "Map of the survey transects"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	for _, caption := range []string{"old jetty post", "survey transects"} {
		if strings.Contains(text, caption) {
			t.Errorf("text holds the caption %q:\n%s", caption, text)
		}
	}
	if !strings.Contains(text, "county recorder") {
		t.Errorf("text lost the prose:\n%s", text)
	}
	if strings.Contains(md, captionMark) {
		t.Errorf("markdown leaks the caption mark:\n%s", md)
	}
}
