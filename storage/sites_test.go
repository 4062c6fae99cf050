package storage

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/ingest-archive/ingest/normalize"
)

// A post merged into a tag page that printed it whole comes apart again:
// Unmerge takes the tag page out of the post's record, Demote removes the
// tag page's record and hands back the post that was merged into it.
func TestUnmergeAndDemote(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	post := "https://news.example/archives/7"
	tag := "https://news.example/tag/ferry/"
	raw := func(s string) Raw { return Raw{Body: []byte("<p>" + s + "</p>"), Status: 200, FetchedAt: t0} }

	// The post first; the tag page is merged into it as a duplicate.
	mustPut(t, db, PutInput{Record: article(post, "Ferry cuts", essay), Raw: raw("post"), Now: t0})
	if out := mustPut(t, db, PutInput{Record: article(tag, "ferry – News", essay), Raw: raw("tag"), Now: t0}); out != Merged {
		t.Fatalf("tag page: %v, want merged", out)
	}
	own, err := db.OwnPage(ctx, post)
	if err != nil || string(own.Body) != "<p>post</p>" {
		t.Fatalf("own page of the post = %q, %v", own.Body, err)
	}
	if ok, err := db.Unmerge(ctx, tag); err != nil || !ok {
		t.Fatalf("unmerge tag page: %v, %v", ok, err)
	}
	rec, err := db.Get(ctx, post)
	if err != nil || slices.Contains(rec.Aliases, tag) {
		t.Fatalf("post after unmerge: %+v, %v", rec.Aliases, err)
	}
	if _, err := db.Get(ctx, tag); !errors.Is(err, ErrNotFound) {
		t.Errorf("tag page still resolves to a record: %v", err)
	}
	if p, err := db.OwnPage(ctx, tag); err != nil || string(p.Body) != "<p>tag</p>" {
		t.Errorf("tag page's bytes not kept: %q, %v", p.Body, err)
	}
	if ok, err := db.Unmerge(ctx, post); err != nil || ok {
		t.Errorf("unmerge of a record's own URL: %v, %v, want false", ok, err)
	}

	// The other order: the tag page is the record, the post merged into it.
	db2 := openTestDB(t)
	mustPut(t, db2, PutInput{Record: article(tag, "ferry – News", essay), Raw: raw("tag"), Now: t0})
	mustPut(t, db2, PutInput{Record: article(post, "Ferry cuts", essay), Raw: raw("post"), Now: t0})
	id := normalize.RecordID(tag)
	merged, err := db2.Demote(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(merged, []string{post}) {
		t.Errorf("demote returned %q, want the merged post", merged)
	}
	if n := countRecords(t, db2); n != 0 {
		t.Errorf("%d records after demote, want 0", n)
	}
	if p, err := db2.OwnPage(ctx, tag); err != nil || string(p.Body) != "<p>tag</p>" {
		t.Errorf("demoted page's bytes not kept: %q, %v", p.Body, err)
	}
}

// An alias that serves the record's text again keeps its bytes under its
// own URL: the record's own page stays the record's.
func TestAliasVisitKeepsRecordPage(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	u := "https://news.example/a/1"
	alias := "https://news.example/?p=1"
	rec := article(u, "One", essay)
	rec.Aliases = []string{alias}
	mustPut(t, db, PutInput{Record: rec, Raw: Raw{Body: []byte("own"), Status: 200, FetchedAt: t0}, Now: t0})
	mustPut(t, db, PutInput{Record: article(alias, "One", essay), Raw: Raw{Body: []byte("alias"), Status: 200, FetchedAt: t0}, Now: t0})
	if p, err := db.OwnPage(ctx, u); err != nil || string(p.Body) != "own" {
		t.Errorf("record page = %q, %v, want its own bytes", p.Body, err)
	}
	if p, err := db.OwnPage(ctx, alias); err != nil || string(p.Body) != "alias" {
		t.Errorf("alias page = %q, %v", p.Body, err)
	}
}

// Facts of a copy of an article (a forwarding stub naming it canonical)
// do not replace the article's facts; the article's replace a copy's.
func TestFactsOfCopiesDoNotReplace(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	u := "https://news.example/a/1"
	mustPut(t, db, PutInput{Record: article(u, "One", essay), Raw: Raw{Body: []byte("x"), Status: 200, FetchedAt: t0}, Now: t0,
		Facts: &normalize.Facts{URL: u, Type: normalize.PageArticle}})
	if err := db.PutOther(ctx, "https://news.example/old/1", Raw{Body: []byte("stub"), Status: 200, FetchedAt: t0},
		&normalize.Facts{URL: u, Type: normalize.PageOther}); err != nil {
		t.Fatal(err)
	}
	var types []string
	if err := db.EachFacts(ctx, "news.example", func(f *normalize.Facts) error {
		types = append(types, f.URL+" "+f.Type)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(types, []string{u + " article"}) {
		t.Errorf("facts = %q, want the article's", types)
	}
	hosts, err := db.FactHosts(ctx)
	if err != nil || !slices.Equal(hosts, []string{"news.example"}) {
		t.Errorf("fact hosts = %q, %v", hosts, err)
	}
}
