package eval

import (
	"encoding/json"
	"os/exec"
	"strconv"
	"testing"
	"unicode"
)

// pyUnicodeDump prints, for every code point, what Python's re and str
// make of it: assigned or not, \w, \s, \d, lower() and casefold().
const pyUnicodeDump = `
import json, re, sys, unicodedata
W, S, D = re.compile(r"\w"), re.compile(r"\s"), re.compile(r"\d")
out = {"version": unicodedata.unidata_version, "assigned": [], "word": [], "space": [], "digit": [], "lower": {}, "fold": {}}
def add(lst, cp):
    if lst and lst[-1][1] == cp - 1: lst[-1][1] = cp
    else: lst.append([cp, cp])
for cp in range(0x110000):
    c = chr(cp)
    if unicodedata.category(c) != "Cn": add(out["assigned"], cp)
    if W.match(c): add(out["word"], cp)
    if S.match(c): add(out["space"], cp)
    if D.match(c): add(out["digit"], cp)
    if 0xd800 <= cp < 0xe000: continue
    if c.lower() != c: out["lower"][cp] = c.lower()
    if c.casefold() != c: out["fold"][cp] = c.casefold()
json.dump(out, sys.stdout)
`

// TestUnicodeAgainstPython compares the character classes and case
// mappings with Python's, code point by code point, over the characters
// both Unicode versions assign. Characters only one of them knows (Go's
// tables may be newer than the local Python's) are counted and logged.
func TestUnicodeAgainstPython(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found")
	}
	out, err := exec.CommandContext(t.Context(), "python3", "-c", pyUnicodeDump).Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var py struct {
		Version                      string
		Assigned, Word, Space, Digit [][2]rune
		Lower, Fold                  map[string]string
	}
	if err := json.Unmarshal(out, &py); err != nil {
		t.Fatal(err)
	}
	member := func(ranges [][2]rune) []bool {
		m := make([]bool, unicode.MaxRune+1)
		for _, r := range ranges {
			for c := r[0]; c <= r[1]; c++ {
				m[c] = true
			}
		}
		return m
	}
	mapping := func(m map[string]string) map[rune]string {
		out := make(map[rune]string, len(m))
		for k, v := range m {
			n, err := strconv.Atoi(k)
			if err != nil {
				t.Fatal(err)
			}
			out[rune(n)] = v
		}
		return out
	}
	assigned, word, space, digit := member(py.Assigned), member(py.Word), member(py.Space), member(py.Digit)
	pyLower, pyFold := mapping(py.Lower), mapping(py.Fold)
	skipped, bad := 0, 0
	fail := func(format string, args ...any) {
		if bad++; bad <= 20 {
			t.Errorf(format, args...)
		}
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		goAssigned := unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs)
		if assigned[r] != goAssigned {
			skipped++
			continue
		}
		if !goAssigned {
			continue
		}
		if isWord(r) != word[r] || isSpace(r) != space[r] || isDecimal(r) != digit[r] {
			fail("U+%04X: \\w %v/%v, \\s %v/%v, \\d %v/%v (ours/python)", r, isWord(r), word[r], isSpace(r), space[r], isDecimal(r), digit[r])
		}
		if 0xd800 <= r && r < 0xe000 {
			continue
		}
		s := string(r)
		want := s
		if v, ok := pyLower[r]; ok {
			want = v
		}
		if got := lower(s); got != want {
			fail("U+%04X: lower %q, python %q", r, got, want)
		}
		want = s
		if v, ok := pyFold[r]; ok {
			want = v
		}
		if got := casefold(s); got != want {
			fail("U+%04X: casefold %q, python %q", r, got, want)
		}
	}
	t.Logf("python Unicode %s, Go Unicode %s: %d code points assigned in only one, not compared", py.Version, unicode.Version, skipped)
}
