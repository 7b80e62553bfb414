#!/usr/bin/env bash
# Thin wrapper: the file limit up to the hard limit (1,000 subscribers are 1,000 sockets), then
# pubsub_bench.py with Debian's Python. Options: pubsub.sh --help
set -euo pipefail
ulimit -n "$(ulimit -Hn)"
exec "${PYTHON:-/usr/bin/python3}" "$(dirname "$0")/pubsub_bench.py" "$@"
