#!/usr/bin/python3
"""redis-benchmark against real Redis and the server under test, side by side, in one run.

    bench.py --server-cmd 'java -jar final-server/target/final-server.jar --port {port}'
    bench.py --target 127.0.0.1:6379
    bench.py --server-cmd "redis-server --port {port} --save '' --appendonly no" --label redis-self-check

Both servers run on the same machine at the same time; for every point of the matrix
(pipeline depth x clients x value size) the two are measured back to back, and the order flips
from one point to the next, so a burst of noise from a neighbour lands on both about equally.
Before the first point each server gets the same untimed warm-up load (--warmup), so a JVM's
just-in-time compiler has compiled its hot paths before anything is measured.
The ratio is ours / Redis: above 1.0 means more requests per second (or, for latency columns,
a slower server). The table goes to stdout and to results/bench-<label>-<time>.md (+ .json).
"""

import argparse
import itertools
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import servers  # noqa: E402

REDIS_CMD = "redis-server --port {port} --save '' --appendonly no --maxclients 20000"
PIPELINED_REQUEST_FACTOR = 10  # -P 16 runs ~10x faster; 10x the requests keep each test ~as long


def csv_list(kind):
    return lambda text: [kind(x) for x in text.split(",") if x]


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--target", help="host:port of the running server under test")
    where.add_argument("--server-cmd", help="command that starts the server under test; {port} -> a free port")
    p.add_argument("--redis-cmd", default=REDIS_CMD, help="command that starts the reference Redis (default: %(default)s)")
    p.add_argument("--tests", default="set,get", help="redis-benchmark -t list (default set,get)")
    p.add_argument("--pipelines", type=csv_list(int), default=[1, 16], help="-P values (default 1,16)")
    p.add_argument("--clients", type=csv_list(int), default=[50, 1000], help="-c values (default 50,1000)")
    p.add_argument("--sizes", type=csv_list(int), default=[16, 1024], help="-d values in bytes (default 16,1024)")
    p.add_argument("--rounds", type=int, default=3,
                   help="measure each point this many times per server, interleaved, and keep the median (default 3)")
    p.add_argument("--requests", type=int, default=50000,
                   help="-n per test without pipelining; pipelined points use %dx (default 50000)" % PIPELINED_REQUEST_FACTOR)
    p.add_argument("--warmup", type=int, default=servers.WARMUP_REQUESTS,
                   help="untimed requests per server before measuring, half one at a time, half with -P 16"
                        " (default %(default)s; 0: none)")
    p.add_argument("--keyspace", type=int, default=10000, help="-r: random keys out of this many (default 10000)")
    p.add_argument("--threads", type=int, default=0, help="redis-benchmark --threads (default 0: one thread)")
    p.add_argument("--user", help="NAME:PASSWORD: run redis-benchmark as this ACL user (give both servers the user,"
                                   " e.g. --user app on '>pw' '~key:*' +@all in each command)")
    p.add_argument("--label", help="name of the server under test (default from the command or target)")
    p.add_argument("--results-dir", default=servers.RESULTS_DIR)
    return p.parse_args(argv)


def median_rows(runs):
    """Per test and per figure, the median over rounds: one burst from a neighbour is discarded."""
    out = {}
    for test in runs[0]:
        out[test] = {}
        for key in runs[0][test]:
            values = sorted(run[test][key] for run in runs if test in run)
            out[test][key] = values[len(values) // 2] if len(values) % 2 else \
                (values[len(values) // 2 - 1] + values[len(values) // 2]) / 2
    return out


def display_args(argv):
    """Arguments as one would type them: double quotes around any with spaces or quotes."""
    out = []
    for a in argv:
        if a and not any(c in a for c in " '\"$`\\"):
            out.append(a)
        else:
            out.append('"%s"' % a.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`"))
    return " ".join(out)


def ratio(ours, theirs):
    return None if not theirs else ours / theirs


def fmt(value, digits=3):
    if value is None:
        return "-"
    return ("{:,.0f}" if digits == 0 else "{:.%df}" % digits).format(value)


def markdown(rows, label):
    out = ["| test | -P | -c | -d | Redis rps | %s rps | ratio | Redis p50 ms | %s p50 ms | Redis p99 ms | %s p99 ms |"
           % (label, label, label),
           "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for r in rows:
        out.append("| %s | %d | %d | %d | %s | %s | %s | %s | %s | %s | %s |" % (
            r["test"], r["pipeline"], r["clients"], r["size"], fmt(r["redis"]["rps"], 0), fmt(r["ours"]["rps"], 0),
            fmt(r["rps_ratio"], 2), fmt(r["redis"]["p50_latency_ms"]), fmt(r["ours"]["p50_latency_ms"]),
            fmt(r["redis"]["p99_latency_ms"]), fmt(r["ours"]["p99_latency_ms"])))
    return "\n".join(out)


def run(args):
    servers.raise_file_limit()
    label = args.label or servers.default_label(args.server_cmd, args.target or "")
    stamp = time.strftime("%Y%m%d-%H%M%S")
    os.makedirs(os.path.join(args.results_dir, "logs"), exist_ok=True)
    log = lambda name: os.path.join(args.results_dir, "logs", "bench-%s-%s-%s.log" % (label, stamp, name))
    redis = servers.Server.from_options(None, args.redis_cmd, log("redis"))
    ours = servers.Server.from_options(args.target, args.server_cmd, log("server"))
    matrix = list(itertools.product(args.pipelines, args.clients, args.sizes))
    print("bench: %s (%s) vs Redis (%s); %d points x {%s} x %d rounds; -n %d (x%d when pipelined), -r %d"
          % (label, ours.address, redis.address, len(matrix), args.tests, args.rounds, args.requests,
             PIPELINED_REQUEST_FACTOR, args.keyspace), flush=True)
    print("bench: machine: %s" % servers.busy_note(), flush=True)
    rows, started, psi_before = [], time.monotonic(), servers.cpu_pressure_us()
    try:
        redis.start()
        ours.start()
        describe = {"redis": redis.describe(), "ours": ours.describe()}
        if args.warmup:
            # without it, the first point measured a final-server still compiling its hot paths
            for server in (redis, ours):
                server.warm_up(args.warmup, args.keyspace, args.tests)
        for pipeline, clients, size in matrix:
            n = args.requests * (PIPELINED_REQUEST_FACTOR if pipeline > 1 else 1)
            rounds = {"redis": [], "ours": []}
            for r in range(args.rounds):
                order = [("redis", redis), ("ours", ours)]
                if r % 2:
                    order.reverse()  # alternate who goes first, so drift in the machine's load hits both
                for who, server in order:
                    rounds[who].append(server.redis_benchmark(args.tests, pipeline, clients, size, n,
                                                              args.keyspace, args.threads))
            measured = {who: median_rows(runs) for who, runs in rounds.items()}
            for test in measured["redis"]:
                row = {"test": test, "pipeline": pipeline, "clients": clients, "size": size, "requests": n,
                       "rounds": args.rounds, "redis": measured["redis"][test], "ours": measured["ours"].get(test, {}),
                       "redis_rps_rounds": [run[test]["rps"] for run in rounds["redis"]],
                       "ours_rps_rounds": [run.get(test, {}).get("rps") for run in rounds["ours"]]}
                row["rps_ratio"] = ratio(row["ours"].get("rps"), row["redis"]["rps"])
                rows.append(row)
                print("  %-4s -P %-2d -c %-4d -d %-4d  Redis %10s rps   %s %10s rps   ratio %s"
                      % (test, pipeline, clients, size, fmt(row["redis"]["rps"], 0), label,
                         fmt(row["ours"].get("rps"), 0), fmt(row["rps_ratio"], 2)), flush=True)
    finally:
        ours.stop()
        redis.stop()
    elapsed = time.monotonic() - started
    psi_after = servers.cpu_pressure_us()
    pressure = None if psi_before is None else 100 * (psi_after - psi_before) / 1e6 / elapsed
    machine = servers.machine()
    table = markdown(rows, label)
    ratios = [r["rps_ratio"] for r in rows if r["rps_ratio"]]
    geo = None
    if ratios:
        product = 1.0
        for x in ratios:
            product *= x
        geo = product ** (1 / len(ratios))
    header = ("redis-benchmark %s, %s vs Redis %s, %s (%s cores), %s, median of %d interleaved rounds; %.0f s.\n"
              "Command: `bench.sh %s`\n"
              % (time.strftime("%Y-%m-%d %H:%M"), label, describe["redis"].get("redis_version", "?"),
                 machine["cpu_model"], machine["cores"], "pipelined points use -n x%d" % PIPELINED_REQUEST_FACTOR,
                 args.rounds, elapsed, display_args(sys.argv[1:])))
    footer = "\nGeometric mean of the rps ratios (%s / Redis): %s\n" % (label, fmt(geo, 2))
    if pressure is not None:
        footer += ("CPU pressure during the run: some task waited for a core %.0f%% of the time"
                   " (/proc/pressure/cpu; the machine is shared).\n" % pressure)
    print()
    print(header)
    print(table)
    print(footer)
    base = os.path.join(args.results_dir, "bench-%s-%s" % (label, stamp))
    with open(base + ".md", "w") as f:
        f.write(header + "\n" + table + "\n" + footer)
    with open(base + ".json", "w") as f:
        json.dump({"label": label, "machine": machine, "servers": describe, "argv": sys.argv[1:],
                   "elapsed_s": elapsed, "geomean_rps_ratio": geo, "cpu_pressure_some_percent": pressure,
                   "rows": rows}, f, indent=1)
    print("results: %s.md" % os.path.relpath(base))
    return 0


def main(argv=None):
    args = parse_args(argv if argv is not None else sys.argv[1:])
    if args.user:
        name, _, password = args.user.partition(":")
        servers.Server.benchmark_auth = ["--user", name, "-a", password]
    try:
        return run(args)
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        print("bench: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
