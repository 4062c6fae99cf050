package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
	gowarc "github.com/nlnwa/gowarc/v3"
)

// warcioReport is what scripts/warcio-check.sh prints for one file.
type warcioReport struct {
	File    string   `json:"file"`
	Records int      `json:"records"`
	Types   []string `json:"types"`
	URIs    []string `json:"uris"`
	Digests struct {
		Checked int      `json:"checked"`
		Bad     []string `json:"bad"`
	} `json:"digests"`
	Requests []warcioRequest `json:"requests"`
}

// warcioRequest is a request record as warcio parsed it.
type warcioRequest struct {
	Record       int      `json:"record"`
	Method       string   `json:"method"`
	Path         string   `json:"path"`
	Host         string   `json:"host"`
	UserAgent    string   `json:"userAgent"`
	ConcurrentTo []string `json:"concurrentTo"`
}

// warcioCheck reads WARC files with webrecorder's warcio through
// scripts/warcio-check.sh, which installs it from npm when it is missing.
// The test is skipped only when npm itself is not there.
func warcioCheck(t *testing.T, files ...string) []warcioReport {
	t.Helper()
	for _, tool := range []string{"npm", "node"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: the independent WARC check with warcio needs node and npm (.ci/run installs them)", tool)
		}
	}
	script, err := filepath.Abs("../../scripts/warcio-check.sh")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", append([]string{script}, files...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("warcio-check: %v\n%s", err, errb.String())
	}
	var reps []warcioReport
	dec := json.NewDecoder(&out)
	for {
		var r warcioReport
		if err := dec.Decode(&r); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("warcio-check output: %v", err)
		}
		reps = append(reps, r)
	}
	if len(reps) != len(files) {
		t.Fatalf("warcio-check reported on %d files of %d", len(reps), len(files))
	}
	return reps
}

// testWARCValidatedByWarcio exports the sample site as WARC and has
// warcio, an independent reader, read it: the same number of records, of
// the same types, for the same target URIs, as written, and every block
// and payload digest it recomputes matches. A copy with one byte of a
// page changed must fail that check.
func testWARCValidatedByWarcio(t *testing.T, s sampleCrawl) {
	dbPath := s.db
	dir := t.TempDir()
	warc := filepath.Join(dir, "site.warc.gz")
	if code, _, errs := runCLI(t, "", "export", "--db", dbPath, "--format", "warc", "--out", warc); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errs)
	}
	types, heads := warcRecords(t, warc)
	var uris []string
	for _, h := range heads {
		uris = append(uris, h.Get(gowarc.WarcTargetURI))
	}
	tampered := filepath.Join(dir, "tampered.warc.gz")
	writeTampered(t, warc, tampered)

	reps := warcioCheck(t, warc, tampered)
	r := reps[0]
	t.Logf("warcio read %s: %d records (%s), %d digests checked, %d bad",
		filepath.Base(r.File), r.Records, countTypes(r.Types), r.Digests.Checked, len(r.Digests.Bad))
	if r.Records != len(types) || !slices.Equal(r.Types, types) || !slices.Equal(r.URIs, uris) {
		t.Errorf("warcio saw %d records %v…, gowarc %d %v…", r.Records, r.Types[:min(4, len(r.Types))], len(types), types[:min(4, len(types))])
	}
	n, reqs := 0, 0
	for _, typ := range types {
		switch typ {
		case "response":
			n++
		case "request":
			n++
			reqs++
		}
	}
	if r.Digests.Checked != len(types)+n || len(r.Digests.Bad) != 0 {
		t.Errorf("digests: %d checked (want %d), bad %v", r.Digests.Checked, len(types)+n, r.Digests.Bad)
	}
	// Each request record, as warcio parses it: a GET of the page's path
	// with the crawl's Host and User-Agent, concurrent to the response
	// before it.
	if len(r.Requests) != reqs || reqs == 0 {
		t.Errorf("warcio parsed %d request records of %d", len(r.Requests), reqs)
	}
	host := strings.TrimSuffix(strings.TrimPrefix(s.site, "http://"), "/")
	for _, q := range r.Requests {
		i := q.Record
		if q.Method != "GET" || !strings.HasPrefix(q.Path, "/") || !strings.HasSuffix(uris[i], q.Path) || q.Host != host ||
			!strings.HasPrefix(q.UserAgent, "ingest") || !slices.Equal(q.ConcurrentTo, []string{heads[i-1].Get(gowarc.WarcRecordID)}) {
			t.Errorf("request record %d as warcio read it: %+v (uri %s)", i, q, uris[i])
		}
	}
	if bad := reps[1].Digests.Bad; len(bad) != 2 || !strings.HasPrefix(bad[0], "record 1:") {
		t.Errorf("a changed page passed the digest check: %v", bad)
	}
}

// writeTampered copies a WARC whose records are gzip members, changing
// one byte in the page of its first response record.
func writeTampered(t *testing.T, src, dst string) {
	t.Helper()
	raw, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	br := bytes.NewReader(raw) // an io.ByteReader: gzip reads no further than each member
	var out bytes.Buffer
	var zr gzip.Reader
	for i := 0; br.Len() > 0; i++ {
		if err := zr.Reset(br); err != nil {
			t.Fatal(err)
		}
		zr.Multistream(false)
		rec, err := io.ReadAll(&zr)
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			rec = bytes.Replace(rec, []byte("</title>"), []byte("</TITLE>"), 1)
		}
		zw := gzip.NewWriter(&out)
		zw.Write(rec)
		zw.Close()
	}
	if err := os.WriteFile(dst, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func countTypes(types []string) string {
	c := map[string]int{}
	var order []string
	for _, t := range types {
		if c[t] == 0 {
			order = append(order, t)
		}
		c[t]++
	}
	var parts []string
	for _, t := range order {
		parts = append(parts, fmt.Sprintf("%d %s", c[t], t))
	}
	return strings.Join(parts, ", ")
}
