package eval

import (
	"slices"
	"testing"
)

// The expected values in these tables are what Python 3 gives for the same
// input (re.findall(r"\w+", s), s.lower(), s.casefold()).

func TestTokens(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"ascii", "Hello, world!", []string{"Hello", "world"}},
		{"underscores and digits", "x_1 __init__ 3.14", []string{"x_1", "__init__", "3", "14"}},
		{"combining mark ends a token", "café cafe\u0301s", []string{"café", "cafe", "s"}},
		{"devanagari vowel signs split words", "हिन्दी", []string{"ह", "न", "द"}},
		{"cjk runs are one token", "日本語のテキスト、漢字", []string{"日本語のテキスト", "漢字"}},
		{"numeric characters", "²³ ①② Ⅻ ½ ٣٤", []string{"²³", "①②", "Ⅻ", "½", "٣٤"}},
		{"zero width space and nbsp separate", "a\u200bb c\u00a0d", []string{"a", "b", "c", "d"}},
		{"apostrophe and hyphen separate", "don't e-mail", []string{"don", "t", "e", "mail"}},
		{"greek", "ΟΔΟΣ", []string{"ΟΔΟΣ"}},
		{"emoji are not words", "👍🏽ok", []string{"ok"}},
		{"modifier letters are words", "ʰaˇb ー", []string{"ʰaˇb", "ー"}},
		{"empty", "", nil},
		{"invalid utf-8 separates", "a\xffb", []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tokens(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("tokens(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLower(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ΟΔΟΣ", "οδος"},
		{"ΣΑ", "σα"},
		{"ΣΣ", "σς"},
		{"Σ", "σ"},
		{"ΑΣ1", "ας1"},
		{"ΑΣΑ", "ασα"},
		{"ΑˇΣ", "αˇς"},
		{"İstanbul", "i\u0307stanbul"},
		{"ǅemal", "ǆemal"},
		{"STRASSE", "strasse"},
		{"ẞ", "ß"},
		{"Ꭰ", "ꭰ"},
		{"ASCII_1", "ascii_1"},
	}
	for _, tt := range tests {
		if got := lower(tt.in); got != tt.want {
			t.Errorf("lower(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCasefold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Straße", "strasse"},
		{"ﬁnal", "final"},
		{"ΣΟΦΙΑΣ", "σοφιασ"},
		{"ς", "σ"},
		{"İ", "i\u0307"},
		{"Ꭰꭰ", "ᎠᎠ"},
		{"xᎠyꭰz", "xᎠyᎠz"},
		{"ŉ", "ʼn"},
		{"ᾈ", "ἀι"},
		{"MICRO µ", "micro μ"},
		{"ǅ", "ǆ"},
		{"plain ascii", "plain ascii"},
	}
	for _, tt := range tests {
		if got := casefold(tt.in); got != tt.want {
			t.Errorf("casefold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWS(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  a \t\n b  ", "a b"},
		{"a\u00a0\u2003b", "a b"},
		{"a\x1cb\x1fc", "a b c"},
		{"a\u200bb", "a\u200bb"}, // not white space for Python
		{"ﬁ Ｆｕｌｌ ½", "fi Full 1⁄2"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := ws(tt.in); got != tt.want {
			t.Errorf("ws(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
