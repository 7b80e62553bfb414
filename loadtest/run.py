#!/usr/bin/python3
"""Run one Locust scenario against a RESP server and report what the server held and how fast.

    run.py --target 127.0.0.1:6379                      # a server that is already running
    run.py --server-cmd 'redis-server --port {port} --save "" --appendonly no --maxclients 20000'
    run.py --scenario connect --users 2000 --duration 60

The defaults are the published scenario: PersistentUser, 10,000 users ramped at 500 users/s,
spread over one Locust worker per core (plus a headless master that only counts). While the test
runs, a separate connection samples the server's INFO clients every second, so "connections held"
is the server's own count, not the client's belief. Each worker records its own latencies in
10 us buckets (Locust rounds to whole milliseconds); this script merges them and prints
p50/p95/p99/max to 0.01 ms, then writes everything to results/<run>.json.

Exit status: 0 when the run completed (and, with --check, had requests, no failures and, for the
persistent scenario, held every user's connection), 1 when a check failed, 2 when it could not run.
"""

import argparse
import csv
import glob
import json
import os
import subprocess
import sys
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import servers  # noqa: E402
from respclient import RespConnection, RespError, info_field  # noqa: E402

SCENARIOS = {"persistent": "PersistentUser", "connect": "ConnectPerRequestUser"}
SAMPLE_INTERVAL_S = 1.0
STATS_FIELDS = ("total_commands_processed", "loop_wakeups", "loop_polls", "loop_poll_hits", "loop_borrows",
                "loop_allocated_bytes")
PROGRESS_EVERY_S = 5.0
SHUTDOWN_GRACE_S = 60.0  # locust's own stop plus writing latency files


def parse_duration(text):
    text = str(text).strip()
    unit = {"s": 1, "m": 60, "h": 3600}.get(text[-1:], None)
    return float(text[:-1]) * unit if unit else float(text)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    where = p.add_mutually_exclusive_group()
    where.add_argument("--target", help="host:port of a running server (default 127.0.0.1:6379)")
    where.add_argument("--server-cmd", help="command that starts the server; {port} is replaced by a free port")
    p.add_argument("--port", type=int, help="port for --server-cmd instead of a free one")
    p.add_argument("--scenario", choices=sorted(SCENARIOS), default="persistent",
                   help="persistent: PersistentUser (default); connect: ConnectPerRequestUser")
    p.add_argument("--users", type=int, default=10000, help="concurrent users (default 10000)")
    p.add_argument("--spawn-rate", type=float, default=500, help="users started per second (default 500)")
    p.add_argument("--duration", default="60s", help="locust --run-time, ramp included (default 60s)")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                   help="locust worker processes (default one per core; 0 = one local process)")
    p.add_argument("--wait", default=os.environ.get("LOADTEST_WAIT", "0.5,1.5"),
                   help='pause between a user\'s requests in s, "min,max" or one number (default 0.5,1.5)')
    p.add_argument("--keys", type=int, default=10000, help="keyspace of the SET/GET mix (default 10000)")
    p.add_argument("--value-size", type=int, default=16, help="bytes per SET value (default 16)")
    p.add_argument("--set-ratio", type=float, default=0.5, help="fraction of SETs (default 0.5)")
    p.add_argument("--warmup", type=int,
                   help="untimed redis-benchmark SET/GET requests before the load, none of them counted; a"
                        " server started by --server-cmd is then emptied with FLUSHALL (default %d with"
                        " --server-cmd, 0 with --target: it would write keys into a server you run)"
                        % servers.WARMUP_REQUESTS)
    p.add_argument("--label", help="name of the server in the results (default from the command or target)")
    p.add_argument("--results-dir", default=servers.RESULTS_DIR)
    p.add_argument("--check", action="store_true",
                   help="exit 1 on failures, on zero requests, or (persistent) if the server never held every user's connection")
    return p.parse_args(argv)


# ------------------------------------------------------------------------------------------------
# Sampling the server while the load runs
# ------------------------------------------------------------------------------------------------

class ConnectionSampler:
    """One long-lived connection asking INFO clients; /proc/net/tcp as a cross-check when local."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.conn = None
        self.local = host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")
        self.info_supported = True

    def connected_clients(self):
        if not self.info_supported:
            return None
        try:
            if self.conn is None:
                self.conn = RespConnection(self.host, self.port, timeout=5)
            reply, _ = self.conn.call("INFO", "clients")
        except (OSError, ValueError):
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            return None
        if isinstance(reply, RespError) or info_field(reply, "connected_clients") is None:
            self.info_supported = False  # the server has no INFO clients: rely on /proc
            self.conn.close()  # and do not count this connection there
            self.conn = None
            return None
        return int(info_field(reply, "connected_clients"))

    def stats(self):
        """INFO stats fields that say what the server's threads did: commands, and for final-server
        its event loops' wake-ups, polls and borrows. Empty when the server has no INFO."""
        if not self.info_supported or self.conn is None:
            return {}
        try:
            reply, _ = self.conn.call("INFO", "stats")
        except (OSError, ValueError):
            return {}
        if isinstance(reply, RespError):
            return {}
        fields = {}
        for name in STATS_FIELDS:
            value = info_field(reply, name)
            if value is not None:
                fields[name] = int(value)
        return fields

    def established(self):
        """Server-side ESTABLISHED sockets on the port (loopback targets only)."""
        if not self.local:
            return None
        want = ":%04X" % self.port
        count = 0
        for path in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                with open(path) as f:
                    next(f)
                    for line in f:
                        fields = line.split(None, 4)
                        if fields[3] == "01" and fields[1].endswith(want):
                            count += 1
            except OSError:
                pass
        return count

    def close(self):
        if self.conn is not None:
            self.conn.close()


# ------------------------------------------------------------------------------------------------
# Merging what the workers measured
# ------------------------------------------------------------------------------------------------

def merge_latency_files(out_dir):
    merged = {"hist": {}, "steady_hist": {}, "stop_hist": {}, "cpu_percent": [], "gc": [], "requests": Counter(), "failures": Counter(), "errors": Counter(),
              "per_second": Counter(), "max_ns": Counter(), "files": 0, "bucket_ns": None}
    for path in sorted(glob.glob(os.path.join(out_dir, "latency-*.json"))):
        with open(path) as f:
            part = json.load(f)
        merged["files"] += 1
        merged["bucket_ns"] = part["bucket_ns"]
        for kind in ("hist", "steady_hist", "stop_hist"):
            for name, hist in part.get(kind, {}).items():
                target = merged[kind].setdefault(name, Counter())
                for bucket, count in hist.items():
                    target[int(bucket)] += count
        merged["cpu_percent"].append(part["cpu_percent"])
        merged["gc"].append({"collections": part["gc_runs"], "rss_mb_last": (part["rss_mb"] or [None])[-1],
                             "pause_total_ms": round(sum(part["gc_pause_total_ns"].values()) / 1e6, 1),
                             "pause_max_ms": round(part["gc_pause_max_ns"] / 1e6, 2)})
        merged["requests"].update(part["requests"])
        merged["failures"].update(part["failures"])
        merged["errors"].update(part["errors"])
        merged["per_second"].update({int(s): c for s, c in part["per_second"].items()})
        for name, value in part["max_ns"].items():
            merged["max_ns"][name] = max(merged["max_ns"][name], value)
    return merged


def percentiles(hist, bucket_ns, max_ns):
    """Nearest-rank percentiles from a bucket histogram, as the bucket's lower bound in ms."""
    total = sum(hist.values())
    if total == 0:
        return None
    wanted = {"p50": 0.50, "p95": 0.95, "p99": 0.99, "p99.9": 0.999}
    ranks = {k: max(1, int(-(-q * total // 1))) for k, q in wanted.items()}  # ceil(q * total)
    result, seen = {}, 0
    buckets = sorted(hist.items())
    for bucket, count in buckets:
        seen += count
        for k, rank in ranks.items():
            if k not in result and seen >= rank:
                result[k] = bucket * bucket_ns / 1e6
    result["min"] = buckets[0][0] * bucket_ns / 1e6
    result["max"] = max_ns / 1e6
    result["mean"] = sum(b * c for b, c in buckets) * bucket_ns / 1e6 / total  # lower-bound mean
    return result


def throughput(per_second, users, spawn_rate):
    """Overall RPS (first to last second with traffic) and steady RPS (after the ramp)."""
    if not per_second:
        return None, None, 0
    first, last = min(per_second), max(per_second)
    # The first and last seconds are partial: count them in the total but not in the steady mean.
    span = max(1, last - first + 1)
    overall = sum(per_second.values()) / span
    ramp_s = int(users / spawn_rate + 0.999) if spawn_rate else 0
    steady_secs = [per_second.get(s, 0) for s in range(first + ramp_s + 1, last)]
    steady = sum(steady_secs) / len(steady_secs) if steady_secs else None
    return overall, steady, len(steady_secs)


def locust_aggregate(csv_prefix):
    """Locust's own count from its stats CSV: a cross-check of the merged worker files."""
    path = csv_prefix + "_stats.csv"
    if not os.path.exists(path):
        return None
    with open(path) as f:
        for row in csv.DictReader(f):
            if row.get("Name") == "Aggregated":
                return {"requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                        "rps": float(row["Requests/s"])}
    return None


# ------------------------------------------------------------------------------------------------
# The run
# ------------------------------------------------------------------------------------------------

def start_locust(args, server, run_dir):
    here = servers.LOADTEST_DIR
    locustfile = os.path.join(here, "locustfile.py")
    env = dict(os.environ, LOADTEST_OUT_DIR=run_dir, LOADTEST_WAIT=args.wait,
               LOADTEST_KEYS=str(args.keys), LOADTEST_VALUE_SIZE=str(args.value_size),
               LOADTEST_SET_RATIO=str(args.set_ratio), LOADTEST_TARGET=server.address,
               LOADTEST_STEADY_USERS=str(args.users // max(1, args.workers)), PYTHONUNBUFFERED="1")
    locust = [sys.executable, "-m", "locust", "-f", locustfile]
    user_class = SCENARIOS[args.scenario]
    common = dict(cwd=here, env=env, stdin=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    head = locust + ["--headless", "-u", str(args.users), "-r", str(args.spawn_rate),
                     "-t", "%ds" % parse_duration(args.duration), "-H", server.address,
                     "--csv", os.path.join(run_dir, "locust"), "--only-summary", "--stop-timeout", "0"]
    procs = []
    if args.workers <= 0:
        master = subprocess.Popen(head + [user_class], stdout=open(os.path.join(run_dir, "locust.log"), "wb"),
                                  **common)
        return master, procs
    master_port = servers.free_port()
    master = subprocess.Popen(
        head + ["--master", "--master-bind-host", "127.0.0.1", "--master-bind-port", str(master_port),
                "--expect-workers", str(args.workers), "--expect-workers-max-wait", "60", user_class],
        stdout=open(os.path.join(run_dir, "master.log"), "wb"), **common)
    for i in range(args.workers):
        procs.append(subprocess.Popen(
            locust + ["--worker", "--master-host", "127.0.0.1", "--master-port", str(master_port), user_class],
            stdout=open(os.path.join(run_dir, "worker-%d.log" % i), "wb"), **common))
    return master, procs


def grep_logs(run_dir, needle):
    hits = 0
    for path in glob.glob(os.path.join(run_dir, "*.log")):
        with open(path, errors="replace") as f:
            hits += sum(1 for line in f if needle in line)
    return hits


def fmt_ms(value):
    return "-" if value is None else "%.2f ms" % value


def run(args):
    nofile = servers.raise_file_limit()
    label = args.label or servers.default_label(args.server_cmd, args.target or "127.0.0.1:6379")
    stamp = time.strftime("%Y%m%d-%H%M%S")
    run_id = "%s-%s-%du-%s" % (args.scenario, label, args.users, stamp)
    os.makedirs(args.results_dir, exist_ok=True)
    run_dir = os.path.join(args.results_dir, "logs", run_id)
    os.makedirs(run_dir, exist_ok=True)
    duration_s = parse_duration(args.duration)
    if args.warmup is None:
        args.warmup = servers.WARMUP_REQUESTS if args.server_cmd else 0

    server = servers.Server.from_options(args.target, args.server_cmd, os.path.join(run_dir, "server.log"),
                                         port=args.port)
    print("loadtest: %s, %d users at %g/s for %gs, %d workers, wait %s s, target %s (%s)"
          % (SCENARIOS[args.scenario], args.users, args.spawn_rate, duration_s, args.workers, args.wait,
             server.address, label), flush=True)
    print("loadtest: open-file limit %d per process; machine: %s; logs in %s"
          % (nofile, servers.busy_note(), os.path.relpath(run_dir)), flush=True)
    server.start()
    master = workers = None
    sampler = servers_info = None
    try:
        servers_info = server.describe()
        if args.warmup:
            ours = args.server_cmd is not None
            print("loadtest: warm-up: %d untimed SET/GET requests (redis-benchmark, and a quarter the"
                  " scenario's own mix)%s" % (args.warmup, ", then FLUSHALL" if ours else ""), flush=True)
            server.warm_up(args.warmup, args.keys, size=args.value_size, flush=ours, set_ratio=args.set_ratio)
        sampler = ConnectionSampler(server.host, server.port)
        baseline = sampler.connected_clients()
        baseline_est = sampler.established()
        cpu_before, psi_before = server.cpu(), servers.cpu_pressure_us()
        stats_before = sampler.stats()
        master, workers = start_locust(args, server, run_dir)
        started = time.monotonic()
        deadline = started + duration_s + 60 + SHUTDOWN_GRACE_S  # + workers' start-up
        peak, peak_est, timeline, next_progress = None, None, [], started + PROGRESS_EVERY_S
        while master.poll() is None and time.monotonic() < deadline:
            time.sleep(SAMPLE_INTERVAL_S)
            clients = sampler.connected_clients()
            # Scanning /proc/net/tcp costs tens of ms at 20,000 sockets: every 5 s is enough for
            # a cross-check, every second only when the server has no INFO clients.
            est = sampler.established() if (not sampler.info_supported or len(timeline) % 5 == 4) else None
            t = round(time.monotonic() - started, 1)
            timeline.append([t, clients, est])
            if clients is not None:
                peak = clients if peak is None else max(peak, clients)
            if est is not None:
                peak_est = est if peak_est is None else max(peak_est, est)
            if time.monotonic() >= next_progress:
                next_progress += PROGRESS_EVERY_S
                print("  t=%5.0fs  connected_clients=%s  established=%s"
                      % (t, "-" if clients is None else clients, "-" if est is None else est), flush=True)
        if master.poll() is None:
            print("loadtest: locust did not finish in time; stopping it", file=sys.stderr)
            master.terminate()
        try:
            master.wait(timeout=SHUTDOWN_GRACE_S)
        except subprocess.TimeoutExpired:
            master.kill()
        elapsed = time.monotonic() - started
        cpu_after, psi_after = server.cpu(), servers.cpu_pressure_us()
        stats_after = sampler.stats()
        server_stats = {k: v - stats_before.get(k, 0) for k, v in stats_after.items()}
        cpu = None if cpu_before is None else cpu_after - cpu_before
        server_cpu_split = None
        commands = server_stats.get("total_commands_processed")
        if cpu is not None and commands:
            server_stats["cpu_us_per_command"] = round(1e6 * cpu.total / commands, 1)
            server_cpu_split = {"user_us_per_command": round(1e6 * cpu.user / commands, 1),
                                "system_us_per_command": round(1e6 * cpu.system / commands, 1)}
        if "loop_allocated_bytes" in server_stats and server_stats.get("total_commands_processed"):
            server_stats["allocated_bytes_per_command"] = round(
                server_stats.pop("loop_allocated_bytes") / server_stats["total_commands_processed"])
        server_cpu = None if cpu is None else round(100 * cpu.total / elapsed, 1)
        server_threads = None if cpu is None else {
            name: round(100 * t / elapsed, 1) for name, t in sorted(cpu.threads.items(), key=lambda kv: -kv[1])
            if t > 0}
        pressure = None if psi_before is None else round(100 * (psi_after - psi_before) / 1e6 / elapsed, 1)
        for w in workers:
            try:
                w.wait(timeout=SHUTDOWN_GRACE_S)
            except subprocess.TimeoutExpired:
                w.kill()
    finally:
        for p in ([master] if master else []) + (workers or []):
            if p.poll() is None:
                p.kill()
        if sampler is not None:
            sampler.close()
        server.stop()

    merged = merge_latency_files(run_dir)
    commands = [n for n in merged["hist"] if n != "CONNECT"]
    all_cmd_hist, steady_cmd_hist, stop_cmd_hist = Counter(), Counter(), Counter()
    for n in commands:
        all_cmd_hist.update(merged["hist"][n])
        steady_cmd_hist.update(merged["steady_hist"].get(n, {}))
        stop_cmd_hist.update(merged["stop_hist"].get(n, {}))
    ramp_cmd_hist = all_cmd_hist - steady_cmd_hist - stop_cmd_hist
    before_stop_hist = all_cmd_hist - stop_cmd_hist
    bucket_ns = merged["bucket_ns"] or 10_000
    cmd_max = max([merged["max_ns"][n] for n in commands], default=0)
    overall_rps, steady_rps, steady_secs = throughput(merged["per_second"], args.users, args.spawn_rate)
    requests = sum(merged["requests"][n] for n in commands)
    failures = sum(merged["failures"].values())  # failed connects count as failures too
    sampler_self = 1 if baseline is not None else 0  # the sampling connection counts itself
    held = None if peak is None else peak - (baseline or 0)
    result = {
        "run_id": run_id, "scenario": SCENARIOS[args.scenario], "label": label,
        "server": {"address": server.address, "cmd": server.cmd, **(servers_info or {})},
        "machine": servers.machine(),
        "config": {"users": args.users, "spawn_rate": args.spawn_rate, "duration_s": duration_s,
                   "workers": args.workers, "wait_s": args.wait, "keys": args.keys,
                   "value_size": args.value_size, "set_ratio": args.set_ratio, "open_file_limit": nofile,
                   "warmup_requests": args.warmup},
        "connections": {"connected_clients_peak": peak, "connected_clients_baseline": baseline,
                        "held_by_load": held, "sampler_connection_included": sampler_self,
                        "established_peak": peak_est, "established_baseline": baseline_est},
        "requests": requests, "failures": failures,
        "by_name": {n: {"requests": merged["requests"][n], "failures": merged["failures"][n],
                        "latency_ms": percentiles(merged["hist"][n], bucket_ns, merged["max_ns"][n])}
                    for n in sorted(merged["hist"])},
        "latency_ms": percentiles(all_cmd_hist, bucket_ns, cmd_max),
        # Every command that completed before Locust began stopping its users: the figure to compare.
        "latency_before_stop_ms": percentiles(before_stop_hist, bucket_ns, max(before_stop_hist, default=0) * bucket_ns),
        # By phase (see locustfile.Recorder): while users connect, once all are held, while Locust
        # stops them. A phase's max is its slowest bucket's lower bound.
        **{"latency_%s_ms" % phase: percentiles(hist, bucket_ns, max(hist, default=0) * bucket_ns)
           for phase, hist in (("ramp", ramp_cmd_hist), ("steady", steady_cmd_hist), ("stop", stop_cmd_hist))},
        "requests_by_phase": {"ramp": sum(ramp_cmd_hist.values()), "steady": sum(steady_cmd_hist.values()),
                              "stop": sum(stop_cmd_hist.values())},
        "worker_gc": merged["gc"],
        "worker_cpu_percent": [{"mean": round(sum(c) / len(c), 1), "max": max(c)} if c else None
                               for c in merged["cpu_percent"]],
        "rps_overall": overall_rps, "rps_steady": steady_rps, "steady_seconds": steady_secs,
        "errors": dict(merged["errors"].most_common(10)),
        "locust_master": locust_aggregate(os.path.join(run_dir, "locust")),
        "worker_files": merged["files"], "expected_worker_files": max(1, args.workers),
        "locust_cpu_warnings": grep_logs(run_dir, "CPU usage"),
        "server_cpu_percent": server_cpu, "server_cpu_split": server_cpu_split,
        "server_threads_cpu_percent": server_threads, "cpu_pressure_some_percent": pressure,
        "server_stats": server_stats,
        "load_average_after": os.getloadavg()[0],
        "timeline": timeline,
    }
    path = os.path.join(args.results_dir, run_id + ".json")
    with open(path, "w") as f:
        json.dump(result, f, indent=1)
    print_summary(result, path)
    return check(result, args) if args.check else (0 if merged["files"] else 1)


def print_summary(r, path):
    c, lat = r["connections"], r["latency_ms"] or {}
    print()
    print("== %s against %s (%s) ==" % (r["scenario"], r["label"], r["server"]["address"]))
    if c["connected_clients_peak"] is not None:
        print("connections held  : %s at peak by the load (INFO clients connected_clients: %s at peak, %s before"
              " the load, the sampling connection included)" % (c["held_by_load"], c["connected_clients_peak"],
                                                            c["connected_clients_baseline"]))
    else:
        print("connections held  : INFO clients not available")
    if c["established_peak"] is not None:
        print("established socks : %s at peak (server side, /proc/net/tcp; approximate, the table changes"
              " while it is read)" % c["established_peak"])
    print("requests          : %d commands (%s)" % (r["requests"], ", ".join(
        "%s %d" % (n, v["requests"]) for n, v in r["by_name"].items())))
    print("failures          : %d%s" % (r["failures"], "" if not r["errors"] else "  " + "; ".join(
        "%s x%d" % (k, v) for k, v in list(r["errors"].items())[:3])))
    if r["rps_overall"] is not None:
        steady = "-" if r["rps_steady"] is None else "%.1f" % r["rps_steady"]
        print("RPS               : %.1f overall, %s steady (mean of %d full seconds after the ramp)"
              % (r["rps_overall"], steady, r["steady_seconds"]))
    print("latency (commands): p50 %s  p95 %s  p99 %s  p99.9 %s  max %s"
          % tuple(fmt_ms(lat.get(k)) for k in ("p50", "p95", "p99", "p99.9", "max")))
    before = r["latency_before_stop_ms"]
    if before and r["requests_by_phase"]["stop"]:
        print("  before the stop : p50 %s  p95 %s  p99 %s  p99.9 %s  max %s  (%d commands: all but those"
              " that ended while Locust was stopping its users, whose wait is the client's)"
              % (*(fmt_ms(before.get(k)) for k in ("p50", "p95", "p99", "p99.9", "max")),
                 r["requests"] - r["requests_by_phase"]["stop"]))
    for phase, what in (("ramp", "while users connected"), ("steady", "every user connected"),
                        ("stop", "while Locust stopped its users")):
        lat = r["latency_%s_ms" % phase]
        if lat:
            print("  %-16s: p50 %s  p95 %s  p99 %s  p99.9 %s  max %s  (%d commands, %s)"
                  % (phase, *(fmt_ms(lat.get(k)) for k in ("p50", "p95", "p99", "p99.9", "max")),
                     r["requests_by_phase"][phase], what))
    for name, v in r["by_name"].items():
        l = v["latency_ms"] or {}
        print("  %-8s %8d req %5d fail   p50 %s  p95 %s  p99 %s  max %s" % (
            name, v["requests"], v["failures"], *(fmt_ms(l.get(k)) for k in ("p50", "p95", "p99", "max"))))
    if r["locust_master"]:
        m = r["locust_master"]
        print("locust master     : %d requests, %d failures (its count; CONNECT included, last reports may be cut)"
              % (m["requests"], m["failures"]))
    cpu = [c for c in r["worker_cpu_percent"] if c]
    if cpu:
        print("load generator CPU: %s (per locust process, %% of one core, psutil every 2 s)"
              % ", ".join("mean %.0f%% max %.0f%%" % (c["mean"], c["max"]) for c in cpu))
    if r["server_cpu_percent"] is not None:
        print("server CPU        : %.0f%% of one core (all its processes, while locust ran)" % r["server_cpu_percent"])
    split = r.get("server_cpu_split")
    if split:
        print("server CPU split  : %.1f µs user + %.1f µs system per command (/proc: user is the server's own"
              " code, system the kernel's work for it)" % (split["user_us_per_command"], split["system_us_per_command"]))
    threads = r.get("server_threads_cpu_percent")
    if threads:
        print("server threads    : %s (%% of one core, by thread name)"
              % ", ".join("%s %.1f%%" % kv for kv in list(threads.items())[:6]))
    st = r.get("server_stats") or {}
    if st:
        print("server stats      : %s (INFO stats, during the run)" % ", ".join(
            "%s %s" % (k, v) for k, v in st.items()))
    if r["cpu_pressure_some_percent"] is not None:
        print("CPU pressure      : %.0f%% of the run some task was waiting for a core (/proc/pressure/cpu;"
              " the machine is shared, so this includes other work)" % r["cpu_pressure_some_percent"])
    if r["locust_cpu_warnings"]:
        print("note              : Locust logged %d CPU-usage warnings: the load generator was saturated at times,"
              " so latency includes client-side queueing" % r["locust_cpu_warnings"])
    print("results           : %s" % os.path.relpath(path))


def check(r, args):
    problems = []
    if r["worker_files"] < r["expected_worker_files"]:
        problems.append("only %d of %d locust processes reported" % (r["worker_files"], r["expected_worker_files"]))
    if r["requests"] == 0:
        problems.append("no requests were made")
    if r["failures"]:
        problems.append("%d failures" % r["failures"])
    if args.scenario == "persistent":
        held = r["connections"]["held_by_load"]
        est = r["connections"]["established_peak"]
        if held is not None and held < args.users:
            problems.append("server held %d connections, fewer than %d users" % (held, args.users))
        if held is None and (est is None or est < args.users):
            problems.append("could not confirm the server held %d connections" % args.users)
    for p in problems:
        print("check failed: %s" % p)
    print("check: %s" % ("FAILED" if problems else "passed"))
    return 1 if problems else 0


def main(argv=None):
    args = parse_args(argv if argv is not None else sys.argv[1:])
    try:
        return run(args)
    except RuntimeError as e:
        print("loadtest: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
