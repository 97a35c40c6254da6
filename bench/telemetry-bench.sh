#!/usr/bin/env bash
# Telemetry ingest benchmark (docs/benchmarks.md, "Telemetry collector"): 50-event ota-telemetry/1 batches POSTed to
# the collector over HTTP, against the Prometheus pushgateway (Debian prometheus-pushgateway) taking the same counts
# as text-format pushes. Builds ota-core's test classes, then runs io.otarelease.core.testing.TelemetryBench.
# Arguments: SECONDS CLIENTS INSTALLS (defaults 10 8 10000).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o -pl ota-core -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
cp="ota-core/target/test-classes:ota-core/target/classes:ota-client/target/classes:$(cat ota-core/target/bench-classpath.txt)"
exec java -Xmx512m -Dsun.net.httpserver.nodelay=true -cp "$cp" io.otarelease.core.testing.TelemetryBench "$@"
