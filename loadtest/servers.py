"""Finding, starting and stopping the server under test; the facts about the machine.

run.py and bench.py measure a server given either as a running target (`--target host:port`) or
as a command line that starts it (`--server-cmd '... --port {port}'`). With a command, the server
gets a free port, inherits the raised file limit, logs to a file, and is stopped at the end even
when the measurement fails. One module does this so both scripts start servers the same way.
"""

import collections
import csv
import io
import os
import random
import re
import resource
import shlex
import signal
import socket
import subprocess
import time

import mix
from respclient import RespConnection, RespError, info_field

LOADTEST_DIR = os.path.dirname(os.path.abspath(__file__))
RESULTS_DIR = os.path.join(LOADTEST_DIR, "results")
READY_TIMEOUT_S = 60.0  # a JVM with a large heap can take seconds to bind
WARMUP_REQUESTS = 400000  # untimed, before a server is measured (Server.warm_up): run.py's and bench.py's default
WARMUP_MIX_PIPELINE = 16  # requests per write in the warm-up's scenario-shaped part
WARMUP_CONNECTIONS_SHARE = 20  # one warm-up request in 20 more, each on a connection of its own


def raise_file_limit():
    """Soft RLIMIT_NOFILE up to the hard limit; children (server, locust) inherit it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse_target(value):
    """host:port (or redis://host:port) -> (host, port)."""
    if "://" in value:
        value = value.split("://", 1)[1]
    host, _, port = value.rstrip("/").rpartition(":")
    return (host.strip("[]") or "127.0.0.1"), int(port)


def ping(host, port, timeout=2.0):
    try:
        conn = RespConnection(host, port, timeout=timeout)
    except OSError:
        return False
    try:
        reply, _ = conn.call("PING")
        return reply == "PONG"
    except (OSError, ValueError):
        return False
    finally:
        conn.close()


class Server:
    """A server under test: either already running (target) or started from a command."""

    def __init__(self, host, port, cmd=None, log_path=None):
        self.host, self.port, self.cmd, self.log_path = host, port, cmd, log_path
        self.proc = None

    @classmethod
    def from_options(cls, target, server_cmd, log_path, port=None):
        if server_cmd:
            port = port or free_port()
            return cls("127.0.0.1", port, server_cmd.replace("{port}", str(port)), log_path)
        host, port = parse_target(target or "127.0.0.1:6379")
        return cls(host, port)

    @property
    def address(self):
        return "%s:%d" % (self.host, self.port)

    def start(self):
        if self.cmd is None:
            if not ping(self.host, self.port):
                raise RuntimeError("no RESP server answers PING at %s" % self.address)
            return
        if ping(self.host, self.port):
            raise RuntimeError("port %d is already taken by a server" % self.port)
        log = open(self.log_path, "wb") if self.log_path else subprocess.DEVNULL
        # A shell runs the command so quoting like --save '' works as typed; its own session
        # lets stop() signal the whole tree (java, a wrapper script) and nothing else.
        self.proc = subprocess.Popen(
            self.cmd, shell=True, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited with %s before answering PING: %s\n%s"
                                   % (self.proc.returncode, self.cmd, self.log_tail()))
            if ping(self.host, self.port, timeout=1.0):
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("server did not answer PING within %.0f s: %s" % (READY_TIMEOUT_S, self.cmd))

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        except ProcessLookupError:
            pass

    def cpu(self):
        """CPU of every process in the started server's session, as a SessionCpu (None for a target)."""
        if self.proc is None:
            return None
        return session_cpu(self.proc.pid)

    def log_tail(self, lines=15):
        if not self.log_path or not os.path.exists(self.log_path):
            return ""
        with open(self.log_path, "rb") as f:
            return b"".join(f.readlines()[-lines:]).decode(errors="replace")

    #: extra redis-benchmark arguments for every run, e.g. ["--user", "app", "-a", "pw"] (bench.py --user)
    benchmark_auth = []

    def redis_benchmark(self, tests, pipeline, clients, size, requests, keyspace, threads=0, keepalive=True):
        """One redis-benchmark run against this server: per test (SET, GET...), its CSV figures.
        Without `keepalive`, each request comes on a new connection (redis-benchmark -k 0)."""
        cmd = ["redis-benchmark", "-h", self.host, "-p", str(self.port), "-t", tests, "-P", str(pipeline),
               "-c", str(clients), "-d", str(size), "-n", str(requests), "-r", str(keyspace), "--csv"]
        cmd += self.benchmark_auth
        if not keepalive:
            cmd += ["-k", "0"]
        if threads:
            cmd += ["--threads", str(threads)]
        proc = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=600)
        rows = {}
        for row in csv.DictReader(io.StringIO(proc.stdout)):
            rows[row["test"]] = {k: float(v) for k, v in row.items() if k != "test"}
        if proc.returncode != 0 or not rows:
            raise RuntimeError("redis-benchmark failed (%s): %s\n%s"
                               % (proc.returncode, " ".join(cmd), proc.stderr[-800:]))
        return rows

    def warm_up(self, requests, keyspace=10000, tests="set,get", size=16, flush=False, set_ratio=None):
        """Untimed load before a measurement. A JVM compiles its hot paths in its first seconds, on
        the cores the load generator needs; every server gets the same load, so none has a head start.

        redis-benchmark sends the bulk, from 50 clients, one request at a time and pipelined 16 deep,
        then a twentieth more, each on a new connection. With `set_ratio`, a quarter of `requests` are the Locust scenario's own SET/GET mix instead
        (mix.py), pipelined over one connection: its keys are shorter than redis-benchmark's, and
        code compiled for one key shape alone is recompiled when the other arrives (mix.py says more).
        With `flush`, FLUSHALL afterwards: the measurement then starts from an empty keyspace, as it
        would without the warm-up."""
        mixed = requests // 4 if set_ratio is not None else 0
        bulk = requests - mixed
        for pipeline, n in ((1, bulk // 2), (16, bulk - bulk // 2)):
            self.redis_benchmark(tests, pipeline, 50, size, max(n, 1), keyspace)
        # A connection's life (accept, register, its first command, close) is a hot path too when
        # 10,000 clients arrive: without this the JIT compiled it while they did, on their cores.
        self.redis_benchmark(tests, 1, 50, size, max(requests // WARMUP_CONNECTIONS_SHARE, 1), keyspace,
                             keepalive=False)
        if not (mixed or flush):
            return
        conn = RespConnection(self.host, self.port, timeout=30)
        try:
            rng, value = random.Random(), mix.value(size)
            for done in range(0, mixed, WARMUP_MIX_PIPELINE):
                commands = [mix.command(rng, keyspace, value, set_ratio)[1]
                            for _ in range(min(WARMUP_MIX_PIPELINE, mixed - done))]
                errors = [r for r in conn.pipeline(commands) if isinstance(r, RespError)]
                if errors:
                    raise RuntimeError("the warm-up's SET/GET mix failed: %s" % errors[0])
            if flush:
                reply, _ = conn.call("FLUSHALL")
                if isinstance(reply, RespError) and reply.startswith("ERR unknown command"):
                    # A server with no FLUSHALL (module 04 knows SET, GET, DEL, EXISTS): the measurement
                    # starts with the warm-up's keys, which a SET/GET mix over the same keys does not mind.
                    print("warm-up: %s has no FLUSHALL; its keys stay" % self.address, flush=True)
                elif isinstance(reply, RespError):
                    raise RuntimeError("FLUSHALL after the warm-up failed: %s" % reply)
        finally:
            conn.close()

    def describe(self):
        """What the server says it is (INFO server), for the results file."""
        try:
            conn = RespConnection(self.host, self.port, timeout=5)
            try:
                reply, _ = conn.call("INFO", "server")
            finally:
                conn.close()
        except OSError:
            return {}
        if isinstance(reply, RespError):
            return {}
        fields = {}
        for name in ("redis_version", "server_name", "os", "multiplexing_api", "io_threads_active"):
            value = info_field(reply, name)
            if value is not None:
                fields[name] = value
        return fields


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class SessionCpu:
    """CPU seconds used so far by the processes of one session: user and system, and per thread name."""

    def __init__(self, user, system, threads):
        self.user, self.system, self.threads = user, system, threads

    @property
    def total(self):
        return self.user + self.system

    def __sub__(self, earlier):
        return SessionCpu(self.user - earlier.user, self.system - earlier.system,
                          {name: t - earlier.threads.get(name, 0) for name, t in self.threads.items()})


def thread_group(comm):
    """A thread's name without its number: "nio-loop-1" and "GC Thread#3" count as "nio-loop", "GC Thread"."""
    return re.sub(r"[\s#-]*\d+$", "", comm.strip()) or comm.strip()


def session_cpu(sid):
    """The CPU used so far by every process in session `sid` (a server started by Server.start)."""
    user = system = 0
    threads = collections.Counter()
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        stat = read_stat("/proc/%s/stat" % pid)
        if stat is None or int(stat[1][3]) != sid:  # field 6 of proc(5): session
            continue
        user += int(stat[1][11])  # utime, in clock ticks
        system += int(stat[1][12])  # stime
        try:
            tasks = os.listdir("/proc/%s/task" % pid)
        except OSError:
            continue
        for tid in tasks:
            task = read_stat("/proc/%s/task/%s/stat" % (pid, tid))
            if task is not None:
                threads[thread_group(task[0])] += int(task[1][11]) + int(task[1][12])
    return SessionCpu(user / CLOCK_TICKS, system / CLOCK_TICKS, {k: v / CLOCK_TICKS for k, v in threads.items()})


def read_stat(path):
    """A /proc stat file as (name, fields after the name), or None if the process or thread is gone."""
    try:
        with open(path) as f:
            stat = f.read()
    except OSError:
        return None
    # The name in () may hold spaces and parentheses: it ends at the last ")".
    return stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()


def cpu_pressure_us():
    """Total microseconds some task waited for a CPU (/proc/pressure/cpu), or None without PSI."""
    try:
        with open("/proc/pressure/cpu") as f:
            for line in f:
                if line.startswith("some"):
                    return int(line.rsplit("total=", 1)[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def busy_note():
    """One line on how busy the shared machine is right now, printed before a measurement."""
    avg10 = None
    try:
        with open("/proc/pressure/cpu") as f:
            avg10 = float(f.readline().split("avg10=")[1].split()[0])
    except (OSError, IndexError, ValueError):
        pass
    note = "load average %.2f" % os.getloadavg()[0]
    if avg10 is not None:
        note += ", CPU pressure %.0f%% over the last 10 s" % avg10
    return note


def default_label(server_cmd, target):
    if server_cmd:
        words = shlex.split(server_cmd)
        if os.path.basename(words[0]) == "java":
            if "-jar" in words[:-1]:  # java -jar final-server/target/final-server.jar -> final-server
                return os.path.basename(words[words.index("-jar") + 1])[:-4]
            skip = False
            for w in words[1:]:  # java -cp ... dev.sabaody.kv.resp.Main -> resp.Main
                if skip:
                    skip = False
                elif w in ("-cp", "-classpath", "--class-path", "-p", "--module-path"):
                    skip = True
                elif not w.startswith("-"):
                    return ".".join(w.split(".")[-2:])
        return os.path.basename(words[0])
    return target.replace(":", "-")


def machine():
    model = ""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    return {"cpu_model": model, "cores": os.cpu_count(), "kernel": os.uname().release}
