#!/usr/bin/env python3
"""Open COUNT TLS connections to a fapiao server, hold them idle, and print
the server's VmRSS before and after as JSON.

    idle_connections.py HOST PORT CA_PEM COUNT SERVER_PID [HOLD_SECONDS]
"""
import json
import socket
import ssl
import sys
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def main():
    if len(sys.argv) not in (6, 7):
        sys.exit(__doc__)
    host, port, ca, count, pid = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    hold = float(sys.argv[6]) if len(sys.argv) == 7 else 3.0
    context = ssl.create_default_context(cafile=ca)
    context.set_alpn_protocols(["fapiao/1"])
    before = rss_kib(pid)
    connections = []
    started = time.monotonic()
    for _ in range(count):
        raw = socket.create_connection((host, port), timeout=30)
        connections.append(context.wrap_socket(raw, server_hostname=host))
    opened = time.monotonic() - started
    time.sleep(hold)
    after = rss_kib(pid)
    alive = 0
    for connection in connections:
        connection.setblocking(False)
        try:
            alive += 1 if connection.recv(1) else 0
        except (ssl.SSLWantReadError, BlockingIOError):
            alive += 1
        except OSError:
            pass
    for connection in connections:
        connection.close()
    print(json.dumps({
        "connections": count, "still_open": alive, "open_seconds": round(opened, 3),
        "rss_before_kib": before, "rss_after_kib": after,
        "kib_per_connection": round((after - before) / count, 3)}))


if __name__ == "__main__":
    main()
