package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/pflag"
	"golang.org/x/term"
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
