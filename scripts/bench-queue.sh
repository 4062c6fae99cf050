#!/usr/bin/env bash
# bench-queue: the same crawl of HOSTS generated local sites (N articles
# each, --rate 0) in one process, then by a coordinator and WORKERS workers
# through a NATS JetStream server (all on this machine), and the CPU each
# part spent: the inputs of the sizing model in the README ("When one
# machine is not enough").
#
#   scripts/bench-queue.sh                  # or: make bench-queue
#   HOSTS=20 N=500 WORKERS=3 scripts/bench-queue.sh
#
# Needs Go and GNU time (/usr/bin/time; installed with apt-get when missing
# and running as root).
set -euo pipefail

HOSTS=${HOSTS:-20}
N=${N:-500}
WORKERS=${WORKERS:-3}
SLOTS=${SLOTS:-8}
CONCURRENCY=${CONCURRENCY:-4}
GO=${GO:-go}

cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/time ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		apt-get update -qq >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends time >&2
	else
		echo "bench-queue: needs GNU time (Debian package time)" >&2
		exit 1
	fi
fi

work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

echo "building bin/ingest, bin/natsd and the site generator" >&2
"$GO" build -trimpath -o bin/ingest ./cmd/ingest
"$GO" build -trimpath -o bin/natsd ./scripts/natsd
"$GO" build -o "$work/gensite" ./scripts/gensite

seeds=()
for h in $(seq "$HOSTS"); do
	"$work/gensite" -n "$N" >"$work/site$h.url" 2>/dev/null &
	pids+=($!)
done
for h in $(seq "$HOSTS"); do
	for _ in $(seq 50); do [ -s "$work/site$h.url" ] && break; sleep 0.1; done
	seeds+=("$(head -n1 "$work/site$h.url")")
done

# cpu FILE: user+system seconds from a `/usr/bin/time -f '%e %U %S'` file
# (its last line: a first one may say the exit status).
cpu() { tail -n1 "$1" | awk '{ print $2 + $3 }'; }
wall() { tail -n1 "$1" | awk '{ print $1 }'; }
fetched() { sed -n 's/.* \([0-9][0-9]*\) pages fetched.*/\1/p' "$1"; }

echo "one process: ingest crawl --rate 0 --concurrency $CONCURRENCY, $HOSTS hosts x $N articles" >&2
/usr/bin/time -f '%e %U %S' -o "$work/single.time" bin/ingest crawl --db "$work/single.db" --rate 0 \
	--concurrency "$CONCURRENCY" "${seeds[@]}" >"$work/single.out" 2>"$work/single.log"
cat "$work/single.out"

echo "queue: natsd + $WORKERS workers (--concurrency $SLOTS) + coordinator" >&2
/usr/bin/time -f '%e %U %S' -o "$work/natsd.time" bin/natsd -addr 127.0.0.1:0 -store "$work/js" >"$work/natsd.url" 2>"$work/natsd.log" &
natsd=$!
for _ in $(seq 100); do [ -s "$work/natsd.url" ] && break; sleep 0.1; done
url=$(head -n1 "$work/natsd.url")
wpids=()
for i in $(seq "$WORKERS"); do
	prof=
	[ "$i" = 1 ] && prof=${WORKER_PROFILE:-}
	INGEST_CPUPROFILE=$prof /usr/bin/time -f '%e %U %S' -o "$work/worker$i.time" bin/ingest worker --queue "$url" --name "w$i" \
		--concurrency "$SLOTS" 2>"$work/worker$i.log" &
	wpids+=($!)
done
sleep 1 # the workers connect
INGEST_CPUPROFILE=${COORD_PROFILE:-} /usr/bin/time -f '%e %U %S' -o "$work/coord.time" bin/ingest crawl --db "$work/queue.db" --queue "$url" --rate 0 \
	--concurrency "$CONCURRENCY" "${seeds[@]}" >"$work/coord.out" 2>"$work/coord.log"
cat "$work/coord.out"
# Stop the workers (SIGINT: they finish and exit) and the server. GNU
# time does not pass signals on: they go to its child.
for p in "${wpids[@]}"; do kill -INT $(pgrep -P "$p") 2>/dev/null || true; done
for p in "${wpids[@]}"; do wait "$p" 2>/dev/null || true; done
kill -INT $(pgrep -P "$natsd") 2>/dev/null || true
wait "$natsd" 2>/dev/null || true

workers_cpu=0
for i in $(seq "$WORKERS"); do workers_cpu=$(awk -v a="$workers_cpu" -v b="$(cpu "$work/worker$i.time")" 'BEGIN { print a + b }'); done

awk -v sp="$(fetched "$work/single.out")" -v sw="$(wall "$work/single.time")" -v sc="$(cpu "$work/single.time")" \
	-v qp="$(fetched "$work/coord.out")" -v qw="$(wall "$work/coord.time")" -v cc="$(cpu "$work/coord.time")" \
	-v wc="$workers_cpu" -v nc="$(cpu "$work/natsd.time")" -v w="$WORKERS" -v cpus="$(nproc)" 'BEGIN {
	printf "\nqueue benchmark on %d CPUs\n", cpus
	printf "  one process:  %6d pages in %5.1f s = %5.0f pages/s; %.2f ms CPU per page\n", sp, sw, sp / sw, 1000 * sc / sp
	printf "  %d workers:    %6d pages in %5.1f s = %5.0f pages/s (%.2fx one process)\n", w, qp, qw, qp / qw, (qp / qw) / (sp / sw)
	printf "    CPU per page: coordinator %.2f ms, workers %.2f ms, NATS server %.2f ms; total %.2f ms\n", 1000 * cc / qp, 1000 * wc / qp, 1000 * nc / qp, 1000 * (cc + wc + nc) / qp
	printf "    per core: coordinator %.0f pages/s, one worker %.0f pages/s (one process: %.0f), NATS server %.0f pages/s\n", qp / cc, qp / wc, sp / sc, qp / nc
}'
