#!/usr/bin/env bash
# bench-queue: the same crawl of HOSTS generated local sites (N articles
# each, --rate 0) in one process, then by a coordinator and WORKERS workers
# through a NATS JetStream server (all on this machine), and the CPU each
# part spent: the inputs of the sizing model in the README ("When one
# machine is not enough").
#
#   scripts/bench-queue.sh                  # or: make bench-queue
#   HOSTS=20 N=500 WORKERS=3 ROUNDS=3 scripts/bench-queue.sh
#
# The machine may be shared with other jobs, so the two crawls alternate,
# ROUNDS times (one process, queue, one process, queue, ...), and each
# round reports its ratios by wall time and by CPU seconds. With DRAIN=1
# (the default) it then runs BenchmarkQueueCoordinatorDrain: a
# coordinator that stores answers already in the stream.
#
# Needs Go and GNU time (/usr/bin/time; installed with apt-get when missing
# and running as root).
set -euo pipefail

HOSTS=${HOSTS:-20}
N=${N:-500}
WORKERS=${WORKERS:-3}
ROUNDS=${ROUNDS:-1}
DRAIN=${DRAIN:-1}
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

# round R: one process, then the queue, on fresh archives and a fresh
# NATS store; the times go to $work/R.*.time.
round() {
	local r=$1 i p
	echo "round $r: one process: ingest crawl --rate 0 --concurrency $CONCURRENCY, $HOSTS hosts x $N articles" >&2
	/usr/bin/time -f '%e %U %S' -o "$work/$r.single.time" bin/ingest crawl --db "$work/$r.single.db" --rate 0 \
		--concurrency "$CONCURRENCY" "${seeds[@]}" >"$work/$r.single.out" 2>"$work/$r.single.log"
	cat "$work/$r.single.out"

	echo "round $r: queue: natsd + $WORKERS workers (--concurrency $SLOTS) + coordinator" >&2
	/usr/bin/time -f '%e %U %S' -o "$work/$r.natsd.time" bin/natsd -addr 127.0.0.1:0 -store "$work/$r.js" >"$work/$r.natsd.url" 2>"$work/$r.natsd.log" &
	local natsd=$!
	for _ in $(seq 100); do [ -s "$work/$r.natsd.url" ] && break; sleep 0.1; done
	local url
	url=$(head -n1 "$work/$r.natsd.url")
	local wpids=()
	for i in $(seq "$WORKERS"); do
		local prof=
		[ "$i" = 1 ] && [ "$r" = 1 ] && prof=${WORKER_PROFILE:-}
		INGEST_CPUPROFILE=$prof /usr/bin/time -f '%e %U %S' -o "$work/$r.worker$i.time" bin/ingest worker --queue "$url" --name "w$i" \
			--concurrency "$SLOTS" 2>"$work/$r.worker$i.log" &
		wpids+=($!)
	done
	sleep 1 # the workers connect
	local cprof=
	[ "$r" = 1 ] && cprof=${COORD_PROFILE:-}
	INGEST_CPUPROFILE=$cprof /usr/bin/time -f '%e %U %S' -o "$work/$r.coord.time" bin/ingest crawl --db "$work/$r.queue.db" --queue "$url" --rate 0 \
		--concurrency "$CONCURRENCY" "${seeds[@]}" >"$work/$r.coord.out" 2>"$work/$r.coord.log"
	cat "$work/$r.coord.out"
	# Stop the workers (SIGINT: they finish and exit) and the server. GNU
	# time does not pass signals on: they go to its child.
	for p in "${wpids[@]}"; do kill -INT $(pgrep -P "$p") 2>/dev/null || true; done
	for p in "${wpids[@]}"; do wait "$p" 2>/dev/null || true; done
	kill -INT $(pgrep -P "$natsd") 2>/dev/null || true
	wait "$natsd" 2>/dev/null || true
	rm -rf "$work/$r.single.db" "$work/$r.queue.db" "$work/$r.js"
}

# report R: the figures of round R, one line of ratios, and the sums for
# the total in $work/sums.
report() {
	local r=$1 i workers_cpu=0
	for i in $(seq "$WORKERS"); do workers_cpu=$(awk -v a="$workers_cpu" -v b="$(cpu "$work/$r.worker$i.time")" 'BEGIN { print a + b }'); done
	awk -v r="$r" -v sp="$(fetched "$work/$r.single.out")" -v sw="$(wall "$work/$r.single.time")" -v sc="$(cpu "$work/$r.single.time")" \
		-v qp="$(fetched "$work/$r.coord.out")" -v qw="$(wall "$work/$r.coord.time")" -v cc="$(cpu "$work/$r.coord.time")" \
		-v wc="$workers_cpu" -v nc="$(cpu "$work/$r.natsd.time")" -v w="$WORKERS" 'BEGIN {
	printf "\nround %d\n", r
	printf "  one process:  %6d pages in %5.1f s = %5.0f pages/s; %.2f ms CPU per page\n", sp, sw, sp / sw, 1000 * sc / sp
	printf "  %d workers:    %6d pages in %5.1f s = %5.0f pages/s\n", w, qp, qw, qp / qw
	printf "    CPU per page: coordinator %.2f ms, workers %.2f ms, NATS server %.2f ms; total %.2f ms\n", 1000 * cc / qp, 1000 * wc / qp, 1000 * nc / qp, 1000 * (cc + wc + nc) / qp
	printf "    per core: coordinator %.0f pages/s, one worker %.0f pages/s (one process: %.0f), NATS server %.0f pages/s\n", qp / cc, qp / wc, sp / sc, qp / nc
	printf "  ratios: %d workers / one process by wall time %.2fx; one worker / one process per CPU second %.2fx; whole queue / one process per CPU second %.2fx\n",
		w, (qp / qw) / (sp / sw), (qp / wc) / (sp / sc), (qp / (cc + wc + nc)) / (sp / sc)
	printf "%s %s %s %s %s %s %s %s\n", sp, sw, sc, qp, qw, cc, wc, nc >> "'"$work/sums"'"
}'
}

for r in $(seq "$ROUNDS"); do round "$r"; done
printf "\nqueue benchmark on %d CPUs, %d hosts x %d articles, %d workers, %d rounds (one process and queue alternating)\n" "$(nproc)" "$HOSTS" "$N" "$WORKERS" "$ROUNDS"
for r in $(seq "$ROUNDS"); do report "$r"; done
awk -v w="$WORKERS" '{ sp += $1; sw += $2; sc += $3; qp += $4; qw += $5; cc += $6; wc += $7; nc += $8 } END {
	printf "\nall rounds: %d workers / one process by wall time %.2fx; one worker / one process per CPU second %.2fx; whole queue / one process per CPU second %.2fx\n",
		w, (qp / qw) / (sp / sw), (qp / wc) / (sp / sc), (qp / (cc + wc + nc)) / (sp / sc)
	printf "  coordinator %.2f ms CPU per page (%.0f pages per CPU second)\n", 1000 * cc / qp, qp / cc
}' "$work/sums"

if [ "$DRAIN" = 1 ]; then
	printf "\ncoordinator drain (answers already in the stream): go test -bench QueueCoordinatorDrain\n"
	"$GO" test -run '^$' -bench QueueCoordinatorDrain -benchtime 3x ./cmd/ingest | grep -E '^(Benchmark|ok|FAIL)' || true
fi
