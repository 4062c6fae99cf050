#!/usr/bin/env bash
# bench-crawl: crawl a generated local site of N articles (default 10,000)
# with `ingest crawl --rate 0`, print pages/s and peak RSS, then fetch the
# same site with `wget --mirror` for the raw-fetch ratio. Fails when the
# crawl does not store every article or its peak RSS passes MAX_RSS_MB.
#
#   scripts/bench-crawl.sh                 # or: make bench-crawl
#   N=2000 CONCURRENCY=4 scripts/bench-crawl.sh
#
# Needs Go, GNU time and wget; installs Debian's `time` and `wget` with
# apt-get when they are missing and it runs as root.
set -euo pipefail

N=${N:-10000}
CONCURRENCY=${CONCURRENCY:-8}
MAX_RSS_MB=${MAX_RSS_MB:-300}
GO=${GO:-go}

cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/time ] || missing+=(time)
command -v wget >/dev/null 2>&1 || missing+=(wget)
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "installing ${missing[*]} with apt-get" >&2
		apt-get update -qq >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
	else
		echo "bench-crawl: needs ${missing[*]} (Debian packages of the same name)" >&2
		exit 1
	fi
fi

work=$(mktemp -d)
site_pid=
cleanup() {
	if [ -n "$site_pid" ]; then kill "$site_pid" 2>/dev/null || true; wait "$site_pid" 2>/dev/null || true; fi
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
[ -n "$url" ] || { echo "bench-crawl: the site did not start" >&2; cat "$work/gensite.log" >&2; exit 1; }

# seconds turns GNU time's "h:mm:ss" or "m:ss.ss" into seconds.
seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'; }

echo "crawling $url ($N articles) with ingest" >&2
/usr/bin/time -v -o "$work/time.txt" bin/ingest crawl --db "$work/bench.db" --rate 0 \
	--concurrency "$CONCURRENCY" "$url" >"$work/summary.txt" 2>"$work/crawl.log" &
time_pid=$!
# Sample the crawler's memory: resident anonymous memory and the archive
# file that bbolt maps, which both count in RSS.
anon=0 file=0
while kill -0 "$time_pid" 2>/dev/null; do
	pid=$(pgrep -P "$time_pid" 2>/dev/null | head -n1 || true)
	if [ -n "$pid" ] && [ -r "/proc/$pid/status" ]; then
		read -r a f < <(awk '/^RssAnon:/ { a = $2 } /^RssFile:/ { f = $2 } END { print a + 0, f + 0 }' "/proc/$pid/status" 2>/dev/null || echo "0 0")
		[ "$a" -gt "$anon" ] && anon=$a
		[ "$f" -gt "$file" ] && file=$f
	fi
	sleep 0.2
done
if ! wait "$time_pid"; then
	echo "bench-crawl: ingest crawl failed" >&2
	cat "$work/crawl.log" "$work/summary.txt" >&2
	exit 1
fi
cat "$work/summary.txt"

wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$work/time.txt" | seconds)
rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
fetched=$(sed -n 's/.* \([0-9][0-9]*\) pages fetched.*/\1/p' "$work/summary.txt")
stored=$(sed -n 's/.*articles: *\([0-9][0-9]*\) stored.*/\1/p' "$work/summary.txt")
db_mb=$(du -m "$work/bench.db" | cut -f1)

echo "fetching $url with wget --mirror" >&2
mkdir "$work/mirror"
start=$(date +%s.%N)
wget_rc=0
wget --mirror --no-verbose --no-host-directories --directory-prefix "$work/mirror" "$url" \
	2>"$work/wget.log" || wget_rc=$?
end=$(date +%s.%N)
wget_files=$(find "$work/mirror" -type f | wc -l)
if [ "$wget_rc" -ne 0 ] && [ "$wget_rc" -ne 8 ]; then
	echo "bench-crawl: wget failed ($wget_rc)" >&2
	tail -n 5 "$work/wget.log" >&2
	exit 1
fi

awk -v n="$N" -v c="$CONCURRENCY" -v fetched="$fetched" -v wall="$wall" -v rss="$rss_kb" \
	-v anon="$anon" -v file="$file" -v db="$db_mb" -v files="$wget_files" -v ws="$start" -v we="$end" \
	-v cpus="$(nproc)" 'BEGIN {
	wt = we - ws
	ir = fetched / wall; wr = files / wt
	printf "\ncrawl benchmark: %d articles on loopback, %d CPUs\n", n, cpus
	printf "  ingest crawl --rate 0 --concurrency %d: %d pages in %.1f s = %.0f pages/s\n", c, fetched, wall, ir
	printf "    peak RSS %.0f MB (peaks: %.0f MB anonymous, %.0f MB of the %d MB archive mapped)\n", rss / 1024, anon / 1024, file / 1024, db
	printf "  wget --mirror (one connection, no parsing or storage): %d pages in %.1f s = %.0f pages/s\n", files, wt, wr
	printf "  ingest fetches at %.2fx the raw-fetch rate of wget\n", ir / wr
}'

if [ "$stored" != "$N" ]; then
	echo "bench-crawl: $stored articles stored, want $N" >&2
	exit 1
fi
if [ "$rss_kb" -gt $((MAX_RSS_MB * 1024)) ]; then
	echo "bench-crawl: peak RSS $((rss_kb / 1024)) MB is over $MAX_RSS_MB MB" >&2
	exit 1
fi
