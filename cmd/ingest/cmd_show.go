package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/storage"
)

func runShow(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "show", "[--db FILE] [--history] [--text] URL|ID")
	db := fs.String("db", "", "archive database file (default ./archive.db, or $INGEST_DB)")
	withHistory := fs.Bool("history", false, "also print every earlier revision and a unified diff between consecutive versions")
	asText := fs.Bool("text", false, "print a readable form instead of JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("show: give exactly one URL or record id")
	}
	key := fs.Arg(0)
	archive, err := openArchive(dbPath(*db), true)
	if err != nil {
		return err
	}
	defer archive.Close()
	rec, err := archive.Get(ctx, key)
	if errors.Is(err, storage.ErrNotFound) {
		return fmt.Errorf("show: no record for %q in %s", key, archive.Path())
	}
	if err != nil {
		return err
	}
	changed, err := archive.ChangedAt(ctx, rec.ID)
	if err != nil {
		return err
	}
	strikes, err := archive.Strikes(ctx, rec.ID)
	if err != nil {
		return err
	}
	var versions []normalize.Record
	if *withHistory {
		if versions, err = archive.History(ctx, rec.ID); err != nil {
			return err
		}
	}
	if *asText {
		writeRecordText(e.stdout, rec, changed, strikes)
		if *withHistory {
			writeHistoryText(e.stdout, versions)
		}
		return nil
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if !*withHistory {
		return enc.Encode(rec)
	}
	return enc.Encode(showHistory(rec, changed, versions))
}

// historyJSON is `ingest show --history` as JSON: the current record, when
// it last changed, and every version oldest first, each with the diff
// from the one before.
type historyJSON struct {
	Record    normalize.Record `json:"record"`
	ChangedAt string           `json:"changed_at,omitempty"`
	Versions  []versionJSON    `json:"versions"`
}

type versionJSON struct {
	Revision int              `json:"revision"`
	Record   normalize.Record `json:"record"`
	// Diff is the unified diff from the previous version; empty for the
	// first and when only last_seen and the like differ.
	Diff string `json:"diff,omitempty"`
}

func showHistory(rec normalize.Record, changed time.Time, versions []normalize.Record) historyJSON {
	h := historyJSON{Record: rec, Versions: []versionJSON{}}
	if !changed.IsZero() {
		h.ChangedAt = changed.UTC().Format(time.RFC3339)
	}
	for i, v := range versions {
		vj := versionJSON{Revision: v.Revision, Record: v}
		if i > 0 {
			vj.Diff = storage.Diff(versions[i-1], v)
		}
		h.Versions = append(h.Versions, vj)
	}
	return h
}

// writeRecordText prints a record for people: a header of fields, then
// the Markdown body.
func writeRecordText(w io.Writer, r normalize.Record, changed time.Time, strikes int) {
	title := r.Title
	if title == "" {
		title = "(untitled)"
	}
	fmt.Fprintf(w, "%s\n%s\n\n", title, strings.Repeat("=", min(max(len([]rune(title)), 3), 80)))
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "%-12s %s\n", k+":", v)
		}
	}
	field("URL", r.URL)
	field("ID", r.ID)
	field("Status", r.Status)
	if strikes > 0 {
		field("Not found", fmt.Sprintf("at %d sync(s) in a row", strikes))
	}
	field("Revision", fmt.Sprint(r.Revision))
	field("Authors", strings.Join(r.Authors, ", "))
	field("Published", r.Published)
	field("Modified", r.Modified)
	field("Site", r.SiteName)
	field("Language", r.Lang)
	field("Tags", strings.Join(r.Tags, ", "))
	field("Description", r.Description)
	field("First seen", r.FirstSeen)
	field("Last seen", r.LastSeen)
	if !changed.IsZero() {
		field("Changed", changed.UTC().Format(time.RFC3339))
	}
	field("Content", r.ContentHash)
	for i, a := range r.Aliases {
		k := ""
		if i == 0 {
			k = "Aliases"
		}
		if k != "" {
			field(k, a)
		} else {
			fmt.Fprintf(w, "%-12s %s\n", "", a)
		}
	}
	body := r.Markdown
	if strings.TrimSpace(body) == "" {
		body = r.Text
	}
	if body = strings.TrimSpace(body); body != "" {
		fmt.Fprintf(w, "\n%s\n", body)
	}
}

// writeHistoryText prints every version's revision and times, and the diff
// between consecutive versions.
func writeHistoryText(w io.Writer, versions []normalize.Record) {
	fmt.Fprintf(w, "\nHistory: %d version(s)\n", len(versions))
	for i, v := range versions {
		fmt.Fprintf(w, "\n--- revision %d (first seen %s, last seen %s, %s)\n", v.Revision, v.FirstSeen, v.LastSeen, v.ContentHash)
		if i == 0 {
			continue
		}
		d := storage.Diff(versions[i-1], v)
		if d == "" {
			fmt.Fprintln(w, "(no change in title, metadata or body)")
			continue
		}
		io.WriteString(w, d)
	}
}
