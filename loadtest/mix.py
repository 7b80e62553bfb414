"""The persistent scenario's requests: a SET/GET mix over the keys key:0 ... key:N-1.

One definition for the Locust users (locustfile.py) and for the warm-up (servers.py). A JVM
compiles its hot code for the inputs it has seen: after a warm-up of redis-benchmark's keys alone
(always 16 bytes, "key:000000001234"), the scenario's shorter keys ("key:1234") took branches the
compiled key hash and hash table had never taken, and the JIT threw away and recompiled about
twenty hot methods while the load was measured. Warming up with these very requests avoids that;
Redis, compiled ahead of time, is indifferent to it.
"""

import os


def value(size):
    """A printable value of `size` bytes (redis-cli shows it as text)."""
    return os.urandom(size).hex()[:size].encode()


def command(rng, keys, value, set_ratio):
    """The next request of the mix: its name for the statistics, and its arguments."""
    key = "key:%d" % rng.randrange(keys)
    if rng.random() < set_ratio:
        return "SET", ("SET", key, value)
    return "GET", ("GET", key)
