package storage

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"What the river is for | Riverside Review", "what-the-river-is-for-riverside-review"},
		{"../../etc/passwd", "etc-passwd"},
		{"Река и город: что дальше?", "reka-i-gorod-chto-dalshe"},
		{"Щука, ёж и Юля", "shchuka-yozh-i-yulya"},
		{"Їжак і ґанок", "yizhak-i-ganok"},
		{"Ærøskøbing — Straße über Łódź", "aeroskobing-strasse-uber-lodz"},
		{"Crème brûlée à Noël", "creme-brulee-a-noel"},
		{"Ελληνικά", "ellinika"},
		{"🦀🔥", ""},
		{"東京の川", ""},
		{"Line one\n\tLine two", "line-one-line-two"},
		{"  --  ", ""},
		{"CON", "con"},
		{"invalid \xff utf8", "invalid-utf8"},
		{strings.Repeat("abcdefghi ", 20), strings.TrimSuffix(strings.Repeat("abcdefghi-", 8), "-")},
		{strings.Repeat("x", 300), strings.Repeat("x", maxSlugBytes)},
	}
	for _, tt := range tests {
		if got := slug(tt.in); got != tt.want {
			t.Errorf("slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBaseName(t *testing.T) {
	tests := []struct{ title, url, id, want string }{
		{"A title", "https://x/a/b", "0123", "a-title"},
		{"CON", "https://x/a/my-post/", "0123", "my-post"},
		{"index", "https://x/a/nul", "0123abc", "0123abc"},
		{"🦀", "https://x/", "0123abc", "0123abc"},
		{"🦀", "https://x/", "", "record"},
		{"", "::bad", "../..", "record"},
		{"lpt1", "https://x/com7", "aux", "record"},
	}
	for _, tt := range tests {
		if got := baseName(tt.title, tt.url, tt.id); got != tt.want {
			t.Errorf("baseName(%q, %q, %q) = %q, want %q", tt.title, tt.url, tt.id, got, tt.want)
		}
	}
}

func TestNamerUnique(t *testing.T) {
	n := newNamer()
	n.reserve("", "index.json")
	var got []string
	for _, stem := range []string{"a", "a", "A", "a-2", "a"} {
		got = append(got, n.name("", stem, ".md"))
	}
	want := []string{"a.md", "a-2.md", "A-3.md", "a-2-2.md", "a-4.md"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("names %v, want %v", got, want)
	}
	if n.name("2023", "a", ".md") != "a.md" {
		t.Error("names are per folder")
	}
}

func TestSafeRoot(t *testing.T) {
	tests := []struct{ in, want string }{
		{"archive", "archive"},
		{"My Export", "My-Export"},
		{"..", "export"},
		{".hidden", "hidden"},
		{"con", "export"},
		{"CON.backup", "export"},
		{"архив", "export"},
		{"a/b\\c", "a-b-c"},
	}
	for _, tt := range tests {
		if got := safeRoot(tt.in); got != tt.want {
			t.Errorf("safeRoot(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCheckEntry(t *testing.T) {
	for _, bad := range []string{"", "/etc/passwd", "../x", "a/../../x", "a\\b", ".hidden", "a/.b", "a//b", "a/", ".."} {
		if checkEntry(bad) == nil {
			t.Errorf("checkEntry(%q) accepted", bad)
		}
	}
	for _, good := range []string{"a.md", "2023/09/a-b.md", "index.json"} {
		if err := checkEntry(good); err != nil {
			t.Errorf("checkEntry(%q): %v", good, err)
		}
	}
}

func FuzzBaseName(f *testing.F) {
	for _, s := range nastyTitles {
		f.Add(s, "https://example.com/a/b", "0123456789abcdef")
	}
	f.Fuzz(func(t *testing.T, title, url, id string) {
		name := baseName(title, url, id) + "-99999.md"
		if len(name) > maxNameBytes || !utf8.ValidString(name) || !safeFileName.MatchString(name) {
			t.Fatalf("unsafe name %q", name)
		}
		if reservedNames[strings.TrimSuffix(name, "-99999.md")] {
			t.Fatalf("reserved name %q", name)
		}
		if err := checkEntry("2023/" + name); err != nil {
			t.Fatal(err)
		}
	})
}
