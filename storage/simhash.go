package storage

import (
	"encoding/binary"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

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
	simPrefixBand        = 'b' // 'b' band value(2) id -> fingerprint (8), empty before schema 3's end
	simPrefixFingerprint = 'f' // 'f' id -> fingerprint(8)
)

// words splits text into lower-case words of letters and digits: the
// fields of strings.ToLower(text) between runes that are neither
// unicode.IsLetter nor unicode.IsNumber. It lowers and splits in one pass,
// and the words share one string.
func words(text string) []string {
	buf := make([]byte, 0, len(text))
	n := 0
	in := false // the last rune written is part of a word
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if !asciiWord[c] {
				in = false
				continue
			}
			if !in {
				buf, n, in = openWord(buf, n), n+1, true
			}
			buf = append(buf, c)
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		// strings.ToLower turns a byte that is not UTF-8 into U+FFFD,
		// which is no letter: a separator.
		if r == utf8.RuneError && size == 1 {
			in = false
			continue
		}
		if r = unicode.ToLower(r); !unicode.IsLetter(r) && !unicode.IsNumber(r) {
			in = false
			continue
		}
		if !in {
			buf, n, in = openWord(buf, n), n+1, true
		}
		buf = utf8.AppendRune(buf, r)
	}
	// buf holds the words, a space between each two.
	out := make([]string, 0, n)
	all := string(buf)
	for len(all) > 0 {
		w, rest, _ := strings.Cut(all, " ")
		out = append(out, w)
		all = rest
	}
	return out
}

// openWord starts the next word in buf: the n words before it are
// followed by a space.
func openWord(buf []byte, n int) []byte {
	if n > 0 {
		buf = append(buf, ' ')
	}
	return buf
}

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = unicode.IsLetter(rune(c)) || unicode.IsNumber(rune(c))
	}
	return t
}()

// simhash is the 64-bit simhash of the set of word shingles of ws: each
// distinct shingle (the words joined by a space) is hashed with FNV-1a
// and mix64, and bit i of the result is set when more of the hashes have
// bit i set than not.
func simhash(ws []string) uint64 {
	var features []string
	if len(ws) < shingleWords {
		features = ws
	} else {
		// The shingles are substrings of the words joined once.
		joined := strings.Join(ws, " ")
		features = make([]string, 0, len(ws)-shingleWords+1)
		ends := make([]int, len(ws)) // where each word ends in joined
		at := 0
		for i, w := range ws {
			at += len(w)
			ends[i] = at
			at++
		}
		for i := 0; i+shingleWords <= len(ws); i++ {
			features = append(features, joined[ends[i]-len(ws[i]):ends[i+shingleWords-1]])
		}
	}
	seen := make(map[string]struct{}, len(features))
	var c bitCounter
	for _, f := range features {
		if _, dup := seen[f]; dup {
			continue
		}
		seen[f] = struct{}{}
		c.add(mix64(fnv64a(f)))
	}
	return c.majority()
}

// fnv64a is hash/fnv's 64-bit FNV-1a of s.
func fnv64a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// bitCounter counts, for each of 64 bit positions, how many of the values
// added have that bit set. The counts are kept a byte each, eight to a
// word, and moved to wider counters before a byte can overflow.
type bitCounter struct {
	lanes   [8]uint64 // byte j of lanes[k] counts bit 8k+j
	n       int       // values added in all
	inLanes int       // values added since the lanes were last flushed
	ones    [64]int
}

// spreadBits maps a byte to a word holding each of its bits in a byte of
// its own.
var spreadBits = func() (t [256]uint64) {
	for b := range t {
		for j := range 8 {
			if b&(1<<j) != 0 {
				t[b] |= 1 << (8 * j)
			}
		}
	}
	return t
}()

func (c *bitCounter) add(x uint64) {
	for k := range c.lanes {
		c.lanes[k] += spreadBits[byte(x>>(8*k))]
	}
	c.n++
	if c.inLanes++; c.inLanes == 255 {
		c.flush()
	}
}

func (c *bitCounter) flush() {
	for k, l := range c.lanes {
		for j := range 8 {
			c.ones[8*k+j] += int(byte(l >> (8 * j)))
		}
		c.lanes[k] = 0
	}
	c.inLanes = 0
}

// majority sets bit i when more than half of the values had bit i set.
func (c *bitCounter) majority() uint64 {
	c.flush()
	var out uint64
	for i, ones := range c.ones {
		if 2*ones > c.n {
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
	fpv := binary.BigEndian.AppendUint64(nil, fp)
	for i := range simhashBands {
		// The fingerprint rides along, so that nearest reads the candidates
		// of a band in one sweep instead of one lookup each.
		if err := b.Put(bandKey(i, band(fp, i), id), fpv); err != nil {
			return err
		}
	}
	return b.Put(fingerprintKey(id), fpv)
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
		for k, v := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, v = c.Next() {
			id := string(k[len(prefix):])
			if len(v) != 8 {
				// Written before band entries carried the fingerprint.
				if v = b.Get(fingerprintKey(id)); len(v) != 8 {
					continue
				}
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
