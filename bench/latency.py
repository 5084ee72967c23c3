#!/usr/bin/env python3
"""Sequential GETs of each path on one keep-alive connection; prints p50, p99 and max in
milliseconds, and checks every answer is a 200. Usage: latency.py BASE REQUESTS PATH..."""
import http.client
import sys
import time
import urllib.parse

base, n, paths = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
u = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(u.hostname, u.port)
for path in paths:
    times = []
    for i in range(n + 50):
        t = time.perf_counter()
        conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
        r = conn.getresponse()
        body = r.read()
        dt = (time.perf_counter() - t) * 1000
        assert r.status == 200, (path, r.status, body[:200])
        if i >= 50:  # the first 50 warm up
            times.append(dt)
    times.sort()
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    print(f"{path}: n={n} p50={p(0.5):.2f} ms p99={p(0.99):.2f} ms max={times[-1]:.2f} ms ({len(body)} bytes)")
