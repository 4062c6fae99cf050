package normalize

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Options tune Extract. The zero value runs the generic extractor.
type Options struct {
	// Profiles holds user-supplied per-host rules; nil means none.
	Profiles *Profiles
	// Site is the model learned from the pages of the page's site; nil
	// means none. A profile's site rules replace it.
	Site *SiteModel
	// Facts asks for Page.Facts, the observations a site model is
	// learned from.
	Facts bool
	// Logger receives debug records about guesses Extract makes, such as
	// a date counted back from a relative one; nil discards them.
	Logger *slog.Logger
}

// maxInput bounds the bytes Extract parses; larger pages are cut, which keeps
// time and memory bounded on hostile input.
const maxInput = 16 << 20

// Extract turns one fetched page into a Page. It never touches the network
// or a database and is safe for concurrent use.
func Extract(ctx context.Context, in Input, opts Options) (*Page, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	base, err := url.Parse(in.URL)
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("extract %q: %w", in.URL, ErrBadURL)
	}
	doc, err := parseInput(in)
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", in.URL, err)
	}
	base = documentBase(doc, base)
	repairTextNodes(doc.Nodes[0])

	p := &Page{}
	nav := extractNavigation(doc, base)
	p.Canonical, p.Links, p.Feeds, p.Next, p.Refresh = nav.canonical, nav.links, nav.feeds, nav.next, nav.refresh

	prof := opts.Profiles.lookup(base.Hostname())
	if prof != nil {
		prof.dropFrom(doc)
	}
	model := opts.Site
	if prof != nil && prof.model != nil {
		model = prof.model
	}
	meta := extractMetadataWith(doc, base, time.Now(), model.siteAuthors())
	if meta.relativeDate && opts.Logger != nil {
		opts.Logger.DebugContext(ctx, "extract: relative date", "url", in.URL, "published", meta.Published)
	}
	// The template and the texts after the headline are read only for a
	// model or its facts: a single page is judged without them.
	var th *html.Node
	var tmpl *Template
	pageAuthors := meta.Authors // before the byline rule, for the facts
	if observe := opts.Facts || model != nil; observe {
		root := bodyElement(doc.Nodes[0])
		th = titleHeading(root, meta.Title)
		tmpl = model.template(templateKey(th, countElements(root, atom.Article)))
		if tmpl != nil && (tmpl.Byline != "" || tmpl.Dateline != "") {
			slots := headSlots(th)
			if tmpl.Byline != "" {
				meta.Authors = bylineAuthors(meta, slots, tmpl.Byline)
			}
			if meta.Published == "" && tmpl.Dateline != "" {
				meta.Published = SlotDate(slotText(slots, tmpl.Dateline))
			}
		}
		if len(meta.Authors) == 0 {
			canon, _ := CanonicalURL(in.URL)
			meta.Authors = model.archiveAuthors(canon, p.Canonical)
		}
	}
	var profBody *html.Node
	if prof != nil {
		prof.override(doc, &meta)
		profBody = prof.bodyNode(doc)
	}
	hints := bodyHints{Title: meta.Title}
	if tmpl != nil && tmpl.Type == TemplateArticle {
		hints.Container = tmpl.Body
	}
	b := extractBody(doc, hints)
	if profBody != nil {
		b.node = profBody
	}

	rec := &p.Record
	rec.URL, _ = CanonicalURL(in.URL)
	rec.ID = RecordID(rec.URL)
	typ, score, sig := classifyScore(doc, base, meta, b)
	var f *Facts
	if opts.Facts || model != nil {
		f = pageFacts(doc, th, rec.URL, meta, b, typ, score)
		f.Authors = pageAuthors
		archiveFacts(f, base, th, b.node)
		if opts.Facts {
			p.Facts = f
		}
	}
	if model != nil {
		if model.dropBoilerplate(b.node, meta.Title) {
			fillStats(&b, b.node)
			typ, score, sig = classifyScore(doc, base, meta, b)
		}
		typ = model.retype(typ, score, tmpl, f, sig)
	}
	rec.Title = meta.Title
	rec.Authors = nonNil(meta.Authors)
	rec.Published = meta.Published
	rec.Modified = meta.Modified
	rec.Lang = meta.Lang
	rec.SiteName = meta.SiteName
	rec.Description = meta.Description
	rec.Tags = nonNil(meta.Tags)
	rec.Aliases = []string{}
	dropLeadingTitle(b.node, meta.Title)
	rec.Markdown = toMarkdown(b.node, base, meta.Title)
	rec.Text = toText(b.node)
	rec.ContentHash = ContentHash(rec.Text)
	rec.Status = StatusLive
	if typ == PageArticle && (rec.Text == "" || p.Refresh != "" && len(rec.Text) < minParaLen) {
		// Nothing to read, or a forwarding stub that sends readers on:
		// no article of its own.
		typ = PageOther
	}
	p.PageType = typ
	return p, nil
}

// parseInput decodes a page's bytes (at most maxInput of them) to UTF-8 and
// parses them.
func parseInput(in Input) (*goquery.Document, error) {
	raw := in.Body
	if len(raw) > maxInput {
		raw = raw[:maxInput]
	}
	utf8Body, _ := Decode(raw, in.Header)
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(utf8Body))
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	return doc, nil
}

var baseSel = cascadia.MustCompile("base[href]")

// documentBase applies a <base href> to the page URL.
func documentBase(doc *goquery.Document, u *url.URL) *url.URL {
	href, ok := doc.FindMatcher(baseSel).First().Attr("href")
	if !ok {
		return u
	}
	b, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return u
	}
	r := u.ResolveReference(b)
	if r.Scheme != "http" && r.Scheme != "https" {
		return u
	}
	return r
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// dropLeadingTitle removes the body's first heading when it repeats the
// record's title: the record carries the title on its own, and neither the
// text nor the Markdown should start with it twice.
func dropLeadingTitle(root *html.Node, title string) {
	if root == nil || title == "" {
		return
	}
	want := foldSpace(title)
	var first *html.Node
	var find func(*html.Node) bool
	find = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				if strings.TrimSpace(c.Data) != "" {
					return true // text before any heading: nothing to drop
				}
			case html.ElementNode:
				switch c.DataAtom {
				case atom.H1, atom.H2, atom.H3:
					first = c
					return true
				case atom.Img, atom.Figure, atom.Picture, atom.Table, atom.Pre:
					return true
				}
				if find(c) {
					return true
				}
			}
		}
		return false
	}
	find(root)
	if first != nil && first.Parent != nil && foldSpace(textOf(first)) == want {
		first.Parent.RemoveChild(first)
	}
}
