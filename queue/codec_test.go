package queue

import (
	"bytes"
	"math"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/scraper"
)

// fill sets every field of the value v points to, recursively, to a value
// that is not its zero value: a field the codec forgets comes back zero.
func fill(t *testing.T, v reflect.Value, seed int) {
	t.Helper()
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2024, 5, 6, 7, 8, 9, seed, time.FixedZone("", 3600))))
			return
		}
		for i := range v.NumField() {
			fill(t, v.Field(i), seed+i+1)
		}
	case reflect.String:
		v.SetString("s" + string(rune('a'+seed%26)) + "é")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(-seed - 1))
	case reflect.Uint32:
		v.SetUint(uint64(seed + 1))
	case reflect.Float64:
		v.SetFloat(float64(seed) + 0.25)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(t, v.Elem(), seed)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		fill(t, v.Index(0), seed)
		fill(t, v.Index(1), seed+7)
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(t, k, seed)
		fill(t, e, seed)
		v.SetMapIndex(k, e)
	default:
		t.Fatalf("fill: no rule for %s", v.Type())
	}
}

// TestCodecCoversEveryField fills every field of a result's meta (the page,
// its record and facts included) and checks they all come back: a field
// added to normalize.Record, Page or Facts that the codec loses (a json
// tag of "-" on a type that travels as it is) fails here.
func TestCodecCoversEveryField(t *testing.T) {
	var m resultMeta
	fill(t, reflect.ValueOf(&m).Elem(), 0)
	data, err := metaEnc.Marshal(&m)
	if err != nil {
		t.Fatal(err)
	}
	var got resultMeta
	if err := metaDec.Unmarshal(data, &got); err != nil {
		t.Fatalf("read back: %v", err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("round trip lost fields:\n got %+v\nwant %+v", got, m)
	}
	// Every field of the page types is written: the wire page has all of
	// normalize.Page's fields.
	if n, w := reflect.TypeFor[normalize.Page]().NumField()-1+reflect.TypeFor[normalize.Record]().NumField(),
		reflect.TypeFor[wirePage]().NumField()-1+reflect.TypeFor[normalize.Record]().NumField(); n != w {
		t.Errorf("normalize.Page has %d fields, the wire page %d", n, w)
	}
	// Cut short anywhere, it fails rather than panics.
	for i := range data {
		var m resultMeta
		if _, err := metaDec.UnmarshalFirst(data[:i], &m); err == nil {
			t.Fatalf("meta cut at %d of %d bytes read without error", i, len(data))
		}
	}
}

// TestResultEncoding checks a result's round trip through its wire form:
// nil and empty slices stay apart, a NaN score, bytes that are not UTF-8
// and a time's zone offset travel, and anything but a result of this
// format is refused.
func TestResultEncoding(t *testing.T) {
	page := &normalize.Page{Record: normalize.Record{URL: "https://a.test/p", Aliases: []string{}},
		PageType: normalize.PageArticle, Facts: &normalize.Facts{Score: math.NaN()}}
	in := Result{JobID: "j", Worker: "w", Delivered: 2, Response: scraper.FetchResponse{
		Status: 200, Header: http.Header{"A": {"1", "2"}, "B": {"caf\xe9"}}, Body: []byte("<html>body</html>"), Page: page,
		FetchedAt: time.Unix(1700000000, 5).In(time.FixedZone("", -5*3600))}}
	data, err := encodeResult(in, "")
	if err != nil {
		t.Fatal(err)
	}
	out, obj, err := decodeResult(data)
	if err != nil || obj != "" {
		t.Fatal(err, obj)
	}
	p := out.Response.Page
	if p == nil || p.Aliases == nil || p.Authors != nil || !math.IsNaN(p.Facts.Score) ||
		!bytes.Equal(out.Response.Body, in.Response.Body) || out.Delivered != 2 || out.Response.Header.Get("A") != "1" ||
		out.Response.Header.Get("B") != "caf\xe9" || !out.Response.FetchedAt.Equal(in.Response.FetchedAt) ||
		out.Response.FetchedAt.Format(time.RFC3339Nano) != in.Response.FetchedAt.Format(time.RFC3339Nano) {
		t.Errorf("came back as %+v, page %+v", out, p)
	}
	for _, bad := range [][]byte{nil, {0x28, 0xb5, 0x2f, 0xfd}, {0x01, 0x04, 0x0c, 0, 0, 0, 0}, {resultFormat, 0xff, 0xff}, data[:len(data)/2]} {
		if _, _, err := decodeResult(bad); err == nil {
			t.Errorf("decodeResult(%x) did not fail", bad)
		}
	}
}

// TestResultCarriesFetchResponse lists what becomes of each field of
// scraper.FetchResponse on the way from a worker to its coordinator: a
// field added there fails here until the answer carries it (resultMeta
// and the wire page) or it is listed as one that stays on the worker.
func TestResultCarriesFetchResponse(t *testing.T) {
	fate := map[string]string{
		"Status": "sent", "Header": "sent", "FinalURL": "sent", "Hops": "sent", "Body": "sent",
		"FetchedAt": "sent", "NotText": "sent", "Request": "sent", "Err": "sent", "ErrKind": "sent", "Retry": "sent",
		"Page":     "sent",
		"Returned": "sent as SinceFetch", "SinceFetch": "sent",
	}
	typ := reflect.TypeFor[scraper.FetchResponse]()
	for i := range typ.NumField() {
		if name := typ.Field(i).Name; fate[name] == "" {
			t.Errorf("scraper.FetchResponse.%s does not travel in a result: add it to resultMeta", name)
		}
	}
}
