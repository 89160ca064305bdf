#!/usr/bin/env bash
# Start-up of a PyTorch wrapper.py served by aiges: from launching the JVM to /health/ready
# answering 200, with one worker, with WORKERS workers (default 4) and with WORKERS workers and
# [fc] readyWhen = "first"; RUNS launches each (default 3), the median in ms. The issue's bar:
# WORKERS workers ready in at most 1.3 x two single-worker start-ups (workers start side by side,
# bounded by the cores).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
# shellcheck source=tools/jdk.sh
source tools/jdk.sh
workers=${WORKERS:-4}
runs=${RUNS:-3}
port=${PORT:-18952}
wrapper=$root/bench/python/torch_mnist

[ -n "${SKIP_BUILD:-}" ] || ./mvnw -q -B -DskipTests -pl cli -am package >&2
lib="$root/cli/target/dist/lib/*"
work=$(mktemp -d)
server=
cleanup() { [ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

ready_ms() { # workers readyWhen -> ms from launch to ready
    cat > "$work/aiges.toml" <<TOML
[svcName]
port = 0
[engine]
form = "python"
wrapper = "$wrapper/wrapper.py"
[wrapper]
http_listen = "127.0.0.1:$port"
[fc]
max = $1
readyWhen = "$2"
[log]
level = "warn"
TOML
    local start end
    start=$(date +%s%N)
    (cd "$work" && exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g -cp "$lib" io.aiges.cli.Main \
        -m 0 -c aiges.toml -s svcName >"$work/serve.log" 2>&1) & server=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do
        kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
        sleep 0.05
    done
    end=$(date +%s%N)
    kill "$server"; wait "$server" 2>/dev/null || true; server=
    echo $(((end - start) / 1000000))
}

median() { # runs of: workers readyWhen
    local times=()
    for _ in $(seq "$runs"); do times+=("$(ready_ms "$1" "$2")"); done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}

one=$(median 1 all)
all=$(median "$workers" all)
first=$(median "$workers" first)
echo "torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)') wrapper, $(nproc) cores, median of $runs launches:"
echo "  1 worker:                          $one ms"
echo "  $workers workers, ready with all:       $all ms  ($(awk "BEGIN{printf \"%.2f\", $all / (2 * $one)}") x two single-worker start-ups; bar 1.3)"
echo "  $workers workers, readyWhen = first:    $first ms"
