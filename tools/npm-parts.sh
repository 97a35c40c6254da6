#!/usr/bin/env bash
# Installs the npm packages some tests use, pinned and project-local (.tools/ and cordova-plugin/node_modules are
# ignored by git); run by ./test.sh before Maven, a no-op when they are already there:
#   dynalite        a real DynamoDB implementation for the registry's compare-and-swap tests (MIT)
#   cordova-android its framework's Java sources, which cordova-plugin/ compiles against (Apache-2.0)
#   cordova-plugin's devDependencies, pinned by its package-lock.json: playwright-core drives Debian's chromium for
#                   the JS API's tests (no browser download), typescript checks the declarations
set -euo pipefail
cd "$(dirname "$0")/.."

install() { # name version dir
  if [ "$(node -p "require('./$3/node_modules/$1/package.json').version" 2>/dev/null)" != "$2" ]; then
    echo "test: installing $1 $2 into $3" >&2
    npm install --prefix "$3" --no-audit --no-fund --save-exact "$1@$2" >/dev/null
  fi
}
install dynalite 4.0.0 .tools/dynalite
install cordova-android 15.1.0 .tools/cordova-android
if [ ! -d cordova-plugin/node_modules/playwright-core ] ||
  [ cordova-plugin/package-lock.json -nt cordova-plugin/node_modules/.package-lock.json ]; then
  echo "test: installing the Cordova plugin's test packages (npm ci in cordova-plugin)" >&2
  npm ci --prefix cordova-plugin --no-audit --no-fund --prefer-offline >/dev/null
fi
