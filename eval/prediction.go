package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
)

// Prediction is what an extractor made of one page, as scored and as written
// to a predictions file: one JSON object a line with the case id added.
//
// The named fields are what the scores read. Extra carries anything else of
// the record, written after them; keys that name a field above are ignored
// there. Use NewPrediction to build one from a full record.
type Prediction struct {
	ID        string   `json:"id"`
	URL       string   `json:"url"`
	Title     string   `json:"title"`
	Authors   []string `json:"authors"`
	Published string   `json:"published"`
	Text      string   `json:"text"`
	Markdown  string   `json:"markdown"`
	PageType  string   `json:"page_type"`

	Extra map[string]json.RawMessage `json:"-"`
}

// predictionKeys are the JSON names of Prediction's fields, in output order.
var predictionKeys = []string{"id", "url", "title", "authors", "published", "text", "markdown", "page_type"}

func isPredictionKey(k string) bool {
	for _, p := range predictionKeys {
		if k == p {
			return true
		}
	}
	return false
}

// NewPrediction builds a Prediction from a full record: a json.RawMessage or
// []byte holding a JSON object, a map[string]any, or any value that marshals
// to a JSON object (a struct with json tags). Fields are read the way
// score.py reads them, so the first non-empty of "text" and "body", of
// "authors" and "author" (a string, or a list of strings or of objects with
// a "name") and of "published" and "date" is used; every other key is kept
// in Extra.
func NewPrediction(record any) (Prediction, error) {
	var b []byte
	switch v := record.(type) {
	case json.RawMessage:
		b = v
	case []byte:
		b = v
	default:
		var err error
		if b, err = json.Marshal(record); err != nil {
			return Prediction{}, fmt.Errorf("eval: prediction: %w", err)
		}
	}
	var p Prediction
	if err := p.UnmarshalJSON(b); err != nil {
		return Prediction{}, err
	}
	return p, nil
}

// UnmarshalJSON reads a record as described in NewPrediction. Values of the
// wrong JSON type count as absent.
func (p *Prediction) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("eval: prediction: %w: %w", ErrPredictions, err)
	}
	if m == nil {
		return fmt.Errorf("eval: prediction: %w: not a JSON object", ErrPredictions)
	}
	*p = Prediction{
		ID:        rawString(m["id"]),
		URL:       rawString(m["url"]),
		Title:     rawString(m["title"]),
		Published: firstString(m, "published", "date"),
		Text:      firstString(m, "text", "body"),
		Markdown:  rawString(m["markdown"]),
		PageType:  rawString(m["page_type"]),
	}
	if p.Authors = rawAuthors(m["authors"]); p.Authors == nil {
		p.Authors = rawAuthors(m["author"])
	}
	for k, v := range m {
		if isPredictionKey(k) {
			continue
		}
		if p.Extra == nil {
			p.Extra = make(map[string]json.RawMessage)
		}
		p.Extra[k] = v
	}
	return nil
}

// MarshalJSON writes the named fields in a fixed order, then Extra sorted by
// key.
func (p Prediction) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	add := func(k string, v any) error {
		if buf.Len() > 1 {
			buf.WriteByte(',')
		}
		if err := encodeJSON(&buf, k); err != nil {
			return err
		}
		buf.WriteByte(':')
		if err := encodeJSON(&buf, v); err != nil {
			return fmt.Errorf("eval: prediction %s: field %s: %w", p.ID, k, err)
		}
		return nil
	}
	authors := p.Authors
	if authors == nil {
		authors = []string{}
	}
	for i, v := range []any{p.ID, p.URL, p.Title, authors, p.Published, p.Text, p.Markdown, p.PageType} {
		if err := add(predictionKeys[i], v); err != nil {
			return nil, err
		}
	}
	keys := make([]string, 0, len(p.Extra))
	for k := range p.Extra {
		if !isPredictionKey(k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := add(k, p.Extra[k]); err != nil {
			return nil, err
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// encodeJSON appends v to buf as JSON. Unlike json.Marshal it leaves <, >
// and & unescaped, which keeps Markdown and HTML in the file readable.
func encodeJSON(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1) // Encode's newline
	return nil
}

// rawString returns the JSON string v, or "" when v is absent or not a string.
func rawString(v json.RawMessage) string {
	var s string
	if len(v) == 0 || v[0] != '"' || json.Unmarshal(v, &s) != nil {
		return ""
	}
	return s
}

// firstString is score.py's pick: the first non-empty string among keys.
func firstString(m map[string]json.RawMessage, keys ...string) string {
	for _, k := range keys {
		if s := rawString(m[k]); s != "" {
			return s
		}
	}
	return ""
}

// rawAuthors reads an author field: a non-empty string becomes one entry, a
// non-empty list keeps one entry per element (a string, the "name" of an
// object, or ""). Anything else is nil.
func rawAuthors(v json.RawMessage) []string {
	if s := rawString(v); s != "" {
		return []string{s}
	}
	var list []json.RawMessage
	if len(v) == 0 || v[0] != '[' || json.Unmarshal(v, &list) != nil || len(list) == 0 {
		return nil
	}
	out := make([]string, len(list))
	for i, x := range list {
		if len(x) > 0 && x[0] == '{' {
			var o map[string]json.RawMessage
			if json.Unmarshal(x, &o) == nil {
				out[i] = rawString(o["name"])
			}
			continue
		}
		out[i] = rawString(x)
	}
	return out
}

// ReadPredictions reads a predictions file: JSON Lines, one object a line,
// blank lines skipped. Records are keyed by their string "id"; records
// without one (or with an empty one) are ignored and a later record replaces an earlier one with
// the same id, as in score.py.
func ReadPredictions(r io.Reader) (map[string]Prediction, error) {
	out := make(map[string]Prediction)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), maxCaseLine)
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var p Prediction
		if err := p.UnmarshalJSON(b); err != nil {
			return nil, fmt.Errorf("eval: read predictions: line %d: %w", line, err)
		}
		if p.ID != "" { // no case has an empty id
			out[p.ID] = p
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: read predictions: %w", err)
	}
	return out, nil
}
