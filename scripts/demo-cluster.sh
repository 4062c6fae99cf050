#!/usr/bin/env bash
# demo-cluster: the sample site crawled by a coordinator and three workers
# through NATS JetStream, all on this machine, ending with the same export
# as `make demo`.
#
#   scripts/demo-cluster.sh            # or: make demo-cluster
#
# Builds bin/ingest and bin/natsd (a NATS server with JetStream, built from
# its Go module), starts the server and three `ingest worker`s, runs
# `ingest demo --queue` (it serves the embedded sample site and is the
# coordinator) into ./demo-cluster/, then crawls the same site in one
# process and checks that the two JSON Lines exports hold the same records
# (ids, content hashes, revisions, every field but the visit times). Last,
# it reprocesses the archive through the workers and checks the records
# are those of a reprocess in one process.
set -euo pipefail

GO=${GO:-go}
WORKERS=${WORKERS:-3}
OUT=${OUT:-demo-cluster}

cd "$(dirname "$0")/.."

work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

echo "== building bin/ingest and bin/natsd"
"$GO" build -trimpath -o bin/ingest ./cmd/ingest
"$GO" build -trimpath -o bin/natsd ./scripts/natsd

echo "== starting a NATS server with JetStream"
bin/natsd -addr 127.0.0.1:0 -store "$work/jetstream" >"$work/natsd.url" 2>"$work/natsd.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/natsd.url" ] && break; sleep 0.1; done
url=$(head -n1 "$work/natsd.url")
[ -n "$url" ] || { echo "demo-cluster: the NATS server did not start:" >&2; cat "$work/natsd.log" >&2; exit 1; }
echo "   $url"

echo "== starting $WORKERS workers"
for i in $(seq "$WORKERS"); do
	bin/ingest worker --queue "$url" --name "worker-$i" --concurrency 4 2>"$work/worker-$i.log" &
	pids+=($!)
done

echo "== ingest demo --queue $url (the coordinator)"
mkdir -p "$OUT"
bin/ingest demo --queue "$url" --dir "$OUT" | tee "$work/cluster.log"
site=$(sed -n 's#^serving the sample site at http://\([^/]*\)/$#\1#p' "$work/cluster.log")

echo "== the same site in one process (make demo), on the same address, for comparison"
mkdir -p "$work/single"
bin/ingest demo --site-addr "$site" --dir "$work/single" >"$work/single.log"
grep -E '^crawl done|articles:' "$work/single.log" | sed 's/^/   /'

strip() { sed -E 's/"first_seen":"[^"]*","last_seen":"[^"]*"//' "$1"; }
if ! diff <(strip "$work/single/demo-out/archive.jsonl") <(strip "$OUT/demo-out/archive.jsonl") >"$work/diff"; then
	echo "demo-cluster: the exports differ:" >&2
	head -c 4000 "$work/diff" >&2
	exit 1
fi
n=$(wc -l <"$OUT/demo-out/archive.jsonl")
echo "== same export as make demo: $n records, identical but for visit times ($OUT/demo-out/archive.jsonl)"

echo "== ingest reprocess --queue $url: the workers extract the stored pages again"
cp "$OUT/demo.db" "$work/local.db"
bin/ingest reprocess --db "$OUT/demo.db" --queue "$url" | grep -E 'reprocessed|left as|queue:' | sed 's/^/   /'
bin/ingest reprocess --db "$work/local.db" >"$work/reprocess.log"
bin/ingest export --db "$work/local.db" --format jsonl --out "$work/local.jsonl" >/dev/null 2>&1
bin/ingest export --db "$OUT/demo.db" --format jsonl --out "$work/cluster.jsonl" >/dev/null 2>&1
if ! diff <(strip "$work/local.jsonl") <(strip "$work/cluster.jsonl") >"$work/diff"; then
	echo "demo-cluster: reprocessing through the queue and here differ:" >&2
	head -c 4000 "$work/diff" >&2
	exit 1
fi
echo "== same records as reprocess in one process"
