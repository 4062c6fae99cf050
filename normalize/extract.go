package normalize

import "context"

// Options tune Extract. The zero value runs the generic extractor.
type Options struct {
	// Profiles holds user-supplied per-host rules; nil means none.
	Profiles *Profiles
}

// Profiles is a set of per-host extraction rules loaded from the config file.
type Profiles struct{}

// Extract turns one fetched page into a Page. It never touches the network
// or a database and is safe for concurrent use.
func Extract(ctx context.Context, in Input, opts Options) (*Page, error) {
	panic("not yet")
}
