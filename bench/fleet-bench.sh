#!/usr/bin/env bash
# Fleet benchmarks (docs/benchmarks.md, "Device fleet"): convergence after a rollback against the poll interval, and
# the bytes a device downloads for a 3-file change against a full install. Builds ota-core's test classes, then runs
# io.otarelease.core.testing.FleetBench. Arguments: DEVICES SESSION_MS POLL_MS... (defaults below).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o -pl ota-core -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
cp="ota-core/target/test-classes:ota-core/target/classes:ota-client/target/classes:$(cat ota-core/target/bench-classpath.txt)"
if [ "$#" -eq 0 ]; then set -- 2000 1000 1000 2000 5000 10000; fi
exec java -Dsun.net.httpserver.nodelay=true -cp "$cp" io.otarelease.core.testing.FleetBench "$@"
