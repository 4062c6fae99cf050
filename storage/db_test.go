package storage

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	bolt "go.etcd.io/bbolt"
)

// makeArchive creates an archive with a few records and returns its path.
func makeArchive(t *testing.T, dir string, n int) string {
	t.Helper()
	path := filepath.Join(dir, "archive.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		mustPut(t, db, PutInput{Record: article(fmt.Sprintf("https://example.com/a/%d", i), "T", otherEssay(i)), Now: t0})
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	good := makeArchive(t, dir, 20)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	text := write("notes.db", []byte("these are my notes, not a database\n"))
	bigText := write("big.db", []byte(strings.Repeat("lorem ipsum dolor sit amet\n", 2000)))
	truncated := write("truncated.db", data[:len(data)/3])
	headOnly := write("head.db", data[:4096])
	empty := write("empty.db", nil)
	garbled := append([]byte(nil), data...)
	for i := 2 * 4096; i < len(garbled); i += 7 {
		garbled[i] ^= 0x5a
	}
	garbledPath := write("garbled.db", garbled)

	foreign := filepath.Join(dir, "foreign.db")
	bdb, err := bolt.Open(foreign, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("widgets")); return err }); err != nil {
		t.Fatal(err)
	}
	bdb.Close()

	future := filepath.Join(dir, "future.db")
	db, err := Open(future, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.bolt.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(metaSchema, []byte("99")) }); err != nil {
		t.Fatal(err)
	}
	db.Close()

	tests := []struct {
		name     string
		path     string
		readOnly bool
		want     error
		msg      string
	}{
		{"text file", text, false, ErrNotArchive, "not an ingest archive ("},
		{"text file read-only", text, true, ErrNotArchive, "not an ingest archive ("},
		{"large text file", bigText, false, ErrNotArchive, "not an ingest archive ("},
		{"truncated", truncated, true, ErrNotArchive, "not an ingest archive"},
		{"first page only", headOnly, false, ErrNotArchive, "not an ingest archive"},
		{"zero-length read-only", empty, true, ErrNotArchive, "not an ingest archive (empty file)"},
		{"directory", dir, false, ErrNotArchive, "not an ingest archive (is a directory)"},
		{"missing read-only", filepath.Join(dir, "missing.db"), true, fs.ErrNotExist, "file does not exist"},
		{"foreign bbolt", foreign, false, ErrNotArchive, "without the ingest schema"},
		{"newer schema", future, true, ErrSchemaVersion, "newer than this ingest supports"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := Open(tt.path, Options{ReadOnly: tt.readOnly})
			if err == nil {
				db.Close()
				t.Fatal("open succeeded")
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("error %q is not %v", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "open "+tt.path+": ") || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q, want %q", err, tt.msg)
			}
		})
	}

	// A damaged file that still opens must not panic when read.
	t.Run("garbled pages", func(t *testing.T) {
		db, err := Open(garbledPath, Options{ReadOnly: true})
		if err != nil {
			if !errors.Is(err, ErrNotArchive) {
				t.Errorf("open: %v", err)
			}
			return
		}
		defer db.Close()
		_ = db.Records(context.Background(), func(r normalizeRecord) error { return nil })
		_, _ = db.Stats(context.Background())
	})
}

// normalizeRecord keeps the test above short.
type normalizeRecord = normalize.Record

func TestOpenZeroLengthWritable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "archive.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("an empty file opens as a new archive: %v", err)
	}
	db.Close()
	db, err = Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("reopen read-only: %v", err)
	}
	defer db.Close()
	if n := countRecords(t, db); n != 0 {
		t.Errorf("%d records", n)
	}
}

func TestOpenReadOnly(t *testing.T) {
	path := makeArchive(t, t.TempDir(), 3)
	a, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(path, Options{ReadOnly: true, LockTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatalf("two readers: %v", err)
	}
	defer b.Close()
	if n := countRecords(t, b); n != 3 {
		t.Errorf("%d records", n)
	}
	_, err = a.Put(context.Background(), PutInput{Record: article("https://example.com/x", "T", essay)})
	if !errors.Is(err, ErrReadOnly) {
		t.Errorf("put on read-only: %v", err)
	}
	if err := a.SaveRun(context.Background(), Run{ID: "r"}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("save run on read-only: %v", err)
	}
}

func TestOpenLocked(t *testing.T) {
	path := makeArchive(t, t.TempDir(), 1)
	holder, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	for _, ro := range []bool{false, true} {
		start := time.Now()
		db, err := Open(path, Options{ReadOnly: ro, LockTimeout: 100 * time.Millisecond})
		if err == nil {
			db.Close()
			t.Fatalf("read-only %v: second open succeeded", ro)
		}
		if !errors.Is(err, ErrLocked) {
			t.Errorf("read-only %v: %v, want ErrLocked", ro, err)
		}
		if want := "open " + path + ": locked by another ingest process"; err.Error() != want {
			t.Errorf("message %q, want %q", err, want)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("waited %v", d)
		}
	}
}

const lockHelperEnv = "INGEST_STORAGE_TEST_HOLD_LOCK"

// TestHelperHoldLock is not a test: run as a child process by
// TestOpenLockedByProcess, it holds an archive open until its stdin closes.
func TestHelperHoldLock(t *testing.T) {
	path := os.Getenv(lockHelperEnv)
	if path == "" {
		t.Skip("helper process only")
	}
	db, err := Open(path, Options{})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("ready")
	_, _ = io.Copy(io.Discard, os.Stdin)
	db.Close()
	os.Exit(0)
}

func TestOpenLockedByProcess(t *testing.T) {
	path := makeArchive(t, t.TempDir(), 1)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldLock$")
	cmd.Env = append(os.Environ(), lockHelperEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		_ = cmd.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "ready" {
		t.Fatalf("helper: %q %v", line, err)
	}
	_, err = Open(path, Options{LockTimeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("open while another process holds it: %v", err)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper: %v", err)
	}
	db, err := Open(path, Options{LockTimeout: time.Second})
	if err != nil {
		t.Fatalf("open after release: %v", err)
	}
	db.Close()
}

const crashHelperEnv = "INGEST_STORAGE_TEST_CRASH_WRITER"

// TestHelperCrashWriter is not a test: run as a child process by
// TestCrashMidTransaction, it writes records forever and prints the URL of
// each one after its transaction commits.
func TestHelperCrashWriter(t *testing.T) {
	path := os.Getenv(crashHelperEnv)
	if path == "" {
		t.Skip("helper process only")
	}
	db, err := Open(path, Options{})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	for i := 0; ; i++ {
		url := fmt.Sprintf("https://example.com/crash/%d", i)
		rec := article(url, "T", otherEssay(i)+strings.Repeat(" filler", 2000))
		body := []byte(strings.Repeat(fmt.Sprintf("<p>page %d</p>", i), 500))
		if _, err := db.Put(context.Background(), PutInput{Record: rec, Raw: Raw{Body: body, Status: 200}, Now: t0}); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println(url)
	}
}

func TestCrashMidTransaction(t *testing.T) {
	path := filepath.Join(t.TempDir(), "archive.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperCrashWriter$")
	cmd.Env = append(os.Environ(), crashHelperEnv+"="+path)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var committed []string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && len(committed) < 60 {
		line := sc.Text()
		if strings.HasPrefix(line, "error:") {
			t.Fatal(line)
		}
		if strings.HasPrefix(line, "https://") {
			committed = append(committed, line)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if len(committed) < 60 {
		t.Fatalf("writer committed only %d records", len(committed))
	}

	db, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("open after SIGKILL: %v", err)
	}
	defer db.Close()
	checkDB(t, db)
	for _, u := range committed {
		if _, err := db.Get(context.Background(), u); err != nil {
			t.Errorf("committed record lost: %v", err)
		}
	}
}
