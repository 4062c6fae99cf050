package serve

import (
	"context"
	"errors"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/storage"
)

func TestIndexPage(t *testing.T) {
	f := newFixture(t)
	s := newTestServer(t, f.path, Options{})
	res := get(t, s, "/")
	page := readBody(t, res)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	if csp := res.Header.Get("Content-Security-Policy"); csp != cspPage || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
	for _, want := range []string{"The river ferry plan", "Orchard wages", "11 records", `href="/records/` + f.ids["river"] + `"`,
		`href="/sites/news.example"`, `<form class="filters" method="get" action="/"`} {
		if !strings.Contains(page, want) {
			t.Errorf("/ lacks %q", want)
		}
	}
	if strings.Contains(page, "<script") {
		t.Error("/ holds a script element")
	}
	// Newest first by default, undated last.
	ids := apiIDs(t, s, "")
	if got := f.names(ids[:1]); got[0] != "future" {
		t.Errorf("first by default: %v, want future", got)
	}
	if ids[len(ids)-1] != f.ids["nodate"] {
		t.Errorf("last by default: %v, want nodate", f.names(ids[len(ids)-1:]))
	}
}

func TestSearch(t *testing.T) {
	f := newFixture(t)
	s := newTestServer(t, f.path, Options{})
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"river", []string{"river"}},
		{"RIVER Ferry", []string{"river"}},
		{"Ann Lee", []string{"dup1", "dup2", "links", "river", "short"}},
		{"orchard wages", []string{"other"}},
		{"weekly roundup", []string{"dup1", "dup2"}},
		{"updated ending", []string{"nodate"}}, // the text of the latest revision
		{"zeppelin", nil},
		{"river zeppelin", nil},
		{"  ", []string{"dup1", "dup2", "future", "gone", "hostile", "links", "noauthor", "nodate", "other", "river", "short"}},
	} {
		got := f.names(apiIDs(t, s, "q="+strings.ReplaceAll(tc.q, " ", "+")))
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("q=%q: %v, want %v", tc.q, got, want)
		}
	}
	// A match in the title ranks before a match in the text only.
	ids := apiIDs(t, s, "q=landing")
	if len(ids) != 1 {
		t.Fatalf("q=landing: %v", f.names(ids))
	}
	page := getOK(t, s, "/?q=river")
	if !strings.Contains(page, `1 record matching “river”`) || !strings.Contains(page, `value="river"`) {
		t.Errorf("search page does not say what it found")
	}
}

func TestSearchRanksTitleFirst(t *testing.T) {
	f := newFixture(t)
	s := newTestServer(t, f.path, Options{})
	// "budget" is a word of the vocabulary, so many bodies hold it; the
	// record titled "Tram budget" and the hostile "Budget & cuts" come
	// first.
	ids := apiIDs(t, s, "q=budget")
	if len(ids) < 3 {
		t.Fatalf("q=budget: %v", f.names(ids))
	}
	top := f.names(ids[:2])
	if !slices.Equal(top, []string{"hostile", "noauthor"}) {
		t.Errorf("top two for budget: %v", top)
	}
}

func TestFilters(t *testing.T) {
	f := newFixture(t)
	s := newTestServer(t, f.path, Options{})
	for _, tc := range []struct {
		qs   string
		want []string
	}{
		{"site=" + hostB, []string{"other"}},
		{"author=Bo+Chen", []string{"future", "nodate"}},
		{"author=Bo", nil},
		{"year=2024", []string{"dup1", "dup2", "links", "river", "short"}},
		{"status=gone", []string{"gone"}},
		{"status=live&site=news.example&year=2021", nil},
		{"q=ferry&author=Ann+Lee", []string{"river"}},
	} {
		got := f.names(apiIDs(t, s, tc.qs))
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.qs, got, tc.want)
		}
	}
}

func TestFlags(t *testing.T) {
	f := newFixture(t)
	s := newTestServer(t, f.path, Options{})
	want := map[string][]string{
		"no-author":   {"noauthor"},
		"no-date":     {"nodate"},
		"future-date": {"future"},
		"short":       {"links", "short"},
		"many-links":  {"links"},
		"dup-title":   {"dup1", "dup2"},
		"merged":      {"river"},
		"changed":     {"nodate"}, // since the last run started, a day after t0
	}
	for _, fl := range flagList {
		got := f.names(apiIDs(t, s, "flag="+fl.Key))
		if !slices.Equal(got, want[fl.Key]) {
			t.Errorf("flag=%s: %v, want %v", fl.Key, got, want[fl.Key])
		}
	}
	// Two flags: both must hold.
	if got := f.names(apiIDs(t, s, "flag=short&flag=many-links")); !slices.Equal(got, []string{"links"}) {
		t.Errorf("short and many-links: %v", got)
	}
	// The counts on / come most first, with the number of each.
	page := getOK(t, s, "/")
	re := regexp.MustCompile(`data-flag="([a-z-]+)">[^<]*<b>(\d+)</b>`)
	var order []string
	for _, m := range re.FindAllStringSubmatch(page, -1) {
		order = append(order, m[1]+"="+m[2])
	}
	wantOrder := []string{"short=2", "dup-title=2", "no-author=1", "no-date=1", "future-date=1", "many-links=1", "merged=1", "changed=1"}
	if !slices.Equal(order, wantOrder) {
		t.Errorf("flag counts on /: %v, want %v", order, wantOrder)
	}
	// A flag on the page filters the table, and its link turns it off.
	page = getOK(t, s, "/?flag=merged")
	if !strings.Contains(page, "The river ferry plan") || strings.Contains(page, "Orchard wages") {
		t.Error("/?flag=merged does not show only the merged record")
	}
	if !strings.Contains(page, `class="flag on some" href="/"`) {
		t.Error("/?flag=merged: the flag's link does not turn it off")
	}
	// The API names the flags of each record.
	for _, r := range apiRecords(t, s, "q=link+list") {
		if !slices.Equal(r.Flags, []string{"short", "many-links"}) {
			t.Errorf("api flags of links: %v", r.Flags)
		}
	}
}

func TestChangedSince(t *testing.T) {
	f := newFixture(t)
	s := newTestServer(t, f.path, Options{})
	if got := apiIDs(t, s, "flag=changed&since=2024-01-01"); len(got) != 11 {
		t.Errorf("changed since 2024-01-01: %d records, want 11", len(got))
	}
	if got := f.names(apiIDs(t, s, "flag=changed&since=2024-06-02T12:00:00Z")); !slices.Equal(got, []string{"nodate"}) {
		t.Errorf("changed since 2024-06-02 noon: %v", got)
	}
	if got := apiIDs(t, s, "flag=changed&since=2030-01-01"); len(got) != 0 {
		t.Errorf("changed since 2030: %v", got)
	}
	page := getOK(t, s, "/?since=2024-01-01")
	if !strings.Contains(page, "changed since 2024-01-01T00:00:00Z") {
		t.Error("/ does not say which date the changed flag counts from")
	}
}

func TestSortAndPages(t *testing.T) {
	f := newFixture(t)
	s := newTestServer(t, f.path, Options{})
	recs := apiRecords(t, s, "sort=title")
	for i := 1; i < len(recs); i++ {
		if strings.ToLower(recs[i-1].Title) > strings.ToLower(recs[i].Title) {
			t.Errorf("sort=title: %q before %q", recs[i-1].Title, recs[i].Title)
		}
	}
	recs = apiRecords(t, s, "sort=-words")
	for i := 1; i < len(recs); i++ {
		if recs[i-1].Words < recs[i].Words {
			t.Errorf("sort=-words: %d before %d", recs[i-1].Words, recs[i].Words)
		}
	}
	for _, col := range sortColumns {
		getOK(t, s, "/?sort="+col)
		getOK(t, s, "/?sort=-"+col)
	}
	all := apiIDs(t, s, "sort=title")
	page2 := apiIDs(t, s, "sort=title&per=4&page=2")
	if !slices.Equal(page2, all[4:8]) {
		t.Errorf("page 2 of 4: %v, want %v", page2, all[4:8])
	}
	page := getOK(t, s, "/?sort=title&per=4&page=2")
	if !strings.Contains(page, `rel="prev" href="/?per=4&amp;sort=title"`) ||
		!strings.Contains(page, `rel="next" href="/?page=3&amp;per=4&amp;sort=title"`) {
		t.Error("page 2 lacks its previous and next links")
	}
	if !strings.Contains(page, `href="/?per=4&amp;sort=-title">Title ▲`) {
		t.Error("the sorted column's header does not reverse the order")
	}
}

func TestBadQueries(t *testing.T) {
	f := newFixture(t)
	s := newTestServer(t, f.path, Options{})
	for _, qs := range []string{"year=abc", "year=0", "status=dead", "flag=nope", "sort=color", "page=0", "per=100000", "since=yesterday"} {
		for _, path := range []string{"/?", "/api/records?"} {
			res := get(t, s, path+qs)
			b := readBody(t, res)
			if res.StatusCode != http.StatusBadRequest {
				t.Errorf("%s%s: %d, want 400", path, qs, res.StatusCode)
			}
			if !strings.Contains(b, "want") {
				t.Errorf("%s%s: the error does not say what is wanted: %s", path, qs, b)
			}
		}
	}
	if res := get(t, s, "/nowhere"); res.StatusCode != http.StatusNotFound {
		t.Errorf("/nowhere: %d", res.StatusCode)
	}
}

func TestRecordPage(t *testing.T) {
	f := newFixture(t)
	s := newTestServer(t, f.path, Options{})
	page := getOK(t, s, "/records/"+f.ids["river"])
	for _, want := range []string{
		`<h1 class="record-title">The river ferry plan</h1>`,
		`<h2>Landing stages</h2>`,                                         // rendered Markdown
		`<a href="https://news.example/plan" rel="nofollow">the plan</a>`, // sanitised link
		`id="extracted"`, `id="original"`,
		`<iframe sandbox="" src="/records/` + f.ids["river"] + `/raw"`,
		`https://news.example/mirror/river`, "the same text", // merged duplicate
		`href="/?author=Ann&#43;Lee"`, `href="/sites/news.example"`,
		"merged duplicates", // its flag
	} {
		if !strings.Contains(page, want) {
			t.Errorf("record page lacks %q", want)
		}
	}

	page = getOK(t, s, "/records/"+f.ids["nodate"])
	for _, want := range []string{"revision 1", "+Updated with a new ending.", "No raw page is stored", "no date"} {
		if !strings.Contains(page, want) && !strings.Contains(page, strings.ReplaceAll(want, "+", "")) {
			t.Errorf("nodate page lacks %q", want)
		}
	}
	if !strings.Contains(page, `<pre class="diff">`) {
		t.Error("nodate page shows no diff")
	}

	res := get(t, s, "/records/0000000000000000")
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown record: %d", res.StatusCode)
	}
	// A URL finds its record, and redirects to its id.
	res = get(t, s, "/records/"+strings.ReplaceAll("https:%2F%2Fnews.example%2Fmirror%2Friver", "/", "%2F"))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/records/"+f.ids["river"] {
		t.Errorf("record by URL: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestRawPage(t *testing.T) {
	f := newFixture(t)
	s := newTestServer(t, f.path, Options{})
	res := get(t, s, "/records/"+f.ids["river"]+"/raw")
	b := readBody(t, res)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("raw: %d %s", res.StatusCode, b)
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "sandbox; script-src 'none'") {
		t.Errorf("raw CSP %q", csp)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("raw content type %q", ct)
	}
	if !strings.Contains(b, `<script>parent.document.title="pwned"</script>`) {
		t.Error("the raw page is not served as stored")
	}
	if res := get(t, s, "/records/"+f.ids["noauthor"]+"/raw"); res.StatusCode != http.StatusNotFound {
		t.Errorf("raw of a record without a page: %d", res.StatusCode)
	}
}

// TestHostileInput stores markup in a title, an author and a body, and
// checks that every page shows it as text: the browser test proves that
// nothing fires.
func TestHostileInput(t *testing.T) {
	f := newFixture(t)
	s := newTestServer(t, f.path, Options{})
	id := f.ids["hostile"]
	pages := map[string]string{
		"/":                    getOK(t, s, "/"),
		"/?q=budget":           getOK(t, s, "/?q=budget"),
		"/records/" + id:       getOK(t, s, "/records/"+id),
		"/sites/news.example":  getOK(t, s, "/sites/news.example"),
		"/?q=" + hostileTitle:  getOK(t, s, "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
		"/?author=" + "<svg/>": getOK(t, s, "/?author=%22%3E%3Csvg%20onload%3Dalert(1)%3E"),
	}
	bad := regexp.MustCompile(`(?i)<script|<img[^>]*onerror|<svg[^>]*onload|javascript:`)
	for path, page := range pages {
		if m := bad.FindString(page); m != "" {
			t.Errorf("%s holds live markup %q", path, m)
		}
	}
	rp := pages["/records/"+id]
	for _, want := range []string{
		`&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(&#34;img&#34;)&gt; Budget &amp; &#34;cuts&#34;`,
		`&#34;&gt;&lt;svg onload=alert(&#34;author&#34;)&gt;`,
	} {
		if !strings.Contains(rp, want) {
			t.Errorf("record page lacks the escaped %q", want)
		}
	}
	// The API is JSON: markup stays in strings, escaped for HTML too.
	for _, r := range apiRecords(t, s, "q=cuts") {
		if r.Title != hostileTitle {
			t.Errorf("api title %q", r.Title)
		}
	}
	res := get(t, s, "/api/records?q=cuts")
	if b := readBody(t, res); strings.Contains(b, "<script") {
		t.Error("api output holds <script unescaped")
	}
}

func TestSitePages(t *testing.T) {
	f := newFixture(t)
	s := newTestServer(t, f.path, Options{})
	page := getOK(t, s, "/sites/news.example")
	for _, want := range []string{
		"<h1>news.example</h1>", `<svg class="chart" id="year-chart"`, "10 records", "9 live, 1 gone, 1 without a date",
		`href="/?site=news.example&amp;year=2024"`, "<title>2024: 5 records</title>", "<title>2023: 1 records</title>",
		"Ann Lee", `href="/?author=Ann&#43;Lee&amp;site=news.example"`,
		`href="/?flag=merged&amp;site=news.example"`, "run-2", "run-1", "None learned yet",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("site page lacks %q", want)
		}
	}
	// Every year from the oldest to the newest has a bar (2021 to 2099).
	if n := strings.Count(page, `<rect class="bar"`); n != 2099-2021+1 {
		t.Errorf("%d bars", n)
	}
	page = getOK(t, s, "/sites/"+hostB)
	if !strings.Contains(page, "1 records") && !strings.Contains(page, "1 record") {
		t.Error("other site page")
	}
	if res := get(t, s, "/sites/nowhere.example"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown site: %d", res.StatusCode)
	}
	page = getOK(t, s, "/sites/")
	if !strings.Contains(page, `href="/sites/other.example:8080"`) {
		t.Error("/sites/ lacks a site")
	}
}

func TestStatic(t *testing.T) {
	f := newFixture(t)
	s := newTestServer(t, f.path, Options{})
	res := get(t, s, "/static/style.css")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Errorf("style.css: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	notArchive := dir + "/text.db"
	if err := os.WriteFile(notArchive, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]error{
		dir + "/missing.db": os.ErrNotExist,
		notArchive:          storage.ErrNotArchive,
	} {
		_, err := New(context.Background(), Options{Path: path})
		if !errors.Is(err, want) {
			t.Errorf("New(%s): %v, want %v", path, err, want)
		}
	}
}

// TestWriterHoldsArchive opens the archive for writing as a crawl does:
// serve answers from its snapshot, says so, and catches up once the
// writer is gone.
func TestWriterHoldsArchive(t *testing.T) {
	f := newFixture(t)
	s := newTestServer(t, f.path, Options{})
	w, err := storage.Open(f.path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Put(context.Background(), storage.PutInput{Record: rec(hostA, "/a/new", "Quarry vineyard", nil, "2024-08-08", body(99, 200)), Now: t0}); err != nil {
		t.Fatal(err)
	}
	res := get(t, s, "/records/"+f.ids["river"])
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Errorf("record page under a writer: %d", res.StatusCode)
	}
	page := getOK(t, s, "/")
	if !strings.Contains(page, "A crawl or sync holds the archive") || !strings.Contains(page, "The river ferry plan") {
		t.Error("/ under a writer: no notice, or no records")
	}
	if err := s.Reload(context.Background()); !errors.Is(err, storage.ErrLocked) {
		t.Errorf("reload under a writer: %v", err)
	}
	// A server started while the writer runs starts empty.
	s2 := newTestServer(t, f.path, Options{})
	if p := getOK(t, s2, "/"); !strings.Contains(p, "A crawl or sync holds the archive") || !strings.Contains(p, "No record matches") {
		t.Error("a server started under a writer")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if page := getOK(t, s, "/?q=quarry+vineyard"); !strings.Contains(page, "Quarry vineyard") || strings.Contains(page, "holds the archive") {
		t.Error("after the writer: the new record is not found")
	}
}

// TestRefreshInBackground: a request after a write loads the new
// snapshot without an explicit Reload.
func TestRefreshInBackground(t *testing.T) {
	f := newFixture(t)
	s := newTestServer(t, f.path, Options{Check: time.Millisecond, Batch: 3, Pause: time.Millisecond})
	db, err := storage.Open(f.path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Put(context.Background(), storage.PutInput{Record: rec(hostA, "/a/late", "Late tram", []string{"Ann Lee"}, "2024-09-09", body(77, 200)), Now: t0}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		time.Sleep(5 * time.Millisecond)
		if ids := apiIDs(t, s, "q=late+tram"); len(ids) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the new record never showed")
		}
	}
	if n := len(apiIDs(t, s, "")); n != 12 {
		t.Errorf("%d records after the refresh, want 12", n)
	}
}

func TestMarkdownIsSanitised(t *testing.T) {
	for _, tc := range []struct{ md, bad string }{
		{"<script>alert(1)</script>", "<script"},
		{"<img src=x onerror=alert(1)>", "onerror"},
		{"[x](javascript:alert(1))", "javascript:"},
		{"<iframe src=https://evil.example></iframe>", "<iframe"},
		{"<a href=\"#\" onclick=\"alert(1)\">x</a>", "onclick"},
		{"![x](https://img.example/a.png \"t\")", ""},
	} {
		got, err := renderMarkdown(tc.md)
		if err != nil {
			t.Fatal(err)
		}
		if tc.bad != "" && strings.Contains(strings.ToLower(string(got)), tc.bad) {
			t.Errorf("%q renders %q", tc.md, got)
		}
	}
}

func TestRecordEntryFlags(t *testing.T) {
	e := &entry{Words: 300}
	if staticFlags(e, testNow) != flagNoAuthor|flagNoDate {
		t.Errorf("empty entry: %b", staticFlags(e, testNow))
	}
	if countLinks("[a](x) ![img](y) [b](z)") != 2 {
		t.Error("countLinks counts images")
	}
	_ = normalize.StatusLive
}

// TestLoadLetsWriterIn: a crawl that opens the archive while serve loads
// it gets it within its one-second wait.
func TestLoadLetsWriterIn(t *testing.T) {
	f := newFixture(t)
	done := make(chan error, 1)
	go func() {
		_, err := load(context.Background(), f.path, loadOptions{lockTimeout: 2 * time.Second, batch: 1, hold: time.Second, pause: 100 * time.Millisecond, now: testNow})
		done <- err
	}()
	time.Sleep(50 * time.Millisecond) // the load is under way
	w, err := storage.Open(f.path, storage.Options{LockTimeout: time.Second})
	if err != nil {
		t.Fatalf("a writer during a load: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Errorf("the load: %v", err)
	}
}
