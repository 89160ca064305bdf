#!/usr/bin/env bash
# The MNIST model over the Open Inference Protocol v2, measured side by side in one run: OIP REST
# (POST /v2/models/svcName/infer) and OIP gRPC (ModelInfer), each with [batching] off, on with
# maxBatchDelay MAX_DELAY (1ms) and on with no delay, loaded by `aiges bench` at concurrency 1, 8
# and 64 with fixtures/mnist-oip-request.json (the seed 7 as a 1x1x28x28 FP32 tensor; the same
# JSON body drives both transports, gRPC sends it as raw_input_contents); then ONNX Runtime
# called in-process on the same picture, batch 1 and batch MAX_BATCH, as the ceiling. Loopback only.
#   tools/bench-oip.sh                      8 s per measurement after 2 s of warm-up
#   DURATION=20 LICENCE=2 CONCURRENCY="1 64" tools/bench-oip.sh
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
# shellcheck source=tools/jdk.sh
source tools/jdk.sh
for tool in curl unzip; do
    command -v "$tool" >/dev/null || { echo "bench-oip: needs $tool (apt-get install $tool)" >&2; exit 1; }
done
duration=${DURATION:-8}
licence=${LICENCE:-2}
max_batch=${MAX_BATCH:-32}
delay=${MAX_DELAY:-1ms}
concurrencies=${CONCURRENCY:-1 8 64}
# HTTP on BASE+1..3, gRPC on BASE+11..13; the shared machine runs other benchmarks, so check first.
base=${BASE_PORT:-18960}
for port in $((base + 1)) $((base + 2)) $((base + 3)) $((base + 11)) $((base + 12)) $((base + 13)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "bench-oip: port $port is taken; pick free ones with BASE_PORT" >&2; exit 1
    fi
done

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
body="$root/fixtures/mnist-oip-request.json"

# Each mode is one server. The service svcName is also OIP model svcName.
serve() { # name http-port grpc-port batching-section
    cat > "$work/$1.toml" <<TOML
[svcName]
host = "127.0.0.1"
port = $3
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
$4
TOML
    # exec: $! must be the JVM itself, or the trap kills only a subshell and leaves the server running.
    (cd "$work" && exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g -cp "$lib" io.aiges.cli.Main \
        -m 0 -c "$1.toml" -s svcName >"$work/$1.log" 2>&1) & pids+=($!)
}
batching() { printf '[batching]\nmaxBatchSize = %s\nmaxBatchDelay = "%s"\nqueueSize = 1000' "$max_batch" "$1"; }
serve off $((base + 1)) $((base + 11)) ""
serve on $((base + 2)) $((base + 12)) "$(batching "$delay")"
serve on-0 $((base + 3)) $((base + 13)) "$(batching 0us)"
for port in $((base + 1)) $((base + 2)) $((base + 3)); do
    for _ in $(seq 150); do curl -s -o /dev/null "http://127.0.0.1:$port/v2/health/ready" && break; sleep 0.2; done
done

load() { # url concurrency -> one line of JSON
    java_run -cp "$lib" io.aiges.cli.Main bench --json --body "$body" -c "$2" -d "${duration}s" --warmup 2s "$1"
}
echo "MNIST over OIP v2, licence $licence; batching on: maxBatchSize $max_batch, maxBatchDelay $delay (on) or 0 (on-0);" \
     "aiges bench ${duration}s after 2s warm-up; $(nproc) cores; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
printf '%-9s %-6s %6s %12s %9s %9s %7s\n' protocol batch conc "req/s" "p50 ms" "p99 ms" errors
for c in $concurrencies; do
    for protocol in rest grpc; do
        for mode in off on on-0; do
            n=$(case $mode in off) echo 1 ;; on) echo 2 ;; *) echo 3 ;; esac)
            url=$(if [ "$protocol" = rest ]; then echo "http://127.0.0.1:$((base + n))/v2/models/svcName/infer";
                  else echo "oip+grpc://127.0.0.1:$((base + 10 + n))/svcName"; fi)
            load "$url" "$c" | /usr/bin/python3 -c '
import json, sys
r = json.loads(sys.stdin.read())
print("%-9s %-6s %6d %12.0f %9.2f %9.2f %7d %s" % (sys.argv[1], sys.argv[2], r["concurrency"], r["throughput"],
      r["latencyMs"]["p50"], r["latencyMs"]["p99"], sum(r["errors"].values()), r["errors"] or ""))' "$protocol" "$mode"
        done
    done
done
for port in $((base + 2)) $((base + 3)); do
    curl -s "http://127.0.0.1:$port/metrics" | grep -E '^aiges_batch(es|ed_requests)_total' | sed "s/^/  :$port /" || true
done
for batch in 1 "$max_batch"; do
    java_run -cp "$cp" io.aiges.bench.OrtInProcess "$work/mnist.onnx" fixtures/mnist-seed-digit7.png "$licence" "$batch" "$duration"
done
