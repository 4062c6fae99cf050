package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ingest-archive/ingest/normalize"
	bolt "go.etcd.io/bbolt"
)

func TestRawPage(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	body := []byte(strings.Repeat("<p>The river, again.</p>\n", 400))
	raw := Raw{
		Body:      body,
		Header:    http.Header{"Etag": {`"v1"`}, "Last-Modified": {"Wed, 13 Sep 2023 10:00:00 GMT"}, "Content-Type": {"text/html; charset=windows-1251"}},
		Status:    200,
		FetchedAt: t0,
	}
	rec := article("https://example.com/a/x/", "T", essay)
	mustPut(t, db, PutInput{Record: rec, Raw: raw, Now: t0})
	copyRaw := raw
	copyRaw.Body = []byte("<p>mirror</p>")
	mustPut(t, db, PutInput{Record: article("https://mirror.example.org/x", "T", essay), Raw: copyRaw, Now: t0})

	for _, key := range []string{"https://example.com/a/x/", "https://example.com/a/x", normalize.RecordID("https://example.com/a/x/")} {
		p, err := db.RawPage(ctx, key)
		if err != nil {
			t.Fatalf("raw page %s: %v", key, err)
		}
		if !bytes.Equal(p.Body, body) || p.Status != 200 || !p.FetchedAt.Equal(t0) || p.ETag != `"v1"` ||
			p.LastModified != "Wed, 13 Sep 2023 10:00:00 GMT" || p.Header.Get("Content-Type") != "text/html; charset=windows-1251" ||
			p.URL != "https://example.com/a/x/" {
			t.Errorf("raw page %s: %+v", key, p.Raw)
		}
	}
	p, err := db.RawPage(ctx, "https://mirror.example.org/x")
	if err != nil || string(p.Body) != "<p>mirror</p>" {
		t.Errorf("merged page keeps its own raw page: %q %v", p.Body, err)
	}
	// Stored compressed.
	_ = db.bolt.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketPages).Get([]byte("https://example.com/a/x/"))
		if len(v) == 0 || len(v) > len(body)/5 {
			t.Errorf("stored page is %d bytes for a %d-byte body", len(v), len(body))
		}
		return nil
	})
	if _, err := db.RawPage(ctx, "https://example.com/none"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing page: %v", err)
	}
}

func TestRecordsOrderAndErrors(t *testing.T) {
	db := openTestDB(t)
	for i := range 30 {
		mustPut(t, db, PutInput{Record: article(fmt.Sprintf("https://example.com/p/%d", i), "T", otherEssay(i)), Now: t0})
	}
	var ids []string
	if err := db.Records(context.Background(), func(r normalize.Record) error {
		ids = append(ids, r.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(ids) != 30 {
		t.Fatalf("%d records", len(ids))
	}
	for i := 1; i < len(ids); i++ {
		if ids[i-1] >= ids[i] {
			t.Fatalf("not in id order: %s then %s", ids[i-1], ids[i])
		}
	}
	stop := errors.New("stop")
	n := 0
	err := db.Records(context.Background(), func(normalize.Record) error {
		n++
		if n == 5 {
			return stop
		}
		return nil
	})
	if err != stop || n != 5 {
		t.Errorf("fn error: %v after %d", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := db.Records(ctx, func(normalize.Record) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v", err)
	}
}

func TestRuns(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	if _, ok, err := db.LastRun(ctx); ok || err != nil {
		t.Fatalf("empty archive: ok %v err %v", ok, err)
	}
	runs := []Run{
		{ID: "crawl-2", Kind: "crawl", Started: t0.Add(2 * 3600e9), Finished: t0.Add(3 * 3600e9), Summary: json.RawMessage(`{"stored":3}`)},
		{ID: "crawl-1", Kind: "crawl", Started: t0, Finished: t0.Add(3600e9), Summary: json.RawMessage(`{"stored":1}`)},
	}
	for _, r := range runs {
		if err := db.SaveRun(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	last, ok, err := db.LastRun(ctx)
	if err != nil || !ok || last.ID != "crawl-2" || string(last.Summary) != `{"stored":3}` || !last.Finished.Equal(runs[0].Finished) {
		t.Errorf("last run %+v %v %v", last, ok, err)
	}
	if err := db.SaveRun(ctx, Run{ID: "bad", Summary: json.RawMessage(`{`)}); err == nil {
		t.Error("invalid summary accepted")
	}
	if err := db.SaveRun(ctx, Run{}); err == nil {
		t.Error("empty id accepted")
	}
}

func TestStats(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	mustPut(t, db, PutInput{Record: article("https://example.com/a/1", "T", essay), Now: t0})
	mustPut(t, db, PutInput{Record: article("https://example.com/a/1/", "T", essay+" Edited."), Now: t0})
	mustPut(t, db, PutInput{Record: article("https://mirror.example.org/1", "T", essay+" Edited."), Now: t0})
	mustPut(t, db, PutInput{Record: article("https://other.example.net:8080/b", "T", otherEssay(1)), Raw: Raw{Body: []byte("x"), Status: 200}, Now: t0})
	if err := db.MarkGone(ctx, "https://other.example.net:8080/b", t0); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveRun(ctx, Run{ID: "r1", Started: t0}); err != nil {
		t.Fatal(err)
	}
	s, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{
		Records:   2,
		ByStatus:  map[string]int{"live": 1, "gone": 1},
		BySite:    map[string]int{"example.com": 1, "other.example.net:8080": 1},
		Revisions: 1,
		Aliases:   2,
		Merged:    1,
		Pages:     1,
		Runs:      1,
	}
	got, _ := json.Marshal(s)
	wantJSON, _ := json.Marshal(want)
	if string(got) != string(wantJSON) {
		t.Errorf("stats\n got %s\nwant %s", got, wantJSON)
	}
}

func TestRecordsCallbackPanicIsRaisedAgain(t *testing.T) {
	db := openTestDB(t)
	mustPut(t, db, PutInput{Record: article("https://example.com/a/1", "T", essay), Now: t0})
	defer func() {
		if v := recover(); v != "boom" {
			t.Errorf("recovered %v, want the callback's panic", v)
		}
	}()
	_ = db.Records(context.Background(), func(normalize.Record) error { panic("boom") })
	t.Error("no panic")
}
