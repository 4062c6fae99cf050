package storage

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// archiveTime is the modification time of every archive entry, so the
// same records always give the same bytes.
var archiveTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// fileSink receives the files of an export. Names are slash-separated,
// relative, and made by this package (see filename.go); add checks them
// again all the same.
type fileSink interface {
	add(name string, size int64, r io.Reader) error
}

// archiveSink is a fileSink that writes one archive file.
type archiveSink interface {
	fileSink
	close() error
}

// checkEntry rejects names that could land outside the export root.
func checkEntry(name string) error {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "\\") ||
		path.Clean(name) != name || name == ".." || strings.HasPrefix(name, "../") {
		return fmt.Errorf("unsafe entry name %q", name)
	}
	for _, part := range strings.Split(name, "/") {
		if part == "" || strings.HasPrefix(part, ".") {
			return fmt.Errorf("unsafe entry name %q", name)
		}
	}
	return nil
}

// dirs lists the folders above name, outermost first.
func dirs(name string) []string {
	var out []string
	for i := 0; i < len(name); i++ {
		if name[i] == '/' {
			out = append(out, name[:i])
		}
	}
	return out
}

// zipSink writes a .zip with every entry under root/.
type zipSink struct {
	zw   *zip.Writer
	root string
	made map[string]bool
}

func newZipSink(w io.Writer, root string) *zipSink {
	return &zipSink{zw: zip.NewWriter(w), root: root, made: map[string]bool{}}
}

func (z *zipSink) mkdir(dir string) error {
	if z.made[dir] {
		return nil
	}
	z.made[dir] = true
	h := &zip.FileHeader{Name: dir + "/", Method: zip.Store, Modified: archiveTime}
	h.SetMode(os.ModeDir | 0o755)
	_, err := z.zw.CreateHeader(h)
	return err
}

func (z *zipSink) add(name string, _ int64, r io.Reader) error {
	if err := checkEntry(name); err != nil {
		return err
	}
	full := z.root + "/" + name
	for _, d := range dirs(full) {
		if err := z.mkdir(d); err != nil {
			return err
		}
	}
	h := &zip.FileHeader{Name: full, Method: zip.Deflate, Modified: archiveTime}
	h.SetMode(0o644)
	w, err := z.zw.CreateHeader(h)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}

func (z *zipSink) close() error { return z.zw.Close() }

// tarSink writes a .tar.gz with every entry under root/.
type tarSink struct {
	gz   *gzip.Writer
	tw   *tar.Writer
	root string
	made map[string]bool
}

func newTarSink(w io.Writer, root string) *tarSink {
	gz := gzip.NewWriter(w) // no name, zero mtime: reproducible
	return &tarSink{gz: gz, tw: tar.NewWriter(gz), root: root, made: map[string]bool{}}
}

func (t *tarSink) mkdir(dir string) error {
	if t.made[dir] {
		return nil
	}
	t.made[dir] = true
	return t.tw.WriteHeader(&tar.Header{
		Typeflag: tar.TypeDir, Name: dir + "/", Mode: 0o755, ModTime: archiveTime, Format: tar.FormatPAX,
	})
}

func (t *tarSink) add(name string, size int64, r io.Reader) error {
	if err := checkEntry(name); err != nil {
		return err
	}
	full := t.root + "/" + name
	for _, d := range dirs(full) {
		if err := t.mkdir(d); err != nil {
			return err
		}
	}
	if err := t.tw.WriteHeader(&tar.Header{
		Typeflag: tar.TypeReg, Name: full, Size: size, Mode: 0o644, ModTime: archiveTime, Format: tar.FormatPAX,
	}); err != nil {
		return err
	}
	n, err := io.Copy(t.tw, r)
	if err == nil && n != size {
		err = fmt.Errorf("entry %s: wrote %d of %d bytes", name, n, size)
	}
	return err
}

func (t *tarSink) close() error {
	if err := t.tw.Close(); err != nil {
		return err
	}
	return t.gz.Close()
}

// dirSink writes a folder: first a hidden temporary folder beside the
// target, renamed into place by commit.
type dirSink struct {
	tmp, final string
	done       bool
}

func newDirSink(final string) (*dirSink, error) {
	parent := filepath.Dir(final)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("export %s: %w", final, pathErr(err))
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(final)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("export %s: cannot write in %s: %w", final, parent, pathErr(err))
	}
	return &dirSink{tmp: tmp, final: final}, nil
}

func (d *dirSink) add(name string, _ int64, r io.Reader) error {
	if err := checkEntry(name); err != nil {
		return err
	}
	p := filepath.Join(d.tmp, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// commit puts the new folder in place of the target, replacing an earlier
// export there.
func (d *dirSink) commit() error {
	if err := os.Chmod(d.tmp, 0o755); err != nil {
		return err
	}
	if err := checkFolderTarget(d.final); err != nil {
		return err
	}
	var old string
	if _, err := os.Lstat(d.final); err == nil {
		old = d.tmp + ".old"
		if err := os.Rename(d.final, old); err != nil {
			return err
		}
	}
	if err := os.Rename(d.tmp, d.final); err != nil {
		if old != "" {
			_ = os.Rename(old, d.final)
		}
		return err
	}
	d.done = true
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

func (d *dirSink) abort() {
	if !d.done {
		os.RemoveAll(d.tmp)
	}
}

// checkFolderTarget accepts a markdown export target that does not exist,
// is an empty folder, or holds an earlier markdown export.
func checkFolderTarget(out string) error {
	info, err := os.Lstat(out)
	switch {
	case os.IsNotExist(err):
		return nil
	case err != nil:
		return pathErr(err)
	case !info.IsDir():
		return errors.New("exists and is not a folder")
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return pathErr(err)
	}
	if len(entries) == 0 {
		return nil
	}
	f, err := os.Open(filepath.Join(out, manifestName))
	if err != nil {
		return errNotExport
	}
	defer f.Close()
	var m struct {
		Format string            `json:"format"`
		Files  []json.RawMessage `json:"files"`
	}
	if err := json.NewDecoder(f).Decode(&m); err != nil || m.Format != FormatMarkdown || m.Files == nil {
		return errNotExport
	}
	return nil
}
