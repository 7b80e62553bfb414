#!/usr/bin/env bash
# Holds N idle connections to a server and reports what the server pays for them.
#
#   01-blocking-server/idle-connections.sh LABEL CONNECTIONS PORT -- SERVER COMMAND...
#
# Starts the server command (it must listen on PORT and stay in the foreground), reads its
# /proc/PID/status (Threads, VmRSS) at rest, then opens CONNECTIONS connections from a separate
# process (IdleClients, one thread and a selector), sends one PING on each and waits for every
# PONG, reads /proc/PID/status again while the connections are held idle, releases them and stops
# the server with SIGTERM. Prints one Markdown table row:
#   | label | connections | threads at rest | threads held | RSS at rest MiB | RSS held MiB | answered |
# Used by measure.sh here and by 02-worker-pool/measure-connections.sh. Needs test-compiled 01.
set -euo pipefail
label=$1 connections=$2 port=$3
shift 3
[ "$1" = "--" ] && shift
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'exec 3>&- 2>/dev/null || true; kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

field() { awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status"; }

"$@" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 200); do nc -z 127.0.0.1 "$port" 2>/dev/null && break; sleep 0.05; done
nc -z 127.0.0.1 "$port" || { echo "server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
sleep 1 # let the JVM finish starting (JIT and GC threads) before the baseline
threads_rest=$(field $server Threads) rss_rest=$(field $server VmRSS)

mkfifo "$work/hold"
java -cp "$root/01-blocking-server/target/test-classes" dev.sabaody.kv.blocking.tools.IdleClients \
  --port "$port" --connections "$connections" --timeout-ms "${PING_TIMEOUT_MS:-10000}" --hold \
  <"$work/hold" >"$work/client.out" 2>"$work/client.err" &
client=$!
exec 3>"$work/hold" # keeps the client's standard input open: it holds the connections until we close it
for _ in $(seq 1200); do grep -q holding "$work/client.out" 2>/dev/null && break; sleep 0.05; done
grep -q holding "$work/client.out" || { echo "client did not finish:" >&2; cat "$work/client.out" "$work/client.err" >&2; exit 1; }
sleep 2 # the connections are now idle; give the server's memory a moment to settle before sampling
threads_held=$(field $server Threads) rss_held=$(field $server VmRSS)
summary=$(head -1 "$work/client.out")

exec 3>&-
wait $client || true
kill -TERM $server
wait $server || true
answered=$(sed -n 's/.* answered=\([0-9]*\).*/\1/p' <<<"$summary")
echo "$label: $summary" >&2
printf '| %s | %d | %d | %d | %d | %d | %d of %d |\n' "$label" "$connections" "$threads_rest" "$threads_held" \
  $((rss_rest / 1024)) $((rss_held / 1024)) "$answered" "$connections"
