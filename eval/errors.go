package eval

import "errors"

// Sentinel errors. They are wrapped with the stage and the case or line they
// concern; test for them with errors.Is.
var (
	// ErrDataset reports a dataset that cannot be used: no cases.jsonl, a
	// malformed line, a case without an id, or two cases with the same id.
	ErrDataset = errors.New("bad dataset")
	// ErrPredictions reports a predictions file line that is not a JSON object.
	ErrPredictions = errors.New("bad predictions")
	// ErrTooLarge reports a saved page that decompresses to more than
	// MaxHTMLSize bytes.
	ErrTooLarge = errors.New("page too large")
	// ErrPanic reports an extract function that panicked on a page; Run
	// counts it as a failed page and goes on.
	ErrPanic = errors.New("extract panicked")
)
