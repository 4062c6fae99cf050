package queue

import (
	"fmt"

	"github.com/fxamacker/cbor/v2"
)

// A result's meta (resultMeta, the page, its record and facts included)
// travels in CBOR (RFC 8949) rather than JSON: decoding the answers as
// JSON was a fifth of a coordinator's CPU. The types need no tags of their
// own: a struct is a map keyed by its json names where it has json tags
// (omitempty honoured) and by its field names where it has none, which is
// why normalize.Page travels as wirePage, whose fields have no tags to
// leave them out. A nil slice or map is null and an empty one an empty
// array or map, so they stay apart as in JSON (and as in JSON, an empty
// field tagged omitempty, as most of normalize.Facts are, is left out and
// comes back nil). A time is its RFC 3339 text with nanoseconds and zone
// offset; a float keeps its 64 bits, NaN included; a string comes back
// byte for byte, valid UTF-8 or not, since a header or a URL from the web
// need not be.
//
// A test checks that every field of the types makes the round trip.

// metaEnc and metaDec are the CBOR modes of a result's meta, built once:
// a mode is safe for concurrent use.
var (
	metaEnc = mustMode(cbor.EncOptions{
		Time:          cbor.TimeRFC3339Nano,
		NilContainers: cbor.NilContainerAsNull,
	}.UserBufferEncMode())
	metaDec = mustMode(cbor.DecOptions{
		UTF8: cbor.UTF8DecodeInvalid,
		// A count larger than what is left fails as malformed anyway; the
		// limits only have to let any result up to maxResult through.
		MaxArrayElements: maxResult,
		MaxMapPairs:      maxResult,
	}.DecMode())
)

// mustMode returns a CBOR mode built from options fixed in the code, which
// can only fail by a mistake there.
func mustMode[M any](m M, err error) M {
	if err != nil {
		panic(fmt.Sprintf("queue: cbor options: %v", err))
	}
	return m
}
