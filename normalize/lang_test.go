package normalize

import "testing"

func TestNormalizeLang(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"en", "en"}, {"EN-gb", "en-gb"}, {"en_US", "en-us"}, {"zh-Hans-CN", "zh-cn"}, {"es-419", "es-419"},
		{"ru-RU, en", "ru-ru"}, {"English", "en"}, {"x-default", ""}, {"", ""}, {"12", ""}, {"pt-br", "pt-br"},
	} {
		if got := normalizeLang(tt.in); got != tt.want {
			t.Errorf("normalizeLang(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
