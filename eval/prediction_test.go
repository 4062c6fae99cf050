package eval

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestNewPrediction(t *testing.T) {
	type record struct {
		URL       string   `json:"url"`
		Title     string   `json:"title"`
		Authors   []string `json:"authors"`
		Published string   `json:"published"`
		Text      string   `json:"text"`
		Markdown  string   `json:"markdown"`
		PageType  string   `json:"page_type"`
		Lang      string   `json:"lang"`
	}
	full := Prediction{URL: "https://x/", Title: "T", Authors: []string{"A", "B"}, Published: "2020-01-02",
		Text: "body", Markdown: "# md", PageType: "article", Extra: map[string]json.RawMessage{"lang": json.RawMessage(`"en"`)}}
	tests := []struct {
		name   string
		record any
		want   Prediction
	}{
		{"struct", record{"https://x/", "T", []string{"A", "B"}, "2020-01-02", "body", "# md", "article", "en"}, full},
		{"map", map[string]any{"url": "https://x/", "title": "T", "authors": []string{"A", "B"}, "published": "2020-01-02",
			"text": "body", "markdown": "# md", "page_type": "article", "lang": "en"}, full},
		{"raw message", json.RawMessage(`{"url":"https://x/","title":"T","authors":["A","B"],"published":"2020-01-02","text":"body","markdown":"# md","page_type":"article","lang":"en"}`), full},
		{"bytes", []byte(`{"id":"ignored?","title":"T"}`), Prediction{ID: "ignored?", Title: "T"}},
		{"fallback keys", map[string]any{"text": "", "body": "b", "authors": []string{}, "author": "A; B", "published": "", "date": "2020"},
			Prediction{Text: "b", Authors: []string{"A; B"}, Published: "2020", Extra: map[string]json.RawMessage{
				"body": json.RawMessage(`"b"`), "author": json.RawMessage(`"A; B"`), "date": json.RawMessage(`"2020"`)}}},
		{"author objects", map[string]any{"authors": []any{map[string]any{"name": "A"}, map[string]any{"url": "u"}, "B", 7}},
			Prediction{Authors: []string{"A", "", "B", ""}}},
		{"wrong types count as absent", map[string]any{"title": 5, "text": []string{"x"}, "body": "b", "page_type": true},
			Prediction{Text: "b", Extra: map[string]json.RawMessage{"body": json.RawMessage(`"b"`)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NewPrediction(tt.record)
			if err != nil {
				t.Fatal(err)
			}
			if !equalPrediction(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
	for _, bad := range []any{json.RawMessage(`[1]`), []byte(`null`), []byte(`{`), "a string", func() {}} {
		if _, err := NewPrediction(bad); err == nil {
			t.Errorf("NewPrediction(%#v): no error", bad)
		}
	}
	if _, err := NewPrediction([]byte(`[1]`)); !errors.Is(err, ErrPredictions) {
		t.Errorf("a non-object must be ErrPredictions, got %v", err)
	}
}

func equalPrediction(a, b Prediction) bool {
	if len(a.Extra) != len(b.Extra) {
		return false
	}
	for k, v := range a.Extra {
		if string(b.Extra[k]) != string(v) {
			return false
		}
	}
	a.Extra, b.Extra = nil, nil
	return a.ID == b.ID && a.URL == b.URL && a.Title == b.Title && slices.Equal(a.Authors, b.Authors) &&
		a.Published == b.Published && a.Text == b.Text && a.Markdown == b.Markdown && a.PageType == b.PageType
}

func TestPredictionMarshalJSON(t *testing.T) {
	p := Prediction{ID: "1", Title: "<b>&</b>", Markdown: "a <div> & b", Extra: map[string]json.RawMessage{
		"zeta": json.RawMessage(`1`), "alpha": json.RawMessage(`{"k": "<v>"}`), "title": json.RawMessage(`"ignored"`)}}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	// json.Marshal escapes HTML in a Marshaler's output, so look at the
	// method's own bytes for the unescaped form.
	raw, _ := p.MarshalJSON()
	const want = `{"id":"1","url":"","title":"<b>&</b>","authors":[],"published":"","text":"","markdown":"a <div> & b","page_type":"","alpha":{"k":"<v>"},"zeta":1}`
	if string(raw) != want {
		t.Errorf("MarshalJSON:\n got %s\nwant %s", raw, want)
	}
	var back Prediction
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	p.Extra = map[string]json.RawMessage{"zeta": json.RawMessage(`1`), "alpha": json.RawMessage(`{"k":"\u003cv\u003e"}`)}
	if !equalPrediction(back, p) {
		t.Errorf("round trip: got %+v, want %+v", back, p)
	}
}

func TestReadPredictions(t *testing.T) {
	in := `{"id": "a", "title": "first"}

{"title": "no id"}
{"id": 7, "title": "numeric id"}
{"id": "b", "text": "x"}
{"id": "a", "title": "second"}
`
	got, err := ReadPredictions(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got["a"].Title != "second" || got["b"].Text != "x" {
		t.Errorf("got %+v", got)
	}
	_, err = ReadPredictions(strings.NewReader("{\"id\": \"a\"}\n[1, 2]\n"))
	if !errors.Is(err, ErrPredictions) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("err = %v, want ErrPredictions at line 2", err)
	}
}
