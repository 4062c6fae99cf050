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
		{"Field Journal: Rates rise again in May", []string{"Rates rise again in May"}, "Rates rise again in May"},
		{"Field Journal: Rates rise", []string{"Rates rise"}, "Field Journal: Rates rise"},
		{"example.com Rates rise again", nil, "Rates rise again"},
		{"example.org Rates rise again", nil, "example.org Rates rise again"},
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

func TestCommonSpelling(t *testing.T) {
	for _, tt := range []struct {
		h     string
		cands []string
		want  string
	}{
		{"Don’t panic", []string{"Don't panic", "Don't  panic", "Other title"}, "Don't panic"},
		{"Don’t panic", []string{"Don't panic", "Don’t panic"}, "Don’t panic"},
		{"Don’t panic", []string{"Don't panic"}, "Don’t panic"}, // a tie keeps the h1
		{"Don’t panic", nil, "Don’t panic"},
	} {
		if got := commonSpelling(tt.h, tt.cands); got != tt.want {
			t.Errorf("commonSpelling(%q, %q) = %q, want %q", tt.h, tt.cands, got, tt.want)
		}
	}
}

func TestIsTitleLabel(t *testing.T) {
	raw := []string{"Tips - Keeping bees in winter", "Keeping bees in winter"}
	for _, tt := range []struct {
		label string
		want  bool
	}{
		{"blog:", true},
		{"dec 18 2025", true},
		{"tips", true}, // the metadata sets it apart
		{"the", false},
		{"2025", false},
		{"", false},
	} {
		if got := isTitleLabel(tt.label, raw); got != tt.want {
			t.Errorf("isTitleLabel(%q) = %v, want %v", tt.label, got, tt.want)
		}
	}
}
