#!/usr/bin/env python3
"""
The benchmark's baseline: the same wrapper.py called in a loop in plain python3 processes on the
same picture, no aiges: PROCESSES processes (one per worker served), each calling
wrapperOnceExec for SECONDS after a warm-up. Prints one JSON line: total calls/s and the p50 ms.
    python3 inprocess.py WRAPPER_DIR PICTURE SECONDS PROCESSES
"""

import json
import multiprocessing
import os
import sys
import time


def run(folder, picture, seconds, out):
    sys.path.insert(0, folder)
    os.chdir(folder)
    from aiges.dto import DataListCls, DataListNode
    import wrapper
    user = wrapper.Wrapper()
    user.wrapperInit({})
    with open(picture, "rb") as f:
        data = f.read()

    def once():
        request = DataListCls()
        node = DataListNode()
        node.key, node.data, node.len, node.type, node.status = "img", data, len(data), 2, 3
        request.list.append(node)
        user.wrapperOnceExec({"sid": "bench"}, request)

    end = time.monotonic() + 1.0
    while time.monotonic() < end:
        once()
    times = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        start = time.perf_counter()
        once()
        times.append(time.perf_counter() - start)
    times.sort()
    out.put((len(times) / seconds, times[len(times) // 2] * 1000))


def main():
    folder, picture, seconds, processes = sys.argv[1], os.path.abspath(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    out = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=run, args=(folder, picture, seconds, out)) for _ in range(processes)]
    for w in workers:
        w.start()
    results = [out.get() for _ in workers]
    for w in workers:
        w.join()
    print(json.dumps({"throughput": sum(r[0] for r in results), "p50": sorted(r[1] for r in results)[len(results) // 2]}))


if __name__ == "__main__":
    main()
