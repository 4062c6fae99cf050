package storage

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/ingest-archive/ingest/normalize"
)

// jsonWriter streams records as one indented JSON array, one record at a
// time, so memory does not grow with the archive.
type jsonWriter struct {
	w     io.Writer
	buf   bytes.Buffer
	enc   *json.Encoder
	count int
}

func newJSONWriter(w io.Writer) *jsonWriter {
	jw := &jsonWriter{w: w}
	jw.enc = json.NewEncoder(&jw.buf)
	jw.enc.SetEscapeHTML(false)
	jw.enc.SetIndent("  ", "  ")
	return jw
}

func (jw *jsonWriter) write(r normalize.Record) error {
	fillSlices(&r)
	jw.buf.Reset()
	if jw.count == 0 {
		jw.buf.WriteString("[\n  ")
	} else {
		jw.buf.WriteString(",\n  ")
	}
	if err := jw.enc.Encode(r); err != nil {
		return err
	}
	jw.buf.Truncate(jw.buf.Len() - 1) // the encoder's newline
	jw.count++
	_, err := jw.w.Write(jw.buf.Bytes())
	return err
}

func (jw *jsonWriter) finish() error {
	end := "\n]\n"
	if jw.count == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(jw.w, end)
	return err
}
