#!/usr/bin/env bash
# Signing server benchmark (docs/benchmarks.md, "Signing server"): builds ota-signer's test classes, then runs
# io.otarelease.signer.SigningServerBenchmark with a private SoftHSM2 configuration. Argument: seconds per run.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o -pl ota-signer -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
# ota-core's shared test kit (SoftHsm, Processes) sits in its test-classes in a reactor build
cp="ota-signer/target/test-classes:ota-signer/target/classes:ota-core/target/test-classes:ota-core/target/classes"
cp="$cp:ota-client/target/classes:$(cat ota-signer/target/bench-classpath.txt)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
SOFTHSM2_CONF="$work/softhsm2.conf" exec java -cp "$cp" io.otarelease.signer.SigningServerBenchmark "${1:-5}"
