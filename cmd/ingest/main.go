// Command ingest turns a commentary or news website into a clean,
// deduplicated archive of its articles. Run `ingest help` for the commands.
package main

import (
	"context"
	"fmt"
	"os"
)

func main() {
	stopProfile, err := startProfile()
	if err != nil {
		fmt.Fprintln(os.Stderr, "ingest:", err)
		os.Exit(1)
	}
	ctx, stop := signalContext(context.Background())
	code := exitCode(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr), os.Stderr)
	stop()
	stopProfile()
	os.Exit(code)
}
