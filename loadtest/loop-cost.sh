#!/usr/bin/env bash
# What the event loops of final-server spend per request under redis-benchmark -P 16: user and
# system CPU and context switches of the nio-loop threads (from /proc), and INFO's loop_wakeups,
# loop_borrows and loop_polls.
#
#   loadtest/loop-cost.sh [SHARDS] [extra JVM options...]      (default: 2 shards)
#
# Needs the built jar (./mvnw -B package -DskipTests), redis-benchmark and redis-cli, and
# $JAVA_HOME pointing at JDK 25. Linux only (/proc).
set -euo pipefail
shards=${1:-2}
shift || true
cd "$(dirname "$0")/.."
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
port=${PORT:-7399}
requests=4000000

"$java" -XX:+UseCompactObjectHeaders "$@" -jar final-server/target/final-server.jar \
    --port "$port" --shards "$shards" > /dev/null 2>&1 &
server=$!
trap 'redis-cli -p "$port" shutdown nosave > /dev/null 2>&1 || kill "$server" 2> /dev/null || true' EXIT
for _ in $(seq 50); do redis-cli -p "$port" ping > /dev/null 2>&1 && break; sleep 0.1; done

# utime, stime (clock ticks), voluntary and involuntary switches, summed over the loop threads
loops() {
    local u=0 s=0 v=0 i=0
    for t in /proc/"$server"/task/*; do
        [[ $(cat "$t/comm") == nio-loop-* ]] || continue
        read -r tu ts < <(awk '{print $14, $15}' "$t/stat")
        u=$((u + tu)); s=$((s + ts))
        v=$((v + $(awk '/^voluntary_ctxt_switches/ {print $2}' "$t/status")))
        i=$((i + $(awk '/^nonvoluntary_ctxt_switches/ {print $2}' "$t/status")))
    done
    echo "$u $s $v $i"
}

redis-benchmark -p "$port" -t set,get -P 16 -c 50 -n 2000000 -r 10000 -q > /dev/null 2>&1 # JIT warm-up
# INFO stats: loop_wakeups, loop_borrows, loop_polls, loop_poll_hits
loopstats() {
    redis-cli -p "$port" info stats | tr -d '\r' | awk -F: '
        /^loop_wakeups/ {w = $2} /^loop_borrows/ {b = $2} /^loop_polls/ {p = $2} /^loop_poll_hits/ {h = $2}
        END {print w + 0, b + 0, p + 0, h + 0}'
}

tick=$(getconf CLK_TCK)
for test in get set; do
    read -r u0 s0 v0 i0 < <(loops)
    read -r w0 b0 p0 h0 < <(loopstats)
    rps=$(redis-benchmark -p "$port" -t "$test" -P 16 -c 50 -n "$requests" -r 10000 -q 2>&1 \
        | tr '\r' '\n' | awk '/requests per second/ {print $2}' | tail -1)
    read -r u1 s1 v1 i1 < <(loops)
    read -r w1 b1 p1 h1 < <(loopstats)
    awk -v t="$test" -v n="$requests" -v rps="$rps" -v tick="$tick" -v shards="$shards" \
        -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v v=$((v1 - v0)) -v i=$((i1 - i0)) -v w=$((w1 - w0)) \
        -v b=$((b1 - b0)) -v p=$((p1 - p0)) -v h=$((h1 - h0)) 'BEGIN {
        printf "%s, %d shard(s): %.0f rps; loops: user %.2f s, sys %.2f s, %.2f us/request; ",
            toupper(t), shards, rps, u / tick, s / tick, (u + s) / tick / n * 1e6
        printf "context switches %d voluntary, %d involuntary; wakeups %d, borrows %d, polls %d (%d found work)\n",
            v, i, w, b, p, h }'
done
