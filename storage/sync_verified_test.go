package storage

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// TestLastVerified checks what tells a sync when an article was last
// confirmed: the fetch of its raw page, moved on by a 304 (Seen) but not
// by a 404, which adds a strike instead.
func TestLastVerified(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	u := "https://example.com/a/river"
	fetched := t0.Add(1500 * time.Millisecond) // the raw page keeps nanoseconds
	mustPut(t, db, PutInput{
		Record: article(u, "River", essay),
		Raw:    Raw{Body: []byte("<html>river</html>"), Status: 200, Header: http.Header{"Etag": {`"e1"`}}, FetchedAt: fetched},
		Now:    fetched,
	})
	check := func(step string, wantFetched, wantVerified time.Time, wantStrikes int) {
		t.Helper()
		v, ok, err := db.LastVerified(ctx, u)
		if err != nil || !ok {
			t.Fatalf("%s: LastVerified = %v, %v", step, ok, err)
		}
		if !v.Fetched.Equal(wantFetched) || !v.Verified.Equal(wantVerified) || v.Strikes != wantStrikes {
			t.Errorf("%s: %+v; want fetched %s, verified %s, %d strikes", step, v, wantFetched, wantVerified, wantStrikes)
		}
	}
	// last_seen has whole seconds; the page's fetch time is the later one.
	check("after the fetch", fetched, fetched, 0)

	seen := t0.Add(10 * 24 * time.Hour)
	if err := db.Seen(ctx, u, seen); err != nil {
		t.Fatal(err)
	}
	check("after a 304", fetched, seen, 0)

	if _, _, err := db.NotFound(ctx, u, seen.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	check("after a 404", fetched, seen, 1)

	refetched := seen.Add(48 * time.Hour)
	mustPut(t, db, PutInput{
		Record: article(u, "River", essay+" A correction was added."),
		Raw:    Raw{Body: []byte("<html>river 2</html>"), Status: 200, FetchedAt: refetched},
		Now:    refetched,
	})
	check("after a 200", refetched, refetched, 0)

	// A record without a stored page: only last_seen tells.
	bare := "https://example.com/a/bare"
	mustPut(t, db, PutInput{Record: article(bare, "Bare", "A short note."), Now: t0})
	if v, ok, err := db.LastVerified(ctx, bare); err != nil || !ok || !v.Fetched.IsZero() || !v.Verified.Equal(t0) {
		t.Errorf("record without a page: %+v, %v, %v; want verified %s only", v, ok, err, t0)
	}

	for _, other := range []string{"https://example.com/nowhere", u + "/"} {
		if _, ok, err := db.LastVerified(ctx, other); err != nil || ok {
			t.Errorf("LastVerified(%s) = %v, %v; want not known", other, ok, err)
		}
	}
}
