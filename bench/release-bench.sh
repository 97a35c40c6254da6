#!/usr/bin/env bash
# Release-engine benchmarks against S3Proxy (whole processes; NOT run by the test suite).
#   1. Stage a release that changes 3 files of a 2,000-file bundle already staged: `ota stage` vs the seed's
#      `aws s3 sync www/ s3://staging/$VERSION/ --delete` (and vs a sync into the previous version's prefix),
#      wall time and S3 request count (S3Proxy's own request metrics).
#   2. Rollback: median time of the store operations of `ota rollback` (as it prints them) and of the whole process.
# Usage: bench/release-bench.sh [ROLLBACKS]   (default 11). Needs java, mvn, python3, curl and the aws CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
ROLLBACKS=${1:-11}
AWS=${AWS:-$(command -v aws || echo /root/.pyenv/shims/aws)}
work=$(mktemp -d /tmp/ota-bench.XXXXXX)
echo "bench: working in $work" >&2

mvn -q -o -B -pl ota-cli -am package -DskipTests >&2
mvn -q -o -B -pl ota-core test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/cp.txt" >&2
cp="ota-core/target/test-classes:ota-core/target/classes:ota-client/target/classes:$(cat "$work/cp.txt")"
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
mport=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
java -cp "$cp" io.otarelease.core.testing.S3ProxyServer "$port" "$mport" >"$work/s3proxy.log" 2>&1 &
s3pid=$!
trap 'kill $s3pid 2>/dev/null || true' EXIT
endpoint="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -s -o /dev/null "$endpoint" && break; sleep 0.2; done

export AWS_ACCESS_KEY_ID=ota-test-access AWS_SECRET_ACCESS_KEY=ota-test-secret-key AWS_DEFAULT_REGION=us-east-1
ota() { java -jar ota-cli/target/ota-cli.jar "$@"; }
requests() { curl -s "http://127.0.0.1:$mport/metrics" | awk '/^http_server_request_duration_seconds_count/ {s+=$NF} END {print s+0}'; }
now_ms() { date +%s%3N; }
s3opts=(--s3-endpoint "$endpoint" --path-style)
"$AWS" --endpoint-url "$endpoint" s3 mb s3://bench-staging >/dev/null
"$AWS" --endpoint-url "$endpoint" s3 mb s3://bench-prod >/dev/null

# Two bundles of 2,000 files (1-16 KiB, fixed seed); 2.0.0 changes 3 of them (one byte longer each).
python3 - "$work" <<'PY'
import os, random, sys
work = sys.argv[1]
rnd = random.Random(42)
for i in range(2000):
    size = rnd.randint(1024, 16384)
    data = bytes(rnd.getrandbits(8) for _ in range(size))
    for v in ("1.0.0", "2.0.0"):
        p = os.path.join(work, v, "www", "assets", "d%02d" % (i % 40), "f%04d.js" % i)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data + (b"\n" if v == "2.0.0" and i in (7, 700, 1400) else b""))
PY
ota keygen --key-id bench-release --private-key "$work/release.pem" --trusted-keys "$work/keys.json" >/dev/null
ota keygen --key-id bench-channel --private-key "$work/channel.pem" --trusted-keys "$work/keys.json" >/dev/null
for v in 1.0.0 2.0.0; do
  ota sign "$work/$v/www" --signer file --private-key "$work/release.pem" --key-id bench-release \
    --app-id com.example.bench --bundle-version "$v" >/dev/null 2>&1
done

measure() { # label, command...
  local label=$1; shift
  local c0 t0 t1 c1
  c0=$(requests); t0=$(now_ms)
  "$@" >"$work/out.txt" 2>&1
  t1=$(now_ms); c1=$(requests)
  echo "$label $((t1 - t0)) $((c1 - c0))"
}

# seed both sides with 1.0.0 (not measured)
ota stage "$work/1.0.0/www" --store s3://bench-staging/ota --trusted-keys "$work/keys.json" "${s3opts[@]}" >/dev/null
"$AWS" --endpoint-url "$endpoint" s3 sync "$work/1.0.0/www/" s3://bench-staging/aws/1.0.0/ --delete --only-show-errors
"$AWS" --endpoint-url "$endpoint" s3 sync "$work/1.0.0/www/" s3://bench-staging/aws-same/ --delete --only-show-errors

echo "== stage 2.0.0 (3 of 2,000 files changed): label wall_ms requests"
measure ota-stage ota stage "$work/2.0.0/www" --store s3://bench-staging/ota --trusted-keys "$work/keys.json" "${s3opts[@]}"
grep -h "uploaded" "$work/out.txt" | sed 's/^/  # /'
measure aws-sync-seed "$AWS" --endpoint-url "$endpoint" s3 sync "$work/2.0.0/www/" s3://bench-staging/aws/2.0.0/ --delete --only-show-errors
measure aws-sync-same-prefix "$AWS" --endpoint-url "$endpoint" s3 sync "$work/2.0.0/www/" s3://bench-staging/aws-same/ --delete --only-show-errors

# production: 1.0.0 then 2.0.0 at 100% (server-side copies), then alternate rollbacks
chan=(--app-id com.example.bench --trusted-keys "$work/keys.json" --signer file --private-key "$work/channel.pem" --key-id bench-channel)
for v in 1.0.0 2.0.0; do
  ota promote "$v" --from-store s3://bench-staging/ota --store s3://bench-prod/ota --percent 100 "${chan[@]}" "${s3opts[@]}" \
    >"$work/promote.txt" 2>&1 || { cat "$work/promote.txt" >&2; exit 1; }
done
echo "== rollback x$ROLLBACKS: store_ms wall_ms requests"
target=1.0.0
for i in $(seq 1 "$ROLLBACKS"); do
  line=$(measure rb ota rollback --to-version "$target" --allow-quarantined --store s3://bench-prod/ota --reason "bench $i" "${chan[@]}" "${s3opts[@]}")
  store_ms=$(sed -n 's/.*store operations took \([0-9]*\) ms.*/\1/p' "$work/out.txt")
  [ -n "$store_ms" ] || { echo "rollback $i failed:" >&2; cat "$work/out.txt" >&2; }
  echo "$store_ms $(echo "$line" | cut -d' ' -f2-)"
  target=$([ "$target" = 1.0.0 ] && echo 2.0.0 || echo 1.0.0)
done

echo "== rollback x$ROLLBACKS in one warm JVM (store operations only): target store_ms"
java -cp "$cp" io.otarelease.core.testing.RollbackBench "$endpoint" s3://bench-prod/ota com.example.bench \
  "$work/keys.json" "$work/channel.pem" bench-channel 1.0.0 2.0.0 "$ROLLBACKS" 2>/dev/null
