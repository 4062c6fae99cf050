package normalize

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// guardedRegexps are the regexps with a guard, by name.
var guardedRegexps = map[string]*guardedRegexp{
	"authorPrefixRe": authorPrefixRe, "authorCutRe": authorCutRe, "authorSplitRe": authorSplitRe,
	"emailRe": emailRe, "urlRe": urlRe, "handleRe": handleRe, "parenRe": parenRe, "roleRe": roleRe,
	"phraseRe": phraseRe, "gluedLabelRe": gluedLabelRe, "innerByRe": innerByRe,
	"affiliationRe": affiliationRe, "authorHrefRe": authorHrefRe, "dayMonthRe": dayMonthRe,
	"monthDayRe": monthDayRe, "yearMonthDayRe": yearMonthDayRe, "numDateRe": numDateRe,
	"timeAfterRe": timeAfterRe, "forumPathRe": forumPathRe, "listPathRe": listPathRe,
	"citationRe": citationRe,
}

// checkGuards fails when a guard turns away a text its regexp matches.
func checkGuards(t *testing.T, s string, matched map[string]int) {
	t.Helper()
	for name, g := range guardedRegexps {
		m := g.Regexp.MatchString(s)
		if m && !g.may(s) {
			t.Fatalf("%s matches %q, but its guard turns it away", name, s)
		}
		if m && matched != nil {
			matched[name]++
		}
	}
}

// guardPieces are what the random texts are made of: the words the
// regexps look for, in any case, and what stands around them.
var guardPieces = append(strings.Fields(`by By BY posted Written words Text story article reporting published photo
	recipe byline authors contributors autorin auteur autore door von par por di Di av от ОТ автор Автор 著者 作者
	updated Last modified medically fact-checked Reviewed edited photos illustrations additional read more min
	minutes follow view all see from articles posts comments share email twitter facebook linkedin instagram
	full author bio about the at in on and und et y & ; , / | : - – — • · ⋅ writer Editor senior reporter
	CEO team lead associate chair partner university universität Université institute inc ltd group news
	times journal lab labs desk bureau http:// https:// www. example.com @jane jane@example.com ( ) [ ]
	Jane Doe JOHN roe Ann-Marie o'Neil 3 14 2023 12th Sept. September März мая 2023-09-14 14.09.2023
	/author/jane /people/ ?author= &author= /team/x/ de of del ſtory ſhare K ſ Updated Published Fact
	x_ _by 9by é ña`), "14 September 2023", "September 14, 2023", "2023 Sep 13", "3rd of März, 2024",
	"03/04/2023", "14.09.2023", "9-13-2023", "1.2.2024", " 9:30", " at 14h05 GMT", "T10:00:00Z", ", 9.30 pm",
	"г. в 12:00", "Sept.\t14th, 2023", "2023\n\nSep 13", "2023 Σεπ 13",
	"/t/", "/threads/", "/Topic/", "/forums/x", "/comments/", "/tag/", "/categories.", "/page/2", "/archive",
	"/12345", "/2023/", "?page=2", "&Q=", "?", "/a/b/", "index", "/feed", "(Reuters)", "[1]", "(@jane)",
	"Vol. 3", "pp. 232", "p.5", "DOI", "doi:", "ISSN", "isbn", "Issue 4", "Jg. 5", "Hrsg.")

var guardSpaces = []string{" ", " ", "  ", "\t", "\n", "\r", "\f", "", "\u00a0", ", "}

func randomGuardText(r *rand.Rand) string {
	var b strings.Builder
	for range 1 + r.IntN(8) {
		p := guardPieces[r.IntN(len(guardPieces))]
		switch r.IntN(6) {
		case 0:
			p = strings.ToUpper(p)
		case 1:
			p = strings.ToLower(p)
		case 2:
			p = strings.ReplaceAll(strings.ReplaceAll(p, "s", "ſ"), "k", "\u212a")
		}
		b.WriteString(p)
		b.WriteString(guardSpaces[r.IntN(len(guardSpaces))])
	}
	return b.String()
}

func TestGuards(t *testing.T) {
	matched := map[string]int{}
	r := rand.New(rand.NewPCG(5, 6))
	for range 5_000 {
		checkGuards(t, randomGuardText(r), matched)
	}
	for name := range guardedRegexps {
		if matched[name] < 5 {
			t.Errorf("%s matched only %d random texts: the test does not reach it", name, matched[name])
		}
	}
}

func FuzzGuards(f *testing.F) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 50 {
		f.Add(randomGuardText(r))
	}
	f.Fuzz(func(t *testing.T, s string) { checkGuards(t, s, nil) })
}

func TestFoldSet(t *testing.T) {
	fs := newFoldSet("ab", `\sat`, `\bmin`, "|")
	for s, want := range map[string]bool{
		"": false, "xAB": true, "at": false, " at": true, "\tAT": true, "xat": false, "min": true,
		"admin": false, "5 min": true, "é-min": true, "_min": false, "a|b": true, "ſ": true, "a": false,
	} {
		if got := fs.in(s); got != want {
			t.Errorf("in(%q) = %v, want %v", s, got, want)
		}
	}
}
