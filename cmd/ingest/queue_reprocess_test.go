package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/queue/queuetest"
	"github.com/ingest-archive/ingest/storage"
)

// TestQueueReprocessMatchesLocal reprocesses one archive in this process
// and a copy of it through an embedded NATS server with three workers,
// and checks both come out the same: the same records, fields and
// revisions, the same history, the same summary.
func TestQueueReprocessMatchesLocal(t *testing.T) {
	sites := newHostSites(t, 3, 20, 0)
	dir := t.TempDir()
	base := filepath.Join(dir, "base.db")
	code, stdout, stderr := runCLI(t, "", append([]string{"crawl", "--db", base, "--rate", "0", "--concurrency", "4"}, siteSeeds(sites)...)...)
	if code != 0 {
		t.Fatalf("crawl: exit %d\n%s\n%s", code, stdout, stderr)
	}
	tampered := olderExtraction(t, base)
	local, dist := filepath.Join(dir, "local.db"), filepath.Join(dir, "dist.db")
	copyFile(t, base, local)
	copyFile(t, base, dist)

	code, localOut, stderr := runCLI(t, "", "reprocess", "--db", local)
	if code != 0 {
		t.Fatalf("local reprocess: exit %d\n%s\n%s", code, localOut, stderr)
	}
	srv := queuetest.Start(t)
	startWorkers(t, srv.URL(), 3)
	code, distOut, stderr := runCLI(t, "", "reprocess", "--db", dist, "--queue", srv.URL())
	if code != 0 {
		t.Fatalf("queue reprocess: exit %d\n%s\n%s", code, distOut, stderr)
	}
	t.Logf("local:\n%s\nqueue:\n%s", localOut, distOut)
	if !strings.Contains(distOut, " revised (text changed)") || !regexp.MustCompile(`queue: +[23] workers, 60 jobs`).MatchString(distOut) {
		t.Errorf("queue summary does not say 60 jobs for the workers:\n%s", distOut)
	}
	if !strings.Contains(localOut, "20 revised (text changed), 20 refreshed (metadata), 20 the same") {
		t.Errorf("local summary: %s", localOut)
	}
	if a, b := reprocessCounts(localOut), reprocessCounts(distOut); a != b {
		t.Errorf("summaries differ:\nlocal: %s\nqueue: %s", a, b)
	}
	want, got := recordsJSON(t, local), recordsJSON(t, dist)
	if len(want) != 60 || len(got) != len(want) {
		t.Fatalf("%d records reprocessed through the queue, %d here; want 60", len(got), len(want))
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("record %s differs:\nlocal: %s\nqueue: %s", id, w, got[id])
		}
	}
	for _, u := range tampered {
		hl, hq := history(t, local, u), history(t, dist, u)
		if len(hl) != len(hq) {
			t.Errorf("%s: %d versions here, %d through the queue", u, len(hl), len(hq))
			continue
		}
		for i := range hl {
			if hl[i].ContentHash != hq[i].ContentHash || hl[i].Revision != hq[i].Revision {
				t.Errorf("%s: version %d differs", u, i)
			}
		}
	}
}

// olderExtraction makes the archive at path look extracted by an older
// extractor: of every three records, one gets another title (a refresh),
// one a newsletter line in its text (a revision). It returns the URLs of
// the records whose text changed.
func olderExtraction(t *testing.T, path string) []string {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ids, err := db.RecordIDs(ctx, "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	var recs []normalize.Record
	var revised []string
	for i, id := range ids {
		r, err := db.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		switch i % 3 {
		case 0:
			r.Title = "An older extractor's title"
		case 1:
			r.Text = "Subscribe to our newsletter. " + r.Text
			revised = append(revised, r.URL)
		default:
			continue
		}
		recs = append(recs, r)
	}
	if _, err := db.Rebuild(ctx, recs, time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	return revised
}

// reprocessCounts is the counts of a reprocess summary: its first two
// lines without the duration.
func reprocessCounts(out string) string {
	lines := strings.SplitN(out, "\n", 3)
	return regexp.MustCompile(` in [0-9.]+[µmn]?s:`).ReplaceAllString(strings.Join(lines[:min(2, len(lines))], "\n"), ":")
}

// recordsJSON is every record of an archive as JSON, by id.
func recordsJSON(t *testing.T, path string) map[string]string {
	t.Helper()
	db, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]string{}
	err = db.Records(context.Background(), func(r normalize.Record) error {
		b, err := json.Marshal(r)
		out[r.ID] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestQueueReprocessBadInput checks the errors of reprocess --queue with a
// bad URL and with a server that does not answer.
func TestQueueReprocessBadInput(t *testing.T) {
	path, _ := showArchive(t)
	dead := "nats://" + closedPort(t)
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"reprocess", "--db", path, "--queue", "http://x:4222"}, 2, "want nats://HOST:PORT"},
		{[]string{"reprocess", "--db", path, "--queue", "localhost:4222"}, 2, "want nats://HOST:PORT"},
		{[]string{"reprocess", "--db", path, "--queue", dead}, 1, "NATS server unreachable"},
	} {
		code, _, stderr := runCLI(t, "", tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, stderr, tc.code, tc.msg)
		}
	}
}
