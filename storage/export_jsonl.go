package storage

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/ingest-archive/ingest/normalize"
)

// jsonlWriter writes one compact JSON record per line, in constant memory.
type jsonlWriter struct {
	w   io.Writer
	buf bytes.Buffer
	enc *json.Encoder
}

func newJSONLWriter(w io.Writer) *jsonlWriter {
	jw := &jsonlWriter{w: w}
	jw.enc = json.NewEncoder(&jw.buf)
	jw.enc.SetEscapeHTML(false)
	return jw
}

func (jw *jsonlWriter) write(r normalize.Record) error {
	fillSlices(&r)
	jw.buf.Reset()
	if err := jw.enc.Encode(r); err != nil {
		return err
	}
	_, err := jw.w.Write(jw.buf.Bytes())
	return err
}

func (jw *jsonlWriter) finish() error { return nil }
