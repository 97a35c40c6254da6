#!/usr/bin/env bash
# Runs every test of the project: unit, integration against real parts, and the packaging checks.
set -euo pipefail
cd "$(dirname "$0")"
if command -v npm >/dev/null; then
  tools/npm-parts.sh # dynalite, cordova-android's sources, the plugin's browser-test packages
else
  echo "test: no npm (Node.js): the DynamoDB and Cordova plugin tests skip themselves and cordova-plugin/ is not built" >&2
fi
mvn -B -ntp verify "$@"
