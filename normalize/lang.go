package normalize

import "strings"

// languageNames maps language names sometimes written instead of codes.
var languageNames = map[string]string{
	"english": "en", "german": "de", "deutsch": "de", "french": "fr", "français": "fr",
	"spanish": "es", "español": "es", "italian": "it", "italiano": "it", "portuguese": "pt",
	"português": "pt", "dutch": "nl", "nederlands": "nl", "russian": "ru", "русский": "ru",
	"polish": "pl", "polski": "pl", "japanese": "ja", "日本語": "ja", "chinese": "zh", "中文": "zh",
	"korean": "ko", "한국어": "ko", "czech": "cs", "čeština": "cs", "swedish": "sv", "svenska": "sv",
	"turkish": "tr", "türkçe": "tr", "ukrainian": "uk", "українська": "uk", "arabic": "ar",
}

// pageLang is the page's language: <html lang>, og:locale, the
// content-language meta, then JSON-LD inLanguage, normalised.
func pageLang(htmlLang string, mt metaTags, ld ldFacts) string {
	for _, c := range []string{htmlLang, mt.first("og:locale"), mt.first("content-language", "language", "dc.language", "dcterms.language"), ld.Lang} {
		if l := normalizeLang(c); l != "" {
			return l
		}
	}
	return ""
}

// normalizeLang turns a language tag or locale ("en_US", "EN-gb",
// "zh-Hans-CN", "English") into a lower-case primary tag plus region when
// one is given ("en-us", "en-gb", "zh-cn", "en"); "" when s is not one.
func normalizeLang(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ",;"); i >= 0 {
		s = s[:i]
	}
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return ""
	}
	if l, ok := languageNames[s]; ok {
		return l
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' })
	if len(parts) == 0 || !isAlpha(parts[0]) || len(parts[0]) < 2 || len(parts[0]) > 3 {
		return ""
	}
	out := parts[0]
	for _, p := range parts[1:] {
		if (len(p) == 2 && isAlpha(p)) || (len(p) == 3 && isDigits(p)) {
			return out + "-" + p
		}
	}
	return out
}

// monthFirstLang reports whether numeric dates in lang put the month
// first (03/04/2023 is March 4th): US English, and English with no region.
func monthFirstLang(lang string) bool {
	return lang == "en" || lang == "en-us" || lang == ""
}

func isAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
