#!/usr/bin/env python3
"""A tee between a Redis client and a server: prints every byte each side sends, escaped.

    python3 04-resp/capture.py 7000 6380      # listen on 7000, forward to 6380
    redis-cli -p 7000                          # in another terminal: watch its handshake

One line per read, '>>' for client to server, '<<' for server to client, CR and LF shown as \\r \\n.
It serves one client at a time and stops after --clients of them (default: 1).
"""
import socket
import sys
import threading


def show(direction, data):
    text = "".join(
        "\\r" if b == 13 else "\\n" if b == 10 else chr(b) if 32 <= b < 127 else "\\x%02x" % b
        for b in data
    )
    print(f"{direction} {text}", flush=True)


def pump(src, dst, direction):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            show(direction, data)
            dst.sendall(data)
    except OSError:
        pass
    finally:
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def main():
    listen_port, server_port = int(sys.argv[1]), int(sys.argv[2])
    clients = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--clients" else 1
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", listen_port))
    listener.listen(1)
    for _ in range(clients):
        client, _ = listener.accept()
        server = socket.create_connection(("127.0.0.1", server_port))
        up = threading.Thread(target=pump, args=(client, server, ">>"))
        down = threading.Thread(target=pump, args=(server, client, "<<"))
        up.start()
        down.start()
        up.join()
        down.join()
        client.close()
        server.close()
        print("-- connection closed", flush=True)


if __name__ == "__main__":
    main()
