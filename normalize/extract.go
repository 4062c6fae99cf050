package normalize

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// Options tune Extract. The zero value runs the generic extractor.
type Options struct {
	// Profiles holds user-supplied per-host rules; nil means none.
	Profiles *Profiles
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
	raw := in.Body
	if len(raw) > maxInput {
		raw = raw[:maxInput]
	}
	utf8Body, _ := Decode(raw, in.Header)
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(utf8Body))
	if err != nil {
		return nil, fmt.Errorf("extract %s: parse html: %w", in.URL, err)
	}
	base = documentBase(doc, base)

	p := &Page{}
	nav := extractNavigation(doc, base)
	p.Canonical, p.Links, p.Feeds, p.Next, p.Refresh = nav.canonical, nav.links, nav.feeds, nav.next, nav.refresh

	meta := extractMetadata(doc, base)
	b := extractBody(doc, bodyHints{Title: meta.Title})

	rec := &p.Record
	rec.URL, _ = CanonicalURL(in.URL)
	rec.ID = RecordID(rec.URL)
	rec.Title = meta.Title
	rec.Authors = nonNil(meta.Authors)
	rec.Published = meta.Published
	rec.Modified = meta.Modified
	rec.Lang = meta.Lang
	rec.SiteName = meta.SiteName
	rec.Description = meta.Description
	rec.Tags = nonNil(meta.Tags)
	rec.Aliases = []string{}
	rec.Markdown = toMarkdown(b.node, base, meta.Title)
	rec.Text = toText(b.node)
	rec.ContentHash = ContentHash(rec.Text)
	rec.Status = StatusLive
	p.PageType = classify(doc, base, meta, b)
	return p, nil
}

// documentBase applies a <base href> to the page URL.
func documentBase(doc *goquery.Document, u *url.URL) *url.URL {
	href, ok := doc.Find("base[href]").First().Attr("href")
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
