#!/usr/bin/env bash
# Dynamic batching for Python engines, measured side by side in one run: the "batching" test
# wrapper (plugin-python/src/test/resources/wrappers/batching; its wrapperOnceExecBatch sleeps
# 20 ms per call whatever the batch size, as an accelerator's call costs) served by the engine
# core with [batching] off and with maxBatchSize 32, maxBatchDelay 2ms, licence 2, 64 closed-loop
# callers, 1.5 s window after 0.3 s warm-up (BatchingThroughputTest, which also asserts >= 10x).
# Prints one line per run.
#   tools/bench-python-batching.sh          three runs
#   RUNS=5 tools/bench-python-batching.sh
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
# shellcheck source=tools/jdk.sh
source tools/jdk.sh
echo "$(nproc) cores; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(/usr/bin/python3 --version)"
for _ in $(seq "${RUNS:-3}"); do
    # verify, never install: ~/.m2 may be shared.
    ./mvnw -B -o -q -pl plugin-python -am verify -Dtest=BatchingThroughputTest -Dsurefire.failIfNoSpecifiedTests=false \
        -DskipITs 2>&1 | grep '^python batching' || { echo "bench-python-batching: the test failed" >&2; exit 1; }
done
