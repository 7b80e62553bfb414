#!/usr/bin/env bash
# Memory per key: 1,000,000 `SET key:N <16-byte value>` loaded with redis-cli --pipe into module 05's
# server and into a real Redis, in the same run, side by side.
#
#   05-datastructures/measure-memory.sh [keys]        (from the repository root; default 1000000)
#
# Environment: PORT (our server, default 6397), REDIS_PORT (default 6497), JAVA (default java),
# JAVA_OPTS (default -XX:+UseCompactObjectHeaders), SKIP_BUILD=1 to reuse the built jars.
#
# Figures printed:
#   in-process   MemoryPerKey: the keyspace alone (Db.add), heap used after a full GC, per key
#   used         ours: live heap (jcmd GC.class_histogram total, which collects first) after minus before
#                Redis: INFO memory used_memory after minus before
#   rss          VmRSS of the process (/proc/PID/status) after minus before
# and the class histogram's top classes of our server after the load, to see where the bytes go.
set -euo pipefail
cd "$(dirname "$0")/.."

KEYS=${1:-1000000}
PORT=${PORT:-6397}
REDIS_PORT=${REDIS_PORT:-6497}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:--XX:+UseCompactObjectHeaders}
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

for tool in redis-server redis-cli python3 jcmd; do
  command -v "$tool" >/dev/null || { echo "measure-memory.sh: $tool is not installed" >&2; exit 2; }
done

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -o -pl 05-datastructures package -DskipTests
  ./mvnw -B -q -o -pl 05-datastructures test-compile
fi

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
live_heap() { jcmd "$1" GC.class_histogram | awk '/^Total/ {print $3}'; }
used_memory() { redis-cli -p "$REDIS_PORT" info memory | tr -d '\r' | awk -F: '/^used_memory:/ {print $2}'; }
wait_port() {
  for _ in $(seq 1 100); do
    redis-cli -p "$1" ping >/dev/null 2>&1 && return 0
    sleep 0.1 # waiting for another process to listen: there is no clock to inject here
  done
  echo "measure-memory.sh: nothing answers on port $1" >&2
  exit 1
}

echo "machine: $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(nproc) cores; $($JAVA -version 2>&1 | head -1); $(redis-server --version | cut -d' ' -f1-3)"
echo "keys: $KEYS, values 16 bytes; JAVA_OPTS: $JAVA_OPTS"

# ------------------------------------------------------------------ in-process: the keyspace alone
$JAVA $JAVA_OPTS -cp "$JAR:05-datastructures/target/test-classes" dev.sabaody.kv.data.bench.MemoryPerKey "$KEYS"

# ------------------------------------------------------------------ the load, as RESP
python3 - "$KEYS" > "$WORK/load.resp" <<'PY'
import sys
out = sys.stdout.buffer
for i in range(int(sys.argv[1])):
    k = b"key:%d" % i
    v = b"%016d" % i
    out.write(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$16\r\n%s\r\n" % (len(k), k, v))
PY

# ------------------------------------------------------------------ our server
$JAVA $JAVA_OPTS -jar "$JAR" --port "$PORT" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_port "$PORT"
our_heap0=$(live_heap "$SERVER_PID")
our_rss0=$(rss_kb "$SERVER_PID")
redis-cli -p "$PORT" --pipe < "$WORK/load.resp" | tail -1
[ "$(redis-cli -p "$PORT" get key:$((KEYS - 1)))" = "$(printf '%016d' $((KEYS - 1)))" ] || { echo "last key missing" >&2; exit 1; }
our_heap1=$(live_heap "$SERVER_PID")
jcmd "$SERVER_PID" GC.class_histogram | head -13 > "$WORK/histogram.txt"
our_rss1=$(rss_kb "$SERVER_PID")

# ------------------------------------------------------------------ real Redis
redis-server --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes > /dev/null
REDIS_STARTED=1
wait_port "$REDIS_PORT"
redis-cli -p "$REDIS_PORT" flushall > /dev/null
redis_pid=$(redis-cli -p "$REDIS_PORT" info server | tr -d '\r' | awk -F: '/^process_id:/ {print $2}')
redis_used0=$(used_memory)
redis_rss0=$(rss_kb "$redis_pid")
redis-cli -p "$REDIS_PORT" --pipe < "$WORK/load.resp" | tail -1
redis_used1=$(used_memory)
redis_rss1=$(rss_kb "$redis_pid")

# ------------------------------------------------------------------ the table
python3 - "$KEYS" "$our_heap0" "$our_heap1" "$our_rss0" "$our_rss1" "$redis_used0" "$redis_used1" "$redis_rss0" "$redis_rss1" <<'PY'
import sys
n, oh0, oh1, or0, or1, ru0, ru1, rr0, rr1 = (int(x) for x in sys.argv[1:])
ours_used = (oh1 - oh0) / n
redis_used = (ru1 - ru0) / n
ours_rss = (or1 - or0) * 1024 / n
redis_rss = (rr1 - rr0) * 1024 / n
print()
print("| per key, %d keys | Sabaody-KV step server | Redis 7.0 | ratio |" % n)
print("|---|---:|---:|---:|")
print("| used: live heap / used_memory | %.1f | %.1f | %.2f |" % (ours_used, redis_used, ours_used / redis_used))
print("| RSS growth | %.1f | %.1f | %.2f |" % (ours_rss, redis_rss, ours_rss / redis_rss))
PY
echo
echo "our server's largest classes after the load (jcmd GC.class_histogram):"
cat "$WORK/histogram.txt"
