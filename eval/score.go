package eval

import (
	"strings"
)

// caseScore is what one case contributes to a report.
type caseScore struct {
	predicted bool

	hasBody bool
	body    bodyShare
	wordF1  float64

	snip Counts

	art Counts

	// title, author, date: 0 when the ground truth lacks the field, 1 for a
	// match, -1 for a miss.
	title, author, date int8

	hasMarkdown bool
	md          [4]float64 // headings, list items, links, table cells
	mdOK        [4]bool    // whether either side has that element

	relLinks, rawTags int
}

// scoreCase scores one prediction against its case; p is nil when the page
// has no prediction, which counts as an empty one.
func scoreCase(c *Case, p *Prediction) caseScore {
	var cs caseScore
	if p == nil {
		p = &Prediction{}
	} else {
		cs.predicted = true
	}
	e := &c.Expect
	if e.Body != nil {
		cs.hasBody = true
		v := newVocab()
		cs.body = bodyCounts(v.shingles(*e.Body), v.shingles(p.Text))
		bag, n := bagOfWords(*e.Body)
		cs.wordF1 = wordF1(bag, n, p.Text)
	}
	if e.With != nil {
		t := ws(p.Text)
		for _, x := range e.With {
			if strings.Contains(t, ws(x)) {
				cs.snip.TP++
			} else {
				cs.snip.FN++
			}
		}
		for _, x := range e.Without {
			if strings.Contains(t, ws(x)) {
				cs.snip.FP++
			}
		}
	}
	if e.PageType != "" && p.PageType != "" {
		want, got := e.PageType == "article", p.PageType == "article"
		switch {
		case want && got:
			cs.art.TP++
		case got:
			cs.art.FP++
		case want:
			cs.art.FN++
		}
	}
	hit := func(ok bool) int8 {
		if ok {
			return 1
		}
		return -1
	}
	if e.Title != nil {
		cs.title = hit(titleMatch(*e.Title, p.Title))
	}
	if e.Author != nil {
		cs.author = hit(authorsMatch(*e.Author, p.Authors))
	}
	if e.Date != nil {
		cs.date = hit(dateMatch(*e.Date, p.Published))
	}
	cs.relLinks, cs.rawTags = mdHygiene(p.Markdown)
	if e.Markdown != nil {
		cs.hasMarkdown = true
		want, got := parseMarkdown(*e.Markdown, c.URL), parseMarkdown(p.Markdown, c.URL)
		cs.md[0], cs.mdOK[0] = multisetF1(want.headings, got.headings)
		cs.md[1], cs.mdOK[1] = multisetF1(want.listItems, got.listItems)
		cs.md[2], cs.mdOK[2] = multisetF1(want.links, got.links)
		cs.md[3], cs.mdOK[3] = multisetF1(want.tableCells, got.tableCells)
	}
	return cs
}

// scored is a case's score and whether it passes the page-type filter.
// Cases outside the filter count only for the Markdown hygiene, as in
// mdscore.py.
type scored struct {
	caseScore
	selected bool
}

// buildReport aggregates case scores the way score.py and mdscore.py do.
func buildReport(all []scored) *Report {
	r := &Report{}
	var prec, rec, wf1 []float64
	var md [4][]float64
	for _, s := range all {
		r.Markdown.RelativeLinks += s.relLinks
		r.Markdown.RawHTMLTags += s.rawTags
		if !s.selected {
			continue
		}
		r.Pages++
		if s.predicted {
			r.Predicted++
		}
		if s.hasBody {
			b := s.body
			if b.tp+b.fp > 0 {
				prec = append(prec, b.precision())
			}
			if b.tp+b.fn > 0 {
				rec = append(rec, b.recall())
			}
			wf1 = append(wf1, s.wordF1)
		}
		r.Snippets.add(s.snip)
		r.Article.add(s.art)
		r.Title.add(s.title)
		r.Author.add(s.author)
		r.Date.add(s.date)
		if s.hasMarkdown {
			for i := range md {
				if s.mdOK[i] {
					md[i] = append(md[i], s.md[i])
				}
			}
		}
	}
	r.BodyPrecision, r.BodyRecall, r.WordF1 = mean(prec), mean(rec), mean(wf1)
	r.Markdown.Headings, r.Markdown.ListItems = mean(md[0]), mean(md[1])
	r.Markdown.Links, r.Markdown.TableCells = mean(md[2]), mean(md[3])
	return r
}

// Score scores predictions, keyed by case id, against a dataset, as
// score.py and mdscore.py do with --type pageType ("" for all pages). A case
// without a prediction counts as an empty one. As in mdscore.py, the
// relative-link and raw-tag counts cover every case, whatever pageType.
func Score(ds *Dataset, preds map[string]Prediction, pageType string) *Report {
	return reportFor(ds, scoreAll(ds, preds), pageType)
}

// scoreAll scores every case of ds; a case without a prediction counts as
// an empty one.
func scoreAll(ds *Dataset, preds map[string]Prediction) []caseScore {
	out := make([]caseScore, len(ds.Cases))
	for i, c := range ds.Cases {
		var p *Prediction
		if v, ok := preds[c.ID]; ok {
			p = &v
		}
		out[i] = scoreCase(c, p)
	}
	return out
}

// reportFor aggregates the scores of ds's cases (from scoreAll) under a
// page-type filter.
func reportFor(ds *Dataset, scores []caseScore, pageType string) *Report {
	all := make([]scored, len(scores))
	for i, cs := range scores {
		all[i] = scored{cs, pageType == "" || ds.Cases[i].Expect.PageType == pageType}
	}
	return buildReport(all)
}
