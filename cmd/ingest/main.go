// Command ingest turns a commentary or news website into a clean,
// deduplicated archive of its articles. Run `ingest help` for the commands.
package main

import (
	"context"
	"os"
)

func main() {
	ctx, stop := signalContext(context.Background())
	code := exitCode(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr), os.Stderr)
	stop()
	os.Exit(code)
}
