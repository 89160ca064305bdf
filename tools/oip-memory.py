#!/usr/bin/env python3
"""The resident memory of a running aiges server under large and damaged OIP requests.

Sends to POST /v2/models/MODEL/infer (binary tensor data, so big bodies cost the client little)
and reads VmRSS of the server's process from /proc/PID/status:
  big:  one request of batch BATCH ([BATCH,1,28,28] FP32), then RSS every second for 10 s;
        then one of batch OVER, which must be refused (400), and RSS again.
  fuzz: N requests, seeded mutations of the valid body: shapes of 1..BATCH rows (sometimes
        more, or overflowing), other datatypes, bytes cut, added or changed; RSS every 1000.

  tools/oip-memory.py --pid 1234 --port 18990 big --batch 256 --over 10000
  tools/oip-memory.py --pid 1234 --port 18990 fuzz -n 20000 --seed 7
Standard library only; the answers' statuses are counted, never checked beyond that.
"""
import argparse
import http.client
import json
import random
import struct
import time
from collections import Counter

ROW = 28 * 28
DATATYPES = ["FP32"] * 12 + ["FP64", "INT64", "INT32", "UINT8", "BOOL", "BYTES", "FP16", "NOPE"]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise SystemExit(f"no VmRSS for process {pid}")


def body(shape, datatype, data, parameters=None):
    """A binary-data OIP request: the JSON header, then the raw tensor bytes."""
    tensor = {"name": "input", "shape": shape, "datatype": datatype,
              "parameters": {"binary_data_size": len(data)}}
    if parameters is not None:
        tensor["parameters"] = parameters
    header = json.dumps({"inputs": [tensor]}).encode()
    return header, header + data


def post(conn, model, header, payload):
    conn.request("POST", f"/v2/models/{model}/infer", body=payload,
                 headers={"Inference-Header-Content-Length": str(len(header)),
                          "Content-Type": "application/octet-stream"})
    answer = conn.getresponse()
    text = answer.read()
    return answer.status, text


def picture_rows(rows):
    return struct.pack("<f", 0.5) * (ROW * rows)


def big(args):
    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=600)
    before = rss_mb(args.pid)
    print(f"RSS before: {before:.0f} MB")
    header, payload = body([args.batch, 1, 28, 28], "FP32", picture_rows(args.batch))
    start = time.monotonic()
    status, _ = post(conn, args.model, header, payload)
    print(f"batch {args.batch}: HTTP {status} in {time.monotonic() - start:.2f} s, RSS {rss_mb(args.pid):.0f} MB")
    for second in range(1, 11):
        time.sleep(1)
        print(f"  +{second:2d} s: RSS {rss_mb(args.pid):.0f} MB")
    if args.over:
        header, payload = body([args.over, 1, 28, 28], "FP32", picture_rows(args.over))
        start = time.monotonic()
        status, text = post(conn, args.model, header, payload)
        print(f"batch {args.over}: HTTP {status} in {time.monotonic() - start:.2f} s {text[:160]!r}")
        time.sleep(2)
        print(f"  +2 s: RSS {rss_mb(args.pid):.0f} MB")
    print(f"RSS after: {rss_mb(args.pid):.0f} MB (before: {before:.0f} MB)")


def mutated(rng, batch):
    """One damaged or odd but plausible request."""
    rows = rng.randint(1, batch)
    shape = [rows, 1, 28, 28]
    roll = rng.random()
    if roll < 0.05:
        shape = [rng.choice([batch + 1, 4 * batch, 2147483647]), 1, 28, 28]
    elif roll < 0.08:
        shape = [2147483647, 2147483647]
    elif roll < 0.12:
        shape = [rows, rng.randint(0, 3), 28, 28]
    elif roll < 0.15:
        shape = [rows * ROW]
    datatype = rng.choice(DATATYPES)
    size = {"FP64": 8, "INT64": 8, "INT32": 4, "FP32": 4, "UINT8": 1, "BOOL": 1, "FP16": 2}.get(datatype, 4)
    # Rows for the shape's first dimension where that is sendable (an over-limit batch that would run).
    sent = shape[0] if shape[0] <= 4 * batch and len(shape) == 4 else rows
    data = bytearray(rng.randbytes(sent * ROW * size)) if rng.random() < 0.5 \
        else bytearray(struct.pack("<f", 0.5) * (sent * ROW * size // 4))
    damage = rng.random()
    if damage < 0.1 and data:
        del data[rng.randrange(len(data)):]
    elif damage < 0.2:
        data += rng.randbytes(rng.randint(1, 64))
    elif damage < 0.3 and data:
        for _ in range(8):
            data[rng.randrange(len(data))] = rng.randrange(256)
    header, payload = body(shape, datatype, bytes(data))
    if rng.random() < 0.05:
        cut = rng.randrange(len(header))
        payload = payload[:cut] + bytes([rng.randrange(256)]) + payload[cut + 1:]
    return header, payload


def fuzz(args):
    rng = random.Random(args.seed)
    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=120)
    statuses = Counter()
    print(f"RSS before: {rss_mb(args.pid):.0f} MB")
    start = time.monotonic()
    peak = 0
    for i in range(1, args.requests + 1):
        header, payload = mutated(rng, args.batch)
        try:
            status, _ = post(conn, args.model, header, payload)
        except (http.client.HTTPException, OSError):
            status = "closed"
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=120)
        statuses[status] += 1
        if i % 1000 == 0:
            rss = rss_mb(args.pid)
            peak = max(peak, rss)
            print(f"{i:6d} requests, {time.monotonic() - start:6.1f} s: RSS {rss:.0f} MB {dict(statuses)}", flush=True)
    print(f"RSS after: {rss_mb(args.pid):.0f} MB, highest seen {peak:.0f} MB; statuses {dict(statuses)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pid", type=int, required=True, help="the server's process id")
    parser.add_argument("--port", type=int, required=True, help="its HTTP port")
    parser.add_argument("--model", default="mnist")
    sub = parser.add_subparsers(dest="mode", required=True)
    b = sub.add_parser("big")
    b.add_argument("--batch", type=int, default=256)
    b.add_argument("--over", type=int, default=0, help="then a request of this batch, which should be refused")
    f = sub.add_parser("fuzz")
    f.add_argument("-n", "--requests", type=int, default=20000)
    f.add_argument("--seed", type=int, default=7)
    f.add_argument("--batch", type=int, default=256, help="the largest batch a valid request has")
    args = parser.parse_args()
    big(args) if args.mode == "big" else fuzz(args)


if __name__ == "__main__":
    main()
