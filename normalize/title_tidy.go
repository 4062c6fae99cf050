package normalize

import (
	"regexp"
	"strings"
)

// leadingSepRe matches separators left at the start of a title once the
// site's name before them is gone ("example.org // » Jane Doe").
var leadingSepRe = regexp.MustCompile(`^(?:[/|·•~]+\s*)+(?:»\s+)?`)

// cjkSiteSuffixRe matches a Chinese site's name set after a headline
// without spaces ("…的城！-新华网"): a few Han characters ending in 网
// ("net", a site) after a dash, an underscore or a bar.
var cjkSiteSuffixRe = regexp.MustCompile(`([\p{Han}\x{3000}-\x{303f}\x{ff01}-\x{ff1f}])\s*[-_|｜—]\s*\p{Han}{1,8}[网網]$`)

// tidyTitle removes what stripping the site's name can leave around a
// title.
func tidyTitle(t string) string {
	t = leadingSepRe.ReplaceAllString(t, "")
	t = cjkSiteSuffixRe.ReplaceAllString(t, "$1")
	return strings.TrimSpace(t)
}

// quotedTail returns the candidate that continues best with a quoted
// phrase ("Senator calls Biden \"unfit\"" for "Senator calls Biden"): a
// site's metadata often drops a headline's quoted end.
func quotedTail(best string, cands []string) string {
	for _, c := range cands {
		rest, ok := strings.CutPrefix(c, best+" ")
		if !ok || rest == "" || !strings.ContainsRune(`"'„“«‘»`, []rune(rest)[0]) || titleSepRe.MatchString(rest) {
			continue
		}
		return c
	}
	return best
}
