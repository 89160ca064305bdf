#!/usr/bin/env bash
# Streaming benchmark: sessions per second and per-frame latency through WebSocket and gRPC Stream,
# measured side by side in one run with `aiges bench --frames N` against one aiges serving the Java
# example streaming engine (RunningTextEngine, realTimeRlt = true: a result after every frame).
# At each concurrency the two front-ends run one after the other on the same server.
#   FRAMES=10 DURATION=10 CONCURRENCY="1 8 32" tools/bench-stream.sh
# Loopback only.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
# shellcheck source=tools/jdk.sh
source tools/jdk.sh
frames=${FRAMES:-10}
duration=${DURATION:-10}
concurrency=${CONCURRENCY:-1 8 32}
# Two free loopback ports, so another server on this machine is never the one measured.
read -r http_port grpc_port < <(/usr/bin/python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))')

# `package` with the reactor lays out cli/target/dist/lib without installing anything into ~/.m2.
./mvnw -q -B -DskipTests -pl cli -am package >&2
lib="$root/cli/target/dist/lib/*"
work=$(mktemp -d)
pid=""
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
java_run() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g "$@"; }

(cd "$work" && java_run -cp "$lib" io.aiges.cli.Main -init >/dev/null)
sed -e 's|^form = .*|form = "java"|' -e 's|^class = .*|class = "io.aiges.demo.engines.RunningTextEngine"|' \
    -e 's|^realTimeRlt = .*|realTimeRlt = true|' -e 's|^max = .*|max = 64|' \
    -e "s|^port = .*|port = $grpc_port|" -e 's|^host = .*|host = "127.0.0.1"|' \
    -e "s|^http_listen = .*|http_listen = \"127.0.0.1:$http_port\"|" "$work/aiges.toml" > "$work/stream.toml"
# exec: $pid is the server's own, so the trap stops it.
(cd "$work" && exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g -cp "$lib" io.aiges.cli.Main \
    -m 0 -c stream.toml -s svcName >"$work/aiges.out" 2>&1) & pid=$!
for _ in $(seq 150); do
    kill -0 "$pid" 2>/dev/null || { cat "$work/aiges.out" >&2; exit 1; }
    curl -sf -o /dev/null "http://127.0.0.1:$http_port/health/ready" && break
    sleep 0.2
done
curl -sf -o /dev/null "http://127.0.0.1:$http_port/health/ready" || { cat "$work/aiges.out" >&2; exit 1; }

# One request; aiges bench sends it as the session's frames with header.status 0, 1..., 2.
echo '{"header": {"appid": "bench"}, "parameter": {"svcName": {}}, "payload": {"text": {"encoding": "utf8", "text": "aGVsbG8g"}}}' \
    > "$work/frame.json"

# One table row from one summary.
cat > "$work/row.py" <<'PY'
import json, sys
s = json.loads(sys.argv[1])
f, l = s["frameLatencyMs"], s["latencyMs"]
errors = ", ".join("%s: %s" % kv for kv in s["errors"].items()) or "0"
print("| %s | %d | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %s |" % (s["frontend"], s["concurrency"], s["throughput"],
      s["frames"] / s["seconds"], f["p50"], f["p99"], l["p50"], l["p99"], errors))
PY

bench() { # concurrency url [extra args] -> one JSON summary line
    local c=$1 url=$2
    shift 2
    java_run -cp "$lib" io.aiges.cli.Main bench --body "$work/frame.json" --frames "$frames" -c "$c" \
        -d "${duration}s" --warmup 2s --json "$@" "$url"
}

echo "aiges bench --frames $frames -d ${duration}s --warmup 2s, RunningTextEngine, loopback, $(nproc) cores," \
     "JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo
echo "| front-end | concurrency | sessions/s | frames/s | frame p50 ms | frame p99 ms | session p50 ms | session p99 ms | errors |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
for c in $concurrency; do
    for fe in websocket grpc-stream; do
        if [[ $fe == websocket ]]; then
            line=$(bench "$c" "ws://127.0.0.1:$http_port/v1/svcName")
        else
            line=$(bench "$c" "grpc://127.0.0.1:$grpc_port/svcName" --stream)
        fi
        /usr/bin/python3 "$work/row.py" "$line"
    done
done
