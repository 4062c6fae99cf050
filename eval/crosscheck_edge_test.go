package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// Edge-case material for TestCrossCheckEdgeCases: text where Python's and
// Go's notions of words, spaces, case and digits part ways.
var (
	edgeTexts = []string{
		"ΟΔΟΣ ΚΑΙ ΣΟΦΙΑ. Ο ΠΑΣ Σ ΣΣ ΑΣ' ΑΣ\u0301 οδος και σοφια ὈΔΥΣΣΕΎΣ",
		"ΑˇΣ αˇς ΣΣ σς ΑΣΑ ασα ΑΣˇ ασˇ ΣΑ σα ΑʰΣ αʰς ΑΣ1 ας1 ΑΣ_ ας_",
		"İstanbul'da İİ ıi I\u0307 İ\u0307",
		"Straße STRASSE straße ẞ ß groß GROSS",
		"Ꭰ ꭰ Ꮳ ꮳ ᏸ Ᏸ Cherokee ᎠᏍᎦᏯ",
		"café cafe\u0301 naïve nai\u0308ve Å A\u030a",
		"हिन्दी भाषा देवनागरी लिपि में लिखी जाती है",
		"日本語のテキスト、漢字かな混じり文。ラーメン 한국어 텍스트",
		"x_1 __init__ 3.14 ²³ ①② Ⅻ ٣٤ ५६ ½ 〇 _",
		"a\u200bb c\u00a0d e\u2003f g\x1ch i\u3000j k\u0085l m\ufeffn o\u180ep",
		"ǅemal ǆ Ǆ ﬁnal ﬀ ŉ ΐ ᾈ ᾳ ʰ ª º",
		"emoji 👍🏽 text ❤️ ok 🇫🇷 flags",
		"Ünïcödé wörds, «quotes», „more“ and — dashes – here",
	}
	edgeTitles = []string{"The Title — Site", "ΤΊΤΛΟΣ ΣΟΦΊΑΣ", "  Grüße :: ", "ﬁnal ﬂow", "Ｆｕｌｌｗｉｄｔｈ Title",
		"İSTANBUL", "STRASSE", "Info\x1cseparated\x1ftitle", "-–— . | :", "Ꭰ Cherokee", "Title\u00a0with\u2009spaces"}
	edgeAuthors = []string{"By Jane Doe and John Roe", "María y José", "Jean et Marie; Paul", "Hans und Grete / Max | Moritz",
		"von Goethe", "Andy Anderson, Sandy", "ETHAN ET AL", "by", "Yann y Yolanda", "Par Émile & Zoé", "POR Ana",
		"Bandy Andersen", "Et Al", "Jane Doe.", "Ýves", "STRAẞE", "A.  B. ; ; , C", "Ann\x1cand\x1fBob", "by  By Nobody"}
	edgeDates = []string{"2020-01-02", "٢٠٢٠-٠١-٠٢", "２０２０-01-02", " 2020-01-02T00:00", "2020-1-2", "", "2020-01-02 and more",
		"\u00a02020-01-02", "२०२०-०१-०२"}
	edgeMarkdown = []string{
		"# Title\n\nText\n\n## Sub ##\n\n#\nNot a heading? \n\n- item *one*\n- item `two`\n* [link](http://x.org/a/)\n1. first\n١. arabic\n12) twelve\n",
		"| a | b |\n|---|:--:|\n| **c** | [d](../e) |\n|x|\n\n|  |  |\n",
		"[a](b) [c](/d) [e](//host/f) [g](?q=1) [h](#frag) [i](;p) [j](mailto:x@y) [k](javascript:void(0)) [l](HTTP://X.ORG/) ![m](n.png) [o](p \"title\") [q](../../../r) [s](./t/.) [u](v/..)",
		"```\n# not a heading\n- not an item\n```\n# after fence\n`<div>` <div> <DIV>x</DIV> <İmg> <ıframe> <ſcript> <pa> <a> <a\n> </p>",
		"#  Spaced   heading  #  \n\n   - indented item\n\t* tab item\n+ plus\n\n|α|Β|\n|---|---|\n|ΣΑΣ|straße|\n",
		"Heading\n=======\n\n### Ünïcödé ###\n\n- ΟΔΟΣ\n- οδος\n",
	}
	edgeBases = []string{"https://example.com/dir/page.html?x=1#top", "http://example.org", "https://example.net/a/b/",
		"https://example.com/p;params/q", "ftp://files.example.com/pub/"}
)

// TestCrossCheckEdgeCases scores a made-up dataset built from the material
// above with both implementations.
func TestCrossCheckEdgeCases(t *testing.T) {
	root := crossSetup(t)
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	variants := []func(string) string{
		func(s string) string { return s },
		strings.ToLower,
		strings.ToUpper,
		norm.NFD.String,
		norm.NFKC.String,
		func(s string) string { return strings.Join(strings.Fields(s), " ") },
		strings.NewReplacer("\x1c", " ", "\x1f", "\n", "\u00a0", " ", "\u3000", "").Replace,
		func(s string) string { return "" },
		func(s string) string { return s + " " + pick(edgeTexts) },
		func(s string) string { return runePrefix(s, len([]rune(s))/2) },
	}
	variant := func(s string) string { return variants[r.IntN(len(variants))](s) }
	var cases, preds bytes.Buffer
	line := func(buf *bytes.Buffer, v any) {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	types := []string{"article", "forum", "product", ""}
	for i := range 400 {
		id := fmt.Sprintf("edge-%03d", i)
		body := pick(edgeTexts) + "\n\n" + pick(edgeTexts)
		title, author, date, md := pick(edgeTitles), pick(edgeAuthors), pick(edgeDates), pick(edgeMarkdown)
		expect := map[string]any{"body": body, "title": title, "markdown": md,
			"with": []string{runePrefix(body, 12), pick(edgeTexts)[:8]}, "without": []string{"emoji 👍🏽", "ΟΔΟΣ"}}
		if i%3 != 0 {
			expect["author"] = author
		}
		if i%4 != 0 {
			expect["date"] = date
		}
		if ty := types[i%len(types)]; ty != "" {
			expect["page_type"] = ty
		}
		line(&cases, map[string]any{"id": id, "url": pick(edgeBases), "html": "html/" + id + ".html.gz", "expect": expect})
		authors := any(variant(author))
		if r.IntN(2) == 0 {
			authors = strings.Split(variant(author), ",")
		}
		line(&preds, map[string]any{"id": id, "text": variant(body), "title": variant(title), "authors": authors,
			"published": variant(date), "markdown": variant(md) + "\n" + variant(pick(edgeMarkdown)),
			"page_type": types[r.IntN(len(types))]})
	}
	if err := os.WriteFile(filepath.Join(dir, "cases.jsonl"), cases.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	predFile := filepath.Join(dir, "pred.jsonl")
	if err := os.WriteFile(predFile, preds.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ds, err := LoadDataset(dir)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ReadPredictions(bytes.NewReader(preds.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{"", "article"} {
		rep := Score(ds, p, typ)
		t.Logf("type %q: %s", typ, rep)
		compareWithPython(t, root, dir, predFile, typ, rep)
	}
}
