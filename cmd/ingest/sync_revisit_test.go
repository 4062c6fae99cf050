package main

import (
	"context"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/storage"
)

// TestRevisitsSkip checks the rule that leaves a known article alone,
// with a fixed clock: an old sitemap lastmod saves the request only while
// the last check (a 200, or a 304) is younger than --revisit-after.
func TestRevisitsSkip(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(filepath.Join(t.TempDir(), "archive.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	put := func(path string, fetched time.Time) string {
		t.Helper()
		u := "https://example.com" + path
		_, err := db.Put(ctx, storage.PutInput{
			Record: normalize.Record{URL: u, Title: path, Text: "Text of " + path, Lang: "en"},
			Raw:    storage.Raw{Body: []byte("<html></html>"), Status: 200, Header: http.Header{"Etag": {`"` + path + `"`}}, FetchedAt: fetched},
			Now:    fetched,
		})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	recent := put("/recent", now.Add(-time.Hour))
	old := put("/old", now.Add(-40*day))
	checked := put("/checked", now.Add(-40*day)) // then 304 ten days ago
	if err := db.Seen(ctx, checked, now.Add(-10*day)); err != nil {
		t.Fatal(err)
	}
	missing := put("/missing", now.Add(-time.Hour)) // then 404 once
	if _, _, err := db.NotFound(ctx, missing, now.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	undated := put("/undated", now.Add(-time.Hour))
	newer := put("/newer", now.Add(-40*day))
	stranger := "https://example.com/not-an-article"
	known := []string{recent, old, checked, missing, undated, newer}

	lastmod := now.Add(-100 * day) // a CMS that keeps the publication date
	tests := []struct {
		url       string
		after     time.Duration
		skip, due bool
	}{
		{recent, defaultRevisitAfter, true, false},
		{recent, 30 * time.Minute, false, true},
		{recent, 0, false, true},
		{old, defaultRevisitAfter, false, true},
		{old, 50 * day, true, false},
		{checked, defaultRevisitAfter, true, false}, // the 304 counts as a check
		{checked, 7 * day, false, true},
		{missing, defaultRevisitAfter, false, false}, // a 404 is always asked again
		{undated, defaultRevisitAfter, false, false},
		{newer, 50 * day, false, false}, // the sitemap says it changed
		{stranger, defaultRevisitAfter, false, false},
	}
	for _, tt := range tests {
		r := newRevisits(db, known, tt.after, slog.New(slog.DiscardHandler))
		r.now = func() time.Time { return now }
		for _, u := range known {
			if u == newer {
				r.record(u, now.Add(-day))
			} else if u != undated {
				r.record(u, lastmod)
			}
		}
		r.record(stranger, lastmod)
		if got := r.skip(ctx, tt.url); got != tt.skip {
			t.Errorf("skip(%s) with --revisit-after %s = %v; want %v", tt.url, formatAge(tt.after), got, tt.skip)
		}
		if got := r.dueCount() == 1; got != tt.due {
			t.Errorf("%s with --revisit-after %s: due %v; want %v", tt.url, formatAge(tt.after), got, tt.due)
		}
	}
}

func TestParseAge(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"30d", 30 * 24 * time.Hour, true},
		{"0", 0, true},
		{"0d", 0, true},
		{"720h", 720 * time.Hour, true},
		{"90m", 90 * time.Minute, true},
		{"-1d", -24 * time.Hour, true}, // parsed; rejected by validation
		{"1.5d", 0, false},
		{"d", 0, false},
		{"30x", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, err := parseAge(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseAge(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	for d, want := range map[time.Duration]string{defaultRevisitAfter: "30d", 36 * time.Hour: "36h0m0s", 0: "0s"} {
		if got := formatAge(d); got != want {
			t.Errorf("formatAge(%v) = %q; want %q", d, got, want)
		}
	}
}

func TestSyncRevisitAfterUsage(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	if db, err := storage.Open(empty, storage.Options{}); err != nil {
		t.Fatal(err)
	} else {
		db.Close()
	}
	for _, v := range []string{"-1h", "-2d", "30x", "soon"} {
		code, _, stderr := runCLI(t, "", "sync", "--db", empty, "--revisit-after", v)
		first, _, _ := strings.Cut(stderr, "\n")
		if code != exitUsage || !strings.Contains(first, "--revisit-after") {
			t.Errorf("--revisit-after %s: exit %d, stderr %q; want %d naming the flag on the first line", v, code, stderr, exitUsage)
		}
	}
	code, out, _ := runCLI(t, "", "sync", "--help")
	if code != exitOK || !strings.Contains(out, "--revisit-after duration") || !strings.Contains(out, "(default 30d)") {
		t.Errorf("sync --help: exit %d:\n%s", code, out)
	}
}

// TestSyncRevisitAfter edits one article, retracts one (410) and removes
// one (404) while the sitemap keeps their old <lastmod>: within
// --revisit-after the sync trusts the sitemap and asks for none of them;
// with --revisit-after 0 it asks for each, conditionally, and the archive
// follows (revision 2, gone, one strike); once the last check is older
// than --revisit-after, an unchanged-looking article is asked for again.
func TestSyncRevisitAfter(t *testing.T) {
	const old = "2024-03-01"
	s := newSyncSite(t)
	articles := []string{pSame, pEdited, pGone410, pGone404}
	dated := func(paths ...string) string {
		var es [][2]string
		for _, p := range paths {
			es = append(es, [2]string{p, old})
		}
		return sitemapLastmod(es...)
	}
	s.set("/", sitePage{body: listing(articles...)})
	s.set("/robots.txt", sitePage{contentType: "text/plain", body: "User-agent: *\nAllow: /\n"})
	// No validators: the sitemap is read at every sync, so its dates are.
	s.set("/sitemap.xml", sitePage{contentType: "application/xml", body: dated(articles...)})
	s.set(pSame, sitePage{body: newsPage("The embankment plan explained", "Anna Petrova", "2024-03-01", essayParas("embankment")...), etag: `"same-1"`})
	s.set(pEdited, sitePage{body: newsPage("What the council did not say", "Ben Okafor", "2024-03-03", essayParas("council")...), etag: `"edited-1"`})
	s.set(pGone410, sitePage{body: newsPage("A retracted piece on the mill", "Ben Okafor", "2024-03-04", essayParas("mill")...), etag: `"mill-1"`})
	s.set(pGone404, sitePage{body: newsPage("The old customs house", "Carla Diaz", "2024-03-05", essayParas("customs")...), etag: `"customs-1"`})

	db := filepath.Join(t.TempDir(), "archive.db")
	// One request at a time, so that the sitemap is read before the known
	// articles come up.
	flags := []string{"--db", db, "--rate", "0", "--retries", "0", "--concurrency", "1"}
	cli := func(args ...string) string {
		t.Helper()
		code, out, stderr := runCLI(t, "", args...)
		if code != exitOK {
			t.Fatalf("ingest %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out, stderr)
		}
		return out
	}
	sync := func(extra ...string) (string, map[string][]siteRequest) {
		t.Helper()
		out := cli(append(append([]string{"sync"}, flags...), extra...)...)
		byPath := map[string][]siteRequest{}
		for _, r := range s.takeRequests() {
			byPath[r.path] = append(byPath[r.path], r)
		}
		return out, byPath
	}
	want := func(step string, revs map[string]int, gone ...string) {
		t.Helper()
		got := records(t, db)
		for p, rev := range revs {
			status := "live"
			for _, g := range gone {
				if g == p {
					status = "gone"
				}
			}
			if r, ok := got[p]; !ok || r.Status != status || r.Revision != rev {
				t.Errorf("%s: %s: record %v status %q revision %d; want %s %d", step, p, ok, r.Status, r.Revision, status, rev)
			}
		}
	}
	cli(append(append([]string{"crawl"}, flags...), s.url("/"), s.url("/sitemap.xml"))...)
	want("crawl", map[string]int{pSame: 1, pEdited: 1, pGone410: 1, pGone404: 1})
	s.takeRequests()

	s.set(pEdited, sitePage{body: newsPage("What the council did not say", "Ben Okafor", "2024-03-03", essayParas("revised council")...), etag: `"edited-2"`})
	s.set(pGone410, sitePage{status: http.StatusGone})
	s.remove(pGone404)

	// Within --revisit-after (the default 30 days, then 1h), the old
	// lastmod saves every request.
	for _, extra := range [][]string{nil, {"--revisit-after", "1h"}} {
		out, reqs := sync(extra...)
		for _, p := range articles {
			if r := reqs[p]; len(r) != 0 {
				t.Errorf("sync %v: %s requested %+v; want no request (lastmod old, checked just now)", extra, p, r)
			}
		}
		if len(reqs["/sitemap.xml"]) != 1 || !strings.Contains(out, "4 unchanged by sitemap lastmod") || strings.Contains(out, "due:") {
			t.Errorf("sync %v: sitemap requests %+v; output:\n%s", extra, reqs["/sitemap.xml"], out)
		}
	}
	want("within --revisit-after", map[string]int{pSame: 1, pEdited: 1, pGone410: 1, pGone404: 1})

	// --revisit-after 0: every known article is asked, conditionally.
	out, reqs := sync("--revisit-after", "0")
	for p, w := range map[string]struct {
		etag   string
		status int
	}{
		pSame:    {`"same-1"`, http.StatusNotModified},
		pEdited:  {`"edited-1"`, http.StatusOK},
		pGone410: {`"mill-1"`, http.StatusGone},
		pGone404: {`"customs-1"`, http.StatusNotFound},
	} {
		if r := reqs[p]; len(r) != 1 || r[0].ifNoneMatch != w.etag || r[0].status != w.status {
			t.Errorf("--revisit-after 0: %s requested %+v; want one with If-None-Match %s answered %d", p, r, w.etag, w.status)
		}
	}
	for _, line := range []string{"0 new, 1 updated, 1 not modified", "gone:      1 (410, or 404 at two syncs in a row), 1 not found once", "due:       4 asked for again"} {
		if !strings.Contains(out, line) {
			t.Errorf("--revisit-after 0: output lacks %q:\n%s", line, out)
		}
	}
	want("--revisit-after 0", map[string]int{pSame: 1, pEdited: 2, pGone410: 1, pGone404: 1}, pGone410)
	if text := records(t, db)[pEdited].Text; !strings.Contains(text, "revised council") {
		t.Errorf("edited article text not updated: %.80q", text)
	}
	if n, err := strikes(db, s.url(pGone404)); err != nil || n != 1 {
		t.Errorf("404 strikes %d, %v; want 1", n, err)
	}

	// Back to the default: the article found missing is asked again
	// whatever the sitemap says and becomes a tombstone; the live ones
	// were just checked and are left alone. (The tombstone the sitemap
	// still lists is not a known article: it is requested as any link.)
	out, reqs = sync()
	if r := reqs[pGone404]; len(r) != 1 || r[0].status != http.StatusNotFound {
		t.Errorf("missing article: requests %+v; want one answered 404", r)
	}
	for _, p := range []string{pSame, pEdited} {
		if r := reqs[p]; len(r) != 0 {
			t.Errorf("%s requested %+v; want none", p, r)
		}
	}
	if !strings.Contains(out, "gone:      1 (410, or 404 at two syncs in a row), 0 not found once") {
		t.Errorf("second sync output:\n%s", out)
	}
	want("404 twice", map[string]int{pSame: 1, pEdited: 2, pGone410: 1, pGone404: 1}, pGone410, pGone404)

	// Once the last check is older than --revisit-after, the article is
	// asked for again although its lastmod is old: an edit is found.
	s.set(pSame, sitePage{body: newsPage("The embankment plan explained", "Anna Petrova", "2024-03-01", essayParas("amended embankment")...), etag: `"same-2"`})
	const after = 200 * time.Millisecond
	time.Sleep(after + 100*time.Millisecond)
	out, reqs = sync("--revisit-after", after.String())
	if r := reqs[pSame]; len(r) != 1 || r[0].ifNoneMatch != `"same-1"` || r[0].status != http.StatusOK {
		t.Errorf("--revisit-after %v: %s requested %+v; want one with If-None-Match \"same-1\" answered 200", after, pSame, r)
	}
	if r := reqs[pEdited]; len(r) != 1 || r[0].ifNoneMatch != `"edited-2"` || r[0].status != http.StatusNotModified {
		t.Errorf("--revisit-after %v: %s requested %+v; want one with If-None-Match \"edited-2\" answered 304", after, pEdited, r)
	}
	if !strings.Contains(out, "due:       2 asked for again") {
		t.Errorf("--revisit-after %v: output:\n%s", after, out)
	}
	want("past --revisit-after", map[string]int{pSame: 2, pEdited: 2, pGone410: 1, pGone404: 1}, pGone410, pGone404)
}

// strikes reads the 404 strikes of the record at u.
func strikes(path, u string) (int, error) {
	db, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer db.Close()
	return db.Strikes(context.Background(), u)
}
