#!/usr/bin/env bash
# Installs Debian's chromium for the browser test of `ingest serve`
# (cmd/ingest/serve_browser_test.go) unless a Chromium is there already.
# Quiet when it has nothing to do; fails loudly when apt-get fails.
set -euo pipefail
for b in chromium chromium-browser google-chrome google-chrome-stable headless-shell; do
	if command -v "$b" >/dev/null 2>&1; then
		exit 0
	fi
done
if ! command -v apt-get >/dev/null 2>&1; then
	echo "install-chromium: no apt-get here; the browser test will be skipped" >&2
	exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
	sudo="sudo"
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "install-chromium: installing Debian's chromium for the browser test"
if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium; } >"$log" 2>&1; then
	cat "$log" >&2
	echo "install-chromium: apt-get install chromium failed" >&2
	exit 1
fi
