#!/usr/bin/env bash
# End-to-end HTTP benchmark, measured side by side in one run with wrk (Debian package `wrk`),
# at each concurrency in CONCURRENCY (default "1 8 64"):
#   1. aiges serving a do-nothing Java engine that runs inline on the event loop
#   2. the same engine handed to an engine thread and back (every engine that may block)
#   3. a bare Vert.x handler that parses the same JSON and answers the same bytes (the baseline)
#   4. aiges serving the seed MNIST request (the whole demo: HTTP, base64, PNG, preprocessing, ONNX)
# then the demo engine called in-process on the same picture (no HTTP, JSON or base64) from as
# many threads as requests in flight (up to one per core), and the served MNIST throughput as a
# share of it at each concurrency.
# Loopback only; each point is bounded by DURATION seconds (default 8) after a 2 s warm-up.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
# shellcheck source=tools/jdk.sh
source tools/jdk.sh
command -v wrk >/dev/null || { echo "bench-http: needs wrk (apt-get install wrk)" >&2; exit 1; }
duration=${DURATION:-8}
concurrency=${CONCURRENCY:-1 8 64}

./mvnw -q -B -DskipTests -DskipITs -pl cli,bench -am install >&2
./mvnw -q -B -DskipTests -DskipITs -pl cli package >&2
lib="$root/cli/target/dist/lib/*"
bench_jar=$(ls "$root"/bench/target/aiges-bench-*.jar)
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g)
java_run() { "${java[@]}" "$@"; }

# Ports: aiges inline echo 18901, MNIST demo 18902, bare Vert.x 18903, aiges handed-over echo 18904.
(cd "$work" && java_run -cp "$lib" io.aiges.cli.Main -init >/dev/null)
echo_config() { # port -> aiges.toml serving BenchEchoEngine with licence 64 (never the bottleneck)
    sed -e 's|^form = .*|form = "java"|' -e "s|^jar = .*|jar = \"$bench_jar\"|" \
        -e 's|^class = .*|class = "io.aiges.bench.BenchEchoEngine"|' -e 's|^max = .*|max = 64|' \
        -e 's|^file = .*|file = ""|' -e 's|^port = 5090 .*|port = 0|' \
        -e "s|^http_listen = .*|http_listen = \"127.0.0.1:$1\"|" "$work/aiges.toml"
}
echo_config 18901 > "$work/inline.toml"
echo_config 18904 > "$work/handover.toml"
# exec: the recorded pid is the server's own, so the clean-up stops the server, not just a subshell.
(cd "$work" && exec "${java[@]}" -cp "$lib" io.aiges.cli.Main -m 0 -c inline.toml -s svcName >"$work/inline.log" 2>&1) & pids+=($!)
(cd "$work" && exec "${java[@]}" -Daiges.bench.inline=false -cp "$lib" io.aiges.cli.Main -m 0 -c handover.toml \
    -s svcName >"$work/handover.log" 2>&1) & pids+=($!)
(cd "$work" && exec "${java[@]}" -cp "$lib" io.aiges.cli.Main demo --port 18902 --grpc-port 0 >"$work/demo.log" 2>&1) & pids+=($!)
(exec "${java[@]}" -cp "$lib:$bench_jar" io.aiges.bench.BareVertxServer 18903 >"$work/bare.log" 2>&1) & pids+=($!)
for port in 18901 18902 18903 18904; do
    for _ in $(seq 150); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
done

small='{"header": {"appid": "123456", "status": 3}, "parameter": {"svcName": {"result": {"encoding": "utf8", "data_type": "text"}}}, "payload": {"data": {"encoding": "raw", "status": 3, "text": "aGVsbG8gd29ybGQ="}}}'
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[%s]]\n' "$small" > "$work/small.lua"
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nlocal f = io.open("%s")\nwrk.body = f:read("*a")\nf:close()\n' \
    "$root/fixtures/mnist-seed-request.json" > "$work/seed.lua"

measure() { # connections url script -> "req/s p50 p99" (latencies as wrk prints them)
    local threads=$(( $1 < 2 ? 1 : 2 ))
    wrk -t"$threads" -c"$1" -d2s -s "$3" "$2" >/dev/null
    wrk -t"$threads" -c"$1" -d"${duration}s" --latency -s "$3" "$2" |
        awk '/Requests\/sec/ {rps=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} END {print rps, p50, p99}'
}
echo "wrk, ${duration}s per point, loopback, $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
printf '%-4s | %-26s | %-26s | %-26s | %-13s | %-13s | %s\n' "c" "aiges inline (req/s p50 p99)" \
    "aiges handed over" "bare Vert.x" "inline / bare" "handed / bare" "MNIST seed request"
seed_rates=()
for c in $concurrency; do
    read -r inline_rps inline_p50 inline_p99 < <(measure "$c" http://127.0.0.1:18901/v1/svcName "$work/small.lua")
    read -r bare_rps bare_p50 bare_p99 < <(measure "$c" http://127.0.0.1:18903/v1/svcName "$work/small.lua")
    read -r hand_rps hand_p50 hand_p99 < <(measure "$c" http://127.0.0.1:18904/v1/svcName "$work/small.lua")
    read -r seed_rps seed_p50 seed_p99 < <(measure "$c" http://127.0.0.1:18902/v1/svcName "$work/seed.lua")
    printf '%-4s | %8.0f %8s %8s | %8.0f %8s %8s | %8.0f %8s %8s | %13.2f | %13.2f | %6.0f %8s %8s\n' "$c" \
        "$inline_rps" "$inline_p50" "$inline_p99" "$hand_rps" "$hand_p50" "$hand_p99" "$bare_rps" "$bare_p50" "$bare_p99" \
        "$(awk -v a="$inline_rps" -v b="$bare_rps" 'BEGIN {print a / b}')" \
        "$(awk -v a="$hand_rps" -v b="$bare_rps" 'BEGIN {print a / b}')" "$seed_rps" "$seed_p50" "$seed_p99"
    seed_rates+=("$c:$seed_rps")
done
# The servers stop first: the in-process baseline gets the machine to itself, as each server had.
cleanup
trap - EXIT
# As many threads as requests in flight, up to one per core (more would only queue for the cores).
declare -A in_rate
for point in "${seed_rates[@]}"; do
    c=${point%%:*}
    threads=$(( c < $(nproc) ? c : $(nproc) ))
    if [ -z "${in_rate[$threads]:-}" ]; then
        line=$(java_run -cp "$lib:$bench_jar" io.aiges.bench.DemoInProcess "$root/fixtures/mnist-seed-digit7.png" \
            "$threads" "$duration")
        echo "$line"
        in_rate[$threads]=$(echo "$line" | awk '{for (i = 1; i <= NF; i++) if ($i == "answers/s,") print $(i - 1)}')
    fi
    printf 'MNIST seed request served at concurrency %s: %s req/s = %.2f of the demo engine in-process on %s threads\n' \
        "$c" "${point#*:}" "$(awk -v a="${point#*:}" -v b="${in_rate[$threads]}" 'BEGIN {print a / b}')" "$threads"
done
