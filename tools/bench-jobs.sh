#!/usr/bin/env bash
# Async jobs through Redis: jobs/s with 1, 2 and 3 aiges processes, and the queued path's overhead
# against a direct request (docs/benchmarks.md). Needs redis-server (Debian's) and a JDK 25.
#   tools/bench-jobs.sh            # JOBS=3000 per run; -Djobs=N -Dsequential=N via JAVA_OPTS
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
# shellcheck source=tools/jdk.sh
. tools/jdk.sh
./mvnw -B -q -pl cli -am package -DskipTests
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Daiges.dist.lib=cli/target/dist/lib ${JAVA_OPTS:-} \
    -cp "cli/target/dist/lib/*:cli/target/test-classes:jobs-redis/target/test-classes" \
    io.aiges.cli.jobs.JobsBenchmark
