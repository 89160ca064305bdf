#!/usr/bin/env bash
# A large item through a Python worker and back (bench/.../PythonPayload.java: an echo wrapper,
# SIZE bytes down the pipe and SIZE up), this checkout side by side with an earlier commit, runs
# alternating. Builds BEFORE's distribution in a temporary git worktree (never installs).
#   tools/bench-python-payload.sh                         4 MiB, 5 s, three runs, BEFORE=bf79300
#   BEFORE=HEAD~3 SIZE=1048576 tools/bench-python-payload.sh
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
# shellcheck source=tools/jdk.sh
source tools/jdk.sh
before=${BEFORE:-bf79300}
size=${SIZE:-4194304}
seconds=${SECONDS_EACH:-5}
work=$(mktemp -d)
cleanup() { git worktree remove --force "$work/before" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

./mvnw -q -B -o -DskipTests -pl cli -am package >&2
git worktree add -q --detach "$work/before" "$before"
(cd "$work/before" && ./mvnw -q -B -o -DskipTests -pl cli -am package >&2)
for build in now before; do
    lib=$([ "$build" = now ] && echo "$root/cli/target/dist/lib" || echo "$work/before/cli/target/dist/lib")
    mkdir -p "$work/classes-$build"
    "$JAVA_HOME/bin/javac" -d "$work/classes-$build" -cp "$lib/*" bench/src/main/java/io/aiges/bench/PythonPayload.java
done
echo "$(nproc) cores; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1); before = $(git log -1 --format='%h %s' "$before" | cut -c1-60)"
for _ in $(seq "${RUNS:-3}"); do
    for build in before now; do
        lib=$([ "$build" = now ] && echo "$root/cli/target/dist/lib" || echo "$work/before/cli/target/dist/lib")
        printf '%-7s ' "$build"
        "$JAVA_HOME/bin/java" -Xmx2g -cp "$work/classes-$build:$lib/*" io.aiges.bench.PythonPayload "$size" "$seconds" 2>/dev/null \
            | grep '^python payload'
    done
done
