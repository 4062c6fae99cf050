package eval

import (
	"encoding/json"
	"testing"
	"time"
)

// TestReportFormat checks the output line against score.py's and
// mdscore.py's for a dataset where several metrics are undefined, which
// score.py prints as a bare 0.
func TestReportFormat(t *testing.T) {
	ds, err := LoadDataset(writeDataset(t, []testCase{
		{ID: "a", Expect: map[string]any{"body": "one two three four five", "with": []string{"one two"}, "page_type": "article",
			"title": "T", "markdown": "# H\n\n- i\n"}},
		{ID: "b", Expect: map[string]any{"body": "", "page_type": "listing", "title": "", "date": "x"}},
	}))
	if err != nil {
		t.Fatal(err)
	}
	preds := map[string]Prediction{
		"a": {ID: "a", PageType: "listing"},
		"b": {ID: "b", PageType: "forum", Markdown: "[x](y) <div>"},
	}
	r := Score(ds, preds, "")
	// Output of score.py and mdscore.py on the same files.
	const (
		score = "pages=2 predicted=2 body_p=0 body_r=0.000 body_f1=0 word_f1=0.500 snip_p=0 snip_r=0.000 snip_f1=0 article_p=0 article_r=0.000 title=0.000 title_n=2 date=0.000 date_n=1"
		md    = "headings=0.000 list_items=0.000 relative_links=1 raw_html_tags=1"
		// score.py --json, but for Go's spelling of 0.0 and the spaces.
		scoreJS = `{"pages":2,"predicted":2,"body_p":0,"body_r":0,"body_f1":0,"word_f1":0.5,"snip_p":0,"snip_r":0,"snip_f1":0,"article_p":0,"article_r":0,"title":0,"title_n":2,"date":0,"date_n":1}`
	)
	if got := r.Scores.String(); got != score {
		t.Errorf("Scores.String():\n got %s\nwant %s", got, score)
	}
	if got := r.Markdown.String(); got != md {
		t.Errorf("Markdown.String():\n got %s\nwant %s", got, md)
	}
	if got := r.String(); got != score+" "+md {
		t.Errorf("Report.String():\n got %s\nwant %s", got, score+" "+md)
	}
	if b, err := json.Marshal(r.Scores); err != nil || string(b) != scoreJS {
		t.Errorf("json.Marshal(Scores) = %s, %v\nwant %s", b, err, scoreJS)
	}

	r.Failed = 1
	r.Speed = Speed{Workers: 2, Pages: 2, Extract: 40 * time.Millisecond, Wall: 250 * time.Millisecond}
	const withSpeed = score + " " + md + " failed=1 pages_per_s=50.0 wall_pages_per_s=8.0 workers=2"
	if got := r.String(); got != withSpeed {
		t.Errorf("Report.String() with speed:\n got %s\nwant %s", got, withSpeed)
	}
	var flat map[string]float64
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &flat); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if flat["pages_per_s"] != 50 || flat["failed"] != 1 || flat["raw_html_tags"] != 1 || flat["date_n"] != 1 {
		t.Errorf("json.Marshal(Report) = %s", b)
	}
}

func TestCounts(t *testing.T) {
	tests := []struct {
		c       Counts
		p, r, f float64
	}{
		{Counts{}, 0, 0, 0},
		{Counts{TP: 3, FP: 1}, 0.75, 1, 2 * 0.75 / 1.75},
		{Counts{FP: 2, FN: 2}, 0, 0, 0},
	}
	for _, tt := range tests {
		if tt.c.Precision() != tt.p || tt.c.Recall() != tt.r || tt.c.F1() != tt.f {
			t.Errorf("%+v: p=%v r=%v f=%v, want %v %v %v", tt.c, tt.c.Precision(), tt.c.Recall(), tt.c.F1(), tt.p, tt.r, tt.f)
		}
	}
}
