package main

import (
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/ingest-archive/ingest/scraper"
)

// logFlags are the logging flags every long-running command has.
type logFlags struct {
	format, level string
}

func (l *logFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&l.format, "log-format", "text", "log format: text or json")
	fs.StringVar(&l.level, "log-level", "error", "log level: debug, info, warn or error (warn lists every failed URL)")
}

// logger builds the one slog.Logger of the process, writing to w.
func (l *logFlags) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(l.level)); err != nil {
		return nil, usagef("--log-level %q: want debug, info, warn or error", l.level)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(l.format) {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usagef("--log-format %q: want text or json", l.format)
}

// isTerminal reports whether w is a terminal, for live progress lines.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// statusLine rewrites one line on a terminal.
type statusLine struct {
	w   io.Writer
	len int
}

func (s *statusLine) set(msg string) {
	pad := ""
	if n := s.len - len(msg); n > 0 {
		pad = strings.Repeat(" ", n)
	}
	fmt.Fprintf(s.w, "\r%s%s", msg, pad)
	s.len = len(msg)
}

func (s *statusLine) clear() {
	if s.len > 0 {
		fmt.Fprintf(s.w, "\r%s\r", strings.Repeat(" ", s.len))
		s.len = 0
	}
}

// rateWindow is how far back the status line looks for the current rate.
const rateWindow = 10 * time.Second

// progressMeter turns a crawl's progress reports into a status line: done,
// queued, the current rate (pages fetched per second over the last
// rateWindow), errors and an ETA from the queue and that rate. The ETA
// grows when the crawl finds links faster than it fetches them.
type progressMeter struct {
	samples []progressSample // oldest first; the first is the newest at least rateWindow old
}

type progressSample struct {
	at      time.Duration // since the crawl started
	fetched int
}

// rate adds p to the samples and returns pages per second over the window,
// or the average since the start while the window is shorter than a
// second.
func (m *progressMeter) rate(p scraper.Progress) float64 {
	m.samples = append(m.samples, progressSample{p.Elapsed, p.Fetched})
	for len(m.samples) > 2 && p.Elapsed-m.samples[1].at >= rateWindow {
		m.samples = m.samples[1:]
	}
	first := m.samples[0]
	if d := (p.Elapsed - first.at).Seconds(); d >= 1 {
		return float64(p.Fetched-first.fetched) / d
	}
	return p.Rate
}

func (m *progressMeter) line(p scraper.Progress) string {
	r := m.rate(p)
	eta := "?"
	switch left := p.Queued + p.InFlight; {
	case left == 0:
		eta = "0s"
	case r > 0:
		eta = (time.Duration(math.Ceil(float64(left)/r)) * time.Second).String()
	}
	return fmt.Sprintf("%d done, %d queued, %.1f pages/s, %d errors, ETA %s",
		p.Done, p.Queued, r, p.Errors, eta)
}
