package normalize

import "strings"

// bylineAuthors reads the authors at the byline position a template
// learned. When that position names nobody, only the sources that can
// name this page's author alone are kept: a name elsewhere on the page is
// more likely a teaser's than the article's.
func bylineAuthors(m metadata, slots []Slot, path string) []string {
	if len(m.Authors) > 0 && !m.siteDefault && namesIn(m.Authors, slotText(slots, path)) {
		// The page's own reading agrees with the position, and reads
		// the names as printed there.
		return m.Authors
	}
	text := slotText(slots, path)
	if names := SlotNames(text); len(names) > 0 {
		return names
	}
	if len(m.certain) > 0 {
		return m.certain
	}
	if m.siteDefault && text != "" {
		// The byline position says something that is no name: the
		// site's default is not what it says.
		return nil
	}
	if m.metaAuthor != "" && sharesName(m.Authors, cleanAuthorField(m.metaAuthor)) {
		return m.Authors
	}
	return nil
}

// Confidence levels of the single-page model (log-odds) that a site model
// does not overrule.
const (
	sureArticle    = 6.0 // an undated page of a dated template stays an article
	sureNotListing = 1.5 // an article in a listing template stays one
)

// retype applies the site model to the single-page type decision.
func (m *SiteModel) retype(typ string, score float64, tmpl *Template, f *Facts, s pageSignals) string {
	if m == nil || f == nil {
		return typ
	}
	typ = m.retypeByTemplate(typ, score, tmpl, f, s)
	if typ == PageArticle && m.listsOtherArticles(f) {
		// Whatever its template, a page that prints other articles is
		// a listing of them.
		return PageListing
	}
	return typ
}

// retypeByTemplate applies the rules of the page's template.
func (m *SiteModel) retypeByTemplate(typ string, score float64, tmpl *Template, f *Facts, s pageSignals) string {
	if tmpl == nil {
		return typ
	}
	if typ == PageArticle && tmpl.Dated && !f.Dated && score < sureArticle {
		return PageOther
	}
	switch tmpl.Type {
	case TemplateArticle:
		if typ != PageArticle && singleItem(f, s) && (!tmpl.Dated || f.Dated) {
			return PageArticle
		}
	case TemplateListing:
		if typ == PageArticle && score < sureNotListing {
			return PageListing
		}
	}
	return typ
}

// singleItem reports whether a page shows one item of its own: a title
// heading, some text, and not a run of links or teasers.
func singleItem(f *Facts, s pageSignals) bool {
	return f.Title != "" && !strings.HasPrefix(f.Template, "title=none") && s.textLen >= 20 && s.linkDensity < 0.5 && s.teasers < 3 && !s.discussion
}

// slotText is the text of the slot at path, or "".
func slotText(slots []Slot, path string) string {
	for _, s := range slots {
		if s.Path == path {
			return s.Text
		}
	}
	return ""
}

// namesIn reports whether every name appears in text, ignoring case.
func namesIn(names []string, text string) bool {
	t := foldSpace(text)
	if t == "" {
		return false
	}
	for _, n := range names {
		if !strings.Contains(t, foldSpace(n)) {
			return false
		}
	}
	return true
}

// Affects reports whether the model can change what Extract makes of the
// page these facts describe, so that only those pages are extracted
// again after learning.
func (m *SiteModel) Affects(f *Facts) bool {
	if m == nil || f == nil {
		return false
	}
	m.prepare()
	if m.authors[f.MetaAuthor] || m.authors[f.LDAuthor] {
		return true
	}
	for _, h := range f.InBody {
		if m.boiler[h] {
			return true
		}
	}
	for _, h := range f.Tail {
		if m.titles[h] && h != TextHash(f.Title) {
			return true
		}
	}
	if f.Type == PageArticle && m.listsOtherArticles(f) {
		return true
	}
	if len(f.Authors) == 0 && len(m.archiveAuthors(f.URL)) > 0 {
		return true
	}
	t := m.template(f.Template)
	if t == nil {
		return false
	}
	switch {
	case t.Type == TemplateArticle && f.Type != PageArticle,
		t.Type == TemplateListing && f.Type == PageArticle,
		t.Dated && !f.Dated && f.Type == PageArticle:
		return true
	case t.Body != "" && t.Type == TemplateArticle && f.BodyPath != t.Body:
		// As templateContainer: a long text from a container of the
		// page's own stays, unless that container holds the template's.
		if f.BodyPath == "" || f.TextLen < minTemplateText || strings.HasPrefix(t.Body, f.BodyPath+" > ") {
			return true
		}
	}
	if t.Dateline != "" && !f.Dated && slotText(f.Slots, t.Dateline) != "" {
		return true
	}
	if t.Byline == "" {
		return false
	}
	// As bylineAuthors: names the page gives that stand at the byline
	// position stay.
	text := slotText(f.Slots, t.Byline)
	if len(f.Authors) == 0 {
		return len(f.Certain) > 0 || len(SlotNames(text)) > 0
	}
	return !namesIn(f.Authors, text)
}
