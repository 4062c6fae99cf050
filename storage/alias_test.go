package storage

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestAddAlias(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	found, err := db.AddAlias(ctx, "https://example.com/a/river/", []string{"https://example.com/a/river/print/"})
	if err != nil || found {
		t.Fatalf("alias before the record exists: found=%v err=%v, want false, nil", found, err)
	}
	mustPut(t, db, PutInput{Record: article("https://example.com/a/river/", "The river", essay), Now: t0})
	mustPut(t, db, PutInput{Record: article("https://example.com/a/lake/", "The lake", strings.Repeat("Lakes freeze over in the coldest weeks and thaw when spring returns to the valley. ", 8)), Now: t0})

	found, err = db.AddAlias(ctx, "https://example.com/a/river/?utm_source=x",
		[]string{"https://example.com/a/river/print/", "https://example.com/a/river/", "https://example.com/a/lake/", "not a url"})
	if err != nil || !found {
		t.Fatalf("AddAlias: found=%v err=%v", found, err)
	}
	got, err := db.Get(ctx, "https://example.com/a/river/print/")
	if err != nil {
		t.Fatalf("the alias does not resolve: %v", err)
	}
	if got.URL != "https://example.com/a/river/" {
		t.Errorf("alias resolves to %s", got.URL)
	}
	if want := []string{"https://example.com/a/river/print/"}; !slices.Equal(got.Aliases, want) {
		t.Errorf("aliases %v, want %v (own URL and another record's URL left out)", got.Aliases, want)
	}
	if lake, _ := db.Get(ctx, "https://example.com/a/lake/"); lake.URL != "https://example.com/a/lake/" {
		t.Errorf("another record's URL was taken over: %+v", lake)
	}
}
