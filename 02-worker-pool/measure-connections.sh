#!/usr/bin/env bash
# Module 02's second measurement: 10,000 persistent, idle connections against a fixed pool of
# platform threads, against virtual threads, against module 01 (a platform thread each) and a real
# Redis: threads and resident memory of the server, and how many of the 10,000 get their PING
# answered.
#
#   02-worker-pool/measure-connections.sh     (from the repository root or anywhere)
#
# Uses module 01's idle-connections.sh: the clients run in a separate process (IdleClients), every
# connection sends one PING, and a PING unanswered after PING_TIMEOUT_MS counts as not served.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
ulimit -n "$(ulimit -Hn)"
./mvnw -B -q -pl 02-worker-pool -am test-compile
port=${PORT:-6394} n=${CONNECTIONS:-10000} threads=${THREADS:-200}
export PING_TIMEOUT_MS=${PING_TIMEOUT_MS:-5000}
cp=01-blocking-server/target/classes:02-worker-pool/target/classes
java_opts=(-XX:+UseCompactObjectHeaders)

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); $(redis-server --version | cut -d' ' -f1-3)"
echo
echo "| server | connections | threads at rest | threads held | RSS at rest (MiB) | RSS held (MiB) | PINGs answered |"
echo "|---|---:|---:|---:|---:|---:|---:|"
idle=01-blocking-server/idle-connections.sh
$idle "02 pool --threads $threads --queue $n" "$n" "$port" -- \
  java "${java_opts[@]}" -cp "$cp" dev.sabaody.kv.pool.Main --port "$port" --threads "$threads" --queue "$n"
$idle "02 --virtual" "$n" "$port" -- java "${java_opts[@]}" -cp "$cp" dev.sabaody.kv.pool.Main --port "$port" --virtual
$idle "01 thread per connection" "$n" "$port" -- \
  java "${java_opts[@]}" -cp 01-blocking-server/target/classes dev.sabaody.kv.blocking.Main --port "$port"
$idle "redis-server 7.0" "$n" "$port" -- redis-server --port "$port" --save '' --appendonly no --maxclients $((n + 100))
