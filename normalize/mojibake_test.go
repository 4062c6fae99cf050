package normalize

import "testing"

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
