package normalize

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

// profilePage hides its byline, date and body in markup the generic rules
// cannot know about.
const profilePage = `<!doctype html><html lang="en"><head><title>Home | Odd Site</title></head><body>
<div class="x-head"><span class="x-t">Harbour Fees Rise Again</span></div>
<div class="x-meta"><span class="x-who">Written by Jane Roe, Senior Fellow</span>
<span class="x-who">Tom Poe</span><span class="x-when">03/04/2024</span></div>
<div class="x-main">
<p>Port authorities raised fees for the third year running, citing dredging costs and new environmental rules that came into force in January.</p>
<div class="x-promo">Subscribe to our newsletter for weekly updates.</div>
<p>Shipping lines say the increases will be passed on to importers, and through them to consumers, within months.</p>
</div>
<div class="x-side"><p>Unrelated sidebar text that is long enough to look like content to a generic extractor, with many words in it.</p></div>
</body></html>`

func TestProfilesOverrideGenericRules(t *testing.T) {
	ps, err := NewProfiles(map[string]ProfileSpec{
		"odd.example": {
			Title:   ".x-t",
			Authors: ".x-who",
			Date:    ".x-when",
			Body:    ".x-main",
			Drop:    []string{".x-promo"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	in := Input{URL: "https://www.odd.example/news/harbour-fees", Body: []byte(profilePage)}
	p, err := Extract(context.Background(), in, Options{Profiles: ps})
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Harbour Fees Rise Again" {
		t.Errorf("title %q", p.Title)
	}
	if !slices.Equal(p.Authors, []string{"Jane Roe", "Tom Poe"}) {
		t.Errorf("authors %q", p.Authors)
	}
	if p.Published != "2024-04-03" && p.Published != "2024-03-04" {
		t.Errorf("published %q", p.Published)
	}
	if !strings.HasPrefix(p.Text, "Port authorities raised fees") || !strings.HasSuffix(p.Text, "within months.") {
		t.Errorf("text %q", p.Text)
	}
	for _, bad := range []string{"Subscribe", "sidebar"} {
		if strings.Contains(p.Text, bad) {
			t.Errorf("text keeps %q: %q", bad, p.Text)
		}
	}

	// Another host gets the generic rules.
	in.URL = "https://other.example/news/harbour-fees"
	g, err := Extract(context.Background(), in, Options{Profiles: ps})
	if err != nil {
		t.Fatal(err)
	}
	if g.Title == "Harbour Fees Rise Again" && slices.Equal(g.Authors, []string{"Jane Roe", "Tom Poe"}) {
		t.Error("the profile applied to another host")
	}
}

func TestProfilesRejectBadSelectors(t *testing.T) {
	_, err := NewProfiles(map[string]ProfileSpec{"example.org": {Body: "div[["}})
	var pe *ProfileError
	if !errors.As(err, &pe) || pe.Host != "example.org" || pe.Field != "body" {
		t.Fatalf("err = %v, want a ProfileError naming example.org and body", err)
	}
}
