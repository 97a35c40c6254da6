#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer, libFuzzer inside the JVM) of every parser of untrusted input; docs/security.md.
#   ./fuzz.sh            3 s per target, what CI runs after the tests
#   ./fuzz.sh 600        a longer run: 10 minutes per target
#   ./fuzz.sh 60 Policy  only the targets whose class name contains "Policy"
# A crash is saved as <Target>Inputs/fuzz/crash-<sha1> beside the seeds, where every `mvn verify` replays it as a
# regression test (Jazzer's JUnit regression mode); fix the parser, keep the file, commit both.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-3}"
filter="${2:-}"
targets=(
  ota-client:io.otarelease.client.fuzz.ManifestFuzzTest
  ota-client:io.otarelease.client.fuzz.SignatureEnvelopeFuzzTest
  ota-client:io.otarelease.client.fuzz.ChannelPointerFuzzTest
  ota-client:io.otarelease.client.fuzz.VersionCompareFuzzTest
  ota-client:io.otarelease.client.fuzz.TrustedKeysFuzzTest
  ota-client:io.otarelease.client.fuzz.TrustDocumentsFuzzTest
  ota-core:io.otarelease.core.gate.PolicyFuzzTest
  ota-core:io.otarelease.core.gate.DependencyReportsFuzzTest
  ota-core:io.otarelease.core.canary.MetricAnswersFuzzTest
)

mvn -B -ntp -q -pl ota-client,ota-core -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/fuzz-classpath.txt >/dev/null

run_one() {
  local module="${1%%:*}" class="${1#*:}"
  local simple="${class##*.}" pkg="${class%.*}"
  local seeds="$module/src/test/resources/${pkg//.//}/${simple}Inputs/fuzz"
  local corpus="$module/target/fuzz-corpus/$simple"
  local log="$module/target/fuzz-logs/$simple.log"
  mkdir -p "$seeds" "$corpus" "$(dirname "$log")"
  local cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/fuzz-classpath.txt")"
  # the heap is bounded by -Xmx (an endless allocation is an OutOfMemoryError, a finding); libFuzzer's RSS limit
  # is off because a JVM's RSS (code cache, metaspace, instrumentation) says nothing about the input
  if java -Xmx1g -cp "$cp" com.code_intelligence.jazzer.Jazzer --target_class="$class" \
      --instrumentation_includes='io.otarelease.**' \
      -max_total_time="$secs" -timeout=30 -rss_limit_mb=0 -artifact_prefix="$seeds/" \
      --reproducer_path="$(dirname "$log")" \
      "$corpus" "$seeds" >"$log" 2>&1; then
    echo "fuzz: $simple ok ($(grep -Eo 'Done [0-9]+ runs' "$log" | tail -1 || echo '?'))"
  else
    echo "fuzz: $simple FAILED, see $log; the input is in $seeds"
    grep -E "^(== Java Exception|Caused by|\s+at io\.otarelease)" "$log" | head -8 || true
    return 1
  fi
}

# two targets at a time: each is one JVM, mostly busy on one core
jobs="${FUZZ_JOBS:-2}"
results="$(mktemp -d)"
i=0
for t in "${targets[@]}"; do
  [[ -z "$filter" || "$t" == *"$filter"* ]] || continue
  i=$((i + 1))
  ( if run_one "$t" >"$results/$i.out"; then touch "$results/$i.ok"; fi; cat "$results/$i.out" ) &
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 0.2; done
done
wait
passed=$(find "$results" -name '*.ok' | wc -l)
failed=$((i - passed))
rm -rf "$results"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
