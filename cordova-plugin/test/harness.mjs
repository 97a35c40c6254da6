// Serves the plugin's www/otaRelease.js the way `cordova prepare` packages it (wrapped in cordova.define), a fake
// cordova.js whose exec is the fake native side, a blank test page and the example app's www; starts Debian's
// Chromium through playwright-core (no browser download).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const pluginDir = path.resolve(here, '..');
const exampleWww = path.resolve(pluginDir, '../examples/cordova-app/www');
const MODULE_PATH = /^\/plugins\/cordova-plugin-ota-release\/www\/(otaRelease|telemetry)\.js$/;
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png' };

function pluginModule(name) {
    // what cordova-lib writes into platforms/android/.../www/plugins/cordova-plugin-ota-release/www/<name>.js
    const source = fs.readFileSync(path.join(pluginDir, `www/${name}.js`), 'utf8');
    return `cordova.define("cordova-plugin-ota-release.${name}", function(require, exports, module) {\n`
        + source + '\n});\n';
}

function route(urlPath) {
    const [, site, rest] = urlPath.match(/^\/(test|example|plain)(\/.*)$/) || [];
    if (!site) return null;
    if (site !== 'plain' && rest === '/cordova.js') return { type: '.js', body: fs.readFileSync(path.join(here, 'fake-cordova.js')) };
    if (site !== 'plain' && MODULE_PATH.test(rest)) return { type: '.js', body: pluginModule(rest.match(MODULE_PATH)[1]) };
    if (site === 'test') return rest === '/index.html' ? { type: '.html', body: '<!doctype html><title>t</title><script src="cordova.js"></script>' } : null;
    const file = path.resolve(exampleWww, '.' + decodeURIComponent(rest));
    if (!file.startsWith(exampleWww + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return null;
    return { type: path.extname(file), body: fs.readFileSync(file) };
}

export async function startServer() {
    const server = http.createServer((req, res) => {
        const urlPath = new URL(req.url, 'http://x').pathname;
        if (urlPath === '/favicon.ico') {
            res.writeHead(204).end();
            return;
        }
        const found = route(urlPath);
        if (!found) {
            res.writeHead(404).end();
            return;
        }
        res.writeHead(200, { 'Content-Type': TYPES[found.type] || 'application/octet-stream', 'Cache-Control': 'no-store' });
        res.end(found.body);
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
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
