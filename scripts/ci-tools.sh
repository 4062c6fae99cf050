#!/usr/bin/env bash
# ci-tools: install what the tests need beyond Go when it is missing:
# wget and GNU time, node and npm (Debian packages), and webrecorder's
# warcio (npm, through scripts/warcio-check.sh). Quiet, and does nothing
# when everything is there. apt-get needs root; elsewhere it says what to
# install, and the tests that need a missing tool skip with a message.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v wget >/dev/null 2>&1 || missing+=(wget)
[ -x /usr/bin/time ] || missing+=(time)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "ci-tools: installing ${missing[*]} with apt-get" >&2
		apt-get update -qq >/dev/null
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	else
		echo "ci-tools: missing ${missing[*]} (Debian packages of those names)" >&2
	fi
fi
if command -v npm >/dev/null 2>&1; then
	bash scripts/warcio-check.sh --install
fi
