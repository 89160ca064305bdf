#!/usr/bin/env bash
# Start-up time to the first answered request: from launching the JVM to the first successful
# POST /v1/svcName, for the MNIST demo (ONNX Runtime + the embedded model) and for a do-nothing
# Java engine, each without and with the start-up cache of ./aiges (JDK AOT cache). RUNS launches
# each (default 5); prints the fastest and the median in ms.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
# shellcheck source=tools/jdk.sh
source tools/jdk.sh
runs=${RUNS:-5}

./mvnw -q -B -DskipTests -DskipITs -pl cli,bench -am install >&2
./mvnw -q -B -DskipTests -DskipITs -pl cli package >&2
lib="$root/cli/target/dist/lib/*"
bench_jar=$(ls "$root"/bench/target/aiges-bench-*.jar)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java_run() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g "$@"; }

(cd "$work" && java_run -cp "$lib" io.aiges.cli.Main -init >/dev/null)
sed -e 's|^form = .*|form = "java"|' -e "s|^jar = .*|jar = \"$bench_jar\"|" \
    -e 's|^class = .*|class = "io.aiges.bench.BenchEchoEngine"|' -e 's|^file = .*|file = ""|' \
    -e 's|^port = 5090 .*|port = 0|' -e 's|^http_listen = .*|http_listen = "127.0.0.1:18911"|' \
    "$work/aiges.toml" > "$work/echo.toml"
small='{"header": {"appid": "1", "status": 3}, "parameter": {"svcName": {}}, "payload": {"data": {"encoding": "raw", "status": 3, "text": "aGk="}}}'

first_answer_ms() { # port body-file command... -> ms from launch to the first HTTP 200 on POST /v1/svcName
    local port=$1 body=$2; shift 2
    local start pid
    start=$(date +%s%N)
    (cd "$work" && exec "$@" >"$work/run.log" 2>&1) & pid=$!
    until [[ $(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'content-type: application/json' \
            --data-binary "@$body" "http://127.0.0.1:$port/v1/svcName" 2>/dev/null) == 200 ]]; do
        kill -0 "$pid" 2>/dev/null || { echo "bench-startup: the server exited; see below" >&2; cat "$work/run.log" >&2; exit 1; }
        sleep 0.01
    done
    echo $(( ($(date +%s%N) - start) / 1000000 ))
    kill "$pid"; wait "$pid" 2>/dev/null || true
}
summary() { sort -n | awk '{v[NR]=$1} END {printf "fastest %5d ms   median %5d ms   (%d runs)\n", v[1], v[int((NR+1)/2)], NR}'; }

printf '%s' "$small" > "$work/small.json"
echo "start-up to the first answered request, $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
printf '  %-34s ' "MNIST demo (seed request)"
for _ in $(seq "$runs"); do
    first_answer_ms 18912 "$root/fixtures/mnist-seed-request.json" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
        -Xmx1g -cp "$lib" io.aiges.cli.Main demo --port 18912 --grpc-port 0
done | summary
printf '  %-34s ' "do-nothing Java engine"
for _ in $(seq "$runs"); do
    first_answer_ms 18911 "$work/small.json" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g \
        -cp "$lib" io.aiges.cli.Main -m 0 -c echo.toml -s svcName
done | summary
# The same with the ahead-of-time cache the ./aiges launcher records on its first server run
# (JDK 25, JEP 483/514): one recording run (not timed), then RUNS runs that map the cache.
with_cache() { # label port body cache-file command-args... (after the JVM options)
    local label=$1 port=$2 body=$3 cache=$4; shift 4
    local jvm=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g -Xlog:aot*=off)
    first_answer_ms "$port" "$body" "${jvm[@]}" -XX:AOTCacheOutput="$cache" -cp "$lib" "$@" >/dev/null
    printf '  %-34s ' "$label"
    for _ in $(seq "$runs"); do
        first_answer_ms "$port" "$body" "${jvm[@]}" -XX:AOTCache="$cache" -cp "$lib" "$@"
    done | summary
}
with_cache "MNIST demo, AOT cache" 18912 "$root/fixtures/mnist-seed-request.json" "$work/demo.aot" \
    io.aiges.cli.Main demo --port 18912 --grpc-port 0
with_cache "do-nothing Java engine, AOT cache" 18911 "$work/small.json" "$work/echo.aot" \
    io.aiges.cli.Main -m 0 -c echo.toml -s svcName
