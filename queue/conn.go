package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Options tune a connection. The zero value is what a deployment wants;
// tests shorten the times.
type Options struct {
	// Name identifies this client in the server's monitoring (a worker's
	// or coordinator's name).
	Name string
	// Logger receives connection events; nil discards them.
	Logger *slog.Logger
	// ConnectTimeout bounds the first connection; 0 means 5 s.
	ConnectTimeout time.Duration
	// ReconnectWait is the pause between reconnection attempts after the
	// connection is lost; 0 means 250 ms. Reconnection goes on forever.
	ReconnectWait time.Duration
	// AckWait is how long a job may stay with a worker that neither
	// answers nor says it is still busy before it is delivered to another;
	// 0 means 30 s. Only the first Setup on a server sets it.
	AckWait time.Duration
}

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 5 * time.Second
	}
	if o.ReconnectWait <= 0 {
		o.ReconnectWait = 250 * time.Millisecond
	}
	if o.AckWait <= 0 {
		o.AckWait = 30 * time.Second
	}
	return o
}

// Conn is a connection to a NATS server with JetStream and the queue's
// streams and object store set up. It is safe for concurrent use.
type Conn struct {
	nc   *nats.Conn
	js   jetstream.JetStream
	obs  jetstream.ObjectStore
	jobs jetstream.Stream
	res  jetstream.Stream
	opts Options
	log  *slog.Logger
}

// ParseURL checks a --queue value: one or more comma-separated
// nats://HOST:PORT or tls://HOST:PORT URLs (the port defaults to 4222),
// optionally with user:password. It returns the list as nats.Connect takes
// it.
func ParseURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", fmt.Errorf("queue: empty URL: %w", ErrBadURL)
	}
	var out []string
	for _, part := range strings.Split(raw, ",") {
		part = strings.TrimSpace(part)
		u, err := url.Parse(part)
		if err != nil {
			return "", fmt.Errorf("queue %q: %w", part, ErrBadURL)
		}
		switch u.Scheme {
		case "nats", "tls":
		default:
			return "", fmt.Errorf("queue %q: scheme must be nats:// or tls://: %w", part, ErrBadURL)
		}
		if u.Hostname() == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
			return "", fmt.Errorf("queue %q: want nats://HOST:PORT: %w", part, ErrBadURL)
		}
		if p := u.Port(); p != "" {
			if _, err := net.LookupPort("tcp", p); err != nil {
				return "", fmt.Errorf("queue %q: bad port: %w", part, ErrBadURL)
			}
		}
		u.Path = ""
		out = append(out, u.String())
	}
	return strings.Join(out, ","), nil
}

// Connect connects to the NATS server at rawURL (see ParseURL) and sets up
// the queue's streams, consumers' stream and object store. A server that
// cannot be reached fails at once with ErrUnreachable; once connected, a
// lost connection is retried forever in the background, and publishing and
// fetching wait for it.
func Connect(ctx context.Context, rawURL string, opts Options) (*Conn, error) {
	urls, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	log := opts.Logger
	nc, err := nats.Connect(urls,
		nats.Name(opts.Name),
		nats.Timeout(opts.ConnectTimeout),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(opts.ReconnectWait),
		nats.ReconnectJitter(opts.ReconnectWait/4, opts.ReconnectWait/4),
		nats.ReconnectBufSize(64<<20),
		nats.PingInterval(5*time.Second),
		nats.MaxPingsOutstanding(3),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			log.Warn("queue: disconnected; reconnecting", "err", err)
		}),
		nats.ReconnectHandler(func(c *nats.Conn) {
			log.Info("queue: reconnected", "server", c.ConnectedUrlRedacted())
		}),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			log.Debug("queue: async error", "err", err)
		}),
	)
	if err != nil {
		return nil, fmt.Errorf("queue %s: %w (%v)", urls, ErrUnreachable, err)
	}
	c := &Conn{nc: nc, opts: opts, log: log}
	if err := c.setup(ctx); err != nil {
		nc.Close()
		return nil, err
	}
	return c, nil
}

// Close closes the connection, dropping whatever was not sent.
func (c *Conn) Close() { c.nc.Close() }

// Drain lets pending publishes and acknowledgements reach the server, then
// closes the connection.
func (c *Conn) Drain() error {
	if err := c.nc.Drain(); err != nil {
		return err
	}
	for !c.nc.IsClosed() {
		time.Sleep(5 * time.Millisecond)
	}
	return nil
}

// Stream and subject names.
const (
	jobsStream     = "INGEST_JOBS"
	resultsStream  = "INGEST_RESULTS"
	jobsPrefix     = "ingest.jobs."
	resultsPrefix  = "ingest.results."
	workerConsumer = "ingest-workers"
	objectBucket   = "ingest"
	// dupWindow is how long the server remembers message ids.
	dupWindow = 2 * time.Minute
	// leftoverAge is how long a job or result nobody consumes is kept.
	leftoverAge = 24 * time.Hour
)

func (c *Conn) setup(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*c.opts.ConnectTimeout)
	defer cancel()
	js, err := jetstream.New(c.nc)
	if err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	c.js = js
	if _, err := js.AccountInfo(ctx); err != nil {
		if errors.Is(err, jetstream.ErrJetStreamNotEnabled) || errors.Is(err, jetstream.ErrJetStreamNotEnabledForAccount) {
			return fmt.Errorf("queue %s: %w", c.nc.ConnectedUrlRedacted(), ErrNoJetStream)
		}
		return fmt.Errorf("queue: jetstream: %w", err)
	}
	c.jobs, err = ensureStream(ctx, js, jetstream.StreamConfig{
		Name:       jobsStream,
		Subjects:   []string{jobsPrefix + ">"},
		Retention:  jetstream.WorkQueuePolicy,
		Storage:    jetstream.FileStorage,
		Duplicates: dupWindow,
		MaxAge:     leftoverAge,
	})
	if err != nil {
		return fmt.Errorf("queue: stream %s: %w", jobsStream, err)
	}
	c.res, err = ensureStream(ctx, js, jetstream.StreamConfig{
		Name:       resultsStream,
		Subjects:   []string{resultsPrefix + ">"},
		Retention:  jetstream.WorkQueuePolicy,
		Storage:    jetstream.FileStorage,
		Duplicates: dupWindow,
		MaxAge:     leftoverAge,
	})
	if err != nil {
		return fmt.Errorf("queue: stream %s: %w", resultsStream, err)
	}
	c.obs, err = js.ObjectStore(ctx, objectBucket)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		c.obs, err = js.CreateObjectStore(ctx, jetstream.ObjectStoreConfig{
			Bucket:  objectBucket,
			Storage: jetstream.FileStorage,
			TTL:     leftoverAge,
		})
		if errors.Is(err, jetstream.ErrBucketExists) {
			c.obs, err = js.ObjectStore(ctx, objectBucket)
		}
	}
	if err != nil {
		return fmt.Errorf("queue: object store %s: %w", objectBucket, err)
	}
	return nil
}

// maxInline is the largest encoded result sent as one message; a larger
// body goes through the object store.
func (c *Conn) maxInline() int {
	return int(c.nc.MaxPayload()) - 64<<10
}

// ensureStream opens the stream cfg names, creating it when it is missing.
// An existing stream is updated only when its subjects, retention or limits
// differ: every worker and coordinator runs this on connect, and updating a
// stream while another client creates a consumer on it races inside the
// server.
func ensureStream(ctx context.Context, js jetstream.JetStream, cfg jetstream.StreamConfig) (jetstream.Stream, error) {
	s, err := js.Stream(ctx, cfg.Name)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		s, err = js.CreateStream(ctx, cfg)
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			s, err = js.Stream(ctx, cfg.Name) // another client made it first
		}
	}
	if err != nil {
		return nil, err
	}
	have := s.CachedInfo().Config
	if slices.Equal(have.Subjects, cfg.Subjects) && have.Retention == cfg.Retention &&
		have.Duplicates == cfg.Duplicates && have.MaxAge == cfg.MaxAge {
		return s, nil
	}
	return js.UpdateStream(ctx, cfg)
}
