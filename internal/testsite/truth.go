package testsite

import (
	"encoding/json"
	"fmt"
	"io"
)

// TruthPost is the ground truth of one post, in the format of the eval
// folder's truth.jsonl files.
type TruthPost struct {
	Path     string   `json:"path"`     // canonical URL path
	Title    string   `json:"title"`    // as in the front matter
	Authors  []string `json:"authors"`  // empty, not null, when the post names nobody
	Date     string   `json:"date"`     // YYYY-MM-DD
	Text     string   `json:"text"`     // body as plain text
	Markdown string   `json:"markdown"` // body as written
}

// Truth returns one TruthPost per post, newest first. Text and Markdown
// hold the body alone: no sidebar, related box or teaser a theme adds.
func (s *Site) Truth() []TruthPost {
	out := make([]TruthPost, 0, len(s.posts))
	for _, p := range s.posts {
		t := TruthPost{Path: p.URL, Title: p.Title, Authors: []string{}, Date: p.Date.Format("2006-01-02"),
			Text: p.Text, Markdown: p.Markdown}
		for _, a := range p.Authors {
			t.Authors = append(t.Authors, a.Name)
		}
		out = append(out, t)
	}
	return out
}

// WriteTruth writes posts as JSON Lines, one object a line.
func WriteTruth(w io.Writer, posts []TruthPost) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, p := range posts {
		if err := enc.Encode(p); err != nil {
			return fmt.Errorf("write truth %s: %w", p.Path, err)
		}
	}
	return nil
}
