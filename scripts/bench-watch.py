#!/usr/bin/env python3
"""Edit one page under a running `porth serve --watch`; time from the save until the new title
is served (figures for BENCHMARKS.md). The file is put back afterwards.
usage: watch-lat.py BASE_URL FILE URL_PATH [ROUNDS]"""
import sys, time, urllib.request, re
base, f, path = sys.argv[1:4]; rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
src = open(f, encoding="utf-8").read()
m = re.search(r'^title = "(.*)"$', src, re.M)
for r in range(rounds):
    new = f"{m.group(1)} {r}{time.time_ns() % 1000}"
    t0 = time.perf_counter()
    open(f, "w", encoding="utf-8").write(src.replace(m.group(0), f'title = "{new}"', 1))
    while True:
        html = urllib.request.urlopen(base + path).read().decode()
        if new in html: break
        time.sleep(0.005)
    print(f"round {r}: {1000 * (time.perf_counter() - t0):.0f} ms from save to the new page served")
    time.sleep(1)
open(f, "w", encoding="utf-8").write(src)
