#!/usr/bin/env bash
# redis-benchmark against module 04's server and a real redis-server, in the same run, on the same
# machine, with the same settings; prints a Markdown table with the ratio ours/Redis.
#
#   04-resp/bench.sh                 # 200,000 requests per test, pipelines of 1 and 16, 50 clients
#   N=50000 ROUNDS=5 PIPELINES="1 16 64" 04-resp/bench.sh
#
# Both servers get the same treatment: started fresh, one warm-up pass (which also gives the JVM's
# JIT compiler its chance), then ROUNDS measured passes, alternating Redis and ours so that a burst
# of noise from other processes hits both; the table shows each side's median. On a 2-core machine
# the benchmark client takes one core and the server the other, so the figures are a comparison,
# not a capacity. The load average before and after is printed: trust a run only on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-200000}
PIPELINES=${PIPELINES:-"1 16"}
ROUNDS=${ROUNDS:-3}
CLIENTS=${CLIENTS:-50}
OURS_PORT=${OURS_PORT:-6390}
REDIS_PORT=${REDIS_PORT:-6391}
OUT=${OUT:-${TMPDIR:-/tmp}/sabaody-04-bench}
mkdir -p "$OUT"

for tool in redis-server redis-benchmark redis-cli; do
  command -v "$tool" >/dev/null || { echo "bench.sh: $tool is missing (apt-get install redis-server redis-tools)" >&2; exit 1; }
done

echo "bench.sh: building module 04" >&2
./mvnw -B -q -o -pl 04-resp -am package -DskipTests
# run a copy: a build of a later module rewrites 04-resp/target while we measure
cp 04-resp/target/resp-server.jar "$OUT/resp-server.jar"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

java -XX:+UseCompactObjectHeaders -jar "$OUT/resp-server.jar" --port "$OURS_PORT" 2>"$OUT/server.log" &
pids+=($!)
redis-server --port "$REDIS_PORT" --save '' --appendonly no --loglevel warning >"$OUT/redis.log" 2>&1 &
pids+=($!)

for port in "$OURS_PORT" "$REDIS_PORT"; do
  for _ in $(seq 100); do
    [ "$(redis-cli -p "$port" ping 2>/dev/null)" = "PONG" ] && break
    sleep 0.1
  done
  [ "$(redis-cli -p "$port" ping 2>/dev/null)" = "PONG" ] || { echo "bench.sh: nothing answers on $port" >&2; exit 1; }
done

# run NAME PORT PIPELINE REQUESTS -> appends CSV lines "test,rps" to $OUT/NAME-PPIPELINE.csv
# (redis-benchmark warns that it cannot read our CONFIG: module 04 has no CONFIG command; harmless)
run() {
  redis-benchmark -p "$2" -t ping,set,get -n "$4" -c "$CLIENTS" -P "$3" --csv 2>/dev/null \
    | tr -d '"' | awk -F, 'NR > 1 { print $1 "," $2 }' >> "$OUT/$1-P$3.csv"
}

# median of the rps column per test: CSV "test,rps" lines in, "test,median" lines out
median() {
  sort -t, -k1,1 -k2,2n "$1" | awk -F, '
    { v[$1] = v[$1] " " $2 }
    END { for (t in v) { n = split(v[t], a, " "); print t "," a[int((n + 1) / 2)] } }' | sort
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rm -f "$OUT"/*-P*.csv
for p in $PIPELINES; do
  echo "bench.sh: warm-up, pipeline $p" >&2
  run warmup-ours "$OURS_PORT" "$p" $((N / 4))
  run warmup-redis "$REDIS_PORT" "$p" $((N / 4))
  for round in $(seq "$ROUNDS"); do
    echo "bench.sh: pipeline $p, round $round of $ROUNDS" >&2
    run redis "$REDIS_PORT" "$p" "$N"
    run ours "$OURS_PORT" "$p" "$N"
  done
done

echo
echo "redis-benchmark -t ping,set,get -n $N -c $CLIENTS, median of $ROUNDS rounds; $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2}'), $(nproc) cores; $(redis-server --version | awk '{print $1, $2, $3}'); load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| test | pipeline | Redis (req/s) | module 04 (req/s) | ours / Redis |"
echo "|---|---:|---:|---:|---:|"
for p in $PIPELINES; do
  join -t, <(median "$OUT/redis-P$p.csv") <(median "$OUT/ours-P$p.csv") \
    | awk -F, -v p="$p" '{ printf "| %s | %s | %.0f | %.0f | %.2f |\n", $1, p, $2, $3, $3 / $2 }'
done
