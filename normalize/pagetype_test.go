package normalize

import (
	"slices"
	"strings"
	"testing"
)

// TestDecideTypeDiscussion checks that a body made of a page's comments
// makes a forum page unless the page declares itself an article.
func TestDecideTypeDiscussion(t *testing.T) {
	// An article by every other signal: date, author, long prose, one h1.
	articleLike := pageSignals{hasDate: true, hasAuthor: true, textLen: 8000, paragraphs: 20,
		articlePath: true, slugWords: 8, oneH1: true, bodyShare: 0.8, articles: 1}
	tests := []struct {
		name string
		s    func() pageSignals
		want string
	}{
		{"article", func() pageSignals { return articleLike }, PageArticle},
		{"discussion", func() pageSignals { s := articleLike; s.discussion = true; return s }, PageForum},
		{"blog post signed by a handle", func() pageSignals { s := articleLike; s.hasAuthor = false; return s }, PageArticle},
		{"declared article with comments as body", func() pageSignals {
			s := articleLike
			s.discussion, s.declared = true, "newsarticle"
			return s
		}, PageArticle},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decideType(tt.s()); got != tt.want {
				t.Errorf("decideType = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFoldedLen(t *testing.T) {
	for _, s := range []string{"", "  ", "one", " two  words ", "a\u00a0b\tc\n", "ünï cødé  \u2003 x", "bad\xffbyte \xef\xbf\xbd ok"} {
		if got, want := foldedLen(s), len(strings.Join(strings.Fields(s), " ")); got != want {
			t.Errorf("foldedLen(%q) = %d, want %d", s, got, want)
		}
	}
}

var phrasePages = []string{"", "ADD TO CART · add to Cart", "İn stock SKU \u212aU", "Joined\u00a0ASKED\xffreplies",
	"ß Reply ǅ 12 REPLIES, out of stock — Free Shipping", " s\u212au  sku İN STOCK"}

// checkPhraseCounts fails when lowerForPhrases changes a phrase count.
func checkPhraseCounts(t *testing.T, page string) {
	t.Helper()
	count := func(page string) (n []int) {
		for _, p := range append(slices.Clone(productPhrases), forumWords...) {
			n = append(n, strings.Count(page, p))
		}
		return n
	}
	if got, want := count(lowerForPhrases(page)), count(strings.ToLower(page)); !slices.Equal(got, want) {
		t.Errorf("phrase counts in %q: %v, want %v", page, got, want)
	}
}

func TestLowerForPhrases(t *testing.T) {
	for _, page := range phrasePages {
		checkPhraseCounts(t, page)
	}
}

func FuzzLowerForPhrases(f *testing.F) {
	for _, page := range phrasePages {
		f.Add(page)
	}
	f.Fuzz(checkPhraseCounts)
}

// TestNamesAuthor checks that account handles, which forums sign posts
// with, are no evidence of an article, while a person's or a desk's name
// is.
func TestNamesAuthor(t *testing.T) {
	tests := []struct {
		authors []string
		want    bool
	}{
		{nil, false},
		{[]string{"Alphabyte1"}, false},
		{[]string{"user3080392", "luizjr4"}, false},
		{[]string{"Jane Doe"}, true},
		{[]string{"luizjr4", "Jane Doe"}, true},
		{[]string{"98 Buck Social"}, true},
		{[]string{"Holly Wilgus, E-RYT 200"}, true},
		{[]string{"Redaktion"}, true},
		{[]string{"2021"}, true}, // not a handle: no letter first
	}
	for _, tt := range tests {
		if got := namesAuthor(tt.authors); got != tt.want {
			t.Errorf("namesAuthor(%q) = %v, want %v", tt.authors, got, tt.want)
		}
	}
}
