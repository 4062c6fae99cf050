package scraper

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSummaryJSON(t *testing.T) {
	s := Summary{
		Started:      time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC),
		Duration:     1500 * time.Millisecond,
		Stop:         StopDone,
		PagesFetched: 10,
		Stored:       4,
		Merged:       1,
		Errors:       map[string]int{"http_404": 2},
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"duration":"1.5s"`, `"pages_fetched":10`, `"errors":{"http_404":2}`, `"stop":"done"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON %s lacks %s", b, want)
		}
	}
	var back Summary
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, s) {
		t.Errorf("round trip: %+v, want %+v", back, s)
	}
}

func TestSummaryString(t *testing.T) {
	s := Summary{Stop: StopDone, Duration: time.Second, PagesFetched: 3, Stored: 2,
		Errors: map[string]int{"timeout": 1, "http_404": 2}}
	got := s.String()
	for _, want := range []string{"crawl done after 1s: 3 pages fetched", "2 stored", "errors:    3 (http_404 2, timeout 1)"} {
		if !strings.Contains(got, want) {
			t.Errorf("String() = %q, lacks %q", got, want)
		}
	}
}

func TestOutcomeString(t *testing.T) {
	for o, want := range map[Outcome]string{Stored: "stored", Updated: "updated", Unchanged: "unchanged", Merged: "merged", 0: "unknown"} {
		if got := o.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(o), got, want)
		}
	}
}
