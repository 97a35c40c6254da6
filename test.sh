#!/usr/bin/env bash
# Runs every test of the project: unit, integration against real parts, and the packaging checks.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -ntp verify "$@"
