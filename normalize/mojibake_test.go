package normalize

import (
	"context"
	"strings"
	"testing"
)

func TestRepairMojibake(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"A Gardenerâ€™s Guide", "A Gardener’s Guide"},           // read as Windows-1252
		{"A Gardenerâ\u0080\u0099s Guide", "A Gardener’s Guide"}, // read as Latin-1
		{"Ã‰tÃ© en ville", "Été en ville"},
		{"Café culture", "Café culture"},
		{"Zürich – 東京", "Zürich – 東京"},
		{"Plain title", "Plain title"},
		{"", ""},
	} {
		if got := repairMojibake(tt.in); got != tt.want {
			t.Errorf("repairMojibake(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestExtractRepairsDoubleEncodedText feeds a page whose text was encoded
// twice while its markup stayed ASCII; the record carries the repaired text
// and a text that was never broken is left as it is.
func TestExtractRepairsDoubleEncodedText(t *testing.T) {
	page := `<html><head><meta charset="utf-8"><title>Tide tables</title></head><body><article>
<h1>Tide tables</h1>
<p>The harbour masterâ€™s office doesnâ€™t print tide tables any more â€” they are online.</p>
<p>Les marées d’été restent calmes, dit-elle.</p>
<p>A third paragraph keeps the body long enough to be taken for an article body.</p>
</article></body></html>`
	p, err := Extract(context.Background(), Input{URL: "https://harbour.example/tides.html", Body: []byte(page)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"master’s office doesn’t print", "any more — they", "Les marées d’été restent calmes"} {
		if !strings.Contains(p.Record.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, p.Record.Text)
		}
	}
}
