#!/bin/bash
# The sink connector's CPU per 100,000 Avro change events, two builds alternating
# (docs/benchmarks.md, "CPU per record"): SinkLoadComparison under cpu_accounting.py, RUNS times
# each, logs in OUT; then sink_cpu_report.py OUT sums the windows of each build's rounds.
#
#   bash benchmarks/scripts/sink_cpu_before_after.sh <before-checkout> <after-checkout> [runs] [rounds] [out]
#
# Each checkout must be built (mvn -B install -DskipTests, or package -pl benchmarks -am).
set -euo pipefail
before=$1
after=$2
runs=${3:-2}
rounds=${4:-4}
out=${5:-/tmp/sink-cpu}
scripts=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
sampler=
# A failed round must not leave its sampler running.
trap 'if [ -n "$sampler" ]; then kill "$sampler" 2>/dev/null || true; fi' EXIT
for i in $(seq 1 "$runs"); do
  for variant in before after; do
    if [ "$variant" = before ]; then dir=$before; else dir=$after; fi
    python3 "$scripts/cpu_accounting.py" sample SinkLoadComparison 0.5 "$out/cpu-$variant-$i.log" &
    sampler=$!
    (cd "$dir/benchmarks" && java -cp "target/classes:target/lib/*" \
      io.ddbsync.benchmarks.SinkLoadComparison 100000 "$rounds" avro > "$out/load-$variant-$i.log" 2>&1)
    kill "$sampler"
    sampler=
    echo "$variant $i done $(date +%T)"
  done
done
python3 "$scripts/sink_cpu_report.py" "$out"
