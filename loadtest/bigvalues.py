#!/usr/bin/env python3
"""SET and GET of large values (1, 8, 32, 100 MB by default), against real Redis and the server
under test, side by side in one run.

A value of many megabytes arrives in hundreds of reads. A server that copies what it holds of the
request again on every read takes time quadratic in the value's size, and keeps its loop (and every
other client on it) busy meanwhile; one that receives the value into a buffer that only grows takes
linear time. This measures the upload (SET: send the whole request, wait for +OK) and the download
(GET: send, read the whole reply), each the median of --rounds, interleaved between the servers,
and prints the ratio to Redis. One untimed round per size comes first, for both servers.

    loadtest/bigvalues.py --server-cmd 'java -jar final-server/target/final-server.jar --port {port}'

The result table is written to loadtest/results/bigvalues-<label>-<time>.md.
"""

import argparse
import os
import statistics
import time

from respclient import RespConnection
from servers import RESULTS_DIR, Server, default_label, machine, raise_file_limit

MB = 1024 * 1024


def timed_set(conn, key, payload):
    """Seconds from the first byte of SET key <payload> sent to its reply read."""
    start = time.perf_counter()
    reply, _ = conn.call(b"SET", key, payload)
    elapsed = time.perf_counter() - start
    if reply != "OK":
        raise RuntimeError("SET answered %r" % (reply,))
    return elapsed


def timed_get(conn, key, size):
    start = time.perf_counter()
    reply, _ = conn.call(b"GET", key)
    elapsed = time.perf_counter() - start
    if not isinstance(reply, bytes) or len(reply) != size:
        raise RuntimeError("GET answered %s bytes, not %d" % (None if reply is None else len(reply), size))
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server-cmd", required=True, help="starts the server under test; {port} -> a free port")
    parser.add_argument("--redis-cmd", default="redis-server --port {port} --save '' --appendonly no")
    parser.add_argument("--sizes", default="1,8,32,100", help="value sizes in MB")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--label", default=None)
    args = parser.parse_args()
    raise_file_limit()
    label = args.label or default_label(args.server_cmd, None)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    os.makedirs(os.path.join(RESULTS_DIR, "logs"), exist_ok=True)
    servers = [("Redis", Server.from_options(None, args.redis_cmd, os.path.join(RESULTS_DIR, "logs", "bigvalues-redis.log"))),
               (label, Server.from_options(None, args.server_cmd,
                                           os.path.join(RESULTS_DIR, "logs", "bigvalues-%s.log" % label)))]
    sizes = [int(s) for s in args.sizes.split(",")]
    times = {(name, op, size): [] for name, _ in servers for op in ("SET", "GET") for size in sizes}
    try:
        for _, server in servers:
            server.start()
        conns = {name: RespConnection(server.host, server.port, timeout=600) for name, server in servers}
        for size in sizes:
            payload = os.urandom(size * MB)
            key = b"big:%d" % size
            for name, _ in servers:  # one untimed round: the code a size takes is compiled before it is timed
                timed_set(conns[name], key, payload)
                timed_get(conns[name], key, size * MB)
            for _ in range(args.rounds):
                for name, _ in servers:
                    times[(name, "SET", size)].append(timed_set(conns[name], key, payload))
                    times[(name, "GET", size)].append(timed_get(conns[name], key, size * MB))
            for name, _ in servers:
                conns[name].call(b"DEL", key)
            print("  %4d MB done" % size, flush=True)
    finally:
        for _, server in servers:
            server.stop()
    facts = machine()
    lines = ["Large values %s, %s vs Redis, %s (%d cores), median of %d interleaved rounds, one connection each."
             % (time.strftime("%Y-%m-%d %H:%M"), label, facts["cpu_model"], facts["cores"], args.rounds),
             "Command: `loadtest/bigvalues.py --server-cmd \"%s\"`" % args.server_cmd, "",
             "| op | size | Redis s | %s s | ratio (time, lower is faster) |" % label,
             "|---|--:|--:|--:|--:|"]
    for op in ("SET", "GET"):
        for size in sizes:
            redis = statistics.median(times[("Redis", op, size)])
            ours = statistics.median(times[(label, op, size)])
            lines.append("| %s | %d MB | %.3f | %.3f | %.2f |" % (op, size, redis, ours, ours / redis))
    text = "\n".join(lines) + "\n"
    print(text)
    path = os.path.join(RESULTS_DIR, "bigvalues-%s-%s.md" % (label, stamp))
    with open(path, "w") as f:
        f.write(text)
    print("results: %s" % os.path.relpath(path))


if __name__ == "__main__":
    main()
