#!/usr/bin/env bash
# Crawl one site end to end and score the export against the site's truth.
#   scripts/sitecheck.sh BIN SITE PORT [WORKDIR]
# SITE is a test site of testdata/sites (community, thinktank, newswire) or
# a real site of ../shared/eval/sites (rust, julia, flink). Prints the
# crawl's summary, then crawlcheck.py and mdround.py.
set -euo pipefail
bin=$1 site=$2 port=$3 work=${4:-$(mktemp -d)}
eval_dir=${EVAL:-../shared/eval}
mkdir -p "$work"
if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
	echo "sitecheck: port $port is in use" >&2
	exit 1
fi
if [ -d "testdata/sites/$site" ]; then
	go build -o "$work/testsite" ./internal/testsite/cmd/testsite
	"$work/testsite" truth "testdata/sites/$site" >"$work/$site.truth.jsonl"
	"$work/testsite" serve "testdata/sites/$site" "127.0.0.1:$port" >/dev/null 2>&1 &
	truth=$work/$site.truth.jsonl
else
	s=$(cd "$eval_dir/sites/$site" && pwd)
	server=$(cd "$eval_dir" && pwd)/siteserver.py
	host=$(cat "$s/host")
	(cd "$work" && exec python3 "$server" "$s/www" "$port" "$host") >/dev/null 2>&1 &
	truth=$s/truth.jsonl
fi
srv=$!
trap 'kill $srv 2>/dev/null' EXIT
for _ in $(seq 50); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
rm -f "$work/$site.db"
"$bin" crawl --db "$work/$site.db" --rate 0 --log-level ${LOG_LEVEL:-error} "http://127.0.0.1:$port/"
"$bin" export --db "$work/$site.db" --format jsonl --out "$work/$site.jsonl" >/dev/null
python3 "$eval_dir/crawlcheck.py" "$truth" "$work/$site.jsonl"
python3 "$eval_dir/mdround.py" "$truth" "$work/$site.jsonl"
