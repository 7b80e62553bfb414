#!/usr/bin/env bash
# Module 02's first measurement: throughput and latency against pool size, for persistent
# connections (one per client for the whole run, as Redis clients do) and for a new connection per
# request, with virtual threads and a real Redis in the same run.
#
#   02-worker-pool/measure-pool.sh            (from the repository root or anywhere)
#
# Each row: start the server, run LoadClient (a separate JVM, closed loop, HdrHistogram) with
# CLIENTS client threads for SECONDS seconds after a 1 s warm-up, stop the server. The command is
# PING, so every server (Redis included) does the same, trivial work: what is measured is the
# connection handling. Client and server share the same 2 cores, so the figures are relative.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
ulimit -n "$(ulimit -Hn)"
./mvnw -B -q -pl 02-worker-pool -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
port=${PORT:-6393} clients=${CLIENTS:-32} seconds=${SECONDS_PER_RUN:-5} queue=${QUEUE:-256}
server_cp=01-blocking-server/target/classes:02-worker-pool/target/classes
client_cp=02-worker-pool/target/test-classes:$(cat 02-worker-pool/target/test.classpath)

# run_row LABEL MODE -- SERVER COMMAND...: prints one Markdown row
run_row() {
  local label=$1 mode=$2; shift 3
  "$@" >/tmp/sabaody-02-server.log 2>&1 &
  local server=$!
  for _ in $(seq 200); do nc -z 127.0.0.1 "$port" 2>/dev/null && break; sleep 0.05; done
  local out
  out=$(java -cp "$client_cp" dev.sabaody.kv.pool.load.LoadClient --port "$port" --connections "$clients" \
        --seconds "$seconds" --mode "$mode")
  kill -TERM $server; wait $server || true
  echo "$label ($mode): $out" >&2
  get() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<" $out"; }
  printf '| %s | %s of %s | %s | %s | %s | %s |\n' "$label" "$(get served)" "$clients" "$(get rps)" \
    "$(get p50_us)" "$(get p99_us)" "$(get errors)"
}

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(java -version 2>&1 | head -1); $(redis-server --version | cut -d' ' -f1-3)"
for mode in persistent connect; do
  echo
  echo "$mode: $clients client threads, ${seconds} s, PING"
  echo
  echo "| server | clients served | requests/s | p50 (µs) | p99 (µs) | errors |"
  echo "|---|---:|---:|---:|---:|---:|"
  for n in 1 2 4 8 16 32; do
    run_row "pool --threads $n --queue $queue" "$mode" -- \
      java -XX:+UseCompactObjectHeaders -cp "$server_cp" dev.sabaody.kv.pool.Main --port "$port" --threads "$n" --queue "$queue"
  done
  run_row "--virtual" "$mode" -- java -XX:+UseCompactObjectHeaders -cp "$server_cp" dev.sabaody.kv.pool.Main --port "$port" --virtual
  run_row "01 thread per connection" "$mode" -- java -XX:+UseCompactObjectHeaders -cp 01-blocking-server/target/classes dev.sabaody.kv.blocking.Main --port "$port"
  run_row "redis-server 7.0" "$mode" -- redis-server --port "$port" --save '' --appendonly no
done
