#!/usr/bin/env bash
# Measures `ingest export` on a large archive: wall time and peak resident
# memory (GNU time's "Maximum resident set size", which also counts the
# archive's memory-mapped pages) for JSON Lines and a Markdown zip.
#
#   scripts/bench-export.sh [RECORDS]      # default 100000
#
# Needs Go and /usr/bin/time. Writes into a temporary folder it removes.
set -euo pipefail
records=${1:-100000}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building an archive of $records records..."
INGEST_BENCH_ARCHIVE="$work/archive.db" INGEST_BENCH_RECORDS="$records" \
	go test -count=1 -run '^TestBuildBenchArchive$' -v ./storage/ | grep -E 'built|ok|FAIL'
go build -o "$work/ingest" ./cmd/ingest
echo "archive: $(du -m "$work/archive.db" | cut -f1) MiB"

measure() {
	local name=$1
	shift
	/usr/bin/time -f "%e %M" -o "$work/time" "$work/ingest" export --db "$work/archive.db" "$@" 2>/dev/null
	read -r secs kib <"$work/time"
	printf '%-14s %8.1f s %8.1f MiB peak RSS   output %s MiB\n' "$name" "$secs" "$(awk "BEGIN{print $kib/1024}")" \
		"$(du -sm "${@: -1}" | cut -f1)"
}
measure jsonl --format jsonl --out "$work/out.jsonl"
measure markdown-zip --format markdown --out "$work/out.zip"
