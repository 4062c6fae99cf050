#!/usr/bin/env bash
# warcio-check: read WARC files with webrecorder's warcio (the library
# behind ReplayWeb.page), an independent reader, and print one JSON line
# per file: the record count, each record's type and target URI, and the
# block and payload digests it recomputed that differ from the headers.
#
#   scripts/warcio-check.sh FILE.warc.gz...
#   scripts/warcio-check.sh --install     # only install warcio
#
# warcio comes from npm, pinned, into $WARCIO_DIR (default
# ~/.cache/ingest/warcio) the first time; later runs reuse it. Needs node
# and npm.
set -euo pipefail

WARCIO_VERSION=${WARCIO_VERSION:-2.4.11}
WARCIO_DIR=${WARCIO_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ingest/warcio}
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "warcio-check: needs node and npm (Debian packages nodejs and npm)" >&2
	exit 3
fi
if [ ! -f "$WARCIO_DIR/node_modules/warcio/package.json" ] ||
	! grep -q "\"version\": \"$WARCIO_VERSION\"" "$WARCIO_DIR/node_modules/warcio/package.json"; then
	mkdir -p "$WARCIO_DIR"
	npm install --prefix "$WARCIO_DIR" --no-audit --no-fund --silent --no-save "warcio@$WARCIO_VERSION" >&2
fi
[ "${1:-}" = "--install" ] && exit 0
[ $# -gt 0 ] || { echo "usage: warcio-check.sh FILE.warc.gz..." >&2; exit 2; }
WARCIO_DIR="$WARCIO_DIR" exec node "$here/warcio-check.cjs" "$@"
