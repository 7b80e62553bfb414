"""Locust scenarios for any RESP server (Sabaody-KV, Redis, ...).

Two users, chosen by class name on the locust command line:

  PersistentUser         the published scenario: each user opens ONE connection on start and keeps
                         it, then sends a SET/GET mix over it. 10,000 users hold 10,000 connections,
                         which is what a cache in front of an application fleet sees.
  ConnectPerRequestUser  the original project's scenario: every request opens a connection, sends
                         PING, reads PONG and closes. It measures the accept path (and the client's
                         TCP handshakes) far more than the server's command path.

Each request is reported to Locust (`events.request`) and also recorded here with nanosecond
timestamps into a histogram of 10 microsecond buckets, because Locust rounds response times to
whole milliseconds (and to two significant digits above 100 ms), which hides everything a cache
does. At the end each process that ran users writes its histogram to $LOADTEST_OUT_DIR as JSON;
run.py merges the files of all workers and prints p50/p95/p99/max with 0.01 ms resolution.

Knobs (environment variables, read once at import; run.py sets them from its options):
  LOADTEST_TARGET      host:port when locust's --host is not given      default 127.0.0.1:6379
  LOADTEST_WAIT        seconds between a user's requests, "min,max"     default 0.5,1.5
                       (uniform, Locust's between()) or one number (constant). 10,000 users at an
                       average 1 s pause offer about 10,000 requests/s: a steady load that two
                       gevent workers generate with about a quarter of a core each, leaving the
                       server a core, so the load generator is not the bottleneck. "0" floods.
  LOADTEST_KEYS        keyspace size                                    default 10000
  LOADTEST_VALUE_SIZE  bytes per SET value                              default 16
  LOADTEST_SET_RATIO   fraction of requests that are SET                default 0.5
  LOADTEST_TIMEOUT     socket timeout in seconds (connect and reply)    default 30
  LOADTEST_OUT_DIR     where to write this process's latency file       default: none written
  LOADTEST_STEADY_USERS  users this process holds when the ramp is over  default: the first
                       spawning_complete event (right for one process; run.py sets it for workers)
  LOADTEST_GC          the collector once the ramp is over: off (freeze, then disable), freeze
                       (freeze only) or on (Python's default)              default off
                       A collection stops every greenlet of the process, and reads as server
                       latency: at 5,000 users per worker they added up to 4.4 s a minute.
"""

import gc
import json
import os
import random
import time
from collections import Counter

import gevent
import locust
import locust.main
import locust.runners
import psutil
from locust import User, between, constant, events, task

import mix
from respclient import RespConnection, RespError
from servers import parse_target

# ---------------------------------------------------------------------------------------------
# Debian's python3-locust 2.12.1 ships an empty version string. The master rejects a worker whose
# "client_ready" message carries an empty version as "an old (pre 2.0) worker" (runners.py,
# MasterRunner.client_listener), so --master/--worker never connect. Both sides import this file
# before their runner starts, and runners.py reads its module-level __version__ at message time,
# so setting it here fixes the handshake. Any non-empty value equal on both sides would do.
# ---------------------------------------------------------------------------------------------
LOCUST_DEBIAN_VERSION = "2.12.1"  # dpkg -s python3-locust
if not locust.__version__ or locust.__version__ == "0.0.0":
    locust.__version__ = LOCUST_DEBIAN_VERSION
    locust.runners.__version__ = LOCUST_DEBIAN_VERSION
    locust.main.version = LOCUST_DEBIAN_VERSION


def _wait_time_from_env():
    spec = os.environ.get("LOADTEST_WAIT", "0.5,1.5")
    parts = [float(p) for p in spec.split(",")]
    if len(parts) == 1:
        return constant(parts[0])
    return between(parts[0], parts[1])


WAIT_TIME = _wait_time_from_env()
KEYS = int(os.environ.get("LOADTEST_KEYS", "10000"))
VALUE_SIZE = int(os.environ.get("LOADTEST_VALUE_SIZE", "16"))
VALUE = mix.value(VALUE_SIZE)
SET_RATIO = float(os.environ.get("LOADTEST_SET_RATIO", "0.5"))
TIMEOUT = float(os.environ.get("LOADTEST_TIMEOUT", "30"))
OUT_DIR = os.environ.get("LOADTEST_OUT_DIR")
STEADY_USERS = int(os.environ["LOADTEST_STEADY_USERS"]) if os.environ.get("LOADTEST_STEADY_USERS") else None
GC_MODE = os.environ.get("LOADTEST_GC", "off")
BUCKET_NS = 10_000  # 10 us: the 0.01 ms resolution the report prints


class ReplyError(Exception):
    """The server answered with a RESP error: the request failed."""


def target_of(environment):
    """locust --host (host:port or redis://host:port), else $LOADTEST_TARGET, else 127.0.0.1:6379."""
    return parse_target((environment.host or os.environ.get("LOADTEST_TARGET") or "127.0.0.1:6379").strip())


class Recorder:
    """Everything this process measured, in a form that merges by adding counters."""

    def __init__(self):
        self.hist = {}  # name -> Counter(bucket of BUCKET_NS -> count), successes and failures alike
        # The same by phase of the run, as each request ends: "ramp" while this process spawns its
        # users (500 new connections a second load the server differently), "steady" once it holds
        # them all, "stop" once Locust stops them. Stopping kills 5,000 greenlets per process in one
        # go, and replies that arrive meanwhile wait for the process, not for the server.
        self.steady_hist = {}
        self.stop_hist = {}
        self.phase = "ramp"
        self.cpu_percent = []  # this process's CPU use every CPU_SAMPLE_S: is the client the bottleneck?
        self.cpu_sampling = False
        self.rss_mb = []  # resident memory at each CPU sample: the price of turning the collector off
        self.gc_pauses_ns = Counter()  # generation -> total ns the collector stopped this process
        self.gc_runs = Counter()  # generation -> collections
        self.gc_max_ns = 0
        self._gc_start = 0
        self.requests = Counter()  # name -> count
        self.failures = Counter()  # name -> count
        self.errors = Counter()  # "NAME: message" -> count
        self.per_second = Counter()  # unix second -> commands completed (CONNECT excluded)
        self.per_second_max_ns = Counter()  # unix second -> slowest command completed in it
        self.max_ns = Counter()  # name -> slowest request, exact

    def record(self, name, elapsed_ns, exc):
        hist = self.hist.get(name)
        if hist is None:
            hist = self.hist[name] = Counter()
        hist[elapsed_ns // BUCKET_NS] += 1
        if self.phase != "ramp":
            by_name = self.steady_hist if self.phase == "steady" else self.stop_hist
            hist = by_name.get(name)
            if hist is None:
                hist = by_name[name] = Counter()
            hist[elapsed_ns // BUCKET_NS] += 1
        self.requests[name] += 1
        if elapsed_ns > self.max_ns[name]:
            self.max_ns[name] = elapsed_ns
        if exc is not None:
            self.failures[name] += 1
            self.errors["%s: %s" % (name, _describe(exc))] += 1
        if name != "CONNECT":
            second = int(time.time())
            self.per_second[second] += 1
            if elapsed_ns > self.per_second_max_ns[second]:
                self.per_second_max_ns[second] = elapsed_ns

    def on_gc(self, phase, info):
        """gc.callbacks hook: a collection stops every greenlet in this process, so it shows up in
        latency exactly like a slow server would; recording it tells the two apart."""
        if phase == "start":
            self._gc_start = time.perf_counter_ns()
        elif self._gc_start:
            pause = time.perf_counter_ns() - self._gc_start
            self.gc_pauses_ns[info["generation"]] += pause
            self.gc_runs[info["generation"]] += 1
            self.gc_max_ns = max(self.gc_max_ns, pause)

    def to_json(self):
        return {
            "pid": os.getpid(),
            "bucket_ns": BUCKET_NS,
            "hist": {n: {str(b): c for b, c in h.items()} for n, h in self.hist.items()},
            "steady_hist": {n: {str(b): c for b, c in h.items()} for n, h in self.steady_hist.items()},
            "stop_hist": {n: {str(b): c for b, c in h.items()} for n, h in self.stop_hist.items()},
            "cpu_percent": self.cpu_percent,
            "rss_mb": self.rss_mb,
            "gc_pause_total_ns": dict(self.gc_pauses_ns),
            "gc_pause_max_ns": self.gc_max_ns,
            "gc_runs": dict(self.gc_runs),
            "requests": dict(self.requests),
            "failures": dict(self.failures),
            "errors": dict(self.errors.most_common(50)),
            "per_second": {str(s): c for s, c in sorted(self.per_second.items())},
            "per_second_max_ns": {str(s): c for s, c in sorted(self.per_second_max_ns.items())},
            "max_ns": dict(self.max_ns),
        }


def _describe(exc):
    text = str(exc) or type(exc).__name__
    return "%s(%s)" % (type(exc).__name__, text[:120])


RECORDER = Recorder()
gc.callbacks.append(RECORDER.on_gc)


def _report(environment, name, start_ns, length, exc):
    elapsed_ns = time.perf_counter_ns() - start_ns
    RECORDER.record(name, elapsed_ns, exc)
    environment.events.request.fire(
        request_type="RESP",
        name=name,
        response_time=elapsed_ns / 1e6,
        response_length=length,
        exception=exc,
        context={},
    )


class PersistentUser(User):
    """One connection per user for its whole life; a SET/GET mix over a shared keyspace."""

    wait_time = WAIT_TIME

    def on_start(self):
        self.target = target_of(self.environment)
        self.conn = None
        self._connect()

    def on_stop(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _connect(self):
        start = time.perf_counter_ns()
        try:
            self.conn = RespConnection(*self.target, timeout=TIMEOUT)
            _report(self.environment, "CONNECT", start, 0, None)
        except Exception as exc:  # refused, reset, timed out: all count as a failed connect
            self.conn = None
            _report(self.environment, "CONNECT", start, 0, exc)

    @task
    def set_or_get(self):
        if self.conn is None:
            # The connection failed earlier: try once more, and skip this turn if that fails too.
            self._connect()
            if self.conn is None:
                return
        name, args = mix.command(random, KEYS, VALUE, SET_RATIO)
        start = time.perf_counter_ns()
        try:
            reply, length = self.conn.call(*args)
        except Exception as exc:
            # The stream position is unknown after a failure: never reuse this connection.
            self.conn.close()
            self.conn = None
            _report(self.environment, name, start, 0, exc)
            return
        exc = ReplyError(reply) if isinstance(reply, RespError) else None
        _report(self.environment, name, start, length, exc)


class ConnectPerRequestUser(User):
    """Connect, PING, read the reply, close: one TCP handshake per request."""

    wait_time = WAIT_TIME

    def on_start(self):
        self.target = target_of(self.environment)

    @task
    def ping(self):
        start = time.perf_counter_ns()
        conn = None
        try:
            conn = RespConnection(*self.target, timeout=TIMEOUT)
            reply, length = conn.call("PING")
        except Exception as exc:
            _report(self.environment, "PING", start, 0, exc)
            return
        finally:
            if conn is not None:
                conn.close()
        exc = None if reply == "PONG" else ReplyError("unexpected reply %r" % (reply,))
        _report(self.environment, "PING", start, length, exc)


CPU_SAMPLE_S = 2.0


@events.spawning_complete.add_listener
def _mark_steady(user_count, **_kwargs):
    # A worker hears spawning_complete after every step of the master's ramp, each with its user
    # count so far; it has reached its share once it holds STEADY_USERS (run.py sets that to
    # users / workers). A single local process hears it once, at the end of the ramp.
    if STEADY_USERS is None or user_count >= STEADY_USERS:
        if GC_MODE != "on":
            gc.collect()  # one last full pause, still counted as part of the ramp
            gc.freeze()
        if GC_MODE == "off":
            gc.disable()
        if RECORDER.phase == "ramp":
            RECORDER.phase = "steady"


@events.test_stopping.add_listener
def _mark_stop(**_kwargs):
    RECORDER.phase = "stop"


@events.test_start.add_listener
def _sample_cpu(environment, **_kwargs):
    """psutil's figure as Locust computes it for its own 90% warning (runners.py)."""
    if isinstance(environment.runner, locust.runners.MasterRunner) or RECORDER.cpu_sampling:
        return
    RECORDER.cpu_sampling = True

    def sample():
        process = psutil.Process()
        process.cpu_percent()
        while True:
            gevent.sleep(CPU_SAMPLE_S)
            RECORDER.cpu_percent.append(process.cpu_percent())
            RECORDER.rss_mb.append(round(process.memory_info().rss / 2**20, 1))

    gevent.spawn(sample)


@events.quitting.add_listener
def _write_latency_file(environment, **_kwargs):
    """Each process that ran users leaves its measurements for run.py to merge."""
    if isinstance(environment.runner, locust.runners.MasterRunner) or not RECORDER.requests:
        return
    if OUT_DIR:
        path = os.path.join(OUT_DIR, "latency-%d.json" % os.getpid())
        with open(path, "w") as f:
            json.dump(RECORDER.to_json(), f)
