#!/usr/bin/env bash
# Builds the corpus the javascript gate is measured on (docs/gates.md, "Measured on real code"): the distributed
# files of popular libraries as an app would vendor them, and one app bundled with esbuild. Fetched from the npm
# registry into a scratch directory, never committed.
# Usage: bench/gates-corpus.sh [DIR]     (DIR defaults to /tmp/gates-corpus; the bundle is DIR/www)
set -euo pipefail
dir="${1:-/tmp/gates-corpus}"
mkdir -p "$dir"
cd "$dir"
if [ ! -d node_modules/esbuild ]; then
  npm init -y >/dev/null
  npm install --no-audit --no-fund --save-exact \
    react@19.2.1 react-dom@19.2.1 lodash@4.17.21 chart.js@4.5.1 dayjs@1.11.19 jquery@4.0.0 moment@2.30.1 \
    vue@3.5.25 core-js-bundle@3.47.0 three@0.181.2 d3@7.9.0 axios@1.13.2 rxjs@7.8.2 esbuild@0.27.0 >/dev/null
fi

# The app: React 19 rendering a Chart.js chart with lodash and dayjs, bundled and minified for production.
mkdir -p app
cat > app/main.jsx <<'JSX'
import { createRoot } from "react-dom/client";
import { useEffect, useRef, useState } from "react";
import { Chart, registerables } from "chart.js";
import _ from "lodash";
import dayjs from "dayjs";
Chart.register(...registerables);
function Sales({ rows }) {
  const canvas = useRef(null);
  useEffect(() => {
    const byDay = _.groupBy(rows, r => dayjs(r.at).format("YYYY-MM-DD"));
    const chart = new Chart(canvas.current, { type: "bar", data: { labels: Object.keys(byDay),
      datasets: [{ label: "orders", data: Object.values(byDay).map(g => _.sumBy(g, "total")) }] } });
    return () => chart.destroy();
  }, [rows]);
  return <canvas ref={canvas} />;
}
function App() {
  const [rows, setRows] = useState([]);
  useEffect(() => { fetch("api/orders").then(r => r.json()).then(setRows); }, []);
  return <main><h1>Sales</h1><Sales rows={rows} /><p dangerouslySetInnerHTML={{ __html: "<b>beta</b>" }} /></main>;
}
createRoot(document.getElementById("root")).render(<App />);
JSX
www="$dir/www"
rm -rf "$www" && mkdir -p "$www/js/vendor" "$www/js/esm"
node_modules/.bin/esbuild app/main.jsx --bundle --minify --jsx=automatic --format=iife --target=es2020 \
  --define:process.env.NODE_ENV='"production"' --outfile="$www/js/app.js" --log-level=warning
nm=node_modules
# React 19 ships CommonJS only (no browser build): it is in the app bundle above, as the app team would ship it.
cp "$nm/lodash/lodash.min.js" "$nm/lodash/lodash.js" "$nm/chart.js/dist/chart.umd.min.js" "$nm/dayjs/dayjs.min.js" \
   "$nm/jquery/dist/jquery.min.js" "$nm/moment/min/moment-with-locales.min.js" "$nm/vue/dist/vue.global.prod.js" \
   "$nm/d3/dist/d3.min.js" \
   "$nm/axios/dist/axios.min.js" "$nm/rxjs/dist/bundles/rxjs.umd.min.js" "$www/js/vendor/"
cp "$nm/core-js-bundle/minified.js" "$www/js/vendor/core-js-bundle.min.js"
cp "$nm/three/build/three.module.min.js" "$nm/vue/dist/vue.esm-browser.prod.js" "$www/js/esm/"
printf '#!/usr/bin/env node\nconsole.log("a CLI entry point with a hashbang line, valid since ES2023");\n' \
  > "$www/js/cli.js"
printf '<!doctype html><div id="root"></div><script src="js/app.js"></script>\n' > "$www/index.html"
echo "corpus: $www, $(find "$www" -name '*.js' -o -name '*.cjs' | wc -l) files, $(du -sk "$www" | cut -f1) KB"
