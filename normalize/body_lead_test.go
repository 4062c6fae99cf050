package normalize

import "testing"

func TestIsLeadClass(t *testing.T) {
	tests := []struct {
		class string
		want  bool
	}{
		{"story-intro", true},
		{"c-entry-summary p-dek", true},
		{"article__lead-paragraph", true},
		{"field field-perex", true},
		{"article-subheadline", true},
		{"com-subhead --bajada", true},
		{"article-body", false},
		{"entry-content", false},
		{"", false},
		{"pleading", false}, // a token must start with the word
	}
	for _, tt := range tests {
		if got := isLeadClass(tt.class); got != tt.want {
			t.Errorf("isLeadClass(%q) = %v, want %v", tt.class, got, tt.want)
		}
	}
}
