package webarchive

import (
	"cmp"
	"mime"
	"slices"
	"strings"
	"time"
)

// maxRedirectHops bounds the redirect chains Plan follows.
const maxRedirectHops = 10

// Source is one WARC file's records, as Index listed them.
type Source struct {
	Entries []Entry
}

// Capture is one HTML response to import: where its payload is, and what
// it was.
type Capture struct {
	// Source and Offset locate the record that holds the payload: the
	// response itself or, for a revisit, the response it repeats.
	Source         int
	Offset, Length int64
	// URL is the WARC-Target-URI and Date the WARC-Date of the capture
	// (of the revisit, for one).
	URL  string
	Date time.Time
	// Status is the capture's HTTP status: a revisit's own, unless it is
	// 304 Not Modified, when the payload's record gives it.
	Status int
	// Via are the URLs that redirected to URL, and the aliases an ingest
	// export recorded for it.
	Via []string
	// Revisit is true for a capture resolved from a revisit record.
	Revisit bool
}

// Plan is what to import from a set of WARC files.
type Plan struct {
	// Rounds holds the captures to import: Rounds[k] the k+1-th capture
	// of each URL, by date, so that storing the rounds one after the
	// other stores every URL's captures in capture order. Within a round,
	// captures are in file order, which reads each file front to back.
	Rounds [][]Capture
	// Counts of what was not imported, and why.
	Redirects    int // 3xx responses, followed to their target
	Unresolved   int // revisits whose original record is not in the files
	NotHTML      int // responses of other media types (images, scripts, …)
	NotOK        int // responses with other statuses (404, 500, …)
	OtherRecords int // requests, metadata, warcinfo, dns and other records
}

// Captures counts the captures of p.
func (p Plan) Captures() int {
	n := 0
	for _, r := range p.Rounds {
		n += len(r)
	}
	return n
}

type entryRef struct {
	src int
	e   *Entry
}

// NewPlan decides what to import from sources. canon gives the key under
// which two URLs are the same page (the crawl's canonical form; "" for
// a URL not to import). Redirects become Via of their final target's
// captures, revisits are resolved to their original record (by
// WARC-Refers-To, else WARC-Refers-To-Target-URI and -Date, else the
// latest response with the same payload digest), and the aliases in
// ingest's metadata records join the Via of the response they refer to.
func NewPlan(sources []Source, canon func(string) string) Plan {
	var p Plan
	byID := make(map[string]entryRef)
	byURIDate := make(map[string]entryRef)
	byDigest := make(map[string]entryRef)
	aliases := make(map[string][]string) // response id → ingest-alias values
	redirect := make(map[string]string)  // canonical URL → canonical target
	for si := range sources {
		es := sources[si].Entries
		for i := range es {
			e := &es[i]
			switch e.Type {
			case "response", "resource":
				ref := entryRef{si, e}
				if e.ID != "" {
					byID[e.ID] = ref
				}
				byURIDate[e.URI+"\x00"+e.Date.UTC().Format(time.RFC3339)] = ref
				if e.PayloadDigest != "" && e.Status >= 200 && e.Status <= 299 {
					byDigest[e.PayloadDigest] = ref
				}
				if e.Status >= 300 && e.Status <= 399 && e.Location != "" {
					if from, to := canon(e.URI), canon(Join(e.URI, e.Location)); from != "" && to != "" && from != to {
						redirect[from] = to
					}
				}
			case "metadata":
				if as := e.Fields.All("ingest-alias"); len(as) > 0 && e.RefersTo != "" {
					aliases[e.RefersTo] = append(aliases[e.RefersTo], as...)
				}
			}
		}
	}
	// via[target] lists the URLs whose redirects end at target.
	via := make(map[string][]string)
	for from := range redirect {
		to := from
		for range maxRedirectHops {
			next, ok := redirect[to]
			if !ok || next == from {
				break
			}
			to = next
		}
		if to != from {
			via[to] = append(via[to], from)
		}
	}
	for k := range via {
		slices.Sort(via[k])
	}

	type found struct {
		c     Capture
		order int
	}
	byURL := make(map[string][]found)
	order := 0
	for si := range sources {
		es := sources[si].Entries
		for i := range es {
			e := &es[i]
			order++
			c := Capture{Source: si, Offset: e.Offset, Length: e.Length, URL: e.URI, Date: e.Date, Status: e.Status}
			payload := e
			switch e.Type {
			case "response", "resource":
			case "revisit":
				ref, ok := resolveRevisit(e, byID, byURIDate, byDigest)
				if !ok {
					p.Unresolved++
					continue
				}
				c.Source, c.Offset, c.Length, c.Revisit = ref.src, ref.e.Offset, ref.e.Length, true
				payload = ref.e
				if c.Status == 0 || c.Status == 304 {
					c.Status = ref.e.Status
				}
			default:
				p.OtherRecords++
				continue
			}
			switch {
			case c.Status >= 300 && c.Status <= 399:
				p.Redirects++
				continue
			case c.Status < 200 || c.Status > 299:
				p.NotOK++
				continue
			case !htmlType(payload.ContentType):
				p.NotHTML++
				continue
			}
			key := canon(e.URI)
			if key == "" {
				p.OtherRecords++
				continue
			}
			c.Via = append(c.Via, via[key]...)
			c.Via = append(c.Via, aliases[payload.ID]...)
			byURL[key] = append(byURL[key], found{c, order})
		}
	}
	var rounds [][]found
	for _, fs := range byURL {
		slices.SortStableFunc(fs, func(a, b found) int {
			if c := a.c.Date.Compare(b.c.Date); c != 0 {
				return c
			}
			return cmp.Compare(a.order, b.order)
		})
		for k, f := range fs {
			if k == len(rounds) {
				rounds = append(rounds, nil)
			}
			rounds[k] = append(rounds[k], f)
		}
	}
	for _, r := range rounds {
		slices.SortFunc(r, func(a, b found) int { return cmp.Compare(a.order, b.order) })
		cs := make([]Capture, len(r))
		for i, f := range r {
			cs[i] = f.c
		}
		p.Rounds = append(p.Rounds, cs)
	}
	return p
}

// resolveRevisit finds the record whose payload a revisit repeats.
func resolveRevisit(e *Entry, byID, byURIDate, byDigest map[string]entryRef) (entryRef, bool) {
	if e.RefersTo != "" {
		if ref, ok := byID[e.RefersTo]; ok {
			return ref, true
		}
	}
	if e.RefersToURI != "" && !e.RefersToDate.IsZero() {
		if ref, ok := byURIDate[e.RefersToURI+"\x00"+e.RefersToDate.UTC().Format(time.RFC3339)]; ok {
			return ref, true
		}
	}
	if e.PayloadDigest != "" {
		if ref, ok := byDigest[e.PayloadDigest]; ok {
			return ref, true
		}
	}
	return entryRef{}, false
}

// htmlType reports whether a Content-Type may be an HTML page: HTML,
// XHTML, or none given (the pipeline sniffs the bytes then).
func htmlType(ct string) bool {
	if strings.TrimSpace(ct) == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	}
	switch mt {
	case "text/html", "application/xhtml+xml":
		return true
	}
	return false
}
