#!/usr/bin/env python3
"""Load for the line-protocol servers of modules 01 to 03 (and real Redis, which reads PING\\n as an inline command): C connections, each sending PINGs in
batches of P (P=1: one request, wait for its reply; P>1: a pipeline), until R requests in total.

    python3 lineload.py --port 6380 --connections 50 --pipeline 1 --requests 200000

Prints one line: requests, seconds, requests per second. One process, one selector; it runs in a
process of its own so that what strace counts in the server is the server's alone.
"""
import argparse
import selectors
import socket
import sys
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=6380)
    p.add_argument("--connections", type=int, default=50)
    p.add_argument("--pipeline", type=int, default=1)
    p.add_argument("--requests", type=int, default=100_000)
    p.add_argument("--reply-bytes", type=int, default=len(b"PONG\n"),
                   help="bytes per reply: 5 for PONG\\n, 7 for real Redis's +PONG\\r\\n")
    a = p.parse_args()

    sel = selectors.DefaultSelector()
    batch = b"PING\n" * a.pipeline
    per_conn = a.requests // a.connections // a.pipeline  # batches per connection
    state = {}
    for _ in range(a.connections):
        s = socket.create_connection(("127.0.0.1", a.port))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.setblocking(False)
        state[s] = [per_conn, 0]  # batches left, reply bytes still expected
        sel.register(s, selectors.EVENT_READ)

    start = time.perf_counter()
    for s, st in state.items():
        s.sendall(batch)
        st[1] = a.reply_bytes * a.pipeline
    live = len(state)
    while live:
        for key, _ in sel.select():
            s = key.fileobj
            st = state[s]
            data = s.recv(65536)
            if not data:
                sys.exit("server closed a connection")
            st[1] -= len(data)
            if st[1] == 0:
                st[0] -= 1
                if st[0] == 0:
                    sel.unregister(s)
                    live -= 1
                else:
                    s.sendall(batch)
                    st[1] = a.reply_bytes * a.pipeline
    elapsed = time.perf_counter() - start
    total = per_conn * a.pipeline * a.connections
    print(f"requests={total} seconds={elapsed:.2f} rps={total / elapsed:.0f}")


if __name__ == "__main__":
    main()
