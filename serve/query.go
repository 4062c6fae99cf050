package serve

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// query is what /, /api/records and the site page's links ask for. Every
// field comes from the URL's query string (see parseQuery).
type query struct {
	Q      string   // search: every token must be in title, authors or text
	Site   string   // host
	Author string   // one of the record's authors, exactly
	Status string   // live or gone
	Year   int      // year of publication; 0 means any
	Flags  []string // keys of flags that every record must carry
	Since  string   // the changed flag's date as given; "" means the last run's start
	Sort   string   // column; "" means relevance for a search, else published
	Desc   bool
	Page   int // from 1
	Per    int

	since time.Time // Since parsed, or the default
}

// Sortable columns, in the order of the table.
var sortColumns = []string{"title", "authors", "published", "site", "words", "status", "changed"}

const (
	defaultPer = 50
	maxPer     = 500
)

// queryError is a malformed query string: a 400.
type queryError struct{ msg string }

func (e *queryError) Error() string { return e.msg }

func badQuery(format string, args ...any) error {
	return &queryError{fmt.Sprintf(format, args...)}
}

// parseQuery reads a query string. defaultSince is the changed flag's date
// when none is given.
func parseQuery(v url.Values, defaultSince time.Time) (query, error) {
	q := query{
		Q:      strings.TrimSpace(v.Get("q")),
		Site:   strings.TrimSpace(v.Get("site")),
		Author: strings.TrimSpace(v.Get("author")),
		Status: strings.TrimSpace(v.Get("status")),
		Since:  strings.TrimSpace(v.Get("since")),
		Page:   1,
		Per:    defaultPer,
	}
	if s := v.Get("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 1 || y > 9999 {
			return q, badQuery("year %q: want a year such as 2024", s)
		}
		q.Year = y
	}
	switch q.Status {
	case "", "live", "gone":
	default:
		return q, badQuery("status %q: want live or gone", q.Status)
	}
	for _, f := range v["flag"] {
		if f == "" {
			continue
		}
		if _, ok := flagByKey(f); !ok {
			keys := make([]string, len(flagList))
			for i, f := range flagList {
				keys[i] = f.Key
			}
			return q, badQuery("flag %q: want one of %s", f, strings.Join(keys, ", "))
		}
		if !slices.Contains(q.Flags, f) {
			q.Flags = append(q.Flags, f)
		}
	}
	q.since = defaultSince
	if q.Since != "" {
		t, ok := parseDate(q.Since)
		if !ok {
			return q, badQuery("since %q: want a date such as 2024-03-01 or an RFC 3339 time", q.Since)
		}
		q.since = t
	}
	if s := v.Get("sort"); s != "" {
		q.Desc = strings.HasPrefix(s, "-")
		q.Sort = strings.TrimPrefix(s, "-")
		if !slices.Contains(sortColumns, q.Sort) {
			return q, badQuery("sort %q: want one of %s, with - before it for descending", s, strings.Join(sortColumns, ", "))
		}
	}
	for _, p := range []struct {
		name     string
		dst      *int
		min, max int
	}{{"page", &q.Page, 1, 1 << 30}, {"per", &q.Per, 1, maxPer}} {
		if s := v.Get(p.name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < p.min || n > p.max {
				return q, badQuery("%s %q: want a number from %d to %d", p.name, s, p.min, p.max)
			}
			*p.dst = n
		}
	}
	return q, nil
}

// values is the query string of q, without its page unless keepPage.
func (q query) values(keepPage bool) url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("q", q.Q)
	set("site", q.Site)
	set("author", q.Author)
	set("status", q.Status)
	if q.Year > 0 {
		v.Set("year", strconv.Itoa(q.Year))
	}
	for _, f := range q.Flags {
		v.Add("flag", f)
	}
	set("since", q.Since)
	if q.Sort != "" {
		s := q.Sort
		if q.Desc {
			s = "-" + s
		}
		v.Set("sort", s)
	}
	if q.Per != defaultPer {
		v.Set("per", strconv.Itoa(q.Per))
	}
	if keepPage && q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	return v
}

// href is the link to path with q's query string.
func (q query) href(path string) string {
	s := q.values(true).Encode()
	if s == "" {
		return path
	}
	return path + "?" + s
}

// result is the answer to a query.
type result struct {
	Total  int      // records that match
	Rows   []*entry // the page asked for
	Counts []flagCount
	Pages  int
	// Base is the number of records that match the search and the
	// filters other than flags: what Counts count among.
	Base int
}

// flagCount is how many records of a result's base carry a flag.
type flagCount struct {
	flagInfo
	Count int
	On    bool // the query filters on it
}

// run answers q over the snapshot.
func (sn *snapshot) run(q query) result {
	var docs []uint32
	searched := false
	if q.Q != "" {
		docs, searched = sn.ix.search(q.Q)
	}
	var base []uint32
	keep := func(d uint32) {
		e := sn.entries[d]
		if (q.Site == "" || e.Site == q.Site) &&
			(q.Status == "" || e.Status == q.Status) &&
			(q.Year == 0 || e.year == q.Year) &&
			(q.Author == "" || slices.Contains(e.Authors, q.Author)) {
			base = append(base, d)
		}
	}
	if searched {
		base = make([]uint32, 0, len(docs))
		for _, d := range docs {
			keep(d)
		}
	} else {
		base = make([]uint32, 0, len(sn.entries))
		for d := range sn.entries {
			keep(uint32(d))
		}
	}

	var want flagBit
	for _, k := range q.Flags {
		f, _ := flagByKey(k)
		want |= f.Bit
	}
	counts := make([]int, len(flagList))
	matches := make([]uint32, 0, len(base))
	for _, d := range base {
		fl := sn.flagsOf(d, q.since)
		for i, f := range flagList {
			if fl&f.Bit != 0 {
				counts[i]++
			}
		}
		if fl&want == want {
			matches = append(matches, d)
		}
	}
	res := result{Total: len(matches), Base: len(base)}
	for i, f := range flagList {
		res.Counts = append(res.Counts, flagCount{flagInfo: f, Count: counts[i], On: want&f.Bit != 0})
	}
	slices.SortStableFunc(res.Counts, func(a, b flagCount) int { return b.Count - a.Count })

	sn.sortDocs(matches, q, searched)
	res.Pages = max(1, (len(matches)+q.Per-1)/q.Per)
	lo := min((q.Page-1)*q.Per, len(matches))
	hi := min(lo+q.Per, len(matches))
	for _, d := range matches[lo:hi] {
		res.Rows = append(res.Rows, sn.entries[d])
	}
	return res
}

// all is every record that matches q, in q's order, for the API.
func (sn *snapshot) all(q query) []*entry {
	q.Page, q.Per = 1, max(1, len(sn.entries))
	return sn.run(q).Rows
}

// flagsOf is a record's flags, changed included.
func (sn *snapshot) flagsOf(d uint32, since time.Time) flagBit {
	e := sn.entries[d]
	fl := e.flags
	if !since.IsZero() && !e.Changed.Before(since) {
		fl |= flagChanged
	}
	return fl
}

// sortDocs orders docs as q asks. A search without a sort column puts the
// records whose title or authors hold every token first; ties, and
// everything else by default, go newest published first, undated last.
func (sn *snapshot) sortDocs(docs []uint32, q query, searched bool) {
	if q.Sort == "" && searched {
		inTitle, _ := sn.titles.search(q.Q)
		rank := make(map[uint32]bool, len(inTitle))
		for _, d := range inTitle {
			rank[d] = true
		}
		slices.SortStableFunc(docs, func(a, b uint32) int {
			ra, rb := rank[a], rank[b]
			if ra != rb {
				if ra {
					return -1
				}
				return 1
			}
			return sn.byPublished(a, b, true)
		})
		return
	}
	col := cmp.Or(q.Sort, "published")
	desc := q.Desc
	if q.Sort == "" {
		desc = true
	}
	slices.SortStableFunc(docs, func(a, b uint32) int {
		ea, eb := sn.entries[a], sn.entries[b]
		var c int
		switch col {
		case "title":
			c = strings.Compare(ea.sortTitle, eb.sortTitle)
		case "authors":
			c = strings.Compare(ea.sortAuthors, eb.sortAuthors)
		case "published":
			return sn.byPublished(a, b, desc)
		case "site":
			c = strings.Compare(ea.Site, eb.Site)
		case "words":
			c = cmp.Compare(ea.Words, eb.Words)
		case "status":
			c = strings.Compare(ea.Status, eb.Status)
		case "changed":
			c = ea.Changed.Compare(eb.Changed)
		}
		if desc {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(a, b))
	})
}

// byPublished compares two records by publication date, undated ones
// last whatever the direction.
func (sn *snapshot) byPublished(a, b uint32, desc bool) int {
	ea, eb := sn.entries[a], sn.entries[b]
	switch {
	case ea.hasDate != eb.hasDate:
		if ea.hasDate {
			return -1
		}
		return 1
	case !ea.hasDate:
		return cmp.Compare(a, b)
	}
	c := ea.date.Compare(eb.date)
	if desc {
		c = -c
	}
	return cmp.Or(c, cmp.Compare(a, b))
}
