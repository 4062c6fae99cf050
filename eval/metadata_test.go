package eval

import (
	"slices"
	"testing"
)

// Expected values are score.py's (norm_title, norm_authors, norm_date).

func TestNormTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The Title — Site", "the title — site"},
		{"  Grüße :: ", "grüsse"},
		{"ﬁnal ﬂow", "final flow"},
		{"Ｆｕｌｌｗｉｄｔｈ", "fullwidth"},
		{"-–— . | :", ""},
		{"Title\u00a0with\u2009spaces", "title with spaces"},
		{"A\x1cB", "a b"},
		{"STRASSE", "strasse"},
		{"Straße", "strasse"},
		{"| Section – Title |", "section – title"},
	}
	for _, tt := range tests {
		if got := normTitle(tt.in); got != tt.want {
			t.Errorf("normTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTitleMatch(t *testing.T) {
	tests := []struct {
		want, got string
		ok        bool
	}{
		{"Straße", "STRASSE.", true},
		{"Hello World", "hello  world |", true},
		{"Hello World", "Hello World - Site", false},
		{"", "", false}, // an empty ground truth never matches
		{" - ", "", false},
	}
	for _, tt := range tests {
		if ok := titleMatch(tt.want, tt.got); ok != tt.ok {
			t.Errorf("titleMatch(%q, %q) = %v, want %v", tt.want, tt.got, ok, tt.ok)
		}
	}
}

func TestNormAuthors(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"By Jane Doe and John Roe", []string{"jane doe", "john roe"}},
		{"María y José", []string{"josé", "maría"}},
		{"Jean et Marie; Paul", []string{"jean", "marie", "paul"}},
		{"Hans und Grete / Max | Moritz", []string{"grete", "hans", "max", "moritz"}},
		{"von Goethe", []string{"goethe"}},
		{"Par Émile & Zoé", []string{"zoé", "émile"}},
		{"Andy Anderson, Sandy", []string{"andy anderson", "sandy"}}, // "and" inside words does not split
		{"Bandy Andersen", []string{"bandy andersen"}},
		{"ETHAN ET AL", []string{"al", "ethan"}},
		{"Et Al", []string{"al"}},
		{"by", []string{"by"}}, // the prefix needs a following space
		{"by  By Nobody", []string{"by nobody"}},
		{"Jane Doe.", []string{"jane doe"}},
		{"A.  B. ; ; , C", []string{"a. b", "c"}},
		{"Ann\x1cand\x1fBob", []string{"ann", "bob"}},
		{"x y", []string{"x"}},
		{"Jo_and_Al", []string{"jo_and_al"}},
		{"Jo and", []string{"jo"}},
		{"and Jo", []string{"jo"}},
		{"Jane; Jane", []string{"jane"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := normAuthors(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("normAuthors(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAuthorsMatch(t *testing.T) {
	tests := []struct {
		want string
		got  []string
		ok   bool
	}{
		{"Jane Doe, John Roe", []string{"John Roe", "JANE DOE"}, true},
		{"Jane Doe, John Roe", []string{"By Jane Doe and John Roe"}, true},
		{"Jane Doe, John Roe", []string{"Jane Doe"}, false},
		{"Jane Doe", []string{"Jane Doe", ""}, true},
		{"Jane Doe", nil, false},
		{"", nil, false},
		{";", []string{""}, false},
	}
	for _, tt := range tests {
		if ok := authorsMatch(tt.want, tt.got); ok != tt.ok {
			t.Errorf("authorsMatch(%q, %q) = %v, want %v", tt.want, tt.got, ok, tt.ok)
		}
	}
}

func TestNormDate(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"2020-01-02", "2020-01-02", true},
		{" 2020-01-02T00:00", "2020-01-02", true},
		{"\u00a02020-01-02", "2020-01-02", true},
		{"２０２０-01-02", "2020-01-02", true}, // NFKC makes the digits ASCII
		{"٢٠٢٠-٠١-٠٢", "٢٠٢٠-٠١-٠٢", true}, // other digits match but stay as they are
		{"२०२०-०१-०२", "२०२०-०१-०२", true},
		{"2020-1-2", "", false},
		{"x2020-01-02", "", false},
		{"2020-01-0", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := normDate(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("normDate(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDateMatch(t *testing.T) {
	tests := []struct {
		want, got string
		ok        bool
	}{
		{"2020-01-02T10:00:00+01:00", "2020-01-02", true},
		{"2020-01-02", "2020-01-02T23:59:00-08:00", true},
		{"2020-01-02", "2020-01-03", false},
		{"2020-01-02", "٢٠٢٠-٠١-٠٢", false},
		{"2020-01-02", "２０２０-０１-０２", true},
		{"January 2, 2020", "January 2, 2020", false},
		{"2020-01-02", "", false},
	}
	for _, tt := range tests {
		if ok := dateMatch(tt.want, tt.got); ok != tt.ok {
			t.Errorf("dateMatch(%q, %q) = %v, want %v", tt.want, tt.got, ok, tt.ok)
		}
	}
}
