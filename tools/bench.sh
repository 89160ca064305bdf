#!/usr/bin/env bash
# Runs the JMH benchmarks side by side with their baselines and prints the ratios.
#   tools/bench.sh                 every benchmark
#   tools/bench.sh HttpOverhead    only those whose name matches
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
# shellcheck source=tools/jdk.sh
source tools/jdk.sh
./mvnw -q -B -DskipTests -DskipITs -pl bench -am install
exec ./mvnw -q -B -pl bench exec:exec -Dbench.args="$*"
