package storage

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	bolt "go.etcd.io/bbolt"
)

// TestDamagedFilesNeverPanic damages copies of an archive in many ways and
// uses each one as far as it opens. Errors are expected; panics and hangs
// are not.
func TestDamagedFilesNeverPanic(t *testing.T) {
	dir := t.TempDir()
	good := makeArchive(t, dir, 40)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	pages := len(data) / page
	r := rand.New(rand.NewPCG(7, 11))
	opened := 0
	for i := range 60 {
		bad := append([]byte(nil), data...)
		switch i % 4 {
		case 0: // scattered byte flips
			for range 1 + r.IntN(50) {
				bad[r.IntN(len(bad))] ^= byte(1 + r.IntN(255))
			}
		case 1: // one page overwritten with noise
			p := r.IntN(pages)
			for j := p * page; j < (p+1)*page; j++ {
				bad[j] = byte(r.Uint32())
			}
		case 2: // one page zeroed, not a meta page
			p := 2 + r.IntN(pages-2)
			clear(bad[p*page : (p+1)*page])
		case 3: // page headers garbled
			for p := 2; p < pages; p++ {
				if r.IntN(3) == 0 {
					bad[p*page+r.IntN(16)] ^= 0xff
				}
			}
		}
		path := filepath.Join(dir, "damaged.db")
		if err := os.WriteFile(path, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			db, err := Open(path, Options{ReadOnly: i%2 == 0})
			if errors.Is(err, ErrLocked) {
				// Every earlier case has closed its archive: a lock
				// left behind by a failed open would show here.
				t.Errorf("case %d: %v", i, err)
			}
			if err != nil {
				return
			}
			opened++
			defer db.Close()
			ctx := context.Background()
			_ = db.Records(ctx, func(normalize.Record) error { return nil })
			_, _ = db.Stats(ctx)
			_, _ = db.Get(ctx, "https://example.com/a/3")
			_, _ = db.History(ctx, "https://example.com/a/3")
			_, _ = db.RawPage(ctx, "https://example.com/a/3")
			_, _ = Export(ctx, db, ExportOptions{Format: FormatJSONL, Out: "-", Stdout: io.Discard})
			if !db.ReadOnly() {
				_, _ = db.Put(ctx, PutInput{Record: article("https://example.com/new", "T", essay), Now: t0})
			}
		}()
		select {
		case <-done:
		case <-time.After(60 * time.Second): // generous: fsync is slow on a loaded machine
			t.Fatalf("case %d hangs", i)
		}
	}
	t.Logf("%d of 60 damaged files opened", opened)
}

// TestDamagedPageHeaderRefusedForWriting garbles the overflow count of one
// leaf page, which would make bbolt free billions of page ids on the next
// write: a writable open refuses the file with ErrCorrupt, a read-only one
// still reads it.
func TestDamagedPageHeaderRefusedForWriting(t *testing.T) {
	dir := t.TempDir()
	path := makeArchive(t, dir, 40)
	// A leaf page in use (a freed page's stale header is never read).
	leaf := -1
	db, err := Open(path, Options{}) // writable, so that bbolt loads the freelist
	if err != nil {
		t.Fatal(err)
	}
	_ = db.bolt.View(func(tx *bolt.Tx) error {
		for id := 2; leaf < 0; id++ {
			p, err := tx.Page(id)
			if err != nil || p == nil {
				break
			}
			if p.Type == "leaf" {
				leaf = id
			}
		}
		return nil
	})
	pageSize := db.bolt.Info().PageSize
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if leaf < 0 {
		t.Fatal("no leaf page found")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// A page header: id (8 bytes), flags (2), count (2), overflow (4).
	binary.LittleEndian.PutUint32(data[leaf*pageSize+12:], 0xfffffff0)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Open(path, Options{})
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, ErrCorrupt) {
			t.Fatalf("writable open: %v, want ErrCorrupt", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("writable open of a damaged page header hangs")
	}
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open: %v", err)
	}
	defer ro.Close()
	if _, err := ro.Stats(context.Background()); err != nil {
		t.Logf("stats on the damaged archive: %v", err)
	}
}
