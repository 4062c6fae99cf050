// Package queue carries a crawl's fetches over NATS JetStream, so that any
// number of worker processes, on any number of machines, fetch and extract
// pages for one coordinator that keeps the frontier, politeness and the
// archive.
//
// Three things live on the server:
//
//   - the stream INGEST_JOBS (subjects ingest.jobs.<crawl>), a work queue of
//     fetch jobs that every worker pulls from one durable consumer;
//   - the stream INGEST_RESULTS (subjects ingest.results.<crawl>), a work
//     queue of answers, one consumer per coordinator;
//   - the object store ingest, which holds the crawl specs that workers
//     fetch once per crawl, and the bodies too large for one message.
//
// A Dispatcher (the coordinator's side) publishes a job only when the
// crawl asks for it, which is when the host's politeness allows it, and
// waits for its result. A Worker pulls jobs, answers each one with a
// result and acknowledges the job only after the result was stored by the
// server: a worker that dies mid-page has its job delivered again after the
// ack wait. Every job has a unique id, used as the message id (the server
// drops a job or result published twice within its duplicate window) and to
// match results to requests (a result that nobody waits for any more, a
// second answer to a redelivered job, is dropped).
//
// A job is a fetch (KindFetch) or, for a reprocess, a stored page to
// extract again (KindExtract), which carries its body compressed, through
// the object store when too large. The worker's Handler tells them apart.
//
// An answer travels as CBOR (github.com/fxamacker/cbor) in an S2 block,
// its body after the CBOR value, with a format byte in front: a worker and
// a coordinator of versions that write different formats refuse each
// other's answers (the crawl retries those pages) rather than misread them.
//
// A crawl's id is derived from its spec, so a coordinator run again with
// the same seeds and options finds its leftover jobs and answers. It
// purges the jobs (its frontier knows what to fetch again) and keeps the
// recent answers, each standing for the next fetch of the same URL with
// the same validators: the pages that were in flight are not fetched
// twice.
package queue
