package main

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// testImportWgetCapture captures the sample site with one run of
// `wget --mirror --warc-file`, which leaves both a WARC file and a mirror
// folder, and imports each into an archive of its own: both hold the same
// records (ids, titles, content hashes) as a crawl of the same site. Only
// the WARC keeps redirects, so only its import has them as aliases.
func testImportWgetCapture(t *testing.T, s sampleCrawl) {
	if _, err := exec.LookPath("wget"); err != nil {
		t.Skip("wget is not installed (Debian package wget; .ci/run installs it)")
	}
	crawled, site := s.db, s.site
	dir := t.TempDir()
	mirror := filepath.Join(dir, "mirror")
	// --trust-server-names saves a redirected page under the URL it was
	// served from, not the one that redirected: a mirror keeps no
	// redirects, so the old name would become the page's URL.
	cmd := exec.Command("wget", "--mirror", "--trust-server-names", "--no-verbose", "--no-host-directories",
		"--directory-prefix", mirror, "--warc-file", filepath.Join(dir, "capture"), "--tries", "1", site)
	out, err := cmd.CombinedOutput()
	// wget exits 8 when some URL answered an error (the sample site has
	// broken links on purpose) and 3 when a page could not be saved (a
	// file and a folder of one name: /a/x and /a/x/); anything else is a
	// failure.
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || (ee.ExitCode() != 8 && ee.ExitCode() != 3)) {
		t.Fatalf("wget: %v\n%s", err, out)
	}

	want := recordsOf(t, crawled)
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"warc", []string{filepath.Join(dir, "capture.warc.gz")}},
		{"mirror", []string{"--base", site, mirror}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "imported.db")
			var code int
			var stdout, errs string
			s.noFetch(t, func() {
				code, stdout, errs = runCLI(t, "", append([]string{"import", "--db", db, "--log-level", "error"}, tc.args...)...)
			})
			if code != 0 {
				t.Fatalf("import: exit %d\n%s\n%s", code, stdout, errs)
			}
			t.Logf("import of the wget %s:\n%s", tc.name, stdout)
			got := recordsOf(t, db)
			var missing, extra, differ []string
			for id, w := range want {
				g, ok := got[id]
				switch {
				case !ok:
					missing = append(missing, w.Title)
				case g.Title != w.Title || g.Hash != w.Hash:
					differ = append(differ, w.Title)
				}
			}
			for id, g := range got {
				if _, ok := want[id]; !ok {
					extra = append(extra, g.Title)
				}
			}
			slices.Sort(missing)
			if len(missing)+len(extra)+len(differ) > 0 {
				t.Errorf("%d records, the crawl %d\nmissing: %s\nextra: %s\ndiffer: %s", len(got), len(want),
					strings.Join(missing, "; "), strings.Join(extra, "; "), strings.Join(differ, "; "))
			}
		})
	}
}
