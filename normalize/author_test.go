package normalize

import (
	"reflect"
	"testing"
)

func TestCleanAuthors(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Jane Doe", []string{"Jane Doe"}},
		{"By Jane Doe", []string{"Jane Doe"}},
		{"BY JANE DOE", []string{"JANE DOE"}},
		{"ByJane Doe", []string{"Jane Doe"}},
		{"Posted by Jane Doe on September 14, 2023", []string{"Jane Doe"}},
		{"Written by: Jane Doe", []string{"Jane Doe"}},
		{"Posted on 3 May 2023 by Jane Doe", []string{"Jane Doe"}},
		{"Jane Doe · 14 September 2023", []string{"Jane Doe"}},
		{"Dec 17, 2025 Jane Doe", []string{"Jane Doe"}},
		{"Von Max Mustermann und Erika Musterfrau", []string{"Max Mustermann", "Erika Musterfrau"}},
		{"Par Sébastien Farcis", []string{"Sébastien Farcis"}},
		{"Por Ana García y Luis Pérez", []string{"Ana García", "Luis Pérez"}},
		{"Marie Dupont et Paul Martin", []string{"Marie Dupont", "Paul Martin"}},
		{"Автор: Иван Петров", []string{"Иван Петров"}},
		{"Jane Doe and John Roe", []string{"Jane Doe", "John Roe"}},
		{"Jane Doe, John Roe & Ann Poe", []string{"Jane Doe", "John Roe", "Ann Poe"}},
		{"Danielle DeSiato, Donna Enzmann, and Natalie Nguyen", []string{"Danielle DeSiato", "Donna Enzmann", "Natalie Nguyen"}},
		{"Jane Doe, Senior Fellow at the Example Institute", []string{"Jane Doe"}},
		{"Metro Contributor", []string{"Metro Contributor"}},
		{"Community Editor", []string{"Community Editor"}},
		{"Jane Doe Editor", []string{"Jane Doe"}},
		{"Jane Doe, Print Managing Editor", []string{"Jane Doe"}},
		{"Jane Doe, Sr. Director of Operations", []string{"Jane Doe"}},
		{"Sat", nil},
		{"Jane Doe Sat", []string{"Jane Doe Sat"}},
		{"Jane Doe, PhD", []string{"Jane Doe, PhD"}},
		{"Jane Doe, MD, FACP", []string{"Jane Doe, MD, FACP"}},
		{"Written By Jane Doe, MD*", []string{"Jane Doe, MD"}},
		{"Jane Doe, MD and John Roe, PhD", []string{"Jane Doe, MD", "John Roe, PhD"}},
		{"Jane Doe, Chief Product Officer, Data at Scale", []string{"Jane Doe"}},
		{"Jane Doe, Privacy and Digital Security Expert", []string{"Jane Doe"}},
		{"Jane Doe, Global Desk", []string{"Jane Doe"}},
		{"This post was written by Jane Doe, Head of Sales and Community Development", []string{"Jane Doe"}},
		{"Contributors:\nJane Doe", []string{"Jane Doe"}},
		{"Jane Doe, John Roe, Staff Writers", []string{"Jane Doe", "John Roe"}},
		{"Written by: Jane Doe, Senior AnalystUpdated Sep 17, 2025", []string{"Jane Doe"}},
		{"Center for Coastal Research and Policy", []string{"Center for Coastal Research and Policy"}},
		{"By The Example editors", []string{"The Example editors"}},
		{"Review\nby\nWill Okafor\nFormer Gear Editor", []string{"Will Okafor"}},
		{"Will", nil},
		{"Jane Doe\nFull Bio", []string{"Jane Doe"}},
		{"Reviewed by\nJane Doe", nil},
		{"The Devils by Jane Doe", nil},
		{"METH_FASTCALL", nil},
		{"Jane Doe Staff Writer", []string{"Jane Doe"}},
		{"Jane Doe, Example University", []string{"Jane Doe"}},
		{"Jane Doe (@janedoe)", []string{"Jane Doe"}},
		{"Jane Doe jane@example.com", []string{"Jane Doe"}},
		{"Jane Doe https://example.com/jane", []string{"Jane Doe"}},
		{"@janedoe", nil},
		{"https://www.facebook.com/example", nil},
		{"Jane Doe; JANE DOE", []string{"Jane Doe"}},
		{"Maria & Katerina", []string{"Maria", "Katerina"}},
		{"Paramita (Guha) Ghosh", []string{"Paramita (Guha) Ghosh"}},
		{"Written by\nEdzel Tabing", []string{"Edzel Tabing"}},
		{"Jane Doe\nSenior Editor, Example News", []string{"Jane Doe"}},
		{"Jane Doe\nand\nJohn Roe", []string{"Jane Doe", "John Roe"}},
		{"Jane Doe, Marketing", []string{"Jane Doe"}},
		{"Reviewed by Jane Doe", nil},
		{"Jane Doe | Updated 3 May 2023", []string{"Jane Doe"}},
		{"Jane Doe 5 min read", []string{"Jane Doe"}},
		{"Jane Doe in Technology", []string{"Jane Doe"}},
		// Not names.
		{"Click here to read more about our editorial policy", nil},
		{"a vetted contractor network, helping homeowners plan, visualize, build", nil},
		{"Share on Twitter", nil},
		{"123 Main Street", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := cleanAuthors(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("cleanAuthors(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsGenericAuthor(t *testing.T) {
	sites := []string{"Example News"}
	for _, tt := range []struct {
		name string
		want bool
	}{
		{"Staff", true}, {"admin", true}, {"Editorial Team", true}, {"Example News", true},
		{"example.com", true}, {"Example News Staff", true}, {"Jane Doe", false}, {"Everfit Team", false},
		{"jane.doe", true}, {"jdoe42", true}, {"J.D. Salinger", false}, {"Name", true},
	} {
		if got := isGenericAuthor(tt.name, sites, "www.example.com"); got != tt.want {
			t.Errorf("isGenericAuthor(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCleanAuthorField(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Your Local Framer", []string{"Your Local Framer"}},
		{"98 Degrees Studio", []string{"98 Degrees Studio"}},
		{"ABC", []string{"ABC"}},
		{"jdoe_42", []string{"jdoe_42"}},
		{"Jane Doe, MD", []string{"Jane Doe, MD"}},
		{"https://www.facebook.com/example", nil},
	}
	for _, tt := range tests {
		if got := cleanAuthorField(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("cleanAuthorField(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNameKey(t *testing.T) {
	for _, n := range []string{"Jane Doe", "Dr. Jane Doe", "Dr Jane Doe", "jane doe, MD", "JANE DOE, PhD"} {
		if got := nameKey(n); got != "jane doe" {
			t.Errorf("nameKey(%q) = %q, want %q", n, got, "jane doe")
		}
	}
}

func TestSharedShare(t *testing.T) {
	if got := sharedShare([]string{"Jane Doe", "John Roe", "Ann Poe"}, []string{"Jane Doe"}); got < 0.33 || got > 0.34 {
		t.Errorf("sharedShare = %v, want 1/3", got)
	}
	if got := sharedShare([]string{"Jane Doe"}, []string{"Dr. Jane Doe", "John Roe"}); got != 1 {
		t.Errorf("sharedShare = %v, want 1", got)
	}
}

func TestInvertCitationNames(t *testing.T) {
	got := invertCitationNames([]string{"Roy, Aniruddha", "Kaufman, Jeff T.", "Jane Doe", "Doe, Jane, Roe, John", "van der Berg, Anna Maria"})
	want := []string{"Aniruddha Roy", "Jeff T. Kaufman", "Jane Doe", "Doe, Jane, Roe, John", "Anna Maria van der Berg"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
