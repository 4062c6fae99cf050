package storage

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"go.yaml.in/yaml/v3"
)

// manifestName is the manifest at the root of a markdown export.
const manifestName = "index.json"

// frontMatter is the YAML head of an exported Markdown file, in the order
// written. Hugo and Jekyll both read it as is. Hugo refuses absolute URLs
// in url and aliases, so those carry paths on the record's own host, and
// the full URLs go in source_url and source_aliases.
type frontMatter struct {
	Title         string     `yaml:"title,omitempty"`
	Date          *yaml.Node `yaml:"date,omitempty"`
	Lastmod       *yaml.Node `yaml:"lastmod,omitempty"`
	Authors       []string   `yaml:"authors,omitempty"`
	Tags          []string   `yaml:"tags,omitempty"`
	Description   string     `yaml:"description,omitempty"`
	URL           string     `yaml:"url,omitempty"`
	Aliases       []string   `yaml:"aliases,omitempty"`
	SourceURL     string     `yaml:"source_url"`
	SourceAliases []string   `yaml:"source_aliases,omitempty"`
	Status        string     `yaml:"status"`
	ID            string     `yaml:"id"`
}

// manifestEntry is one file in index.json.
type manifestEntry struct {
	Path   string          `json:"path"`
	ID     string          `json:"id"`
	URL    string          `json:"url"`
	Title  string          `json:"title"`
	SHA256 string          `json:"sha256"`
	Assets []manifestAsset `json:"assets,omitempty"`
}

// markdownInto writes one .md file per record into sink, then the
// manifest. The manifest is spooled to a temporary file in tmpDir so that
// memory does not grow with the archive.
func (e *exporter) markdownInto(ctx context.Context, sink fileSink, tmpDir string) (ExportResult, error) {
	spool, err := os.CreateTemp(tmpDir, ".index-*.tmp")
	if err != nil {
		return ExportResult{}, fmt.Errorf("create temporary file: %w", pathErr(err))
	}
	defer func() {
		spool.Close()
		os.Remove(spool.Name())
	}()
	mw := &markdownWriter{
		ctx:    ctx,
		assets: e.opts.Assets,
		sink:   sink,
		layout: e.opts.Layout,
		names:  newNamer(),
		spool:  spool,
		index:  bufio.NewWriterSize(spool, 64<<10),
	}
	mw.names.reserve("", manifestName)
	mw.indexEnc = json.NewEncoder(&mw.entry)
	mw.indexEnc.SetEscapeHTML(false)
	head, _ := json.Marshal(e.opts.Layout)
	fmt.Fprintf(mw.index, "{\n  \"format\": \"markdown\",\n  \"layout\": %s,\n  \"files\": [", head)
	n, err := e.each(ctx, mw)
	if err != nil {
		return ExportResult{}, err
	}
	return ExportResult{Records: n, Files: n + 1 + mw.assetCount, Assets: mw.assetCount, AssetErrors: mw.assetErrors}, nil
}

// markdownWriter renders records to Markdown files.
type markdownWriter struct {
	ctx      context.Context
	assets   AssetFunc // nil: image links stay as they are
	sink     fileSink
	layout   string
	names    *namer
	spool    *os.File
	index    *bufio.Writer
	indexEnc *json.Encoder
	entry    bytes.Buffer
	buf      bytes.Buffer
	count    int

	assetCount, assetErrors int
}

func (mw *markdownWriter) write(r normalize.Record) error {
	dir := layoutDir(r, mw.layout)
	name := mw.names.name(dir, baseName(r.Title, r.URL, r.ID), ".md")
	if dir != "" {
		name = dir + "/" + name
	}
	var assets []manifestAsset
	if mw.assets != nil {
		md, added, err := mw.localizeImages(mw.ctx, r.ID, name, r.Markdown)
		if err != nil {
			return fmt.Errorf("record %s: assets: %w", r.ID, err)
		}
		r.Markdown, assets = md, added
	}
	mw.buf.Reset()
	if err := renderMarkdown(&mw.buf, r); err != nil {
		return fmt.Errorf("record %s: %w", r.ID, err)
	}
	sum := sha256.Sum256(mw.buf.Bytes())
	if err := mw.sink.add(name, int64(mw.buf.Len()), bytes.NewReader(mw.buf.Bytes())); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	mw.entry.Reset()
	if err := mw.indexEnc.Encode(manifestEntry{
		Path: name, ID: r.ID, URL: r.URL, Title: strings.ToValidUTF8(r.Title, "\uFFFD"), SHA256: hex.EncodeToString(sum[:]),
		Assets: assets,
	}); err != nil {
		return err
	}
	sep := ",\n    "
	if mw.count == 0 {
		sep = "\n    "
	}
	mw.count++
	mw.index.WriteString(sep)
	_, err := mw.index.Write(bytes.TrimSuffix(mw.entry.Bytes(), []byte("\n")))
	return err
}

// finish closes the manifest and adds it to the export.
func (mw *markdownWriter) finish() error {
	end := "\n  ]\n}\n"
	if mw.count == 0 {
		end = "]\n}\n"
	}
	mw.index.WriteString(end)
	if err := mw.index.Flush(); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	size, err := mw.spool.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}
	if _, err := mw.spool.Seek(0, io.SeekStart); err != nil {
		return err
	}
	return mw.sink.add(manifestName, size, mw.spool)
}

// layoutDir is the folder a record goes in under the given layout.
func layoutDir(r normalize.Record, layout string) string {
	if layout == LayoutFlat || layout == "" {
		return ""
	}
	t, ok := recordDate(r)
	if !ok || t.Year() < 1 || t.Year() > 9999 {
		return "undated"
	}
	if layout == LayoutYear {
		return t.Format("2006")
	}
	return t.Format("2006/01")
}

// renderMarkdown writes a record as YAML front matter and a Markdown body.
func renderMarkdown(w *bytes.Buffer, r normalize.Record) error {
	fm := frontMatter{
		Title:       oneLine(r.Title),
		Date:        yamlDate(r.Published),
		Lastmod:     yamlDate(r.Modified),
		Authors:     cleanAll(r.Authors),
		Tags:        cleanAll(r.Tags),
		Description: oneLine(r.Description),
		SourceURL:   clean(r.URL),
		Status:      clean(r.Status),
		ID:          clean(r.ID),
	}
	fm.URL, fm.Aliases = sitePaths(r)
	for _, a := range r.Aliases {
		fm.SourceAliases = append(fm.SourceAliases, clean(a))
	}
	w.WriteString("---\n")
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&fm); err != nil {
		return fmt.Errorf("front matter: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("front matter: %w", err)
	}
	w.WriteString("---\n\n")
	body := r.Markdown
	if strings.TrimSpace(body) == "" {
		body = r.Text
	}
	body = strings.TrimSpace(clean(body))
	if body != "" {
		w.WriteString(body)
		w.WriteByte('\n')
	}
	return nil
}

// clean makes a string safe for YAML and for readers that expect UTF-8.
func clean(s string) string {
	return strings.ToValidUTF8(s, "\uFFFD")
}

// oneLine is clean with runs of white space, line breaks included, folded
// into one space: titles and names belong on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(clean(s)), " ")
}

func cleanAll(list []string) []string {
	var out []string
	for _, s := range list {
		if s = oneLine(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// yamlDate turns a record date into an unquoted YAML timestamp, a bare
// date when only the day is known, or nil when there is no usable date.
func yamlDate(s string) *yaml.Node {
	t, ok := parseDate(s)
	if !ok {
		return nil
	}
	v := t.Format(time.RFC3339)
	if len(strings.TrimSpace(s)) <= len("2006-01-02") {
		v = t.Format("2006-01-02")
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: v}
}

// sitePaths returns the path of the record's URL, for a site generator to
// serve the page where it was, and the paths of its aliases on the same
// host, for redirects. URLs with a query string, the root path, and
// aliases that differ from the URL only by a trailing slash are left out.
func sitePaths(r normalize.Record) (string, []string) {
	u, err := url.Parse(r.URL)
	if err != nil {
		return "", nil
	}
	own := ""
	if u.RawQuery == "" && u.Path != "" && u.Path != "/" {
		own = clean(u.Path)
	}
	var aliases []string
	for _, a := range r.Aliases {
		au, err := url.Parse(a)
		if err != nil || au.Host != u.Host || au.RawQuery != "" || au.Path == "" || au.Path == "/" {
			continue
		}
		p := clean(au.Path)
		if strings.TrimSuffix(p, "/") == strings.TrimSuffix(clean(u.Path), "/") {
			continue
		}
		aliases = append(aliases, p)
	}
	slices.Sort(aliases)
	return own, slices.Compact(aliases)
}
