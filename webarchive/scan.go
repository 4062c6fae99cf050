package webarchive

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"strings"

	"github.com/klauspost/compress/gzip"
	gowarc "github.com/nlnwa/gowarc/v3"
)

// Scanned is one record as Scan read it: its Entry and, for a response or
// resource record that Scan was asked to keep, its payload.
type Scanned struct {
	Entry
	// Payload is the HTTP response of a kept record (see ReadPayload for
	// what it holds), nil for the others.
	Payload *Payload
	// PayloadErr says why a kept record's payload could not be used: a
	// body over the size limit or an encoding that cannot be undone. The
	// record itself was read.
	PayloadErr error
}

// Scan reads every record of the WARC data in r (size bytes; .warc, or
// .warc.gz with one gzip member per record) once, front to back, and calls
// fn with each, in file order. keep is asked about each response and
// resource record, with its head read: when it returns true the payload
// is read there and then (up to maxBody bytes), so that an import
// decompresses each record once, as the file goes by. A record that
// cannot be read is reported to bad and not given to fn, and reading
// resumes at the next record found after its offset. An error from fn
// stops Scan and is returned. fn must not keep the *Scanned it is given.
func Scan(r io.ReaderAt, size, maxBody int64, keep func(*Entry) bool, fn func(*Scanned) error, bad func(*BadRecord)) error {
	sc := &scanner{r: r, size: size, maxBody: maxBody, keep: keep, pr: NewPayloadReader()}
	optionsMu.Lock()
	sc.u = gowarc.NewUnmarshaler(scanOptions()...)
	optionsMu.Unlock()
	for start := int64(0); start < size; {
		next, err := sc.from(start, fn, bad)
		if err != nil || next <= start {
			return err
		}
		start = next
	}
	return nil
}

// scanner reads records with gowarc from data it decompresses itself, so
// that it keeps each record's bytes as they go by: gowarc, told to
// validate nothing, reads past a payload without keeping it, and told to
// validate, it rewrites header fields it finds invalid (wget's
// bracketed WARC-Target-URI) and digests every block.
type scanner struct {
	r       io.ReaderAt
	size    int64
	maxBody int64
	keep    func(*Entry) bool
	u       gowarc.Unmarshaler
	pr      *PayloadReader // for a payload that cannot be cut from the bytes kept

	file *countReader  // the file from the current start
	fb   *bufio.Reader // over file
	zr   *gzip.Reader
	tee  teeBuffer     // what gb read, the current record's bytes
	gb   *bufio.Reader // what gowarc reads: tee over the record's data
}

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// teeBuffer keeps the bytes read from src.
type teeBuffer struct {
	src io.Reader
	buf []byte
}

func (t *teeBuffer) Read(p []byte) (int, error) {
	n, err := t.src.Read(p)
	t.buf = append(t.buf, p[:n]...)
	return n, err
}

// from reads records from start until the end or the first bad record,
// which it reports; it returns where to look for the next record (size
// at the end).
func (sc *scanner) from(start int64, fn func(*Scanned) error, bad func(*BadRecord)) (int64, error) {
	sc.file = &countReader{r: io.NewSectionReader(sc.r, start, sc.size-start)}
	if sc.fb == nil {
		sc.fb = bufio.NewReaderSize(sc.file, 256<<10)
		sc.gb = bufio.NewReaderSize(&sc.tee, 64<<10)
	} else {
		sc.fb.Reset(sc.file)
	}
	magic, _ := sc.fb.Peek(2)
	gz := len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b
	if !gz {
		sc.tee = teeBuffer{src: sc.fb, buf: sc.tee.buf[:0]}
		sc.gb.Reset(&sc.tee)
	}
	var s Scanned
	for {
		var rec gowarc.WarcRecord
		var skipped, off int64
		var err error
		var raw []byte
		if gz {
			off = start + sc.file.n - int64(sc.fb.Buffered())
			if m, _ := sc.fb.Peek(2); len(m) < 2 || m[0] != 0x1f || m[1] != 0x8b {
				// Bytes that are no gzip member: padding at the end, or
				// junk before the next record, as gowarc would skip.
				if next := resync(sc.r, sc.size, off); next > off && next < sc.size {
					return next, nil
				}
				return sc.size, nil
			}
			rec, raw, err = sc.member()
		} else {
			before := len(sc.tee.buf) - sc.gb.Buffered()
			pos := start + sc.file.n - int64(sc.fb.Buffered()) - int64(sc.gb.Buffered())
			rec, skipped, _, err = sc.u.Unmarshal(sc.gb)
			if errors.Is(err, io.EOF) && rec == nil {
				return sc.size, nil
			}
			off = pos + skipped
			if err == nil {
				raw = sc.tee.buf[before+int(skipped) : len(sc.tee.buf)-sc.gb.Buffered()]
			}
		}
		if err == nil {
			s = Scanned{}
			err = sc.record(rec, raw, off, &s)
			rec.Close()
			end := start + sc.file.n - int64(sc.fb.Buffered())
			if !gz {
				end -= int64(sc.gb.Buffered())
				// Keep only the bytes read ahead, the next record's start.
				n := copy(sc.tee.buf, sc.tee.buf[len(sc.tee.buf)-sc.gb.Buffered():])
				sc.tee.buf = sc.tee.buf[:n]
			}
			s.Length = end - off
			if err == nil {
				if ferr := fn(&s); ferr != nil {
					return sc.size, ferr
				}
				continue
			}
		} else if rec != nil {
			rec.Close()
		}
		if errors.Is(err, gowarc.ErrNoRecord) || (errors.Is(err, io.EOF) && off >= sc.size) {
			return sc.size, nil // only bytes that hold no record left
		}
		if bad != nil {
			bad(&BadRecord{Offset: off, Err: err})
		}
		return resync(sc.r, sc.size, off+1), nil
	}
}

// member reads the gzip member at the reader's position, which must hold
// one record, and returns the record and its decompressed bytes.
func (sc *scanner) member() (gowarc.WarcRecord, []byte, error) {
	var err error
	if sc.zr == nil {
		sc.zr, err = gzip.NewReader(sc.fb)
	} else {
		err = sc.zr.Reset(sc.fb)
	}
	if err != nil {
		return nil, nil, err
	}
	sc.zr.Multistream(false)
	sc.tee = teeBuffer{src: sc.zr, buf: sc.tee.buf[:0]}
	sc.gb.Reset(&sc.tee)
	rec, skipped, _, err := sc.u.Unmarshal(sc.gb)
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return rec, nil, err
	}
	// The rest of the member, read through, checks its length and CRC.
	if _, err := io.Copy(io.Discard, sc.gb); err != nil {
		return rec, nil, err
	}
	return rec, sc.tee.buf[skipped:], nil
}

// record fills s from rec, whose bytes (from its WARC/ line) are raw.
func (sc *scanner) record(rec gowarc.WarcRecord, raw []byte, off int64, s *Scanned) error {
	e, err := entryHead(rec, off)
	if err != nil {
		return err
	}
	s.Entry = e
	if sc.keep == nil || (e.Type != "response" && e.Type != "resource") || !sc.keep(&s.Entry) {
		return nil
	}
	p, perr := sc.payload(rec, raw, &s.Entry)
	if errors.Is(perr, errNotCut) {
		// Not in the bytes kept as expected: read it the slow way.
		p, perr = sc.pr.Read(sc.r, sc.size, off, 0, sc.maxBody)
	}
	var b *BadRecord
	switch {
	case errors.As(perr, &b):
		return b.Err
	case perr != nil:
		s.PayloadErr = fmt.Errorf("warc: record at offset %d: %w", off, perr)
	default:
		s.Payload = &p
	}
	return nil
}

// errNotCut is a payload that could not be found in a record's bytes.
var errNotCut = errors.New("payload not found in the record's bytes")

// errBodyTooLarge is a payload over the limit the caller set.
var errBodyTooLarge = errors.New("body over the size limit")

// payload cuts the HTTP response of a response record out of its bytes:
// the block starts with the HTTP head gowarc parsed and is Content-Length
// bytes long. A record whose block is shorter is truncated.
func (sc *scanner) payload(rec gowarc.WarcRecord, raw []byte, e *Entry) (Payload, error) {
	blk, ok := rec.Block().(gowarc.HttpResponseBlock)
	if !ok {
		return Payload{}, errNotCut
	}
	head := blk.ProtocolHeaderBytes()
	length, err := rec.WarcHeader().GetInt64(gowarc.ContentLength)
	at := bytes.Index(raw, head)
	if err != nil || at < 0 || len(head) == 0 || length < int64(len(head)) {
		return Payload{}, errNotCut
	}
	if int64(len(raw)-at) < length {
		return Payload{}, &BadRecord{Err: fmt.Errorf("block of %d bytes ends after %d: %w", length, len(raw)-at, io.ErrUnexpectedEOF)}
	}
	status, hdr := e.status, e.httpHeader
	if hdr == nil {
		return Payload{}, fmt.Errorf("no HTTP response head")
	}
	e.httpHeader = nil // decodeBody changes it
	body := raw[at+len(head) : at+int(length)]
	if int64(len(body)) > sc.maxBody {
		return Payload{}, fmt.Errorf("%w (%d bytes)", errBodyTooLarge, sc.maxBody)
	}
	b, err := sc.pr.decodeBody(hdr, body, sc.maxBody)
	if err != nil {
		return Payload{}, err
	}
	if len(b) > 0 && &b[0] == &body[0] {
		b = bytes.Clone(b) // raw is reused for the next record
	}
	return Payload{Status: status, Header: hdr, Body: b}, nil
}

// parseRequestHead reads an HTTP/1.x request head.
func parseRequestHead(b []byte) (method string, h http.Header, err error) {
	tp := textproto.NewReader(bufio.NewReader(bytes.NewReader(b)))
	line, err := tp.ReadLine()
	if err != nil {
		return "", nil, err
	}
	parts := strings.Fields(line)
	if len(parts) != 3 || !strings.HasPrefix(parts[2], "HTTP/") {
		return "", nil, fmt.Errorf("bad request line %q", line)
	}
	mh, err := tp.ReadMIMEHeader()
	if err != nil && len(mh) == 0 && !errors.Is(err, io.EOF) {
		return parts[0], http.Header{}, nil
	}
	return parts[0], http.Header(mh), nil
}
