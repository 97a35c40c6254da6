// Releases the example app (plus a blank test page) with the real `ota` command (keygen, sign, stage) into a store in
// a temporary folder and serves it with `ota serve --preview`, as a user previews a release in a desktop browser:
// the release's files by their signed manifest paths, and Cordova's platform files from a platform_www folder that
// holds a stand-in cordova.js (whose exec is the fake native side) and www/otaRelease.js wrapped exactly as
// `cordova prepare` packages it. A second preview without platform files is the plain browser. Starts Debian's
// Chromium through playwright-core (no browser download).
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const pluginDir = path.resolve(here, '..');
const repoRoot = path.resolve(pluginDir, '..');
const exampleWww = path.resolve(repoRoot, 'examples/cordova-app/www');
const MODULE_DIR = 'plugins/cordova-plugin-ota-release/www';
const APP = 'com.example.shop';
// the `ota` command: $OTA_COMMAND as a JSON array (ota-cli's CordovaPluginJsTest passes its own classpath), else
// the repository's launcher
const OTA = process.env.OTA_COMMAND ? JSON.parse(process.env.OTA_COMMAND) : [path.join(repoRoot, 'ota')];

function pluginModule(name) {
    // what cordova-lib writes into platforms/android/.../www/plugins/cordova-plugin-ota-release/www/<name>.js
    const source = fs.readFileSync(path.join(pluginDir, `www/${name}.js`), 'utf8');
    return `cordova.define("cordova-plugin-ota-release.${name}", function(require, exports, module) {\n`
        + source + '\n});\n';
}

function write(file, content) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
}

function ota(...args) {
    execFileSync(OTA[0], [...OTA.slice(1), ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 300000 });
}

/** `ota serve --preview` as a child process; resolves with its URL once it printed it. */
function preview(store, keys, platformWww) {
    const args = ['serve', '--store', `file://${store}`, '--port', '0', '--preview', `${APP}/1.0.0`,
        '--trusted-keys', keys, ...(platformWww ? ['--platform-www', platformWww] : [])];
    const child = spawn(OTA[0], [...OTA.slice(1), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    return new Promise((resolve, reject) => {
        const seen = (chunk) => {
            output += chunk;
            const m = output.match(/on (http:\/\/127\.0\.0\.1:\d+)\//);
            if (m) resolve({ url: m[1], close: () => new Promise((r) => { child.once('exit', r); child.kill(); }) });
        };
        child.stdout.on('data', seen);
        child.stderr.on('data', (c) => { output += c; });
        child.once('exit', (code) => reject(new Error(`ota serve --preview exited with ${code}:\n${output}`)));
    });
}

/** {url, plainUrl, close}: the release previewed with the test's platform files, and without any. */
export async function startServer() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ota-preview-'));
    const www = path.join(dir, 'www');
    fs.cpSync(exampleWww, www, { recursive: true });
    write(path.join(www, 'test/index.html'), '<!doctype html><title>t</title><script src="../cordova.js"></script>\n');
    const platformWww = path.join(dir, 'platform_www');
    write(path.join(platformWww, 'cordova.js'), fs.readFileSync(path.join(here, 'fake-cordova.js')));
    for (const name of ['otaRelease', 'telemetry']) write(path.join(platformWww, MODULE_DIR, `${name}.js`), pluginModule(name));
    const key = path.join(dir, 'release.pem');
    const keys = path.join(dir, 'trusted-keys.json');
    const store = path.join(dir, 'store');
    ota('keygen', '--key-id', 'release', '--private-key', key, '--trusted-keys', keys);
    ota('sign', www, '--app-id', APP, '--bundle-version', '1.0.0', '--signer', 'file', '--private-key', key,
        '--key-id', 'release');
    ota('stage', www, '--store', `file://${store}`, '--trusted-keys', keys);
    const withPlatform = await preview(store, keys, platformWww);
    const plain = await preview(store, keys, null);
    return {
        url: withPlatform.url,
        plainUrl: plain.url,
        close: async () => {
            await Promise.all([withPlatform.close(), plain.close()]);
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}

export const CHROMIUM = process.env.OTA_CHROMIUM || '/usr/bin/chromium';

/** Chromium as the machine notes say it works here; playwright gives it a new empty profile (--user-data-dir). */
export async function startBrowser() {
    return chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync'],
    });
}

/** A fresh page at `site` with the fake native configured ({initToken, answers: {action: {ok, value}}}). */
export async function openPage(browser, url, config = {}) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
    await page.addInitScript((c) => { window.fakeNativeConfig = c; }, config);
    await page.goto(url);
    return { page, errors };
}

/** Waits (count-based, generous ceiling) until the fake native has recorded `n` calls. */
export async function callsAtLeast(page, n) {
    await page.waitForFunction((k) => window.fakeNative && window.fakeNative.calls.length >= k, n, { timeout: 30000 });
    return page.evaluate(() => window.fakeNative.summary());
}
