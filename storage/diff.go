package storage

import (
	"fmt"
	"strings"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/pmezard/go-difflib/difflib"
)

// diffContext is the number of unchanged lines shown around each change.
const diffContext = 3

// VersionText is the readable form of one version of a record that Diff
// compares: the title, authors, dates, tags and description, one per line,
// a blank line, then the Markdown body (the plain text when there is no
// Markdown).
func VersionText(r normalize.Record) string {
	var b strings.Builder
	line := func(k, v string) {
		if v = oneLine(v); v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	line("Title", r.Title)
	line("Authors", strings.Join(cleanAll(r.Authors), ", "))
	line("Published", r.Published)
	line("Modified", r.Modified)
	line("Tags", strings.Join(cleanAll(r.Tags), ", "))
	line("Description", r.Description)
	body := r.Markdown
	if strings.TrimSpace(body) == "" {
		body = r.Text
	}
	if body = strings.TrimSpace(clean(body)); body != "" {
		b.WriteString("\n")
		b.WriteString(body)
		b.WriteString("\n")
	}
	return b.String()
}

// Diff returns a unified text diff, three lines of context, from version a
// of a record to version b, comparing their VersionText. The headers name
// the revisions and when each was last seen. It returns "" when the two
// read the same.
func Diff(a, b normalize.Record) string {
	at, bt := VersionText(a), VersionText(b)
	if at == bt {
		return ""
	}
	d, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A:        difflib.SplitLines(strings.TrimSuffix(at, "\n")),
		B:        difflib.SplitLines(strings.TrimSuffix(bt, "\n")),
		FromFile: fmt.Sprintf("revision %d", a.Revision),
		ToFile:   fmt.Sprintf("revision %d", b.Revision),
		FromDate: a.LastSeen,
		ToDate:   b.LastSeen,
		Context:  diffContext,
	})
	if err != nil { // only a failing writer errs; a strings.Builder never does
		return ""
	}
	return d
}
