package normalize

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// ProfileSpec is a user's extraction rules for one site, as written in the
// config file. Every field is a CSS selector; empty fields keep the generic
// rule.
type ProfileSpec struct {
	Title   string   `yaml:"title,omitempty"`
	Authors string   `yaml:"authors,omitempty"`
	Date    string   `yaml:"date,omitempty"`
	Body    string   `yaml:"body,omitempty"`
	Drop    []string `yaml:"drop,omitempty"`
	// SiteRules are the rules a site model learns (see `ingest site
	// show`); written here, they replace the learned model of the site.
	SiteRules `yaml:",inline"`
}

// ProfileError names the host and field of a selector that does not compile.
type ProfileError struct {
	Host, Field, Selector string
	Err                   error
}

func (e *ProfileError) Error() string {
	return fmt.Sprintf("site %q: %s: bad CSS selector %q: %v", e.Host, e.Field, e.Selector, e.Err)
}

func (e *ProfileError) Unwrap() error { return e.Err }

// profile is a compiled ProfileSpec.
type profile struct {
	title, authors, date, body cascadia.Selector
	drop                       []cascadia.Selector
	model                      *SiteModel // nil when the profile has no site rules
}

// Profiles is a set of compiled per-host rules. A rule for "example.com"
// also applies to its subdomains such as "www.example.com"; the longest
// matching host wins. Profiles is safe for concurrent use.
type Profiles struct {
	byHost map[string]*profile
	hosts  []string // longest first
}

// NewProfiles compiles the given rules, keyed by host. A selector that does
// not compile is an error naming the host and field, so a typo fails at
// start-up instead of silently matching nothing.
func NewProfiles(specs map[string]ProfileSpec) (*Profiles, error) {
	ps := &Profiles{byHost: map[string]*profile{}}
	for host, s := range specs {
		h := strings.ToLower(strings.TrimSpace(host))
		if h == "" {
			return nil, &ProfileError{Host: host, Field: "host", Err: fmt.Errorf("empty host")}
		}
		p := &profile{}
		var err error
		compile := func(field, sel string) cascadia.Selector {
			if err != nil || strings.TrimSpace(sel) == "" {
				return nil
			}
			c, cerr := cascadia.Compile(sel)
			if cerr != nil {
				err = &ProfileError{Host: host, Field: field, Selector: sel, Err: cerr}
				return nil
			}
			return c
		}
		p.title = compile("title", s.Title)
		p.authors = compile("authors", s.Authors)
		p.date = compile("date", s.Date)
		p.body = compile("body", s.Body)
		for _, d := range s.Drop {
			if c := compile("drop", d); c != nil {
				p.drop = append(p.drop, c)
			}
		}
		if err != nil {
			return nil, err
		}
		if m := NewSiteModel(s.SiteRules); !m.Empty() {
			p.model = m
		}
		ps.byHost[h] = p
		ps.hosts = append(ps.hosts, h)
	}
	sort.Slice(ps.hosts, func(i, j int) bool {
		if len(ps.hosts[i]) != len(ps.hosts[j]) {
			return len(ps.hosts[i]) > len(ps.hosts[j])
		}
		return ps.hosts[i] < ps.hosts[j]
	})
	return ps, nil
}

// lookup returns the profile for a host, or nil.
func (ps *Profiles) lookup(host string) *profile {
	if ps == nil {
		return nil
	}
	host = strings.ToLower(host)
	for _, h := range ps.hosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return ps.byHost[h]
		}
	}
	return nil
}

// dropFrom removes the profile's drop selectors from the document.
func (p *profile) dropFrom(doc *goquery.Document) {
	for _, d := range p.drop {
		doc.FindMatcher(d).Remove()
	}
}

// override replaces the metadata fields the profile has selectors for,
// when they match something usable.
func (p *profile) override(doc *goquery.Document, m *metadata) {
	if t := firstText(doc, p.title); t != "" {
		m.Title = t
	}
	var authors []string
	for _, raw := range allTexts(doc, p.authors) {
		for _, a := range cleanAuthors(raw) {
			if !slices.Contains(authors, a) {
				authors = append(authors, a)
			}
		}
	}
	if len(authors) > 0 {
		m.Authors = authors
	}
	if d := parseDateString(dateValue(doc, p.date), time.Now()); d != "" {
		m.Published = d
	}
}

// firstText returns the folded text of the first match of sel, or "".
func firstText(doc *goquery.Document, sel cascadia.Selector) string {
	if sel == nil {
		return ""
	}
	return collapseSpace(doc.FindMatcher(sel).First().Text())
}

// allTexts returns the folded texts of every match of sel.
func allTexts(doc *goquery.Document, sel cascadia.Selector) []string {
	if sel == nil {
		return nil
	}
	var out []string
	doc.FindMatcher(sel).Each(func(_ int, s *goquery.Selection) {
		if t := collapseSpace(s.Text()); t != "" {
			out = append(out, t)
		}
	})
	return out
}

// dateValue returns the machine-readable date of the first match of sel:
// its datetime or content attribute, else its text.
func dateValue(doc *goquery.Document, sel cascadia.Selector) string {
	if sel == nil {
		return ""
	}
	s := doc.FindMatcher(sel).First()
	for _, a := range []string{"datetime", "content"} {
		if v, ok := s.Attr(a); ok && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return collapseSpace(s.Text())
}

// bodyNode returns a detached <div> holding clones of every match of the
// profile's body selector, or nil when it has none or nothing matches.
func (p *profile) bodyNode(doc *goquery.Document) *html.Node {
	if p.body == nil {
		return nil
	}
	m := doc.FindMatcher(p.body)
	if m.Length() == 0 {
		return nil
	}
	div := &html.Node{Type: html.ElementNode, Data: "div"}
	m.Each(func(_ int, s *goquery.Selection) {
		div.AppendChild(cloneNode(s.Nodes[0]))
	})
	return div
}

// cloneNode deep-copies n without its parent and siblings.
func cloneNode(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace}
	c.Attr = append([]html.Attribute(nil), n.Attr...)
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		c.AppendChild(cloneNode(k))
	}
	return c
}
