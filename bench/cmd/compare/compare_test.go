package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// articleHTML is a small article page; %s are the charset label and the
// title.
const articleHTML = `<!DOCTYPE html>
<html lang="%[1]s"><head><meta charset="%[2]s">
<title>%[3]s | Example News</title>
<meta property="og:title" content="%[3]s">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2023-09-13T08:00:00+02:00">
</head><body>
<nav><a href="/">Home</a> <a href="/world/">World</a></nav>
<article>
<h1>%[3]s</h1>
<p class="byline">By Jane Doe</p>
%[4]s
<ul><li>First point of the list</li><li>Second point of the list</li></ul>
<p>Read the <a href="/report.pdf">full report</a> for details.</p>
</article>
<footer>Copyright Example News</footer>
</body></html>`

// paragraphs makes six paragraphs of running text from sentence.
func paragraphs(sentence string) string {
	var b strings.Builder
	for i := range 6 {
		b.WriteString("<p>")
		for j := range 4 {
			b.WriteString(strconv.Itoa(i*4 + j))
			b.WriteString(". ")
			b.WriteString(sentence)
			b.WriteByte(' ')
		}
		b.WriteString("</p>\n")
	}
	return b.String()
}

type testCase struct {
	id, url, title, body string
	page                 []byte
}

// writeDataset writes a dataset folder in the eval layout.
func writeDataset(t *testing.T, cases []testCase) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "html"), 0o755); err != nil {
		t.Fatal(err)
	}
	var lines bytes.Buffer
	for _, c := range cases {
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(c.page)
		zw.Close()
		rel := "html/" + c.id + ".html.gz"
		if err := os.WriteFile(filepath.Join(dir, rel), gz.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		line, _ := json.Marshal(map[string]any{
			"id": c.id, "url": c.url, "html": rel,
			"expect": map[string]any{
				"title": c.title, "author": "Jane Doe", "date": "2023-09-13",
				"body": c.body, "page_type": "article",
			},
		})
		lines.Write(line)
		lines.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(dir, "cases.jsonl"), lines.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func sprintfPage(lang, charset, title, body string) string {
	r := strings.NewReplacer("%[1]s", lang, "%[2]s", charset, "%[3]s", title, "%[4]s", body)
	return r.Replace(articleHTML)
}

func testDataset(t *testing.T) string {
	t.Helper()
	enBody := paragraphs("The council met on Tuesday evening and agreed, after a long debate, to repair the old bridge before the winter comes.")
	ruBody := paragraphs("Городской совет собрался во вторник вечером и после долгого обсуждения решил отремонтировать старый мост до наступления зимы.")
	ruTitle := "Новости недели"
	ruPage, err := charmap.Windows1251.NewEncoder().String(sprintfPage("ru", "windows-1251", ruTitle, ruBody))
	if err != nil {
		t.Fatal(err)
	}
	plain := func(s string) string {
		s = strings.ReplaceAll(s, "<p>", "")
		return strings.ReplaceAll(s, "</p>", "")
	}
	return writeDataset(t, []testCase{
		{id: "en", url: "https://news.example/world/2023/09/13/story.html", title: "A story of the week",
			body: plain(enBody), page: []byte(sprintfPage("en", "utf-8", "A story of the week", enBody))},
		{id: "ru", url: "https://news.example/ru/2023/09/13/novosti.html", title: ruTitle,
			body: plain(ruBody), page: []byte(ruPage)},
	})
}

// TestRun runs the three extractors over a two-page dataset, one page in
// windows-1251, and checks the table and the predictions files.
func TestRun(t *testing.T) {
	dir := testDataset(t)
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx, []string{"--dataset", dir, "--out-dir", out}, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, stderr.String())
	}
	table := stdout.String()
	for _, want := range []string{
		"| metric | ours (normalize) | go-trafilatura | go-readability |",
		"(all pages): 2 pages",
		"| failed pages | 0 | 0 | 0 |",
		"| title (n=2) |",
		"| pages/s |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	// Peers give no page type: their article_p cells are dashes.
	for _, line := range strings.Split(table, "\n") {
		if strings.HasPrefix(line, "| article_p |") && !strings.HasSuffix(line, "| — | — |") {
			t.Errorf("article_p row: %q, want dashes for the peers", line)
		}
	}

	for _, name := range extractorNames() {
		f, err := os.Open(filepath.Join(out, name+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		n := 0
		for sc.Scan() {
			var p struct {
				ID, Title, Text, Markdown string
			}
			if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			n++
			if p.ID == "ru" && !strings.Contains(p.Text, "Городской совет") {
				t.Errorf("%s: windows-1251 page not decoded: %.80q", name, p.Text)
			}
			if name != "ours" && !strings.Contains(p.Markdown, "https://news.example/report.pdf") {
				t.Errorf("%s %s: Markdown lacks the absolute link:\n%s", name, p.ID, p.Markdown)
			}
		}
		f.Close()
		if n != 2 {
			t.Errorf("%s: %d predictions, want 2", name, n)
		}
	}
}

func TestParseOptions(t *testing.T) {
	tests := []struct {
		args    []string
		want    []string // Only
		wantErr error
	}{
		{[]string{"--dataset", "d"}, []string{"ours", "trafilatura", "readability"}, nil},
		{[]string{"--dataset", "d", "--only", "readability,ours"}, []string{"ours", "readability"}, nil},
		{[]string{"--dataset", "d", "--only", "trafilatura, "}, []string{"trafilatura"}, nil},
		{[]string{"--dataset", "d", "--only", "boilerpipe"}, nil, errUsage},
		{[]string{"--dataset", "d", "--only", ","}, nil, errUsage},
		{[]string{"--only", "ours"}, nil, errUsage},
		{[]string{"--dataset", "d", "--limit", "-1"}, nil, errUsage},
		{[]string{"--dataset", "d", "extra"}, nil, errUsage},
		{[]string{"--nope"}, nil, errUsage},
		{[]string{"-h"}, nil, errHelp},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			o, err := parseOptions(tt.args, &bytes.Buffer{})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err == nil && strings.Join(o.Only, ",") != strings.Join(tt.want, ",") {
				t.Errorf("Only = %v, want %v", o.Only, tt.want)
			}
		})
	}
}

func TestLoadCasesLimit(t *testing.T) {
	dir := testDataset(t)
	tests := []struct {
		typ   string
		limit int
		want  int
		err   error
	}{
		{"", 0, 2, nil},
		{"", 1, 1, nil},
		{"article", 5, 2, nil},
		{"forum", 0, 0, errNoCases},
	}
	for _, tt := range tests {
		ds, err := loadCases(dir, tt.typ, tt.limit)
		if !errors.Is(err, tt.err) {
			t.Fatalf("loadCases(%q, %d): err = %v, want %v", tt.typ, tt.limit, err, tt.err)
		}
		if err == nil && len(ds.Cases) != tt.want {
			t.Errorf("loadCases(%q, %d): %d cases, want %d", tt.typ, tt.limit, len(ds.Cases), tt.want)
		}
	}
}

func TestSplitAuthors(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", ""},
		{"Jane Doe", "Jane Doe"},
		{"Jane Doe; John Roe", "Jane Doe|John Roe"},
		{" ; Jane Doe ;", "Jane Doe"},
		{"By Jane Doe and John Roe", "By Jane Doe and John Roe"},
	}
	for _, tt := range tests {
		if got := strings.Join(splitAuthors(tt.in), "|"); got != tt.want {
			t.Errorf("splitAuthors(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatTime(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Time{}, ""},
		{time.Date(2023, 9, 13, 0, 0, 0, 0, time.UTC), "2023-09-13"},
		{time.Date(2023, 9, 13, 23, 30, 0, 0, cet), "2023-09-13T23:30:00+01:00"},
	}
	for _, tt := range tests {
		if got := formatTime(tt.in); got != tt.want {
			t.Errorf("formatTime(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
