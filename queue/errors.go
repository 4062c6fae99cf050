package queue

import "errors"

// Errors a caller may tell apart.
var (
	// ErrBadURL is a --queue URL that is not nats://HOST:PORT (or tls://).
	ErrBadURL = errors.New("not a NATS URL")
	// ErrUnreachable is a NATS server that did not answer.
	ErrUnreachable = errors.New("NATS server unreachable")
	// ErrNoJetStream is a NATS server without JetStream enabled.
	ErrNoJetStream = errors.New("JetStream not enabled on the NATS server")
)
