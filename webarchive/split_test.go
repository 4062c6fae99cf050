package webarchive

import (
	"bytes"
	"fmt"
	"net/http"
	"reflect"
	"testing"
	"time"
)

// TestIndexHalvesMatchesOnePass reads a gzipped WARC as two halves and as
// one pass: the entries are the same, in the same order, and a damaged
// record in either half is still reported with its offset.
func TestIndexHalvesMatchesOnePass(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	info, err := w.WriteInfo("x.warc.gz", at, nil)
	if err != nil {
		t.Fatal(err)
	}
	html := http.Header{"Content-Type": {"text/html"}}
	for i := range 200 {
		body := fmt.Appendf(nil, "<html><p>page %d %x</p></html>", i, bytes.Repeat([]byte{byte(i)}, 300))
		if _, err := w.WriteResponse(Response{URL: fmt.Sprintf("https://example.org/%d", i), Date: at, Status: 200, Header: html, Body: body}, info.ID); err != nil {
			t.Fatal(err)
		}
	}
	b := buf.Bytes()

	old := minSplitSize
	t.Cleanup(func() { minSplitSize = old })
	minSplitSize = int64(len(b)) + 1
	one, _ := indexAll(t, b)
	minSplitSize = 1024
	if splitPoint(bytes.NewReader(b), int64(len(b))) == 0 {
		t.Fatal("no split point found in a gzipped file")
	}
	two, _ := indexAll(t, b)
	if len(one) != 201 || !reflect.DeepEqual(one, two) {
		t.Fatalf("two halves gave %d entries, one pass %d; equal %v", len(two), len(one), reflect.DeepEqual(one, two))
	}

	// Damage a record in each half.
	damaged := bytes.Clone(b)
	for _, e := range []Entry{one[50], one[150]} {
		damaged[e.Offset+20] ^= 0xff
	}
	es, bad := indexAll(t, damaged)
	if len(bad) != 2 || bad[0].Offset != one[50].Offset || bad[1].Offset != one[150].Offset {
		t.Fatalf("bad records %v, want offsets %d and %d", bad, one[50].Offset, one[150].Offset)
	}
	if len(es) != 199 {
		t.Errorf("%d entries around two damaged records, want 199", len(es))
	}
}
