package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/ingest-archive/ingest/scraper"
	"github.com/ingest-archive/ingest/storage"
)

func runStats(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "stats", "[--db FILE] [--json]")
	db := fs.String("db", "", "archive database file (default ./archive.db, or $INGEST_DB)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("stats: unexpected argument %q", fs.Arg(0))
	}
	archive, err := openArchive(dbPath(*db), true)
	if err != nil {
		return err
	}
	defer archive.Close()
	st, err := archive.Stats(ctx)
	if err != nil {
		return err
	}
	run, hasRun, err := archive.LastRun(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		out := struct {
			storage.Stats
			LastRun *storage.Run `json:"last_run"`
		}{Stats: st}
		if hasRun {
			out.LastRun = &run
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	fmt.Fprintf(e.stdout, "archive %s: %d records, %d revisions, %d aliases, %d merged duplicates\n",
		archive.Path(), st.Records, st.Revisions, st.Aliases, st.Merged)
	fmt.Fprintln(e.stdout, "by status:")
	for _, k := range slices.Sorted(maps.Keys(st.ByStatus)) {
		fmt.Fprintf(e.stdout, "  %-6s %d\n", k, st.ByStatus[k])
	}
	fmt.Fprintln(e.stdout, "by site:")
	for _, k := range slices.Sorted(maps.Keys(st.BySite)) {
		fmt.Fprintf(e.stdout, "  %s %d\n", k, st.BySite[k])
	}
	if !hasRun {
		fmt.Fprintln(e.stdout, "no runs yet")
		return nil
	}
	fmt.Fprintf(e.stdout, "last run: %s %s, finished %s\n", run.Kind, run.ID, run.Finished.Format("2006-01-02 15:04:05Z07:00"))
	var sum scraper.Summary
	if json.Unmarshal(run.Summary, &sum) == nil {
		fmt.Fprintln(e.stdout, sum.String())
	}
	return nil
}
