package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// perturbedPredictions builds a predictions file from the ground truth of
// ds: every field is sometimes right, sometimes wrong in a way the
// normalisations must or must not forgive, sometimes under its alternative
// key, and sometimes missing. The choices depend only on the case ids.
func perturbedPredictions(ds *Dataset) []byte {
	var buf bytes.Buffer
	write := func(rec map[string]any) {
		b, err := json.Marshal(rec)
		if err != nil {
			panic(err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	write(map[string]any{"id": 17, "title": "an id that is not a string"})
	write(map[string]any{"id": "not-a-case", "title": "x", "text": "nothing"})
	n := len(ds.Cases)
	for i, c := range ds.Cases {
		h := fnv.New64a()
		h.Write([]byte(c.ID))
		r := rand.New(rand.NewPCG(h.Sum64(), 7))
		if r.IntN(25) == 0 {
			continue // no prediction for this page
		}
		other := ds.Cases[(i+1+r.IntN(max(1, n-1)))%n]
		e, o := c.Expect, other.Expect
		if r.IntN(30) == 0 {
			// an earlier record for the same id, replaced by the next one
			write(map[string]any{"id": c.ID, "title": "stale", "text": "stale"})
		}
		rec := map[string]any{"id": c.ID, "url": c.URL}
		body := deref(e.Body)
		if e.Body == nil {
			body = deref(e.Title) + "\n\n" + deref(e.Author)
		}
		switch r.IntN(11) {
		case 0, 1:
			rec["text"] = body
		case 2:
			rec["text"] = runePrefix(body, r.IntN(utf8.RuneCountInString(body)+1))
		case 3:
			rec["text"] = "Home News Sport\nSubscribe now\n\n" + body + "\n\nShare this article\nRelated: " + deref(o.Title)
		case 4:
			rec["text"] = deref(o.Body)
		case 5:
			rec["text"] = norm.NFD.String(body)
		case 6:
			rec["text"] = strings.ToUpper(body)
		case 7:
			rec["body"] = body // score.py falls back to "body"
		case 8:
			rec["text"] = strings.ReplaceAll(toFullwidth(body, r), "\n\n", "\u00a0\u2003 \n")
		case 9:
			paras := strings.Split(body, "\n\n")
			for j := range paras {
				if r.IntN(3) == 0 {
					paras[j] = ""
				}
			}
			rec["text"] = strings.Join(paras, "\n\n")
		}
		title := deref(e.Title)
		switch r.IntN(9) {
		case 0, 1:
			rec["title"] = title
		case 2:
			rec["title"] = deref(o.Title)
		case 3:
			rec["title"] = strings.ToUpper(title) + " | Example News"
		case 4:
			rec["title"] = "  " + strings.ToUpper(title) + " – "
		case 5:
			rec["title"] = toFullwidth(title, r)
		case 6:
			rec["title"] = title + " and more"
		case 7:
			rec["title"] = strings.ReplaceAll(strings.ReplaceAll(title, "ss", "ß"), " ", "\u00a0 ")
		}
		author := deref(e.Author)
		if e.Author == nil && r.IntN(3) == 0 {
			author = deref(o.Author)
		}
		names := splitNames(author)
		switch r.IntN(11) {
		case 0, 1:
			rec["authors"] = []string{author}
		case 2:
			rec["authors"] = names
		case 3:
			rec["authors"] = names[:min(1, len(names))]
		case 4:
			rec["author"] = "By " + strings.Join(names, " and ")
		case 5:
			objs := []any{}
			for _, nm := range names {
				objs = append(objs, map[string]any{"name": nm})
			}
			rec["authors"] = append(objs, map[string]any{"url": "https://example.com/"})
		case 6:
			rec["authors"] = []string{}
			rec["author"] = author
		case 7:
			rev := append([]string(nil), names...)
			for a, b := 0, len(rev)-1; a < b; a, b = a+1, b-1 {
				rev[a], rev[b] = rev[b], rev[a]
			}
			rec["authors"] = rev
		case 8:
			rec["authors"] = strings.ToUpper(author) + " & Staff"
		case 9:
			rec["authors"] = []string{deref(o.Author)}
		}
		date := deref(e.Date)
		if e.Date == nil && r.IntN(2) == 0 {
			date = "2021-03-04"
		}
		day := runePrefix(date, 10)
		switch r.IntN(11) {
		case 0, 1:
			rec["published"] = date
		case 2:
			rec["published"] = day
		case 3:
			rec["published"] = day + "T23:59:00+02:00"
		case 4:
			rec["published"] = shiftDay(day)
		case 5:
			rec["date"] = date
		case 6:
			rec["published"] = ""
			rec["date"] = " " + day
		case 7:
			rec["published"] = "March 3, 2020"
		case 8:
			rec["published"] = mapDigits(day, '٠')
		case 9:
			rec["published"] = mapDigits(day, '０')
		}
		types := []string{"article", "forum", "product", "collection", "listing", "documentation", "service"}
		switch k := r.IntN(10); {
		case k < 5:
			rec["page_type"] = e.PageType
		case k < 8:
			rec["page_type"] = types[r.IntN(len(types))]
		case k == 8:
			rec["page_type"] = "article"
		}
		md := deref(e.Markdown)
		if e.Markdown == nil {
			md = syntheticMarkdown(title, body)
		}
		switch r.IntN(10) {
		case 0, 1:
			rec["markdown"] = md
		case 2:
			rec["markdown"] = runePrefix(md, utf8.RuneCountInString(md)/2)
		case 3:
			var kept []string
			for _, l := range strings.Split(md, "\n") {
				if !strings.HasPrefix(l, "#") {
					kept = append(kept, l)
				}
			}
			rec["markdown"] = strings.Join(kept, "\n")
		case 4:
			rec["markdown"] = strings.ReplaceAll(md, "](https://", "](/")
		case 5:
			rec["markdown"] = md + hygieneNoise
		case 6:
			rec["markdown"] = strings.NewReplacer("\n- ", "\n* ", "\n1. ", "\n1) ", "| --- |", "|:---:|").Replace(md)
		case 7:
			rec["markdown"] = deref(o.Markdown)
		case 8:
			rec["markdown"] = strings.ToUpper(md)
		}
		write(rec)
	}
	return buf.Bytes()
}

// hygieneNoise exercises every branch of the relative-link and raw-tag
// counts, code spans and fences included.
const hygieneNoise = "\n\n<div class=\"x\">raw</div> <SPAN>x</SPAN> <İmg src=a> <ſection> <p> <pre> <a\nhref=x> <table\n" +
	"`<div>` and ``<span>`` ```\n<p>fenced</p>\n```\n" +
	"![img](pic.png) [rel](../a/b) [frag](#x) [mail](mailto:a@b) [empty]() [abs](http://x.org/(y)) " +
	"[t](/path \"title\") [nested](http://a/](b) ](x y)\n" +
	"## Heading ##\n#NoSpace\n1. one\n2) two\n+ plus\n\n| a | b |\n| --- | :-: |\n| *c* | [d](e) |\n"

// syntheticMarkdown makes Markdown for datasets that give none, so the
// hygiene counts see links, lists and tags.
func syntheticMarkdown(title, body string) string {
	var b strings.Builder
	b.WriteString("# " + title + "\n\n")
	for i, p := range strings.Split(body, "\n\n") {
		switch i % 4 {
		case 1:
			b.WriteString("- " + p + "\n")
		case 2:
			b.WriteString("[" + runePrefix(p, 20) + "](page-" + fmt.Sprint(i) + ".html)\n\n")
		default:
			b.WriteString(p + "\n\n")
		}
	}
	return b.String()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func runePrefix(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// toFullwidth turns some ASCII letters and digits into their fullwidth
// forms, which NFKC undoes but tokenisation does not.
func toFullwidth(s string, r *rand.Rand) string {
	return strings.Map(func(c rune) rune {
		if c > ' ' && c < 0x7f && r.IntN(4) == 0 {
			return c - 0x21 + 0xff01
		}
		return c
	}, s)
}

func mapDigits(s string, zero rune) string {
	return strings.Map(func(c rune) rune {
		if '0' <= c && c <= '9' {
			return zero + c - '0'
		}
		return c
	}, s)
}

func shiftDay(day string) string {
	if len(day) < 10 {
		return day
	}
	d := day[9]
	if d == '9' {
		d = '0'
	} else {
		d++
	}
	return day[:9] + string(d)
}

func splitNames(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
