package queuetest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// The queue's names on the server, as package queue sets them up; its
// tests check that Prefill's jobs are answered and reused.
const (
	objectBucket  = "ingest"
	specPrefix    = "spec-"
	jobsPrefix    = "ingest.jobs."
	resultsStream = "INGEST_RESULTS"
)

// Prefill publishes one fetch job per URL of urls for the one crawl that a
// coordinator registered on the server at natsURL, as that coordinator
// would have: workers answer them with no coordinator waiting, and the
// coordinator run next finds the answers in the stream. A benchmark uses
// it to time a coordinator that drains answers already there. It returns
// the crawl's id.
func Prefill(tb testing.TB, natsURL string, urls []string) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	nc, js := connect(tb, natsURL)
	defer nc.Close()
	obs, err := js.ObjectStore(ctx, objectBucket)
	if err != nil {
		tb.Fatalf("prefill: object store: %v", err)
	}
	objs, err := obs.List(ctx)
	if err != nil {
		tb.Fatalf("prefill: list objects: %v", err)
	}
	var spec string
	for _, o := range objs {
		if strings.HasPrefix(o.Name, specPrefix) {
			if spec != "" {
				tb.Fatalf("prefill: more than one crawl registered (%s, %s)", spec, o.Name)
			}
			spec = o.Name
		}
	}
	if spec == "" {
		tb.Fatal("prefill: no crawl registered")
	}
	crawl := strings.TrimPrefix(spec, specPrefix)
	for i, u := range urls {
		id := fmt.Sprintf("%s.prefill%d", crawl, i)
		data, err := json.Marshal(map[string]string{"id": id, "crawl": crawl, "spec": spec, "url": u})
		if err != nil {
			tb.Fatal(err)
		}
		msg := nats.NewMsg(jobsPrefix + crawl)
		msg.Data = data
		msg.Header.Set(jetstream.MsgIDHeader, id)
		if _, err := js.PublishMsgAsync(msg); err != nil {
			tb.Fatalf("prefill: publish: %v", err)
		}
	}
	select {
	case <-js.PublishAsyncComplete():
	case <-ctx.Done():
		tb.Fatal("prefill: publishing timed out")
	}
	return crawl
}

// WaitAnswers waits until the answers stream of the server at natsURL
// holds at least n messages, and fails tb after timeout.
func WaitAnswers(tb testing.TB, natsURL string, n int, timeout time.Duration) {
	tb.Helper()
	nc, js := connect(tb, natsURL)
	defer nc.Close()
	deadline := time.Now().Add(timeout)
	for {
		s, err := js.Stream(context.Background(), resultsStream)
		if err == nil && s.CachedInfo().State.Msgs >= uint64(n) {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("%d answers not in the stream after %v (%v)", n, timeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func connect(tb testing.TB, natsURL string) (*nats.Conn, jetstream.JetStream) {
	tb.Helper()
	nc, err := nats.Connect(natsURL)
	if err != nil {
		tb.Fatalf("nats: %v", err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		tb.Fatalf("jetstream: %v", err)
	}
	return nc, js
}
