package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	bolt "go.etcd.io/bbolt"
)

// openTestDB opens a fresh archive in t.TempDir() and, on cleanup, checks
// the file's consistency with tx.Check before closing it.
func openTestDB(t testing.TB) *DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "archive.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() {
		checkDB(t, db)
		if err := db.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return db
}

// checkDB runs bbolt's consistency check over the whole file.
func checkDB(t testing.TB, db *DB) {
	t.Helper()
	err := db.bolt.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			t.Errorf("tx.Check: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Errorf("check: %v", err)
	}
}

var t0 = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

// essay is a commentary body long enough for content dedup.
const essay = `Every city that grew up around a river eventually forgets the river.
The warehouses that once lined the banks become offices, then flats, and the
water turns into a view rather than a road. Our town is no exception, but the
council's new plan for the eastern embankment asks a question worth taking
seriously: what would it mean to use the river again? The proposal is modest on
paper. Two landing stages, a towpath repaired for cyclists, and a small grant for
anyone willing to run a ferry between the market and the old mill. Critics call
it nostalgia dressed up as transport policy, and they have a point about the
numbers. A ferry that carries forty people an hour will not empty the bridge at
rush hour. Yet the objection misses what the plan is for. It is less a traffic
scheme than an invitation to look at the town from the water, where its shape
makes sense again. The mill, the brewery and the customs house were built to face
the river because the river was how goods and people arrived. Turn them around
and the streets behind them read like the back of a stage set. Residents who
remember the last cargo barges say the quays were noisy, dirty and alive until
late in the evening. Nobody wants the dirt back. But a little of the noise, and
a reason to walk down to the water after work, would cost less than the car park
the council approved last spring without any debate at all.`

func article(url, title, text string) normalize.Record {
	return normalize.Record{
		URL:       url,
		Title:     title,
		Authors:   []string{"Anna Petrova"},
		Published: "2023-09-14",
		Lang:      "en",
		SiteName:  "Riverside Review",
		Markdown:  text,
		Text:      text,
	}
}

func mustPut(t testing.TB, db *DB, in PutInput) Outcome {
	t.Helper()
	out, err := db.Put(context.Background(), in)
	if err != nil {
		t.Fatalf("put %s: %v", in.Record.URL, err)
	}
	return out
}

func countRecords(t testing.TB, db *DB) int {
	t.Helper()
	n := 0
	if err := db.Records(context.Background(), func(normalize.Record) error { n++; return nil }); err != nil {
		t.Fatalf("records: %v", err)
	}
	return n
}

// otherEssay returns a different text of similar length, numbered n.
func otherEssay(n int) string {
	var b strings.Builder
	for i := range 60 {
		fmt.Fprintf(&b, "point %d of essay %d argues item%d%d ", i, n, n, i)
	}
	return b.String()
}
