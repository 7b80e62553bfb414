#!/usr/bin/env bash
# Module 01's measurement: what one platform thread per connection costs the server at 1,000 and
# 10,000 idle connections (threads and resident memory), next to a real Redis in the same run.
#
#   01-blocking-server/measure.sh            (from the repository root or anywhere)
#
# The clients run in a separate process (IdleClients), so the figures are the server's alone; every
# connection is checked with a PING. Needs JDK 25, nc and redis-server; ulimit -n of 20,000.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
ulimit -n "$(ulimit -Hn)"
./mvnw -B -q -pl 01-blocking-server test-compile
port=${PORT:-6390}
java_server=(java -XX:+UseCompactObjectHeaders -cp 01-blocking-server/target/classes dev.sabaody.kv.blocking.Main --port "$port")
redis=(redis-server --port "$port" --save '' --appendonly no --maxclients 10100)

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); $(redis-server --version | cut -d' ' -f1-3)"
echo
echo "| server | connections | threads at rest | threads held | RSS at rest (MiB) | RSS held (MiB) | PINGs answered |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for n in 1000 10000; do
  01-blocking-server/idle-connections.sh "01 thread per connection" "$n" "$port" -- "${java_server[@]}"
  01-blocking-server/idle-connections.sh "redis-server 7.0" "$n" "$port" -- "${redis[@]}"
done
