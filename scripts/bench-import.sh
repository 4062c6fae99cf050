#!/usr/bin/env bash
# bench-import: import speed against the crawl's. Serves a generated site
# of N articles (scripts/gensite), crawls it with `ingest crawl --rate 0`,
# captures it once with `wget --mirror --warc-file`, then imports that
# WARC file and that mirror folder into new archives, and prints the
# pages/s, CPU time and peak RSS of each. An import has no network to
# wait for, so it should reach at least the crawl's rate; on a busy
# machine, pages per CPU-second compare better than wall time. With
# ROUNDS=n the crawl and the two imports run n times, interleaved (crawl,
# warc, mirror, crawl, …), so that a burst of load elsewhere hits them
# alike; the summary gives each one's median and the imports' ratios to
# the crawl.
#
#   scripts/bench-import.sh                 # 10,000 articles, once
#   N=2000 ROUNDS=5 scripts/bench-import.sh
#
# Needs Go, GNU time and wget (scripts/ci-tools.sh installs them).
set -euo pipefail

N=${N:-10000}
ROUNDS=${ROUNDS:-1}
CONCURRENCY=${CONCURRENCY:-8}
GO=${GO:-go}
cd "$(dirname "$0")/.."
for tool in wget /usr/bin/time; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench-import: needs $tool (run scripts/ci-tools.sh)" >&2; exit 1; }
done

work=$(mktemp -d)
site_pid=
cleanup() {
	[ -n "$site_pid" ] && { kill "$site_pid" 2>/dev/null || true; wait "$site_pid" 2>/dev/null || true; }
	rm -rf "$work"
}
trap cleanup EXIT

echo "building bin/ingest and the site generator" >&2
"$GO" build -trimpath -o bin/ingest ./cmd/ingest
"$GO" build -o "$work/gensite" ./scripts/gensite
"$work/gensite" -n "$N" >"$work/url" 2>"$work/gensite.log" &
site_pid=$!
for _ in $(seq 50); do
	[ -s "$work/url" ] && break
	sleep 0.1
done
url=$(head -n1 "$work/url")
[ -n "$url" ] || { echo "bench-import: the site did not start" >&2; exit 1; }

# run NAME CMD...: runs CMD under GNU time, keeps its stdout.
run() {
	local name=$1
	shift
	/usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.log" || {
		echo "bench-import: $name failed" >&2
		tail -n 20 "$work/$name.log" "$work/$name.out" >&2
		exit 1
	}
}
seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'; }
wall() { sed -n 's/.*Elapsed (wall clock) time.*: //p' "$work/$1.time" | seconds; }
rss() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/$1.time"; }
cpu() { awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/$1.time"; }

echo "capturing $url ($N articles) with wget --mirror --warc-file" >&2
(cd "$work" && wget --mirror --trust-server-names --no-verbose --no-host-directories --directory-prefix mirror \
	--warc-file capture "$url" 2>wget.log) || [ $? -eq 8 ]

pages() { sed -n "s/.* \([0-9][0-9]*\) $2.*/\1/p" "$work/$1.out" | head -n1; }
stored() { sed -n 's/.*articles: *\([0-9][0-9]*\) stored.*/\1/p' "$work/$1.out"; }

# measure NAME: one line of figures for the run NAME, kept in results.
measure() {
	local name=$1 kind=${1%%-*} p
	if [ "$kind" = crawl ]; then p=$(pages "$name" "pages fetched"); else p=$(pages "$name" "pages imported"); fi
	awk -v name="$name" -v kind="$kind" -v p="$p" -v w="$(wall "$name")" -v r="$(rss "$name")" -v s="$(stored "$name")" -v c="$(cpu "$name")" \
		'BEGIN { printf "  %-9s %6d pages in %6.1f s = %5.0f pages/s, %5.1f CPU s = %5.0f pages per CPU-second, %d articles stored, peak RSS %.0f MB\n", name, p, w, p / w, c, p / c, s, r / 1024
		         printf "%s %f %f\n", kind, p / w, p / c >> "'"$work/results"'" }'
}

echo "warc capture: $(du -h "$work/capture.warc.gz" | cut -f1); $ROUNDS rounds of crawl, warc import, mirror import" >&2
echo
echo "import benchmark: $N articles, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
for i in $(seq "$ROUNDS"); do
	rm -f "$work"/*.db
	run "crawl-$i" bin/ingest crawl --db "$work/crawl.db" --rate 0 --concurrency "$CONCURRENCY" "$url"
	measure "crawl-$i"
	run "warc-$i" bin/ingest import --db "$work/warc.db" "$work/capture.warc.gz"
	measure "warc-$i"
	run "mirror-$i" bin/ingest import --db "$work/mirror.db" --base "$url" "$work/mirror"
	measure "mirror-$i"
	for name in warc mirror; do
		if [ "$(stored "$name-$i")" != "$(stored "crawl-$i")" ]; then
			echo "bench-import: the $name import stored $(stored "$name-$i") articles, the crawl $(stored "crawl-$i")" >&2
			exit 1
		fi
	done
done
echo "  (the crawl's CPU is ingest's alone: the site generator runs in a process of its own)"
echo "medians over $ROUNDS rounds:"
# median KIND COLUMN: the median of a column of results for one kind of run.
median() {
	awk -v k="$1" '$1 == k' "$work/results" | sort -k"$2","$2"g | awk -v c="$2" '{ v[NR] = $c } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
c=$(median crawl 2)
cc=$(median crawl 3)
printf "  crawl  %5.0f pages/s, %5.0f pages per CPU-second\n" "$c" "$cc"
for name in warc mirror; do
	r=$(median "$name" 2)
	pc=$(median "$name" 3)
	awk -v n="$name" -v r="$r" -v c="$c" -v pc="$pc" -v cc="$cc" \
		'BEGIN { printf "  %-6s %5.0f pages/s (%.2fx the crawl), %5.0f pages per CPU-second (%.2fx)\n", n, r, r / c, pc, pc / cc }'
done
