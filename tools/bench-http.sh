#!/usr/bin/env bash
# End-to-end HTTP benchmark, measured side by side in one run with wrk (Debian package `wrk`):
#   1. aiges serving a do-nothing Java engine  vs  a bare Vert.x handler that parses the same JSON
#   2. aiges serving the seed MNIST request (the whole demo: HTTP, base64, PNG, preprocessing, ONNX)
# Loopback only; each measurement is bounded by DURATION seconds (default 10).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
# shellcheck source=tools/jdk.sh
source tools/jdk.sh
command -v wrk >/dev/null || { echo "bench-http: needs wrk (apt-get install wrk)" >&2; exit 1; }
duration=${DURATION:-10}
connections=${CONNECTIONS:-8}

./mvnw -q -B -DskipTests -pl cli,bench -am install >&2
./mvnw -q -B -DskipTests -pl cli package >&2
lib="$root/cli/target/dist/lib/*"
bench_jar=$(ls "$root"/bench/target/aiges-bench-*.jar)
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

java_run() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g "$@"; }

# aiges on the echo engine, port 18901; the MNIST demo, port 18902; bare Vert.x, port 18903.
(cd "$work" && java_run -cp "$lib" io.aiges.cli.Main -init >/dev/null)
sed -e 's|^form = .*|form = "java"|' -e "s|^jar = .*|jar = \"$bench_jar\"|" \
    -e 's|^class = .*|class = "io.aiges.bench.BenchEchoEngine"|' -e 's|^max = .*|max = 8|' \
    -e 's|^http_listen = .*|http_listen = "127.0.0.1:18901"|' "$work/aiges.toml" > "$work/echo.toml"
(cd "$work" && java_run -cp "$lib" io.aiges.cli.Main -m 0 -c echo.toml -s svcName >"$work/echo.log" 2>&1) & pids+=($!)
(cd "$work" && java_run -cp "$lib" io.aiges.cli.Main demo --port 18902 >"$work/demo.log" 2>&1) & pids+=($!)
java_run -cp "$lib:$bench_jar" io.aiges.bench.BareVertxServer 18903 >"$work/bare.log" 2>&1 & pids+=($!)
for port in 18901 18902 18903; do
    for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
done

small='{"header": {"appid": "123456", "status": 3}, "parameter": {"svcName": {"result": {"encoding": "utf8", "data_type": "text"}}}, "payload": {"data": {"encoding": "raw", "status": 3, "text": "aGVsbG8gd29ybGQ="}}}'
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[%s]]\n' "$small" > "$work/small.lua"
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nlocal f = io.open("%s")\nwrk.body = f:read("*a")\nf:close()\n' \
    "$root/fixtures/mnist-seed-request.json" > "$work/seed.lua"

rate() { # url script -> requests per second (after a short warm-up)
    wrk -t2 -c"$connections" -d3s -s "$2" "$1" >/dev/null
    wrk -t2 -c"$connections" -d"${duration}s" -s "$2" "$1" | awk '/Requests\/sec/ {print $2}'
}
echo "wrk -t2 -c$connections -d${duration}s, loopback, $(nproc) cores, JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
aiges=$(rate http://127.0.0.1:18901/v1/svcName "$work/small.lua")
bare=$(rate http://127.0.0.1:18903/v1/svcName "$work/small.lua")
seed=$(rate http://127.0.0.1:18902/v1/svcName "$work/seed.lua")
printf '  aiges, do-nothing Java engine   %10.0f req/s\n' "$aiges"
printf '  bare Vert.x, same JSON          %10.0f req/s\n' "$bare"
printf '  ratio aiges / bare              %10.2f\n' "$(awk -v a="$aiges" -v b="$bare" 'BEGIN {print a / b}')"
printf '  aiges, MNIST seed request       %10.0f req/s\n' "$seed"
