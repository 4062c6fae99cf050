package serve

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/storage"
)

// page is what every page's layout shows.
type page struct {
	Title  string
	Busy   bool      // a writer holds the archive
	Loaded time.Time // when the snapshot was taken
	Count  int       // records in the snapshot
}

func (s *Server) page(title string) page {
	sn := s.snap.Load()
	return page{Title: title, Busy: s.busy.Load(), Loaded: sn.loaded, Count: len(sn.entries)}
}

var templateFuncs = template.FuncMap{
	"join": strings.Join,
	"authorHref": func(a string) string {
		return "/?" + url.Values{"author": {a}}.Encode()
	},
	"authorSiteHref": func(a, site string) string {
		return "/?" + url.Values{"author": {a}, "site": {site}}.Encode()
	},
	"siteHref": func(h string) string { return "/sites/" + url.PathEscape(h) },
	"recordHref": func(id string) string {
		return "/records/" + url.PathEscape(id)
	},
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04")
	},
	"thousands": thousands,
}

// parseTemplates parses each page with the layout it shares.
func parseTemplates() (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	for _, name := range []string{"index.html", "record.html", "site.html", "sites.html", "error.html"} {
		t, err := template.New(name).Funcs(templateFuncs).ParseFS(templateFiles, "templates/layout.html", "templates/"+name)
		if err != nil {
			return nil, fmt.Errorf("serve: template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// render executes a page into a buffer first, so that a template error
// gives a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, code int, name string, data any) {
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		s.opts.Logger.Error("serve: render", "page", name, "err", err)
		http.Error(w, "internal error: cannot render the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_, _ = w.Write(buf.Bytes())
}

// indexPage is the records table.
type indexPage struct {
	page
	Query   query
	Result  result
	Rows    []row
	Sites   []countOf
	Years   []int
	Columns []column
	Flags   []flagChoice
	Since   string // the changed flag's date in effect
	Prev    string
	Next    string
	Took    string
}

// row is one record of the table with its flags.
type row struct {
	*entry
	Flags []flagInfo
}

// column is a sortable header of the table.
type column struct {
	Name, Label, Href, Arrow string
}

// flagChoice is a flag with its count and the link that turns it on or
// off.
type flagChoice struct {
	flagCount
	Href string
}

func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	began := time.Now()
	sn := s.current()
	q, err := parseQuery(r.URL.Query(), sn.lastRunStart())
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	res := sn.run(q)
	p := indexPage{
		page:   s.page("Records"),
		Query:  q,
		Result: res,
		Sites:  sn.sites,
		Years:  sn.years,
	}
	for _, e := range res.Rows {
		rw := row{entry: e}
		fl := sn.flagsOf(uint32(sn.byID[e.ID]), q.since)
		for _, f := range flagList {
			if fl&f.Bit != 0 {
				rw.Flags = append(rw.Flags, f)
			}
		}
		p.Rows = append(p.Rows, rw)
	}
	if !q.since.IsZero() {
		p.Since = q.since.UTC().Format(time.RFC3339)
	}
	labels := map[string]string{"title": "Title", "authors": "Authors", "published": "Published", "site": "Site", "words": "Words", "status": "Status", "changed": "Changed"}
	for _, c := range sortColumns {
		next := q
		next.Page = 1
		next.Sort = c
		next.Desc = c == "published" || c == "changed" || c == "words"
		col := column{Name: c, Label: labels[c]}
		if q.Sort == c || (q.Sort == "" && c == "published" && q.Q == "") {
			desc := q.Desc || q.Sort == ""
			next.Desc = !desc
			col.Arrow = map[bool]string{true: "▼", false: "▲"}[desc]
		}
		col.Href = next.href("/")
		p.Columns = append(p.Columns, col)
	}
	for _, c := range res.Counts {
		next := q
		next.Page = 1
		if c.On {
			next.Flags = slices.DeleteFunc(slices.Clone(q.Flags), func(k string) bool { return k == c.Key })
		} else {
			next.Flags = append(slices.Clone(q.Flags), c.Key)
		}
		p.Flags = append(p.Flags, flagChoice{flagCount: c, Href: next.href("/")})
	}
	if q.Page > 1 {
		prev := q
		prev.Page--
		p.Prev = prev.href("/")
	}
	if q.Page < res.Pages {
		next := q
		next.Page++
		p.Next = next.href("/")
	}
	p.Took = time.Since(began).Round(100 * time.Microsecond).String()
	s.render(w, http.StatusOK, "index.html", p)
}

// apiRecord is one line of /api/records.
type apiRecord struct {
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	Title     string    `json:"title"`
	Authors   []string  `json:"authors"`
	Published string    `json:"published"`
	Site      string    `json:"site"`
	Words     int       `json:"words"`
	Links     int       `json:"links"`
	Status    string    `json:"status"`
	Changed   time.Time `json:"changed"`
	Flags     []string  `json:"flags"`
}

// handleAPI writes every record that matches the query as JSON Lines,
// in the query's order; page and per page through them as on /.
func (s *Server) handleAPI(w http.ResponseWriter, r *http.Request) {
	sn := s.current()
	v := r.URL.Query()
	q, err := parseQuery(v, sn.lastRunStart())
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	var rows []*entry
	if v.Has("page") || v.Has("per") {
		rows = sn.run(q).Rows
	} else {
		rows = sn.all(q)
	}
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	enc := json.NewEncoder(w)
	for _, e := range rows {
		fl := sn.flagsOf(uint32(sn.byID[e.ID]), q.since)
		out := apiRecord{
			ID: e.ID, URL: e.URL, Title: e.Title, Authors: e.Authors,
			Published: e.Published, Site: e.Site, Words: e.Words, Links: e.Links,
			Status: e.Status, Changed: e.Changed, Flags: []string{},
		}
		if out.Authors == nil {
			out.Authors = []string{}
		}
		for _, f := range flagList {
			if fl&f.Bit != 0 {
				out.Flags = append(out.Flags, f.Key)
			}
		}
		if err := enc.Encode(out); err != nil {
			return
		}
	}
}

// recordPage is one record beside its original page.
type recordPage struct {
	page
	Record    normalize.Record
	Body      template.HTML
	Site      string
	Words     int
	Changed   time.Time
	Flags     []flagInfo
	HasRaw    bool
	RawHref   string
	Fetched   time.Time
	Merged    []storage.MergedURL
	Revisions []revision
}

// revision is an earlier version of a record and how the next one
// differs from it.
type revision struct {
	Revision int
	LastSeen string
	Diff     string
}

func (s *Server) handleRecord(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	sn := s.current()
	var (
		history []normalize.Record
		raw     storage.StoredPage
		hasRaw  bool
	)
	err := s.withDB(r.Context(), func(db *storage.DB) error {
		var err error
		if history, err = db.History(r.Context(), id); err != nil {
			return err
		}
		raw, err = db.RawPage(r.Context(), history[len(history)-1].URL)
		switch {
		case errors.Is(err, storage.ErrNotFound):
		case err != nil:
			return err
		default:
			hasRaw = true
		}
		return nil
	})
	if err != nil {
		s.failDB(w, r, err)
		return
	}
	rec := history[len(history)-1]
	if rec.ID != id {
		// A URL or an alias: the record has one address.
		http.Redirect(w, r, "/records/"+url.PathEscape(rec.ID), http.StatusSeeOther)
		return
	}
	body, err := renderMarkdown(rec.Markdown)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "cannot render the body: "+err.Error())
		return
	}
	p := recordPage{
		page:    s.page(cmp.Or(rec.Title, rec.URL)),
		Record:  rec,
		Body:    body,
		Site:    host(rec.URL),
		Words:   countWords(rec.Text),
		HasRaw:  hasRaw,
		RawHref: "/records/" + url.PathEscape(rec.ID) + "/raw",
		Fetched: raw.FetchedAt,
		Merged:  sn.merged[rec.ID],
	}
	if i, ok := sn.byID[rec.ID]; ok {
		fl := sn.flagsOf(uint32(i), sn.lastRunStart())
		for _, f := range flagList {
			if fl&f.Bit != 0 {
				p.Flags = append(p.Flags, f)
			}
		}
		p.Changed = sn.entries[i].Changed
	}
	for i := len(history) - 2; i >= 0; i-- {
		p.Revisions = append(p.Revisions, revision{
			Revision: history[i].Revision,
			LastSeen: history[i].LastSeen,
			Diff:     storage.Diff(history[i], history[i+1]),
		})
	}
	s.render(w, http.StatusOK, "record.html", p)
}

// handleRaw serves the stored page as it was fetched, for the record
// page's iframe. The sandbox policy makes it a unique origin without
// script even when opened on its own.
func (s *Server) handleRaw(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var raw storage.StoredPage
	err := s.withDB(r.Context(), func(db *storage.DB) error {
		rec, err := db.Get(r.Context(), id)
		if err != nil {
			return err
		}
		raw, err = db.RawPage(r.Context(), rec.URL)
		return err
	})
	if err != nil {
		s.failDB(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", cspRaw)
	h.Set("Content-Type", rawContentType(raw.Header.Get("Content-Type")))
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(raw.Body)
}

// rawContentType keeps the stored page's charset but always serves
// text/html: a stored type is the site's word, not ours.
func rawContentType(stored string) string {
	if _, params, err := mime.ParseMediaType(stored); err == nil && params["charset"] != "" {
		return mime.FormatMediaType("text/html", map[string]string{"charset": params["charset"]})
	}
	return "text/html"
}

// sitesPage lists the sites.
type sitesPage struct {
	page
	Sites []countOf
}

func (s *Server) handleSites(w http.ResponseWriter, r *http.Request) {
	sn := s.current()
	s.render(w, http.StatusOK, "sites.html", sitesPage{page: s.page("Sites"), Sites: sn.sites})
}

// sitePage is one site's summary.
type sitePage struct {
	page
	Host    string
	Records int
	Live    int
	Gone    int
	Chart   chart
	Undated int
	Authors []countOf
	More    int // authors not listed
	Flags   []flagChoice
	Runs    []storage.Run
	Model   string // the learned site model as JSON, or ""
	Learned time.Time
	AllHref string
}

// maxSiteAuthors is how many authors a site page lists.
const maxSiteAuthors = 50

func (s *Server) handleSite(w http.ResponseWriter, r *http.Request) {
	hostName := r.PathValue("host")
	sn := s.current()
	q := query{Site: hostName, Per: defaultPer, Page: 1, since: sn.lastRunStart()}
	p := sitePage{page: s.page(hostName), Host: hostName, AllHref: q.href("/")}
	years := map[int]int{}
	authors := map[string]int{}
	for _, e := range sn.entries {
		if e.Site != hostName {
			continue
		}
		p.Records++
		if e.Status == normalize.StatusGone {
			p.Gone++
		} else {
			p.Live++
		}
		if e.hasDate {
			years[e.year]++
		} else {
			p.Undated++
		}
		for _, a := range e.Authors {
			authors[a]++
		}
	}
	if p.Records == 0 {
		s.fail(w, r, http.StatusNotFound, "the archive has no record from this site")
		return
	}
	p.Chart = yearChart(years, func(y int) string {
		yq := q
		yq.Year = y
		return yq.href("/")
	})
	for _, a := range slices.Sorted(maps.Keys(authors)) {
		p.Authors = append(p.Authors, countOf{a, authors[a]})
	}
	slices.SortStableFunc(p.Authors, func(a, b countOf) int { return b.Count - a.Count })
	if len(p.Authors) > maxSiteAuthors {
		p.More = len(p.Authors) - maxSiteAuthors
		p.Authors = p.Authors[:maxSiteAuthors]
	}
	for _, c := range sn.run(q).Counts {
		fq := q
		fq.Flags = []string{c.Key}
		p.Flags = append(p.Flags, flagChoice{flagCount: c, Href: fq.href("/")})
	}
	p.Runs = sn.runs[:min(len(sn.runs), 10)]
	if m, ok := sn.models[hostName]; ok {
		b, err := json.MarshalIndent(m.Rules, "", "  ")
		if err == nil {
			p.Model = string(b)
			p.Learned = m.LearnedAt
		}
	}
	s.render(w, http.StatusOK, "site.html", p)
}

// errorPage is any failure.
type errorPage struct {
	page
	Code    int
	Message string
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
