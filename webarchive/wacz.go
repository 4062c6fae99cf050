package webarchive

import (
	"archive/zip"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net/url"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// WACZVersion is the WACZ specification version written.
const WACZVersion = "1.1.1"

// IndexLine is one CDXJ line of a WACZ index: where a response record is.
type IndexLine struct {
	URL      string
	Date     time.Time
	Status   int
	Mime     string
	Digest   string
	Offset   int64
	Length   int64
	Filename string
}

// PageLine is one entry of a WACZ pages.jsonl: a page worth listing.
type PageLine struct {
	ID    string
	URL   string
	Date  time.Time
	Title string
}

// WACZInfo describes a package in its datapackage.json.
type WACZInfo struct {
	Title    string
	Software string
	Created  time.Time
}

// WriteWACZ writes a WACZ package to w: the WARC file warc (size bytes,
// stored uncompressed as archive/<warcName>, since its records are
// gzipped already), indexes/index.cdxj from index (sorted by SURT and
// date), pages/pages.jsonl from pages, and datapackage.json naming every
// file with its sha256 and size. The same input writes the same bytes.
func WriteWACZ(w io.Writer, warcName string, warc io.ReadSeeker, size int64, index []IndexLine, pages []PageLine, info WACZInfo) error {
	zw := zip.NewWriter(w)
	type resource struct {
		Name  string `json:"name"`
		Path  string `json:"path"`
		Hash  string `json:"hash"`
		Bytes int64  `json:"bytes"`
	}
	var res []resource
	modified := info.Created.UTC()
	if modified.IsZero() || modified.Year() < 1980 {
		modified = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}

	// The WARC: CRC and hash first, then the bytes as they are.
	crc, sum := crc32.NewIEEE(), sha256.New()
	if _, err := warc.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := io.Copy(io.MultiWriter(crc, sum), warc); err != nil {
		return fmt.Errorf("wacz: read warc: %w", err)
	}
	if _, err := warc.Seek(0, io.SeekStart); err != nil {
		return err
	}
	warcPath := "archive/" + warcName
	fw, err := zw.CreateRaw(&zip.FileHeader{
		Name: warcPath, Method: zip.Store, Modified: modified,
		CRC32: crc.Sum32(), CompressedSize64: uint64(size), UncompressedSize64: uint64(size),
	})
	if err != nil {
		return fmt.Errorf("wacz: %w", err)
	}
	if _, err := io.Copy(fw, warc); err != nil {
		return fmt.Errorf("wacz: write warc: %w", err)
	}
	res = append(res, resource{Name: warcName, Path: warcPath, Hash: "sha256:" + hex.EncodeToString(sum.Sum(nil)), Bytes: size})

	add := func(name string, b []byte) error {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return fmt.Errorf("wacz: %w", err)
		}
		if _, err := fw.Write(b); err != nil {
			return fmt.Errorf("wacz: write %s: %w", name, err)
		}
		h := sha256.Sum256(b)
		res = append(res, resource{Name: path.Base(name), Path: name, Hash: "sha256:" + hex.EncodeToString(h[:]), Bytes: int64(len(b))})
		return nil
	}

	type keyed struct {
		key  string
		line []byte
	}
	lines := make([]keyed, 0, len(index))
	for _, l := range index {
		j, err := json.Marshal(struct {
			URL      string `json:"url"`
			Mime     string `json:"mime,omitempty"`
			Status   string `json:"status"`
			Digest   string `json:"digest,omitempty"`
			Length   string `json:"length"`
			Offset   string `json:"offset"`
			Filename string `json:"filename"`
		}{l.URL, l.Mime, strconv.Itoa(l.Status), l.Digest, strconv.FormatInt(l.Length, 10), strconv.FormatInt(l.Offset, 10), l.Filename})
		if err != nil {
			return err
		}
		key := SURT(l.URL) + " " + l.Date.UTC().Format("20060102150405")
		lines = append(lines, keyed{key, j})
	}
	slices.SortStableFunc(lines, func(a, b keyed) int { return cmp.Compare(a.key, b.key) })
	var cdx bytes.Buffer
	for _, l := range lines {
		cdx.WriteString(l.key)
		cdx.WriteByte(' ')
		cdx.Write(l.line)
		cdx.WriteByte('\n')
	}
	if err := add("indexes/index.cdxj", cdx.Bytes()); err != nil {
		return err
	}

	var pj bytes.Buffer
	pj.WriteString(`{"format":"json-pages-1.0","id":"pages","title":"All Pages"}` + "\n")
	for _, p := range pages {
		j, err := json.Marshal(struct {
			ID    string `json:"id"`
			URL   string `json:"url"`
			TS    string `json:"ts"`
			Title string `json:"title,omitempty"`
		}{p.ID, p.URL, p.Date.UTC().Format(time.RFC3339), p.Title})
		if err != nil {
			return err
		}
		pj.Write(j)
		pj.WriteByte('\n')
	}
	if err := add("pages/pages.jsonl", pj.Bytes()); err != nil {
		return err
	}

	dp, err := json.MarshalIndent(struct {
		Profile     string     `json:"profile"`
		WACZVersion string     `json:"wacz_version"`
		Title       string     `json:"title,omitempty"`
		Created     string     `json:"created"`
		Software    string     `json:"software"`
		Resources   []resource `json:"resources"`
	}{"data-package", WACZVersion, info.Title, info.Created.UTC().Format(time.RFC3339), info.Software, res}, "", "  ")
	if err != nil {
		return err
	}
	if err := add("datapackage.json", dp); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("wacz: %w", err)
	}
	return nil
}

// SURT is the sort-friendly form of a URL that CDX indexes are keyed by:
// host labels reversed and joined with commas, a leading www dropped,
// then ")" and the path and query, all lower case
// ("https://www.Example.org:8080/a?b" → "org,example:8080)/a?b").
func SURT(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return strings.ToLower(raw)
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimPrefix(host, "www.")
	labels := strings.Split(host, ".")
	slices.Reverse(labels)
	s := strings.Join(labels, ",")
	if p := u.Port(); p != "" && !(u.Scheme == "http" && p == "80") && !(u.Scheme == "https" && p == "443") {
		s += ":" + p
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	s += ")" + p
	if u.RawQuery != "" {
		s += "?" + u.RawQuery
	}
	return strings.ToLower(s)
}

// WACZPart is one WARC file inside a WACZ package.
type WACZPart struct {
	Name string
	R    io.ReaderAt
	Size int64
}

// OpenWACZ lists the WARC files of the WACZ package in r (size bytes):
// its archive/*.warc and archive/*.warc.gz entries, in name order. Stored
// entries are read in place; compressed ones are copied to temporary
// files, which cleanup removes.
func OpenWACZ(r io.ReaderAt, size int64) (parts []WACZPart, cleanup func(), err error) {
	var temps []*os.File
	cleanup = func() {
		for _, f := range temps {
			f.Close()
			os.Remove(f.Name())
		}
	}
	defer func() {
		if err != nil {
			cleanup()
		}
	}()
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, cleanup, fmt.Errorf("wacz: %w", err)
	}
	for _, f := range zr.File {
		name := f.Name
		lower := strings.ToLower(name)
		if !strings.HasPrefix(lower, "archive/") || !(strings.HasSuffix(lower, ".warc") || strings.HasSuffix(lower, ".warc.gz")) {
			continue
		}
		if f.Method == zip.Store {
			off, err := f.DataOffset()
			if err != nil {
				return nil, cleanup, fmt.Errorf("wacz: %s: %w", name, err)
			}
			n := int64(f.UncompressedSize64)
			if off < 0 || off > size || n > size-off {
				return nil, cleanup, fmt.Errorf("wacz: %s: entry runs past the end of the file", name)
			}
			parts = append(parts, WACZPart{Name: name, R: io.NewSectionReader(r, off, n), Size: n})
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, cleanup, fmt.Errorf("wacz: %s: %w", name, err)
		}
		tmp, err := os.CreateTemp("", "ingest-wacz-*.warc")
		if err != nil {
			rc.Close()
			return nil, cleanup, err
		}
		temps = append(temps, tmp)
		n, err := io.Copy(tmp, rc)
		rc.Close()
		if err != nil && !errors.Is(err, zip.ErrChecksum) {
			return nil, cleanup, fmt.Errorf("wacz: %s: %w", name, err)
		}
		parts = append(parts, WACZPart{Name: name, R: tmp, Size: n})
	}
	if len(parts) == 0 {
		return nil, cleanup, fmt.Errorf("wacz: no WARC file under archive/")
	}
	slices.SortFunc(parts, func(a, b WACZPart) int { return cmp.Compare(a.Name, b.Name) })
	return parts, cleanup, nil
}
