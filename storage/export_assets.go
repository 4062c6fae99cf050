package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"
)

// maxAssetsPerRecord caps the images downloaded for one record; the links
// of any more are left as they are.
const maxAssetsPerRecord = 200

// Asset is one downloaded image: its bytes and the Content-Type it was
// served with.
type Asset struct {
	Body        []byte
	ContentType string
}

// AssetFunc downloads the image at an absolute http(s) URL for a markdown
// export. It is called once per distinct image of a record, in the order
// the images appear, from the goroutine running Export; it should bound
// its own time and size. An error leaves that image's link pointing at the
// original URL and is counted in ExportResult.AssetErrors.
type AssetFunc func(ctx context.Context, url string) (Asset, error)

// manifestAsset is one downloaded image in index.json.
type manifestAsset struct {
	Path   string `json:"path"`
	URL    string `json:"url"`
	SHA256 string `json:"sha256"`
}

// imageRe matches a Markdown image: ![alt](destination "title"), the
// destination bare or in angle brackets.
var imageRe = regexp.MustCompile(`!\[((?:[^\]\\\n]|\\.)*)\]\(\s*(<[^>\n]*>|[^)\s]+)(\s+"(?:[^"\\\n]|\\.)*")?\s*\)`)

// imageExts maps image media types to file extensions.
var imageExts = map[string]string{
	"image/jpeg":               "jpg",
	"image/pjpeg":              "jpg",
	"image/png":                "png",
	"image/gif":                "gif",
	"image/webp":               "webp",
	"image/avif":               "avif",
	"image/svg+xml":            "svg",
	"image/bmp":                "bmp",
	"image/tiff":               "tiff",
	"image/x-icon":             "ico",
	"image/vnd.microsoft.icon": "ico",
}

// assetExt names the extension of a downloaded image from its declared
// type, else from its first bytes. ok is false for anything that is not
// an image, such as an HTML error page served with status 200.
func assetExt(a Asset) (string, bool) {
	mt, _, err := mime.ParseMediaType(a.ContentType)
	if err == nil {
		if ext, ok := imageExts[strings.ToLower(mt)]; ok {
			return ext, true
		}
	}
	sniffed, _, _ := mime.ParseMediaType(http.DetectContentType(a.Body))
	if ext, ok := imageExts[sniffed]; ok {
		return ext, true
	}
	if bytes.Contains(a.Body[:min(len(a.Body), 1024)], []byte("<svg")) && !bytes.Contains(bytes.ToLower(a.Body[:min(len(a.Body), 1024)]), []byte("<html")) {
		return "svg", true
	}
	return "", false
}

// localizeImages downloads the images of the Markdown body md, written to
// the file mdName, into assets/<id>/<n>.<ext> of the sink, and returns the
// body with those images pointing at the files, relative to mdName.
// Images inside fenced code blocks are left alone.
func (mw *markdownWriter) localizeImages(ctx context.Context, id, mdName, md string) (string, []manifestAsset, error) {
	if !strings.Contains(md, "![") {
		return md, nil, nil
	}
	up := strings.Repeat("../", strings.Count(mdName, "/"))
	local := map[string]string{} // image URL → relative path, or "" when it failed
	var added []manifestAsset
	fetch := func(u string) (string, error) {
		if p, ok := local[u]; ok {
			return p, nil
		}
		if len(local) >= maxAssetsPerRecord {
			return "", nil
		}
		local[u] = ""
		a, err := mw.assets(ctx, u)
		if err != nil {
			if ctx.Err() != nil {
				return "", ctx.Err()
			}
			mw.assetErrors++
			return "", nil
		}
		ext, ok := assetExt(a)
		if !ok {
			mw.assetErrors++
			return "", nil
		}
		name := fmt.Sprintf("assets/%s/%d.%s", id, len(added)+1, ext)
		if err := mw.sink.add(name, int64(len(a.Body)), bytes.NewReader(a.Body)); err != nil {
			return "", fmt.Errorf("write %s: %w", name, err)
		}
		sum := sha256.Sum256(a.Body)
		added = append(added, manifestAsset{Path: name, URL: u, SHA256: hex.EncodeToString(sum[:])})
		mw.assetCount++
		local[u] = up + name
		return local[u], nil
	}

	var out strings.Builder
	fence := ""
	for line := range strings.SplitAfterSeq(md, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if f := fenceOf(trimmed); f != "" {
			switch {
			case fence == "":
				fence = f
			case strings.HasPrefix(trimmed, fence) && strings.TrimSpace(strings.TrimLeft(trimmed, fence[:1])) == "":
				fence = ""
			}
		}
		if fence != "" || !strings.Contains(line, "![") {
			out.WriteString(line)
			continue
		}
		var ferr error
		line = imageRe.ReplaceAllStringFunc(line, func(m string) string {
			if ferr != nil {
				return m
			}
			sub := imageRe.FindStringSubmatch(m)
			dest := strings.TrimSuffix(strings.TrimPrefix(sub[2], "<"), ">")
			u, err := url.Parse(dest)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return m
			}
			p, err := fetch(dest)
			if err != nil {
				ferr = err
				return m
			}
			if p == "" {
				return m
			}
			return "![" + sub[1] + "](" + path.Clean(p) + sub[3] + ")"
		})
		if ferr != nil {
			return "", nil, ferr
		}
		out.WriteString(line)
	}
	return out.String(), added, nil
}

// fenceOf returns the fence that opens or closes a fenced code block at
// the start of line (``` or ~~~, or longer), or "".
func fenceOf(line string) string {
	for _, c := range []string{"`", "~"} {
		n := 0
		for n < len(line) && line[n] == c[0] {
			n++
		}
		if n >= 3 {
			return line[:n]
		}
	}
	return ""
}
