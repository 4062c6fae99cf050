package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/serve"
	"github.com/ingest-archive/ingest/storage"
)

// The browser test drives headless Chromium (Debian's chromium package,
// which make test-tools installs) over the UI of `ingest serve`.
//
// INGEST_CHROMIUM names the browser binary when it is not on PATH as
// chromium, chromium-browser, google-chrome or headless-shell.
// INGEST_SCREENSHOTS names a folder to keep the screenshots in (index.png,
// record.png, site.png); without it they go to the test's temporary
// folder and are removed with it:
//
//	INGEST_SCREENSHOTS=$PWD/screenshots go test -run TestBrowser -v ./cmd/ingest

// findChromium returns the browser binary, or "" when there is none.
func findChromium() string {
	if p := os.Getenv("INGEST_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser starts one headless Chromium for a test.
func browser(t *testing.T) context.Context {
	t.Helper()
	bin := findChromium()
	if bin == "" {
		t.Skip("no chromium binary found: install Debian's chromium package (make test-tools does) or set INGEST_CHROMIUM; skipping the browser test")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox, // CI runs as root
		chromedp.WindowSize(1400, 1000),
		chromedp.Flag("disable-dev-shm-usage", true),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	return ctx
}

// screenshotDir is where the screenshots go.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("INGEST_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	return abs
}

func saveScreenshot(t *testing.T, dir, name string, png []byte) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s (%d bytes)", p, len(png))
}

// serveUI serves the UI of an archive on a loopback port, wrapped by
// extra, which sees every request first.
func serveUI(t *testing.T, path string, extra func(http.Handler) http.Handler) string {
	t.Helper()
	s, err := serve.New(context.Background(), serve.Options{Path: path, Check: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	var h http.Handler = s
	if extra != nil {
		h = extra(s)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

// TestBrowser runs the browser tests in tabs of one Chromium.
func TestBrowser(t *testing.T) {
	if findChromium() == "" {
		t.Skip("no chromium binary found: install Debian's chromium package (make test-tools does) or set INGEST_CHROMIUM; skipping the browser test")
	}
	// The demo archive is crawled while the browser starts.
	dir := t.TempDir()
	demo := make(chan error, 1)
	var demoErr bytes.Buffer
	go func() {
		var out bytes.Buffer
		demo <- run(context.Background(), []string{"demo", "--dir", dir}, nil, &out, &demoErr)
	}()
	began := time.Now()
	ctx := browser(t)
	t.Logf("chromium started in %v", time.Since(began).Round(time.Millisecond))
	tab := func(t *testing.T) context.Context {
		tctx, cancel := chromedp.NewContext(ctx)
		t.Cleanup(cancel)
		return tctx
	}
	t.Run("demo", func(t *testing.T) {
		if err := <-demo; err != nil {
			t.Fatalf("demo: %v\n%s", err, demoErr.String())
		}
		browseDemo(t, tab(t), filepath.Join(dir, demoDB))
	})
	t.Run("hostile", func(t *testing.T) { browseHostile(t, tab(t)) })
}

// browseDemo opens the demo archive: the records table, a search, a
// record with its extracted body beside the original page, and a site
// page with its chart.
func browseDemo(t *testing.T, ctx context.Context, archive string) {
	var log requests
	base := serveUI(t, archive, log.wrap)
	shots := screenshotDir(t)

	// The records table.
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("table.records")),
	))
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("table.records tbody tr").length`))
	must(err)
	if rows < 20 {
		t.Errorf("/ shows %d rows, want the demo's records", rows)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	must(err)
	saveScreenshot(t, shots, "index.png", png)

	// A search typed in the box, submitted with Enter.
	must(chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "tariffs\n"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=q][value=tariffs]`)),
	))
	summary, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("summary")))
	must(err)
	firstTitle, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`table.records td.title a`)))
	must(err)
	if !strings.Contains(summary, `matching “tariffs”`) || !strings.Contains(strings.ToLower(firstTitle), "tariffs") {
		t.Errorf("search for tariffs: %q, first %q", summary, firstTitle)
	}

	// The first result, side by side with its original page.
	must(chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`table.records td.title a`)),
		chromedp.WaitVisible(chromedp.CSS(`#original iframe`)),
	))
	h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`h1.record-title`)))
	must(err)
	bodyText, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#extracted article.body`)))
	must(err)
	panes, err := chromedp.Run(ctx, chromedp.Evaluate[[][4]float64](`[...document.querySelectorAll(".side-by-side > .pane")].map(e => {
		const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height] })`))
	must(err)
	if h1 != firstTitle {
		t.Errorf("record page title %q, want %q", h1, firstTitle)
	}
	if len(strings.Fields(bodyText)) < 100 {
		t.Errorf("extracted pane holds %d words", len(strings.Fields(bodyText)))
	}
	if len(panes) != 2 || panes[0][2] < 300 || panes[1][2] < 300 || panes[1][0] < panes[0][0]+panes[0][2] || panes[0][1] != panes[1][1] {
		t.Errorf("panes are not side by side: %v", panes)
	}
	// The iframe is sandboxed, so the page cannot read it, and Chromium
	// runs it in a process of its own, out of the page's frame tree: the
	// server tells that the browser loaded the stored page into a frame,
	// and the frame's box that it shows beside the body.
	loc, err := chromedp.Run(ctx, chromedp.Location())
	must(err)
	log.waitFor(t, "iframe "+strings.TrimPrefix(loc, base)+"/raw 200")
	frame, err := chromedp.Run(ctx, chromedp.Evaluate[[4]float64](`(r => [r.x, r.y, r.width, r.height])(document.querySelector("#original iframe").getBoundingClientRect())`))
	must(err)
	if frame[2] < 300 || frame[3] < 300 || frame[0] < panes[1][0] {
		t.Errorf("the original page's frame is %v", frame)
	}
	must(chromedp.Do(ctx, chromedp.Sleep(300*time.Millisecond)))
	png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
	must(err)
	saveScreenshot(t, shots, "record.png", png)

	// The site page and its chart.
	must(chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`dl.meta a[href^="/sites/"]`)),
		chromedp.WaitVisible(chromedp.ID("year-chart")),
	))
	bars, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#year-chart rect.bar").length`))
	must(err)
	if bars < 2 {
		t.Errorf("site chart has %d bars", bars)
	}
	png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
	must(err)
	saveScreenshot(t, shots, "site.png", png)
}

// requests logs what the browser asked the UI for.
type requests struct {
	mu   sync.Mutex
	seen []string // "dest path status"
}

func (rl *requests) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(sw, r)
		rl.mu.Lock()
		rl.seen = append(rl.seen, fmt.Sprintf("%s %s %d", r.Header.Get("Sec-Fetch-Dest"), r.URL.Path, sw.code))
		rl.mu.Unlock()
	})
}

// waitFor waits until the browser asked for want ("dest path status").
func (rl *requests) waitFor(t *testing.T, want string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		rl.mu.Lock()
		ok := slices.Contains(rl.seen, want)
		rl.mu.Unlock()
		if ok {
			return
		}
	}
	rl.mu.Lock()
	defer rl.mu.Unlock()
	t.Fatalf("the browser never asked for %q; it asked for %v", want, rl.seen)
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

// beacon is script that reports that it ran, by loading /pwned (which
// works even where fetch is refused) and opening a dialog.
func beacon(tag string) string {
	return fmt.Sprintf(`new Image().src='/pwned?%s';alert('%s')`, tag, tag)
}

// browseHostile stores script in every field a page shows and in the raw
// page, opens every page, and checks that no script ran: no request
// reached /pwned and no dialog opened. A control page without the UI's
// protections proves that the beacon works.
func browseHostile(t *testing.T, ctx context.Context) {
	path := filepath.Join(t.TempDir(), "hostile.db")
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rec := normalize.Record{
		URL:         "https://hostile.example/a/1",
		Title:       `<script>` + beacon("title-script") + `</script><img src=x onerror="` + beacon("title-img") + `">`,
		Authors:     []string{`"><svg onload="` + beacon("author-svg") + `">`},
		Published:   `2024-01-01`,
		Description: `</textarea><script>` + beacon("description") + `</script>`,
		Tags:        []string{`<img src=x onerror="` + beacon("tag") + `">`},
		SiteName:    `<iframe srcdoc="<script>` + beacon("site-name") + `</script>">`,
		Markdown: "A body.\n\n<script>" + beacon("md-script") + "</script>\n\n<img src=x onerror=\"" + beacon("md-img") + "\">\n\n" +
			"<iframe srcdoc=\"<script>" + beacon("md-iframe") + "</script>\"></iframe>\n\n![x](x\" onerror=\"" + beacon("md-attr") + ")\n",
		Text: "A body with words enough to be stored.",
	}
	raw := `<html><head><script>` + beacon("raw-script") + `</script></head><body onload="` + beacon("raw-onload") + `">` +
		`<img src=x onerror="` + beacon("raw-img") + `"><p>Original.</p></body></html>`
	if _, err := db.Put(context.Background(), storage.PutInput{Record: rec, Raw: storage.Raw{Body: []byte(raw), Status: 200,
		Header: http.Header{"Content-Type": {"text/html"}}}}); err != nil {
		t.Fatal(err)
	}
	stored, err := db.Get(context.Background(), rec.URL)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	var hits []string
	var log requests
	base := serveUI(t, path, func(next http.Handler) http.Handler {
		next = log.wrap(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/pwned":
				mu.Lock()
				hits = append(hits, r.URL.RawQuery)
				mu.Unlock()
				return
			case "/control":
				w.Header().Set("Content-Type", "text/html")
				fmt.Fprintf(w, `<!DOCTYPE html><p>control</p><img src=x onerror="%s">`, beacon("control"))
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	var dialogs []string
	dialogEvents := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogEvents {
			if err != nil {
				return
			}
			mu.Lock()
			dialogs = append(dialogs, ev.Message)
			mu.Unlock()
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()

	id := url.PathEscape(stored.ID)
	for _, p := range []string{
		"/",
		"/?q=script",
		"/?q=" + url.QueryEscape(rec.Title),
		"/?author=" + url.QueryEscape(rec.Authors[0]),
		"/records/" + id,
		"/records/" + id + "/raw",
		"/sites/hostile.example",
		"/sites/" + url.PathEscape(`<script>`+beacon("path")+`</script>`),
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p), chromedp.Sleep(250*time.Millisecond)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if strings.HasPrefix(p, "/records/") && !strings.HasSuffix(p, "/raw") {
			log.waitFor(t, "iframe /records/"+stored.ID+"/raw 200") // the sandboxed original has loaded
			if err := chromedp.Do(ctx, chromedp.Sleep(250*time.Millisecond)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/records/"+id)); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1.record-title")))
	if err != nil {
		t.Fatal(err)
	}
	if title != rec.Title {
		t.Errorf("the hostile title does not show as text: %q", title)
	}
	mu.Lock()
	if len(hits) > 0 || len(dialogs) > 0 {
		t.Errorf("script ran: beacons %v, dialogs %v", hits, dialogs)
	}
	mu.Unlock()

	// The control: the same beacon on a page without the UI's escaping
	// and policies does fire, so silence above means something.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/control"), chromedp.Sleep(400*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(hits) != 1 || hits[0] != "control" {
		t.Errorf("the control beacon did not fire: %v", hits)
	}
}
