"""Finding, starting and stopping the server under test; the facts about the machine.

run.py and bench.py measure a server given either as a running target (`--target host:port`) or
as a command line that starts it (`--server-cmd '... --port {port}'`). With a command, the server
gets a free port, inherits the raised file limit, logs to a file, and is stopped at the end even
when the measurement fails. One module does this so both scripts start servers the same way.
"""

import csv
import io
import os
import resource
import shlex
import signal
import socket
import subprocess
import time

from respclient import RespConnection, RespError, info_field

LOADTEST_DIR = os.path.dirname(os.path.abspath(__file__))
RESULTS_DIR = os.path.join(LOADTEST_DIR, "results")
READY_TIMEOUT_S = 60.0  # a JVM with a large heap can take seconds to bind
WARMUP_REQUESTS = 400000  # untimed, before a server is measured (Server.warm_up): run.py's and bench.py's default


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

    def cpu_seconds(self):
        """User+system CPU of every process in the started server's session (None for a target)."""
        if self.proc is None:
            return None
        return session_cpu_seconds(self.proc.pid)

    def log_tail(self, lines=15):
        if not self.log_path or not os.path.exists(self.log_path):
            return ""
        with open(self.log_path, "rb") as f:
            return b"".join(f.readlines()[-lines:]).decode(errors="replace")

    def redis_benchmark(self, tests, pipeline, clients, size, requests, keyspace, threads=0):
        """One redis-benchmark run against this server: per test (SET, GET...), its CSV figures."""
        cmd = ["redis-benchmark", "-h", self.host, "-p", str(self.port), "-t", tests, "-P", str(pipeline),
               "-c", str(clients), "-d", str(size), "-n", str(requests), "-r", str(keyspace), "--csv"]
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

    def warm_up(self, requests, keyspace=10000, tests="set,get", size=16, flush=False):
        """Untimed redis-benchmark load before a measurement: half of `requests` one at a time, half
        pipelined 16 deep, from 50 clients. A JVM compiles its hot paths in its first seconds, on the
        cores the load generator needs; every server gets the same load, so none has a head start.
        With `flush`, FLUSHALL afterwards: the measurement then starts from an empty keyspace, as it
        would without the warm-up."""
        for pipeline, n in ((1, requests // 2), (16, requests - requests // 2)):
            self.redis_benchmark(tests, pipeline, 50, size, max(n, 1), keyspace)
        if flush:
            conn = RespConnection(self.host, self.port, timeout=30)
            try:
                reply, _ = conn.call("FLUSHALL")
            finally:
                conn.close()
            if isinstance(reply, RespError):
                raise RuntimeError("FLUSHALL after the warm-up failed: %s" % reply)

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


def session_cpu_seconds(sid):
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # the name in () may hold spaces
        if int(fields[3]) == sid:  # field 6 of proc(5): session
            total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / CLOCK_TICKS


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
