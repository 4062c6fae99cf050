package webarchive

import (
	"cmp"
	"maps"
	"mime"
	"slices"
	"strings"
	"time"
)

// maxRedirectHops bounds the redirect chains a Stream follows.
const maxRedirectHops = 10

// Capture is one HTML response to import: where its payload is, and what
// it was.
type Capture struct {
	// Source and Offset locate the record that holds the payload: the
	// response itself or, for a revisit, the response it repeats.
	Source         int
	Offset, Length int64
	// URL is the WARC-Target-URI and Date the WARC-Date of the capture
	// (of the revisit, for one).
	URL  string
	Date time.Time
	// Status is the capture's HTTP status: a revisit's own, unless it is
	// 304 Not Modified, when the payload's record gives it.
	Status int
	// Via are the URLs that redirected to URL, and the aliases an ingest
	// export recorded for it.
	Via []string
	// Revisit is true for a capture resolved from a revisit record.
	Revisit bool
	// Key is the URL's canonical form, under which its captures are
	// ordered (set by a Stream).
	Key string
	// Payload is the response, read as the file went by, of a capture a
	// Stream let through at once; nil when it is to be read from Offset.
	Payload *Payload
	// Request is the request the response answered, when a request record
	// gives it.
	Request *Request

	respID     string   // WARC-Record-ID of the record holding the payload
	order      int      // position among the records of the import
	concurrent []string // the response's WARC-Concurrent-To
}

// Counts are the records an import did not take as captures, and why.
type Counts struct {
	Redirects    int // 3xx responses, followed to their target
	Unresolved   int // revisits whose original record is not in the files
	NotHTML      int // responses of other media types (images, scripts, …)
	NotOK        int // responses with other statuses (404, 500, …)
	OtherRecords int // requests, metadata, warcinfo, dns and other records
}

// recentRequests is how many request records a Stream remembers while it
// waits for the response they belong to.
const recentRequests = 8

// Stream decides what to import from WARC files while they are read, so
// that extraction starts with the first record instead of after an index
// of every file. Give it each record Scan reads, with Wants as Scan's keep
// function; Add returns the captures that may go through the pipeline at
// once, each with its payload. A capture waits in Add until the next
// response or revisit record is read, so that the request record and
// ingest's metadata record written next to it are joined to it.
//
// The first capture of each URL streams. Everything that needs the whole
// files waits for Finish, which returns it in rounds: later
// captures of a URL (revisions in capture order), revisits (resolved once
// every original is known), captures on hosts not known when the import
// started, and the aliases that redirects and metadata records read after
// a streamed capture add to it. When a URL's later capture in the files is
// dated before the one that streamed, Finish asks the caller to undo the
// streamed one, so that revisions still follow WARC-Date.
//
// A Stream is not safe for concurrent use.
type Stream struct {
	Counts
	canon  func(string) string
	hostOK func(string) bool

	order     int
	byID      map[string]respRef
	byURIDate map[string]respRef
	byDigest  map[string]respRef
	redirect  map[string]string   // canonical URL → canonical target
	into      map[string][]string // canonical target → URLs redirecting to it
	aliases   map[string][]string // response id → ingest-alias values not joined while streaming
	keys      map[string]*keyState
	deferred  []*Capture
	revisits  []revisitRef
	pending   *Capture
	last      *Capture // the capture of the latest response record, for a request record after it
	requests  []Entry  // recent request records not yet joined to a response
}

// respRef is what a Stream keeps of a response record to resolve the
// revisits of its payload.
type respRef struct {
	src            int
	offset, length int64
	status         int
	contentType    string
	id             string
}

// keyState is what a Stream knows of one canonical URL.
type keyState struct {
	streamed *Capture // the capture that streamed, without its payload; nil when none did
}

// revisitRef is a revisit record whose original was not read yet.
type revisitRef struct {
	src   int
	e     Entry
	order int
}

// NewStream returns a Stream. canon gives the key under which two URLs are
// the same page ("" for a URL not to import), and hostOK whether a URL's
// captures may stream: the pipeline's scope is set when it starts, so
// captures on a host it does not know wait for Finish.
func NewStream(canon func(string) string, hostOK func(string) bool) *Stream {
	return &Stream{
		canon:     canon,
		hostOK:    hostOK,
		byID:      make(map[string]respRef),
		byURIDate: make(map[string]respRef),
		byDigest:  make(map[string]respRef),
		redirect:  make(map[string]string),
		into:      make(map[string][]string),
		aliases:   make(map[string][]string),
		keys:      make(map[string]*keyState),
	}
}

// MayBePage reports whether e may be a capture to import: a 2xx HTML
// response or resource record, or a revisit.
func (e *Entry) MayBePage() bool {
	switch e.Type {
	case "revisit":
		return true
	case "response", "resource":
		return e.Status >= 200 && e.Status <= 299 && htmlType(e.ContentType)
	}
	return false
}

// Wants is Scan's keep function: true for a response that streams, whose
// payload Scan must read.
func (st *Stream) Wants(e *Entry) bool {
	if e.Status < 200 || e.Status > 299 || !htmlType(e.ContentType) {
		return false
	}
	key := st.canon(e.URI)
	if key == "" || !st.hostOK(e.URI) {
		return false
	}
	_, seen := st.keys[key]
	return !seen
}

// Add takes the next record of file src and returns the captures ready
// for the pipeline, in file order.
func (st *Stream) Add(src int, s *Scanned) []Capture {
	e := &s.Entry
	st.order++
	var out []Capture
	switch e.Type {
	case "response", "resource":
		out = st.flush()
		st.last = nil
		st.index(src, e)
		if s.PayloadErr != nil {
			return out // reported by the caller; its payload is of no use
		}
		key, ok := st.classify(e.Status, e.ContentType, e.URI)
		if !ok {
			return out
		}
		c := &Capture{Source: src, Offset: e.Offset, Length: e.Length, URL: e.URI, Date: e.Date, Status: e.Status,
			Key: key, respID: e.ID, order: st.order, concurrent: e.ConcurrentTo}
		c.Request = st.takeRequest(e)
		st.last = c
		if s.Payload != nil {
			c.Payload = s.Payload
			c.Via = st.viaSoFar(key)
			kept := *c
			kept.Payload = nil
			st.keys[key] = &keyState{streamed: &kept}
			st.pending = c
			return out
		}
		st.deferCapture(c)
	case "revisit":
		out = st.flush()
		st.last = nil
		ref, ok := st.resolve(e)
		if !ok {
			st.revisits = append(st.revisits, revisitRef{src: src, e: *e, order: st.order})
			return out
		}
		if c := st.revisitCapture(src, e, ref, st.order); c != nil {
			st.deferCapture(c)
		}
	case "request":
		st.OtherRecords++
		st.addRequest(*e)
	case "metadata":
		st.OtherRecords++
		if as := e.Fields.All("ingest-alias"); len(as) > 0 && e.RefersTo != "" {
			if st.pending != nil && st.pending.respID == e.RefersTo {
				st.pending.Via = appendNew(st.pending.Via, as...)
				st.keys[st.pending.Key].streamed.Via = st.pending.Via
			} else {
				st.aliases[e.RefersTo] = append(st.aliases[e.RefersTo], as...)
			}
		}
	default:
		st.OtherRecords++
	}
	return out
}

// Flush returns the capture still waiting for the record after it: call
// it at the end of each file.
func (st *Stream) Flush() []Capture {
	st.last = nil
	return st.flush()
}

func (st *Stream) flush() []Capture {
	if st.pending == nil {
		return nil
	}
	c := *st.pending
	st.pending = nil
	return []Capture{c}
}

// index remembers a response record for the revisits and redirects that
// name it.
func (st *Stream) index(src int, e *Entry) {
	ref := respRef{src: src, offset: e.Offset, length: e.Length, status: e.Status, contentType: e.ContentType, id: e.ID}
	if e.ID != "" {
		st.byID[e.ID] = ref
	}
	st.byURIDate[e.URI+"\x00"+e.Date.UTC().Format(time.RFC3339)] = ref
	if e.PayloadDigest != "" && e.Status >= 200 && e.Status <= 299 {
		st.byDigest[e.PayloadDigest] = ref
	}
	if e.Status >= 300 && e.Status <= 399 && e.Location != "" {
		if from, to := st.canon(e.URI), st.canon(Join(e.URI, e.Location)); from != "" && to != "" && from != to {
			if _, ok := st.redirect[from]; !ok {
				st.into[to] = append(st.into[to], from)
			}
			st.redirect[from] = to
		}
	}
}

// classify counts a response that is not a capture to import, and
// returns the key of one that is.
func (st *Stream) classify(status int, contentType, uri string) (string, bool) {
	switch {
	case status >= 300 && status <= 399:
		st.Redirects++
	case status < 200 || status > 299:
		st.NotOK++
	case !htmlType(contentType):
		st.NotHTML++
	default:
		key := st.canon(uri)
		if key == "" {
			st.OtherRecords++
			return "", false
		}
		return key, true
	}
	return "", false
}

// resolve finds the response a revisit repeats: by WARC-Refers-To, else
// WARC-Refers-To-Target-URI and -Date, else the latest response with the
// same payload digest.
func (st *Stream) resolve(e *Entry) (respRef, bool) {
	if e.RefersTo != "" {
		if ref, ok := st.byID[e.RefersTo]; ok {
			return ref, true
		}
	}
	if e.RefersToURI != "" && !e.RefersToDate.IsZero() {
		if ref, ok := st.byURIDate[e.RefersToURI+"\x00"+e.RefersToDate.UTC().Format(time.RFC3339)]; ok {
			return ref, true
		}
	}
	if e.PayloadDigest != "" {
		if ref, ok := st.byDigest[e.PayloadDigest]; ok {
			return ref, true
		}
	}
	return respRef{}, false
}

// revisitCapture is the capture a resolved revisit makes, or nil when it
// is not one to import.
func (st *Stream) revisitCapture(src int, e *Entry, ref respRef, order int) *Capture {
	status := e.Status
	if status == 0 || status == 304 {
		status = ref.status
	}
	key, ok := st.classify(status, ref.contentType, e.URI)
	if !ok {
		return nil
	}
	return &Capture{Source: ref.src, Offset: ref.offset, Length: ref.length, URL: e.URI, Date: e.Date,
		Status: status, Revisit: true, Key: key, respID: ref.id, order: order}
}

// deferCapture keeps c for Finish; every later capture of its URL waits
// too.
func (st *Stream) deferCapture(c *Capture) {
	if _, ok := st.keys[c.Key]; !ok {
		st.keys[c.Key] = &keyState{}
	}
	st.deferred = append(st.deferred, c)
}

// addRequest joins a request record to the capture read just before it
// when they name each other, and keeps it for a response to come
// otherwise.
func (st *Stream) addRequest(e Entry) {
	if e.Request == nil {
		return
	}
	if c := st.last; c != nil && c.Request == nil && pairs(e, c.respID, c.concurrent, c.URL) {
		r := *e.Request
		c.Request = &r
		if c == st.pending {
			st.keys[c.Key].streamed.Request = &r
		}
		return
	}
	if len(st.requests) == recentRequests {
		st.requests = slices.Delete(st.requests, 0, 1)
	}
	st.requests = append(st.requests, e)
}

// takeRequest returns, and forgets, the request record kept for the
// response e.
func (st *Stream) takeRequest(e *Entry) *Request {
	for i := len(st.requests) - 1; i >= 0; i-- {
		q := st.requests[i]
		if pairs(q, e.ID, e.ConcurrentTo, e.URI) {
			st.requests = slices.Delete(st.requests, i, i+1)
			r := *q.Request
			return &r
		}
	}
	return nil
}

// pairs reports whether the request record q belongs to the response
// with the given id, WARC-Concurrent-To and target: one names the other,
// or, when neither names anything, they have the same target.
func pairs(q Entry, respID string, respConcurrent []string, uri string) bool {
	if slices.Contains(q.ConcurrentTo, respID) || slices.Contains(respConcurrent, q.ID) {
		return true
	}
	return len(q.ConcurrentTo) == 0 && len(respConcurrent) == 0 && q.URI == uri
}

// viaSoFar lists the URLs whose redirects, as read so far, end at key.
func (st *Stream) viaSoFar(key string) []string {
	var out []string
	queue := []string{key}
	seen := map[string]bool{key: true}
	for depth := 0; depth < maxRedirectHops && len(queue) > 0; depth++ {
		var next []string
		for _, to := range queue {
			for _, from := range st.into[to] {
				if !seen[from] && st.chainEnd(from) == key {
					seen[from] = true
					out = append(out, from)
					next = append(next, from)
				}
			}
		}
		queue = next
	}
	slices.Sort(out)
	return out
}

// chainEnd follows the redirects from a URL to the end of its chain.
func (st *Stream) chainEnd(from string) string {
	to := from
	for range maxRedirectHops {
		next, ok := st.redirect[to]
		if !ok || next == from {
			break
		}
		to = next
	}
	return to
}

// Rest is what an import does once every file was read.
type Rest struct {
	// Rounds are the captures that did not stream, Rounds[k] holding at
	// most one capture of each URL: storing the rounds one
	// after the other stores each URL's captures in capture order after
	// the capture that streamed.
	Rounds [][]Capture
	// Aliases maps the URL of a streamed capture to the URLs it gained
	// after it streamed: redirects to it, aliases in a metadata record.
	Aliases map[string][]string
}

// Finish resolves what waited for the end of the files. redo is called
// with each streamed capture that a capture of its URL dated before it
// follows in the files; when redo removed what that capture stored, and
// returns true, the capture is stored again in its place among the
// rounds. merged are more URLs redo's removal left without a record: their
// streamed captures are stored again too.
func (st *Stream) Finish(redo func(c Capture) (ok bool, merged []string, err error)) (Rest, error) {
	for _, r := range st.revisits {
		ref, ok := st.resolve(&r.e)
		if !ok {
			st.Unresolved++
			continue
		}
		if c := st.revisitCapture(r.src, &r.e, ref, r.order); c != nil {
			st.deferCapture(c)
		}
	}
	st.revisits = nil
	byKey := make(map[string][]*Capture)
	for _, c := range st.deferred {
		byKey[c.Key] = append(byKey[c.Key], c)
	}
	st.deferred = nil

	again := make(map[string]bool)
	for _, key := range slices.Sorted(maps.Keys(byKey)) {
		ks := st.keys[key]
		if ks.streamed == nil || again[key] {
			continue
		}
		if !slices.ContainsFunc(byKey[key], func(c *Capture) bool { return before(c, ks.streamed) }) {
			continue
		}
		ok, merged, err := redo(*ks.streamed)
		if err != nil {
			return Rest{}, err
		}
		if !ok {
			continue
		}
		again[key] = true
		for _, m := range merged {
			if mk := st.canon(m); mk != "" && st.keys[mk] != nil && st.keys[mk].streamed != nil {
				again[mk] = true
			}
		}
	}

	rest := Rest{Aliases: make(map[string][]string)}
	var lists [][]*Capture
	for key, ks := range st.keys {
		via := st.viaAll(key)
		if ks.streamed != nil && !again[key] {
			extra := appendNew(nil, via...)
			extra = appendNew(extra, st.aliases[ks.streamed.respID]...)
			var add []string
			for _, a := range extra {
				if !slices.Contains(ks.streamed.Via, a) {
					add = append(add, a)
				}
			}
			if len(add) > 0 {
				rest.Aliases[ks.streamed.URL] = add
			}
		}
		cs := byKey[key]
		if again[key] {
			cs = append(cs, ks.streamed)
		}
		if len(cs) == 0 {
			continue
		}
		for _, c := range cs {
			v := appendNew(slices.Clone(c.Via), via...)
			c.Via = appendNew(v, st.aliases[c.respID]...)
		}
		slices.SortStableFunc(cs, func(a, b *Capture) int {
			if c := a.Date.Compare(b.Date); c != 0 {
				return c
			}
			return cmp.Compare(a.order, b.order)
		})
		lists = append(lists, cs)
	}
	for _, cs := range lists {
		for k, c := range cs {
			if k == len(rest.Rounds) {
				rest.Rounds = append(rest.Rounds, nil)
			}
			rest.Rounds[k] = append(rest.Rounds[k], *c)
		}
	}
	for _, r := range rest.Rounds {
		slices.SortFunc(r, func(a, b Capture) int { return cmp.Compare(a.order, b.order) })
	}
	return rest, nil
}

// viaAll lists the URLs whose redirects end at key, now that every file
// was read.
func (st *Stream) viaAll(key string) []string {
	if len(st.into) == 0 {
		return nil
	}
	return st.viaSoFar(key)
}

// before reports whether capture a comes before b in capture order.
func before(a, b *Capture) bool {
	if c := a.Date.Compare(b.Date); c != 0 {
		return c < 0
	}
	return a.order < b.order
}

// appendNew appends the values of add that dst lacks.
func appendNew(dst []string, add ...string) []string {
	for _, a := range add {
		if !slices.Contains(dst, a) {
			dst = append(dst, a)
		}
	}
	return dst
}

// htmlType reports whether a Content-Type may be an HTML page: HTML,
// XHTML, or none given (the pipeline sniffs the bytes then).
func htmlType(ct string) bool {
	if strings.TrimSpace(ct) == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	}
	switch mt {
	case "text/html", "application/xhtml+xml":
		return true
	}
	return false
}
