#!/usr/bin/env bash
# Load test (docs/benchmarks.md, "Under load with wrk"): wrk drives the signing server and `ota serve` on loopback
# for SECONDS (default 60) each, while the server's resident memory and open file descriptors are sampled every
# 5 s. Needs wrk, stunnel4, softhsm2 and openssl (apt-get install wrk stunnel4 softhsm2 openssl).
#
# wrk cannot present a client certificate, and the signing server refuses any connection without one, so wrk speaks
# plain HTTP to a local stunnel that holds the client certificate and opens one mutual-TLS connection to the server
# per wrk connection. The figures therefore include stunnel's share of the two cores.
#
# Usage: bench/load-wrk.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
connections="${2:-16}"
for tool in wrk stunnel4 softhsm2-util openssl; do
  command -v "$tool" >/dev/null || { echo "load-wrk: $tool is not installed" >&2; exit 2; }
done
./ota --version >/dev/null  # builds the command if it is stale, before anything is timed
# A fixed heap, so that what the samples show is growth (a leak), not the JVM sizing its heap to this machine
export JAVA_TOOL_OPTIONS="-Xms256m -Xmx256m"

work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# Samples VmRSS (KiB) and the count of open descriptors of PID into FILE every 5 s until PID ends.
sample() {
  local pid="$1" file="$2" t=0
  echo "seconds rss_kib fds" > "$file"
  while kill -0 "$pid" 2>/dev/null; do
    echo "$t $(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null) $(ls "/proc/$pid/fd" 2>/dev/null | wc -l)" >> "$file"
    sleep 5; t=$((t + 5))
  done
}

# Waits for the server's "... on http(s)://127.0.0.1:PORT" line in LOG; prints the port.
await_port() {
  local log="$1"
  for _ in $(seq 1 120); do
    if grep -qE "on https?://[0-9.]+:[0-9]+" "$log"; then
      grep -oE "on https?://[0-9.]+:[0-9]+" "$log" | head -1 | sed 's/.*://'
      return
    fi
    sleep 0.5
  done
  echo "load-wrk: the server did not start: $(cat "$log")" >&2
  exit 3
}

# Runs wrk against URL with optional Lua script; prints wrk's report; fails on socket errors or non-2xx answers.
load() {
  local name="$1" url="$2" script="$3" pid="$4"
  sample "$pid" "$work/$name.samples" &
  local sampler=$!
  echo "== $name: wrk -t2 -c$connections -d${seconds}s $url"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency ${script:+-s "$script"} "$url" | tee "$work/$name.wrk"
  kill "$sampler" 2>/dev/null || true
  echo "-- $name: resident memory and open descriptors of the server every 5 s"
  column -t "$work/$name.samples"
  if grep -qE "Non-2xx|Socket errors" "$work/$name.wrk"; then
    echo "load-wrk: $name answered errors under load" >&2
    exit 1
  fi
}

# --- the signing server: a SoftHSM2 token with an EC key, a CA, server and client certificates ---
s="$work/signer"
mkdir -p "$s/tokens"
pin="$(openssl rand -hex 16)"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$s/tokens" > "$s/softhsm2.conf"
export SOFTHSM2_CONF="$s/softhsm2.conf"
slot="$(softhsm2-util --init-token --free --label bench --pin "$pin" --so-pin "$(openssl rand -hex 16)" \
  | grep -o 'slot [0-9]*' | awk '{print $2}')"
printf 'name = Bench\nlibrary = /usr/lib/softhsm/libsofthsm2.so\nslot = %s\n' "$slot" > "$s/token.cfg"
keytool -genkeypair -keystore NONE -storetype PKCS11 -providerClass sun.security.pkcs11.SunPKCS11 \
  -providerArg "$s/token.cfg" -storepass "$pin" -alias bench -keyalg EC -groupname secp256r1 -dname CN=bench \
  -validity 2 >/dev/null 2>&1
(
  cd "$s"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
    -subj "/CN=Bench CA" -days 2 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > server.ext
  printf 'extendedKeyUsage=clientAuth\n' > client.ext
  openssl rand -hex 16 > p12.pass
  for name in server client; do
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$name.key" -out "$name.csr" \
      -subj "/O=Bench/CN=bench-$name" 2>/dev/null
    openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile "$name.ext" \
      -out "$name.pem" 2>/dev/null
  done
  openssl pkcs12 -export -inkey server.key -in server.pem -certfile ca.pem -out server.p12 -passout file:p12.pass
)
cat > "$s/signer.yaml" <<EOF
listen: 127.0.0.1:0
tls: {keyStore: server.p12, keyStorePasswordFile: p12.pass, clientCa: ca.pem}
token: {pkcs11Config: token.cfg, pinEnv: OTA_SIGNER_PIN}
keys:
  - {keyId: bench, label: bench, algorithm: ECDSA_SHA_256, clients: [wrk]}
clients:
  - {name: wrk, subject: "CN=bench-client,O=Bench"}
limits: {requestsPerSecond: 100000, burst: 100000, threads: 16, connectionsPerPeer: 64}
audit: {file: audit.jsonl}
reload: {intervalSeconds: 0}
EOF
OTA_SIGNER_PIN="$pin" ./ota signer serve --config "$s/signer.yaml" > "$s/server.log" 2>&1 &
signer_pid=$!
pids+=("$signer_pid")
signer_port="$(await_port "$s/server.log")"
unset SOFTHSM2_CONF

cat > "$s/stunnel.conf" <<EOF
foreground = yes
pid =
[signer]
client = yes
accept = 127.0.0.1:0
connect = 127.0.0.1:$signer_port
cert = $s/client.pem
key = $s/client.key
CAfile = $s/ca.pem
verifyChain = yes
EOF
# stunnel cannot report a port it chose; pick a free one
tunnel_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
sed -i "s/accept = 127.0.0.1:0/accept = 127.0.0.1:$tunnel_port/" "$s/stunnel.conf"
stunnel4 "$s/stunnel.conf" > "$s/stunnel.log" 2>&1 &
pids+=("$!")
sleep 1

digest="$(printf 'ota load test' | openssl dgst -sha256 -binary | base64)"
cat > "$s/sign.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"keyId":"bench","algorithm":"ECDSA_SHA_256","digest":"$digest"}'
EOF
# one request by hand first: a refusal here would make the whole run meaningless
curl -fsS -X POST -H 'Content-Type: application/json' --data "$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$s/sign.lua")" \
  "http://127.0.0.1:$tunnel_port/v1/sign" > /dev/null
load signer "http://127.0.0.1:$tunnel_port/v1/sign" "$s/sign.lua" "$signer_pid"
echo "-- audit lines written: $(wc -l < "$s/audit.jsonl")"

# --- ota serve: a store holding the sample app, released to a channel ---
if ./ota --help | grep -q "^  serve "; then
  d="$work/serve"
  JAVA_TOOL_OPTIONS= ./ota demo --work "$d/demo" > "$d.log" 2>&1 || { echo "load-wrk: ota demo failed: $(tail -5 "$d.log")" >&2; exit 3; }
  store="$(find "$d/demo" -type d -name production -path '*stores*' | head -1)"
  [ -n "$store" ] || { echo "load-wrk: the demo left no production store" >&2; exit 3; }
  ./ota serve --store "file://$store" --port 0 > "$d/serve.log" 2>&1 &
  serve_pid=$!
  pids+=("$serve_pid")
  serve_port="$(await_port "$d/serve.log")"
  pointer="$(cd "$store" && find . -path './*channels/*.json' | head -1 | sed 's|^\./||')"
  blob="$(cd "$store" && find . -path './*blobs/*' -type f | head -1 | sed 's|^\./||')"
  load serve-pointer "http://127.0.0.1:$serve_port/$pointer" "" "$serve_pid"
  load serve-blob "http://127.0.0.1:$serve_port/$blob" "" "$serve_pid"
else
  echo "== ota serve: not in this build, skipped"
fi
