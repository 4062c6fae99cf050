package webarchive

import (
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// MirrorFile is one HTML file of a wget --mirror folder and the URL it
// was downloaded from.
type MirrorFile struct {
	Path string
	URL  string
	// ModTime is the file's modification time: wget sets it to the
	// response's Last-Modified when there was one, else the download time.
	ModTime time.Time
}

// MirrorStats counts a mirror folder's files.
type MirrorStats struct {
	Files   int // regular files seen
	HTML    int // files taken as HTML pages
	NotHTML int // other files: images, style sheets, scripts, feeds
}

// Add adds o's counts to s.
func (s *MirrorStats) Add(o MirrorStats) {
	s.Files += o.Files
	s.HTML += o.HTML
	s.NotHTML += o.NotHTML
}

// MirrorFiles lists the HTML pages of a folder written by wget --mirror
// (or --recursive), whose top folder was downloaded from base, in path
// order. A file's URL is base joined with its path; "index.html" names
// its folder's URL ("a/b/index.html" was "a/b/"), as wget saves it. A
// file is HTML when its extension says so (.html, .htm, .xhtml, .shtml)
// or, without an extension, when its first bytes look like HTML. Hidden
// files and folders, and the robots.txt wget keeps, are skipped.
func MirrorFiles(dir, base string) ([]MirrorFile, MirrorStats, error) {
	var st MirrorStats
	b, err := url.Parse(base)
	if err != nil || b.Host == "" || (b.Scheme != "http" && b.Scheme != "https") {
		return nil, st, fmt.Errorf("mirror: base %q is not an absolute http(s) URL", base)
	}
	if !strings.HasSuffix(b.Path, "/") {
		b.Path += "/"
	}
	var out []MirrorFile
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if p != dir && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		st.Files++
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if !isHTMLFile(p, name) {
			st.NotHTML++
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		st.HTML++
		out = append(out, MirrorFile{Path: p, URL: mirrorURL(b, rel), ModTime: info.ModTime()})
		return nil
	})
	if err != nil {
		return nil, st, fmt.Errorf("mirror %s: %w", dir, err)
	}
	slices.SortFunc(out, func(x, y MirrorFile) int { return strings.Compare(x.Path, y.Path) })
	return out, st, nil
}

// mirrorURL is the URL wget saved as rel under base.
func mirrorURL(base *url.URL, rel string) string {
	query := ""
	if i := strings.IndexByte(rel, '?'); i >= 0 {
		rel, query = rel[:i], rel[i+1:]
	}
	if path.Base(rel) == "index.html" {
		rel = strings.TrimSuffix(rel, "index.html")
	}
	u := *base
	u.Path = base.Path + rel
	u.RawPath = ""
	u.RawQuery = query
	u.Fragment = ""
	return u.String()
}

// isHTMLFile decides whether a mirrored file is an HTML page.
func isHTMLFile(p, name string) bool {
	if name == "robots.txt" {
		return false
	}
	base := name
	if i := strings.IndexByte(base, '?'); i >= 0 {
		base = base[:i]
	}
	switch strings.ToLower(path.Ext(base)) {
	case ".html", ".htm", ".xhtml", ".shtml":
		return true
	case "":
	default:
		return false
	}
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 512)
	n, _ := f.Read(buf)
	mt, _, _ := mime.ParseMediaType(http.DetectContentType(buf[:n]))
	return mt == "text/html"
}

// ReadMirrorFile reads one mirrored page, up to maxBody bytes, with a
// Content-Type header for HTML.
func ReadMirrorFile(f MirrorFile, maxBody int64) (Payload, error) {
	info, err := os.Stat(f.Path)
	if err != nil {
		return Payload{}, err
	}
	if info.Size() > maxBody {
		return Payload{}, fmt.Errorf("mirror %s: %d bytes, over %d", f.Path, info.Size(), maxBody)
	}
	b, err := os.ReadFile(f.Path)
	if err != nil {
		return Payload{}, err
	}
	return Payload{Status: http.StatusOK, Header: http.Header{"Content-Type": {"text/html"}}, Body: b}, nil
}
