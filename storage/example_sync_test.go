package storage_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/storage"
)

// A sync asks Known for the validators of a URL, calls Seen when the site
// answers 304, and NotFound when it answers 404: the second 404 in a row
// makes the record a tombstone.
func ExampleDB_NotFound() {
	dir, err := os.MkdirTemp("", "archive")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := storage.Open(filepath.Join(dir, "archive.db"), storage.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	ctx := context.Background()
	day := func(n int) time.Time { return time.Date(2024, 3, n, 12, 0, 0, 0, time.UTC) }
	u := "https://example.com/a/river"
	_, err = db.Put(ctx, storage.PutInput{
		Record: normalize.Record{URL: u, Title: "What the river is for", Text: "Every city forgets its river."},
		Raw:    storage.Raw{Body: []byte("<html>…</html>"), Status: 200, Header: http.Header{"Etag": {`"v1"`}}},
		Now:    day(1),
	})
	if err != nil {
		log.Fatal(err)
	}
	k, _, _ := db.Known(ctx, u)
	fmt.Println("send If-None-Match:", k.ETag)

	_ = db.Seen(ctx, u, day(2)) // 304
	for d := 3; d <= 4; d++ {   // 404 at two syncs in a row
		strikes, gone, _ := db.NotFound(ctx, u, day(d))
		fmt.Println("404 strikes:", strikes, "gone:", gone)
	}
	r, _ := db.Get(ctx, u)
	fmt.Println(r.Status, r.LastSeen)
	// Output:
	// send If-None-Match: "v1"
	// 404 strikes: 1 gone: false
	// 404 strikes: 2 gone: true
	// gone 2024-03-04T12:00:00Z
}

func ExampleDiff() {
	v1 := normalize.Record{Title: "The plan", Markdown: "One.\nTwo.\nThree.\nIt costs four million.", Revision: 1}
	v2 := normalize.Record{Title: "The plan", Markdown: "One.\nTwo.\nThree.\nIt costs five million.", Revision: 2}
	fmt.Print(storage.Diff(v1, v2))
	// Output:
	// --- revision 1
	// +++ revision 2
	// @@ -3,4 +3,4 @@
	//  One.
	//  Two.
	//  Three.
	// -It costs four million.
	// +It costs five million.
}
