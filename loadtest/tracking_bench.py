"""Client-side caching: what tracking costs a read, and how fast an invalidation arrives, a server
under test beside a real Redis in the same run.

For each target (Redis, then the server under test with each --shards count), on a fresh server:

  1. Read cost: --clients processes each send pipelined GETs (-P) over --keys keys for --seconds,
     first with tracking off, then with CLIENT TRACKING on (REDIRECT to a connection of their own,
     so that RESP2 suffices): every GET then also remembers its key. Reported: GET/s both ways and
     the ratio, and tracking_total_keys / items at the end (a check that the keys were remembered).
  2. Invalidation latency: --trackers connections read one key with tracking on, each redirecting to
     its own subscriber of __redis__:invalidate; one writer SETs the key; the time from just before
     the SET until each subscriber has the message, over --rounds rounds (the trackers read the key
     again between rounds). Reported: p50/p99/max, and whether every tracker was told every time.

The figures mean something only on a quiet machine: see loadtest/README.md. Options: tracking.sh --help
"""

import argparse
import json
import multiprocessing
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import servers  # noqa: E402
from respclient import RespConnection, info_field  # noqa: E402

CHANNEL = b"__redis__:invalidate"


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--server-cmd", default="java -XX:+UseCompactObjectHeaders -jar final-server/target/final-server.jar"
                   " --port {port} --shards {shards}", help="the server under test; {port} and {shards} are filled in")
    p.add_argument("--redis-cmd", default="redis-server --port {port} --save '' --appendonly no")
    p.add_argument("--label", default="final-server")
    p.add_argument("--shards", default="1,2", help="shard counts of the server under test")
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--pipeline", type=int, default=16)
    p.add_argument("--keys", type=int, default=10000)
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--warmup", type=float, default=5.0, help="seconds of untimed reads first (a JVM compiles its hot paths)")
    p.add_argument("--trackers", type=int, default=10)
    p.add_argument("--rounds", type=int, default=500)
    p.add_argument("--results-dir", default=servers.RESULTS_DIR)
    return p.parse_args(argv)


def tracked_connection(address):
    """A connection with tracking on, redirecting to a subscriber of its own: (connection, subscriber)."""
    sink = RespConnection(*address)
    sink_id, _ = sink.call("CLIENT", "ID")
    sink.call("SUBSCRIBE", CHANNEL)
    conn = RespConnection(*address)
    reply, _ = conn.call("CLIENT", "TRACKING", "on", "REDIRECT", sink_id)
    assert reply == "OK", reply
    return conn, sink


def reader(address, tracking, keys, pipeline, seconds, out):
    conn, sink = tracked_connection(address) if tracking else (RespConnection(*address), None)
    rnd = random.Random()
    done, deadline = 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        conn.pipeline([("GET", "key:%d" % rnd.randrange(keys)) for _ in range(pipeline)])
        done += pipeline
    out.put(done)
    conn.close()
    if sink:
        sink.close()


def gets_per_second(address, args, tracking, seconds):
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    procs = [ctx.Process(target=reader, args=(address, tracking, args.keys, args.pipeline, seconds, out))
             for _ in range(args.clients)]
    for p in procs:
        p.start()
    total = sum(out.get() for _ in procs)
    for p in procs:
        p.join()
    return total / seconds


def invalidation_latency(address, args):
    writer = RespConnection(*address)
    pairs = [tracked_connection(address) for _ in range(args.trackers)]
    latencies, complete = [], True
    for _ in range(args.rounds):
        for conn, _ in pairs:
            conn.call("GET", "hot")
        start = time.monotonic_ns()
        writer.call("SET", "hot", "v")
        for _, sink in pairs:
            message = sink._read_reply()  # ["message", channel, [key]]
            latencies.append(time.monotonic_ns() - start)
            complete = complete and message[0] == b"message" and message[2] == [b"hot"]
    for conn, sink in pairs:
        conn.close()
        sink.close()
    writer.close()
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] / 1e6
    return {"p50_ms": pick(0.5), "p99_ms": pick(0.99), "max_ms": latencies[-1] / 1e6, "all_told": complete}


def measure(server, args):
    address = (server.host, server.port)
    setup = RespConnection(*address)
    for start in range(0, args.keys, 1000):
        setup.pipeline([("SET", "key:%d" % k, "v") for k in range(start, min(args.keys, start + 1000))])
    if args.warmup > 0:
        gets_per_second(address, args, True, args.warmup)
    row = {"plain_get_per_s": gets_per_second(address, args, False, args.seconds),
           "tracked_get_per_s": gets_per_second(address, args, True, args.seconds)}
    info, _ = setup.call("INFO", "stats")
    row["tracking_total_keys"] = int(info_field(info, "tracking_total_keys") or 0)
    row["tracking_total_items"] = int(info_field(info, "tracking_total_items") or 0)
    row.update(invalidation_latency(address, args))
    setup.close()
    return row


def run(args):
    stamp = time.strftime("%Y%m%d-%H%M%S")
    os.makedirs(os.path.join(args.results_dir, "logs"), exist_ok=True)
    log = lambda name: os.path.join(args.results_dir, "logs", "tracking-%s-%s-%s.log" % (args.label, stamp, name))
    print("tracking bench: %s vs Redis; machine: %s" % (args.label, servers.busy_note()), flush=True)
    rows = []
    targets = [("redis", 1, args.redis_cmd)] + [
        (args.label, int(s), args.server_cmd.replace("{shards}", s)) for s in args.shards.split(",")]
    for who, shards, cmd in targets:
        server = servers.Server.from_options(None, cmd, log("%s-%d" % (who, shards)))
        server.start()
        try:
            row = measure(server, args)
        finally:
            server.stop()
        row.update({"server": who, "shards": shards})
        rows.append(row)
        print("  %-13s shards %d  GET/s plain %9.0f  tracked %9.0f (%.2fx)  table keys %d items %d"
              "  invalidation p50 %.3f p99 %.3f ms  all told %s"
              % (who, shards, row["plain_get_per_s"], row["tracked_get_per_s"],
                 row["tracked_get_per_s"] / max(1.0, row["plain_get_per_s"]), row["tracking_total_keys"],
                 row["tracking_total_items"], row["p50_ms"], row["p99_ms"], row["all_told"]), flush=True)
    base = os.path.join(args.results_dir, "tracking-%s-%s" % (args.label, stamp))
    with open(base + ".md", "w") as f:
        f.write("Client-side caching, %s vs Redis, %s; `tracking.sh %s`\n\n"
                % (args.label, time.strftime("%Y-%m-%d %H:%M"), " ".join(sys.argv[1:])))
        f.write("| server | shards | GET/s plain | GET/s tracked | table keys | items | invalidation p50 ms "
                "| p99 ms | max ms | all told |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|---|\n")
        for r in rows:
            f.write("| %s | %d | %.0f | %.0f | %d | %d | %.3f | %.3f | %.3f | %s |\n"
                    % (r["server"], r["shards"], r["plain_get_per_s"], r["tracked_get_per_s"],
                       r["tracking_total_keys"], r["tracking_total_items"], r["p50_ms"], r["p99_ms"],
                       r["max_ms"], r["all_told"]))
    with open(base + ".json", "w") as f:
        json.dump({"argv": sys.argv[1:], "machine": servers.machine(), "rows": rows}, f, indent=1)
    print("results: %s.md" % os.path.relpath(base))
    return 0 if all(r["all_told"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(run(parse_args(sys.argv[1:])))
