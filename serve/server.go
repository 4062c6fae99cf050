package serve

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ingest-archive/ingest/storage"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Options configure a Server. Path is required; the zero value of every
// other field has a sensible default.
type Options struct {
	// Path is the archive file.
	Path string
	// LockTimeout is how long one read-only open waits for a writer to
	// release the archive. Zero means 200 ms.
	LockTimeout time.Duration
	// Check is how often, at most, a request looks whether the archive
	// changed on disk and a new snapshot should be loaded in the
	// background. Zero means one second; a negative value never looks
	// (call Reload).
	Check time.Duration
	// Batch is how many records a load reads per open of the archive, at
	// most. Zero means 5,000.
	Batch int
	// Hold is about how long one open of a load may last before the
	// archive is closed for a pause. Zero means 250 ms: a crawl or sync
	// waits one second for the archive.
	Hold time.Duration
	// Pause is how long a load keeps the archive closed between two
	// batches. Zero means 60 ms, longer than bbolt's 50 ms lock retry.
	Pause time.Duration
	// Now is the clock for the date-in-the-future flag. Nil means
	// time.Now.
	Now func() time.Time
	// Logger receives background load failures. Nil discards them.
	Logger *slog.Logger
}

// Server is the web UI over one archive. It is an http.Handler, safe for
// concurrent use. Close stops its background loads.
type Server struct {
	opts  Options
	mux   *http.ServeMux
	pages map[string]*template.Template

	snap      atomic.Pointer[snapshot]
	busy      atomic.Bool  // the last open was refused: a writer holds the archive
	lastCheck atomic.Int64 // unix nanoseconds
	loading   atomic.Bool

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// New loads the archive at opts.Path and returns a Server for it. A
// missing file, a file that is not an archive or a schema this version does
// not read is an error. An archive held by a writer (a crawl or sync
// running) is not: the Server starts empty, says so on every page, and
// loads the archive when the writer lets it go.
func New(ctx context.Context, opts Options) (*Server, error) {
	if opts.Path == "" {
		return nil, errors.New("serve: no archive path")
	}
	if opts.LockTimeout == 0 {
		opts.LockTimeout = 200 * time.Millisecond
	}
	if opts.Check == 0 {
		opts.Check = time.Second
	}
	if opts.Batch <= 0 {
		opts.Batch = 5000
	}
	if opts.Hold <= 0 {
		opts.Hold = 250 * time.Millisecond
	}
	if opts.Pause == 0 {
		opts.Pause = 60 * time.Millisecond
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{opts: opts}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	pages, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	s.pages = pages
	sn, err := s.load(ctx)
	switch {
	case errors.Is(err, storage.ErrLocked):
		s.busy.Store(true)
		s.snap.Store(emptySnapshot())
	case err != nil:
		return nil, err
	default:
		s.snap.Store(sn)
	}
	s.lastCheck.Store(time.Now().UnixNano())
	s.routes()
	return s, nil
}

// Close stops the background loads and waits for them.
func (s *Server) Close() error {
	s.cancel()
	s.wg.Wait()
	return nil
}

// Reload loads the archive again now, whether it changed or not.
func (s *Server) Reload(ctx context.Context) error {
	sn, err := s.load(ctx)
	if err != nil {
		s.busy.Store(errors.Is(err, storage.ErrLocked))
		return err
	}
	s.busy.Store(false)
	s.snap.Store(sn)
	return nil
}

func (s *Server) load(ctx context.Context) (*snapshot, error) {
	return load(ctx, s.opts.Path, loadOptions{
		lockTimeout: s.opts.LockTimeout,
		batch:       s.opts.Batch,
		hold:        s.opts.Hold,
		pause:       s.opts.Pause,
		now:         s.opts.Now(),
	})
}

// current is the snapshot to answer from. At most once per Options.Check
// it looks at the file, and when it changed since the snapshot was taken
// (or the last load was refused), loads a new one in the background.
func (s *Server) current() *snapshot {
	sn := s.snap.Load()
	if s.opts.Check < 0 {
		return sn
	}
	now := time.Now().UnixNano()
	last := s.lastCheck.Load()
	if now-last < int64(s.opts.Check) || !s.lastCheck.CompareAndSwap(last, now) {
		return sn
	}
	st, err := statStamp(s.opts.Path)
	if err != nil || (st == sn.stamp && !s.busy.Load()) {
		return sn
	}
	if !s.loading.CompareAndSwap(false, true) {
		return sn
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer s.loading.Store(false)
		if err := s.Reload(s.ctx); err != nil && !errors.Is(err, storage.ErrLocked) && s.ctx.Err() == nil {
			s.opts.Logger.Warn("serve: load the archive", "err", err)
		}
	}()
	return sn
}

// withDB opens the archive read-only for one request and closes it.
func (s *Server) withDB(ctx context.Context, fn func(*storage.DB) error) error {
	db, err := storage.Open(s.opts.Path, storage.Options{ReadOnly: true, LockTimeout: s.opts.LockTimeout})
	if err != nil {
		if errors.Is(err, storage.ErrLocked) {
			s.busy.Store(true)
		}
		return err
	}
	defer db.Close()
	return fn(db)
}

func emptySnapshot() *snapshot {
	sn := &snapshot{
		byID:   map[string]int{},
		ix:     newIndex(),
		titles: newIndex(),
		loaded: time.Now(),
	}
	sn.finish()
	return sn
}

// Content security policies. The UI's pages run no script at all; the raw
// page is sandboxed (a unique origin, no script, no forms, no plugins)
// whether the browser honours the iframe's sandbox attribute or opens it
// on its own.
const (
	cspPage = "default-src 'none'; style-src 'self'; img-src 'self' data: http: https:; " +
		"frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
	cspRaw = "sandbox; script-src 'none'; object-src 'none'; frame-ancestors 'self'"
)

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", s.handleIndex)
	m.HandleFunc("GET /records/{id}", s.handleRecord)
	m.HandleFunc("GET /records/{id}/raw", s.handleRaw)
	m.HandleFunc("GET /sites/{$}", s.handleSites)
	m.HandleFunc("GET /sites/{host}", s.handleSite)
	m.HandleFunc("GET /api/records", s.handleAPI)
	static, _ := fs.Sub(staticFiles, "static")
	m.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, "no such page")
	})
	s.mux = m
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", cspPage)
	s.mux.ServeHTTP(w, r)
}

// fail answers with an error page (or a line of text for the API).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, code int, msg string) {
	if code == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	if len(r.URL.Path) >= 5 && r.URL.Path[:5] == "/api/" {
		http.Error(w, msg, code)
		return
	}
	s.render(w, code, "error.html", errorPage{
		page:    s.page(fmt.Sprintf("%d %s", code, http.StatusText(code))),
		Code:    code,
		Message: msg,
	})
}

// failDB answers for an error from the archive.
func (s *Server) failDB(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, storage.ErrNotFound):
		s.fail(w, r, http.StatusNotFound, "no such record in the archive")
	case errors.Is(err, storage.ErrLocked):
		s.fail(w, r, http.StatusServiceUnavailable,
			"a crawl or sync holds the archive; this page can be read once it finishes")
	default:
		s.opts.Logger.Warn("serve: read the archive", "path", r.URL.Path, "err", err)
		s.fail(w, r, http.StatusInternalServerError, err.Error())
	}
}
