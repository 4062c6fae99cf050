package storage

import (
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const (
	// maxNameBytes bounds a file name in an export, extension included.
	maxNameBytes = 100
	// maxSlugBytes leaves room in maxNameBytes for a "-NNNNN" suffix and
	// the extension.
	maxSlugBytes = 80
)

// translit spells letters that do not decompose into ASCII plus marks:
// Latin ligatures and special letters, Cyrillic and Greek.
var translit = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ð': "d", 'þ': "th",
	'ł': "l", 'ı': "i", 'ħ': "h", 'ŧ': "t", 'ŋ': "ng", 'ĸ': "k", 'ſ': "s",
	'ĳ': "ij", 'ŀ': "l", 'ə': "e", 'ƒ': "f",

	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u", 'ђ': "dj", 'ј': "j",
	'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dz", 'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz",

	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i",
	'θ': "th", 'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x",
	'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y",
	'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
}

// slug turns s into lower-case ASCII words joined by hyphens, at most
// maxSlugBytes long, transliterating what it can and dropping the rest.
// It returns "" when nothing is left.
func slug(s string) string {
	var b strings.Builder
	dash := false
	emit := func(part string) {
		for _, c := range part {
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
				if dash && b.Len() > 0 {
					b.WriteByte('-')
				}
				dash = false
				b.WriteRune(c)
			default:
				dash = true
			}
		}
	}
	for _, r := range strings.ToValidUTF8(s, " ") {
		r = unicode.ToLower(r)
		if t, ok := translit[r]; ok {
			emit(t)
			continue
		}
		if r < utf8.RuneSelf {
			emit(string(r))
			continue
		}
		// Decompose (é -> e + combining acute) and keep the base letters.
		for _, d := range norm.NFD.String(string(r)) {
			switch t, ok := translit[d]; {
			case ok:
				emit(t)
			case unicode.Is(unicode.Mn, d):
			case d < utf8.RuneSelf:
				emit(string(d))
			default:
				dash = true
			}
		}
	}
	out := b.String()
	if len(out) > maxSlugBytes {
		out = out[:maxSlugBytes]
		if i := strings.LastIndexByte(out, '-'); i >= maxSlugBytes/2 {
			out = out[:i]
		}
		out = strings.TrimRight(out, "-")
	}
	return out
}

// reservedNames are device names that Windows refuses as file names, with
// any extension, plus names that site generators treat specially.
var reservedNames = func() map[string]bool {
	m := map[string]bool{
		"con": true, "prn": true, "aux": true, "nul": true,
		"conin": true, "conout": true, "clock": true,
		"index": true, // Hugo makes a folder with index.md a leaf bundle
	}
	for i := range 10 {
		m["com"+strconv.Itoa(i)] = true
		m["lpt"+strconv.Itoa(i)] = true
	}
	return m
}()

// baseName is the file name stem for a record: the slug of its title, or
// of the last segment of its URL, or else its id.
func baseName(title, rawURL, id string) string {
	if s := slug(title); s != "" && !reservedNames[s] {
		return s
	}
	if u, err := url.Parse(rawURL); err == nil {
		seg := path.Base(strings.TrimRight(u.Path, "/"))
		if s := slug(seg); s != "" && !reservedNames[s] {
			return s
		}
	}
	if s := slug(id); s != "" && !reservedNames[s] {
		return s
	}
	return "record"
}

// namer hands out file names that are unique within their folder, also on
// case-insensitive file systems. It remembers every name it gave, so its
// memory grows with the number of files (a few dozen bytes each).
type namer struct {
	used map[string]bool
}

func newNamer() *namer { return &namer{used: map[string]bool{}} }

// reserve marks dir/name as taken, for files the export writes itself.
func (n *namer) reserve(dir, name string) {
	n.used[strings.ToLower(dir+"/"+name)] = true
}

// name returns a free name for stem+ext in dir: stem, then stem-2,
// stem-3, and so on.
func (n *namer) name(dir, stem, ext string) string {
	for i := 1; ; i++ {
		name := stem + ext
		if i > 1 {
			name = stem + "-" + strconv.Itoa(i) + ext
		}
		key := strings.ToLower(dir + "/" + name)
		if !n.used[key] {
			n.used[key] = true
			return name
		}
	}
}

// safeRoot makes the name of an archive's root folder from the output
// file name: letters, digits, '.', '_' and '-' only, not hidden, not
// reserved, never empty.
func safeRoot(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), ".-")
	if len(out) > maxSlugBytes {
		out = out[:maxSlugBytes]
	}
	stem, _, _ := strings.Cut(strings.ToLower(out), ".")
	if out == "" || reservedNames[stem] {
		return "export"
	}
	return out
}
