package storage

import (
	"encoding/binary"
	"hash/fnv"
	"math/bits"
	"strings"
	"unicode"

	bolt "go.etcd.io/bbolt"
)

const (
	// shingleWords is the number of words in one simhash feature. Each
	// distinct shingle counts once, so repeated phrases and stop words do
	// not pull unrelated texts together; two words rather than three keep
	// a one-word edit from moving too many bits.
	shingleWords = 2
	// nearDistance is the largest Hamming distance between two simhashes
	// that still counts as a near duplicate.
	nearDistance = 3
	// simhashBands splits the 64-bit fingerprint for lookup. With four
	// 16-bit bands, two fingerprints within nearDistance (< 4) bits share
	// at least one band exactly.
	simhashBands = 4
	// minDedupWords is the shortest text, in words, that content-based
	// dedup (same hash or near duplicate) considers. Shorter bodies, such
	// as teasers and empty extractions, are too alike across different
	// articles to merge them safely.
	minDedupWords = 30
)

// Key prefixes in the simhash bucket.
const (
	simPrefixBand        = 'b' // 'b' band value(2) id -> empty
	simPrefixFingerprint = 'f' // 'f' id -> fingerprint(8)
)

// words splits text into lower-case words of letters and digits.
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
}

// simhash is the 64-bit simhash of the set of word shingles of ws.
func simhash(ws []string) uint64 {
	var acc [64]int
	seen := make(map[string]struct{}, len(ws))
	add := func(feature string) {
		if _, dup := seen[feature]; dup {
			return
		}
		seen[feature] = struct{}{}
		h := fnv.New64a()
		_, _ = h.Write([]byte(feature))
		x := mix64(h.Sum64())
		for i := range 64 {
			if x&(1<<i) != 0 {
				acc[i]++
			} else {
				acc[i]--
			}
		}
	}
	if len(ws) < shingleWords {
		for _, w := range ws {
			add(w)
		}
	}
	for i := 0; i+shingleWords <= len(ws); i++ {
		add(strings.Join(ws[i:i+shingleWords], " "))
	}
	var out uint64
	for i, v := range acc {
		if v > 0 {
			out |= 1 << i
		}
	}
	return out
}

// mix64 is the murmur3 finaliser: it spreads FNV's weak low bits over the
// whole word so that every simhash bit sees an even coin.
func mix64(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

func hamming(a, b uint64) int { return bits.OnesCount64(a ^ b) }

func band(fp uint64, i int) uint16 { return uint16(fp >> (16 * i)) }

func bandKey(i int, v uint16, id string) []byte {
	k := make([]byte, 0, 4+len(id))
	k = append(k, simPrefixBand, byte(i))
	k = binary.BigEndian.AppendUint16(k, v)
	return append(k, id...)
}

func fingerprintKey(id string) []byte {
	return append([]byte{simPrefixFingerprint}, id...)
}

// indexSimhash records fp as id's fingerprint, replacing an older one.
func indexSimhash(b *bolt.Bucket, id string, fp uint64) error {
	if err := unindexSimhash(b, id); err != nil {
		return err
	}
	for i := range simhashBands {
		if err := b.Put(bandKey(i, band(fp, i), id), nil); err != nil {
			return err
		}
	}
	return b.Put(fingerprintKey(id), binary.BigEndian.AppendUint64(nil, fp))
}

// unindexSimhash removes id's fingerprint, if any.
func unindexSimhash(b *bolt.Bucket, id string) error {
	old := b.Get(fingerprintKey(id))
	if len(old) != 8 {
		return nil
	}
	fp := binary.BigEndian.Uint64(old)
	for i := range simhashBands {
		if err := b.Delete(bandKey(i, band(fp, i), id)); err != nil {
			return err
		}
	}
	return b.Delete(fingerprintKey(id))
}

// nearest returns the indexed record closest to fp within nearDistance,
// or "" when there is none. Ties go to the smaller id.
func nearest(b *bolt.Bucket, fp uint64) string {
	best, bestD := "", nearDistance+1
	c := b.Cursor()
	for i := range simhashBands {
		prefix := bandKey(i, band(fp, i), "")
		for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
			id := string(k[len(prefix):])
			v := b.Get(fingerprintKey(id))
			if len(v) != 8 {
				continue
			}
			d := hamming(fp, binary.BigEndian.Uint64(v))
			if d < bestD || (d == bestD && id < best) {
				best, bestD = id, d
			}
		}
	}
	return best
}

func hasPrefix(k, prefix []byte) bool {
	return len(k) >= len(prefix) && string(k[:len(prefix)]) == string(prefix)
}
