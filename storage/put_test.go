package storage

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ingest-archive/ingest/normalize"
)

func TestPutNewRecord(t *testing.T) {
	db := openTestDB(t)
	rec := article("https://example.com/a/river?utm_source=x", "The river", essay)
	rec.Aliases = []string{
		"https://example.com/a/river/print", "https://example.com/a/river",
		"https://EXAMPLE.com/a/river/print", "not a url",
	}
	if out := mustPut(t, db, PutInput{Record: rec, Now: t0}); out != Stored {
		t.Fatalf("outcome %v, want stored", out)
	}
	got, err := db.Get(context.Background(), "https://example.com/a/river")
	if err != nil {
		t.Fatal(err)
	}
	want := rec
	want.URL = "https://example.com/a/river"
	want.ID = normalize.RecordID(want.URL)
	want.Aliases = []string{"https://example.com/a/river/print"}
	want.ContentHash = normalize.ContentHash(essay)
	want.Status = normalize.StatusLive
	want.Revision = 1
	want.FirstSeen = "2024-03-01T12:00:00Z"
	want.LastSeen = "2024-03-01T12:00:00Z"
	want.Tags = []string{}
	if !recordsEqual(got, want) {
		t.Errorf("stored record\n got %+v\nwant %+v", got, want)
	}
}

func TestPutBadRecord(t *testing.T) {
	db := openTestDB(t)
	for _, u := range []string{"", "/relative", "ftp://x/y", "http://"} {
		_, err := db.Put(context.Background(), PutInput{Record: article(u, "t", essay)})
		if !errors.Is(err, ErrInvalidRecord) {
			t.Errorf("put %q: %v, want ErrInvalidRecord", u, err)
		}
	}
}

// step is one Put in a dedup scenario and the outcome it must have.
type step struct {
	url     string
	aliases []string
	text    string
	want    Outcome
}

func TestPutDedup(t *testing.T) {
	oneWord := strings.Replace(essay, "nostalgia", "sentiment", 1)
	if oneWord == essay {
		t.Fatal("fixture: word not found")
	}
	short := "Subscribe to read the full article."
	tests := []struct {
		name    string
		steps   []step
		records int
		// lookups maps a URL to the URL of the record it must resolve to.
		lookups map[string]string
		aliases []string // aliases of the first record at the end
	}{
		{
			name: "declared alias resolves to the record",
			steps: []step{
				{url: "https://example.com/a/x", text: essay, want: Stored},
				{url: "https://example.com/new/x", aliases: []string{"https://example.com/a/x"}, text: essay, want: Unchanged},
			},
			records: 1,
			lookups: map[string]string{"https://example.com/new/x": "https://example.com/a/x"},
			aliases: []string{"https://example.com/new/x"},
		},
		{
			name: "same body under another URL is merged",
			steps: []step{
				{url: "https://example.com/a/x", text: essay, want: Stored},
				{url: "https://mirror.example.org/copy", text: "  " + strings.ReplaceAll(essay, "\n", " ") + " ", want: Merged},
				{url: "https://mirror.example.org/copy", text: essay, want: Unchanged},
			},
			records: 1,
			lookups: map[string]string{"https://mirror.example.org/copy": "https://example.com/a/x"},
			aliases: []string{"https://mirror.example.org/copy"},
		},
		{
			name: "near duplicate with one word changed is merged",
			steps: []step{
				{url: "https://example.com/a/x", text: essay, want: Stored},
				{url: "https://example.com/amp/x", text: oneWord, want: Merged},
			},
			records: 1,
			lookups: map[string]string{"https://example.com/amp/x": "https://example.com/a/x"},
			aliases: []string{"https://example.com/amp/x"},
		},
		{
			name: "trailing slash variants are one record",
			steps: []step{
				{url: "https://example.com/a/x", text: essay, want: Stored},
				{url: "https://example.com/a/x/", text: essay, want: Unchanged},
				{url: "https://example.com/a/x/", text: oneWord + " more", want: Updated},
			},
			records: 1,
			lookups: map[string]string{
				"https://example.com/a/x/":             "https://example.com/a/x",
				"https://example.com/a/x?utm_medium=a": "https://example.com/a/x",
			},
			aliases: []string{"https://example.com/a/x/"},
		},
		{
			name: "short identical bodies stay apart",
			steps: []step{
				{url: "https://example.com/a/x", text: short, want: Stored},
				{url: "https://example.com/a/y", text: short, want: Stored},
			},
			records: 2,
			aliases: []string{},
		},
		{
			name: "different articles stay apart",
			steps: []step{
				{url: "https://example.com/a/x", text: essay, want: Stored},
				{url: "https://example.com/a/y", text: otherEssay(1), want: Stored},
				{url: "https://example.com/a/z", text: otherEssay(2), want: Stored},
			},
			records: 3,
			aliases: []string{},
		},
		{
			name: "merged copy that diverges becomes its own record",
			steps: []step{
				{url: "https://example.com/a/x", text: essay, want: Stored},
				{url: "https://example.com/copy", text: essay, want: Merged},
				{url: "https://example.com/copy", text: otherEssay(3), want: Stored},
			},
			records: 2,
			lookups: map[string]string{"https://example.com/copy": "https://example.com/copy"},
			aliases: []string{},
		},
		{
			name: "merged copy declared by the page becomes a plain alias",
			steps: []step{
				{url: "https://example.com/a/x", text: essay, want: Stored},
				{url: "https://example.com/print/x", text: essay, want: Merged},
				{url: "https://example.com/a/x", aliases: []string{"https://example.com/print/x"}, text: otherEssay(4), want: Updated},
				{url: "https://example.com/print/x", text: otherEssay(4), want: Unchanged},
			},
			records: 1,
			lookups: map[string]string{"https://example.com/print/x": "https://example.com/a/x"},
			aliases: []string{"https://example.com/print/x"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTestDB(t)
			for i, s := range tt.steps {
				rec := article(s.url, "Title", s.text)
				rec.Aliases = s.aliases
				if got := mustPut(t, db, PutInput{Record: rec, Now: t0}); got != s.want {
					t.Fatalf("step %d (%s): outcome %v, want %v", i, s.url, got, s.want)
				}
			}
			if n := countRecords(t, db); n != tt.records {
				t.Errorf("%d records, want %d", n, tt.records)
			}
			for from, to := range tt.lookups {
				r, err := db.Get(context.Background(), from)
				if err != nil {
					t.Errorf("get %s: %v", from, err)
					continue
				}
				if r.URL != to {
					t.Errorf("get %s: record %s, want %s", from, r.URL, to)
				}
			}
			first, err := db.Get(context.Background(), tt.steps[0].url)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(first.Aliases, tt.aliases) {
				t.Errorf("aliases %q, want %q", first.Aliases, tt.aliases)
			}
		})
	}
}

func TestNearDuplicateDistance(t *testing.T) {
	a := simhash(words(essay))
	b := simhash(words(strings.Replace(essay, "nostalgia", "sentiment", 1)))
	if d := hamming(a, b); d > nearDistance {
		t.Errorf("one word changed: distance %d > %d", d, nearDistance)
	}
	for i := range 20 {
		if d := hamming(a, simhash(words(otherEssay(i)))); d <= nearDistance {
			t.Errorf("unrelated text %d: distance %d", i, d)
		}
	}
}

func TestPutRevisions(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	url := "https://example.com/a/x"
	texts := []string{essay, essay + " Update: the council replied.", otherEssay(7)}
	for i, text := range texts {
		want := Updated
		if i == 0 {
			want = Stored
		}
		now := t0.AddDate(0, 0, i)
		if got := mustPut(t, db, PutInput{Record: article(url, "Title", text), Now: now}); got != want {
			t.Fatalf("version %d: outcome %v, want %v", i+1, got, want)
		}
	}
	// The same content again: unchanged, but seen later and with new metadata.
	rec := article(url, "Better title", otherEssay(7))
	if got := mustPut(t, db, PutInput{Record: rec, Now: t0.AddDate(0, 1, 0)}); got != Unchanged {
		t.Fatalf("repeat: outcome %v, want unchanged", got)
	}

	cur, err := db.Get(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if cur.Revision != 3 || cur.Title != "Better title" || cur.FirstSeen != "2024-03-01T12:00:00Z" ||
		cur.LastSeen != "2024-04-01T12:00:00Z" || cur.Text != otherEssay(7) {
		t.Errorf("current: rev %d title %q first %s last %s", cur.Revision, cur.Title, cur.FirstSeen, cur.LastSeen)
	}
	hist, err := db.History(ctx, cur.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 3 {
		t.Fatalf("history has %d versions, want 3", len(hist))
	}
	for i, r := range hist {
		if r.Revision != i+1 || r.Text != texts[i] || r.ID != cur.ID {
			t.Errorf("version %d: revision %d, text %.20q", i, r.Revision, r.Text)
		}
	}
	if hist[1].LastSeen != "2024-03-02T12:00:00Z" {
		t.Errorf("revision 2 last_seen %s", hist[1].LastSeen)
	}
	// The content hash index follows the current version only.
	other := article("https://example.com/b/old", "Old copy", essay)
	if got := mustPut(t, db, PutInput{Record: other, Now: t0}); got != Stored {
		t.Errorf("old text under a new URL: %v, want stored", got)
	}
	if _, err := db.History(ctx, "https://nowhere.example/"); !errors.Is(err, ErrNotFound) {
		t.Errorf("history of unknown: %v", err)
	}
}

func TestMarkGone(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	url := "https://example.com/a/x"
	mustPut(t, db, PutInput{Record: article(url, "T", essay), Now: t0})
	if err := db.MarkGone(ctx, url, t0.AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	r, _ := db.Get(ctx, url)
	if r.Status != normalize.StatusGone || r.LastSeen != "2024-03-02T12:00:00Z" || r.Revision != 1 {
		t.Errorf("after MarkGone: %s %s rev %d", r.Status, r.LastSeen, r.Revision)
	}
	if got := mustPut(t, db, PutInput{Record: article(url, "T", essay), Now: t0.AddDate(0, 0, 2)}); got != Unchanged {
		t.Errorf("back again: %v", got)
	}
	r, _ = db.Get(ctx, url)
	if r.Status != normalize.StatusLive {
		t.Errorf("status after return: %s", r.Status)
	}
	if err := db.MarkGone(ctx, "https://example.com/unknown", t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown: %v", err)
	}
}

func TestPutConcurrent(t *testing.T) {
	db := openTestDB(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 10 {
				rec := article("https://example.com/a/"+string(rune('a'+i))+"/"+string(rune('a'+j)), "T", otherEssay(i*10+j))
				if _, err := db.Put(context.Background(), PutInput{Record: rec, Now: t0}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if n := countRecords(t, db); n != 80 {
		t.Errorf("%d records, want 80", n)
	}
}

func TestGetNotFound(t *testing.T) {
	db := openTestDB(t)
	for _, key := range []string{"", "0123456789abcdef", "https://example.com/none", "::"} {
		if _, err := db.Get(context.Background(), key); !errors.Is(err, ErrNotFound) {
			t.Errorf("get %q: %v, want ErrNotFound", key, err)
		}
	}
}

func recordsEqual(a, b normalize.Record) bool {
	return a.ID == b.ID && a.URL == b.URL && slices.Equal(a.Aliases, b.Aliases) && a.Title == b.Title &&
		slices.Equal(a.Authors, b.Authors) && a.Published == b.Published && a.Modified == b.Modified &&
		a.Lang == b.Lang && a.SiteName == b.SiteName && a.Description == b.Description &&
		slices.Equal(a.Tags, b.Tags) && a.Markdown == b.Markdown && a.Text == b.Text &&
		a.ContentHash == b.ContentHash && a.Status == b.Status && a.Revision == b.Revision &&
		a.FirstSeen == b.FirstSeen && a.LastSeen == b.LastSeen
}
