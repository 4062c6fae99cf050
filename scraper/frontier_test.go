package scraper

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func TestMemoryFrontier(t *testing.T) {
	ctx := context.Background()
	f := NewMemoryFrontier()
	now := time.Now()
	mustAdd := func(u string, want bool) {
		t.Helper()
		n, err := f.Add(ctx, Entry{URL: u})
		if got := n == 1; err != nil || got != want {
			t.Fatalf("Add(%s) = %v, %v; want %v", u, got, err, want)
		}
	}
	next := func(at time.Time) (Entry, bool) {
		t.Helper()
		e, ok, err := f.Next(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		return e, ok
	}
	stats := func(want FrontierStats) {
		t.Helper()
		got, err := f.Stats(ctx)
		if err != nil || got != want {
			t.Fatalf("Stats = %+v, %v; want %+v", got, err, want)
		}
	}

	if n, err := f.Add(ctx, Entry{URL: "a"}, Entry{URL: "b"}, Entry{URL: "a"}); n != 2 || err != nil {
		t.Fatalf("Add(a, b, a) = %d, %v; want 2", n, err)
	}
	mustAdd("a", false)
	stats(FrontierStats{Queued: 2})

	// Oldest first.
	if e, ok := next(now); !ok || e.URL != "a" {
		t.Fatalf("Next = %v, %v; want a", e, ok)
	}
	stats(FrontierStats{Queued: 1, InFlight: 1})
	mustAdd("a", false) // in flight still counts as known

	// A retry is not due before its time.
	if err := f.Retry(ctx, Entry{URL: "a", Attempts: 1, NotBefore: now.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if e, ok := next(now); !ok || e.URL != "b" {
		t.Fatalf("Next = %v, %v; want b", e, ok)
	}
	if _, ok := next(now); ok {
		t.Fatal("Next returned an entry that is not due")
	}
	e, ok := next(now.Add(2 * time.Minute))
	if !ok || e.URL != "a" || e.Attempts != 1 {
		t.Fatalf("Next = %+v, %v; want a after 1 attempt", e, ok)
	}

	if err := f.Fail(ctx, e, "http_500"); err != nil {
		t.Fatal(err)
	}
	if err := f.Done(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	// Done on an unknown URL records it; Done on a queued one dequeues it.
	if err := f.Done(ctx, "redirect-target"); err != nil {
		t.Fatal(err)
	}
	mustAdd("redirect-target", false)
	mustAdd("c", true)
	if err := f.Done(ctx, "c"); err != nil {
		t.Fatal(err)
	}
	if _, ok := next(now.Add(time.Hour)); ok {
		t.Fatal("Next returned a done entry")
	}
	stats(FrontierStats{Done: 3, Failed: 1})

	if e, st, reason, ok := f.Lookup("a"); !ok || st != StateFailed || reason != "http_500" || e.Attempts != 1 {
		t.Errorf("Lookup(a) = %+v %v %q %v", e, st, reason, ok)
	}
}

func TestMemoryFrontierOrder(t *testing.T) {
	ctx := context.Background()
	f := NewMemoryFrontier()
	for i := range 100 {
		if _, err := f.Add(ctx, Entry{URL: fmt.Sprint(i), Depth: i}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 100 {
		e, ok, err := f.Next(ctx, time.Now())
		if err != nil || !ok || e.URL != fmt.Sprint(i) || e.Depth != i {
			t.Fatalf("Next #%d = %+v, %v, %v", i, e, ok, err)
		}
	}
}

func BenchmarkMemoryFrontier(b *testing.B) {
	ctx := context.Background()
	urls := make([]string, 1000)
	for i := range urls {
		urls[i] = fmt.Sprintf("https://example.org/a/%d", i)
	}
	for b.Loop() {
		f := NewMemoryFrontier()
		es := make([]Entry, len(urls))
		for i, u := range urls {
			es[i] = Entry{URL: u}
		}
		f.Add(ctx, es...)
		for {
			e, ok, _ := f.Next(ctx, time.Now())
			if !ok {
				break
			}
			f.Done(ctx, e.URL)
		}
	}
}
