#!/usr/bin/env bash
# Builds the example app's Android platform with the real Cordova CLI (no Gradle: that needs Google's repository)
# and checks that the plugin's files land where cordova-android expects them: the js-module under the platform's
# www/plugins, the <feature> in res/xml/config.xml, the Java sources (once plugin.xml lists them).
# cordova 13.0.0 and cordova-android 15.1.0 are pinned into .tools/cordova (installed when missing, offline after).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cordova_version=13.0.0
android_version=15.1.0
tools="$root/.tools/cordova"
have() { node -p "require('$tools/node_modules/$1/package.json').version" 2>/dev/null; }
if [ "$(have cordova)" != "$cordova_version" ] || [ "$(have cordova-android)" != "$android_version" ]; then
  echo "cordova-prepare: installing cordova $cordova_version and cordova-android $android_version into $tools"
  npm install --prefix "$tools" --no-audit --no-fund --save-exact \
    "cordova@$cordova_version" "cordova-android@$android_version" >/dev/null
fi
# the platform is added from its published tarball (a folder would run its build scripts); its dependencies are in
# npm's cache since the install above
platform="$tools/cordova-android-$android_version.tgz"
[ -f "$platform" ] || (cd "$tools" && npm pack --silent "cordova-android@$android_version" >/dev/null)
cordova="$tools/node_modules/.bin/cordova"
export CORDOVA_TELEMETRY_OPT_OUT=true NPM_CONFIG_PREFER_OFFLINE=true  # from .tools and npm's cache

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
app="$work/app"
"$cordova" create "$app" io.otarelease.example OtaExample --no-telemetry >/dev/null
rm -rf "$app/www"
cp -R "$root/examples/cordova-app/config.xml" "$root/examples/cordova-app/www" "$root/examples/cordova-app/ota" "$app/"
cd "$app"
"$cordova" plugin add "$root/cordova-plugin" --nosave --no-telemetry >/dev/null
"$cordova" platform add "$platform" --nosave --no-telemetry >/dev/null
"$cordova" prepare android --no-telemetry >/dev/null

fail() { echo "cordova-prepare: $*" >&2; exit 1; }
main="$app/platforms/android/app/src/main"
module="$main/assets/www/plugins/cordova-plugin-ota-release/www/otaRelease.js"
[ -f "$module" ] || fail "the js-module is not at $module"
grep -q 'cordova.define("cordova-plugin-ota-release.otaRelease"' "$module" || fail "$module is not wrapped as a cordova module"
grep -q "require('cordova/exec')" "$module" || fail "$module is not www/otaRelease.js"
[ -f "$(dirname "$module")/telemetry.js" ] || fail "the telemetry js-module (www/telemetry.js) is not next to $module"
grep -q '"clobbers"' "$main/assets/www/cordova_plugins.js" && grep -q '"otaRelease"' "$main/assets/www/cordova_plugins.js" \
  || fail "cordova_plugins.js does not clobber window.otaRelease"
for f in cordova.js cordova_plugins.js index.html js/index.js; do
  [ -f "$main/assets/www/$f" ] || fail "the prepared www has no $f"
done
[ -f "$main/assets/ota/trusted-keys.json" ] || fail "config.xml's resource-file did not put ota/trusted-keys.json in the APK's assets"
grep -q '<preference name="OtaAppId" value="io.otarelease.example"' "$main/res/xml/config.xml" \
  || fail "res/xml/config.xml lacks the app's OtaAppId preference"

if grep -q '<source-file' "$root/cordova-plugin/plugin.xml"; then
  grep -q '<feature name="OtaRelease">' "$main/res/xml/config.xml" || fail "res/xml/config.xml has no <feature name=\"OtaRelease\">"
  java="$main/java/io/otarelease/cordova"
  [ -f "$java/OtaReleasePlugin.java" ] || fail "no OtaReleasePlugin.java under $java"
  for src in $(grep -o '<source-file src="[^"]*"' "$root/cordova-plugin/plugin.xml" | sed 's/.*src="//;s/"$//'); do
    [ -f "$java/$(basename "$src")" ] || fail "$src from plugin.xml is not in $java"
  done
  echo "cordova-prepare: js-module, feature, Java sources and trusted keys are in place"
else
  echo "cordova-prepare: js-module and trusted keys are in place (plugin.xml lists no Java sources yet)"
fi
