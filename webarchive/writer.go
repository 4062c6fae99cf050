package webarchive

import (
	"bytes"
	"crypto/sha1"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"
	gowarc "github.com/nlnwa/gowarc/v3"
)

// Response is one HTTP response to write as a WARC response record.
type Response struct {
	// URL is the URL the response was served from (WARC-Target-URI).
	URL string
	// Date is when it was fetched (WARC-Date); zero is refused.
	Date time.Time
	// Status is the HTTP status code; its status line is rebuilt as
	// "HTTP/1.1 <code> <reason>".
	Status int
	// Header holds the response headers. Body is the payload as the
	// client saw it, after any Content-Encoding was removed, so
	// Content-Encoding and Transfer-Encoding are dropped and
	// Content-Length is set to len(Body).
	Header http.Header
	Body   []byte
}

// Written says where a record went.
type Written struct {
	// ID is the WARC-Record-ID, with its angle brackets.
	ID string
	// Offset is where the record's gzip member starts in the output, and
	// Length its size in bytes.
	Offset, Length int64
	// PayloadDigest is the WARC-Payload-Digest (response records only).
	PayloadDigest string
}

// Writer writes WARC 1.1 records, each in a gzip member of its own. It is
// not safe for concurrent use.
type Writer struct {
	w   io.Writer
	off int64
	zw  *gzip.Writer
	buf bytes.Buffer // one compressed record
	blk bytes.Buffer // one response block
	m   gowarc.Marshaler
}

// NewWriter returns a Writer that writes to w, which it neither buffers
// nor closes.
func NewWriter(w io.Writer) *Writer {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression)
	return &Writer{w: w, zw: zw, m: gowarc.NewMarshaler()}
}

// Offset is the number of bytes written so far.
func (w *Writer) Offset() int64 { return w.off }

// recordOptions are the options of every record built: WARC 1.1, sha1
// digests in base32 (what most tools expect), added when missing.
func recordOptions() []gowarc.WarcRecordOption {
	return []gowarc.WarcRecordOption{
		gowarc.WithVersion(gowarc.V1_1),
		gowarc.WithDefaultDigestAlgorithm("sha1"),
		gowarc.WithAddMissingDigest(true),
		gowarc.WithAddMissingContentLength(true),
		gowarc.WithSpecViolationPolicy(gowarc.ErrFail),
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrFail),
	}
}

// RecordID derives a WARC-Record-ID from parts: a name-based UUID (version
// 5 layout) of their sha1, so the same record always gets the same id.
func RecordID(parts ...string) string {
	h := sha1.New()
	for _, p := range parts {
		io.WriteString(h, p)
		h.Write([]byte{0})
	}
	s := h.Sum(nil)
	s[6] = s[6]&0x0f | 0x50
	s[8] = s[8]&0x3f | 0x80
	return fmt.Sprintf("<urn:uuid:%x-%x-%x-%x-%x>", s[0:4], s[4:6], s[6:8], s[8:10], s[10:16])
}

// lineBreaks turns CR and LF into spaces, so a value stays on its line.
var lineBreaks = strings.NewReplacer("\r", " ", "\n", " ")

// Fields is an ordered list of name: value lines, the body of warcinfo and
// metadata records.
type Fields [][2]string

func (f Fields) bytes() []byte {
	var b bytes.Buffer
	for _, kv := range f {
		b.WriteString(kv[0])
		b.WriteString(": ")
		b.WriteString(lineBreaks.Replace(kv[1]))
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

// WriteInfo writes a warcinfo record, which should come first in a file.
func (w *Writer) WriteInfo(filename string, date time.Time, f Fields) (Written, error) {
	id := RecordID("warcinfo", filename, date.UTC().Format(time.RFC3339))
	hdr := Fields{{gowarc.WarcRecordID, id}, {gowarc.WarcDate, warcDate(date)}, {gowarc.ContentType, gowarc.ApplicationWarcFields}}
	if filename != "" {
		hdr = append(hdr, [2]string{gowarc.WarcFilename, filename})
	}
	return w.write(gowarc.Warcinfo, hdr, f.bytes())
}

// WriteResponse writes r as a response record. warcinfo, when not empty,
// is the id of the file's warcinfo record.
func (w *Writer) WriteResponse(r Response, warcinfo string) (Written, error) {
	if r.Date.IsZero() {
		return Written{}, fmt.Errorf("warc: response %s: no date", r.URL)
	}
	if _, err := url.Parse(r.URL); err != nil || r.URL == "" {
		return Written{}, fmt.Errorf("warc: response %q: bad URL", r.URL)
	}
	status := r.Status
	if status == 0 {
		status = http.StatusOK
	}
	blk := &w.blk
	blk.Reset()
	reason := http.StatusText(status)
	if reason == "" {
		reason = "Unknown"
	}
	fmt.Fprintf(blk, "HTTP/1.1 %d %s\r\n", status, reason)
	writeHeader(blk, r.Header, len(r.Body))
	blk.WriteString("\r\n")
	blk.Write(r.Body)
	id := RecordID("response", r.URL, warcDate(r.Date))
	hdr := Fields{
		{gowarc.WarcRecordID, id},
		{gowarc.WarcDate, warcDate(r.Date)},
		{gowarc.WarcTargetURI, r.URL},
		{gowarc.ContentType, "application/http;msgtype=response"},
	}
	if warcinfo != "" {
		hdr = append(hdr, [2]string{gowarc.WarcWarcinfoID, warcinfo})
	}
	return w.write(gowarc.Response, hdr, blk.Bytes())
}

// Request is an HTTP request as a request record holds it: the method,
// the URL asked for (the record's WARC-Target-URI) and the headers sent.
type Request struct {
	Method string
	URL    string
	Header http.Header
}

// WriteRequest writes q, the request that the response record response
// answers, as a request record concurrent to it: the request line, the
// Host header (q's, else the URL's host) and q's other headers sorted by
// name. It should follow its response in the file.
func (w *Writer) WriteRequest(q Request, response Written, date time.Time, warcinfo string) (Written, error) {
	u, err := url.Parse(q.URL)
	if err != nil || q.URL == "" || u.Host == "" {
		return Written{}, fmt.Errorf("warc: request %q: bad URL", q.URL)
	}
	method := q.Method
	if method == "" {
		method = http.MethodGet
	}
	host := q.Header.Get("Host")
	if host == "" {
		host = u.Host
	}
	var blk bytes.Buffer
	fmt.Fprintf(&blk, "%s %s HTTP/1.1\r\nHost: %s\r\n", method, u.RequestURI(), lineBreaks.Replace(host))
	keys := make([]string, 0, len(q.Header))
	for k := range q.Header {
		if http.CanonicalHeaderKey(k) != "Host" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range q.Header[k] {
			blk.WriteString(k)
			blk.WriteString(": ")
			blk.WriteString(lineBreaks.Replace(v))
			blk.WriteString("\r\n")
		}
	}
	blk.WriteString("\r\n")
	hdr := Fields{
		{gowarc.WarcRecordID, RecordID("request", q.URL, warcDate(date), response.ID)},
		{gowarc.WarcDate, warcDate(date)},
		{gowarc.WarcTargetURI, q.URL},
		{gowarc.WarcConcurrentTo, response.ID},
		{gowarc.ContentType, "application/http;msgtype=request"},
	}
	if warcinfo != "" {
		hdr = append(hdr, [2]string{gowarc.WarcWarcinfoID, warcinfo})
	}
	return w.write(gowarc.Request, hdr, blk.Bytes())
}

// WriteMetadata writes a metadata record about the record refersTo, whose
// target URI was uri.
func (w *Writer) WriteMetadata(refersTo, uri string, date time.Time, f Fields) (Written, error) {
	id := RecordID("metadata", refersTo)
	hdr := Fields{
		{gowarc.WarcRecordID, id},
		{gowarc.WarcDate, warcDate(date)},
		{gowarc.WarcTargetURI, uri},
		{gowarc.WarcRefersTo, refersTo},
		{gowarc.WarcConcurrentTo, refersTo},
		{gowarc.ContentType, gowarc.ApplicationWarcFields},
	}
	return w.write(gowarc.Metadata, hdr, f.bytes())
}

// write builds one record with gowarc, which adds Content-Length and the
// digests, and writes it as one gzip member.
func (w *Writer) write(t gowarc.RecordType, hdr Fields, block []byte) (Written, error) {
	rb := gowarc.NewRecordBuilder(t, recordOptions()...)
	for _, kv := range hdr {
		rb.AddWarcHeader(kv[0], kv[1])
	}
	if _, err := rb.Write(block); err != nil {
		rb.Close()
		return Written{}, fmt.Errorf("warc: build %s record: %w", t, err)
	}
	rec, _, err := rb.Build()
	if err != nil {
		return Written{}, fmt.Errorf("warc: build %s record %s: %w", t, hdr[0][1], err)
	}
	defer rec.Close()
	w.buf.Reset()
	w.zw.Reset(&w.buf)
	if _, _, err := w.m.Marshal(w.zw, rec, 0); err != nil {
		return Written{}, fmt.Errorf("warc: write %s record: %w", t, err)
	}
	if err := w.zw.Close(); err != nil {
		return Written{}, fmt.Errorf("warc: compress %s record: %w", t, err)
	}
	n, err := w.w.Write(w.buf.Bytes())
	wr := Written{ID: rec.RecordId(), Offset: w.off, Length: int64(n)}
	if !strings.HasPrefix(wr.ID, "<") {
		wr.ID = "<" + wr.ID + ">"
	}
	w.off += int64(n)
	if err != nil {
		return Written{}, fmt.Errorf("warc: write %s record: %w", t, err)
	}
	wr.PayloadDigest = rec.WarcHeader().Get(gowarc.WarcPayloadDigest)
	return wr, nil
}

// writeHeader writes h sorted by name, as a client saw it: the body it
// goes with is decoded, so the length is the body's and no encodings are
// named.
func writeHeader(b *bytes.Buffer, h http.Header, n int) {
	keys := make([]string, 0, len(h))
	for k := range h {
		switch http.CanonicalHeaderKey(k) {
		case "Content-Length", "Content-Encoding", "Transfer-Encoding":
			continue
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			b.WriteString(k)
			b.WriteString(": ")
			b.WriteString(lineBreaks.Replace(v))
			b.WriteString("\r\n")
		}
	}
	b.WriteString("Content-Length: ")
	b.WriteString(strconv.Itoa(n))
	b.WriteString("\r\n")
}

// warcDate formats t as WARC-Date wants it: UTC, RFC 3339, with
// fractional seconds only when there are some.
func warcDate(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.999999999Z07:00")
}
