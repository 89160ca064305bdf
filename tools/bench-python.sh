#!/usr/bin/env bash
# A PyTorch wrapper.py served by aiges, side by side in one run with the same wrapper called in a
# loop in plain python3 processes on the same picture (bench/python/torch_mnist: PIL decode, a
# LeNet-sized CNN, a log line per call). At concurrency 1 (one worker busy, one process) and at
# concurrency = workers (WORKERS processes): prints requests/s, p50 and served / in-process.
# Needs Debian's python3-torch and python3-pil; loads with wrk (Debian package) where installed, else
# with aiges bench (a JVM of its own, which costs the two cores more per request). Loopback only.
#   tools/bench-python.sh                  10 s per measurement, WORKERS = cores
#   DURATION=20 WORKERS=4 RUNS=3 tools/bench-python.sh   (WARMUP=5 seconds of served load before each)
#   DIST=/elsewhere/cli/target/dist tools/bench-python.sh    serves with another build
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
# shellcheck source=tools/jdk.sh
source tools/jdk.sh
/usr/bin/python3 -c "import torch, PIL" 2>/dev/null || {
    echo "bench-python: needs Debian's python3-torch and python3-pil (apt-get install python3-torch python3-pil)" >&2; exit 1; }
duration=${DURATION:-10}
workers=${WORKERS:-$(nproc)}
port=${PORT:-18951}
picture=$root/fixtures/mnist-seed-digit7.png
wrapper=$root/bench/python/torch_mnist

# DIST=another build's cli/target/dist serves with that build (a before/after comparison).
[ -n "${DIST:-}" ] || ./mvnw -q -B -DskipTests -pl cli -am package >&2
lib="${DIST:-$root/cli/target/dist}/lib/*"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

cat > "$work/aiges.toml" <<TOML
[svcName]
port = 0
[engine]
form = "python"
wrapper = "$wrapper/wrapper.py"
[aiges]
pythonPluginCmd = "/usr/bin/python3"
[wrapper]
http_listen = "127.0.0.1:$port"
[fc]
max = $workers
queue = 1000
[log]
level = "warn"
file = ""
TOML
(cd "$work" && exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g -cp "$lib" io.aiges.cli.Main \
    -m 0 -c aiges.toml -s svcName >"$work/serve.log" 2>&1) & pids+=($!)
# -f: a 503 (still starting) is not ready; the port answers long before the workers are up.
ready=false
for _ in $(seq 600); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && { ready=true; break; }; sleep 0.2; done
$ready || { echo "bench-python: the service did not get ready; its log:" >&2; cat "$work/serve.log" >&2; exit 1; }
/usr/bin/python3 - "$picture" "$work/body.json" <<'PY'
import base64, json, sys
picture = open(sys.argv[1], "rb").read()
json.dump({"header": {"appid": "bench", "status": 3}, "parameter": {"svcName": {}},
           "payload": {"img": {"encoding": "png", "status": 3, "image": base64.b64encode(picture).decode()}}},
          open(sys.argv[2], "w"))
PY
client=$(command -v wrk >/dev/null && echo wrk || echo "aiges bench")
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nlocal f = io.open("%s")\nwrk.body = f:read("*a")\nf:close()\n' \
    "$work/body.json" > "$work/body.lua"
answer=$(curl -sf -XPOST --data-binary @"$work/body.json" "http://127.0.0.1:$port/v1/svcName")
case "$answer" in *'"code":0'*) ;; *) echo "bench-python: the served wrapper answered $answer" >&2; exit 1 ;; esac

served() { # concurrency -> "req/s p50 errors"
    if [ "$client" = wrk ]; then
        # wrk (C, a few microseconds per request) leaves the cores to the server and the workers;
        # the answers were checked once above, and wrk counts what is not a 200.
        local threads=$(( $1 < 2 ? 1 : 2 ))
        wrk -t"$threads" -c"$1" -d"${WARMUP:-5}s" -s "$work/body.lua" "http://127.0.0.1:$port/v1/svcName" >/dev/null
        wrk -t"$threads" -c"$1" -d"${duration}s" --latency -s "$work/body.lua" "http://127.0.0.1:$port/v1/svcName" |
            awk '/Requests\/sec/ {rps=$2} $1=="50%" {p=$2; if (p ~ /us$/) {sub(/us$/, "", p); p/=1000} else if (p ~ /ms$/) {sub(/ms$/, "", p)} else {sub(/s$/, "", p); p*=1000}}
                 /Non-2xx/ {bad=$NF} END {printf "%.1f %.2f %d\n", rps, p, bad}'
        return
    fi
    "$JAVA_HOME/bin/java" -cp "$lib" io.aiges.cli.Main bench --json --body "$work/body.json" -c "$1" -d "${duration}s" \
        --warmup "${WARMUP:-5}s" "http://127.0.0.1:$port/v1/svcName" | /usr/bin/python3 -c '
import json, sys
r = json.loads(sys.stdin.read())
errors = sum(r["errors"].values())
print("%.1f %.2f %d" % (r["throughput"], r["latencyMs"]["p50"], errors))'
}
inprocess() { # processes -> "req/s p50" (the SDK prints its banner on stdout: the JSON is the last line)
    PYTHONPATH="$root/plugin-python/src/main/python" /usr/bin/python3 "$wrapper/inprocess.py" "$wrapper" "$picture" \
        "$duration" "$1" 2>/dev/null | tail -n 1 | /usr/bin/python3 -c '
import json, sys
r = json.loads(sys.stdin.read())
print("%.1f %.2f" % (r["throughput"], r["p50"]))'
}

echo "torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)') wrapper, $workers workers, ${duration}s each;" \
     "$(nproc) cores; load from $client; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
printf '%-6s %14s %10s %14s %10s %8s %7s\n' conc "served req/s" "p50 ms" "in-proc req/s" "p50 ms" ratio errors
for _ in $(seq "${RUNS:-1}"); do
for c in 1 "$workers"; do
    read -r s_rate s_p50 s_errors < <(served "$c")
    read -r i_rate i_p50 < <(inprocess "$c")
    printf '%-6s %14s %10s %14s %10s %8s %7s\n' "$c" "$s_rate" "$s_p50" "$i_rate" "$i_p50" \
        "$(/usr/bin/python3 -c "print('%.2f' % ($s_rate / $i_rate))")" "$s_errors"
done
done
