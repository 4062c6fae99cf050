package normalize

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

func TestParseRelativeDate(t *testing.T) {
	now := time.Date(2024, 5, 10, 9, 0, 0, 0, time.UTC)
	tests := []struct{ in, want string }{
		{"3 days ago", "2024-05-07"},
		{"a day ago", "2024-05-09"},
		{"2 hours ago", "2024-05-10"},
		{"yesterday", "2024-05-09"},
		{"vor 3 Tagen", "2024-05-07"},
		{"Veröffentlicht/Aktualisiert: vor 1 Stunde", "2024-05-10"},
		{"vor einem Tag", "2024-05-09"},
		{"gestern, 14:30", "2024-05-09"},
		{"il y a 2 jours", "2024-05-08"},
		{"hier", "2024-05-09"},
		{"hace 3 días", "2024-05-07"},
		{"3 giorni fa", "2024-05-07"},
		{"3 dagen geleden", "2024-05-07"},
		{"3 dni temu", "2024-05-07"},
		{"há 2 dias", "2024-05-08"},
		{"för 2 dagar sedan", "2024-05-08"},
		{"2 päivää sitten", "2024-05-08"},
		{"3 дня назад", "2024-05-07"},
		{"вчера", "2024-05-09"},
		{"3 дні тому", "2024-05-07"},
		{"2 päeva tagasi", "2024-05-08"},
		{"pirms 2 dienām", "2024-05-08"},
		{"prieš 2 dienas", "2024-05-08"},
		{"1 week ago", "2024-05-03"},
		{"3 months ago", ""}, // too coarse to name a day
		{"Heute ist ein schöner Tag, und wir gehen alle zusammen in den Park am See", ""},
		{"14 September 2023", ""},
	}
	for _, tt := range tests {
		got := ""
		if d, ok := parseRelativeDate(tt.in, now); ok {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("parseRelativeDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestRelativeDateLast reads a relative date only when the page gives no
// other date, and marks it.
func TestRelativeDateLast(t *testing.T) {
	now := time.Date(2024, 5, 10, 9, 0, 0, 0, time.UTC)
	base, _ := url.Parse("https://example.org/a")
	for _, tt := range []struct {
		name, body, want string
		relative         bool
	}{
		{"alone", `<h1>T</h1><div class="date">vor 3 Tagen</div>`, "2024-05-07", true},
		{"with a real date", `<h1>T</h1><div class="date">vor 3 Tagen</div><p>Datum: 02.05.2024</p>`, "2024-05-02", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, _ := goquery.NewDocumentFromReader(strings.NewReader(`<html lang="de"><body>` + tt.body + `</body></html>`))
			m := extractMetadataAt(doc, base, now)
			if m.Published != tt.want || m.relativeDate != tt.relative {
				t.Errorf("published %q relative %v, want %q %v", m.Published, m.relativeDate, tt.want, tt.relative)
			}
		})
	}
}

func FuzzParseRelativeDate(f *testing.F) {
	for _, s := range []string{"vor 3 Tagen", "3 days ago", "hier", "il y a 2 jours", "3 дня назад", "prieš 2 dienas"} {
		f.Add(s)
	}
	now := time.Date(2024, 5, 10, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseRelativeDate(s, now)
		if !ok {
			return
		}
		if d.t.After(now) || now.Sub(d.t) > 1000*7*24*time.Hour {
			t.Fatalf("date %v from %q out of range", d.t, s)
		}
		if d.pos < 0 || d.end < d.pos {
			t.Fatalf("bad span %d..%d for %q", d.pos, d.end, s)
		}
	})
}
