package eval

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

func readJSONL[T any](t *testing.T, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// TestCheckCrawlMatchesScript: the figures crawlcheck.py --json printed for
// testdata/crawlcheck (want.json), to the last bit.
func TestCheckCrawlMatchesScript(t *testing.T) {
	dir := filepath.Join("testdata", "crawlcheck")
	got := CheckCrawl(readJSONL[Post](t, filepath.Join(dir, "truth.jsonl")), readJSONL[CrawlRecord](t, filepath.Join(dir, "export.jsonl")))
	raw, err := os.ReadFile(filepath.Join(dir, "want.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		Truth, Records, Duplicates int
		NonArticles                int `json:"non_articles"`
		Recall, Precision          float64
		Title, Author, Date        float64
		AuthorWrong                float64 `json:"author_wrong"`
		WordF1                     float64 `json:"word_f1"`
	}
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	if got.Truth != want.Truth || got.Records != want.Records || got.Duplicates != want.Duplicates || got.NonArticles != want.NonArticles {
		t.Errorf("counts = %+v, want %+v", got, want)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"recall", got.Recall, want.Recall}, {"precision", got.Precision, want.Precision},
		{"title", got.Title, want.Title}, {"author", got.Author, want.Author}, {"date", got.Date, want.Date},
		{"author_wrong", got.AuthorWrong, want.AuthorWrong}, {"word_f1", got.WordF1, want.WordF1},
	} {
		if math.Abs(c.got-c.want) > 1e-12 {
			t.Errorf("%s = %v, crawlcheck.py says %v", c.name, c.got, c.want)
		}
	}
}
