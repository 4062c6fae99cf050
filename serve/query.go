package serve

import (
	"cmp"
	"fmt"
	"math/bits"
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

// run answers q over the snapshot. Its cost is linear in the records
// that match the search and the filters, with no sort: the rows of a page
// are picked by walking an order computed once per snapshot (see orders).
func (sn *snapshot) run(q query) result {
	return sn.answer(q, (q.Page-1)*q.Per, q.Per)
}

// all is every record that matches q, in q's order, for the API.
func (sn *snapshot) all(q query) []*entry {
	return sn.answer(q, 0, len(sn.entries)).Rows
}

// answer is run for the rows from skip on, at most n of them.
func (sn *snapshot) answer(q query, skip, n int) result {
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
	var counts [16]int
	match := newBitset(len(sn.entries))
	total := 0
	for _, d := range base {
		fl := sn.flagsOf(d, q.since)
		for fl2 := fl; fl2 != 0; fl2 &= fl2 - 1 {
			counts[bits.TrailingZeros16(uint16(fl2))]++
		}
		if fl&want == want {
			match.set(d)
			total++
		}
	}
	res := result{Total: total, Base: len(base)}
	for _, f := range flagList {
		res.Counts = append(res.Counts, flagCount{flagInfo: f, Count: counts[bits.TrailingZeros16(uint16(f.Bit))], On: want&f.Bit != 0})
	}
	slices.SortStableFunc(res.Counts, func(a, b flagCount) int { return b.Count - a.Count })
	res.Pages = max(1, (total+q.Per-1)/q.Per)
	if skip >= total || n <= 0 {
		return res
	}

	// Pick the rows: walk the records in the order asked for, keeping the
	// matches from the skip-th on.
	pick := func(d uint32) bool {
		if !match.has(d) {
			return true
		}
		if skip > 0 {
			skip--
			return true
		}
		res.Rows = append(res.Rows, sn.entries[d])
		return len(res.Rows) < n
	}
	if q.Sort == "" && searched {
		// Relevance: records whose title or authors hold every token
		// first, each group newest first.
		inTitle := newBitset(len(sn.entries))
		ts, _ := sn.titles.search(q.Q)
		for _, d := range ts {
			inTitle.set(d)
		}
		_ = sn.walk("published", true, func(d uint32) bool { return !inTitle.has(d) || pick(d) }) &&
			sn.walk("published", true, func(d uint32) bool { return inTitle.has(d) || pick(d) })
		return res
	}
	col, desc := q.Sort, q.Desc
	if col == "" {
		col, desc = "published", true
	}
	sn.walk(col, desc, pick)
	return res
}

// walk calls fn for every record in the order of a column, until fn
// returns false; it reports whether it went to the end. Records without a
// publication date come last in both directions.
func (sn *snapshot) walk(col string, desc bool, fn func(uint32) bool) bool {
	order := sn.orders[col]
	if desc {
		for i := len(order) - 1; i >= 0; i-- {
			if !fn(order[i]) {
				return false
			}
		}
	} else {
		for _, d := range order {
			if !fn(d) {
				return false
			}
		}
	}
	if col == "published" {
		for _, d := range sn.undated {
			if !fn(d) {
				return false
			}
		}
	}
	return true
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

// sortOrders computes, for each sortable column, every record in
// ascending order of that column (ties in id order); for published, only
// the dated records, the undated ones being kept apart.
func (sn *snapshot) sortOrders() {
	sn.orders = map[string][]uint32{}
	all := make([]uint32, len(sn.entries))
	for i := range all {
		all[i] = uint32(i)
	}
	for _, col := range sortColumns {
		order := slices.Clone(all)
		if col == "published" {
			order = order[:0]
			sn.undated = nil
			for _, d := range all {
				if sn.entries[d].hasDate {
					order = append(order, d)
				} else {
					sn.undated = append(sn.undated, d)
				}
			}
		}
		slices.SortFunc(order, func(a, b uint32) int {
			ea, eb := sn.entries[a], sn.entries[b]
			var c int
			switch col {
			case "title":
				c = strings.Compare(ea.sortTitle, eb.sortTitle)
			case "authors":
				c = strings.Compare(ea.sortAuthors, eb.sortAuthors)
			case "published":
				c = ea.date.Compare(eb.date)
			case "site":
				c = strings.Compare(ea.Site, eb.Site)
			case "words":
				c = cmp.Compare(ea.Words, eb.Words)
			case "status":
				c = strings.Compare(ea.Status, eb.Status)
			case "changed":
				c = ea.Changed.Compare(eb.Changed)
			}
			return cmp.Or(c, cmp.Compare(a, b))
		})
		sn.orders[col] = order
	}
}

// bitset is a set of record numbers.
type bitset []uint64

func newBitset(n int) bitset       { return make(bitset, (n+63)/64) }
func (b bitset) set(d uint32)      { b[d/64] |= 1 << (d % 64) }
func (b bitset) has(d uint32) bool { return b[d/64]&(1<<(d%64)) != 0 }
