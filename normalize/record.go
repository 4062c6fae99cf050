package normalize

import (
	"net/http"
)

// Record is one article as it is stored and exported. The JSON names are part
// of the command-line contract: other tools read them, so they never change.
type Record struct {
	ID          string   `json:"id"`
	URL         string   `json:"url"`
	Aliases     []string `json:"aliases"`
	Title       string   `json:"title"`
	Authors     []string `json:"authors"`
	Published   string   `json:"published"`
	Modified    string   `json:"modified"`
	Lang        string   `json:"lang"`
	SiteName    string   `json:"site_name"`
	Description string   `json:"description"`
	Tags        []string `json:"tags"`
	Markdown    string   `json:"markdown"`
	Text        string   `json:"text"`
	ContentHash string   `json:"content_hash"`
	Status      string   `json:"status"`
	Revision    int      `json:"revision"`
	FirstSeen   string   `json:"first_seen"`
	LastSeen    string   `json:"last_seen"`
}

// Record statuses.
const (
	StatusLive = "live"
	StatusGone = "gone"
)

// Page types reported by Extract. Only PageArticle pages become records.
const (
	PageArticle    = "article"
	PageListing    = "listing"
	PageCollection = "collection"
	PageForum      = "forum"
	PageProduct    = "product"
	PageService    = "service"
	PageDocs       = "documentation"
	PageOther      = "other"
)

// Input is one fetched page: the URL it was finally served from, the
// response headers (nil when unknown, as for a saved file) and the raw bytes
// exactly as served.
type Input struct {
	URL    string
	Header http.Header
	Body   []byte
}

// Page is what Extract learns from one page: the record (filled in for
// every page type, so callers can inspect what was found), the page type, and
// what a crawler needs to go on.
type Page struct {
	Record
	PageType string `json:"page_type"`

	// Canonical is the page's rel=canonical or og:url, resolved and
	// canonicalised, or "" when the page names none.
	Canonical string `json:"-"`
	// Links are the absolute, canonicalised http(s) links found in the page,
	// in document order, without duplicates.
	Links []string `json:"-"`
	// Feeds are RSS/Atom feeds the page advertises with <link rel=alternate>.
	Feeds []string `json:"-"`
	// Next is the rel=next pagination link, or "".
	Next string `json:"-"`
	// Refresh is the target of a <meta http-equiv=refresh>, or "".
	Refresh string `json:"-"`
	// Facts are the page's observations for learning a site model, when
	// Options.Facts asked for them.
	Facts *Facts `json:"-"`
}
