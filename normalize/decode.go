package normalize

import (
	"bytes"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/saintfish/chardet"
	"golang.org/x/net/html"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// prescanLimit is how far into a document we look for a <meta> charset.
// The HTML standard says 1024 bytes, but real pages put kilobytes of
// scripts and styles before it.
const prescanLimit = 64 << 10

// Decode converts a page's bytes to UTF-8. The charset is taken, in order,
// from a byte-order mark, the Content-Type header, a <meta charset> or
// http-equiv declaration, and finally statistical detection. Two common lies
// are corrected: a page declared as a legacy charset that is in fact valid
// UTF-8, and a page declared UTF-8 whose bytes are not. It returns the UTF-8
// bytes and the name of the charset used.
func Decode(body []byte, header http.Header) ([]byte, string) {
	if enc, name, ok := bomEncoding(body); ok {
		return transcode(body, enc), name
	}
	declared := ""
	if header != nil {
		if _, params, err := mime.ParseMediaType(header.Get("Content-Type")); err == nil {
			declared = params["charset"]
		}
	}
	if declared == "" {
		declared = metaCharset(body)
	}
	if declared != "" {
		enc, err := htmlindex.Get(declared)
		if err == nil {
			name, _ := htmlindex.Name(enc)
			switch {
			case name == "utf-8" && (utf8.Valid(body) || mostlyUTF8(body)):
				return toValidUTF8(body), "utf-8"
			case name == "utf-8":
				// Declared UTF-8 but it is not: fall through to detection.
			case isASCIICompatible(name) && hasMultibyteUTF8(body) && utf8.Valid(body):
				// A legacy label on a page that is really UTF-8.
				return body, "utf-8"
			default:
				return transcode(body, enc), name
			}
		}
	}
	if utf8.Valid(body) {
		return body, "utf-8"
	}
	if name := detect(body); name != "" {
		if enc, err := htmlindex.Get(name); err == nil {
			n, _ := htmlindex.Name(enc)
			return transcode(body, enc), n
		}
	}
	return transcode(body, charmap.Windows1252), "windows-1252"
}

func bomEncoding(b []byte) (encoding.Encoding, string, bool) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return unicode.UTF8BOM, "utf-8", true
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be", true
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le", true
	}
	return nil, "", false
}

// metaCharset finds the charset declared by a <meta> element in the
// document's first prescanLimit bytes, or "".
func metaCharset(body []byte) string {
	if len(body) > prescanLimit {
		body = body[:prescanLimit]
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) == "body" {
				return ""
			}
			if string(name) != "meta" || !hasAttr {
				continue
			}
			var cs, content, equiv string
			for {
				k, v, more := z.TagAttr()
				switch strings.ToLower(string(k)) {
				case "charset":
					cs = string(v)
				case "content":
					content = string(v)
				case "http-equiv":
					equiv = string(v)
				}
				if !more {
					break
				}
			}
			if cs = strings.TrimSpace(cs); cs != "" {
				return cs
			}
			if strings.EqualFold(strings.TrimSpace(equiv), "content-type") {
				if _, params, err := mime.ParseMediaType(content); err == nil && params["charset"] != "" {
					return params["charset"]
				}
				if i := strings.Index(strings.ToLower(content), "charset="); i >= 0 {
					return strings.Trim(content[i+len("charset="):], " \"';")
				}
			}
		}
	}
}

func detect(body []byte) string {
	sample := body
	if len(sample) > 256<<10 {
		sample = sample[:256<<10]
	}
	res, err := chardet.NewHtmlDetector().DetectBest(sample)
	if err != nil || res == nil {
		return ""
	}
	return res.Charset
}

func transcode(b []byte, enc encoding.Encoding) []byte {
	out, _, err := transform.Bytes(enc.NewDecoder(), b)
	if err != nil {
		return toValidUTF8(b)
	}
	return toValidUTF8(out)
}

func toValidUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD"))
}

// mostlyUTF8 reports whether invalid sequences are rare enough that the page
// is UTF-8 with a few broken bytes rather than another charset.
func mostlyUTF8(b []byte) bool {
	bad, multi := 0, 0
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			bad++
		} else if n > 1 {
			multi++
		}
		b = b[n:]
	}
	return bad*20 < multi
}

func hasMultibyteUTF8(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

func isASCIICompatible(name string) bool {
	return !strings.HasPrefix(name, "utf-16")
}
