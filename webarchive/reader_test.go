package webarchive

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// sampleWARC writes a small WARC: warcinfo, two responses, a redirect and
// a metadata record.
func sampleWARC(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf)
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	info, err := w.WriteInfo("x.warc.gz", at, Fields{{"software", "test"}})
	if err != nil {
		t.Fatal(err)
	}
	html := http.Header{"Content-Type": {"text/html"}, "Content-Encoding": {"gzip"}, "Content-Length": {"3"}}
	r1, err := w.WriteResponse(Response{URL: "https://example.org/a/", Date: at, Status: 200, Header: html, Body: []byte("<html><p>one</p></html>")}, info.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.WriteMetadata(r1.ID, "https://example.org/a/", at, Fields{{"ingest-alias", "https://example.org/?p=1"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.WriteResponse(Response{URL: "https://example.org/old", Date: at, Status: 301, Header: http.Header{"Location": {"/a/"}}}, info.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.WriteResponse(Response{URL: "https://example.org/b/", Date: at.Add(time.Hour), Status: 200, Header: html, Body: []byte(strings.Repeat("<p>two</p>", 500))}, info.ID); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func indexAll(t testing.TB, b []byte) ([]Entry, []*BadRecord) {
	var es []Entry
	var bad []*BadRecord
	err := Index(bytes.NewReader(b), int64(len(b)), func(e Entry) error {
		es = append(es, e)
		return nil
	}, func(b *BadRecord) { bad = append(bad, b) })
	if err != nil {
		t.Fatal(err)
	}
	return es, bad
}

func TestIndexAndReadPayload(t *testing.T) {
	b := sampleWARC(t)
	es, bad := indexAll(t, b)
	if len(bad) != 0 {
		t.Fatalf("bad records in a good file: %v", bad[0])
	}
	var types []string
	for _, e := range es {
		types = append(types, e.Type)
	}
	if got := strings.Join(types, " "); got != "warcinfo response metadata response response" {
		t.Fatalf("types %s", got)
	}
	if es[3].Status != 301 || es[3].Location != "/a/" {
		t.Errorf("redirect: %+v", es[3])
	}
	if es[2].RefersTo != es[1].ID || es[2].Fields.Get("ingest-alias") != "https://example.org/?p=1" {
		t.Errorf("metadata: %+v", es[2])
	}
	p, err := ReadPayload(bytes.NewReader(b), int64(len(b)), es[4].Offset, es[4].Length, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != 200 || len(p.Body) != 5000 || p.Header.Get("Content-Type") != "text/html" || p.Header.Get("Content-Encoding") != "" {
		t.Errorf("payload: status %d, %d bytes, header %v", p.Status, len(p.Body), p.Header)
	}
	if _, err := ReadPayload(bytes.NewReader(b), int64(len(b)), es[4].Offset, es[4].Length, 100); err == nil {
		t.Errorf("a body over maxBody was read")
	}

	// A PayloadReader goes on after a record it could not read.
	pr := NewPayloadReader()
	if _, err := pr.Read(bytes.NewReader(b), int64(len(b)), es[4].Offset+3, 0, 1<<20); err == nil {
		t.Errorf("a read from the middle of a record succeeded")
	}
	if p, err := pr.Read(bytes.NewReader(b), int64(len(b)), es[4].Offset, es[4].Length, 1<<20); err != nil || len(p.Body) != 5000 {
		t.Errorf("after a bad read: %d bytes, %v", len(p.Body), err)
	}

	plan := NewPlan([]Source{{Entries: es}}, func(u string) string { return u })
	if plan.Captures() != 2 || plan.Redirects != 1 || plan.OtherRecords != 2 {
		t.Errorf("plan: %d captures, %+v", plan.Captures(), plan)
	}
	a := plan.Rounds[0][0]
	if a.URL != "https://example.org/a/" || strings.Join(a.Via, " ") != "https://example.org/old https://example.org/?p=1" {
		t.Errorf("capture a: %+v", a)
	}
}

// TestIndexDamaged cuts and corrupts a WARC in many places: Index must
// report each bad record with an offset inside the file, find the good
// records after it, and never panic.
func TestIndexDamaged(t *testing.T) {
	good := sampleWARC(t)
	want, _ := indexAll(t, good)
	for cut := 1; cut < len(good); cut += 37 {
		es, bad := indexAll(t, good[:cut])
		for _, b := range bad {
			if b.Offset < 0 || b.Offset >= int64(cut) || !strings.Contains(b.Error(), fmt.Sprintf("offset %d", b.Offset)) {
				t.Fatalf("cut at %d: bad offset %d (%v)", cut, b.Offset, b)
			}
		}
		if len(es) > len(want) {
			t.Fatalf("cut at %d: %d records from a part of %d", cut, len(es), len(want))
		}
	}
	// A record damaged in the middle costs that record alone.
	last := want[len(want)-1].Offset
	bad := bytes.Clone(good)
	copy(bad[want[1].Offset+30:], bytes.Repeat([]byte{0xff}, 40))
	es, reports := indexAll(t, bad)
	if len(reports) != 1 || reports[0].Offset != want[1].Offset {
		t.Fatalf("reports %v, want one at %d", reports, want[1].Offset)
	}
	if len(es) != len(want)-1 || es[len(es)-1].Offset != last {
		t.Errorf("%d records after the damage, want %d", len(es), len(want)-1)
	}
}

// FuzzIndex feeds arbitrary bytes to the reading side: Index, NewPlan and
// ReadPayload must return errors, never panic or loop.
func FuzzIndex(f *testing.F) {
	good := sampleWARC(f)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nHTTP/1.1 200 OK\r\n\r\nx"))
	f.Add([]byte("WARC/1.0\r\nWARC-Type: revisit\r\nWARC-Refers-To: <urn:x>\r\nContent-Length: 4\r\n\r\nabcd\r\n\r\n"))
	f.Add([]byte{0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		var es []Entry
		err := Index(bytes.NewReader(b), int64(len(b)), func(e Entry) error {
			es = append(es, e)
			return nil
		}, func(*BadRecord) {})
		if err != nil {
			return
		}
		plan := NewPlan([]Source{{Entries: es}}, func(u string) string { return u })
		for _, r := range plan.Rounds {
			for _, c := range r {
				_, _ = ReadPayload(bytes.NewReader(b), int64(len(b)), c.Offset, c.Length, 1<<20)
			}
		}
	})
}
