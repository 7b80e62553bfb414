#!/usr/bin/env bash
# Thin wrapper: the file limit up to the hard limit (inherited by every process bench.py starts),
# then bench.py with Debian's Python, where python3-locust is installed. Options: bench.sh --help
set -euo pipefail
ulimit -n "$(ulimit -Hn)"
exec "${PYTHON:-/usr/bin/python3}" "$(dirname "$0")/bench.py" "$@"
