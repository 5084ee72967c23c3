#!/usr/bin/env python3
"""Query latency of `porth serve`'s search over HTTP (sequential, one keep-alive connection), p50/p99.
QUERIES_FILE is `lang | query | …` lines, e.g. tests/search/relevance.txt. Figures for BENCHMARKS.md.
usage: bench-search.py BASE_URL QUERIES_FILE [ROUNDS]"""
import http.client, sys, time, urllib.parse, statistics
base, qfile = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
host = urllib.parse.urlparse(base).netloc
queries = []
for line in open(qfile, encoding="utf-8"):
    if line.startswith("#") or "|" not in line: continue
    lang, q = [p.strip() for p in line.split("|")[:2]]
    queries.append((lang, q))
conn = http.client.HTTPConnection(host)
times = []
for _ in range(rounds):
    for lang, q in queries:
        path = ("/cy/chwilio/" if lang == "cy" else "/en/search/") + "?q=" + urllib.parse.quote_plus(q)
        t = time.perf_counter()
        conn.request("GET", path)
        r = conn.getresponse(); body = r.read()
        times.append((time.perf_counter() - t) * 1000)
        assert r.status == 200, (r.status, path)
times.sort()
p = lambda x: times[min(len(times) - 1, int(len(times) * x))]
print(f"{len(times)} queries: p50 {p(0.5):.2f} ms, p90 {p(0.9):.2f} ms, p99 {p(0.99):.2f} ms, max {times[-1]:.2f} ms")
