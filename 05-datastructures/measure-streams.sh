#!/usr/bin/env bash
# Streams, side by side with a real Redis in the same run:
#   1. memory per entry: ENTRIES `XADD events * type click user <n> page /home` (three small
#      fields) sent with redis-cli --pipe; our live heap (jcmd GC.class_histogram, which collects
#      first) against Redis's INFO used_memory, each after minus before;
#   2. throughput: redis-benchmark's custom commands XADD and XRANGE ... COUNT 10 against both.
#
#   05-datastructures/measure-streams.sh [entries]     (from the repository root; default 1000000)
#
# Environment: PORT (our server, default 6398), REDIS_PORT (default 6498), JAVA (default java),
# JAVA_OPTS (default -XX:+UseCompactObjectHeaders), SKIP_BUILD=1 to reuse the built jar,
# BENCH_N (requests per benchmark, default 200000), BENCH_C (clients, default 50).
set -euo pipefail
cd "$(dirname "$0")/.."

ENTRIES=${1:-1000000}
PORT=${PORT:-6398}
REDIS_PORT=${REDIS_PORT:-6498}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:--XX:+UseCompactObjectHeaders}
BENCH_N=${BENCH_N:-200000}
BENCH_C=${BENCH_C:-50}
JAR=05-datastructures/target/data-server.jar
WORK=$(mktemp -d)
SERVER_PID=
REDIS_STARTED=

cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ -n "$REDIS_STARTED" ]; then redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in redis-server redis-cli redis-benchmark python3 jcmd; do
  command -v "$tool" >/dev/null || { echo "measure-streams.sh: $tool is not installed" >&2; exit 2; }
done

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -o -pl 05-datastructures -am package -DskipTests
fi

live_heap() { jcmd "$1" GC.class_histogram | awk '/^Total/ {print $3}'; }
used_memory() { redis-cli -p "$REDIS_PORT" info memory | tr -d '\r' | awk -F: '/^used_memory:/ {print $2}'; }
wait_port() {
  for _ in $(seq 1 100); do
    redis-cli -p "$1" ping >/dev/null 2>&1 && return 0
    sleep 0.1 # waiting for another process to listen: there is no clock to inject here
  done
  echo "measure-streams.sh: nothing answers on port $1" >&2
  exit 1
}

echo "machine: $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(nproc) cores; $($JAVA -version 2>&1 | head -1); $(redis-server --version | cut -d' ' -f1-3)"
echo "entries: $ENTRIES, 3 fields each; JAVA_OPTS: $JAVA_OPTS"

python3 - "$ENTRIES" > "$WORK/xadd.resp" <<'PY'
import sys
n = int(sys.argv[1])
out = sys.stdout.buffer
for i in range(n):
    args = [b"XADD", b"events", b"*", b"type", b"click", b"user", str(i % 100000).encode(), b"page", b"/home"]
    out.write(b"*%d\r\n" % len(args))
    for a in args:
        out.write(b"$%d\r\n%s\r\n" % (len(a), a))
PY

# ------------------------------------------------------------------ ours
$JAVA $JAVA_OPTS -jar "$JAR" --port "$PORT" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_port "$PORT"
before=$(live_heap "$SERVER_PID")
redis-cli -p "$PORT" --pipe < "$WORK/xadd.resp" > /dev/null
after=$(live_heap "$SERVER_PID")
ours_len=$(redis-cli -p "$PORT" xlen events)
ours_per=$(python3 -c "print(round(($after - $before) / $ours_len, 1))")

# ------------------------------------------------------------------ Redis
redis-server --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes --logfile "$WORK/redis.log"
REDIS_STARTED=1
wait_port "$REDIS_PORT"
rbefore=$(used_memory)
redis-cli -p "$REDIS_PORT" --pipe < "$WORK/xadd.resp" > /dev/null
rafter=$(used_memory)
redis_len=$(redis-cli -p "$REDIS_PORT" xlen events)
redis_per=$(python3 -c "print(round(($rafter - $rbefore) / $redis_len, 1))")

echo
echo "memory per entry ($ENTRIES entries, 3 small fields)"
printf "  %-32s %10s %10s\n" "" "ours" "redis"
printf "  %-32s %10s %10s\n" "live heap / used_memory (B)" "$ours_per" "$redis_per"
printf "  %-32s %10s %10s\n" "entries" "$ours_len" "$redis_len"
echo "ours, largest classes after the load:"
jcmd "$SERVER_PID" GC.class_histogram | sed -n '4,9p'

# ------------------------------------------------------------------ throughput
bench() { # port, then the command
  local port=$1
  shift
  redis-benchmark -p "$port" -n "$BENCH_N" -c "$BENCH_C" -q "$@" | tr '\r' '\n' | grep -E 'requests per second' | tail -1
}
echo
set -f # the commands below hold a literal *
echo "throughput (redis-benchmark -n $BENCH_N -c $BENCH_C, one command per request)"
for spec in "XADD bench * type click user 42 page /home" "XRANGE events - + COUNT 10" "XREVRANGE events + - COUNT 10"; do
  # shellcheck disable=SC2086
  o=$(bench "$PORT" $spec)
  # shellcheck disable=SC2086
  r=$(bench "$REDIS_PORT" $spec)
  echo "  $spec"
  echo "    ours:  $o"
  echo "    redis: $r"
done
