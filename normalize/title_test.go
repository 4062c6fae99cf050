package normalize

import "testing"

func TestStripSiteAffixes(t *testing.T) {
	sites := []string{"Example News"}
	tests := []struct {
		in     string
		others []string
		want   string
	}{
		{"Rates rise again | Example News", nil, "Rates rise again"},
		{"Rates rise again – Example News", nil, "Rates rise again"},
		{"Rates rise again - example.com", nil, "Rates rise again"},
		{"Example News: Rates rise again", nil, "Rates rise again"},
		{"Example News | Rates rise again", nil, "Rates rise again"},
		{"Rates rise again - Markets - Example News", nil, "Rates rise again - Markets"},
		{"Rates rise again - Markets - Example News", []string{"Rates rise again"}, "Rates rise again"},
		{"Spider-Man - A Retrospective", nil, "Spider-Man - A Retrospective"},
		{"Zero Waste - A Beginner's Guide", nil, "Zero Waste - A Beginner's Guide"},
		{"Example News", nil, "Example News"},
	}
	for _, tt := range tests {
		if got := stripSiteAffixes(tt.in, sites, "www.example.com", tt.others); got != tt.want {
			t.Errorf("stripSiteAffixes(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCutPipeParts(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Best Movers in Town 2025 | Top 19 Companies", "Best Movers in Town 2025"},
		{"Blog | How We Test Our Laptops", "How We Test Our Laptops"},
		{"How meditation rewires brains | Opinion", "How meditation rewires brains"},
		{"A | B", "A | B"},
		{"No pipes - here", "No pipes - here"},
	} {
		if got := cutPipeParts(tt.in); got != tt.want {
			t.Errorf("cutPipeParts(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsSiteName(t *testing.T) {
	for _, tt := range []struct {
		part, host string
		want       bool
	}{
		{"The Motley Fool", "www.fool.com", true},
		{"Tarkett", "home.tarkett.co.uk", true},
		{"advantagefitness.com", "advantagefitness.com", true},
		{"Example News", "other.org", true},
		{"A Retrospective", "www.example.com", false},
		{"Markets", "www.example.com", false},
	} {
		if got := isSiteName(tt.part, []string{"Example News"}, tt.host); got != tt.want {
			t.Errorf("isSiteName(%q, %q) = %v, want %v", tt.part, tt.host, got, tt.want)
		}
	}
}
