package storage

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	bolt "go.etcd.io/bbolt"
)

// TestCommitStoresABatchInOneTransaction commits many articles and other
// pages at once and reads every one back.
func TestCommitStoresABatchInOneTransaction(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	var ws []*Write
	for i := range 50 {
		u := fmt.Sprintf("https://example.org/a/%d", i)
		w, err := PreparePut(PutInput{Record: article(u, fmt.Sprint("Essay ", i), otherEssay(i)), Raw: Raw{Body: []byte("<p>x</p>"), Status: 200}, Now: t0})
		if err != nil {
			t.Fatal(err)
		}
		ws = append(ws, w)
	}
	other, err := PrepareOther("https://example.org/list/", Raw{Body: []byte("<ul></ul>"), Status: 200}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ws = append(ws, other)
	// The same text again at another URL: merged into the first, within
	// the same transaction.
	dup, err := PreparePut(PutInput{Record: article("https://example.org/copy", "Essay 0", otherEssay(0)), Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	ws = append(ws, dup)

	outs, errs, err := db.Commit(ctx, ws)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range errs {
		if e != nil {
			t.Errorf("write %d: %v", i, e)
		}
	}
	for i := range 50 {
		if outs[i] != Stored {
			t.Errorf("write %d: %v, want stored", i, outs[i])
		}
	}
	if outs[50] != 0 || outs[51] != Merged {
		t.Errorf("other page %v, duplicate %v; want 0 and merged", outs[50], outs[51])
	}
	if n := countRecords(t, db); n != 50 {
		t.Errorf("%d records, want 50", n)
	}
	if _, err := db.OwnPage(ctx, "https://example.org/list/"); err != nil {
		t.Errorf("other page: %v", err)
	}
}

// TestCommitKeepsTheBatchWhenOneWriteFails damages the stored record one
// write of a batch updates: that write fails, and every other write of the
// batch is committed.
func TestCommitKeepsTheBatchWhenOneWriteFails(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	bad := "https://example.org/damaged"
	mustPut(t, db, PutInput{Record: article(bad, "Damaged", otherEssay(99)), Now: t0})
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketRecords).Put([]byte(normalize.RecordID(bad)), []byte("not a record"))
	})
	if err != nil {
		t.Fatal(err)
	}

	var ws []*Write
	for i := range 10 {
		u := fmt.Sprintf("https://example.org/a/%d", i)
		if i == 4 {
			u = bad
		}
		w, err := PreparePut(PutInput{Record: article(u, fmt.Sprint("Essay ", i), otherEssay(i)), Now: t0})
		if err != nil {
			t.Fatal(err)
		}
		ws = append(ws, w)
	}
	outs, errs, err := db.Commit(ctx, ws)
	if err != nil {
		t.Fatalf("commit: %v", err)
	}
	for i := range ws {
		switch {
		case i == 4 && !errors.Is(errs[i], ErrCorrupt):
			t.Errorf("write to the damaged record: %v, want ErrCorrupt", errs[i])
		case i != 4 && (errs[i] != nil || outs[i] != Stored):
			t.Errorf("write %d: %v %v, want stored", i, outs[i], errs[i])
		}
	}
	for i := range 10 {
		if i == 4 {
			continue
		}
		u := fmt.Sprintf("https://example.org/a/%d", i)
		if _, err := db.Get(ctx, u); err != nil {
			t.Errorf("get %s: %v", u, err)
		}
	}
}

// TestCommitOnAReadOnlyArchiveStoresNothing: a failure of the transaction
// itself is every write's error.
func TestCommitOnAReadOnlyArchiveStoresNothing(t *testing.T) {
	db := openTestDB(t)
	w, err := PreparePut(PutInput{Record: article("https://example.org/a", "A", essay), Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	db.readOnly = true
	defer func() { db.readOnly = false }()
	_, errs, err := db.Commit(context.Background(), []*Write{w})
	if !errors.Is(err, ErrReadOnly) || !errors.Is(errs[0], ErrReadOnly) {
		t.Fatalf("commit: %v, %v; want ErrReadOnly", err, errs[0])
	}
}

// TestCommitFrontierWritesBothOrNeither: the frontier's pending changes
// are written in the transaction that stores the pages, and stay pending
// when it fails.
func TestCommitFrontierWritesBothOrNeither(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	f, err := db.OpenFrontier(ctx, []string{"https://example.org/"}, FrontierOptions{Batched: true, CommitInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Add(ctx, FrontierEntry{URL: "https://example.org/"}, FrontierEntry{URL: "https://example.org/a"}); err != nil {
		t.Fatal(err)
	}
	if err := f.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	e, ok, err := f.Next(ctx, time.Now())
	if err != nil || !ok {
		t.Fatalf("next: %v %v", ok, err)
	}
	if err := f.Done(ctx, e.URL); err != nil {
		t.Fatal(err)
	}
	onDisk := func(u string) FrontierState {
		var st FrontierState
		err := db.view(ctx, func(tx *bolt.Tx) error {
			b, err := f.bucket(tx)
			if err != nil {
				return err
			}
			if v := b.Bucket(frontierURLs).Get([]byte(u)); v != nil {
				it, err := decodeFrontierItem(u, v)
				st = it.state
				return err
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	w, err := PreparePut(PutInput{Record: article("https://example.org/a", "A", essay), Now: t0})
	if err != nil {
		t.Fatal(err)
	}

	db.readOnly = true
	if _, _, err := db.CommitFrontier(ctx, []*Write{w}, f); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("commit on a read-only archive: %v", err)
	}
	db.readOnly = false
	if st := onDisk(e.URL); st != FrontierQueued {
		t.Fatalf("%s is %v on disk after a failed commit; want queued", e.URL, st)
	}
	if _, st, _, _, _ := f.Lookup(ctx, e.URL); st != FrontierDone {
		t.Fatalf("%s is %v after a failed commit; want done, still pending", e.URL, st)
	}

	if _, errs, err := db.CommitFrontier(ctx, []*Write{w}, f); err != nil || errs[0] != nil {
		t.Fatalf("commit: %v %v", err, errs[0])
	}
	if st := onDisk(e.URL); st != FrontierDone {
		t.Fatalf("%s is %v on disk after the commit; want done", e.URL, st)
	}
	if n := countRecords(t, db); n != 1 {
		t.Fatalf("%d records; want 1", n)
	}
	if len(f.pending) != 0 || f.staged != nil {
		t.Errorf("%d changes pending, staged %v; want none", len(f.pending), f.staged)
	}
}

// TestNearestReadsOldBandEntries: band entries carry the fingerprint, and
// ones written before they did (empty values) are still matched.
func TestNearestReadsOldBandEntries(t *testing.T) {
	db := openTestDB(t)
	const fp = uint64(0x0123456789abcdef)
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSimhash)
		if err := indexSimhash(b, "new", fp); err != nil {
			return err
		}
		if v := b.Get(bandKey(0, band(fp, 0), "new")); len(v) != 8 {
			t.Errorf("band entry holds %d bytes; want the 8-byte fingerprint", len(v))
		}
		// An entry as older archives wrote it, two bits away.
		old := fp ^ 0b101
		for i := range simhashBands {
			if err := b.Put(bandKey(i, band(old, i), "old"), nil); err != nil {
				return err
			}
		}
		if err := b.Put(fingerprintKey("old"), binary.BigEndian.AppendUint64(nil, old)); err != nil {
			return err
		}
		if got := nearest(b, old); got != "old" {
			t.Errorf("nearest(old) = %q; want the old-style entry", got)
		}
		if got := nearest(b, fp^0b1000); got != "new" {
			t.Errorf("nearest = %q; want new", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestFrontierSeenSet: URLs the frontier remembers as known are not added
// again, neither from memory nor, once the set was cleared, from disk; a
// removed frontier forgets them.
func TestFrontierSeenSet(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	seeds := []string{"https://example.org/"}
	f, err := db.OpenFrontier(ctx, seeds, FrontierOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e := FrontierEntry{URL: "https://example.org/a"}
	if n, _ := f.Add(ctx, e); n != 1 {
		t.Fatalf("first add: %d; want 1", n)
	}
	if err := f.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := f.Add(ctx, e); n != 0 {
		t.Fatalf("add of a remembered URL: %d; want 0", n)
	}
	clear(f.seen)
	if n, _ := f.Add(ctx, e); n != 0 {
		t.Fatalf("add of a URL on disk: %d; want 0", n)
	}
	if _, ok := f.seen[e.URL]; !ok {
		t.Error("a URL found on disk is not remembered")
	}
	if err := f.Remove(ctx); err != nil {
		t.Fatal(err)
	}
	f, err = db.OpenFrontier(ctx, seeds, FrontierOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := f.Add(ctx, e); n != 1 {
		t.Fatalf("add after Remove: %d; want 1", n)
	}
}
