package storage

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
)

func TestRecordIDs(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	var want []string
	for i := range 7 {
		u := "https://example.com/a/" + string(rune('a'+i))
		putPage(t, db, u, otherEssay(i), "", "", t0)
		want = append(want, normalize.RecordID(u))
	}
	slices.Sort(want)
	var got []string
	after := ""
	for {
		ids, err := db.RecordIDs(ctx, after, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) == 0 {
			break
		}
		got = append(got, ids...)
		after = ids[len(ids)-1]
	}
	if !slices.Equal(got, want) {
		t.Errorf("RecordIDs in batches = %v, want %v", got, want)
	}
}

func TestRebuild(t *testing.T) {
	ctx := context.Background()
	u := "https://example.com/a/river"
	later := t0.Add(72 * time.Hour)
	tests := []struct {
		name    string
		edit    func(r *normalize.Record)
		want    RebuildOutcome
		rev     int
		changed bool
	}{
		{"same", func(*normalize.Record) {}, RebuildSame, 1, false},
		{"new title", func(r *normalize.Record) { r.Title = "The river, again" }, RebuildRefreshed, 1, true},
		{"new text", func(r *normalize.Record) {
			r.Text = strings.Replace(r.Text, "river", "canal", -1)
			r.Markdown = r.Text
		}, RebuildRevised, 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTestDB(t)
			rec := article(u, "The river", essay)
			rec.Aliases = []string{"https://example.com/old/river"}
			mustPut(t, db, PutInput{Record: rec, Now: t0})
			before, _ := db.Get(ctx, u)

			// What an extraction gives: no id-independent fields set.
			x := article(u, "The river", essay)
			x.ID = before.ID
			tt.edit(&x)
			outs, err := db.Rebuild(ctx, []normalize.Record{x, {ID: "0000000000000000"}}, later)
			if err != nil {
				t.Fatal(err)
			}
			if outs[0] != tt.want || outs[1] != RebuildMissing {
				t.Errorf("outcomes %v, want [%v missing]", outs, tt.want)
			}
			after, _ := db.Get(ctx, u)
			if after.Revision != tt.rev || after.Title != x.Title || after.Text != x.Text {
				t.Errorf("after rebuild: revision %d title %q", after.Revision, after.Title)
			}
			// What visits decide is kept.
			if after.URL != before.URL || !slices.Equal(after.Aliases, before.Aliases) || after.Status != before.Status ||
				after.FirstSeen != before.FirstSeen || after.LastSeen != before.LastSeen {
				t.Errorf("rebuild changed visit fields:\n got %+v\nwant %+v", after, before)
			}
			hist, _ := db.History(ctx, u)
			if len(hist) != tt.rev || (tt.rev == 2 && hist[0].Text != essay) {
				t.Errorf("history has %d versions", len(hist))
			}
			c, _ := db.ChangedAt(ctx, u)
			if c.Equal(later) != tt.changed {
				t.Errorf("changed_at %s, changed %v", c, tt.changed)
			}
			if tt.want == RebuildRevised {
				// The content hash index follows the new text.
				got, err := db.Get(ctx, after.ID)
				if err != nil || got.ContentHash != normalize.ContentHash(x.Text) {
					t.Errorf("content hash %s", got.ContentHash)
				}
			}
		})
	}
}

func TestRebuildKeepsTombstone(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	u := "https://example.com/a/river"
	mustPut(t, db, PutInput{Record: article(u, "The river", essay), Now: t0})
	if err := db.MarkGone(ctx, u, t0); err != nil {
		t.Fatal(err)
	}
	r, _ := db.Get(ctx, u)
	x := article(u, "Renamed", essay)
	x.ID = r.ID
	if _, err := db.Rebuild(ctx, []normalize.Record{x}, t0); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Get(ctx, u); got.Status != normalize.StatusGone || got.Title != "Renamed" {
		t.Errorf("after rebuild: status %s title %q", got.Status, got.Title)
	}
}

func TestDiff(t *testing.T) {
	a := article("https://example.com/a/x", "Old title", "First paragraph.\n\nSecond paragraph.\n\nThird paragraph.")
	a.Revision, a.LastSeen = 1, "2024-03-01T12:00:00Z"
	b := a
	b.Title = "New title"
	b.Markdown = "First paragraph.\n\nSecond paragraph, edited.\n\nThird paragraph."
	b.Revision, b.LastSeen = 2, "2024-03-05T12:00:00Z"

	got := Diff(a, b)
	for _, want := range []string{
		"--- revision 1\t2024-03-01T12:00:00Z\n",
		"+++ revision 2\t2024-03-05T12:00:00Z\n",
		"-Title: Old title\n",
		"+Title: New title\n",
		"-Second paragraph.\n",
		"+Second paragraph, edited.\n",
		" Third paragraph.\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diff lacks %q:\n%s", want, got)
		}
	}
	if d := Diff(a, a); d != "" {
		t.Errorf("diff of a version with itself: %q", d)
	}
}
