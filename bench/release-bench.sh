#!/usr/bin/env bash
# Release-engine benchmarks against S3Proxy (whole processes; NOT run by the test suite).
#   1. A small change in a store that holds many earlier releases: `ota stage` + `ota promote` of a 2,000-file
#      release of which 3 files changed, with 100 and then 10,000 blobs (and 500 audit records) already in the
#      stores, against `aws s3 sync` of the same change: S3 requests (S3Proxy's own request metrics) and wall time,
#      run in alternation (PAIRS pairs, the median of the per-pair ratios).
#   2. Rollback: median time of the store operations of `ota rollback` (as it prints them) and of the whole process.
# Usage: bench/release-bench.sh [ROLLBACKS]   (default 11). Needs java, mvn, python3, curl and the aws CLI.
#   PAIRS=5       paired timing runs of stage+promote vs aws s3 sync
#   HOLD=1        before the rollbacks, pause with the two timed commands ready ($work/next-ota.sh and
#                 $work/next-aws.sh: each run releases the next version) for an external timer; rm $work/hold to go on
set -euo pipefail
cd "$(dirname "$0")/.."
ROLLBACKS=${1:-11}
PAIRS=${PAIRS:-5}
VERSIONS=${VERSIONS:-$((PAIRS + 16))}
AWS=${AWS:-$(command -v aws || echo /root/.pyenv/shims/aws)}
work=$(mktemp -d /tmp/ota-bench.XXXXXX)
echo "bench: working in $work" >&2

mvn -q -o -B -pl ota-cli -am package -DskipTests >&2
mvn -q -o -B -pl ota-core -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/cp.txt" >&2
cp="ota-core/target/test-classes:ota-core/target/classes:ota-client/target/classes:$(cat "$work/cp.txt")"
jar="$PWD/ota-cli/target/ota-cli.jar"
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
mport=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
java -cp "$cp" io.otarelease.core.testing.S3ProxyServer "$port" "$mport" >"$work/s3proxy.log" 2>&1 &
s3pid=$!
trap 'kill $s3pid 2>/dev/null || true' EXIT
endpoint="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -s -o /dev/null "$endpoint" && break; sleep 0.2; done

export AWS_ACCESS_KEY_ID=ota-test-access AWS_SECRET_ACCESS_KEY=ota-test-secret-key AWS_DEFAULT_REGION=us-east-1
ota() { java -jar "$jar" "$@"; }
requests() { curl -s "http://127.0.0.1:$mport/metrics" | awk '/^http_server_request_duration_seconds_count/ {s+=$NF} END {print s+0}'; }
now_ms() { date +%s%3N; }
s3opts=(--s3-endpoint "$endpoint" --path-style)
app=com.example.bench
"$AWS" --endpoint-url "$endpoint" s3 mb s3://bench-staging >/dev/null
"$AWS" --endpoint-url "$endpoint" s3 mb s3://bench-prod >/dev/null

# v0 = 1.0.0: 2,000 files of 1-16 KiB (fixed seed). vK = 2.0.K: v(K-1) with 3 more files changed (a byte longer),
# so every release changes exactly 3 files of the one before. Unchanged files are hard links (same mtime: aws s3 sync
# sees them as unchanged too).
python3 - "$work" "$VERSIONS" <<'PY'
import os, random, sys
work, versions = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
for i in range(2000):
    size = rnd.randint(1024, 16384)
    p = os.path.join(work, "v0", "www", "assets", "d%02d" % (i % 40), "f%04d.js" % i)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(bytes(rnd.getrandbits(8) for _ in range(size)))
PY
ota keygen --key-id bench-release --private-key "$work/release.pem" --trusted-keys "$work/keys.json" >/dev/null
ota keygen --key-id bench-channel --private-key "$work/channel.pem" --trusted-keys "$work/keys.json" >/dev/null
sign() { ota sign "$work/v$1/www" --signer file --private-key "$work/release.pem" --key-id bench-release \
  --app-id "$app" --bundle-version "$2" >/dev/null 2>&1; }
sign 0 1.0.0
for k in $(seq 1 "$VERSIONS"); do
  cp -al "$work/v$((k - 1))" "$work/v$k"
  rm "$work/v$k/www/manifest.json" "$work/v$k/www/manifest.sig"
  for j in 0 1 2; do
    i=$(((3 * k + j) * 7 % 2000))
    f="$work/v$k/www/assets/d$(printf %02d $((i % 40)))/f$(printf %04d $i).js"
    cp "$f" "$f.new" && printf '\n' >>"$f.new" && mv "$f.new" "$f" # a new file: never write through a hard link
  done
  sign "$k" "2.0.$k"
done

measure() { # label, command...: prints label, wall ms, S3 requests
  local label=$1; shift
  local c0 t0 t1 c1
  c0=$(requests); t0=$(now_ms)
  "$@" >"$work/out.txt" 2>&1 || { cat "$work/out.txt" >&2; exit 1; }
  t1=$(now_ms); c1=$(requests)
  echo "$label $((t1 - t0)) $((c1 - c0))"
}
chan=(--app-id "$app" --trusted-keys "$work/keys.json" --signer file --private-key "$work/channel.pem" --key-id bench-channel)
release() { # store-label, k
  ota stage "$work/v$2/www" --store "s3://bench-staging/$1" --trusted-keys "$work/keys.json" "${s3opts[@]}" &&
  ota promote "$([ "$2" = 0 ] && echo 1.0.0 || echo "2.0.$2")" --from-store "s3://bench-staging/$1" \
    --store "s3://bench-prod/$1" --percent 100 "${chan[@]}" "${s3opts[@]}"
}

echo "== stage + promote of 2.0.1 (3 of 2,000 files changed): label wall_ms requests"
for blobs in 100 10000; do
  for bucket in bench-staging bench-prod; do
    java -cp "$cp" io.otarelease.core.testing.StoreSeeder "$endpoint" "$bucket" "ota-$blobs/$app" blobs "$blobs" >&2
  done
  java -cp "$cp" io.otarelease.core.testing.StoreSeeder "$endpoint" bench-prod "ota-$blobs/$app" audit 500 >&2
  release "ota-$blobs" 0 >/dev/null # 1.0.0 serves (not measured)
  measure "ota-stage+promote($blobs-blobs)" release "ota-$blobs" 1
done
measure "  ota-stage(2.0.2,10000-blobs)" ota stage "$work/v2/www" --store s3://bench-staging/ota-10000 \
  --trusted-keys "$work/keys.json" "${s3opts[@]}"
measure "  ota-promote(2.0.2,10000-blobs)" ota promote 2.0.2 --from-store s3://bench-staging/ota-10000 \
  --store s3://bench-prod/ota-10000 --percent 100 "${chan[@]}" "${s3opts[@]}"
"$AWS" --endpoint-url "$endpoint" s3 sync "$work/v0/www/" s3://bench-prod/aws-live/ --delete --only-show-errors
measure "aws-sync-into-live-prefix" "$AWS" --endpoint-url "$endpoint" s3 sync "$work/v1/www/" \
  s3://bench-prod/aws-live/ --delete --only-show-errors
measure "aws-sync-seed-prefix-per-version" "$AWS" --endpoint-url "$endpoint" s3 sync "$work/v1/www/" \
  s3://bench-staging/aws/2.0.1/ --delete --only-show-errors
"$AWS" --endpoint-url "$endpoint" s3 sync "$work/v2/www/" s3://bench-prod/aws-live/ --delete --only-show-errors

# the two timed commands: each run releases the next version (3 more files changed) into the 10,000-blob stores
echo 2 >"$work/ota.k"
echo 2 >"$work/aws.k"
cat >"$work/next-ota.sh" <<SH
#!/usr/bin/env bash
set -e
export AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY AWS_DEFAULT_REGION=us-east-1
k=\$((\$(cat $work/ota.k) + 1)); echo \$k >$work/ota.k
java -jar $jar stage $work/v\$k/www --store s3://bench-staging/ota-10000 --trusted-keys $work/keys.json \
  --s3-endpoint $endpoint --path-style >/dev/null
java -jar $jar promote 2.0.\$k --from-store s3://bench-staging/ota-10000 --store s3://bench-prod/ota-10000 --percent 100 \
  ${chan[*]} --s3-endpoint $endpoint --path-style >/dev/null
SH
cat >"$work/next-aws.sh" <<SH
#!/usr/bin/env bash
set -e
export AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY AWS_DEFAULT_REGION=us-east-1
k=\$((\$(cat $work/aws.k) + 1)); echo \$k >$work/aws.k
$AWS --endpoint-url $endpoint s3 sync $work/v\$k/www/ s3://bench-prod/aws-live/ --delete --only-show-errors
SH
chmod +x "$work/next-ota.sh" "$work/next-aws.sh"

echo "== paired wall time, $PAIRS pairs (10,000 blobs): ota_ms aws_ms ratio requests_ota requests_aws"
ratios=()
for _ in $(seq 1 "$PAIRS"); do
  a=$(measure ota "$work/next-ota.sh"); b=$(measure aws "$work/next-aws.sh")
  r=$(python3 -c "print(round($(echo "$a" | cut -d' ' -f2) / $(echo "$b" | cut -d' ' -f2), 2))")
  echo "$(echo "$a" | cut -d' ' -f2) $(echo "$b" | cut -d' ' -f2) $r $(echo "$a" | cut -d' ' -f3) $(echo "$b" | cut -d' ' -f3)"
  ratios+=("$r")
done
echo "median ota/aws wall-time ratio: $(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"

if [ -n "${HOLD:-}" ]; then
  touch "$work/hold"
  echo "holding: time $work/next-ota.sh against $work/next-aws.sh (at most $((VERSIONS - PAIRS - 2)) runs each);" \
    "rm $work/hold to go on" >&2
  while [ -e "$work/hold" ]; do sleep 1; done
fi

# rollback between 1.0.0 and 2.0.1 in the 100-blob stores (rollback checks every blob of its target by listing)
last=2.0.1
echo "== rollback x$ROLLBACKS (100 other blobs, 2,000-file releases): store_ms wall_ms requests"
target=1.0.0
for i in $(seq 1 "$ROLLBACKS"); do
  line=$(measure rb ota rollback --to-version "$target" --allow-quarantined --store s3://bench-prod/ota-100 --reason "bench $i" \
    "${chan[@]}" "${s3opts[@]}")
  store_ms=$(sed -n 's/.*store operations took \([0-9]*\) ms.*/\1/p' "$work/out.txt")
  echo "$store_ms $(echo "$line" | cut -d' ' -f2-)"
  target=$([ "$target" = 1.0.0 ] && echo "$last" || echo 1.0.0)
done

echo "== rollback x$ROLLBACKS in one warm JVM (store operations only): target store_ms"
java -cp "$cp" io.otarelease.core.testing.RollbackBench "$endpoint" s3://bench-prod/ota-100 "$app" \
  "$work/keys.json" "$work/channel.pem" bench-channel 1.0.0 "$last" "$ROLLBACKS" 2>/dev/null
