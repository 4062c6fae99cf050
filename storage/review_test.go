package storage

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
)

func TestRecordsAfterMergedURLsRuns(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	for i := range 5 {
		mustPut(t, db, PutInput{Record: article("https://example.com/a/"+string(rune('a'+i)), "T", otherEssay(i)), Now: t0.Add(time.Duration(i) * time.Hour)})
	}
	if out := mustPut(t, db, PutInput{Record: article("https://mirror.example.org/a", "T", otherEssay(0)), Now: t0}); out != Merged {
		t.Fatalf("mirror: %v, want merged", out)
	}
	for _, id := range []string{"r1", "r2"} {
		if err := db.SaveRun(ctx, Run{ID: id, Kind: "crawl", Started: t0}); err != nil {
			t.Fatal(err)
		}
	}

	var ids []string
	after := ""
	for {
		n := 0
		last, err := db.RecordsAfter(ctx, after, 2, func(r normalize.Record, changed time.Time) error {
			n++
			ids = append(ids, r.ID)
			if changed.IsZero() {
				t.Errorf("%s: no change stamp", r.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n > 2 {
			t.Fatalf("batch of %d, want at most 2", n)
		}
		if last == "" {
			break
		}
		after = last
	}
	if len(ids) != 5 {
		t.Fatalf("records in batches: %d, want 5", len(ids))
	}
	for i := 1; i < len(ids); i++ {
		if ids[i-1] >= ids[i] {
			t.Errorf("ids out of order: %v", ids)
		}
	}
	stop := errors.New("stop")
	if _, err := db.RecordsAfter(ctx, "", 10, func(normalize.Record, time.Time) error { return stop }); err != stop {
		t.Errorf("error from fn: %v, want it as is", err)
	}

	var merged []MergedURL
	if err := db.MergedURLs(ctx, func(m MergedURL) error { merged = append(merged, m); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(merged) != 1 || merged[0].URL != "https://mirror.example.org/a" || merged[0].Kind != "same" || merged[0].ID == "" {
		t.Errorf("merged = %+v", merged)
	}

	var runs []string
	if err := db.Runs(ctx, func(r Run) error { runs = append(runs, r.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0] != "r1" || runs[1] != "r2" {
		t.Errorf("runs = %v", runs)
	}
}
