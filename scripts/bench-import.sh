#!/usr/bin/env bash
# bench-import: import speed against the crawl's. Serves a generated site
# of N articles (scripts/gensite), crawls it with `ingest crawl --rate 0`,
# captures it once with `wget --mirror --warc-file`, then imports that
# WARC file and that mirror folder into new archives, and prints the
# pages/s, CPU time and peak RSS of each. An import has no network to
# wait for, so it should reach at least the crawl's rate; on a busy
# machine, pages per CPU-second compare better than wall time.
#
#   scripts/bench-import.sh                 # 10,000 articles
#   N=2000 scripts/bench-import.sh
#
# Needs Go, GNU time and wget (scripts/ci-tools.sh installs them).
set -euo pipefail

N=${N:-10000}
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

echo "crawling $url ($N articles) with ingest crawl --rate 0 --concurrency $CONCURRENCY" >&2
run crawl bin/ingest crawl --db "$work/crawl.db" --rate 0 --concurrency "$CONCURRENCY" "$url"
echo "capturing it with wget --mirror --warc-file" >&2
(cd "$work" && wget --mirror --trust-server-names --no-verbose --no-host-directories --directory-prefix mirror \
	--warc-file capture "$url" 2>wget.log) || [ $? -eq 8 ]
kill "$site_pid" 2>/dev/null || true
wait "$site_pid" 2>/dev/null || true
site_pid=

echo "importing the WARC file ($(du -h "$work/capture.warc.gz" | cut -f1))" >&2
run warc bin/ingest import --db "$work/warc.db" "$work/capture.warc.gz"
echo "importing the mirror folder" >&2
run mirror bin/ingest import --db "$work/mirror.db" --base "$url" "$work/mirror"

pages() { sed -n "s/.* \([0-9][0-9]*\) $2.*/\1/p" "$work/$1.out" | head -n1; }
stored() { sed -n 's/.*articles: *\([0-9][0-9]*\) stored.*/\1/p' "$work/$1.out"; }
crawl_pages=$(pages crawl "pages fetched")
echo
echo "import benchmark: $N articles, $(nproc) CPUs"
for name in crawl warc mirror; do
	p=$crawl_pages
	[ "$name" = crawl ] || p=$(pages "$name" "pages imported")
	awk -v name="$name" -v p="$p" -v w="$(wall "$name")" -v r="$(rss "$name")" -v s="$(stored "$name")" -v c="$(cpu "$name")" \
		'BEGIN { printf "  %-7s %6d pages in %6.1f s = %5.0f pages/s, %5.1f CPU s = %5.0f pages per CPU-second, %d articles stored, peak RSS %.0f MB\n", name, p, w, p / w, c, p / c, s, r / 1024 }'
done
echo "  (the crawl's CPU is ingest's alone: the site generator runs in a process of its own)"
for name in warc mirror; do
	if [ "$(stored "$name")" != "$(stored crawl)" ]; then
		echo "bench-import: the $name import stored $(stored "$name") articles, the crawl $(stored crawl)" >&2
		exit 1
	fi
done
