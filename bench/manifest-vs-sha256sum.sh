#!/usr/bin/env bash
# Benchmark: `ota manifest` against the coreutils pipeline the seed used, whole process against whole process.
# Makes a synthetic bundle of ~5,000 files and ~200 MB (deterministic content), then runs both with hyperfine
# (warm page cache, several runs) and prints the ratio of medians (below 1.0 means ota is faster).
#   usage: bench/manifest-vs-sha256sum.sh [WORKDIR] [RUNS]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/ota-bench-manifest}"
runs="${2:-7}"
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
"$here/ota" --version >/dev/null  # builds the CLI when needed
bundle="$work/www"
if [ ! -f "$work/.complete" ]; then
  rm -rf "$work"; mkdir -p "$bundle"
  python3 - "$bundle" <<'PY'
import os, random, sys
root = sys.argv[1]
rnd = random.Random(42)
total = 0
for i in range(5000):
    d = os.path.join(root, f"assets/{i % 50:02d}/{i % 7}")
    os.makedirs(d, exist_ok=True)
    # a long-tailed size mix like a real bundle: many small files, a few large ones
    size = 400_000 if i % 100 == 0 else rnd.randint(1_000, 75_000)
    with open(os.path.join(d, f"chunk-{i:05d}.js"), "wb") as f:
        f.write(rnd.randbytes(size))
    total += size
print(f"bundle: 5000 files, {total / 1e6:.0f} MB")
PY
  touch "$work/.complete"
fi
cd "$work"
hyperfine --warmup 1 --runs "$runs" --export-json "$work/result.json" \
  --prepare "rm -f $bundle/manifest.json" \
  -n coreutils "find $bundle -type f -print0 | xargs -0 sha256sum > /dev/null" \
  -n ota "$here/ota manifest $bundle --app-id com.example.bench --bundle-version 1.0.0 > /dev/null"
python3 - "$work/result.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
c, o = r["coreutils"]["median"], r["ota"]["median"]
print(f"median coreutils {c:.3f} s, ota {o:.3f} s, ratio ota/coreutils = {o / c:.2f}")
PY
