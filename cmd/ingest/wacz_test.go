package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	gowarc "github.com/nlnwa/gowarc/v3"
)

// testWACZ exports the sample site as WACZ and checks the package: the
// WARC stored uncompressed, a CDXJ line for every response whose offset
// and length hold that response, a page for every article, datapackage.json
// with every file's size and sha256; warcio reads its WARC cleanly; and
// importing the package gives back the crawl's records.
func testWACZ(t *testing.T, s sampleCrawl) {
	dbPath := s.db
	dir := t.TempDir()
	wacz := filepath.Join(dir, "site.wacz")
	code, _, errs := runCLI(t, "", "export", "--db", dbPath, "--format", "wacz", "--out", wacz)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errs)
	}
	zr, err := zip.OpenReader(wacz)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string][]byte{}
	for _, f := range zr.File {
		if f.Name == "archive/data.warc.gz" && f.Method != zip.Store {
			t.Errorf("the WARC is compressed in the zip; replay tools want it stored")
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
	}
	for _, name := range []string{"archive/data.warc.gz", "indexes/index.cdxj", "pages/pages.jsonl", "datapackage.json"} {
		if _, ok := files[name]; !ok {
			t.Fatalf("no %s in the package (%d files)", name, len(files))
		}
	}
	warc := filepath.Join(dir, "data.warc.gz")
	if err := os.WriteFile(warc, files["archive/data.warc.gz"], 0o644); err != nil {
		t.Fatal(err)
	}
	types, heads := warcRecords(t, warc)
	responses := map[string]bool{}
	for i, typ := range types {
		if typ == "response" {
			responses[heads[i].Get(gowarc.WarcTargetURI)] = true
		}
	}

	// Every CDXJ line points at its response.
	lines := strings.Split(strings.TrimSpace(string(files["indexes/index.cdxj"])), "\n")
	if len(lines) != len(responses) {
		t.Errorf("%d index lines for %d responses", len(lines), len(responses))
	}
	prev := ""
	for _, l := range lines {
		parts := strings.SplitN(l, " ", 3)
		if len(parts) != 3 {
			t.Fatalf("bad cdxj line %q", l)
		}
		if key := parts[0] + " " + parts[1]; key < prev {
			t.Errorf("index not sorted at %q", key)
		} else {
			prev = key
		}
		var e struct {
			URL, Offset, Length, Filename, Digest string
		}
		if err := json.Unmarshal([]byte(parts[2]), &e); err != nil {
			t.Fatalf("cdxj %q: %v", l, err)
		}
		var off, n int64
		if _, err := fmt.Sscan(e.Offset, &off); err != nil {
			t.Fatal(err)
		}
		if _, err := fmt.Sscan(e.Length, &n); err != nil {
			t.Fatal(err)
		}
		r, err := gowarc.NewWarcFileReaderFromStream(bytes.NewReader(files["archive/data.warc.gz"][off:off+n]), 0)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := r.Next()
		if err != nil {
			t.Fatalf("cdxj %s: no record at %d+%d: %v", e.URL, off, n, err)
		}
		if got := rec.WarcRecord.WarcHeader().Get(gowarc.WarcTargetURI); got != e.URL || e.Filename != "data.warc.gz" ||
			rec.WarcRecord.WarcHeader().Get(gowarc.WarcPayloadDigest) != e.Digest {
			t.Errorf("cdxj %s points at %s", e.URL, got)
		}
		rec.Close()
		r.Close()
	}

	recs := recordsOf(t, dbPath)
	sc := bufio.NewScanner(bytes.NewReader(files["pages/pages.jsonl"]))
	n := 0
	for sc.Scan() {
		n++
	}
	if n != len(recs)+1 || !strings.HasPrefix(string(files["pages/pages.jsonl"]), `{"format":"json-pages-1.0"`) {
		t.Errorf("pages.jsonl: %d lines for %d articles", n, len(recs))
	}

	var dp struct {
		Profile, WACZVersion string
		Resources            []struct {
			Path, Hash string
			Bytes      int
		}
	}
	if err := json.Unmarshal(files["datapackage.json"], &dp); err != nil {
		t.Fatal(err)
	}
	if len(dp.Resources) != 3 {
		t.Errorf("datapackage.json names %d files, want 3", len(dp.Resources))
	}
	for _, r := range dp.Resources {
		sum := sha256.Sum256(files[r.Path])
		if r.Hash != "sha256:"+hex.EncodeToString(sum[:]) || r.Bytes != len(files[r.Path]) {
			t.Errorf("datapackage.json: %s: hash or size wrong", r.Path)
		}
	}

	imported := filepath.Join(t.TempDir(), "imported.db")
	var out string
	s.noFetch(t, func() { code, out, errs = runCLI(t, "", "import", "--db", imported, "--log-level", "error", wacz) })
	if code != 0 {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errs)
	}
	if got := recordsOf(t, imported); !reflect.DeepEqual(got, recs) {
		t.Errorf("the WACZ import differs from the crawl: %d records, %d crawled", len(got), len(recs))
	}

	rep := warcioCheck(t, warc)[0]
	t.Logf("warcio read the WACZ's WARC: %d records, %d digests checked, %d bad", rep.Records, rep.Digests.Checked, len(rep.Digests.Bad))
	if rep.Records != len(types) || len(rep.Digests.Bad) != 0 {
		t.Errorf("warcio: %d records (want %d), bad digests %v", rep.Records, len(types), rep.Digests.Bad)
	}
}
