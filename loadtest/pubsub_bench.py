"""PUBLISH throughput and delivery latency, a server under test beside a real Redis in the same run.

For each number of subscribers (default 1, 100, 1000) and each shard count of the server under test
(default 1 and 2; Redis has one thread), on a fresh server:

  1. N subscriber connections SUBSCRIBE to one channel. Reader processes (each a selector over its
     share of the sockets) read every message, so no subscriber is cut off by the pubsub output
     limit, and take the delivery latency of sampled messages: the payload carries the publisher's
     CLOCK_MONOTONIC time in nanoseconds, which every process of the machine shares.
  2. Throughput: P publishers send PUBLISH pipelined (-P) for --seconds as fast as the server
     answers; reported: PUBLISH/s, deliveries/s (PUBLISH/s x receivers), and whether every
     subscriber received every message (a correctness check, not a figure).
  3. Latency: one publisher at a fixed --rate, one PUBLISH at a time; reported: p50/p99/max of
     publish-to-receive time over the sampled messages.

Each point runs Redis first, then the server under test, with the same clients. The figures mean
something only on a quiet machine: see loadtest/README.md. Options: pubsub.sh --help
"""

import argparse
import json
import multiprocessing
import os
import selectors
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import servers  # noqa: E402
from respclient import RespConnection, encode  # noqa: E402

CHANNEL = b"bench:pubsub"
STAMP_DIGITS = 20  # the payload starts with the publish time, zero-padded, in ns


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--server-cmd", default="java -XX:+UseCompactObjectHeaders -jar final-server/target/final-server.jar"
                   " --port {port} --shards {shards} --maxclients 20000",
                   help="the server under test; {port} and {shards} are filled in")
    p.add_argument("--redis-cmd", default="redis-server --port {port} --save '' --appendonly no --maxclients 20000")
    p.add_argument("--label", default="final-server")
    p.add_argument("--subscribers", default="1,100,1000")
    p.add_argument("--shards", default="1,2", help="shard counts of the server under test")
    p.add_argument("--publishers", type=int, default=4)
    p.add_argument("--pipeline", type=int, default=16)
    p.add_argument("--size", type=int, default=64, help="payload bytes (at least %d)" % STAMP_DIGITS)
    p.add_argument("--seconds", type=float, default=10.0, help="length of the throughput phase")
    p.add_argument("--warmup", type=float, default=5.0,
                   help="seconds of untimed publishing first, with the subscribers reading (a JVM compiles its hot paths)")
    p.add_argument("--rate", type=int, default=1000, help="PUBLISH/s of the latency phase")
    p.add_argument("--latency-seconds", type=float, default=5.0)
    p.add_argument("--readers", type=int, default=max(1, min(4, os.cpu_count() or 1)))
    p.add_argument("--results-dir", default=servers.RESULTS_DIR)
    return p.parse_args(argv)


def message_frame_length(size):
    def bulk(n):
        return len(b"$%d\r\n" % n) + n + 2
    return len(b"*3\r\n") + bulk(7) + bulk(len(CHANNEL)) + bulk(size)


def payload(size):
    stamp = b"%0*d" % (STAMP_DIGITS, time.monotonic_ns())
    return stamp + b"x" * (size - STAMP_DIGITS)


# ---------------------------------------------------------------------------- subscribers

def reader(address, count, size, ready, stop, out):
    """One process: `count` subscribers; counts messages per socket, samples latency of every 16th."""
    frame = message_frame_length(size)
    sel = selectors.DefaultSelector()
    received, pending, latencies = [0] * count, [b""] * count, []
    socks = []
    for i in range(count):
        s = socket.create_connection(address)
        s.sendall(encode("SUBSCRIBE", CHANNEL))
        confirmation = b""
        while not confirmation.endswith(b":1\r\n"):
            confirmation += s.recv(256)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ, i)
        socks.append(s)
    ready.set()
    idle_since = None
    while True:
        events = sel.select(timeout=0.2)
        now = time.monotonic_ns()
        if not events:
            if stop.is_set():
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since > 1.0:
                    break
            continue
        idle_since = None
        for key, _ in events:
            i = key.data
            try:
                chunk = key.fileobj.recv(1 << 20)
            except BlockingIOError:
                continue
            if not chunk:
                sel.unregister(key.fileobj)
                continue
            data = pending[i] + chunk
            whole = len(data) // frame
            for k in range(whole):
                n = received[i] + k
                if n % 16 == 0:
                    start = k * frame + frame - size - 2
                    latencies.append(now - int(data[start:start + STAMP_DIGITS]))
            received[i] += whole
            pending[i] = data[whole * frame:]
    for s in socks:
        s.close()
    out.put((received, latencies))


def start_readers(address, subscribers, size, nreaders):
    ctx = multiprocessing.get_context("fork")
    stop, out, procs, readies = ctx.Event(), ctx.Queue(), [], []
    share = [subscribers // nreaders + (1 if i < subscribers % nreaders else 0) for i in range(nreaders)]
    for n in share:
        if n == 0:
            continue
        ready = ctx.Event()
        p = ctx.Process(target=reader, args=(address, n, size, ready, stop, out), daemon=True)
        p.start()
        procs.append(p)
        readies.append(ready)
    for r in readies:
        r.wait(120)
    return stop, out, procs


def collect(stop, out, procs):
    stop.set()
    received, latencies = [], []
    for _ in procs:
        r, lat = out.get(timeout=120)
        received += r
        latencies += lat
    for p in procs:
        p.join(10)
    return received, latencies


# ---------------------------------------------------------------------------- publishers

def publisher(address, size, pipeline, seconds, out):
    conn = RespConnection(*address)
    sent, receivers, deadline = 0, 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        replies = conn.pipeline([("PUBLISH", CHANNEL, payload(size)) for _ in range(pipeline)])
        sent += len(replies)
        receivers += sum(replies)
    conn.close()
    out.put((sent, receivers))


def throughput(address, args):
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    procs = [ctx.Process(target=publisher, args=(address, args.size, args.pipeline, args.seconds, out))
             for _ in range(args.publishers)]
    started = time.monotonic()
    for p in procs:
        p.start()
    results = [out.get(timeout=args.seconds + 120) for _ in procs]
    elapsed = time.monotonic() - started
    for p in procs:
        p.join(10)
    return sum(r[0] for r in results), sum(r[1] for r in results), elapsed


def fixed_rate(address, args):
    conn = RespConnection(*address)
    interval, sent, next_at = 1.0 / args.rate, 0, time.monotonic()
    deadline = next_at + args.latency_seconds
    while next_at < deadline:
        delay = next_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        conn.call("PUBLISH", CHANNEL, payload(args.size))
        sent += 1
        next_at += interval
    conn.close()
    return sent


def percentile(values, q):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def measure(server, subscribers, args):
    """One fresh server: the throughput phase, then the latency phase, each with its own subscribers."""
    address = (server.host, server.port)
    row = {}
    stop, out, procs = start_readers(address, subscribers, args.size, args.readers)
    if args.warmup > 0:
        throughput(address, argparse.Namespace(**{**vars(args), "seconds": args.warmup}))
        collect(stop, out, procs)
        stop, out, procs = start_readers(address, subscribers, args.size, args.readers)
    sent, answered, elapsed = throughput(address, args)
    received, _ = collect(stop, out, procs)
    row["publish_per_s"] = sent / elapsed
    row["deliveries_per_s"] = answered / elapsed
    row["all_delivered"] = all(r == sent for r in received) and answered == sent * subscribers
    stop, out, procs = start_readers(address, subscribers, args.size, args.readers)
    sent = fixed_rate(address, args)
    received, latencies = collect(stop, out, procs)
    row["latency_all_delivered"] = all(r == sent for r in received)
    for name, q in (("p50_ms", 0.5), ("p99_ms", 0.99), ("max_ms", 1.0)):
        v = percentile(latencies, q)
        row[name] = None if v is None else v / 1e6
    return row


def run(args):
    servers.raise_file_limit()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    os.makedirs(os.path.join(args.results_dir, "logs"), exist_ok=True)
    log = lambda name: os.path.join(args.results_dir, "logs", "pubsub-%s-%s-%s.log" % (args.label, stamp, name))
    print("pubsub bench: %s vs Redis; machine: %s" % (args.label, servers.busy_note()), flush=True)
    rows = []
    for subscribers in [int(x) for x in args.subscribers.split(",")]:
        targets = [("redis", 1, args.redis_cmd)] + [
            (args.label, int(s), args.server_cmd.replace("{shards}", s)) for s in args.shards.split(",")]
        for who, shards, cmd in targets:
            server = servers.Server.from_options(None, cmd, log("%s-%d-%d" % (who, shards, subscribers)))
            server.start()
            try:
                row = measure(server, subscribers, args)
            finally:
                server.stop()
            row.update({"server": who, "shards": shards, "subscribers": subscribers})
            rows.append(row)
            print("  %-13s shards %d  subscribers %4d  PUBLISH/s %9.0f  deliveries/s %10.0f  all delivered %-5s"
                  "  latency @%d/s p50 %s p99 %s ms" % (who, shards, subscribers, row["publish_per_s"],
                                                        row["deliveries_per_s"], row["all_delivered"], args.rate,
                                                        fmt(row["p50_ms"]), fmt(row["p99_ms"])), flush=True)
    base = os.path.join(args.results_dir, "pubsub-%s-%s" % (args.label, stamp))
    with open(base + ".md", "w") as f:
        f.write("PUBLISH throughput and delivery latency, %s vs Redis, %s; `pubsub.sh %s`\n\n"
                % (args.label, time.strftime("%Y-%m-%d %H:%M"), " ".join(sys.argv[1:])))
        f.write("| server | shards | subscribers | PUBLISH/s | deliveries/s | all delivered | p50 ms | p99 ms | max ms |\n")
        f.write("|---|--:|--:|--:|--:|---|--:|--:|--:|\n")
        for r in rows:
            f.write("| %s | %d | %d | %.0f | %.0f | %s | %s | %s | %s |\n"
                    % (r["server"], r["shards"], r["subscribers"], r["publish_per_s"], r["deliveries_per_s"],
                       r["all_delivered"] and r["latency_all_delivered"], fmt(r["p50_ms"]), fmt(r["p99_ms"]),
                       fmt(r["max_ms"])))
    with open(base + ".json", "w") as f:
        json.dump({"argv": sys.argv[1:], "machine": servers.machine(), "rows": rows}, f, indent=1)
    print("results: %s.md" % os.path.relpath(base))
    return 0 if all(r["all_delivered"] and r["latency_all_delivered"] for r in rows) else 1


def fmt(v):
    return "-" if v is None else "%.3f" % v


if __name__ == "__main__":
    sys.exit(run(parse_args(sys.argv[1:])))
