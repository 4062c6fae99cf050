package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ingest-archive/ingest/normalize"
)

// pngBytes is the start of a PNG file: enough for sniffing.
var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00")

// fakeAssets serves images from a map and counts the requests.
type fakeAssets struct {
	mu    sync.Mutex
	files map[string]Asset
	calls map[string]int
}

func (f *fakeAssets) fetch(_ context.Context, u string) (Asset, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[u]++
	a, ok := f.files[u]
	if !ok {
		return Asset{}, errors.New("404")
	}
	return a, nil
}

func TestExportAssets(t *testing.T) {
	assets := &fakeAssets{calls: map[string]int{}, files: map[string]Asset{
		"https://cdn.example.net/a.jpg":       {Body: []byte("\xff\xd8\xff\xe0 jpeg"), ContentType: "image/jpeg"},
		"https://example.com/img/chart":       {Body: pngBytes, ContentType: "application/octet-stream"},
		"https://example.com/img/logo.svg":    {Body: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), ContentType: "image/svg+xml"},
		"https://example.com/img/soft404.png": {Body: []byte("<html><body>Not found</body></html>"), ContentType: "text/html"},
	}}
	md := strings.Join([]string{
		"Intro ![Harbour](https://cdn.example.net/a.jpg) and ![Chart](<https://example.com/img/chart> \"A chart\").",
		"",
		"Again: ![Harbour again](https://cdn.example.net/a.jpg)",
		"",
		"```",
		"![in code](https://cdn.example.net/a.jpg)",
		"```",
		"",
		"![Logo](https://example.com/img/logo.svg) ![Missing](https://example.com/img/missing.png)",
		"![Soft](https://example.com/img/soft404.png) ![Relative](img/local.png) ![Data](data:image/png;base64,AAAA)",
		"[![Linked](https://example.com/img/logo.svg)](https://example.com/)",
	}, "\n")
	db := openTestDB(t)
	rec := article("https://example.com/2023/09/harbour", "Harbour", essay)
	rec.Markdown = md
	mustPut(t, db, PutInput{Record: rec, Now: t0})
	mustPut(t, db, PutInput{Record: article("https://example.com/a/plain", "Plain", otherEssay(1)), Now: t0})
	id := normalize.RecordID(rec.URL)
	ctx := context.Background()
	dir := t.TempDir()

	for _, layout := range []string{LayoutFlat, LayoutYearMonth} {
		t.Run(layout, func(t *testing.T) {
			out := filepath.Join(dir, layout+".zip")
			res, err := Export(ctx, db, ExportOptions{Format: FormatMarkdown, Out: out, Layout: layout, Assets: assets.fetch})
			if err != nil {
				t.Fatal(err)
			}
			if res.Assets != 3 || res.AssetErrors != 2 || res.Files != 2+1+3 {
				t.Errorf("result %+v, want 3 assets, 2 errors, 6 files", res)
			}
			files := readZip(t, out, layout)
			up := ""
			name := "harbour.md"
			if layout == LayoutYearMonth {
				up, name = "../../", "2023/09/harbour.md"
			}
			got := string(files[name])
			for _, want := range []string{
				"![Harbour](" + up + "assets/" + id + "/1.jpg)",
				"![Chart](" + up + "assets/" + id + "/2.png \"A chart\")",
				"![Harbour again](" + up + "assets/" + id + "/1.jpg)",
				"![in code](https://cdn.example.net/a.jpg)",
				"![Logo](" + up + "assets/" + id + "/3.svg)",
				"![Missing](https://example.com/img/missing.png)",
				"![Soft](https://example.com/img/soft404.png)",
				"![Relative](img/local.png)",
				"![Data](data:image/png;base64,AAAA)",
				"[![Linked](" + up + "assets/" + id + "/3.svg)](https://example.com/)",
			} {
				if !strings.Contains(got, want) {
					t.Errorf("%s lacks %q:\n%s", name, want, got)
				}
			}
			if !bytes.Equal(files["assets/"+id+"/2.png"], pngBytes) || len(files["assets/"+id+"/1.jpg"]) == 0 {
				t.Errorf("asset files: %v", slices.Collect(maps.Keys(files)))
			}
			var m struct {
				Files []manifestEntry `json:"files"`
			}
			if err := json.Unmarshal(files["index.json"], &m); err != nil {
				t.Fatal(err)
			}
			for _, f := range m.Files {
				if f.ID == id && (len(f.Assets) != 3 || f.Assets[1].URL != "https://example.com/img/chart" || f.Assets[1].Path != "assets/"+id+"/2.png") {
					t.Errorf("manifest assets %+v", f.Assets)
				}
				if f.ID != id && len(f.Assets) != 0 {
					t.Errorf("record without images lists assets %+v", f.Assets)
				}
			}

			again := filepath.Join(dir, "again", layout+".zip")
			if _, err := Export(ctx, db, ExportOptions{Format: FormatMarkdown, Out: again, Layout: layout, Assets: assets.fetch}); err != nil {
				t.Fatal(err)
			}
			a, _ := os.ReadFile(out)
			b, _ := os.ReadFile(again)
			if !bytes.Equal(a, b) {
				t.Error("re-export with assets is not byte-identical")
			}
		})
	}
	if n := assets.calls["https://cdn.example.net/a.jpg"]; n != 4 {
		t.Errorf("a.jpg fetched %d times over 4 exports, want once per export", n)
	}

	t.Run("folder", func(t *testing.T) {
		out := filepath.Join(dir, "folder")
		if _, err := Export(ctx, db, ExportOptions{Format: FormatMarkdown, Out: out, Assets: assets.fetch}); err != nil {
			t.Fatal(err)
		}
		files := readTree(t, out)
		if !bytes.Equal(files["assets/"+id+"/2.png"], pngBytes) {
			t.Errorf("folder export files: %v", slices.Collect(maps.Keys(files)))
		}
	})
	t.Run("json refuses", func(t *testing.T) {
		_, err := Export(ctx, db, ExportOptions{Format: FormatJSONL, Out: filepath.Join(dir, "x.jsonl"), Assets: assets.fetch})
		if !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("jsonl with assets: %v, want ErrInvalidOptions", err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		stop := func(ctx context.Context, u string) (Asset, error) { cancel(); return Asset{}, ctx.Err() }
		out := filepath.Join(dir, "cancelled.zip")
		if _, err := Export(cctx, db, ExportOptions{Format: FormatMarkdown, Out: out, Assets: stop}); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled export: %v", err)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("cancelled export left %s", out)
		}
	})
}
