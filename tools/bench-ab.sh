#!/usr/bin/env bash
# Two builds of aiges side by side in one run, to see what a change costs per request:
#   tools/bench-ab.sh BEFORE_LIB AFTER_LIB     (each a cli/target/dist/lib folder)
# e.g. a worktree of the commit before the change, built with `./mvnw -DskipTests -pl cli -am package`.
# Serves the do-nothing Java engine inline (tools/bench-http.sh's first server) and the MNIST demo
# from each build, and measures both with wrk at concurrency 8 and 64, three rounds, the builds
# taking turns to go first. Needs wrk and the bench jar (./mvnw -DskipTests -pl bench -am package).
set -u
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
before=$(readlink -f "$1"); after=$(readlink -f "$2")
source "$root/tools/jdk.sh"
work=$(mktemp -d)
bench_jar=$(ls "$root"/bench/target/aiges-bench-*.jar)
java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g)
(cd "$work" && "${java[@]}" -cp "$after/*" io.aiges.cli.Main -init >/dev/null)
cfg() { sed -e 's|^form = .*|form = "java"|' -e "s|^jar = .*|jar = \"$bench_jar\"|" \
        -e 's|^class = .*|class = "io.aiges.bench.BenchEchoEngine"|' -e 's|^max = .*|max = 64|' \
        -e 's|^file = .*|file = ""|' -e 's|^port = 5090 .*|port = 0|' \
        -e "s|^http_listen = .*|http_listen = \"127.0.0.1:$1\"|" "$work/aiges.toml" > "$work/$1.toml"; }
cfg 18911; cfg 18912
pids=()
(cd "$work" && exec "${java[@]}" -cp "$before/*" io.aiges.cli.Main -m 0 -c 18911.toml -s svcName >"$work/old.log" 2>&1) & pids+=($!)
(cd "$work" && exec "${java[@]}" -cp "$after/*" io.aiges.cli.Main -m 0 -c 18912.toml -s svcName >"$work/new.log" 2>&1) & pids+=($!)
(cd "$work" && exec "${java[@]}" -cp "$before/*" io.aiges.cli.Main demo --port 18913 --grpc-port 0 >"$work/olddemo.log" 2>&1) & pids+=($!)
(cd "$work" && exec "${java[@]}" -cp "$after/*" io.aiges.cli.Main demo --port 18914 --grpc-port 0 >"$work/newdemo.log" 2>&1) & pids+=($!)
trap 'kill ${pids[*]} 2>/dev/null; rm -rf $work' EXIT
for port in 18911 18912 18913 18914; do for _ in $(seq 150); do curl -s -o /dev/null "http://127.0.0.1:$port/ping" && break; sleep 0.2; done; done
small='{"header": {"appid": "123456", "status": 3}, "parameter": {"svcName": {"result": {"encoding": "utf8", "data_type": "text"}}}, "payload": {"data": {"encoding": "raw", "status": 3, "text": "aGVsbG8gd29ybGQ="}}}'
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[%s]]\n' "$small" > "$work/small.lua"
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nlocal f = io.open("%s")\nwrk.body = f:read("*a")\nf:close()\n' "$root/fixtures/mnist-seed-request.json" > "$work/seed.lua"
rps() { wrk -t2 -c"$1" -d2s -s "$3" "$2" >/dev/null; wrk -t2 -c"$1" -d${DURATION:-6}s -s "$3" "$2" | awk '/Requests\/sec/ {print $2}'; }
echo "run c server before after after/before"
for run in 1 2 3; do
  for c in 8 64; do
    if (( (run + c) % 2 )); then
      a=$(rps $c http://127.0.0.1:18912/v1/svcName "$work/small.lua"); b=$(rps $c http://127.0.0.1:18911/v1/svcName "$work/small.lua")
    else
      b=$(rps $c http://127.0.0.1:18911/v1/svcName "$work/small.lua"); a=$(rps $c http://127.0.0.1:18912/v1/svcName "$work/small.lua")
    fi
    echo "$run $c echo $b $a $(awk -v a=$a -v b=$b 'BEGIN{printf "%.2f", a/b}')"
    if (( (run + c) % 2 )); then
      a=$(rps $c http://127.0.0.1:18914/v1/svcName "$work/seed.lua"); b=$(rps $c http://127.0.0.1:18913/v1/svcName "$work/seed.lua")
    else
      b=$(rps $c http://127.0.0.1:18913/v1/svcName "$work/seed.lua"); a=$(rps $c http://127.0.0.1:18914/v1/svcName "$work/seed.lua")
    fi
    echo "$run $c mnist $b $a $(awk -v a=$a -v b=$b 'BEGIN{printf "%.2f", a/b}')"
  done
done
