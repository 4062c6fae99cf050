package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/ingest-archive/ingest/eval"
)

// dash marks a metric an extractor does not give, or that has no data.
const dash = "—"

// tableRows are the report metrics shown, in order; a row appears when at
// least one extractor has the metric. Rows with a count name the metric
// whose _n gives the pages with ground truth for it.
var tableRows = []struct {
	metric string
	counts bool // label gets "(n=…)" from metric_n
}{
	{"body_p", false},
	{"body_r", false},
	{"body_f1", false},
	{"word_f1", false},
	{"snip_f1", false},
	{"article_p", false},
	{"article_r", false},
	{"title", true},
	{"author", true},
	{"date", true},
	{"headings", false},
	{"list_items", false},
	{"links", false},
	{"table_cells", false},
	{"relative_links", false},
	{"raw_html_tags", false},
}

// peerModules are the modules whose versions the table's caption names.
var peerModules = []string{
	"github.com/markusmobius/go-trafilatura",
	"codeberg.org/readeck/go-readability/v2",
	"github.com/JohannesKaufmann/html-to-markdown/v2",
}

// writeTable writes a caption and the side-by-side Markdown table.
func writeTable(w io.Writer, o options, results []result) error {
	var b strings.Builder
	pages := 0
	if len(results) > 0 {
		pages = results[0].report.Pages
	}
	typ := "all pages"
	if o.Type != "" {
		typ = "type " + o.Type
	}
	fmt.Fprintf(&b, "Dataset `%s` (%s): %d pages; one worker each, GOMAXPROCS=%d, %s %s/%s.\n",
		o.Dataset, typ, pages, runtime.GOMAXPROCS(0), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if v := moduleVersions(); v != "" {
		b.WriteString(v + ".\n")
	}
	b.WriteString("\n| metric |")
	for _, r := range results {
		b.WriteString(" " + r.ext.label + " |")
	}
	b.WriteString("\n|---|")
	for range results {
		b.WriteString("---:|")
	}
	b.WriteByte('\n')

	byName := make([]map[string]eval.Metric, len(results))
	for i, r := range results {
		byName[i] = make(map[string]eval.Metric)
		for _, m := range r.report.Metrics() {
			byName[i][m.Name] = m
		}
	}
	for _, row := range tableRows {
		label, seen := row.metric, false
		cells := make([]string, len(results))
		for i := range results {
			m, ok := byName[i][row.metric]
			if !ok {
				cells[i] = dash
				continue
			}
			seen = true
			cells[i] = formatMetric(m)
			if n, ok := byName[i][row.metric+"_n"]; ok && row.counts {
				label = fmt.Sprintf("%s (n=%d)", row.metric, int(n.Value))
			}
		}
		if seen {
			writeRow(&b, label, cells)
		}
	}
	failed := make([]string, len(results))
	own := make([]string, len(results))
	ownCPU := make([]string, len(results))
	withMD := make([]string, len(results))
	for i, r := range results {
		failed[i] = strconv.Itoa(r.report.Failed)
		own[i] = formatSpeed(r.pagesPerSecond())
		ownCPU[i] = formatSpeed(r.pagesPerCPUSecond())
		withMD[i] = formatSpeed(r.report.Speed.PagesPerSecond())
	}
	writeRow(&b, "failed pages", failed)
	writeRow(&b, "pages/s", own)
	writeRow(&b, "pages per CPU-second", ownCPU)
	writeRow(&b, "pages/s with Markdown", withMD)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeRow(b *strings.Builder, label string, cells []string) {
	b.WriteString("| " + label + " |")
	for _, c := range cells {
		b.WriteString(" " + c + " |")
	}
	b.WriteByte('\n')
}

// formatMetric prints a count as an integer and a rate with three
// decimals, as score.py does.
func formatMetric(m eval.Metric) string {
	if m.Integer {
		return strconv.FormatFloat(m.Value, 'f', -1, 64)
	}
	return strconv.FormatFloat(m.Value, 'f', 3, 64)
}

// formatSpeed prints a speed with one decimal, or a dash when it was not
// measured.
func formatSpeed(v float64) string {
	if v <= 0 {
		return dash
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// moduleVersions names the peers' module versions built into the binary,
// or "" when the build information is missing.
func moduleVersions() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var parts []string
	for _, path := range peerModules {
		for _, d := range bi.Deps {
			if d.Path == path {
				parts = append(parts, d.Path+" "+d.Version)
			}
		}
	}
	return strings.Join(parts, ", ")
}
