#!/usr/bin/env bash
# Dynamic batching, measured side by side in one run: the MNIST model (input FP32 [N,1,28,28])
# served with [batching] off, on with maxBatchDelay MAX_DELAY (2ms), and on with no delay
# (batches are whatever queued while the instances were busy), loaded by `aiges bench` at
# concurrency 1, 8 and 64 with the seed digit as a tensor, over HTTP POST /v1/svcName and over
# OIP REST POST /v2/models/svcName/infer (fixtures/mnist-oip-request.json), each row with its
# ratio to batching off at the same concurrency, measured just before it; then ONNX Runtime
# called in-process on the same picture, batch 1 and batch MAX_BATCH, as the ceiling (with its
# CPU time per picture, which a busy machine does not inflate); last, the engine core alone
# (Service.once, no HTTP) on an engine whose call costs 2 ms for one request or a batch, as an
# accelerator's does. Loopback only.
#   tools/bench-batching.sh                 8 s per measurement after 2 s of warm-up
#   DURATION=20 LICENCE=2 tools/bench-batching.sh
#   DURATION=3 WARMUP=1 tools/bench-batching.sh     about 3 minutes in all on 2 cores
#   CONCURRENCY=8 APIS=v1 tools/bench-batching.sh   one point only
#   DURATION=2 WARMUP=1 ROUNDS=2 tools/bench-batching.sh   each point twice, interleaved (a busy machine)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
# shellcheck source=tools/jdk.sh
source tools/jdk.sh
for tool in curl unzip; do
    command -v "$tool" >/dev/null || { echo "bench-batching: needs $tool (apt-get install $tool)" >&2; exit 1; }
done
duration=${DURATION:-8}
warmup=${WARMUP:-2}
apis=${APIS:-v1 oip}
rounds=${ROUNDS:-1}
licence=${LICENCE:-2}
max_batch=${MAX_BATCH:-32}
delay=${MAX_DELAY:-2ms}
concurrencies=${CONCURRENCY:-1 8 64}
# off, on and on-0 on BASE+1..3; the shared machine runs other benchmarks, so check first.
base=${BASE_PORT:-18920}
for port in $((base + 1)) $((base + 2)) $((base + 3)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "bench-batching: port $port is taken; pick free ones with BASE_PORT" >&2; exit 1
    fi
done

# package, never install: the distribution in cli/target/dist and the bench classes are all we need.
./mvnw -q -B -DskipTests -pl cli,bench -am package >&2
lib="$root/cli/target/dist/lib/*"
cp="$root/bench/target/classes:$lib"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
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
serve off $((base + 1)) ""
serve on $((base + 2)) "$(batching "$delay")"
serve on-0 $((base + 3)) "$(batching 0us)"
for port in $((base + 1)) $((base + 2)) $((base + 3)); do
    for _ in $(seq 150); do curl -s -o /dev/null "http://127.0.0.1:$port/ping" && break; sleep 0.2; done
done

load() { # port path body concurrency -> one line of JSON
    java_run -cp "$lib" io.aiges.cli.Main bench --json --body "$3" -c "$4" -d "${duration}s" --warmup "${warmup}s" \
        "http://127.0.0.1:$1$2"
}
echo "MNIST tensor over HTTP /v1 and OIP REST, licence $licence; batching on: maxBatchSize $max_batch, maxBatchDelay $delay (on)" \
     "or 0 (on-0); aiges bench ${duration}s after ${warmup}s warm-up; $(nproc) cores; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
# Each server once at concurrency 8 on both APIs first, so that none is measured before its JIT has warmed up.
for port in $((base + 1)) $((base + 2)) $((base + 3)); do
    load "$port" /v1/svcName "$work/body.json" 8 > /dev/null
    load "$port" /v2/models/svcName/infer "$root/fixtures/mnist-oip-request.json" 8 > /dev/null
done
printf '%-5s %-6s %5s %9s %8s %8s %6s %8s %8s\n' api batch conc "req/s" "p50 ms" "p99 ms" errors "x req/s" "x p99"
for api in $apis; do
    case $api in
        v1) path=/v1/svcName body="$work/body.json" ;;
        *) path=/v2/models/svcName/infer body="$root/fixtures/mnist-oip-request.json" ;;
    esac
    for c in $concurrencies; do
        # off, on, on-0 in turn, ROUNDS times: a neighbour's build then slows all three alike.
        for round in $(seq "$rounds"); do
            for mode in off on on-0; do
                port=$(case $mode in off) echo $((base + 1)) ;; on) echo $((base + 2)) ;; *) echo $((base + 3)) ;; esac)
                load "$port" "$path" "$body" "$c" > "$work/$mode.$round.json"
            done
        done
        for mode in off on on-0; do
            /usr/bin/python3 -c '
import glob, json, sys
api, mode, work, c = sys.argv[1:]
def runs(m):
    return [json.load(open(p)) for p in sorted(glob.glob(work + "/" + m + ".*.json"))]
def mean(m, f):
    return sum(f(r) for r in runs(m)) / len(runs(m))
rate, p50, p99 = (lambda r: r["throughput"]), (lambda r: r["latencyMs"]["p50"]), (lambda r: r["latencyMs"]["p99"])
errors = sum(sum(r["errors"].values()) for r in runs(mode))
print("%-5s %-6s %5s %9.0f %8.2f %8.2f %6d %8.2f %8.2f" % (api, mode, c, mean(mode, rate), mean(mode, p50),
      mean(mode, p99), errors, mean(mode, rate) / mean("off", rate), mean(mode, p99) / mean("off", p99)))' "$api" "$mode" "$work" "$c"
        done
        rm -f "$work"/*.[0-9]*.json
    done
done
echo "(means over $rounds rounds of off, on, on-0 in turn; x req/s, x p99: against batching off at the same concurrency)"
for port in $((base + 2)) $((base + 3)); do
    curl -s "http://127.0.0.1:$port/metrics" | grep -E '^aiges_batch(es|ed_requests)_total' | sed "s/^/  :$port /" || true
done
for batch in 1 "$max_batch"; do
    java_run -cp "$cp" io.aiges.bench.OrtInProcess "$work/mnist.onnx" fixtures/mnist-seed-digit7.png "$licence" "$batch" "$duration"
done
java_run -cp "$cp" io.aiges.bench.BatchingCoreLoad 2000 "$licence" "$duration" $concurrencies 2>/dev/null
