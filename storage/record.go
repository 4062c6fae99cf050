package storage

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	bolt "go.etcd.io/bbolt"
)

// buckets gives one transaction's view of the schema.
type buckets struct {
	tx        *bolt.Tx
	meta      *bolt.Bucket
	records   *bolt.Bucket
	revisions *bolt.Bucket
	urls      *bolt.Bucket
	hashes    *bolt.Bucket
	simhash   *bolt.Bucket
	links     *bolt.Bucket
	pages     *bolt.Bucket
	runs      *bolt.Bucket
	sources   *bolt.Bucket
	strikes   *bolt.Bucket
	changed   *bolt.Bucket

	// now is the time of the change being written: putRecord stamps
	// changed records with it. Zero means time.Now().
	now time.Time
}

func open(tx *bolt.Tx) (*buckets, error) {
	b := &buckets{
		tx:        tx,
		meta:      tx.Bucket(bucketMeta),
		records:   tx.Bucket(bucketRecords),
		revisions: tx.Bucket(bucketRevisions),
		urls:      tx.Bucket(bucketURLs),
		hashes:    tx.Bucket(bucketHashes),
		simhash:   tx.Bucket(bucketSimhash),
		links:     tx.Bucket(bucketLinks),
		pages:     tx.Bucket(bucketPages),
		runs:      tx.Bucket(bucketRuns),
		sources:   tx.Bucket(bucketSources),
		strikes:   tx.Bucket(bucketStrikes),
		changed:   tx.Bucket(bucketChanged),
	}
	if b.meta == nil || b.records == nil || b.revisions == nil || b.urls == nil ||
		b.hashes == nil || b.simhash == nil || b.links == nil || b.pages == nil || b.runs == nil ||
		b.sources == nil || b.strikes == nil || b.changed == nil {
		return nil, fmt.Errorf("%w: missing bucket", ErrCorrupt)
	}
	return b, nil
}

// record loads a record by id. ok is false when there is none.
func (b *buckets) record(id string) (normalize.Record, bool, error) {
	v := b.records.Get([]byte(id))
	if v == nil {
		return normalize.Record{}, false, nil
	}
	r, err := decodeRecord(v)
	if err != nil {
		return r, false, fmt.Errorf("record %s: %w", id, err)
	}
	return r, true, nil
}

// putRecord writes r and, when anything but last_seen differs from the
// stored version, stamps the record as changed at b.now.
func (b *buckets) putRecord(r normalize.Record) error {
	v, err := encodeRecord(r)
	if err != nil {
		return err
	}
	changed, err := b.differs(r, v)
	if err != nil {
		return err
	}
	if changed {
		now := b.now
		if now.IsZero() {
			now = time.Now()
		}
		if err := b.changed.Put([]byte(r.ID), []byte(changedStamp(now))); err != nil {
			return err
		}
	}
	return b.records.Put([]byte(r.ID), v)
}

// differs reports whether r, encoded as v, differs from the stored record
// in anything but last_seen.
func (b *buckets) differs(r normalize.Record, v []byte) (bool, error) {
	old := b.records.Get([]byte(r.ID))
	if old == nil {
		return true, nil
	}
	if bytes.Equal(old, v) {
		return false, nil
	}
	prev, err := decodeRecord(old)
	if err != nil {
		return true, nil // a damaged record is replaced: a change
	}
	prev.LastSeen = r.LastSeen
	pv, err := encodeRecord(prev)
	if err != nil {
		return false, err
	}
	return !bytes.Equal(pv, v), nil
}

// revisionKey is id, a zero byte, and the big-endian revision number, so
// a record's revisions sort together and in order.
func revisionKey(id string, rev int) []byte {
	k := make([]byte, 0, len(id)+5)
	k = append(k, id...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint32(k, uint32(rev))
}

func revisionPrefix(id string) []byte {
	return append([]byte(id), 0)
}

func encodeRecord(r normalize.Record) ([]byte, error) {
	fillSlices(&r)
	v, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("encode record %s: %w", r.ID, err)
	}
	return v, nil
}

// decodeRecord decodes a stored record. json.Unmarshal copies what it
// keeps, so the result outlives the transaction.
func decodeRecord(v []byte) (normalize.Record, error) {
	var r normalize.Record
	if err := json.Unmarshal(v, &r); err != nil {
		return r, fmt.Errorf("%w: decode record: %v", ErrCorrupt, err)
	}
	fillSlices(&r)
	return r, nil
}

// fillSlices turns nil lists into empty ones, so JSON shows [] not null.
func fillSlices(r *normalize.Record) {
	if r.Aliases == nil {
		r.Aliases = []string{}
	}
	if r.Authors == nil {
		r.Authors = []string{}
	}
	if r.Tags == nil {
		r.Tags = []string{}
	}
}

func timestamp(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}
