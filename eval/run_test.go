package eval

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// runCases is a small dataset with every kind of ground truth.
func runCases(n int) []testCase {
	cases := make([]testCase, n)
	for i := range cases {
		id := fmt.Sprintf("c%02d", i)
		typ := "article"
		if i%3 == 0 {
			typ = "listing"
		}
		cases[i] = testCase{ID: id, Expect: map[string]any{
			"title": "Title " + id, "author": "Ann Author", "date": "2024-05-06", "page_type": typ,
			"body": "The body of page " + id + " has enough words for shingles.", "markdown": "# Title " + id + "\n\n- one\n- two\n",
			"with": []string{"body of page"}, "without": []string{"Subscribe"},
		}}
	}
	return cases
}

// echoExtract predicts from the page itself: it knows the id from the HTML.
func echoExtract(_ context.Context, c *Case, html []byte) (Prediction, error) {
	id := strings.TrimSuffix(strings.TrimPrefix(string(html), "<html>"), "</html>")
	return NewPrediction(map[string]any{
		"title": "Title " + id, "authors": []string{"Ann Author"}, "published": "2024-05-06T10:00:00Z",
		"text": "The body of page " + id + " has enough words.", "markdown": "# Title " + id + "\n\n- one\n",
		"page_type": "article", "lang": "en",
	})
}

func TestRunWritesPredictionsInOrder(t *testing.T) {
	ds, err := LoadDataset(writeDataset(t, runCases(30)))
	if err != nil {
		t.Fatal(err)
	}
	// Later cases finish first, so the writer has to hold them back.
	extract := func(ctx context.Context, c *Case, html []byte) (Prediction, error) {
		var i int
		fmt.Sscanf(c.ID, "c%d", &i)
		time.Sleep(time.Duration(30-i) * 100 * time.Microsecond)
		return echoExtract(ctx, c, html)
	}
	var out bytes.Buffer
	r, err := Run(t.Context(), ds, extract, RunOptions{Workers: 4, Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 30 {
		t.Fatalf("%d lines, want 30", len(lines))
	}
	for i, l := range lines {
		if want := fmt.Sprintf(`{"id":"c%02d",`, i); !strings.HasPrefix(l, want) {
			t.Fatalf("line %d = %.40s..., want prefix %s", i, l, want)
		}
		if !strings.Contains(l, `"lang":"en"`) {
			t.Errorf("line %d lost the extra field: %s", i, l)
		}
	}
	// The report is the score of the file Run wrote.
	preds, err := ReadPredictions(&out)
	if err != nil {
		t.Fatal(err)
	}
	want := Score(ds, preds, "")
	if got, w := r.Scores.String(), want.Scores.String(); got != w {
		t.Errorf("Run scores %s\nScore of its file %s", got, w)
	}
	if got, w := r.Markdown.String(), want.Markdown.String(); got != w {
		t.Errorf("Run markdown %s\nScore of its file %s", got, w)
	}
	if r.Speed.Pages != 30 || r.Speed.Workers != 4 || r.Speed.Extract <= 0 || r.Speed.Wall <= 0 {
		t.Errorf("speed %+v", r.Speed)
	}
	if r.Title.Value() != 1 || r.Author.Value() != 1 || r.Date.Value() != 1 || r.Article.Precision() != 20.0/30 {
		t.Errorf("report %s", r)
	}
}

func TestRunFailuresAndPanics(t *testing.T) {
	ds, err := LoadDataset(writeDataset(t, runCases(12)))
	if err != nil {
		t.Fatal(err)
	}
	extract := func(ctx context.Context, c *Case, html []byte) (Prediction, error) {
		switch c.ID {
		case "c03":
			return Prediction{}, errors.New("no body found")
		case "c07":
			var m map[string]int
			m["boom"]++ // a bug in the extractor
		}
		return echoExtract(ctx, c, html)
	}
	var logs, out bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	r, err := Run(t.Context(), ds, extract, RunOptions{Workers: 3, Out: &out, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	if r.Failed != 2 || r.Predicted != 10 || r.Pages != 12 || r.Speed.Pages != 12 {
		t.Errorf("failed=%d predicted=%d pages=%d extracted=%d", r.Failed, r.Predicted, r.Pages, r.Speed.Pages)
	}
	if n := strings.Count(out.String(), "\n"); n != 10 {
		t.Errorf("%d predictions written, want 10", n)
	}
	if strings.Contains(out.String(), `"c03"`) || strings.Contains(out.String(), `"c07"`) {
		t.Error("a failed page was written")
	}
	if !strings.Contains(logs.String(), "case=c03") || !strings.Contains(logs.String(), ErrPanic.Error()) {
		t.Errorf("logs lack the failures:\n%s", logs.String())
	}
	if !strings.Contains(r.String(), " failed=2 ") {
		t.Errorf("String() does not show the failures: %s", r)
	}
}

func TestRunStops(t *testing.T) {
	t.Run("unreadable page", func(t *testing.T) {
		dir := writeDataset(t, runCases(8))
		if err := os.Remove(filepath.Join(dir, "html", "c05.html.gz")); err != nil {
			t.Fatal(err)
		}
		ds, err := LoadDataset(dir)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Run(t.Context(), ds, echoExtract, RunOptions{Workers: 2}); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("err = %v, want fs.ErrNotExist", err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ds, err := LoadDataset(writeDataset(t, runCases(20)))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		var n atomic.Int32
		extract := func(ctx context.Context, c *Case, html []byte) (Prediction, error) {
			if n.Add(1) == 5 {
				cancel()
			}
			return echoExtract(ctx, c, html)
		}
		if _, err := Run(ctx, ds, extract, RunOptions{Workers: 2}); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
	t.Run("write error", func(t *testing.T) {
		ds, err := LoadDataset(writeDataset(t, runCases(8)))
		if err != nil {
			t.Fatal(err)
		}
		errDisk := errors.New("disk full")
		_, err = Run(t.Context(), ds, echoExtract, RunOptions{Out: failingWriter{errDisk}})
		if !errors.Is(err, errDisk) {
			t.Errorf("err = %v, want %v", err, errDisk)
		}
	})
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

func TestRunOptions(t *testing.T) {
	ds, err := LoadDataset(writeDataset(t, runCases(9)))
	if err != nil {
		t.Fatal(err)
	}
	var seen atomic.Int32
	extract := func(ctx context.Context, c *Case, html []byte) (Prediction, error) {
		seen.Add(1)
		if c.Expect.PageType != "listing" {
			return Prediction{}, errors.New("extracted a page outside the filter")
		}
		return echoExtract(ctx, c, html)
	}
	r, err := Run(t.Context(), ds, extract, RunOptions{Workers: -1, Type: "listing"})
	if err != nil {
		t.Fatal(err)
	}
	if seen.Load() != 3 || r.Pages != 3 || r.Failed != 0 {
		t.Errorf("extracted %d, pages %d, failed %d; want 3, 3, 0", seen.Load(), r.Pages, r.Failed)
	}
	if w := min(runtime.GOMAXPROCS(0), 3); r.Speed.Workers != w {
		t.Errorf("workers = %d, want %d", r.Speed.Workers, w)
	}
	r, err = Run(t.Context(), ds, echoExtract, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Speed.Workers != 1 || r.Pages != 9 {
		t.Errorf("zero options: workers %d, pages %d", r.Speed.Workers, r.Pages)
	}
}
