package webarchive

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

// TestStream gives a Stream records by hand, in the orders WARC writers
// use, and checks what streams at once and what waits for Finish.
func TestStream(t *testing.T) {
	t0 := time.Date(2024, 5, 2, 10, 0, 0, 0, time.UTC)
	html := func(id, uri string, at time.Time, concurrent ...string) *Scanned {
		return &Scanned{
			Entry:   Entry{Type: "response", ID: id, URI: uri, Date: at, Status: 200, ContentType: "text/html", ConcurrentTo: concurrent},
			Payload: &Payload{Status: 200, Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte("<p>" + id + "</p>")},
		}
	}
	request := func(id, uri string, concurrent ...string) *Scanned {
		return &Scanned{Entry: Entry{Type: "request", ID: id, URI: uri, ConcurrentTo: concurrent,
			Request: &Request{Method: "GET", URL: uri, Header: http.Header{"User-Agent": {id}}}}}
	}
	st := NewStream(func(u string) string { return u }, func(string) bool { return true })
	var streamed []Capture
	add := func(s *Scanned) {
		t.Helper()
		if s.Payload != nil && !st.Wants(&s.Entry) {
			s.Payload = nil // Scan reads only the payloads Wants asks for
		}
		streamed = append(streamed, st.Add(0, s)...)
	}
	// wget: the request first, named by the response.
	add(request("q1", "https://x.org/a"))
	add(html("r1", "https://x.org/a", t0, "q1"))
	// Heritrix: the request after the response, naming it; ingest's
	// metadata record after that.
	add(html("r2", "https://x.org/b", t0))
	add(request("q2", "https://x.org/b", "r2"))
	add(&Scanned{Entry: Entry{Type: "metadata", RefersTo: "r2", Fields: Fields{{"ingest-alias", "https://x.org/?p=2"}}}})
	// A redirect to a page that already streamed.
	add(&Scanned{Entry: Entry{Type: "response", ID: "r3", URI: "https://x.org/old-a", Date: t0, Status: 301, Location: "/a"}})
	// A revisit of a response not read yet, then that response.
	add(&Scanned{Entry: Entry{Type: "revisit", ID: "v1", URI: "https://x.org/c", Date: t0.Add(time.Hour), RefersTo: "r4", Status: 304}})
	add(html("r4", "https://x.org/c", t0))
	// A capture of /a dated before the one that streamed.
	add(html("r5", "https://x.org/a", t0.Add(-time.Hour)))
	streamed = append(streamed, st.Flush()...)

	var urls []string
	for _, c := range streamed {
		urls = append(urls, c.URL)
		if c.Payload == nil {
			t.Errorf("%s streamed without its payload", c.URL)
		}
	}
	if !slices.Equal(urls, []string{"https://x.org/a", "https://x.org/b", "https://x.org/c"}) {
		t.Fatalf("streamed %v", urls)
	}
	if q := streamed[0].Request; q == nil || q.Header.Get("User-Agent") != "q1" {
		t.Errorf("request before its response: %+v", q)
	}
	if q := streamed[1].Request; q == nil || q.Header.Get("User-Agent") != "q2" {
		t.Errorf("request after its response: %+v", q)
	}
	if !slices.Equal(streamed[1].Via, []string{"https://x.org/?p=2"}) {
		t.Errorf("metadata alias: via %v", streamed[1].Via)
	}

	var redone []string
	rest, err := st.Finish(func(c Capture) (bool, []string, error) {
		redone = append(redone, c.URL)
		return true, nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(redone, []string{"https://x.org/a"}) {
		t.Errorf("redone %v, want /a, whose earlier capture came later", redone)
	}
	if len(rest.Rounds) != 2 {
		t.Fatalf("%d rounds: %+v", len(rest.Rounds), rest.Rounds)
	}
	// Round 1: /a's earlier capture (read back by offset), the revisit of
	// /c; round 2: the capture of /a that had streamed, again.
	var first []string
	for _, c := range rest.Rounds[0] {
		first = append(first, c.URL+" "+c.Date.Format("15:04"))
	}
	if !slices.Equal(first, []string{"https://x.org/c 11:00", "https://x.org/a 09:00"}) &&
		!slices.Equal(first, []string{"https://x.org/a 09:00", "https://x.org/c 11:00"}) {
		t.Errorf("round 1: %v", first)
	}
	if r := rest.Rounds[1]; len(r) != 1 || r[0].URL != "https://x.org/a" || !r[0].Date.Equal(t0) ||
		!slices.Contains(r[0].Via, "https://x.org/old-a") {
		t.Errorf("round 2: %+v", r)
	}
	if len(rest.Aliases) != 0 {
		t.Errorf("aliases %v: /a is stored again with its redirect as via", rest.Aliases)
	}
	if st.Redirects != 1 || st.Unresolved != 0 || st.OtherRecords != 3 {
		t.Errorf("counts %+v", st.Counts)
	}
}

// TestStreamLateRedirect: a redirect read after its target streamed
// becomes an alias Finish hands back.
func TestStreamLateRedirect(t *testing.T) {
	t0 := time.Date(2024, 5, 2, 10, 0, 0, 0, time.UTC)
	st := NewStream(func(u string) string { return u }, func(string) bool { return true })
	st.Add(0, &Scanned{Entry: Entry{Type: "response", ID: "r1", URI: "https://x.org/a", Date: t0, Status: 200, ContentType: "text/html"},
		Payload: &Payload{Status: 200}})
	st.Add(0, &Scanned{Entry: Entry{Type: "response", ID: "r2", URI: "https://x.org/old", Date: t0, Status: 302, Location: "https://x.org/a"}})
	st.Flush()
	rest, err := st.Finish(func(Capture) (bool, []string, error) { return false, nil, nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(rest.Rounds) != 0 || !slices.Equal(rest.Aliases["https://x.org/a"], []string{"https://x.org/old"}) {
		t.Errorf("rounds %v, aliases %v", rest.Rounds, rest.Aliases)
	}
}
