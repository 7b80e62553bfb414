"""Hit ratio of approximated LRU and LFU: Sabaody-KV and real Redis at the same maxmemory.

The method of Redis's own tools (redis-cli --lru-test, utils/lru/test-lru.rb): fill the cache to
maxmemory, then send requests whose keys follow a power law; a GET that misses SETs the key, as a
read-through cache does. The hit ratio is measured after a warm-up. The same seeded key trace goes
to every server and to two simulations in this script:

  exact LRU   an OrderedDict of the same number of keys the server held: what true LRU would hit,
              the ceiling approximated LRU aims at;
  exact LFU   (Zipf trace) in-cache counts, the least counted evicted.

Traces: "power law" is redis-cli's LRUTestGenKey (powerLawRand with alpha 6.2 over the key space);
"zipf" draws rank r with probability proportional to 1/r (s = 1), for LFU.

Run (the jar first: ./mvnw -B -q -pl final-server -am package -DskipTests -DskipSmoke):

  /usr/bin/python3 loadtest/hit_ratio.py [--requests 300000] [--maxmemory 4194304]

Hit ratios do not depend on speed: the figures are the same on a loaded machine.
"""

import argparse
import bisect
import collections
import os
import random
import socket
import subprocess
import sys
import time

import redis

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "final-server", "target", "final-server.jar")
JAVA = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
PIPELINE = 250  # redis-cli LRU_CYCLE_PIPELINE_SIZE


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


def power_law_trace(rng, keyspace, n):
    """redis-cli powerLawRand(1, keyspace, 6.2)."""
    alpha = 6.2
    lo, hi = 1, keyspace + 1
    a, b = hi ** (alpha + 1), lo ** (alpha + 1)
    out = []
    for _ in range(n):
        r = rng.random()
        pl = ((a - b) * r + b) ** (1.0 / (alpha + 1))
        out.append((hi - 1 - int(pl)) + lo)
    return out


def zipf_trace(rng, keyspace, n, s=1.0):
    weights = [1.0 / (i ** s) for i in range(1, keyspace + 1)]
    cdf = []
    total = 0.0
    for w in weights:
        total += w
        cdf.append(total)
    # ranks shuffled onto key ids, so that hot keys are not the first ones filled
    ids = list(range(1, keyspace + 1))
    rng.shuffle(ids)
    return [ids[bisect.bisect_left(cdf, rng.random() * total)] for _ in range(n)]


def fill(r, value):
    """SET new keys until the first eviction (test-lru.rb's fill)."""
    i = 0
    while True:
        p = r.pipeline(transaction=False)
        for _ in range(PIPELINE):
            i += 1
            p.set("fill:%d" % i, value)
        p.execute()
        if int(r.info("stats")["evicted_keys"]) > 0:
            return


def run_trace(r, trace, value, warmup):
    """GET each key; a miss SETs it. Returns the hit ratio after the warm-up."""
    hits = misses = 0
    for start in range(0, len(trace), PIPELINE):
        batch = trace[start:start + PIPELINE]
        p = r.pipeline(transaction=False)
        for k in batch:
            p.get("key:%d" % k)
        replies = p.execute()
        p = r.pipeline(transaction=False)
        for j, (k, v) in enumerate(zip(batch, replies)):
            counted = start + j >= warmup
            if v is None:
                p.set("key:%d" % k, value)
                misses += counted
            else:
                hits += counted
        p.execute()
    return hits / max(1, hits + misses)


def exact_lru(trace, capacity, warmup):
    cache = collections.OrderedDict()
    hits = misses = 0
    for start in range(0, len(trace), PIPELINE):
        batch = trace[start:start + PIPELINE]
        missed = []
        for j, k in enumerate(batch):
            if k in cache:
                cache.move_to_end(k)
                hits += start + j >= warmup
            else:
                missed.append(k)
                misses += start + j >= warmup
        for k in missed:
            cache[k] = True
            cache.move_to_end(k)
            while len(cache) > capacity:
                cache.popitem(last=False)
    return hits / max(1, hits + misses)


def exact_lfu(trace, capacity, warmup):
    counts = {}
    hits = misses = 0
    import heapq
    heap = []
    for start in range(0, len(trace), PIPELINE):
        batch = trace[start:start + PIPELINE]
        missed = []
        for j, k in enumerate(batch):
            if k in counts:
                counts[k] += 1
                heapq.heappush(heap, (counts[k], k))
                hits += start + j >= warmup
            else:
                missed.append(k)
                misses += start + j >= warmup
        for k in missed:
            if k in counts:
                continue
            counts[k] = 1
            heapq.heappush(heap, (1, k))
            while len(counts) > capacity:
                c, victim = heapq.heappop(heap)
                if counts.get(victim) == c:
                    del counts[victim]
    return hits / max(1, hits + misses)


def measure(port, policy, samples, maxmemory, trace, value, warmup):
    r = redis.Redis(port=port)
    r.config_set("maxmemory", 0)
    r.flushall()
    r.config_set("maxmemory-policy", policy)
    r.config_set("maxmemory-samples", samples)
    r.config_set("maxmemory", maxmemory)
    r.config_resetstat()
    fill(r, value)
    ratio = run_trace(r, trace, value, warmup)
    return ratio, r.dbsize()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=300000)
    ap.add_argument("--keyspace", type=int, default=1000000)
    ap.add_argument("--maxmemory", type=int, default=4 * 1024 * 1024)
    ap.add_argument("--shards", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    value = "val"
    warmup = args.requests // 3
    rng = random.Random(args.seed)
    traces = {
        "power law": power_law_trace(rng, args.keyspace, args.requests),
        "zipf": zipf_trace(rng, args.keyspace, args.requests),
    }
    redis_port, ours_port = free_port(), free_port()
    servers = [
        start(["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"], redis_port),
        start([JAVA, "-XX:+UseCompactObjectHeaders", "-Xmx512m", "-jar", JAR, "--port", str(ours_port),
               "--shards", str(args.shards), "--save", ""], ours_port),
    ]
    try:
        print("| trace | policy | samples | server | keys held | hit ratio | exact LRU, same keys | exact LFU, same keys |")
        print("|---|---|---:|---|---:|---:|---:|---:|")
        for trace_name, policy in (("power law", "allkeys-lru"), ("zipf", "allkeys-lru"), ("zipf", "allkeys-lfu")):
            trace = traces[trace_name]
            for samples in (5, 10):
                for name, port in (("Redis 7.0", redis_port), ("Sabaody-KV", ours_port)):
                    ratio, keys = measure(port, policy, samples, args.maxmemory, trace, value, warmup)
                    lru = exact_lru(trace, keys, warmup)
                    lfu = exact_lfu(trace, keys, warmup) if trace_name == "zipf" else None
                    print("| %s | %s | %d | %s | %d | %.4f | %.4f | %s |" % (
                        trace_name, policy, samples, name, keys, ratio, lru, "%.4f" % lfu if lfu is not None else "-"))
                    sys.stdout.flush()
        print()
        print("maxmemory %d bytes, %d requests (the first third warm up), values of %d bytes, final-server with %d shard(s)"
              % (args.maxmemory, args.requests, len(value), args.shards))
    finally:
        for p in servers:
            p.terminate()
            p.wait()


if __name__ == "__main__":
    main()
