package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	bolt "go.etcd.io/bbolt"
)

// putPage stores an article with a raw page carrying validators.
func putPage(t *testing.T, db *DB, url, text, etag, lastMod string, now time.Time) {
	t.Helper()
	h := http.Header{}
	if etag != "" {
		h.Set("ETag", etag)
	}
	if lastMod != "" {
		h.Set("Last-Modified", lastMod)
	}
	mustPut(t, db, PutInput{
		Record: article(url, "Title of "+url, text),
		Raw:    Raw{Body: []byte("<html>" + text + "</html>"), Header: h, Status: 200, FetchedAt: now},
		Now:    now,
	})
}

func TestKnown(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	const lm = "Tue, 05 Mar 2024 10:00:00 GMT"
	rec := article("https://example.com/a/river", "River", essay)
	rec.Aliases = []string{"https://example.com/old/river"}
	mustPut(t, db, PutInput{Record: rec, Raw: Raw{Body: []byte("x"), Status: 200,
		Header: http.Header{"Etag": {`"e1"`}, "Last-Modified": {lm}}}, Now: t0})
	mustPut(t, db, PutInput{Record: article("https://example.com/copy/river", "Copy", essay), Raw: Raw{Body: []byte("y"), Status: 200}, Now: t0})
	if err := db.SaveSource(ctx, Source{URL: "https://example.com/sitemap.xml", Kind: SourceSitemap, ETag: `"s1"`}, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveSource(ctx, Source{URL: "https://example.com/a/river", Kind: normalize.PageArticle, Seed: true, ETag: `"other"`}, t0); err != nil {
		t.Fatal(err)
	}
	id := normalize.RecordID("https://example.com/a/river")
	tests := []struct {
		url  string
		ok   bool
		want Known
	}{
		{"https://example.com/a/river", true, Known{Record: id, Status: "live", Source: true, ETag: `"e1"`, LastModified: lm}},
		{"https://example.com/sitemap.xml", true, Known{Source: true, ETag: `"s1"`}},
		{"https://example.com/old/river", false, Known{}},  // an alias
		{"https://example.com/copy/river", false, Known{}}, // merged by content
		{"https://example.com/a/river/", false, Known{}},
		{"https://example.com/nowhere", false, Known{}},
	}
	for _, tt := range tests {
		got, ok, err := db.Known(ctx, tt.url)
		if err != nil || ok != tt.ok || got != tt.want {
			t.Errorf("Known(%s) = %+v, %v, %v; want %+v, %v", tt.url, got, ok, err, tt.want, tt.ok)
		}
	}
}

func TestSeenOnlyMovesLastSeen(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	u := "https://example.com/a/river"
	putPage(t, db, u, essay, `"e1"`, "", t0)
	before, _ := db.Get(ctx, u)
	changed, _ := db.ChangedAt(ctx, u)
	later := t0.Add(48 * time.Hour)
	if err := db.Seen(ctx, u, later); err != nil {
		t.Fatal(err)
	}
	after, _ := db.Get(ctx, u)
	if after.LastSeen != timestamp(later) {
		t.Errorf("last_seen %s, want %s", after.LastSeen, timestamp(later))
	}
	after.LastSeen = before.LastSeen
	if !recordsEqual(after, before) {
		t.Errorf("Seen changed more than last_seen:\n got %+v\nwant %+v", after, before)
	}
	if c, _ := db.ChangedAt(ctx, u); !c.Equal(changed) {
		t.Errorf("changed_at moved from %s to %s on a 304", changed, c)
	}
	if err := db.Seen(ctx, "https://example.com/unknown", later); !errors.Is(err, ErrNotFound) {
		t.Errorf("Seen(unknown) = %v, want ErrNotFound", err)
	}

	src := "https://example.com/feed.xml"
	if err := db.SaveSource(ctx, Source{URL: src, Kind: SourceFeed, Depth: 2}, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.Seen(ctx, src, later); err != nil {
		t.Fatal(err)
	}
	var got []Source
	db.Sources(ctx, func(s Source) error { got = append(got, s); return nil })
	if len(got) != 1 || got[0].LastSeen != timestamp(later) || got[0].FirstSeen != timestamp(t0) {
		t.Errorf("sources after Seen: %+v", got)
	}
}

func TestNotFoundStrikes(t *testing.T) {
	ctx := context.Background()
	u := "https://example.com/a/river"
	day := func(n int) time.Time { return t0.Add(time.Duration(n) * 24 * time.Hour) }
	type visit struct {
		kind       string // "404", "put", "seen", "410"
		wantStrike int
		wantStatus string
	}
	tests := []struct {
		name   string
		visits []visit
	}{
		{"two 404s in a row", []visit{{"404", 1, "live"}, {"404", 2, "gone"}}},
		{"once 404 stays live", []visit{{"404", 1, "live"}}},
		{"a 200 in between", []visit{{"404", 1, "live"}, {"put", 0, "live"}, {"404", 1, "live"}}},
		{"a 304 in between", []visit{{"404", 1, "live"}, {"seen", 0, "live"}, {"404", 1, "live"}}},
		{"410 at once", []visit{{"410", 0, "gone"}}},
		{"back after gone", []visit{{"404", 1, "live"}, {"404", 2, "gone"}, {"put", 0, "live"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTestDB(t)
			putPage(t, db, u, essay, "", "", t0)
			for i, v := range tt.visits {
				now := day(i + 1)
				switch v.kind {
				case "404":
					n, gone, err := db.NotFound(ctx, u, now)
					if err != nil {
						t.Fatal(err)
					}
					if n != v.wantStrike || gone != (v.wantStatus == "gone") {
						t.Errorf("visit %d: NotFound = %d, %v", i, n, gone)
					}
				case "put":
					putPage(t, db, u, essay, "", "", now)
				case "seen":
					if err := db.Seen(ctx, u, now); err != nil {
						t.Fatal(err)
					}
				case "410":
					if err := db.MarkGone(ctx, u, now); err != nil {
						t.Fatal(err)
					}
				}
				r, err := db.Get(ctx, u)
				if err != nil {
					t.Fatal(err)
				}
				n, err := db.Strikes(ctx, u)
				if err != nil {
					t.Fatal(err)
				}
				if r.Status != v.wantStatus || (v.wantStatus == "live" && n != v.wantStrike) {
					t.Errorf("visit %d (%s): status %s, strikes %d; want %s, %d", i, v.kind, r.Status, n, v.wantStatus, v.wantStrike)
				}
				if v.wantStatus == "gone" && r.LastSeen != timestamp(now) {
					t.Errorf("visit %d: tombstone last_seen %s, want %s", i, r.LastSeen, timestamp(now))
				}
			}
		})
	}
	db := openTestDB(t)
	if _, _, err := db.NotFound(ctx, u, t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("NotFound(unknown) = %v, want ErrNotFound", err)
	}
}

func TestSaveSource(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	u := "https://Example.com/sitemap.xml#x"
	steps := []Source{
		{URL: u, Kind: SourceSitemap, Seed: true, Depth: 0, ETag: `"a"`},
		{URL: u, Kind: SourceSitemap, Seed: false, Depth: 3, ETag: `"b"`, LastModified: "Wed, 06 Mar 2024 10:00:00 GMT"},
	}
	for i, s := range steps {
		if err := db.SaveSource(ctx, s, t0.Add(time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SaveSource(ctx, Source{URL: "not a url"}, t0); !errors.Is(err, ErrInvalidRecord) {
		t.Errorf("SaveSource(bad url) = %v", err)
	}
	var got []Source
	if err := db.Sources(ctx, func(s Source) error { got = append(got, s); return nil }); err != nil {
		t.Fatal(err)
	}
	want := Source{URL: "https://example.com/sitemap.xml", Kind: SourceSitemap, Seed: true, Depth: 0, ETag: `"b"`,
		LastModified: "Wed, 06 Mar 2024 10:00:00 GMT", FirstSeen: timestamp(t0), LastSeen: timestamp(t0.Add(time.Hour))}
	if len(got) != 1 || got[0] != want {
		t.Errorf("sources = %+v, want %+v", got, want)
	}
}

func TestRevisitURLs(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	putPage(t, db, "https://example.com/a/one", otherEssay(1), "", "", t0)
	putPage(t, db, "https://example.com/a/two", otherEssay(2), "", "", t0)
	putPage(t, db, "https://example.com/a/three", otherEssay(3), "", "", t0)
	if err := db.MarkGone(ctx, "https://example.com/a/two", t0); err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := db.RevisitURLs(ctx, func(u string) error { got = append(got, u); return nil }); err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	if want := []string{"https://example.com/a/one", "https://example.com/a/three"}; !slices.Equal(got, want) {
		t.Errorf("RevisitURLs = %v, want %v", got, want)
	}
}

func TestChangedAt(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	u := "https://example.com/a/river"
	at := func() time.Time {
		t.Helper()
		c, err := db.ChangedAt(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	day := func(n int) time.Time { return t0.Add(time.Duration(n) * 24 * time.Hour) }

	putPage(t, db, u, essay, "", "", day(0))
	if c := at(); !c.Equal(day(0)) {
		t.Errorf("new record: changed %s, want %s", c, day(0))
	}
	putPage(t, db, u, essay, "", "", day(1)) // the same page again
	if c := at(); !c.Equal(day(0)) {
		t.Errorf("unchanged visit moved changed_at to %s", c)
	}
	rec := article(u, "A new title", essay) // metadata only
	mustPut(t, db, PutInput{Record: rec, Now: day(2)})
	if c := at(); !c.Equal(day(2)) {
		t.Errorf("new title: changed %s, want %s", c, day(2))
	}
	putPage(t, db, u, otherEssay(7), "", "", day(3)) // new text
	if c := at(); !c.Equal(day(3)) {
		t.Errorf("new revision: changed %s, want %s", c, day(3))
	}
	if err := db.MarkGone(ctx, u, day(4)); err != nil {
		t.Fatal(err)
	}
	if c := at(); !c.Equal(day(4)) {
		t.Errorf("gone: changed %s, want %s", c, day(4))
	}
	if _, err := db.ChangedAt(ctx, "https://example.com/none"); !errors.Is(err, ErrNotFound) {
		t.Errorf("ChangedAt(unknown) = %v", err)
	}
}

func TestExportChangedSince(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	day := func(n int) time.Time { return t0.Add(time.Duration(n) * 24 * time.Hour) }
	putPage(t, db, "https://example.com/a/old", otherEssay(1), "", "", day(0))
	putPage(t, db, "https://example.com/a/edited", otherEssay(2), "", "", day(0))
	putPage(t, db, "https://example.com/a/seen", otherEssay(3), "", "", day(0))
	putPage(t, db, "https://example.com/a/new", otherEssay(4), "", "", day(5))
	putPage(t, db, "https://example.com/a/edited", otherEssay(5), "", "", day(6))
	putPage(t, db, "https://example.com/a/seen", otherEssay(3), "", "", day(6))
	if err := db.Seen(ctx, "https://example.com/a/old", day(7)); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	res, err := Export(ctx, db, ExportOptions{Format: FormatJSONL, Out: "-", Stdout: &out, ChangedSince: day(5)})
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, r := range decodeJSONL(t, out.Bytes()) {
		urls = append(urls, r.URL)
	}
	slices.Sort(urls)
	if want := []string{"https://example.com/a/edited", "https://example.com/a/new"}; res.Records != 2 || !slices.Equal(urls, want) {
		t.Errorf("changed since day 5: %v (%d), want %v", urls, res.Records, want)
	}
}

func TestMigrateFromSchema1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	putPage(t, db, "https://example.com/a/one", essay, "", "", t0)
	// Make it look like a schema 1 archive.
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketSources, bucketStrikes, bucketChanged} {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(metaSchema, []byte("1"))
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	if _, err := Open(path, Options{ReadOnly: true}); !errors.Is(err, ErrSchemaVersion) {
		t.Fatalf("read-only open of schema 1: %v, want ErrSchemaVersion", err)
	}
	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkDB(t, db)
	c, err := db.ChangedAt(context.Background(), "https://example.com/a/one")
	if err != nil || !c.Equal(t0) {
		t.Errorf("changed_at after migration = %s, %v; want last_seen %s", c, err, t0)
	}
	if err := db.SaveSource(context.Background(), Source{URL: "https://example.com/", Seed: true}, t0); err != nil {
		t.Errorf("sources after migration: %v", err)
	}
}

// decodeJSONL decodes a JSON Lines export.
func decodeJSONL(t *testing.T, b []byte) []normalize.Record {
	t.Helper()
	var out []normalize.Record
	dec := json.NewDecoder(bytes.NewReader(b))
	for dec.More() {
		var r normalize.Record
		if err := dec.Decode(&r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}
