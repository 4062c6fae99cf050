package testsite

import "errors"

// Errors returned by Load, wrapped with the file they concern.
var (
	// ErrFrontMatter means a post does not start with a "---" fenced YAML
	// block, or the block lacks a title or a date.
	ErrFrontMatter = errors.New("bad front matter")
	// ErrConfig means site.yaml lacks a required field or holds an
	// invalid URL pattern.
	ErrConfig = errors.New("bad site config")
	// ErrDuplicatePath means two pages would be served at the same URL.
	ErrDuplicatePath = errors.New("duplicate page path")
)
