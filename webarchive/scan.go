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
	for start, resynced := int64(0), false; start < size; resynced = true {
		next, err := sc.from(start, resynced, fn, bad)
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
	pr      *PayloadReader // for its body decoders

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
// at the end). When start was found by resync after a bad record, a
// first record that cannot be read there is taken for a false match
// inside the bad one, and the search goes on without a report.
func (sc *scanner) from(start int64, resynced bool, fn func(*Scanned) error, bad func(*BadRecord)) (int64, error) {
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
		if resynced && off == start {
			return resync(sc.r, sc.size, off+1), nil
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

// record fills s from rec, whose bytes (from its WARC/ line) are raw:
// its block follows the blank line that ends the head gowarc parsed, and
// is Content-Length bytes long. A record whose block is shorter is
// truncated.
func (sc *scanner) record(rec gowarc.WarcRecord, raw []byte, off int64, s *Scanned) error {
	_, rest, ok := cutHead(raw)
	length, err := rec.WarcHeader().GetInt64(gowarc.ContentLength)
	if !ok || err != nil || length < 0 {
		return fmt.Errorf("no WARC head or Content-Length")
	}
	if int64(len(rest)) < length {
		return fmt.Errorf("block of %d bytes ends after %d: %w", length, len(rest), io.ErrUnexpectedEOF)
	}
	block := rest[:length]
	s.Entry = entryHead(rec, off, block)
	if sc.keep == nil || (s.Type != "response" && s.Type != "resource") || !sc.keep(&s.Entry) {
		return nil
	}
	p, perr := sc.payload(block, &s.Entry)
	if perr != nil {
		s.PayloadErr = fmt.Errorf("warc: record at offset %d: %w", off, perr)
		return nil
	}
	s.Payload = &p
	return nil
}

// errBodyTooLarge is a payload over the limit the caller set.
var errBodyTooLarge = errors.New("body over the size limit")

// payload is the HTTP response in the block of a response record (or the
// block of a resource record), as ReadPayload returns it.
func (sc *scanner) payload(block []byte, e *Entry) (Payload, error) {
	var p Payload
	var body []byte
	if e.Type == "resource" {
		p.Status, p.Header, body = http.StatusOK, http.Header{"Content-Type": {e.ContentType}}, block
	} else {
		if e.httpHeader == nil {
			return Payload{}, errors.New("no HTTP response head")
		}
		p.Status, p.Header = e.status, e.httpHeader
		e.httpHeader = nil // decodeBody changes it
		_, body, _ = cutHead(block)
	}
	if int64(len(body)) > sc.maxBody {
		return Payload{}, fmt.Errorf("%w (%d bytes)", errBodyTooLarge, sc.maxBody)
	}
	b, err := sc.pr.decodeBody(p.Header, body, sc.maxBody)
	if err != nil {
		return Payload{}, err
	}
	if len(b) > 0 && len(body) > 0 && &b[0] == &body[0] {
		b = bytes.Clone(b) // raw is reused for the next record
	}
	p.Body = b
	return p, nil
}

// parseRequestHead reads an HTTP/1.x request head.
func parseRequestHead(b []byte) (method string, h http.Header, err error) {
	tp := textproto.NewReader(bufio.NewReaderSize(bytes.NewReader(b), min(len(b), 4096)))
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
