#!/usr/bin/env bash
# Thin wrapper: tracking_bench.py with Debian's Python. Options: tracking.sh --help
set -euo pipefail
exec "${PYTHON:-/usr/bin/python3}" "$(dirname "$0")/tracking_bench.py" "$@"
