#!/usr/bin/env bash
# Benchmark: `ota gate` (all gates) vs `npx eslint` with no-eval, no-implied-eval (the seed's SAST step) and no-undef
# over the same ~5 MB of minified JavaScript. Whole-process wall time, median of RUNS runs each; prints the ratio.
# Usage: bench/gates-vs-eslint.sh            (ESLINT_DIR defaults to /tmp/eslint-bench, RUNS to 5)
# Needs: node + npm (the npm registry), java 17, bc, /usr/bin/time (Debian time), hyperfine if present, and the
# CLI jar (built here with mvn package when missing).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
bench="${ESLINT_DIR:-/tmp/eslint-bench}"
runs="${RUNS:-5}"

# 1. ESLint and the libraries that make up the bundle, in a scratch directory outside the repository.
if [ ! -x "$bench/node_modules/.bin/eslint" ] || [ ! -d "$bench/node_modules/globals" ]; then
  mkdir -p "$bench"
  (cd "$bench" && npm init -y >/dev/null && npm install --no-audit --no-fund \
    eslint@10.15.0 globals@17.3.0 echarts@6.1.0 d3@7.9.2 chart.js@4.6.1 moment@2.31.0 lodash@4.18.1 >/dev/null)
fi

# 2. The bundle: real minified library builds, as a Cordova www/ would carry them (~4.8 MB of JavaScript).
www="$bench/www"
rm -rf "$www" && mkdir -p "$www/js/esm"
nm="$bench/node_modules"
cp "$nm/echarts/dist/echarts.min.js" "$nm/echarts/dist/echarts.common.min.js" "$nm/echarts/dist/echarts.simple.min.js" \
   "$nm/d3/dist/d3.min.js" "$nm/chart.js/dist/chart.umd.min.js" "$nm/moment/min/moment-with-locales.min.js" \
   "$nm/moment/min/locales.min.js" "$nm/moment/min/moment.min.js" "$nm/lodash/lodash.min.js" "$www/js/"
cp "$nm/echarts/dist/echarts.esm.min.js" "$www/js/esm/echarts.esm.min.js"
printf '<!doctype html><script src="js/echarts.min.js"></script>\n' > "$www/index.html"
echo "bundle: $(du -sk "$www" | cut -f1) KB in $(find "$www" -name '*.js' | wc -l) JavaScript files"

# ESLint 10 takes flat config only: the two rules of the seed and no-undef with the browser's globals (what the
# javascript gate's js/undefined-global checks), ES modules where the file is one.
cat > "$bench/eslint.config.mjs" <<'CFG'
import globals from "globals";
export default [
  { files: ["**/*.js"], languageOptions: { ecmaVersion: "latest", sourceType: "script", globals: globals.browser },
    rules: { "no-eval": "error", "no-implied-eval": "error", "no-undef": "error" } },
  { files: ["www/js/esm/**/*.js"], languageOptions: { sourceType: "module" } },
];
CFG
cat > "$bench/policy.yaml" <<'CFG'
size:
  maxTotalKb: 8192
  maxFileKb: 2048
signature:
  required: false
CFG

# 3. The CLI jar.
jar="$repo/ota-cli/target/ota-cli.jar"
[ -f "$jar" ] || (cd "$repo" && mvn -q -B -DskipTests -pl ota-cli -am package)

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# One run: prints "wall cpu" in seconds (cpu = user + system, the steadier figure on a shared, loaded machine).
# The command's exit code (1 = findings) is expected and ignored.
timeit() { /usr/bin/time -f '%e %U %S' -o "$bench/.time" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$bench/.time" | awk '{printf "%s %.2f\n", $1, $2 + $3}'; } # time first notes a non-zero exit

eslint_cmd=(bash -c "cd '$bench' && npx --no-install eslint --no-warn-ignored www/")
ota_cmd=(java -jar "$jar" gate "$www" --policy "$bench/policy.yaml")

echo "warm-up (and what each finds):"
(cd "$bench" && npx --no-install eslint www/ 2>&1 | tail -3) || true
java -jar "$jar" gate "$www" --policy "$bench/policy.yaml" | grep -E 'FAIL|PASS|\[js/' | head -12 || true

if command -v hyperfine >/dev/null; then # Debian's hyperfine: mean and spread, same commands
  hyperfine --warmup 1 --runs "$runs" --ignore-failure --export-markdown "$bench/result.md" \
    -n eslint "cd '$bench' && npx --no-install eslint --no-warn-ignored www/" \
    -n "ota gate" "java -jar '$jar' gate '$www' --policy '$bench/policy.yaml'"
  cat "$bench/result.md"
fi

ew=(); ec=(); ow=(); oc=()
for _ in $(seq "$runs"); do # interleaved, so a load change hits both tools alike
  read -r w c < <(timeit "${eslint_cmd[@]}"); ew+=("$w"); ec+=("$c")
  read -r w c < <(timeit "${ota_cmd[@]}"); ow+=("$w"); oc+=("$c")
done
m() { printf '%s\n' "$@" | median; }
printf 'eslint (no-eval, no-implied-eval, no-undef): median wall %.2f s, cpu %.2f s  [wall %s]\n' "$(m "${ew[@]}")" "$(m "${ec[@]}")" "${ew[*]}"
printf 'ota gate (all gates):              median wall %.2f s, cpu %.2f s  [wall %s]\n' "$(m "${ow[@]}")" "$(m "${oc[@]}")" "${ow[*]}"
printf 'ratio ota/eslint: wall %.2f, cpu %.2f\n' "$(echo "$(m "${ow[@]}") / $(m "${ew[@]}")" | bc -l)" \
  "$(echo "$(m "${oc[@]}") / $(m "${ec[@]}")" | bc -l)"
uptime
