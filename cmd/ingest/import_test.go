package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
	gowarc "github.com/nlnwa/gowarc/v3"

	"github.com/ingest-archive/ingest/storage"
	"github.com/ingest-archive/ingest/webarchive"
)

// testWARCRoundTrip exports a crawl of the sample site as WARC and
// imports it into a new archive, with no request to the site: the same
// records, by id, with the same titles, content hashes, revisions and
// aliases.
func testWARCRoundTrip(t *testing.T, s sampleCrawl) {
	dbPath := s.db
	warc := filepath.Join(t.TempDir(), "site.warc.gz")
	if code, _, errs := runCLI(t, "", "export", "--db", dbPath, "--format", "warc", "--out", warc); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errs)
	}
	imported := filepath.Join(t.TempDir(), "imported.db")
	var code int
	var out, errs string
	s.noFetch(t, func() { code, out, errs = runCLI(t, "", "import", "--db", imported, "--log-level", "error", warc) })
	if code != 0 {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errs)
	}
	t.Logf("import:\n%s", out)
	want, got := recordsOf(t, dbPath), recordsOf(t, imported)
	if len(got) != len(want) {
		t.Errorf("%d records imported, %d crawled", len(got), len(want))
	}
	for id, w := range want {
		g, ok := got[id]
		if !ok {
			t.Errorf("record %s (%s) not imported", id, w.Title)
			continue
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("record %s:\n got %+v\nwant %+v", id, g, w)
		}
	}
	if !strings.Contains(out, fmt.Sprintf("articles:  %d stored", len(want))) {
		t.Errorf("summary does not count %d stored articles:\n%s", len(want), out)
	}
	// The request records kept the requests the crawl sent.
	wantReq, gotReq := requestsOf(t, dbPath, want), requestsOf(t, imported, want)
	for id, w := range wantReq {
		if w == nil || w.Header.Get("User-Agent") == "" {
			t.Errorf("record %s: the crawl kept no request: %+v", id, w)
		} else if g := gotReq[id]; !reflect.DeepEqual(g, w) {
			t.Errorf("record %s: request\n got %+v\nwant %+v", id, g, w)
		}
	}
}

// requestsOf reads the request kept with the raw page of each record.
func requestsOf(t *testing.T, dbPath string, recs map[string]archivedRecord) map[string]*storage.Request {
	t.Helper()
	db, err := storage.Open(dbPath, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]*storage.Request{}
	for id := range recs {
		p, err := db.RawPage(context.Background(), id)
		if err != nil {
			t.Fatalf("raw page of %s: %v", id, err)
		}
		out[id] = p.Request
	}
	return out
}

// warcBuilder writes a WARC file for a test, record by record.
type warcBuilder struct {
	t   *testing.T
	buf bytes.Buffer
	w   *webarchive.Writer
}

func newWARCBuilder(t *testing.T) *warcBuilder {
	b := &warcBuilder{t: t}
	b.w = webarchive.NewWriter(&b.buf)
	return b
}

func (b *warcBuilder) response(u string, at time.Time, status int, h http.Header, body string) webarchive.Written {
	b.t.Helper()
	w, err := b.w.WriteResponse(webarchive.Response{URL: u, Date: at, Status: status, Header: h, Body: []byte(body)}, "")
	if err != nil {
		b.t.Fatal(err)
	}
	return w
}

// revisit writes a revisit record of the identical-payload-digest profile
// for u, pointing at the response orig.
func (b *warcBuilder) revisit(u string, at time.Time, orig webarchive.Written, origURI string, origDate time.Time) {
	b.t.Helper()
	rb := gowarc.NewRecordBuilder(gowarc.Revisit, gowarc.WithAddMissingDigest(true), gowarc.WithDefaultDigestAlgorithm("sha1"))
	rb.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
	rb.AddWarcHeader(gowarc.WarcRecordID, webarchive.RecordID("revisit", u, at.String()))
	rb.AddWarcHeaderTime(gowarc.WarcDate, at)
	rb.AddWarcHeader(gowarc.WarcTargetURI, u)
	rb.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
	rb.AddWarcHeader(gowarc.WarcProfile, gowarc.ProfileIdenticalPayloadDigestV1_1)
	rb.AddWarcHeader(gowarc.WarcRefersTo, orig.ID)
	rb.AddWarcHeader(gowarc.WarcRefersToTargetURI, origURI)
	rb.AddWarcHeaderTime(gowarc.WarcRefersToDate, origDate)
	rb.AddWarcHeader(gowarc.WarcPayloadDigest, orig.PayloadDigest)
	rec, _, err := rb.Build()
	if err != nil {
		b.t.Fatal(err)
	}
	zw := gzip.NewWriter(&b.buf)
	if _, _, err := gowarc.NewMarshaler().Marshal(zw, rec, 0); err != nil {
		b.t.Fatal(err)
	}
	zw.Close()
}

func (b *warcBuilder) save(name string) string {
	p := filepath.Join(b.t.TempDir(), name)
	if err := os.WriteFile(p, b.buf.Bytes(), 0o644); err != nil {
		b.t.Fatal(err)
	}
	return p
}

// articleHTML is an article page the extractor takes as one.
func articleHTML(title, para string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s</title>
<meta property="og:type" content="article"><meta name="author" content="Ada Byron">
<meta property="article:published_time" content="2024-05-02T09:00:00Z"></head>
<body><header><nav><a href="/">Home</a></nav></header><main><article><h1>%s</h1>
<p class="byline">By Ada Byron, 2 May 2024</p>`, title, title)
	for i := range 6 {
		fmt.Fprintf(&b, "<p>%s Paragraph %d carries the argument forward with enough words to count as prose.</p>\n", para, i+1)
	}
	b.WriteString("</article></main><footer>© Example</footer></body></html>")
	return b.String()
}

// TestImportCapturesRevisitsRedirects imports a WARC with two captures of
// one article (written newest first), a redirect to it, a revisit of
// another article and an image: the captures become revisions in capture
// order dated by WARC-Date, the redirect an alias, the revisit is read
// from the response it points to, and the image is skipped.
func TestImportCapturesRevisitsRedirects(t *testing.T) {
	const site = "https://example.org"
	html := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	t1 := time.Date(2024, 5, 2, 10, 0, 0, 0, time.UTC)
	t2 := t1.Add(72 * time.Hour)
	t3 := t2.Add(24 * time.Hour)

	b := newWARCBuilder(t)
	b.response(site+"/a/plan/", t2, 200, html, articleHTML("The plan", "The plan was revised in May and now costs five million."))
	b.response(site+"/a/plan/", t1, 200, html, articleHTML("The plan", "The plan was first announced in May and costs four million."))
	b.response(site+"/2024/05/plan", t1, 301, http.Header{"Location": {"/a/plan/"}}, "")
	other := b.response(site+"/a/other/", t1, 200, html, articleHTML("Another story", "Another story about rivers, bridges and the people who mend them."))
	b.revisit(site+"/a/other/", t3, other, site+"/a/other/", t1)
	b.response(site+"/logo.png", t1, 200, http.Header{"Content-Type": {"image/png"}}, "\x89PNG\r\n\x1a\n")
	warc := b.save("captures.warc.gz")

	dbPath := filepath.Join(t.TempDir(), "a.db")
	code, out, errs := runCLI(t, "", "import", "--db", dbPath, "--log-level", "error", warc)
	if code != 0 {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"2 stored, 1 updated, 1 unchanged", "1 redirects", "1 not HTML"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	db, err := storage.Open(dbPath, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	h, err := db.History(ctx, site+"/2024/05/plan")
	if err != nil {
		t.Fatalf("the redirect is no alias: %v", err)
	}
	if len(h) != 2 {
		t.Fatalf("%d revisions of the plan, want 2", len(h))
	}
	first, last := h[0], h[len(h)-1]
	if first.Revision > last.Revision {
		first, last = last, first
	}
	if !strings.Contains(first.Text, "four million") || !strings.Contains(last.Text, "five million") || last.Revision != 2 {
		t.Errorf("revisions out of capture order: rev %d %q…, rev %d %q…", first.Revision, first.Text[:60], last.Revision, last.Text[:60])
	}
	if last.FirstSeen != "2024-05-02T10:00:00Z" || last.LastSeen != "2024-05-05T10:00:00Z" {
		t.Errorf("dates from WARC-Date: first_seen %s, last_seen %s", last.FirstSeen, last.LastSeen)
	}
	o, err := db.Get(ctx, site+"/a/other/")
	if err != nil {
		t.Fatal(err)
	}
	if o.Revision != 1 || o.LastSeen != "2024-05-06T10:00:00Z" {
		t.Errorf("revisit: revision %d, last_seen %s; want 1 and the revisit's date", o.Revision, o.LastSeen)
	}
}

// testImportCorruptWARC imports an export of the sample site that was
// damaged in the middle and cut short: each bad record is named with its
// offset on one line, every other page is imported, the exit status says
// something was lost, and nothing panics.
func testImportCorruptWARC(t *testing.T, s sampleCrawl) {
	dbPath := s.db
	warc := filepath.Join(t.TempDir(), "site.warc.gz")
	if code, _, errs := runCLI(t, "", "export", "--db", dbPath, "--format", "warc", "--out", warc); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errs)
	}
	raw, err := os.ReadFile(warc)
	if err != nil {
		t.Fatal(err)
	}
	want := recordsOf(t, dbPath)

	// Overwrite bytes inside the 10th gzip member, and cut the file in
	// the middle of its last member.
	var members [][2]int
	for i := 0; i+2 < len(raw); i++ {
		if raw[i] == 0x1f && raw[i+1] == 0x8b && raw[i+2] == 0x08 {
			members = append(members, [2]int{i, i + 3})
		}
	}
	bad := bytes.Clone(raw)
	hit := members[10][0] + 40
	copy(bad[hit:], bytes.Repeat([]byte{0xff}, 64))
	bad = bad[:members[len(members)-1][0]+30]
	damaged := filepath.Join(t.TempDir(), "damaged.warc.gz")
	if err := os.WriteFile(damaged, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	imported := filepath.Join(t.TempDir(), "imported.db")
	code, out, errs := runCLI(t, "", "import", "--db", imported, "--log-level", "error", damaged)
	if code != 1 {
		t.Errorf("import of a damaged file: exit %d, want 1\n%s\n%s", code, out, errs)
	}
	lines := regexp.MustCompile(`(?m)^import .*damaged\.warc\.gz: corrupt or truncated WARC record at offset (\d+): .*; skipped$`).FindAllStringSubmatch(errs, -1)
	if len(lines) != 2 {
		t.Fatalf("want two lines naming the bad records, got:\n%s", errs)
	}
	if lines[0][1] != fmt.Sprint(members[10][0]) || lines[1][1] != fmt.Sprint(members[len(members)-1][0]) {
		t.Errorf("offsets %s and %s, want %d and %d", lines[0][1], lines[1][1], members[10][0], members[len(members)-1][0])
	}
	t.Logf("import of a damaged file:\n%s%s", errs, out)
	got := recordsOf(t, imported)
	// At most two responses were lost (a lost metadata record costs
	// nothing but aliases).
	if len(got) < len(want)-2 || len(got) == 0 {
		t.Errorf("%d of %d records imported", len(got), len(want))
	}
	for id, g := range got {
		if w, ok := want[id]; !ok || w.Hash != g.Hash {
			t.Errorf("record %s differs from the crawl's", id)
		}
	}
}
