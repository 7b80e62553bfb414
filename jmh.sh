#!/usr/bin/env bash
# Runs a module's JMH benchmarks (they live in src/test/java, package ...bench):
#
#   ./jmh.sh 04-resp -f 1 -wi 3 -i 5 -prof gc RequestParserBenchmark
#
# The module and what it depends on are installed first, so that the `jmh` profile's exec:exec then
# runs in that one module only (with -am it would also run in the parent project, which has none).
set -euo pipefail
cd "$(dirname "$0")"
if [ $# -lt 1 ]; then
  echo "usage: ./jmh.sh MODULE [JMH options and benchmark name patterns]" >&2
  exit 2
fi
module=$1
shift
./mvnw -B -q -pl "$module" -am install -DskipTests -DskipSmoke
./mvnw -B -q -pl "$module" -Pjmh exec:exec -Djmh.args="${*:--f 1 -wi 3 -i 5}"
