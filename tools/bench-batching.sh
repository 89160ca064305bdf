#!/usr/bin/env bash
# Dynamic batching, measured side by side in one run: the MNIST model (input FP32 [N,1,28,28])
# served over HTTP POST /v1/svcName with [batching] off, on with maxBatchDelay MAX_DELAY (2ms),
# and on with no delay (batches are whatever queued while the instances were busy), loaded by
# `aiges bench` at concurrency 1, 8 and 64 with the seed digit as a tensor; then ONNX Runtime
# called in-process on the same picture, batch 1 and batch MAX_BATCH, as the ceiling (with its
# CPU time per picture, which a busy machine does not inflate); last, the engine core alone
# (Service.once, no HTTP) on an engine whose call costs 2 ms for one request or a batch, as an
# accelerator's does. Loopback only.
#   tools/bench-batching.sh                 8 s per measurement after 2 s of warm-up
#   DURATION=20 LICENCE=2 tools/bench-batching.sh
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
# shellcheck source=tools/jdk.sh
source tools/jdk.sh
for tool in curl unzip; do
    command -v "$tool" >/dev/null || { echo "bench-batching: needs $tool (apt-get install $tool)" >&2; exit 1; }
done
duration=${DURATION:-8}
licence=${LICENCE:-2}
max_batch=${MAX_BATCH:-32}
delay=${MAX_DELAY:-2ms}
concurrencies=${CONCURRENCY:-1 8 64}

# package, never install: the distribution in cli/target/dist and the bench classes are all we need.
./mvnw -q -B -DskipTests -pl cli,bench -am package >&2
lib="$root/cli/target/dist/lib/*"
cp="$root/bench/target/classes:$lib"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
java_run() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g "$@"; }

unzip -p "$root"/cli/target/dist/lib/aiges-demo-*.jar io/aiges/demo/mnist/mnist-cnn.onnx > "$work/mnist.onnx"
java_run -cp "$cp" io.aiges.bench.SeedTensorBody fixtures/mnist-seed-digit7.png "$work/body.json"

serve() { # name port batching-section
    cat > "$work/$1.toml" <<TOML
[svcName]
port = 0
[engine]
form = "onnx"
model = "mnist.onnx"
[wrapper]
http_listen = "127.0.0.1:$2"
[fc]
max = $licence
queue = 1000
[log]
level = "warn"
file = ""
$3
TOML
    (cd "$work" && exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g -cp "$lib" io.aiges.cli.Main -m 0 -c "$1.toml" -s svcName >"$work/$1.log" 2>&1) & pids+=($!)
}
batching() { printf '[batching]\nmaxBatchSize = %s\nmaxBatchDelay = "%s"\nqueueSize = 1000' "$max_batch" "$1"; }
serve off 18921 ""
serve on 18922 "$(batching "$delay")"
serve on-0 18923 "$(batching 0us)"
for port in 18921 18922 18923; do
    for _ in $(seq 150); do curl -s -o /dev/null "http://127.0.0.1:$port/ping" && break; sleep 0.2; done
done

load() { # port concurrency -> one line of JSON
    java_run -cp "$lib" io.aiges.cli.Main bench --json --body "$work/body.json" -c "$2" -d "${duration}s" --warmup 2s \
        "http://127.0.0.1:$1/v1/svcName"
}
echo "MNIST tensor over HTTP, licence $licence; batching on: maxBatchSize $max_batch, maxBatchDelay $delay (on) or 0 (on-0);" \
     "aiges bench ${duration}s after 2s warm-up; $(nproc) cores; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
printf '%-12s %6s %12s %9s %9s %7s\n' batching conc "req/s" "p50 ms" "p99 ms" errors
for c in $concurrencies; do
    for mode in off on on-0; do
        port=$(case $mode in off) echo 18921 ;; on) echo 18922 ;; *) echo 18923 ;; esac)
        load "$port" "$c" | /usr/bin/python3 -c '
import json, sys
r = json.loads(sys.stdin.read())
print("%-12s %6d %12.0f %9.2f %9.2f %7d" % (sys.argv[1], r["concurrency"], r["throughput"], r["latencyMs"]["p50"],
      r["latencyMs"]["p99"], sum(r["errors"].values())))' "$mode"
    done
done
for port in 18922 18923; do
    curl -s "http://127.0.0.1:$port/metrics" | grep -E '^aiges_batch(es|ed_requests)_total' | sed "s/^/  :$port /" || true
done
for batch in 1 "$max_batch"; do
    java_run -cp "$cp" io.aiges.bench.OrtInProcess "$work/mnist.onnx" fixtures/mnist-seed-digit7.png "$licence" "$batch" "$duration"
done
java_run -cp "$cp" io.aiges.bench.BatchingCoreLoad 2000 "$licence" "$duration" $concurrencies 2>/dev/null
