package storage_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/storage"
)

func Example() {
	dir, err := os.MkdirTemp("", "archive")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	db, err := storage.Open(filepath.Join(dir, "archive.db"), storage.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	ctx := context.Background()
	now := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	rec := normalize.Record{
		URL:       "https://example.com/a/river",
		Aliases:   []string{"https://example.com/a/river/"},
		Title:     "What the river is for",
		Authors:   []string{"Anna Petrova"},
		Published: "2023-09-14",
		Markdown:  "Every city that grew up around a river eventually forgets the river.",
		Text:      "Every city that grew up around a river eventually forgets the river.",
	}
	out, err := db.Put(ctx, storage.PutInput{Record: rec, Now: now})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out)

	res, err := storage.Export(ctx, db, storage.ExportOptions{Format: "jsonl", Out: "-", Stdout: os.Stdout})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Records, "record")
	// Output:
	// stored
	// {"id":"a90c9365a19bc1e9","url":"https://example.com/a/river","aliases":["https://example.com/a/river/"],"title":"What the river is for","authors":["Anna Petrova"],"published":"2023-09-14","modified":"","lang":"","site_name":"","description":"","tags":[],"markdown":"Every city that grew up around a river eventually forgets the river.","text":"Every city that grew up around a river eventually forgets the river.","content_hash":"sha256:3198c37e2e3ca0316589d538268053a6d1f2c82796830dd24fc5782b811ef939","status":"live","revision":1,"first_seen":"2024-03-01T12:00:00Z","last_seen":"2024-03-01T12:00:00Z"}
	// 1 record
}
