#!/usr/bin/env bash
# Module 03's measurements, in one run on one machine:
#   1. 10,000 idle connections: the server's threads and resident memory, for module 01 (a thread
#      per connection), module 02 (virtual threads, when built), module 03 (one event loop) and
#      real Redis. Clients in a separate process (module 01's IdleClients); every connection PINGed.
#   2. System calls per request on the event loop's thread (strace -c), one request at a time and
#      pipelined, next to Redis's main thread doing the same work (Redis reads PING\n as an inline
#      command). Throughput is taken in a separate run without strace.
#   3. The selector is epoll: strace of epoll_create1/epoll_ctl/epoll_wait/eventfd2 from start-up
#      through one nc session.
#
#   03-nio-multiplexing/measure.sh           (CONNECTIONS=10000 PORT=6391 by default)
#
# Needs JDK 25, nc, python3, strace, redis-server, and ulimit -n of 20,000.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
ulimit -n "$(ulimit -Hn)"
port=${PORT:-6391}
connections=${CONNECTIONS:-10000}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

./mvnw -B -q -pl 01-blocking-server,03-nio-multiplexing -am package -DskipTests
./mvnw -B -q -pl 01-blocking-server test-compile
has02=false
if [ -f 02-worker-pool/src/main/java/dev/sabaody/kv/pool/Main.java ] \
   && ./mvnw -B -q -pl 02-worker-pool -am compile >/dev/null 2>&1; then
  has02=true
fi

jvm=(java -XX:+UseCompactObjectHeaders)
server01=("${jvm[@]}" -cp 01-blocking-server/target/classes dev.sabaody.kv.blocking.Main --port "$port")
server02=("${jvm[@]}" -cp 02-worker-pool/target/classes:01-blocking-server/target/classes dev.sabaody.kv.pool.Main --virtual --port "$port")
server03=("${jvm[@]}" -jar 03-nio-multiplexing/target/nio-server.jar --port "$port" --max-connections 20000)
redis=(redis-server --port "$port" --save '' --appendonly no --maxclients 10100)

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); $(redis-server --version | cut -d' ' -f1-3)"
echo
echo "## 1. $connections idle connections"
echo
echo "| server | connections | threads at rest | threads held | RSS at rest (MiB) | RSS held (MiB) | PINGs answered | RSS per connection (KiB) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
row() {
  local line
  line=$(01-blocking-server/idle-connections.sh "$@")
  # append (held - rest) / connections, in KiB
  awk -F'|' -v n="$2" '{ printf "%s %.1f |\n", $0, ($7 - $6) * 1024 / n }' <<<"$line"
}
if [ -z "${SKIP_IDLE:-}" ]; then
row "01 thread per connection" "$connections" "$port" -- "${server01[@]}"
$has02 && row "02 virtual threads" "$connections" "$port" -- "${server02[@]}"
row "03 one event loop" "$connections" "$port" -- "${server03[@]}"
row "redis-server 7.0" "$connections" "$port" -- "${redis[@]}"
fi

wait_port() {
  for _ in $(seq 200); do nc -z 127.0.0.1 "$port" 2>/dev/null && return; sleep 0.05; done
  echo "server did not start" >&2; exit 1
}
thread_named() { # PID NAME -> TID
  for t in /proc/$1/task/*; do if [ "$(cat "$t/comm")" = "$2" ]; then basename "$t"; fi; done
}
calls() { awk -v s="$2" '$NF == s {print $4}' "$1"; }
load() { python3 03-nio-multiplexing/scripts/lineload.py --port "$port" "$@"; }

echo
echo "## 2. System calls per request (50 connections, strace -c on the serving thread)"
echo
echo "| server | pipeline | requests | read/req | write/req | epoll_wait/req | all syscalls/req | req/s without strace |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for who in 03 redis; do
  if [ "$who" = 03 ]; then
    "${server03[@]}" >"$work/server.log" 2>&1 & server=$!; reply=5; label="03 one event loop"
  else
    "${redis[@]}" >"$work/server.log" 2>&1 & server=$!; reply=7; label="redis-server 7.0"
  fi
  wait_port
  sleep 1
  load --connections 50 --pipeline 1 --requests 100000 --reply-bytes $reply >/dev/null # warm up the JIT
  if [ "$who" = 03 ]; then tid=$(thread_named $server nio-loop-0); else tid=$server; fi
  for pipeline in 1 16; do
    requests=$((pipeline == 1 ? 50000 : 400000))
    rps=$(load --connections 50 --pipeline $pipeline --requests $requests --reply-bytes $reply | sed 's/.*rps=//')
    strace -c -p "$tid" -o "$work/strace.txt" 2>/dev/null & tracer=$!
    sleep 1
    load --connections 50 --pipeline $pipeline --requests $requests --reply-bytes $reply >/dev/null
    kill -INT $tracer; wait $tracer || true
    r=$(calls "$work/strace.txt" read); w=$(calls "$work/strace.txt" write)
    e=$(calls "$work/strace.txt" epoll_wait); all=$(calls "$work/strace.txt" total)
    awk -v l="$label" -v p=$pipeline -v n=$requests -v r="${r:-0}" -v w="${w:-0}" -v e="${e:-0}" -v a="${all:-0}" -v rps="$rps" \
      'BEGIN { printf "| %s | %d | %d | %.3f | %.3f | %.3f | %.3f | %s |\n", l, p, n, r/n, w/n, e/n, a/n, rps }'
  done
  kill -TERM $server; wait $server || true
done

echo
echo "## 3. The selector is epoll (strace from start-up, one nc session: SET a 1, GET a)"
echo
strace -f -e trace=epoll_create1,epoll_ctl,epoll_wait,eventfd2,accept,read,write -o "$work/epoll.txt" \
  "${server03[@]}" >"$work/server.log" 2>&1 & tracer=$!
wait_port
printf 'SET a 1\nGET a\n' | nc -q1 127.0.0.1 "$port" >/dev/null
sleep 0.5
kill -TERM "$(pgrep -P $tracer java || true)" 2>/dev/null || true
wait $tracer || true
# The loop's own lines: from its epoll_create1 on, the calls on its epoll, eventfd and sockets.
echo '```'
grep -E 'epoll_create1|eventfd2|epoll_ctl|epoll_wait|accept\(|read\([0-9]+, "(SET|GET)|write\([0-9]+, "(OK|1)' "$work/epoll.txt" \
  | grep -v 'ENOSYS' | sed -E 's/^([0-9]+) +/[tid \1] /' | grep -vE 'epoll_wait\([0-9]+, \[\], [0-9]+, 0\)' | tail -n 40
echo '```'
