#!/usr/bin/env python3
"""SAVE, BGSAVE and BGREWRITEAOF at N keys of mixed types, for any server: time, bytes on disk,
start-up load time, and what a background save costs the clients meanwhile.

Each server named by --server-cmd (a shell command with {port} and {dir}) is started in a fresh
directory, filled with the same keys (60 % strings, 10 % each of hashes, lists, sets and sorted
sets of 10 elements, 20 % of all keys with a TTL), then:

  SAVE                 timed from the command to its +OK (wall clock, the client's view)
  bytes on disk        the size of dir/dump.rdb
  BGSAVE under load    timed from the command to rdb_bgsave_in_progress:0, while one client writes
                       (SET of existing keys, one at a time) and another reads; their p99 latency
                       during the save against the same clients' p99 before it; the extra memory:
                       Redis's own rdb_last_cow_size (its fork's copied pages), and for a server
                       without fork the growth of its resident set (VmRSS) during the save
  BGREWRITEAOF         the same, with aof_rewrite_in_progress (after CONFIG SET appendonly yes
                       and its first rewrite)
  SHUTDOWN NOSAVE      then the same command again on the same directory:
  load                 timed from the process start to the first DBSIZE that answers N

Redis runs in the same invocation, so both figures come from the same machine in the same state.
Run it only on a quiet machine: it measures throughput.

  python3 loadtest/rdb_bench.py --keys 1000000 \\
      --server-cmd "redis-server --port {port} --dir {dir} --save '' --appendonly no" --label redis-7.0.15 \\
      --server-cmd "java -XX:+UseCompactObjectHeaders -Xmx4g -jar final-server/target/final-server.jar --port {port} --dir {dir} --save ''" --label final-server

One JSON line per server is printed and appended to loadtest/results/rdb-bench.jsonl.
"""

import argparse
import json
import os
import shlex
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from respclient import RespConnection  # noqa: E402

BATCH = 1000  # commands per pipeline round trip


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd, port, directory, log):
    proc = subprocess.Popen("exec " + cmd.format(port=port, dir=shlex.quote(directory)), shell=True,
                            stdout=log, stderr=subprocess.STDOUT)
    return proc


def wait_for_keys(port, keys, proc, timeout=600.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("server exited while loading")
        try:
            c = RespConnection("127.0.0.1", port, timeout=5)
            try:
                n, _ = c.call("DBSIZE")
                if isinstance(n, int) and n >= keys:
                    return
            finally:
                c.close()
        except OSError:
            pass
        time.sleep(0.01)
    raise SystemExit("timed out waiting for the load")


def fill(port, keys):
    c = RespConnection("127.0.0.1", port, timeout=300)
    batch = []
    for i in range(keys):
        kind = i % 10
        key = "key:%d" % i
        if kind < 6:
            batch.append(("SET", key, "value-%d-%s" % (i, "x" * (i % 40))))
        elif kind == 6:
            batch.append(("HSET", key) + tuple(x for j in range(10) for x in ("f%d" % j, "v%d" % (i + j))))
        elif kind == 7:
            batch.append(("RPUSH", key) + tuple("e%d" % (i + j) for j in range(10)))
        elif kind == 8:
            batch.append(("SADD", key) + tuple("m%d" % (i * 10 + j) for j in range(10)))
        else:
            batch.append(("ZADD", key) + tuple(x for j in range(10) for x in (str(j * 1.5), "z%d" % j)))
        if i % 5 == 0:
            batch.append(("PEXPIRE", key, 86_400_000))
        if len(batch) >= BATCH:
            c.pipeline(batch)
            batch = []
    if batch:
        c.pipeline(batch)
    c.close()


def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def info_field(c, section, name):
    text, _ = c.call("INFO", section)
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    for line in text.split("\r\n"):
        if line.startswith(name + ":"):
            return line.split(":", 1)[1]
    return None


def p99(samples):
    if not samples:
        return None
    s = sorted(samples)
    return round(s[min(len(s) - 1, int(len(s) * 0.99))] * 1000, 3)


def under_load(port, pid, keys, start_cmd, progress_field, seconds_before=2.0):
    """Runs start_cmd while a writer and a reader measure latency; returns the figures."""
    import random
    import threading
    stop = threading.Event()
    phase = {"during": False}
    lat = {"before": [], "during": []}
    lock = threading.Lock()

    def client(write):
        c = RespConnection("127.0.0.1", port, timeout=60)
        rnd = random.Random(write)
        while not stop.is_set():
            key = "key:%d" % (rnd.randrange(keys // 10) * 10)  # strings only: keys i with i % 10 == 0
            t0 = time.monotonic()
            if write:
                c.call("SET", key, "rewritten-%d" % rnd.randrange(1000))
            else:
                c.call("GET", key)
            dt = time.monotonic() - t0
            with lock:
                lat["during" if phase["during"] else "before"].append(dt)
        c.close()

    threads = [threading.Thread(target=client, args=(w,)) for w in (True, False)]
    for t in threads:
        t.start()
    time.sleep(seconds_before)
    c = RespConnection("127.0.0.1", port, timeout=600)
    rss_before = rss_kib(pid)
    peak = rss_before
    with lock:
        phase["during"] = True
    t0 = time.monotonic()
    reply, _ = c.call(*start_cmd)
    while True:
        peak = max(peak, rss_kib(pid))
        if info_field(c, "persistence", progress_field) == "0":
            break
        time.sleep(0.005)
    seconds = time.monotonic() - t0
    stop.set()
    for t in threads:
        t.join()
    cow = info_field(c, "persistence", "rdb_last_cow_size" if progress_field.startswith("rdb") else "aof_last_cow_size")
    c.close()
    return {"reply": reply, "seconds": round(seconds, 3), "p99_ms_before": p99(lat["before"]),
            "p99_ms_during": p99(lat["during"]), "ops_during": len(lat["during"]),
            "rss_growth_kib": peak - rss_before, "cow_size_bytes": int(cow or 0)}


def jcmd_heap_used_kib(pid):
    """The JVM's used heap right after a full collection (jcmd GC.run, then GC.heap_info): live data only."""
    exe = os.path.realpath("/proc/%d/exe" % pid)
    jcmd = os.path.join(os.path.dirname(exe), "jcmd")
    subprocess.run([jcmd, str(pid), "GC.run"], check=True, capture_output=True)
    out = subprocess.run([jcmd, str(pid), "GC.heap_info"], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        if "used" in line and "total" in line:  # " garbage-first heap   total reserved ..., committed ..., used 123K [...]"
            return int(line.split("used")[1].split("K")[0].strip())
    raise SystemExit("no heap figure in: " + out)


def snapshot_heap(port, pid, keys):
    """For a JVM server: live heap before a BGSAVE and in its middle, under writes (the snapshot's own memory).

    The save is slowed with rdb-key-save-delay so that it is surely running when the heap is measured,
    and the writer rewrites keys the walk has not reached yet, each of which the snapshot must write first.
    """
    import threading
    if "java" not in os.path.basename(os.path.realpath("/proc/%d/exe" % pid)):
        return None
    c = RespConnection("127.0.0.1", port, timeout=600)
    before = jcmd_heap_used_kib(pid)
    stop = threading.Event()

    def writer():
        w = RespConnection("127.0.0.1", port, timeout=60)
        i = 0
        while not stop.is_set():
            w.pipeline([("SET", "key:%d" % ((i * 7919 + j) % keys // 10 * 10), "rewritten") for j in range(100)])
            i += 1
        w.close()

    c.call("CONFIG", "SET", "rdb-key-save-delay", "20")  # microseconds per key: the save lasts about keys * 20 us
    c.call("BGSAVE")
    t = threading.Thread(target=writer)
    t.start()
    time.sleep(3)
    during = jcmd_heap_used_kib(pid)
    processed = info_field(c, "persistence", "current_save_keys_processed")
    stop.set()
    t.join()
    c.call("CONFIG", "SET", "rdb-key-save-delay", "0")
    while info_field(c, "persistence", "rdb_bgsave_in_progress") != "0":
        time.sleep(0.01)
    c.close()
    return {"heap_after_gc_kib_before": before, "heap_after_gc_kib_during": during,
            "extra_kib": during - before, "keys_written_when_measured": int(processed or 0)}


def measure(cmd, label, keys, no_rewrite=False):
    directory = tempfile.mkdtemp(prefix="rdb-bench-")
    port = free_port()
    with open(os.path.join(directory, "server.log"), "ab") as log:
        proc = start(cmd, port, directory, log)
        try:
            wait_for_keys(port, 0, proc)
            fill(port, keys)
            c = RespConnection("127.0.0.1", port, timeout=600)
            t0 = time.monotonic()
            reply, _ = c.call("SAVE")
            save_seconds = time.monotonic() - t0
            assert reply == "OK", reply
            bgsave = under_load(port, proc.pid, keys, ("BGSAVE",), "rdb_bgsave_in_progress")
            heap = snapshot_heap(port, proc.pid, keys)
            rewrite = None
            if not no_rewrite:
                c.call("CONFIG", "SET", "appendonly", "yes")
                while info_field(c, "persistence", "aof_rewrite_in_progress") != "0" or \
                        info_field(c, "persistence", "aof_rewrites") in (None, "0"):
                    time.sleep(0.01)
                rewrite = under_load(port, proc.pid, keys, ("BGREWRITEAOF",), "aof_rewrite_in_progress")
                c.call("CONFIG", "SET", "appendonly", "no")
            try:
                c.call("SHUTDOWN", "NOSAVE")  # answers by closing the connection
            except Exception:  # noqa: BLE001 - the closed socket is the expected answer
                pass
            c.close()
        finally:
            proc.wait(timeout=120)
        size = os.path.getsize(os.path.join(directory, "dump.rdb"))
        t0 = time.monotonic()
        proc = start(cmd, port, directory, log)
        try:
            wait_for_keys(port, keys, proc)
            load_seconds = time.monotonic() - t0
        finally:
            proc.terminate()
            proc.wait(timeout=120)
    return {"label": label, "keys": keys, "save_seconds": round(save_seconds, 3), "bytes_on_disk": size,
            "load_seconds_including_start": round(load_seconds, 3), "bgsave": bgsave, "bgsave_heap": heap, "bgrewriteaof": rewrite,
            "date": time.strftime("%Y-%m-%d %H:%M:%S")}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=1_000_000)
    parser.add_argument("--server-cmd", action="append", required=True)
    parser.add_argument("--label", action="append", required=True)
    parser.add_argument("--no-rewrite", action="store_true", help="skip BGREWRITEAOF (the largest runs)")
    args = parser.parse_args()
    os.makedirs(os.path.join(os.path.dirname(os.path.abspath(__file__)), "results"), exist_ok=True)
    for cmd, label in zip(args.server_cmd, args.label):
        result = measure(cmd, label, args.keys, args.no_rewrite)
        line = json.dumps(result)
        print(line)
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "rdb-bench.jsonl"), "a") as f:
            f.write(line + "\n")


if __name__ == "__main__":
    main()
