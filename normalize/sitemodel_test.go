package normalize

import (
	"slices"
	"testing"
)

// SlotNames reads the names at a learned byline position, as templates
// print them next to a date, handles and whom the author signs for.
func TestSlotNames(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"November 25, 2019 - Sijie Guo\n(@sijieg)\nMarkos Sfikas\n(@MarkSfik)", []string{"Sijie Guo", "Markos Sfikas"}},
		{"11 March 2012 |\nStefan Karpinski", []string{"Stefan Karpinski"}},
		{"May 11, 2021 · Mara Bos on behalf of\nThe Rust 2021 Edition Working Group", []string{"Mara Bos"}},
		{"April 18, 2022 · Mara Bos on behalf of\nthe library team", []string{"Mara Bos"}},
		{"December 17, 2018 · The Dev-tools team", []string{"The Dev-tools team"}},
		{"8 September 2021 |\nThe JuliaCon 2021 committee", []string{"The JuliaCon 2021 committee"}},
		{"Posted by Jane Doe", []string{"Jane Doe"}},
		{"12 March 2024", nil},
	} {
		if got := SlotNames(c.text); !slices.Equal(got, c.want) {
			t.Errorf("SlotNames(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
