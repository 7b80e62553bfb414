"""A minimal RESP2 client: just enough protocol to load-test any Redis-compatible server.

Why not redis-py: the load test must run where only the Python standard library, gevent and
Locust are installed, and it must measure the server, not a client library's connection pool.
This client holds exactly one socket, writes each command as an array of bulk strings (the form
every real client sends, see Redis's networking.c processMultibulkBuffer) and reads each reply
completely before returning, so a request's latency is send-to-last-byte.

The socket comes from the `socket` module. Under Locust, gevent has monkey-patched that module
before this file is imported, so the same code blocks only its own greenlet there, and blocks
the thread when run.py uses it to sample INFO.

Replies are decoded as RESP2 (https://redis.io/docs/reference/protocol-spec/):
  +simple  -> str            -error  -> RespError (returned, not raised: an error reply is an
  :integer -> int                       answer, and the caller decides whether it is a failure)
  $bulk    -> bytes | None   *array  -> list | None
"""

import socket

CRLF = b"\r\n"
RECV_CHUNK = 65536  # bytes read per recv(); Redis's own PROTO_IOBUF_LEN is 16 KiB (server.h)


class RespError(str):
    """An error reply (`-ERR ...`). A str subclass so it prints as the server wrote it."""


class ProtocolError(Exception):
    """The server sent bytes that are not RESP2."""


def encode(*args):
    """Encode one command as a RESP array of bulk strings."""
    parts = [b"*%d\r\n" % len(args)]
    for arg in args:
        if isinstance(arg, str):
            arg = arg.encode()
        elif isinstance(arg, int):
            arg = b"%d" % arg
        parts.append(b"$%d\r\n%s\r\n" % (len(arg), arg))
    return b"".join(parts)


class RespConnection:
    """One TCP connection speaking RESP2. Not thread-safe: one user, one connection."""

    def __init__(self, host, port, timeout=30.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        # Requests are tiny and latency-bound: do not let Nagle hold them back.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = bytearray()
        self.pos = 0  # parse position in buf; consumed bytes are dropped lazily

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def call(self, *args):
        """Send one command and return (reply, reply_length_in_bytes)."""
        if self.pos:
            # Bytes already consumed by earlier replies: drop them before measuring this one.
            del self.buf[: self.pos]
            self.pos = 0
        self.sock.sendall(encode(*args))
        start = self.pos
        reply = self._read_reply()
        length = self.pos - start
        if self.pos == len(self.buf):
            self.buf.clear()
            self.pos = 0
        return reply, length

    def pipeline(self, commands):
        """Send every command (each a tuple of arguments) in one write, then read their replies."""
        if self.pos:
            del self.buf[: self.pos]
            self.pos = 0
        self.sock.sendall(b"".join(encode(*args) for args in commands))
        return [self._read_reply() for _ in commands]

    # -- reading -------------------------------------------------------------------------------

    def _fill(self):
        chunk = self.sock.recv(RECV_CHUNK)
        if not chunk:
            raise ConnectionError("server closed the connection")
        self.buf += chunk

    def _line(self):
        while True:
            end = self.buf.find(CRLF, self.pos)
            if end >= 0:
                line = bytes(self.buf[self.pos : end])
                self.pos = end + 2
                return line
            self._fill()

    def _exactly(self, n):
        while len(self.buf) - self.pos < n + 2:
            self._fill()
        data = bytes(self.buf[self.pos : self.pos + n])
        if self.buf[self.pos + n : self.pos + n + 2] != CRLF:
            raise ProtocolError("bulk string not terminated by CRLF")
        self.pos += n + 2
        return data

    def _read_reply(self):
        line = self._line()
        if not line:
            raise ProtocolError("empty reply line")
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            return RespError(rest.decode(errors="replace"))
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self._exactly(n)
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self._read_reply() for _ in range(n)]
        raise ProtocolError("unexpected reply type %r" % line[:16])


def info_field(reply, field):
    """Pick one `field:value` line out of an INFO reply; None if absent or not a bulk string."""
    if not isinstance(reply, bytes):
        return None
    for line in reply.decode(errors="replace").splitlines():
        if line.startswith(field + ":"):
            return line.split(":", 1)[1].strip()
    return None
