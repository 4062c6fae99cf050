package normalize

import "testing"

func TestIsTitleLink(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Market hall reopens after two years of repairs", true},
		{"Richtig frühstücken: Die besten Tipps für einen flachen Bauch", true},
		{"Read the council's decision here.", false},
		{"https://bakery.example/rye and more words", false},
		{"Zur Studie", false},
		{"Download the full report as a PDF file (2 MB) report.pdf", false},
	}
	for _, tt := range tests {
		if got := isTitleLink(tt.text); got != tt.want {
			t.Errorf("isTitleLink(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
