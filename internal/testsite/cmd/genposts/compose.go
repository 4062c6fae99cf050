package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// target is a post another post may link to.
type target struct{ title, link string }

// genPost is one post being written.
type genPost struct {
	file       string
	id         int
	slug       string
	title      string
	date       time.Time
	authors    []string
	tags       []string
	categories []string
	url        string
	link       string
	override   string // explicit url: in the front matter
	image      *image
	body       string
	topic      *topic
	short      *short
}

type generator struct {
	r      *rand.Rand
	v      *vocabulary
	titles map[string]bool
	uses   map[string]int // title pattern -> times used
}

func newGenerator(v *vocabulary) *generator {
	return &generator{r: rand.New(rand.NewPCG(v.seed, v.seed^0x9e3779b97f4a7c15)), v: v, titles: map[string]bool{}, uses: map[string]int{}}
}

var months = []string{"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December"}

var days = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

func (g *generator) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

// fill replaces every slot of s, each occurrence on its own.
func (g *generator) fill(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(g.slot(s[i+1 : i+j]))
		s = s[i+j+1:]
	}
}

func (g *generator) slot(name string) string {
	switch name {
	case "place":
		return g.pick(g.v.places)
	case "group":
		return g.pick(g.v.groups)
	case "org":
		return g.pick(g.v.orgs)
	case "person":
		return g.pick(g.v.persons)
	case "num":
		return strconv.Itoa(3 + g.r.IntN(93))
	case "big":
		n := 120 + g.r.IntN(4680)
		if n >= 1000 {
			return fmt.Sprintf("%d,%03d", n/1000, n%1000)
		}
		return strconv.Itoa(n)
	case "pct":
		return fmt.Sprintf("%d%%", 4+g.r.IntN(70))
	case "year":
		return strconv.Itoa(2009 + g.r.IntN(14))
	case "month":
		return g.pick(months)
	case "day":
		return g.pick(days)
	case "money":
		return fmt.Sprintf("£%d,%03d", 1+g.r.IntN(90), g.r.IntN(1000))
	}
	return "{" + name + "}"
}

// generate plans every post first, so that bodies can link to posts
// written later in the same run, then writes the bodies.
func (g *generator) generate(pool []target) []*genPost {
	v := g.v
	for _, t := range pool {
		g.titles[t.title] = true
	}
	nShort := int(float64(v.count)*v.shortShare + 0.5)
	span := v.to.Sub(v.from)
	var posts []*genPost
	for i := range v.count {
		p := &genPost{}
		if i%max(1, v.count/max(1, nShort)) == 0 && len(v.shorts) > 0 && nShort > 0 {
			s := v.shorts[0]
			v.shorts = v.shorts[1:]
			nShort--
			p.short, p.title = &s, s.title
			p.topic = &v.topics[g.r.IntN(len(v.topics))]
		} else {
			p.topic = &v.topics[g.r.IntN(len(v.topics))]
			p.title = g.title(p.topic)
		}
		g.titles[p.title] = true
		off := time.Duration(g.r.Int64N(int64(span/time.Minute))) * time.Minute
		p.date = v.from.Add(off).Truncate(5 * time.Minute)
		p.authors = v.authors[g.r.IntN(len(v.authors))]
		p.tags = []string{p.topic.tag}
		if p.short != nil && p.short.tag != "" {
			p.tags = []string{p.short.tag}
		} else if o := v.topics[g.r.IntN(len(v.topics))].tag; o != p.topic.tag && g.r.IntN(3) == 0 {
			p.tags = append(p.tags, o)
		}
		if len(v.categories) > 0 {
			p.categories = []string{v.categories[slices.Index(tagsOf(v.topics), p.topic.tag)%len(v.categories)]}
		}
		p.slug = slugOf(p.title, 7)
		posts = append(posts, p)
	}
	slices.SortStableFunc(posts, func(a, b *genPost) int { return a.date.Compare(b.date) })
	id := v.firstID
	for i, p := range posts {
		p.id = id
		id += 3 + i%5
		p.url, p.link = v.permalink(p)
		if v.urlOverride != nil {
			if u := v.urlOverride(p, i); u != "" {
				p.url, p.link, p.override = u, u, u
			}
		}
		p.file = fmt.Sprintf("g%03d-%s.md", i+1, p.slug)
		if v.leadImages {
			im := v.images[g.r.IntN(len(v.images))]
			p.image = &im
		}
		pool = append(pool, target{title: p.title, link: p.link})
	}
	for _, p := range posts {
		if p.short != nil {
			p.body = g.shortBody(p)
		} else {
			p.body = g.longBody(p, pool)
		}
	}
	return posts
}

func tagsOf(ts []topic) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.tag
	}
	return out
}

// title fills one of the least used title patterns of t that still
// gives a title no other post has.
func (g *generator) title(t *topic) string {
	order := g.r.Perm(len(t.titles))
	slices.SortStableFunc(order, func(a, b int) int { return g.uses[t.titles[a]] - g.uses[t.titles[b]] })
	for _, i := range order {
		for range 50 {
			if s := capitalize(g.fill(t.titles[i])); !g.titles[s] {
				g.uses[t.titles[i]]++
				return s
			}
		}
	}
	panic("genposts: not enough distinct titles for " + t.tag)
}

func (g *generator) shortBody(p *genPost) string {
	var b strings.Builder
	b.WriteString("\n" + p.short.text + "\n")
	if p.short.image != "" {
		for _, im := range g.v.images {
			if strings.Contains(im.src, p.short.image) {
				fmt.Fprintf(&b, "\n![%s](%s)\n", im.alt, im.src)
			}
		}
	}
	return b.String()
}

// sentences returns n filled sentences of t not used yet in this post.
func (g *generator) sentences(t *topic, used map[string]bool, n int) []string {
	var out []string
	for _, i := range g.r.Perm(len(t.sentences)) {
		if len(out) == n {
			break
		}
		if s := t.sentences[i]; !used[s] {
			used[s] = true
			out = append(out, capitalize(g.fill(s)))
		}
	}
	return out
}

func (g *generator) longBody(p *genPost, pool []target) string {
	t := p.topic
	other := &g.v.topics[g.r.IntN(len(g.v.topics))]
	used := map[string]bool{}
	var blocks []string
	para := func(tp *topic, lo, hi int) {
		if s := g.sentences(tp, used, lo+g.r.IntN(hi-lo+1)); len(s) > 0 {
			blocks = append(blocks, strings.Join(s, " "))
		}
	}
	para(t, 2, 4)
	sections := g.r.IntN(4)
	linksIn, linksOut := 1+g.r.IntN(2), g.r.IntN(2)
	if sections == 0 {
		para(t, 2, 4)
		para(other, 1, 3)
	}
	headings := g.r.Perm(len(t.headings))
	for k := range sections {
		if k < len(headings) {
			blocks = append(blocks, "## "+g.fill(t.headings[headings[k]]))
		}
		para(t, 2, 5)
		switch g.r.IntN(6) {
		case 0, 1:
			lead := t.listLead
			if lead == "" {
				lead = g.pick(g.v.listLeads)
			}
			blocks = append(blocks, capitalize(g.fill(lead)), g.list(t))
		case 2:
			if len(t.quotes) > 0 {
				blocks = append(blocks, capitalize(g.fill(g.pick(g.v.quoteLeads))), "> "+g.fill(g.pick(t.quotes)))
			}
		case 3:
			im := g.v.images[g.r.IntN(len(g.v.images))]
			blocks = append(blocks, fmt.Sprintf("![%s](%s)", im.alt, im.src))
		case 4:
			if k > 0 {
				blocks = append(blocks, "### "+g.fill(g.pick(other.headings)))
			}
			para(other, 2, 3)
		}
	}
	for range linksIn {
		q := pool[g.r.IntN(len(pool))]
		if q.link == p.link {
			continue
		}
		anchor := q.title
		if g.r.IntN(3) == 0 {
			anchor = g.pick([]string{"an earlier post", "our earlier report", "this piece"})
		}
		g.addLink(&blocks, anchor, q.link)
	}
	for range linksOut {
		e := g.v.externals[g.r.IntN(len(g.v.externals))]
		g.addLink(&blocks, g.fill(e.anchor), e.url)
	}
	para(t, 1, 3)
	return "\n" + strings.Join(blocks, "\n\n") + "\n"
}

// addLink appends a sentence holding a link to a random paragraph.
func (g *generator) addLink(blocks *[]string, anchor, url string) {
	var paras []int
	for i, b := range *blocks {
		if !strings.HasPrefix(b, "#") && !strings.HasPrefix(b, ">") && !strings.HasPrefix(b, "!") &&
			!strings.HasPrefix(b, "- ") && !strings.HasPrefix(b, "1. ") && !strings.HasSuffix(b, ":") {
			paras = append(paras, i)
		}
	}
	if len(paras) == 0 {
		return
	}
	s := strings.NewReplacer("{anchor}", anchor, "{url}", url).Replace(g.pick(g.v.linkLeads))
	i := paras[g.r.IntN(len(paras))]
	(*blocks)[i] += " " + s
}

func (g *generator) list(t *topic) string {
	n := 3 + g.r.IntN(3)
	numbered := g.r.IntN(3) == 0
	var lines []string
	for k, i := range g.r.Perm(len(t.items)) {
		if k == n {
			break
		}
		mark := "-"
		if numbered {
			mark = strconv.Itoa(k+1) + "."
		}
		lines = append(lines, mark+" "+g.fill(t.items[i]))
	}
	return strings.Join(lines, "\n")
}

// slugOf is the first words of s, lower-cased and joined with hyphens,
// without small words.
func slugOf(s string, words int) string {
	stop := map[string]bool{"a": true, "an": true, "the": true, "of": true, "and": true, "to": true,
		"in": true, "on": true, "for": true, "is": true, "what": true, "why": true, "how": true}
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9')
	}) {
		if !stop[w] && len(out) < words {
			out = append(out, w)
		}
	}
	return strings.Join(out, "-")
}

func (p *genPost) content() string {
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", strconv.Quote(p.title))
	fmt.Fprintf(&b, "date: %q\n", p.date.Format("2006-01-02 15:04"))
	fmt.Fprintf(&b, "id: %d\n", p.id)
	fmt.Fprintf(&b, "slug: %s\n", p.slug)
	if p.override != "" {
		fmt.Fprintf(&b, "url: %s\n", p.override)
	}
	fmt.Fprintf(&b, "authors: [%s]\n", strings.Join(p.authors, ", "))
	fmt.Fprintf(&b, "tags: [%s]\n", strings.Join(p.tags, ", "))
	if len(p.categories) > 0 {
		fmt.Fprintf(&b, "categories: [%s]\n", strings.Join(p.categories, ", "))
	}
	if p.image != nil {
		fmt.Fprintf(&b, "image: %s\n", p.image.src)
		fmt.Fprintf(&b, "caption: %s\n", strconv.Quote(p.image.caption))
	}
	b.WriteString("---\n")
	b.WriteString(p.body)
	return b.String()
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
