#!/usr/bin/env bash
# bench-crawl: crawl generated local sites of 10,000 and 100,000 articles
# with `ingest crawl --rate 0`, print pages/s and peak RSS, and fetch the
# same sites with `wget --mirror` for the raw-fetch ratio. Fails when a
# crawl does not store every article or its peak RSS passes MAX_RSS_MB.
#
#   scripts/bench-crawl.sh                 # or: make bench-crawl
#   SIZES=2000 CONCURRENCY=4 scripts/bench-crawl.sh
#
# Needs Go, GNU time and wget; installs Debian's `time` and `wget` with
# apt-get when they are missing and it runs as root.
set -euo pipefail

SIZES=${SIZES:-${N:-10000 100000}}
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
stop_site() {
	if [ -n "$site_pid" ]; then kill "$site_pid" 2>/dev/null || true; wait "$site_pid" 2>/dev/null || true; fi
	site_pid=
}
cleanup() {
	stop_site
	rm -rf "$work"
}
trap cleanup EXIT

echo "building bin/ingest and the site generator" >&2
"$GO" build -trimpath -o bin/ingest ./cmd/ingest
"$GO" build -o "$work/gensite" ./scripts/gensite

# seconds turns GNU time's "h:mm:ss" or "m:ss.ss" into seconds.
seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'; }

failed=0
results=()

# bench N: one site of N articles, crawled by ingest then by wget.
bench() {
	local n=$1 dir="$work/$1"
	mkdir -p "$dir"
	"$work/gensite" -n "$n" >"$dir/url" 2>"$dir/gensite.log" &
	site_pid=$!
	for _ in $(seq 50); do
		[ -s "$dir/url" ] && break
		sleep 0.1
	done
	local url
	url=$(head -n1 "$dir/url")
	[ -n "$url" ] || { echo "bench-crawl: the site did not start" >&2; cat "$dir/gensite.log" >&2; exit 1; }

	echo "crawling $url ($n articles) with ingest" >&2
	/usr/bin/time -v -o "$dir/time.txt" bin/ingest crawl --db "$dir/bench.db" --rate 0 \
		--concurrency "$CONCURRENCY" "$url" >"$dir/summary.txt" 2>"$dir/crawl.log" &
	local time_pid=$!
	# Sample the crawler's memory: resident anonymous memory and the
	# archive file that bbolt maps, which both count in RSS.
	local anon=0 file=0 pid a f
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
		cat "$dir/crawl.log" "$dir/summary.txt" >&2
		exit 1
	fi
	cat "$dir/summary.txt"

	local wall rss_kb fetched stored db_mb
	wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$dir/time.txt" | seconds)
	rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time.txt")
	fetched=$(sed -n 's/.* \([0-9][0-9]*\) pages fetched.*/\1/p' "$dir/summary.txt")
	stored=$(sed -n 's/.*articles: *\([0-9][0-9]*\) stored.*/\1/p' "$dir/summary.txt")
	db_mb=$(du -m "$dir/bench.db" | cut -f1)
	rm -f "$dir/bench.db"

	echo "fetching $url with wget --mirror" >&2
	mkdir "$dir/mirror"
	local start end wget_rc=0 wget_files
	start=$(date +%s.%N)
	wget --mirror --no-verbose --no-host-directories --directory-prefix "$dir/mirror" "$url" \
		2>"$dir/wget.log" || wget_rc=$?
	end=$(date +%s.%N)
	wget_files=$(find "$dir/mirror" -type f | wc -l)
	rm -rf "$dir/mirror"
	stop_site
	if [ "$wget_rc" -ne 0 ] && [ "$wget_rc" -ne 8 ]; then
		echo "bench-crawl: wget failed ($wget_rc)" >&2
		tail -n 5 "$dir/wget.log" >&2
		exit 1
	fi

	local line
	line=$(awk -v n="$n" -v c="$CONCURRENCY" -v fetched="$fetched" -v wall="$wall" -v rss="$rss_kb" \
		-v anon="$anon" -v file="$file" -v db="$db_mb" -v files="$wget_files" -v ws="$start" -v we="$end" \
		-v cpus="$(nproc)" 'BEGIN {
		wt = we - ws
		ir = fetched / wall; wr = files / wt
		printf "\ncrawl benchmark: %d articles on loopback, %d CPUs\n", n, cpus
		printf "  ingest crawl --rate 0 --concurrency %d: %d pages in %.1f s = %.0f pages/s\n", c, fetched, wall, ir
		printf "    peak RSS %.0f MB (peaks: %.0f MB anonymous, %.0f MB of the %d MB archive mapped)\n", rss / 1024, anon / 1024, file / 1024, db
		printf "  wget --mirror (one connection, no parsing or storage): %d pages in %.1f s = %.0f pages/s\n", files, wt, wr
		printf "  ingest fetches at %.2fx the raw-fetch rate of wget\n", ir / wr
		printf "RESULT %7d articles  %5.0f pages/s  %.2fx wget  peak RSS %4.0f MB\n", n, ir, ir / wr, rss / 1024
	}')
	echo "$line" | grep -v '^RESULT'
	results+=("$(echo "$line" | sed -n 's/^RESULT //p')")

	if [ "$stored" != "$n" ]; then
		echo "bench-crawl: $stored articles stored, want $n" >&2
		failed=1
	fi
	if [ "$rss_kb" -gt $((MAX_RSS_MB * 1024)) ]; then
		echo "bench-crawl: peak RSS $((rss_kb / 1024)) MB is over $MAX_RSS_MB MB" >&2
		failed=1
	fi
}

for n in $SIZES; do
	bench "$n"
done
echo
echo "summary (each ratio against wget on the same site in the same run):"
printf '  %s\n' "${results[@]}"
exit $failed
