package queue

import (
	"encoding/binary"
	"errors"
	"math"
	"net/http"
	"time"

	"github.com/ingest-archive/ingest/normalize"
)

// A result's fields travel in a compact binary layout rather than JSON:
// decoding the answers was a fifth of a coordinator's CPU. Every value is
// written in the order of its struct's fields; a test checks that every
// field of the types below makes the round trip, so a field added to them
// fails it until it is written here too.
//
// Strings and byte slices are a uvarint length and the bytes; slices and
// maps are a uvarint of their length plus one, 0 for nil (a nil slice and
// an empty one stay apart, as they do in JSON); integers are varints;
// floats are their IEEE bits; a pointer is a byte, 0 for nil; a time is
// its MarshalBinary form.

// errShort is a value cut short.
var errShort = errors.New("truncated value")

// appender writes the binary layout.
type appender struct{ b []byte }

func (a *appender) uint(v uint64) { a.b = binary.AppendUvarint(a.b, v) }
func (a *appender) int(v int64)   { a.b = binary.AppendVarint(a.b, v) }
func (a *appender) str(s string) {
	a.uint(uint64(len(s)))
	a.b = append(a.b, s...)
}

func (a *appender) bool(v bool) {
	if v {
		a.b = append(a.b, 1)
	} else {
		a.b = append(a.b, 0)
	}
}

func (a *appender) float(f float64) { a.b = binary.LittleEndian.AppendUint64(a.b, math.Float64bits(f)) }

// count writes the length of a slice or map, 0 for nil.
func (a *appender) count(n int, isNil bool) {
	if isNil {
		a.uint(0)
		return
	}
	a.uint(uint64(n) + 1)
}

func (a *appender) strs(ss []string) {
	a.count(len(ss), ss == nil)
	for _, s := range ss {
		a.str(s)
	}
}

func (a *appender) uint32s(vs []uint32) {
	a.count(len(vs), vs == nil)
	for _, v := range vs {
		a.uint(uint64(v))
	}
}

func (a *appender) time(t time.Time) {
	raw, err := t.MarshalBinary()
	if err != nil { // a zone offset not in whole minutes: keep the instant
		raw, _ = t.UTC().MarshalBinary()
	}
	a.str(string(raw))
}

func (a *appender) header(h http.Header) {
	a.count(len(h), h == nil)
	for k, vs := range h {
		a.str(k)
		a.strs(vs)
	}
}

// reader reads the binary layout; the first error sticks, and every read
// after it returns a zero value.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail() { r.err, r.b = errShort, nil }

func (r *reader) uint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) int() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) bytes() []byte {
	n := r.uint()
	if n > uint64(len(r.b)) {
		r.fail()
		return nil
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) str() string { return string(r.bytes()) }

func (r *reader) bool() bool {
	if len(r.b) == 0 {
		r.fail()
		return false
	}
	v := r.b[0] != 0
	r.b = r.b[1:]
	return v
}

func (r *reader) float() float64 {
	if len(r.b) < 8 {
		r.fail()
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}

// count reads the length of a slice or map; ok is false for nil. A length
// that could not fit in what is left (every element takes a byte at least)
// is an error.
func (r *reader) count() (n int, ok bool) {
	c := r.uint()
	if c == 0 {
		return 0, false
	}
	if c-1 > uint64(len(r.b)) {
		r.fail()
		return 0, false
	}
	return int(c - 1), true
}

func (r *reader) strs() []string {
	n, ok := r.count()
	if !ok {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = r.str()
	}
	return ss
}

func (r *reader) uint32s() []uint32 {
	n, ok := r.count()
	if !ok {
		return nil
	}
	vs := make([]uint32, n)
	for i := range vs {
		vs[i] = uint32(r.uint())
	}
	return vs
}

func (r *reader) time() time.Time {
	var t time.Time
	if raw := r.bytes(); r.err == nil {
		if err := t.UnmarshalBinary(raw); err != nil {
			r.err = err
		}
	}
	return t
}

func (r *reader) header() http.Header {
	n, ok := r.count()
	if !ok {
		return nil
	}
	h := make(http.Header, n)
	for range n {
		k := r.str()
		h[k] = r.strs()
	}
	return h
}

func (a *appender) meta(m *resultMeta) {
	a.str(m.JobID)
	a.str(m.Worker)
	a.int(int64(m.Delivered))
	a.int(int64(m.Status))
	a.header(m.Header)
	a.str(m.FinalURL)
	a.strs(m.Hops)
	a.time(m.FetchedAt)
	a.bool(m.NotText)
	a.str(m.Err)
	a.str(m.ErrKind)
	a.bool(m.Retry)
	a.bool(m.Page != nil)
	if m.Page != nil {
		a.page(m.Page)
	}
	a.int(int64(m.SinceFetch))
	a.str(m.BodyObject)
	a.int(int64(m.BodyLen))
}

func (r *reader) meta(m *resultMeta) {
	m.JobID = r.str()
	m.Worker = r.str()
	m.Delivered = int(r.int())
	m.Status = int(r.int())
	m.Header = r.header()
	m.FinalURL = r.str()
	m.Hops = r.strs()
	m.FetchedAt = r.time()
	m.NotText = r.bool()
	m.Err = r.str()
	m.ErrKind = r.str()
	m.Retry = r.bool()
	if r.bool() {
		m.Page = new(wirePage)
		r.page(m.Page)
	}
	m.SinceFetch = time.Duration(r.int())
	m.BodyObject = r.str()
	m.BodyLen = int(r.int())
}

func (a *appender) page(p *wirePage) {
	a.record(&p.Record)
	a.str(p.PageType)
	a.str(p.Canonical)
	a.strs(p.Links)
	a.strs(p.Feeds)
	a.str(p.Next)
	a.str(p.Refresh)
	a.bool(p.Facts != nil)
	if p.Facts != nil {
		a.facts(p.Facts)
	}
}

func (r *reader) page(p *wirePage) {
	r.record(&p.Record)
	p.PageType = r.str()
	p.Canonical = r.str()
	p.Links = r.strs()
	p.Feeds = r.strs()
	p.Next = r.str()
	p.Refresh = r.str()
	if r.bool() {
		p.Facts = new(normalize.Facts)
		r.facts(p.Facts)
	}
}

func (a *appender) record(rec *normalize.Record) {
	a.str(rec.ID)
	a.str(rec.URL)
	a.strs(rec.Aliases)
	a.str(rec.Title)
	a.strs(rec.Authors)
	a.str(rec.Published)
	a.str(rec.Modified)
	a.str(rec.Lang)
	a.str(rec.SiteName)
	a.str(rec.Description)
	a.strs(rec.Tags)
	a.str(rec.Markdown)
	a.str(rec.Text)
	a.str(rec.ContentHash)
	a.str(rec.Status)
	a.int(int64(rec.Revision))
	a.str(rec.FirstSeen)
	a.str(rec.LastSeen)
}

func (r *reader) record(rec *normalize.Record) {
	rec.ID = r.str()
	rec.URL = r.str()
	rec.Aliases = r.strs()
	rec.Title = r.str()
	rec.Authors = r.strs()
	rec.Published = r.str()
	rec.Modified = r.str()
	rec.Lang = r.str()
	rec.SiteName = r.str()
	rec.Description = r.str()
	rec.Tags = r.strs()
	rec.Markdown = r.str()
	rec.Text = r.str()
	rec.ContentHash = r.str()
	rec.Status = r.str()
	rec.Revision = int(r.int())
	rec.FirstSeen = r.str()
	rec.LastSeen = r.str()
}

func (a *appender) facts(f *normalize.Facts) {
	a.str(f.URL)
	a.str(f.Type)
	a.float(f.Score)
	a.str(f.Template)
	a.str(f.Title)
	a.bool(f.Dated)
	a.str(f.Date)
	a.int(int64(f.TextLen))
	a.str(f.MetaAuthor)
	a.str(f.LDAuthor)
	a.strs(f.Authors)
	a.strs(f.Certain)
	a.count(len(f.Slots), f.Slots == nil)
	for _, s := range f.Slots {
		a.str(s.Path)
		a.str(s.Text)
	}
	a.str(f.BodyPath)
	a.bool(f.Confident)
	a.uint32s(f.Blocks)
	a.uint32s(f.InBody)
	a.uint32s(f.Headings)
	a.uint32s(f.LongHeadings)
	a.uint(uint64(f.LeadHeading))
	a.str(f.Archive)
	a.strs(f.Lists)
	a.uint32s(f.Tail)
}

func (r *reader) facts(f *normalize.Facts) {
	f.URL = r.str()
	f.Type = r.str()
	f.Score = r.float()
	f.Template = r.str()
	f.Title = r.str()
	f.Dated = r.bool()
	f.Date = r.str()
	f.TextLen = int(r.int())
	f.MetaAuthor = r.str()
	f.LDAuthor = r.str()
	f.Authors = r.strs()
	f.Certain = r.strs()
	if n, ok := r.count(); ok {
		f.Slots = make([]normalize.Slot, n)
		for i := range f.Slots {
			f.Slots[i] = normalize.Slot{Path: r.str(), Text: r.str()}
		}
	}
	f.BodyPath = r.str()
	f.Confident = r.bool()
	f.Blocks = r.uint32s()
	f.InBody = r.uint32s()
	f.Headings = r.uint32s()
	f.LongHeadings = r.uint32s()
	f.LeadHeading = uint32(r.uint())
	f.Archive = r.str()
	f.Lists = r.strs()
	f.Tail = r.uint32s()
}
