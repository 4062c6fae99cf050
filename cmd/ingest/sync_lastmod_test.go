package main

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sitemapLastmod is a sitemap of paths with their <lastmod>; an empty
// date leaves the element out.
func sitemapLastmod(entries ...[2]string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, e := range entries {
		fmt.Fprintf(&b, "<url><loc>ORIGIN%s</loc>", e[0])
		if e[1] != "" {
			fmt.Fprintf(&b, "<lastmod>%s</lastmod>", e[1])
		}
		b.WriteString("</url>")
	}
	b.WriteString("</urlset>")
	return b.String()
}

// TestSyncLastmod checks that a sync trusts the sitemap's <lastmod>: known
// articles it dates before their last fetch get no request at all, one
// it dates after is fetched (conditionally) and gets revision 2, one
// without a date is revisited as usual, and a new one is found.
func TestSyncLastmod(t *testing.T) {
	const old = "2024-03-01"
	s := newSyncSite(t)
	all := []string{pSame, pDated, pEdited, pFlaky404}
	s.set("/", sitePage{body: listing(all...)})
	s.set("/robots.txt", sitePage{contentType: "text/plain", body: "User-agent: *\nAllow: /\n"})
	s.set("/sitemap.xml", sitePage{contentType: "application/xml", etag: `"sm1"`, body: sitemapLastmod(
		[2]string{pSame, old}, [2]string{pDated, old + "T10:00:00+01:00"}, [2]string{pEdited, old}, [2]string{pFlaky404, ""})})
	s.set(pSame, sitePage{body: newsPage("The embankment plan explained", "Anna Petrova", "2024-03-01", essayParas("embankment")...), etag: `"same-1"`})
	s.set(pDated, sitePage{body: newsPage("Why the ferry matters", "Anna Petrova", "2024-03-02", essayParas("ferry")...), etag: `"dated-1"`})
	s.set(pEdited, sitePage{body: newsPage("What the council did not say", "Ben Okafor", "2024-03-03", essayParas("council")...), etag: `"edited-1"`})
	s.set(pFlaky404, sitePage{body: newsPage("Towpath repairs and cyclists", "Carla Diaz", "2024-03-06", essayParas("towpath")...), etag: `"towpath-1"`})

	db := filepath.Join(t.TempDir(), "archive.db")
	// One request at a time, so that the sitemap is read before the known
	// articles come up, whatever the machine's speed.
	flags := []string{"--db", db, "--rate", "0", "--retries", "0", "--concurrency", "1"}
	cli := func(args ...string) string {
		t.Helper()
		code, out, stderr := runCLI(t, "", args...)
		if code != exitOK {
			t.Fatalf("ingest %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out, stderr)
		}
		return out
	}
	cli(append(append([]string{"crawl"}, flags...), s.url("/"), s.url("/sitemap.xml"))...)
	if n := len(records(t, db)); n != len(all) {
		t.Fatalf("crawl stored %d records, want %d", n, len(all))
	}
	s.takeRequests()

	// One article is edited and dated now in the sitemap; a new one
	// appears there; the others keep their old dates.
	now := time.Now().UTC().Format(time.RFC3339)
	s.set(pEdited, sitePage{body: newsPage("What the council did not say", "Ben Okafor", "2024-03-03", essayParas("revised council")...), etag: `"edited-2"`})
	s.set(pNew, sitePage{body: newsPage("A new piece about the quays", "Dana Ito", "2024-03-07", essayParas("quays")...), etag: `"new-1"`})
	s.set("/sitemap.xml", sitePage{contentType: "application/xml", etag: `"sm2"`, body: sitemapLastmod(
		[2]string{pNew, now}, [2]string{pSame, old}, [2]string{pDated, old + "T10:00:00+01:00"}, [2]string{pEdited, now}, [2]string{pFlaky404, ""})})

	out := cli(append([]string{"sync"}, flags...)...)
	byPath := map[string][]siteRequest{}
	for _, r := range s.takeRequests() {
		byPath[r.path] = append(byPath[r.path], r)
	}
	for _, p := range []string{pSame, pDated} {
		if r := byPath[p]; len(r) != 0 {
			t.Errorf("%s: %d requests, want none (sitemap lastmod before the last fetch): %+v", p, len(r), r)
		}
	}
	if r := byPath[pEdited]; len(r) != 1 || r[0].ifNoneMatch != `"edited-1"` || r[0].status != http.StatusOK {
		t.Errorf("edited article: requests %+v, want one with If-None-Match \"edited-1\" answered 200", r)
	}
	if r := byPath[pFlaky404]; len(r) != 1 || r[0].ifNoneMatch != `"towpath-1"` || r[0].status != http.StatusNotModified {
		t.Errorf("article without lastmod: requests %+v, want one conditional answered 304", r)
	}
	if r := byPath[pNew]; len(r) != 1 || r[0].status != http.StatusOK {
		t.Errorf("new article: requests %+v", r)
	}
	if r := byPath["/sitemap.xml"]; len(r) != 1 || r[0].status != http.StatusOK {
		t.Errorf("sitemap: requests %+v", r)
	}
	for _, want := range []string{"1 new, 1 updated, 1 not modified", "2 unchanged by sitemap lastmod"} {
		if !strings.Contains(out, want) {
			t.Errorf("sync output lacks %q:\n%s", want, out)
		}
	}

	after := records(t, db)
	for p, rev := range map[string]int{pSame: 1, pDated: 1, pEdited: 2, pFlaky404: 1, pNew: 1} {
		if r, ok := after[p]; !ok || r.Status != "live" || r.Revision != rev {
			t.Errorf("%s: record %v status %q revision %d, want live %d", p, ok, r.Status, r.Revision, rev)
		}
	}
	if !strings.Contains(after[pEdited].Text, "revised council") {
		t.Errorf("edited article text not updated: %.80q", after[pEdited].Text)
	}
	if hist := history(t, db, s.url(pEdited)); len(hist) != 2 {
		t.Errorf("edited article history: %d versions, want 2", len(hist))
	}
}
