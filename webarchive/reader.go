package webarchive

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"
	gowarc "github.com/nlnwa/gowarc/v3"
)

// Entry is what Scan learns about one record from its head, enough to
// decide what to import without keeping any payload.
type Entry struct {
	// Offset is where the record starts in its file, and Length the bytes
	// it takes there (its gzip member, for a .warc.gz).
	Offset, Length int64
	// Type is the WARC-Type: "response", "revisit", "resource", …
	Type string
	// ID is the WARC-Record-ID without its angle brackets, URI the
	// WARC-Target-URI and Date the WARC-Date.
	ID, URI string
	Date    time.Time
	// Status is the HTTP status of a response or revisit (200 for a
	// resource record), Location its Location header, ContentType the
	// payload's media type.
	Status      int
	Location    string
	ContentType string
	// PayloadDigest is the WARC-Payload-Digest.
	PayloadDigest string
	// RefersTo, RefersToURI and RefersToDate name, for a revisit, the
	// record whose payload it repeats.
	RefersTo, RefersToURI string
	RefersToDate          time.Time
	// Fields holds the name: value lines of a metadata record, nil
	// otherwise.
	Fields Fields
	// ConcurrentTo are the WARC-Concurrent-To ids: for a request record,
	// usually the response it was answered by, or the other way round.
	ConcurrentTo []string
	// Request is the HTTP request of a request record, nil otherwise.
	Request *Request

	status     int         // the HTTP status line's, of a response or revisit
	httpHeader http.Header // the HTTP head of a response or revisit
}

// BadRecord is a record that could not be read. Scan reports it and goes
// on with the next record it can find.
type BadRecord struct {
	Offset int64
	Err    error
}

func (b *BadRecord) Error() string {
	return fmt.Sprintf("corrupt or truncated WARC record at offset %d: %v", b.Offset, b.Err)
}

func (b *BadRecord) Unwrap() error { return b.Err }

// scanOptions are lenient: real archives break the letter of the
// standard in small ways that do not matter for their content. Field
// values are not validated, because gowarc empties a field it finds
// invalid, and wget writes WARC/1.0 records with WARC-Target-URI in angle
// brackets. Blocks are not parsed: Scan reads them from the bytes it
// keeps.
func scanOptions() []gowarc.WarcRecordOption {
	return append(readOptions(gowarc.ErrIgnore), gowarc.WithSkipParseBlock())
}

// payloadOptions read a record's payload. Spec violations are collected
// (and ignored) rather than not looked for, because that makes gowarc
// read and digest each block whole as the record is parsed: streaming a
// payload from the decompressor without it can stop short.
func payloadOptions() []gowarc.WarcRecordOption {
	return readOptions(gowarc.ErrWarn)
}

// readOptions are the lenient options of both passes, with the given
// policy for spec violations.
func readOptions(specViolations gowarc.ErrorPolicy) []gowarc.WarcRecordOption {
	return []gowarc.WarcRecordOption{
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrIgnore),
		gowarc.WithSpecViolationPolicy(specViolations),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrIgnore),
		gowarc.WithBlockErrorPolicy(gowarc.ErrIgnore),
		gowarc.WithBufferMaxMemBytes(1 << 20),
	}
}

// resync finds the next offset at or after from where a record may start:
// a gzip member or a WARC/ version line. The bytes it finds may also occur
// inside a compressed record, so what starts there may not be a record.
func resync(r io.ReaderAt, size, from int64) int64 {
	buf := make([]byte, 64<<10)
	for off := from; off < size; {
		n, err := r.ReadAt(buf, off)
		if n <= 0 {
			return size
		}
		chunk := buf[:n]
		for i := 0; i < len(chunk); i++ {
			switch chunk[i] {
			case 0x1f:
				// A gzip member: its magic, and deflate, the only method.
				if i+2 < len(chunk) && chunk[i+1] == 0x8b && chunk[i+2] == 0x08 {
					return off + int64(i)
				}
			case 'W':
				if bytes.HasPrefix(chunk[i:], []byte("WARC/1.")) {
					return off + int64(i)
				}
			}
		}
		if err != nil {
			return size
		}
		off += int64(max(n-8, 1)) // a magic may straddle two chunks
	}
	return size
}

// entryHead reads what an Entry holds of a record: its head, the HTTP
// head of a response, revisit or request, the fields of a metadata
// record. block is the record's block, as much of it as was read.
func entryHead(rec gowarc.WarcRecord, off int64, block []byte) Entry {
	h := rec.WarcHeader()
	e := Entry{
		Offset:        off,
		Type:          rec.Type().String(),
		ID:            strings.Trim(rec.RecordId(), "<>"),
		URI:           strings.Trim(h.Get(gowarc.WarcTargetURI), "<>"),
		PayloadDigest: h.Get(gowarc.WarcPayloadDigest),
		RefersTo:      strings.Trim(h.Get(gowarc.WarcRefersTo), "<>"),
		RefersToURI:   strings.Trim(h.Get(gowarc.WarcRefersToTargetURI), "<>"),
	}
	if e.Type == "" || e.Type == "unknown" {
		e.Type = strings.ToLower(h.Get(gowarc.WarcType))
	}
	for _, id := range h.GetAll(gowarc.WarcConcurrentTo) {
		e.ConcurrentTo = append(e.ConcurrentTo, strings.Trim(id, "<>"))
	}
	e.Date, _ = time.Parse(time.RFC3339Nano, h.Get(gowarc.WarcDate))
	e.RefersToDate, _ = time.Parse(time.RFC3339Nano, h.Get(gowarc.WarcRefersToDate))
	switch rec.Type() {
	case gowarc.Response, gowarc.Revisit:
		if !bytes.HasPrefix(block, []byte("HTTP/")) {
			return e // not HTTP (dns:, ftp:): nothing to import
		}
		head, _, _ := cutHead(block)
		status, hdr, err := parseHTTPHead(head)
		if err != nil {
			return e // no HTTP head: nothing to import, a revisit still a revisit
		}
		e.Status, e.status, e.httpHeader = status, status, hdr
		e.Location = hdr.Get("Location")
		e.ContentType = hdr.Get("Content-Type")
	case gowarc.Resource:
		e.Status = http.StatusOK
		e.ContentType = h.Get(gowarc.ContentType)
	case gowarc.Request:
		head, _, _ := cutHead(block)
		if m, hdr, err := parseRequestHead(head); err == nil {
			e.Request = &Request{Method: m, URL: e.URI, Header: hdr}
		}
	case gowarc.Metadata:
		if strings.HasPrefix(strings.ToLower(h.Get(gowarc.ContentType)), gowarc.ApplicationWarcFields) {
			e.Fields = parseFields(block[:min(len(block), 1<<20)])
		}
	}
	return e
}

// cutHead splits a message at the blank line that ends its head (CRLF
// lines, or bare LF ones); ok is false when there is none.
func cutHead(b []byte) (head, rest []byte, ok bool) {
	if i := bytes.Index(b, []byte("\r\n\r\n")); i >= 0 {
		return b[:i+4], b[i+4:], true
	}
	if i := bytes.Index(b, []byte("\n\n")); i >= 0 {
		return b[:i+2], b[i+2:], true
	}
	return b, nil, false
}

// parseHTTPHead reads an HTTP/1.x response head.
func parseHTTPHead(b []byte) (int, http.Header, error) {
	tp := textproto.NewReader(bufio.NewReaderSize(bytes.NewReader(b), min(len(b), 4096)))
	line, err := tp.ReadLine()
	if err != nil {
		return 0, nil, err
	}
	parts := strings.Fields(line)
	if len(parts) < 2 || !strings.HasPrefix(parts[0], "HTTP/") {
		return 0, nil, fmt.Errorf("bad status line %q", line)
	}
	status, err := strconv.Atoi(parts[1])
	if err != nil || status < 100 || status > 999 {
		return 0, nil, fmt.Errorf("bad status line %q", line)
	}
	mh, err := tp.ReadMIMEHeader()
	if err != nil && len(mh) == 0 && !errors.Is(err, io.EOF) {
		return status, http.Header{}, nil
	}
	return status, http.Header(mh), nil
}

// parseFields reads application/warc-fields lines.
func parseFields(b []byte) Fields {
	var f Fields
	for line := range strings.SplitSeq(string(b), "\n") {
		line = strings.TrimRight(line, "\r")
		name, value, ok := strings.Cut(line, ":")
		if !ok || name == "" {
			continue
		}
		f = append(f, [2]string{strings.TrimSpace(name), strings.TrimSpace(value)})
	}
	return f
}

// Get returns the first value of name, or "".
func (f Fields) Get(name string) string {
	for _, kv := range f {
		if strings.EqualFold(kv[0], name) {
			return kv[1]
		}
	}
	return ""
}

// All returns every value of name.
func (f Fields) All(name string) []string {
	var out []string
	for _, kv := range f {
		if strings.EqualFold(kv[0], name) {
			out = append(out, kv[1])
		}
	}
	return out
}

// optionsMu serialises the making of gowarc readers: gowarc's option
// defaults set a global of the uuid package each time, so two readers
// made at once would race on it.
var optionsMu sync.Mutex

// Payload is an HTTP response read back from a record.
type Payload struct {
	Status int
	Header http.Header
	Body   []byte
}

// ReadPayload reads the record of length bytes at off (an Entry's Offset
// and Length; a length of 0 reads to the end of r's size bytes) and
// returns its HTTP response: the
// status line, headers and payload of a response record (its payload with
// any Content-Encoding and chunked Transfer-Encoding removed, as a client
// sees it), or the block of a resource record with its Content-Type.
// Bodies over maxBody bytes fail.
func ReadPayload(r io.ReaderAt, size, off, length, maxBody int64) (Payload, error) {
	return NewPayloadReader().Read(r, size, off, length, maxBody)
}

// PayloadReader reads payloads one record at a time, reusing its buffer
// and decompressor from one record to the next. It is not safe for
// concurrent use.
type PayloadReader struct {
	u  gowarc.Unmarshaler
	br *bufio.Reader
	zr *gzip.Reader // for gzip Content-Encoding, made when first needed
	// chunked buffers a chunked body for its decoder, made when first
	// needed.
	chunked *bufio.Reader
}

// NewPayloadReader returns a PayloadReader.
func NewPayloadReader() *PayloadReader {
	optionsMu.Lock()
	defer optionsMu.Unlock()
	return &PayloadReader{u: gowarc.NewUnmarshaler(payloadOptions()...), br: bufio.NewReaderSize(nil, 64<<10)}
}

// Read is ReadPayload.
func (pr *PayloadReader) Read(r io.ReaderAt, size, off, length, maxBody int64) (Payload, error) {
	if off < 0 || off >= size {
		return Payload{}, fmt.Errorf("warc: offset %d outside the file", off)
	}
	if length <= 0 || length > size-off {
		length = size - off
	}
	// Reading no further than the record keeps the buffer from filling
	// with the records after it.
	pr.br.Reset(io.NewSectionReader(r, off, length))
	w, _, _, err := pr.u.Unmarshal(pr.br)
	if err != nil {
		if w != nil {
			w.Close()
		}
		return Payload{}, &BadRecord{Offset: off, Err: err}
	}
	defer w.Close()
	var p Payload
	var body io.Reader
	switch blk := w.Block().(type) {
	case gowarc.HttpResponseBlock:
		status, hdr, err := parseHTTPHead(blk.ProtocolHeaderBytes())
		if err != nil {
			return Payload{}, &BadRecord{Offset: off, Err: err}
		}
		p.Status, p.Header = status, hdr
		if body, err = blk.PayloadBytes(); err != nil {
			return Payload{}, &BadRecord{Offset: off, Err: err}
		}
	default:
		if w.Type() != gowarc.Resource {
			return Payload{}, fmt.Errorf("warc: record at offset %d is a %s record, not an HTTP response", off, w.Type())
		}
		p.Status = http.StatusOK
		p.Header = http.Header{"Content-Type": {w.WarcHeader().Get(gowarc.ContentType)}}
		if body, err = blk.RawBytes(); err != nil {
			return Payload{}, &BadRecord{Offset: off, Err: err}
		}
	}
	b, err := io.ReadAll(io.LimitReader(body, maxBody+1))
	if err != nil {
		return Payload{}, &BadRecord{Offset: off, Err: err}
	}
	if int64(len(b)) > maxBody {
		return Payload{}, fmt.Errorf("warc: record at offset %d: body over %d bytes", off, maxBody)
	}
	if p.Body, err = pr.decodeBody(p.Header, b, maxBody); err != nil {
		return Payload{}, &BadRecord{Offset: off, Err: err}
	}
	return p, nil
}

// Join resolves loc against base, for Location headers; "" when it cannot.
func Join(base, loc string) string {
	b, err := url.Parse(base)
	if err != nil {
		return ""
	}
	l, err := url.Parse(strings.TrimSpace(loc))
	if err != nil {
		return ""
	}
	return b.ResolveReference(l).String()
}

// decodeBody undoes the transfer and content encodings named in h, as an
// HTTP client does, and drops those headers and Content-Length from h:
// what remains describes the decoded body.
func (pr *PayloadReader) decodeBody(h http.Header, b []byte, maxBody int64) ([]byte, error) {
	if te := strings.ToLower(h.Get("Transfer-Encoding")); strings.Contains(te, "chunked") {
		// The joined body is shorter than the chunked one: one buffer of
		// that size (and the room ReadFrom asks for) holds it.
		d := bytes.NewBuffer(make([]byte, 0, min(int64(len(b)), maxBody+1)+bytes.MinRead))
		if pr.chunked == nil {
			pr.chunked = bufio.NewReader(bytes.NewReader(b))
		} else {
			pr.chunked.Reset(bytes.NewReader(b))
		}
		_, err := d.ReadFrom(io.LimitReader(httputil.NewChunkedReader(pr.chunked), maxBody+1))
		// Some tools store a chunked body already joined: keep it as is.
		if err == nil {
			b = d.Bytes()
		}
	}
	switch ce := strings.ToLower(strings.TrimSpace(h.Get("Content-Encoding"))); ce {
	case "", "identity":
	case "gzip", "x-gzip":
		var err error
		if pr.zr == nil {
			pr.zr, err = gzip.NewReader(bytes.NewReader(b))
		} else {
			err = pr.zr.Reset(bytes.NewReader(b))
		}
		if err != nil {
			return nil, fmt.Errorf("content-encoding gzip: %w", err)
		}
		if b, err = io.ReadAll(io.LimitReader(pr.zr, maxBody+1)); err != nil {
			return nil, fmt.Errorf("content-encoding gzip: %w", err)
		}
	case "deflate":
		var rd io.Reader
		if zr, err := zlib.NewReader(bytes.NewReader(b)); err == nil {
			rd = zr
		} else {
			rd = flate.NewReader(bytes.NewReader(b))
		}
		d, err := io.ReadAll(io.LimitReader(rd, maxBody+1))
		if err != nil {
			return nil, fmt.Errorf("content-encoding deflate: %w", err)
		}
		b = d
	default:
		return nil, fmt.Errorf("content-encoding %q is not supported", ce)
	}
	if int64(len(b)) > maxBody {
		return nil, fmt.Errorf("body over %d bytes", maxBody)
	}
	h.Del("Transfer-Encoding")
	h.Del("Content-Encoding")
	h.Del("Content-Length")
	return b, nil
}
