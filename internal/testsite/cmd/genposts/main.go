// Command genposts fills a test site with generated posts, next to the
// posts written by hand. It is deterministic: the same site and vocabulary
// give the same files, so its output is kept in testdata and it only needs
// to run again when a vocabulary changes.
//
//	genposts SITE DIR    SITE is community, thinktank or newswire
//
// It removes the posts it wrote before (posts/gNNN-*.md), loads the
// hand-written posts of DIR to link to them, and writes new ones.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ingest-archive/ingest/internal/testsite"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "genposts:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage: genposts SITE DIR")

func run(args []string, stdout io.Writer) error {
	if len(args) != 2 {
		return errUsage
	}
	v, ok := vocabularies[args[0]]
	if !ok {
		return fmt.Errorf("%w: unknown site %q", errUsage, args[0])
	}
	dir := args[1]
	old, err := filepath.Glob(filepath.Join(dir, "posts", "g[0-9][0-9][0-9]-*.md"))
	if err != nil {
		return fmt.Errorf("list old posts: %w", err)
	}
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			return fmt.Errorf("remove old post: %w", err)
		}
	}
	site, err := testsite.Load(dir)
	if err != nil {
		return err
	}
	var pool []target
	for _, p := range site.Posts() {
		pool = append(pool, target{title: p.Title, link: p.Link})
	}
	posts := newGenerator(v).generate(pool)
	for _, p := range posts {
		name := filepath.Join(dir, "posts", p.file)
		if err := os.WriteFile(name, []byte(p.content()), 0o644); err != nil {
			return fmt.Errorf("write post: %w", err)
		}
	}
	fmt.Fprintf(stdout, "wrote %d posts to %s\n", len(posts), filepath.Join(dir, "posts"))
	return nil
}
