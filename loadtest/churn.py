"""Bound under churn: write ten times maxmemory of distinct keys (with and without TTLs) into
Sabaody-KV and real Redis at the same maxmemory and policy, and watch used_memory and RSS.

  /usr/bin/python3 loadtest/churn.py [--maxmemory 16777216] [--value 1000] [--policy allkeys-lru]

Every 5 % of the writes it reads INFO memory from each server; the table gives, per server and
per run (no TTL, then TTL of an hour on every key): the highest used_memory seen over maxmemory
(Redis allows one command's worth above), RSS after the first fill and at the end (flat means the
process stopped growing once eviction began), and the keys held at the end.
"""

import argparse
import os
import socket
import subprocess
import time

import redis

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "final-server", "target", "final-server.jar")
LAUNCHER = os.path.join(ROOT, "bin", "sabaody-server")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd, port):
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if redis.Redis(port=port).ping():
                return proc
        except redis.exceptions.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start: %s" % " ".join(cmd))


def churn(port, maxmemory, policy, value_size, ttl):
    r = redis.Redis(port=port)
    r.config_set("maxmemory", 0)
    r.flushall()
    r.config_set("maxmemory-policy", policy)
    r.config_set("maxmemory", maxmemory)
    r.config_resetstat()
    value = "x" * value_size
    total = 10 * maxmemory // value_size
    step = max(1, total // 20)
    worst_over = 0
    rss_after_fill = None
    i = 0
    while i < total:
        p = r.pipeline(transaction=False)
        for _ in range(min(step, total - i)):
            if ttl:
                p.set("churn:%d" % i, value, ex=3600)
            else:
                p.set("churn:%d" % i, value)
            i += 1
        p.execute()
        mem = r.info("memory")
        worst_over = max(worst_over, int(mem["used_memory"]) - maxmemory)
        if rss_after_fill is None and i >= maxmemory // value_size * 2:
            rss_after_fill = int(mem["used_memory_rss"])
    mem = r.info("memory")
    return worst_over, rss_after_fill, int(mem["used_memory_rss"]), r.dbsize(), int(r.info("stats")["evicted_keys"])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--maxmemory", type=int, default=16 * 1024 * 1024)
    ap.add_argument("--value", type=int, default=1000)
    ap.add_argument("--policy", default="allkeys-lru")
    args = ap.parse_args()
    redis_port, ours_port = free_port(), free_port()
    env = dict(os.environ)
    servers = [
        start(["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"], redis_port),
        start([LAUNCHER, "--port", str(ours_port), "--maxmemory", str(args.maxmemory), "--save", ""], ours_port),
    ]
    try:
        print("| server | TTL | writes | worst used_memory - maxmemory | RSS after 2x fill | RSS at end | keys at end | evicted |")
        print("|---|---|---:|---:|---:|---:|---:|---:|")
        for ttl in (False, True):
            for name, port in (("Redis 7.0", redis_port), ("Sabaody-KV", ours_port)):
                over, rss_fill, rss_end, keys, evicted = churn(port, args.maxmemory, args.policy, args.value, ttl)
                print("| %s | %s | %d | %d | %.1f MB | %.1f MB | %d | %d |" % (
                    name, "1 h" if ttl else "none", 10 * args.maxmemory // args.value, over, rss_fill / 2**20,
                    rss_end / 2**20, keys, evicted))
        print()
        print("maxmemory %d bytes, policy %s, values of %d bytes" % (args.maxmemory, args.policy, args.value))
    finally:
        for p in servers:
            p.terminate()
            p.wait()


if __name__ == "__main__":
    main()
