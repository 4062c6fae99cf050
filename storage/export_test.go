package storage

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// nastyTitles are titles that must still give safe, unique file names.
var nastyTitles = []string{
	"../../etc/passwd",
	"CON",
	"nul.txt",
	"COM1",
	"index",
	strings.Repeat("Very long title about the river ", 13)[:400],
	"🦀🔥🚀",
	"Река и город: что дальше?",
	"Line one\n\tLine two",
	"Same title",
	"Same title",
	"SAME TITLE",
	"",
	"  .hidden file ",
	`a\b/c:d*e?f"g<h>i|j`,
	"Ærøskøbing — Straße über Łódź",
	"yes",
	"---",
}

// nastyArchive fills an archive with one record per nasty title, spread
// over several years, sites, authors and statuses.
func nastyArchive(t testing.TB) *DB {
	t.Helper()
	db := openTestDB(t)
	for i, title := range nastyTitles {
		host := "example.com"
		if i%3 == 2 {
			host = "other.example.org"
		}
		rec := article(fmt.Sprintf("https://%s/posts/%d/item-%d/", host, 2021+i%3, i), title, otherEssay(100+i))
		rec.Published = fmt.Sprintf("%d-%02d-%02dT08:30:00Z", 2021+i%3, 1+i%12, 1+i)
		if i%4 == 0 {
			rec.Published = fmt.Sprintf("%d-%02d-15", 2021+i%3, 1+i%12)
		}
		if i == 5 {
			rec.Published = ""
		}
		rec.Authors = []string{[]string{"Anna Petrova", "Ben Okafor", "Chen Wei"}[i%3]}
		rec.Tags = []string{"river", "yes", "2023"}
		rec.Description = "Description of «" + title + "»: with 'quotes' and #hash"
		rec.Markdown = "# " + title + "\n\nBody of article " + fmt.Sprint(i) + " with <b>html</b> & more.\n"
		rec.Aliases = []string{fmt.Sprintf("https://%s/p?id=%d", host, i), fmt.Sprintf("https://%s/old/%d", host, i)}
		mustPut(t, db, PutInput{Record: rec, Now: t0.Add(time.Duration(i) * time.Hour)})
		if i%5 == 4 {
			if err := db.MarkGone(context.Background(), rec.URL, t0.AddDate(0, 1, 0)); err != nil {
				t.Fatal(err)
			}
		}
	}
	return db
}

var safeFileName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*\.md$`)

// readTree returns the files under root as slash paths → contents.
func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		b, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// readZip returns the file entries of a zip, checking that every entry
// stays under root/ and has the fixed time.
func readZip(t *testing.T, file, root string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string][]byte{}
	for _, f := range zr.File {
		checkEntryName(t, f.Name, root)
		if !f.Modified.Equal(archiveTime) {
			t.Errorf("entry %s: modified %v", f.Name, f.Modified)
		}
		if f.FileInfo().IsDir() {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[strings.TrimPrefix(f.Name, root+"/")] = b
	}
	return files
}

func readTarGz(t *testing.T, file, root string) map[string][]byte {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	files := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		checkEntryName(t, h.Name, root)
		if !h.ModTime.Equal(archiveTime) {
			t.Errorf("entry %s: mtime %v", h.Name, h.ModTime)
		}
		if h.Typeflag == tar.TypeDir {
			continue
		}
		if h.Typeflag != tar.TypeReg {
			t.Errorf("entry %s: type %c", h.Name, h.Typeflag)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		files[strings.TrimPrefix(h.Name, root+"/")] = b
	}
	return files
}

func checkEntryName(t *testing.T, name, root string) {
	t.Helper()
	clean := path.Clean(name)
	if strings.HasPrefix(name, "/") || strings.Contains(name, "\\") || strings.Contains(name, "..") ||
		(clean != root && !strings.HasPrefix(clean, root+"/")) || filepath.IsAbs(name) {
		t.Errorf("entry %q escapes root %q", name, root)
	}
}

// checkMarkdownFiles checks names, front matter and the manifest of a
// markdown export of the nasty archive.
func checkMarkdownFiles(t *testing.T, files map[string][]byte, records []normalize.Record, layout string) {
	t.Helper()
	manifest, ok := files[manifestName]
	if !ok {
		t.Fatalf("no %s", manifestName)
	}
	var m struct {
		Format string          `json:"format"`
		Layout string          `json:"layout"`
		Files  []manifestEntry `json:"files"`
	}
	if err := json.Unmarshal(manifest, &m); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	if m.Format != "markdown" || m.Layout != layout || len(m.Files) != len(records) || len(files) != len(records)+1 {
		t.Fatalf("manifest %s/%s lists %d files, %d records, %d files written", m.Format, m.Layout, len(m.Files), len(records), len(files))
	}
	byID := map[string]normalize.Record{}
	for _, r := range records {
		byID[r.ID] = r
	}
	seen := map[string]bool{}
	for _, e := range m.Files {
		body, ok := files[e.Path]
		if !ok {
			t.Errorf("manifest lists missing file %s", e.Path)
			continue
		}
		sum := sha256.Sum256(body)
		if hex.EncodeToString(sum[:]) != e.SHA256 {
			t.Errorf("%s: sha256 mismatch", e.Path)
		}
		dir, name := path.Split(e.Path)
		if len(name) > maxNameBytes || !safeFileName.MatchString(name) {
			t.Errorf("unsafe file name %q", name)
		}
		stem := strings.TrimSuffix(name, ".md")
		if reservedNames[stem] {
			t.Errorf("reserved file name %q", name)
		}
		if seen[strings.ToLower(e.Path)] {
			t.Errorf("duplicate file %s", e.Path)
		}
		seen[strings.ToLower(e.Path)] = true
		r, ok := byID[e.ID]
		if !ok {
			t.Errorf("%s: unknown id %s", e.Path, e.ID)
			continue
		}
		if e.URL != r.URL || e.Title != r.Title {
			t.Errorf("%s: manifest url/title %q %q", e.Path, e.URL, e.Title)
		}
		if want := layoutDir(r, layout); strings.TrimSuffix(dir, "/") != want {
			t.Errorf("%s: folder %q, want %q", e.Path, dir, want)
		}
		checkFrontMatter(t, e.Path, body, r)
	}
}

func checkFrontMatter(t *testing.T, name string, body []byte, r normalize.Record) {
	t.Helper()
	rest, ok := bytes.CutPrefix(body, []byte("---\n"))
	if !ok {
		t.Errorf("%s: no front matter", name)
		return
	}
	head, text, ok := bytes.Cut(rest, []byte("\n---\n\n"))
	if !ok {
		t.Errorf("%s: front matter not closed", name)
		return
	}
	var fm map[string]any
	if err := yaml.Unmarshal(head, &fm); err != nil {
		t.Errorf("%s: front matter: %v\n%s", name, err, head)
		return
	}
	str := func(k string) string { s, _ := fm[k].(string); return s }
	list := func(k string) []string {
		var out []string
		for _, v := range fm[k].([]any) {
			s, ok := v.(string)
			if !ok {
				t.Errorf("%s: %s item %v (%T) is not a string", name, k, v, v)
			}
			out = append(out, s)
		}
		return out
	}
	if want := strings.Join(strings.Fields(r.Title), " "); str("title") != want {
		t.Errorf("%s: title %q, want %q", name, str("title"), want)
	}
	if str("source_url") != r.URL || str("id") != r.ID || str("status") != r.Status {
		t.Errorf("%s: source_url %q id %q status %q", name, str("source_url"), str("id"), str("status"))
	}
	if !slices.Equal(list("authors"), r.Authors) || !slices.Equal(list("tags"), r.Tags) || !slices.Equal(list("source_aliases"), r.Aliases) {
		t.Errorf("%s: authors %v tags %v source_aliases %v", name, fm["authors"], fm["tags"], fm["source_aliases"])
	}
	if u := str("url"); u == "" || strings.Contains(u, "://") || !strings.HasPrefix(r.URL, "https://") || !strings.HasSuffix(r.URL, u) {
		t.Errorf("%s: url %q for %s", name, u, r.URL)
	}
	for _, a := range list("aliases") {
		if !strings.HasPrefix(a, "/") || strings.Contains(a, "?") {
			t.Errorf("%s: alias %q is not a plain path", name, a)
		}
	}
	if r.Published != "" {
		d, ok := fm["date"].(time.Time)
		want, _ := parseDate(r.Published)
		if !ok || !d.Equal(want) {
			t.Errorf("%s: date %v (%T), want %v", name, fm["date"], fm["date"], want)
		}
	} else if _, ok := fm["date"]; ok {
		t.Errorf("%s: date without a publication date", name)
	}
	if want := strings.TrimSpace(r.Markdown) + "\n"; string(text) != want {
		t.Errorf("%s: body %q, want %q", name, text, want)
	}
}

func allRecords(t *testing.T, db *DB) []normalize.Record {
	t.Helper()
	var out []normalize.Record
	if err := db.Records(context.Background(), func(r normalize.Record) error { out = append(out, r); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestExportFormats(t *testing.T) {
	db := nastyArchive(t)
	ctx := context.Background()
	records := allRecords(t, db)
	ids := func(rs []normalize.Record) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	checkJSON := func(t *testing.T, b []byte) {
		var got []normalize.Record
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("json: %v", err)
		}
		if !slices.Equal(ids(got), ids(records)) {
			t.Errorf("json ids %v", ids(got))
		}
		if !bytes.HasPrefix(b, []byte("[\n  {\n    \"id\": ")) || !bytes.HasSuffix(b, []byte("\n  }\n]\n")) {
			t.Errorf("json layout: %.40q ... %q", b, b[len(b)-10:])
		}
		if bytes.Contains(b, []byte(`\u003c`)) {
			t.Error("json escapes HTML")
		}
	}
	checkJSONL := func(t *testing.T, b []byte) {
		var got []normalize.Record
		sc := bufio.NewScanner(bytes.NewReader(b))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var r normalize.Record
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatalf("jsonl line: %v", err)
			}
			got = append(got, r)
		}
		if !slices.Equal(ids(got), ids(records)) {
			t.Errorf("jsonl ids %v", ids(got))
		}
		for i := range got {
			if !recordsEqual(got[i], records[i]) {
				t.Errorf("jsonl record %d differs", i)
			}
		}
	}

	for _, format := range []string{FormatJSON, FormatJSONL, FormatMarkdown} {
		for _, container := range []string{"stdout", "plain", "zip", "tar.gz"} {
			if format == FormatMarkdown && container == "stdout" {
				continue
			}
			t.Run(format+"/"+container, func(t *testing.T) {
				dir := t.TempDir()
				layout := ""
				if format == FormatMarkdown {
					layout = map[string]string{"plain": LayoutFlat, "zip": LayoutYearMonth, "tar.gz": LayoutYear}[container]
				}
				var out string
				var stdout bytes.Buffer
				switch container {
				case "stdout":
					out = "-"
				case "plain":
					out = filepath.Join(dir, "sub", "export."+format)
					if format == FormatMarkdown {
						out = filepath.Join(dir, "sub", "markdown")
					}
				default:
					out = filepath.Join(dir, "My Export."+container)
				}
				export := func(out string) ExportResult {
					res, err := Export(ctx, db, ExportOptions{Format: format, Out: out, Stdout: &stdout, Layout: layout})
					if err != nil {
						t.Fatalf("export: %v", err)
					}
					return res
				}
				res := export(out)
				wantFiles := 1
				if format == FormatMarkdown {
					wantFiles = len(records) + 1
				}
				if container == "stdout" {
					wantFiles = 0
				}
				if res.Records != len(records) || res.Files != wantFiles || res.Path != out {
					t.Errorf("result %+v", res)
				}

				var files map[string][]byte
				switch container {
				case "stdout":
					files = map[string][]byte{"records." + format: stdout.Bytes()}
				case "plain":
					if format == FormatMarkdown {
						files = readTree(t, out)
					} else {
						b, err := os.ReadFile(out)
						if err != nil {
							t.Fatal(err)
						}
						files = map[string][]byte{"records." + format: b}
					}
				case "zip":
					files = readZip(t, out, "My-Export")
				case "tar.gz":
					files = readTarGz(t, out, "My-Export")
				}
				switch format {
				case FormatJSON:
					checkJSON(t, files["records.json"])
				case FormatJSONL:
					checkJSONL(t, files["records.jsonl"])
				case FormatMarkdown:
					checkMarkdownFiles(t, files, records, layout)
					if layout == LayoutFlat {
						for _, name := range []string{"same-title.md", "same-title-2.md", "same-title-3.md", "etc-passwd.md", "reka-i-gorod-chto-dalshe.md"} {
							if files[name] == nil {
								t.Errorf("no %s in the flat export", name)
							}
						}
					}
				}

				// Byte-identical again, under another name in another folder.
				if container == "stdout" {
					first := slices.Clone(stdout.Bytes())
					stdout.Reset()
					export("-")
					if !bytes.Equal(first, stdout.Bytes()) {
						t.Error("re-export differs")
					}
					return
				}
				again := filepath.Join(t.TempDir(), filepath.Base(out))
				export(again)
				if format == FormatMarkdown && container == "plain" {
					a, b := readTree(t, out), readTree(t, again)
					if len(a) != len(b) {
						t.Fatalf("re-export has %d files, first %d", len(b), len(a))
					}
					for name, data := range a {
						if !bytes.Equal(data, b[name]) {
							t.Errorf("re-export of %s differs", name)
						}
					}
				} else {
					a, _ := os.ReadFile(out)
					b, _ := os.ReadFile(again)
					if !bytes.Equal(a, b) {
						t.Error("re-export differs")
					}
				}
				// Nothing but the output is left beside it.
				entries, _ := os.ReadDir(filepath.Dir(out))
				if len(entries) != 1 {
					var names []string
					for _, e := range entries {
						names = append(names, e.Name())
					}
					t.Errorf("left beside the output: %v", names)
				}
			})
		}
	}
}

func TestExportMarkdownSameAsArchive(t *testing.T) {
	db := nastyArchive(t)
	ctx := context.Background()
	dir := t.TempDir()
	for _, out := range []string{"md", "md.zip", "md.tar.gz"} {
		if _, err := Export(ctx, db, ExportOptions{Format: FormatMarkdown, Out: filepath.Join(dir, out), Layout: LayoutYear}); err != nil {
			t.Fatal(err)
		}
	}
	folder := readTree(t, filepath.Join(dir, "md"))
	for name, files := range map[string]map[string][]byte{
		"zip":    readZip(t, filepath.Join(dir, "md.zip"), "md"),
		"tar.gz": readTarGz(t, filepath.Join(dir, "md.tar.gz"), "md"),
	} {
		if len(files) != len(folder) {
			t.Errorf("%s has %d files, folder %d", name, len(files), len(folder))
		}
		for p, b := range folder {
			if !bytes.Equal(files[p], b) {
				t.Errorf("%s: %s differs from the folder export", name, p)
			}
		}
	}
}

func TestExportFilters(t *testing.T) {
	db := nastyArchive(t)
	all := allRecords(t, db)
	tests := []struct {
		name string
		opts ExportOptions
		keep func(normalize.Record) bool
	}{
		{"site", ExportOptions{Site: "other.example.org"}, func(r normalize.Record) bool { return strings.Contains(r.URL, "other.example.org") }},
		{"site as url", ExportOptions{Site: "https://Example.com/"}, func(r normalize.Record) bool { return strings.Contains(r.URL, "//example.com/") }},
		{"author", ExportOptions{Author: "ben okafor"}, func(r normalize.Record) bool { return r.Authors[0] == "Ben Okafor" }},
		{"status", ExportOptions{Status: "gone"}, func(r normalize.Record) bool { return r.Status == "gone" }},
		{"since", ExportOptions{Since: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)}, func(r normalize.Record) bool {
			return r.Published >= "2023" || (r.Published == "" && r.FirstSeen >= "2023")
		}},
		{"until inclusive", ExportOptions{Until: time.Date(2021, 12, 31, 23, 59, 59, 0, time.UTC)}, func(r normalize.Record) bool {
			return r.Published != "" && r.Published < "2022"
		}},
		{"nothing", ExportOptions{Author: "Nobody"}, func(normalize.Record) bool { return false }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			opts := tt.opts
			opts.Format, opts.Out, opts.Stdout = FormatJSON, "-", &buf
			res, err := Export(context.Background(), db, opts)
			if err != nil {
				t.Fatal(err)
			}
			var got []normalize.Record
			if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
				t.Fatalf("%v: %s", err, buf.Bytes())
			}
			var want []string
			for _, r := range all {
				if tt.keep(r) {
					want = append(want, r.ID)
				}
			}
			var gotIDs []string
			for _, r := range got {
				gotIDs = append(gotIDs, r.ID)
			}
			if !slices.Equal(gotIDs, want) || res.Records != len(want) {
				t.Errorf("got %v (%d), want %v", gotIDs, res.Records, want)
			}
		})
	}
}

func TestExportErrors(t *testing.T) {
	db := nastyArchive(t)
	ctx := context.Background()
	dir := t.TempDir()
	file := filepath.Join(dir, "file.txt")
	os.WriteFile(file, []byte("x"), 0o644)
	foreign := filepath.Join(dir, "photos")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "cat.jpg"), []byte("x"), 0o644)
	var stdout bytes.Buffer
	canceled, cancel := context.WithCancel(ctx)
	cancel()

	tests := []struct {
		name  string
		ctx   context.Context
		opts  ExportOptions
		usage bool
		msg   string
	}{
		{"markdown to stdout", ctx, ExportOptions{Format: "markdown", Out: "-", Stdout: &stdout}, true, "cannot go to stdout"},
		{"unknown format", ctx, ExportOptions{Format: "xml", Out: "-", Stdout: &stdout}, true, `unknown format "xml"`},
		{"unknown layout", ctx, ExportOptions{Format: "markdown", Out: dir + "/m", Layout: "daily"}, true, `unknown layout "daily"`},
		{"layout for json", ctx, ExportOptions{Format: "json", Out: dir + "/x.json", Layout: "year"}, true, "markdown only"},
		{"no out", ctx, ExportOptions{Format: "json"}, true, "no output path"},
		{"no stdout", ctx, ExportOptions{Format: "json", Out: "-"}, true, "no stdout"},
		{"out is dot", ctx, ExportOptions{Format: "markdown", Out: "."}, true, "names no file or folder"},
		{"bad status", ctx, ExportOptions{Format: "json", Out: "-", Stdout: &stdout, Status: "dead"}, true, `unknown status "dead"`},
		{"until before since", ctx, ExportOptions{Format: "json", Out: "-", Stdout: &stdout, Since: t0, Until: t0.Add(-time.Hour)}, true, "before since"},
		{"parent is a file", ctx, ExportOptions{Format: "jsonl", Out: file + "/x.jsonl"}, false, "not a directory"},
		{"archive parent is a file", ctx, ExportOptions{Format: "markdown", Out: file + "/x.zip"}, false, "not a directory"},
		{"folder parent is a file", ctx, ExportOptions{Format: "markdown", Out: file + "/md"}, false, "not a directory"},
		{"json onto a folder", ctx, ExportOptions{Format: "json", Out: foreign}, false, "is a directory"},
		{"markdown onto a file", ctx, ExportOptions{Format: "markdown", Out: file}, false, "not a folder"},
		{"markdown onto another folder", ctx, ExportOptions{Format: "markdown", Out: foreign}, false, "not an earlier markdown export"},
		{"canceled file", canceled, ExportOptions{Format: "jsonl", Out: dir + "/c.jsonl"}, false, "canceled"},
		{"canceled folder", canceled, ExportOptions{Format: "markdown", Out: dir + "/cm"}, false, "canceled"},
		{"canceled zip", canceled, ExportOptions{Format: "markdown", Out: dir + "/c.zip"}, false, "canceled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Export(tt.ctx, db, tt.opts)
			if err == nil {
				t.Fatal("export succeeded")
			}
			if errors.Is(err, ErrInvalidOptions) != tt.usage || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q (usage %v), want %q (usage %v)", err, errors.Is(err, ErrInvalidOptions), tt.msg, tt.usage)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
	// Failed exports leave nothing behind.
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"file.txt", "photos"}) {
		t.Errorf("left in the folder: %v", names)
	}
	if files := readTree(t, foreign); len(files) != 1 {
		t.Errorf("foreign folder touched: %v", files)
	}
}

func TestExportReplacesEarlierMarkdown(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "markdown")
	mustPut(t, db, PutInput{Record: article("https://example.com/a/1", "First", essay), Now: t0})
	if _, err := Export(ctx, db, ExportOptions{Format: FormatMarkdown, Out: out}); err != nil {
		t.Fatal(err)
	}
	mustPut(t, db, PutInput{Record: article("https://example.com/a/2", "Second", otherEssay(1)), Now: t0})
	if err := db.MarkGone(ctx, "https://example.com/a/1", t0); err != nil {
		t.Fatal(err)
	}
	res, err := Export(ctx, db, ExportOptions{Format: FormatMarkdown, Out: out, Status: "live"})
	if err != nil {
		t.Fatalf("second export over the first: %v", err)
	}
	files := readTree(t, out)
	if res.Files != 2 || len(files) != 2 || files["second.md"] == nil || files["first.md"] != nil {
		t.Errorf("after replace: %d files %v", res.Files, slices.Sorted(mapsKeys(files)))
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("%d entries beside the export", len(entries))
	}
}

func mapsKeys(m map[string][]byte) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestExportEmpty(t *testing.T) {
	db := openTestDB(t)
	for format, want := range map[string]string{FormatJSON: "[]\n", FormatJSONL: ""} {
		var buf bytes.Buffer
		res, err := Export(context.Background(), db, ExportOptions{Format: format, Out: "-", Stdout: &buf})
		if err != nil || buf.String() != want || res.Records != 0 {
			t.Errorf("%s: %q %+v %v", format, buf.String(), res, err)
		}
	}
	out := filepath.Join(t.TempDir(), "md")
	if _, err := Export(context.Background(), db, ExportOptions{Format: FormatMarkdown, Out: out}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(out, manifestName))
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil || len(m["files"].([]any)) != 0 {
		t.Errorf("empty manifest %s: %v", b, err)
	}
}

// TestExportGolden pins the exact bytes of each format for a small archive.
// Run with -update to rewrite testdata/TestExportGolden/.
func TestExportGolden(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	recs := []normalize.Record{
		article("https://example.com/a/river/", "What the river is for | Riverside Review", essay),
		article("https://example.com/a/bridge", "Река и мост", otherEssay(1)),
	}
	recs[0].Aliases = []string{"https://example.com/a/river", "https://example.com/print/river"}
	recs[0].Tags = []string{"city", "yes"}
	recs[0].Description = "A plan for the embankment: nostalgia, or transport?"
	recs[0].Modified = "2023-09-15T10:00:00+02:00"
	recs[1].Authors = []string{"Anna Petrova", "Ivan Sidorov"}
	recs[1].Published = "2022-01-05T09:15:00Z"
	recs[1].Markdown = "## Мост\n\nТекст о мосте & <реке>.\n"
	for _, r := range recs {
		mustPut(t, db, PutInput{Record: r, Now: t0})
	}
	dir := t.TempDir()
	outputs := map[string]string{}
	for _, format := range []string{FormatJSON, FormatJSONL} {
		var buf bytes.Buffer
		if _, err := Export(ctx, db, ExportOptions{Format: format, Out: "-", Stdout: &buf}); err != nil {
			t.Fatal(err)
		}
		outputs["records."+format] = buf.String()
	}
	if _, err := Export(ctx, db, ExportOptions{Format: FormatMarkdown, Out: filepath.Join(dir, "md"), Layout: LayoutYear}); err != nil {
		t.Fatal(err)
	}
	for name, b := range readTree(t, filepath.Join(dir, "md")) {
		outputs["markdown/"+name] = string(b)
	}
	golden := filepath.Join("testdata", t.Name())
	if *update {
		os.RemoveAll(golden)
		for name, s := range outputs {
			p := filepath.Join(golden, filepath.FromSlash(name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := readTree(t, golden)
	if len(want) != len(outputs) {
		t.Errorf("golden has %d files, export %d (run with -update)", len(want), len(outputs))
	}
	for name, s := range outputs {
		if string(want[name]) != s {
			t.Errorf("%s differs from the golden file (run with -update):\n%s", name, s)
		}
	}
}
