package normalize

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// SiteModel is what was learned about one site from its own pages: the
// author values it prints everywhere, the blocks that repeat on its pages,
// and per page template the page type, the byline position and the body
// container. Extract applies it through Options.Site. It is data: it
// prints as the learned part of a site profile, and a profile in the
// config file replaces it.
type SiteModel struct {
	SiteRules `yaml:",inline"`

	once        sync.Once
	boiler      map[uint32]bool
	titles      map[uint32]bool
	authors     map[string]bool
	templateMap map[string]*Template
}

// SiteRules is the data of a site model, as stored and as written in a
// site profile.
type SiteRules struct {
	// SiteAuthors are author values (meta tags, JSON-LD) that most pages
	// of the site carry, its home and listing pages included: a site
	// default. A visible byline wins over them; they are kept only where a
	// page names nobody else.
	SiteAuthors []string `yaml:"site_authors,omitempty" json:"site_authors,omitempty"`
	// Boilerplate are texts of blocks that repeat across the site's pages
	// (navigation, footers, sidebars, newsletter boxes): they are dropped
	// from bodies. BoilerplateHashes are those whose text was not kept.
	Boilerplate       []string `yaml:"boilerplate,omitempty" json:"boilerplate,omitempty"`
	BoilerplateHashes []uint32 `yaml:"-" json:"boilerplate_hashes,omitempty"`
	// Templates are the site's page templates with what holds for each.
	Templates []Template `yaml:"templates,omitempty" json:"templates,omitempty"`
	// ArchiveAuthors names, by record URL, the authors whose archive pages
	// list an article: they stand in where the article itself names
	// nobody. Kept with the model, not shown in a profile.
	ArchiveAuthors map[string][]string `yaml:"-" json:"archive_authors,omitempty"`
	// Titles are the hashes of the titles of the site's articles: a body
	// ending in another article's title ends in a teaser, and a page whose
	// headings are other articles' titles is a listing.
	Titles []uint32 `yaml:"-" json:"titles,omitempty"`
}

// NewSiteModel makes a model of the given rules.
func NewSiteModel(r SiteRules) *SiteModel { return &SiteModel{SiteRules: r} }

// Template is one page template of a site.
type Template struct {
	// Key names the template: the element path of the title heading and
	// the number of <article> elements (0, 1 or n).
	Key      string `yaml:"key" json:"key"`
	Pages    int    `yaml:"pages" json:"pages"`
	Articles int    `yaml:"articles" json:"articles"`
	// Type is "article" when the template's pages are articles, "listing"
	// when they are not, "" when the pages decide alone.
	Type string `yaml:"type,omitempty" json:"type,omitempty"`
	// Byline is the position of the author names: a slot path as in Facts.
	Byline string `yaml:"byline,omitempty" json:"byline,omitempty"`
	// Body is the element path of the content container.
	Body string `yaml:"body,omitempty" json:"body,omitempty"`
	// Dated is true when the template's articles carry a date: an undated
	// page of it is documentation or an about page, not an article.
	Dated bool `yaml:"dated,omitempty" json:"dated,omitempty"`
	// Dateline is the position of the publication date, a slot path as in
	// Facts: read where the page's metadata gives no date.
	Dateline string `yaml:"dateline,omitempty" json:"dateline,omitempty"`
}

// Template types.
const (
	TemplateArticle = "article"
	TemplateListing = "listing"
)

func (m *SiteModel) prepare() {
	m.once.Do(func() {
		m.boiler = map[uint32]bool{}
		for _, t := range m.Boilerplate {
			m.boiler[TextHash(t)] = true
		}
		for _, h := range m.BoilerplateHashes {
			m.boiler[h] = true
		}
		m.titles = map[uint32]bool{}
		for _, h := range m.Titles {
			m.titles[h] = true
		}
		m.authors = map[string]bool{}
		for _, a := range m.SiteAuthors {
			m.authors[foldSpace(a)] = true
		}
		m.templateMap = map[string]*Template{}
		for i := range m.Templates {
			m.templateMap[m.Templates[i].Key] = &m.Templates[i]
		}
	})
}

// Empty reports whether the model holds no rule.
func (m *SiteModel) Empty() bool {
	if m == nil {
		return true
	}
	if len(m.SiteAuthors) > 0 || len(m.Boilerplate) > 0 || len(m.BoilerplateHashes) > 0 || len(m.Titles) > 0 || len(m.ArchiveAuthors) > 0 {
		return false
	}
	for _, t := range m.Templates {
		if t.HasRule() {
			return false
		}
	}
	return true
}

// HasRule reports whether the template decides anything.
func (t Template) HasRule() bool {
	return t.Type != "" || t.Byline != "" || t.Body != "" || t.Dated || t.Dateline != ""
}

// template returns the rules of a template, or nil.
func (m *SiteModel) template(key string) *Template {
	if m == nil {
		return nil
	}
	m.prepare()
	return m.templateMap[key]
}

func (m *SiteModel) siteAuthors() map[string]bool {
	if m == nil {
		return nil
	}
	m.prepare()
	return m.authors
}

// IsBoilerplate reports whether a block with this text hash repeats across
// the site.
func (m *SiteModel) IsBoilerplate(h uint32) bool {
	if m == nil {
		return false
	}
	m.prepare()
	return m.boiler[h]
}

// IsTitle reports whether h is the hash of one of the site's article
// titles.
func (m *SiteModel) IsTitle(h uint32) bool {
	if m == nil {
		return false
	}
	m.prepare()
	return m.titles[h]
}

// teaserHashes are the hashes a trailing line is checked with: its text,
// and its text after a label ("Read also: Title").
func teaserHashes(text string) []uint32 {
	hs := []uint32{TextHash(text)}
	if i := strings.IndexAny(text, ":»›→|"); i > 0 && i < 40 {
		rest := strings.TrimSpace(strings.TrimLeft(text[i:], ":»›→| "))
		if rest != "" {
			hs = append(hs, TextHash(rest))
		}
	}
	return hs
}

// IsTeaser reports whether a block's text is the title of another article
// of the site, alone or after a label: a teaser, not content.
func (m *SiteModel) IsTeaser(text, ownTitle string) bool {
	if m == nil || len(text) > 300 {
		return false
	}
	own := TextHash(ownTitle)
	for _, h := range teaserHashes(text) {
		if h != own && m.IsTitle(h) {
			return true
		}
	}
	return false
}

// dropBoilerplate removes from the body the blocks that repeat across the
// site, and trailing blocks that are teasers of other articles. It
// reports whether it removed anything.
func (m *SiteModel) dropBoilerplate(root *html.Node, ownTitle string) bool {
	if m == nil || root == nil {
		return false
	}
	m.prepare()
	var drop []*html.Node
	var last []*html.Node
	leafBlocks(root, func(el *html.Node, t string) {
		if m.boiler[TextHash(t)] {
			drop = append(drop, el)
			return
		}
		last = append(last, el)
	})
	// Trailing teasers: the last blocks, while they name other articles.
	for i := len(last) - 1; i >= 0 && i >= len(last)-3; i-- {
		if !m.IsTeaser(collapseSpace(textOf(last[i])), ownTitle) {
			break
		}
		drop = append(drop, last[i])
	}
	for _, el := range drop {
		removeEmptying(el, root)
	}
	return len(drop) > 0
}

// removeEmptying removes el, and the ancestors it leaves without text or
// media, up to root.
func removeEmptying(el, root *html.Node) {
	for el != nil && el != root && el.Parent != nil {
		p := el.Parent
		p.RemoveChild(el)
		if p == root || strings.TrimSpace(textOf(p)) != "" || hasMedia(p) {
			return
		}
		el = p
	}
}

func hasMedia(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Img || c.DataAtom == atom.Picture ||
			c.DataAtom == atom.Video || c.DataAtom == atom.Iframe || hasMedia(c)) {
			return true
		}
	}
	return false
}

// listsOtherArticles reports whether the page shows other articles of the
// site: its body's headings name two of them or one by a long title, or
// the heading over its body is another article's title. Such a page is a
// listing of posts, even when each entry is complete.
func (m *SiteModel) listsOtherArticles(f *Facts) bool {
	if m == nil {
		return false
	}
	return m.otherTitles(f.Headings, f.Title) >= 2 || m.otherTitles(f.LongHeadings, f.Title) >= 1 ||
		f.LeadHeading != 0 && m.otherTitles([]uint32{f.LeadHeading}, f.Title) == 1
}

// otherTitles counts the distinct hashes that are titles of articles
// other than the page's own.
func (m *SiteModel) otherTitles(headings []uint32, ownTitle string) int {
	own := TextHash(ownTitle)
	n := 0
	seen := map[uint32]bool{}
	for _, h := range headings {
		if h != own && !seen[h] && m.IsTitle(h) {
			seen[h] = true
			n++
		}
	}
	return n
}

// SlotNames reads person names from the text of a byline slot: the pieces
// between separators, without dates, handles and labels, that look like
// names.
func SlotNames(text string) []string {
	var names []string
	behalf := false // the piece before ended in "on behalf of"
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "(") || strings.HasPrefix(line, "@") {
			continue
		}
		if len(line) > 120 {
			return nil
		}
		for _, piece := range splitSlot(line) {
			piece = strings.TrimSpace(strings.Trim(piece, " -–—|·•,;:"))
			low := strings.ToLower(piece)
			for _, p := range []string{"by ", "posted by ", "written by ", "author: ", "authors: "} {
				if strings.HasPrefix(low, p) {
					piece = strings.TrimSpace(piece[len(p):])
					break
				}
			}
			// Whom an author signs for is not an author.
			if behalf || strings.HasPrefix(low, "on behalf of") {
				behalf = false
				continue
			}
			if i := strings.Index(strings.ToLower(piece), " on behalf of"); i > 0 {
				behalf = strings.TrimSpace(piece[i+len(" on behalf of"):]) == ""
				piece = piece[:i]
			}
			if groupByline.MatchString(piece) {
				// A team signs: its name is the byline.
				names = appendUnique(names, piece)
				continue
			}
			if piece == "" || strings.ContainsAny(piece, "0123456789@/") {
				continue
			}
			for _, n := range cleanAuthors(piece) {
				if strings.Contains(n, " ") || len(names) > 0 {
					names = appendUnique(names, n)
				} else if capitalised(n) && len(n) > 2 {
					names = appendUnique(names, n)
				}
			}
		}
	}
	if len(names) > 6 {
		return nil
	}
	return names
}

// groupByline matches a byline that names a group rather than persons:
// "The Dev-tools team", "The JuliaCon 2021 committee", "Julia GSoC admin
// team".
var groupByline = regexp.MustCompile(`(?i)^(the\s+)?[\p{L}\d][\p{L}\d .'&-]{0,60}\s(team|group|committee|organi[sz]ers|developers|editors|editorial board|staff|maintainers|contributors|wg|working group|initiative|desk|newsroom)$`)

// splitSlot splits a line of a byline slot at the separators between a
// date, names and labels.
func splitSlot(line string) []string {
	f := func(r rune) bool {
		return r == '|' || r == '·' || r == '•' || r == '—' || r == '–' || r == ';'
	}
	var out []string
	for _, p := range strings.FieldsFunc(line, f) {
		out = append(out, strings.Split(p, " - ")...)
	}
	return slices.DeleteFunc(out, func(s string) bool { return strings.TrimSpace(s) == "" })
}

// SlotDate reads the date in the text of a date slot, "" when it holds
// none: the first of its pieces (lines, and parts between separators) that
// is a date.
func SlotDate(text string) string {
	now := time.Now()
	for _, line := range strings.Split(text, "\n") {
		if d := parseDateString(line, now); d != "" {
			return d
		}
		for _, piece := range splitSlot(line) {
			if d := parseDateString(strings.TrimSpace(strings.Trim(piece, " -–—|·•,;:")), now); d != "" {
				return d
			}
		}
	}
	return ""
}

// ArchiveName is the author an archive page is about, read from its
// heading ("Jane Doe", "Posts by Jane Doe", "Author: Jane Doe"), or "".
func ArchiveName(heading string) string {
	h := heading
	if i := strings.LastIndex(h, ":"); i >= 0 && i < len(h)-1 {
		h = h[i+1:]
	}
	if i := strings.LastIndex(strings.ToLower(h), " by "); i >= 0 {
		h = h[i+len(" by "):]
	}
	names := cleanAuthors(h)
	if len(names) != 1 {
		return ""
	}
	return names[0]
}

// archiveAuthors returns the authors whose archives list the page, by any
// of its URLs.
func (m *SiteModel) archiveAuthors(urls ...string) []string {
	if m == nil || len(m.ArchiveAuthors) == 0 {
		return nil
	}
	for _, u := range urls {
		if names := m.ArchiveAuthors[u]; len(names) > 0 {
			return names
		}
	}
	return nil
}
