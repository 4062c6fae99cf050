package webarchive

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"reflect"
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

// scanAll scans b, keeping every payload, and returns its records.
func scanAll(t testing.TB, b []byte) ([]Scanned, []*BadRecord) {
	var ss []Scanned
	var bad []*BadRecord
	err := Scan(bytes.NewReader(b), int64(len(b)), 1<<20, func(*Entry) bool { return true }, func(s *Scanned) error {
		ss = append(ss, *s)
		return nil
	}, func(b *BadRecord) { bad = append(bad, b) })
	if err != nil {
		t.Fatal(err)
	}
	return ss, bad
}

func TestScanAndReadPayload(t *testing.T) {
	b := sampleWARC(t)
	ss, bad := scanAll(t, b)
	if len(bad) != 0 {
		t.Fatalf("bad records in a good file: %v", bad[0])
	}
	var types []string
	for _, s := range ss {
		types = append(types, s.Type)
	}
	if got := strings.Join(types, " "); got != "warcinfo response metadata response response" {
		t.Fatalf("types %s", got)
	}
	if ss[3].Status != 301 || ss[3].Location != "/a/" {
		t.Errorf("redirect: %+v", ss[3].Entry)
	}
	if ss[2].RefersTo != ss[1].ID || ss[2].Fields.Get("ingest-alias") != "https://example.org/?p=1" {
		t.Errorf("metadata: %+v", ss[2].Entry)
	}
	// The payload cut from the record as it went by is the one read back
	// from its offset: gzip Content-Encoding undone, its headers dropped.
	p, err := ReadPayload(bytes.NewReader(b), int64(len(b)), ss[4].Offset, ss[4].Length, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != 200 || len(p.Body) != 5000 || p.Header.Get("Content-Type") != "text/html" || p.Header.Get("Content-Encoding") != "" {
		t.Errorf("payload: status %d, %d bytes, header %v", p.Status, len(p.Body), p.Header)
	}
	if sp := ss[4].Payload; sp == nil || !bytes.Equal(sp.Body, p.Body) || sp.Status != p.Status || !reflect.DeepEqual(sp.Header, p.Header) {
		t.Errorf("scanned payload differs from the one read back: %+v", sp)
	}
	if _, err := ReadPayload(bytes.NewReader(b), int64(len(b)), ss[4].Offset, ss[4].Length, 100); err == nil {
		t.Errorf("a body over maxBody was read")
	}
	small, _ := func() ([]Scanned, error) {
		var out []Scanned
		err := Scan(bytes.NewReader(b), int64(len(b)), 100, func(*Entry) bool { return true }, func(s *Scanned) error {
			out = append(out, *s)
			return nil
		}, nil)
		return out, err
	}()
	if len(small) != 5 || small[4].Payload != nil || !errors.Is(small[4].PayloadErr, errBodyTooLarge) {
		t.Errorf("a body over maxBody was scanned: %+v", small[4].PayloadErr)
	}

	// A PayloadReader goes on after a record it could not read.
	pr := NewPayloadReader()
	if _, err := pr.Read(bytes.NewReader(b), int64(len(b)), ss[4].Offset+3, 0, 1<<20); err == nil {
		t.Errorf("a read from the middle of a record succeeded")
	}
	if p, err := pr.Read(bytes.NewReader(b), int64(len(b)), ss[4].Offset, ss[4].Length, 1<<20); err != nil || len(p.Body) != 5000 {
		t.Errorf("after a bad read: %d bytes, %v", len(p.Body), err)
	}
}

// TestScanDamaged cuts and corrupts a WARC in many places: Scan must
// report each bad record with an offset inside the file, find the good
// records after it, and never panic.
func TestScanDamaged(t *testing.T) {
	good := sampleWARC(t)
	want, _ := scanAll(t, good)
	for cut := 1; cut < len(good); cut += 37 {
		ss, bad := scanAll(t, good[:cut])
		for _, b := range bad {
			if b.Offset < 0 || b.Offset >= int64(cut) || !strings.Contains(b.Error(), fmt.Sprintf("offset %d", b.Offset)) {
				t.Fatalf("cut at %d: bad offset %d (%v)", cut, b.Offset, b)
			}
		}
		if len(ss) > len(want) {
			t.Fatalf("cut at %d: %d records from a part of %d", cut, len(ss), len(want))
		}
		for i, s := range ss {
			if s.Offset != want[i].Offset || (s.Payload != nil && !bytes.Equal(s.Payload.Body, want[i].Payload.Body)) {
				t.Fatalf("cut at %d: record %d read wrong", cut, i)
			}
		}
	}
	// A record damaged in the middle costs that record alone.
	last := want[len(want)-1].Offset
	bad := bytes.Clone(good)
	copy(bad[want[1].Offset+30:], bytes.Repeat([]byte{0xff}, 40))
	ss, reports := scanAll(t, bad)
	if len(reports) != 1 || reports[0].Offset != want[1].Offset {
		t.Fatalf("reports %v, want one at %d", reports, want[1].Offset)
	}
	if len(ss) != len(want)-1 || ss[len(ss)-1].Offset != last {
		t.Errorf("%d records after the damage, want %d", len(ss), len(want)-1)
	}
}

// FuzzScan feeds arbitrary bytes to the reading side: Scan, a Stream and
// ReadPayload must return errors, never panic or loop.
func FuzzScan(f *testing.F) {
	good := sampleWARC(f)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nHTTP/1.1 200 OK\r\n\r\nx"))
	f.Add([]byte("WARC/1.0\r\nWARC-Type: revisit\r\nWARC-Refers-To: <urn:x>\r\nContent-Length: 4\r\n\r\nabcd\r\n\r\n"))
	f.Add([]byte{0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		st := NewStream(func(u string) string { return u }, func(string) bool { return true })
		err := Scan(bytes.NewReader(b), int64(len(b)), 1<<20, st.Wants, func(s *Scanned) error {
			st.Add(0, s)
			return nil
		}, func(*BadRecord) {})
		if err != nil {
			return
		}
		st.Flush()
		rest, err := st.Finish(func(Capture) (bool, []string, error) { return true, nil, nil })
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rest.Rounds {
			for _, c := range r {
				_, _ = ReadPayload(bytes.NewReader(b), int64(len(b)), c.Offset, c.Length, 1<<20)
			}
		}
	})
}
