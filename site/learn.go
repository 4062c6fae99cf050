package site

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/ingest-archive/ingest/normalize"
)

// Thresholds of the learner. Each is a share of the pages it is measured
// on, with a least number of pages below which nothing is learned.
const (
	// siteAuthorShare: an author value on this share of all pages is the
	// site's default.
	siteAuthorShare = 0.5
	minSiteAuthor   = 5
	// boilerShare: a block on this share of all pages is boilerplate.
	boilerShare = 0.3
	minBoiler   = 4
	// articleShare / listingShare: a template is an article template when
	// this share of its pages are articles, a listing one when at most
	// listingShare are and articleShare are listings.
	articleShare = 0.6
	listingShare = 0.1
	minTemplate  = 3
	// datedShare: a template is dated when this share of its articles
	// carry a date.
	datedShare = 0.75
	minDated   = 5
	// datedPages / distinctTitles: a template whose pages are dated and
	// titled each their own way is an article template, even when no
	// page alone was judged an article.
	datedPages       = 0.8
	distinctTitles   = 0.9
	minDatedTemplate = 5
	// bodyShare: a container path is the template's body when this share
	// of its confident pages came from it.
	bodyShare = 0.6
	// bylineAgree: a slot is the byline when its names agree with the
	// certain authors on this share of the pages that have them.
	bylineAgree = 0.6
	minByline   = 3
	// bylineNamed: without certain authors, a slot is the byline when it
	// holds names on this share of the template's articles, with varied
	// values none of which takes more than bylineOneValue of them.
	bylineNamed    = 0.5
	bylineOneValue = 0.6
	minNamed       = 5
	// bylineFewCertain: below this share of pages with certain authors,
	// the template is read as having none.
	bylineFewCertain = 0.2
	// doubtful is the article log-odds from which a page counts as a
	// possible article for learning bylines.
	doubtful = -1.5
)

// Memory bounds: the learner keeps counts, not pages, and caps every map
// so that a site of any size is learned in bounded memory.
const (
	maxBlockCounts = 400_000
	maxValues      = 256
	maxPaths       = 64
	maxAuthorVals  = 4096
	maxTitles      = 1 << 16
	maxArchived    = 1 << 20 // pages listed by author archives
	// maxArchiveNames: a page more archives list is a page of all of
	// them (a "popular posts" box), evidence for none.
	maxArchiveNames = 3
)

// Learner learns a site model from the facts of the site's pages, one page
// at a time. The result depends only on the pages and their order.
type Learner struct {
	pages     int
	metaVals  map[string]int
	ldVals    map[string]int
	templates map[string]*templateStats
	blocks    map[uint32]int32
	prune     int32
	blockURL  map[uint32]string   // a page holding each repeated block
	titles    map[uint32]int      // pages by title, any type
	artTitles map[uint32]bool     // titles of the pages judged articles
	archives  map[string][]string // page URL: the authors whose archives list it
}

type templateStats struct {
	pages, articles, listings, dated, confident, certain int
	// datedAll counts the dated pages of any type, and titles their
	// distinct titles: a template of dated pages, each with a title of its
	// own, is a template of articles however each page was judged.
	datedAll int
	titles   map[uint32]bool
	bodies   map[string]int
	slots    map[string]*slotStats
}

type slotStats struct {
	named, agree int
	values       map[string]int
	dates        int // pages where the slot holds the page's own date
}

// NewLearner returns an empty learner.
func NewLearner() *Learner {
	return &Learner{
		metaVals:  map[string]int{},
		ldVals:    map[string]int{},
		templates: map[string]*templateStats{},
		blocks:    map[uint32]int32{},
		blockURL:  map[uint32]string{},
		titles:    map[uint32]int{},
		artTitles: map[uint32]bool{},
		archives:  map[string][]string{},
	}
}

// Pages is the number of pages added.
func (l *Learner) Pages() int { return l.pages }

// Add counts one page's facts.
func (l *Learner) Add(f *normalize.Facts) {
	if f == nil {
		return
	}
	l.pages++
	l.addArchive(f)
	countCapped(l.metaVals, f.MetaAuthor, maxAuthorVals)
	countCapped(l.ldVals, f.LDAuthor, maxAuthorVals)
	for _, h := range f.Blocks {
		l.countBlock(h, f.URL)
	}
	t := l.templates[f.Template]
	if t == nil {
		t = &templateStats{bodies: map[string]int{}, slots: map[string]*slotStats{}, titles: map[uint32]bool{}}
		l.templates[f.Template] = t
	}
	t.pages++
	if f.Dated {
		t.datedAll++
	}
	if f.Title != "" {
		h := normalize.TextHash(f.Title)
		if len(t.titles) < maxTitles {
			t.titles[h] = true
		}
		if _, ok := l.titles[h]; ok || len(l.titles) < 4*maxTitles {
			l.titles[h]++
		}
	}
	article := f.Type == normalize.PageArticle
	if f.Type == normalize.PageListing || f.Type == normalize.PageCollection {
		t.listings++
	}
	if article {
		t.articles++
		if f.Dated {
			t.dated++
		}
		if f.Title != "" && len(l.artTitles) < 4*maxTitles {
			l.artTitles[normalize.TextHash(f.Title)] = true
		}
	}
	// Where a confident page's body sat counts whatever the page was
	// judged: the path is used only if the template is an article one.
	if f.Confident && f.BodyPath != "" {
		t.confident++
		countCapped(t.bodies, f.BodyPath, maxPaths)
	}
	if !article && f.Score < doubtful {
		return
	}
	if len(f.Certain) > 0 {
		t.certain++
	}
	seen := map[string]bool{}
	for _, s := range f.Slots {
		if seen[s.Path] {
			continue
		}
		seen[s.Path] = true
		names := normalize.SlotNames(s.Text)
		dated := f.Date != "" && strings.HasPrefix(normalize.SlotDate(s.Text), f.Date)
		if len(names) == 0 && !dated {
			continue
		}
		st := t.slots[s.Path]
		if st == nil {
			if len(t.slots) >= maxPaths {
				continue
			}
			st = &slotStats{values: map[string]int{}}
			t.slots[s.Path] = st
		}
		if dated {
			st.dates++
		}
		if len(names) == 0 {
			continue
		}
		st.named++
		countCapped(st.values, strings.ToLower(strings.Join(names, "\x00")), maxValues)
		if len(f.Certain) > 0 && agrees(names, f.Certain) {
			st.agree++
		}
	}
}

// addArchive notes the pages an author's archive page lists.
func (l *Learner) addArchive(f *normalize.Facts) {
	name := normalize.ArchiveName(f.Archive)
	if name == "" {
		return
	}
	for _, u := range f.Lists {
		names, ok := l.archives[u]
		if !ok && len(l.archives) >= maxArchived {
			continue
		}
		if !slices.Contains(names, name) && len(names) <= maxArchiveNames {
			l.archives[u] = append(names, name)
		}
	}
}

// countBlock counts a block hash, pruning the rarest counts when the map
// is full (lossy counting: a block on a large share of pages survives).
func (l *Learner) countBlock(h uint32, url string) {
	c, ok := l.blocks[h]
	if !ok && len(l.blocks) >= maxBlockCounts {
		for len(l.blocks) >= maxBlockCounts/2 {
			l.prune++
			for k, v := range l.blocks {
				if v <= l.prune {
					delete(l.blocks, k)
				}
			}
		}
	}
	if !ok {
		c = l.prune
	}
	l.blocks[h] = c + 1
	if c+1 == minBoiler-1 {
		l.blockURL[h] = url
	}
}

func countCapped(m map[string]int, k string, limit int) {
	if k == "" {
		return
	}
	if _, ok := m[k]; !ok && len(m) >= limit {
		return
	}
	m[k]++
}

// agrees reports whether two lists of names share one, ignoring case.
func agrees(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if strings.EqualFold(strings.TrimSpace(x), strings.TrimSpace(y)) {
				return true
			}
		}
	}
	return false
}

// Rules returns what was learned. Boilerplate comes as hashes; Texts
// names a page holding each, for ResolveTexts.
func (l *Learner) Rules() normalize.SiteRules {
	var r normalize.SiteRules
	for _, vals := range []map[string]int{l.metaVals, l.ldVals} {
		for _, k := range slices.Sorted(maps.Keys(vals)) {
			if c := vals[k]; c >= minSiteAuthor && float64(c) >= siteAuthorShare*float64(l.pages) {
				r.SiteAuthors = append(r.SiteAuthors, k)
			}
		}
	}
	least := max(minBoiler, int32(boilerShare*float64(l.pages)+0.999))
	for h, c := range l.blocks {
		if c >= least {
			r.BoilerplateHashes = append(r.BoilerplateHashes, h)
		}
	}
	slices.Sort(r.BoilerplateHashes)
	// The titles of articles: of the pages judged articles and of every
	// page of an article template. A title that several pages share names
	// a section, not one article.
	articles := maps.Clone(l.artTitles)
	for _, key := range slices.Sorted(maps.Keys(l.templates)) {
		t := l.template(key)
		if t == nil {
			continue
		}
		r.Templates = append(r.Templates, *t)
		if t.Type == normalize.TemplateArticle {
			maps.Copy(articles, l.templates[key].titles)
		}
	}
	for h := range articles {
		if l.titles[h] == 1 {
			r.Titles = append(r.Titles, h)
		}
	}
	slices.Sort(r.Titles)
	for u, names := range l.archives {
		if len(names) <= maxArchiveNames {
			if r.ArchiveAuthors == nil {
				r.ArchiveAuthors = map[string][]string{}
			}
			r.ArchiveAuthors[u] = slices.Sorted(slices.Values(names))
		}
	}
	return r
}

// template decides what holds for one template, or nil when it is too
// small to say.
func (l *Learner) template(key string) *normalize.Template {
	s := l.templates[key]
	if s.pages < minTemplate {
		return nil
	}
	t := &normalize.Template{Key: key, Pages: s.pages, Articles: s.articles}
	titled := !strings.HasPrefix(key, "title=none")
	switch {
	case titled && s.articles >= minTemplate && float64(s.articles) >= articleShare*float64(s.pages):
		t.Type = normalize.TemplateArticle
	case titled && s.pages >= minDatedTemplate && float64(s.datedAll) >= datedPages*float64(s.pages) &&
		float64(len(s.titles)) >= distinctTitles*float64(s.pages) && s.listings*2 < s.pages:
		t.Type = normalize.TemplateArticle
	case s.pages >= 5 && float64(s.articles) <= listingShare*float64(s.pages) && float64(s.listings) >= articleShare*float64(s.pages):
		t.Type = normalize.TemplateListing
	}
	if s.dated >= minDated && float64(s.dated) >= datedShare*float64(s.articles) ||
		t.Type == normalize.TemplateArticle && s.datedAll >= minDated && float64(s.datedAll) >= datedPages*float64(s.pages) {
		t.Dated = true
	}
	if p, c := topKey(s.bodies); c >= minTemplate && float64(c) >= bodyShare*float64(s.confident) {
		t.Body = p
	}
	t.Byline = s.byline(s.articles)
	t.Dateline = s.dateline()
	return t
}

// byline picks the slot where the template prints its authors: where the
// names agree with the page's certain authors, else, when the template's
// pages have none, where varied names stand on most pages.
func (s *templateStats) byline(articles int) string {
	best, bestAgree := "", 0
	for _, p := range slices.Sorted(maps.Keys(s.slots)) {
		if a := s.slots[p].agree; a > bestAgree {
			best, bestAgree = p, a
		}
	}
	if bestAgree >= minByline && float64(bestAgree) >= bylineAgree*float64(s.certain) {
		return best
	}
	if s.certain >= minByline && float64(s.certain) >= bylineFewCertain*float64(articles) {
		return "" // the certain authors stand elsewhere: no slot to learn
	}
	best, bestNamed := "", 0
	for _, p := range slices.Sorted(maps.Keys(s.slots)) {
		st := s.slots[p]
		if st.named < minNamed || float64(st.named) < bylineNamed*float64(articles) || len(st.values) < 3 {
			continue
		}
		if _, top := topKey(st.values); float64(top) > bylineOneValue*float64(st.named) {
			continue
		}
		if st.named > bestNamed {
			best, bestNamed = p, st.named
		}
	}
	return best
}

// dateline picks the slot where the template prints the publication date:
// where the slot's date is the page's own on most dated pages.
func (s *templateStats) dateline() string {
	best, bestN := "", 0
	for _, p := range slices.Sorted(maps.Keys(s.slots)) {
		if n := s.slots[p].dates; n > bestN {
			best, bestN = p, n
		}
	}
	if bestN >= minByline && float64(bestN) >= bylineAgree*float64(s.datedAll) {
		return best
	}
	return ""
}

// BlockPages returns, for each boilerplate hash, a page that holds it.
func (l *Learner) BlockPages(r normalize.SiteRules) map[uint32]string {
	out := map[uint32]string{}
	for _, h := range r.BoilerplateHashes {
		if u, ok := l.blockURL[h]; ok {
			out[h] = u
		}
	}
	return out
}

// ResolveTexts turns boilerplate hashes into texts, reading the pages
// that hold them with texts (at most maxPages of them); hashes whose text
// is not found stay hashes.
func ResolveTexts(r *normalize.SiteRules, where map[uint32]string, texts func(url string) map[uint32]string) {
	const maxPages = 32
	byURL := map[string][]uint32{}
	for _, h := range r.BoilerplateHashes {
		if u, ok := where[h]; ok {
			byURL[u] = append(byURL[u], h)
		}
	}
	urls := slices.Sorted(maps.Keys(byURL))
	slices.SortStableFunc(urls, func(a, b string) int { return cmp.Compare(len(byURL[b]), len(byURL[a])) })
	found := map[uint32]string{}
	for i, u := range urls {
		if i == maxPages {
			break
		}
		m := texts(u)
		for _, h := range r.BoilerplateHashes {
			if _, ok := found[h]; !ok {
				if t, ok := m[h]; ok {
					found[h] = t
				}
			}
		}
	}
	var left []uint32
	for _, h := range r.BoilerplateHashes {
		if t, ok := found[h]; ok {
			r.Boilerplate = append(r.Boilerplate, t)
		} else {
			left = append(left, h)
		}
	}
	slices.Sort(r.Boilerplate)
	r.Boilerplate = slices.Compact(r.Boilerplate)
	r.BoilerplateHashes = left
}

// topKey is the most frequent key and its count; ties go to the first key
// in order.
func topKey(m map[string]int) (string, int) {
	best, bc := "", 0
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if m[k] > bc {
			best, bc = k, m[k]
		}
	}
	return best, bc
}
