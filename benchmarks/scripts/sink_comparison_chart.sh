#!/usr/bin/env bash
# Draws docs/img/peer-sink-comparison.png from the figures PeerSinkComparison wrote.
#   mvn -B install -DskipTests
#   cd benchmarks && java -Dddbsync.plugin.path=target/peer-plugins -cp "target/classes:target/lib/*" \
#       io.ddbsync.benchmarks.PeerSinkComparison 100000 3      # writes target/peer-sink-comparison.csv
#   bash scripts/sink_comparison_chart.sh [csv] [png]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
csv="${1:-$here/target/peer-sink-comparison.csv}"
# Avro run (-Dpeer.format=avro): bash scripts/sink_comparison_chart.sh target/peer-sink-comparison-avro.csv \
#     ../docs/img/peer-sink-comparison-avro.png "Sinks side by side, Avro: 100,000 change events into PostgreSQL, records/s"
png="${2:-$here/../docs/img/peer-sink-comparison.png}"
title="${3:-Sinks side by side: 100,000 change events into PostgreSQL, records/s}"
java -Djava.awt.headless=true -cp "$here/target/classes:$here/target/lib/*" \
  io.ddbsync.benchmarks.report.RecordsPerSecondChart "$csv" "$png" \
  "$title"
