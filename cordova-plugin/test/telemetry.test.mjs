// www/telemetry.js in headless Chromium: errors, rejections, ready() and API calls of the page reach the native
// boundary (cordova.exec, action "telemetry") as the events native records; nothing goes while telemetry is off or
// for a host config.xml did not opt in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { startServer, startBrowser, openPage, callsAtLeast, pluginDir } from './harness.mjs';

// The page's events as native receives them, the one source both sides of the `telemetry` action are checked
// against: every event reaching cordova.exec here has the fields and JSON types of the fixture's event of its type,
// every fixture event's shape is produced here (the last test), and TelemetryPluginTest and
// TelemetryCollectorPluginTest send the file through the real plugin (the latter to the real collector).
const FIXTURE = JSON.parse(fs.readFileSync(`${pluginDir}/test/fixtures/page-telemetry.json`, 'utf8'));
const OPTIONAL = { ready: ['fcpSeconds'] };
const shapeOf = (e) => e.type + ':' + Object.keys(e).sort().join(',');
const seenShapes = new Set(); // of the events the page sent in this file's tests

let server;
let browser;
let api; // the app's own API: /status/<code> answers that status (CORS open, as an API the app calls)
before(async () => {
    server = await startServer();
    browser = await startBrowser();
    api = http.createServer((req, res) => {
        const status = Number((req.url.match(/^\/status\/([0-9]{3})$/) || [])[1] || 404);
        res.writeHead(status, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' }).end('{}');
    });
    await new Promise((resolve) => api.listen(0, '127.0.0.1', resolve));
});
after(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => api?.close(resolve) ?? resolve());
});

const apiUrl = () => `http://127.0.0.1:${api.address().port}`;
const apiHost = () => new URL(apiUrl()).host; // 127.0.0.1:<port>: opted in
const otherOrigin = () => `http://localhost:${api.address().port}`; // the same API under a host not opted in

/** The page with the fake native side, its events channel open; `telemetry` is what native's config message says. */
async function open(telemetry, config = {}) {
    const { page, errors } = await openPage(browser, `${server.url}/test/index.html`, { initToken: 'launch-1', ...config });
    await callsAtLeast(page, 1);
    await page.waitForFunction(() => window.fakeNative.calls[0].open, null, { timeout: 30000 });
    await page.evaluate((url) => {
        window.apiUrl = url;
        document.body.appendChild(document.createElement('p')).textContent = 'a page that paints';
    }, apiUrl());
    if (telemetry) {
        await page.evaluate((t) => window.fakeNative.push({ type: 'telemetry', ...t }), telemetry);
    }
    return { page, errors };
}

/** The events of the `telemetry` calls made so far, in order. */
const sent = (page) => page.evaluate(() => window.fakeNative.summary()
    .filter((c) => c.action === 'telemetry').flatMap((c) => c.args[0]));

/** Each event has exactly the fields (and JSON types) of the fixture's event of its type. */
function assertShapes(events) {
    for (const e of events) {
        const like = FIXTURE.find((f) => f.type === e.type);
        assert.ok(like, `an event type the fixture does not have: ${JSON.stringify(e)}`);
        const optional = OPTIONAL[e.type] || [];
        assert.deepEqual(Object.keys(e).sort(), Object.keys(like).filter((k) => k in e || !optional.includes(k)).sort(),
            JSON.stringify(e));
        for (const k of Object.keys(e)) assert.equal(typeof e[k], typeof like[k], `${k} of ${JSON.stringify(e)}`);
        seenShapes.add(shapeOf(e));
    }
}

/** Waits (count-based, generous ceiling) until the page sent events matching `match`; returns all it sent. */
async function sentUntil(page, match) {
    for (let i = 0; i < 600; i++) {
        const events = await sent(page);
        if (events.some(match)) return events;
        await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
    }
    throw new Error('no matching telemetry event; sent: ' + JSON.stringify(await sent(page)));
}

test('errors and rejected promises are counted before and after ready(), and ready() reports paint', async () => {
    const { page } = await open({ enabled: true, apiHosts: [] });
    await page.evaluate(() => {
        setTimeout(() => { throw new Error('thrown in the page'); }, 0);
        Promise.reject(new Error('nobody catches this'));
    });
    let events = await sentUntil(page, (e) => e.type === 'js_error');
    assert.deepEqual(events.filter((e) => e.type === 'js_error').reduce((n, e) => n + e.count, 0), 2);
    assert.deepEqual(events.filter((e) => e.type === 'js_error').reduce((n, e) => n + e.beforeReady, 0), 2);

    await page.evaluate(() => { window.readyDone = window.otaRelease.ready(); });
    const ready = (await callsAtLeast(page, 3)).findIndex((c) => c.action === 'ready');
    assert.ok(ready > 0, 'ready went to native');
    events = await sentUntil(page, (e) => e.type === 'ready');
    const r = events.find((e) => e.type === 'ready');
    assert.equal(typeof r.sinceReadySeconds, 'number');
    assert.ok(r.sinceReadySeconds >= 0 && r.sinceReadySeconds < 60, JSON.stringify(r));
    assert.equal(typeof r.fcpSeconds, 'number', 'the page painted, so its First Contentful Paint is reported');
    assert.ok(r.fcpSeconds > 0, JSON.stringify(r));

    await page.evaluate(() => { setTimeout(() => { throw new Error('after ready'); }, 0); });
    events = await sentUntil(page, (e) => e.type === 'js_error' && e.beforeReady === 0);
    assert.deepEqual(events.filter((e) => e.type === 'js_error').at(-1), { type: 'js_error', count: 1, beforeReady: 0 });
    assert.equal(events.filter((e) => e.type === 'ready').length, 1);
    assertShapes(events);
});

test('calls to an opted-in API host are timed with their status; other hosts are not recorded', async () => {
    const { page } = await open({ enabled: true, apiHosts: [apiHost(), '127.0.0.1:1'] });
    await page.evaluate(async (other) => {
        await fetch(`${window.apiUrl}/status/503`);
        await fetch(`${other}/status/500`); // a host not opted in
        await fetch('http://127.0.0.1:1/unreachable').catch(() => {}); // opted in, nothing listens: a network error
        await new Promise((resolve) => {
            const xhr = new XMLHttpRequest();
            xhr.open('GET', `${window.apiUrl}/status/404`);
            xhr.onloadend = resolve;
            xhr.send();
        });
        await fetch(new Request(`${window.apiUrl}/status/200`));
    }, otherOrigin());
    const events = await sentUntil(page, (e) => e.type === 'api' && e.status === 200);
    const api = events.filter((e) => e.type === 'api');
    assert.deepEqual(api.map((e) => [e.host, e.status]),
        [[apiHost(), 503], ['127.0.0.1:1', 0], [apiHost(), 404], [apiHost(), 200]]);
    for (const e of api) {
        assert.ok(e.seconds >= 0 && e.seconds < 60, JSON.stringify(e));
    }
    assertShapes(events);
});

test('what happens before native configures telemetry is sent after, filtered by its opted-in hosts', async () => {
    const { page } = await open(null);
    await page.evaluate(async (other) => {
        await fetch(`${window.apiUrl}/status/502`);
        await fetch(`${other}/status/502`);
        setTimeout(() => { throw new Error('early'); }, 0);
        await new Promise((r) => setTimeout(r, 400));
    }, otherOrigin());
    assert.deepEqual(await sent(page), [], 'nothing goes to native before it said telemetry is on');
    await page.evaluate((h) => window.fakeNative.push({ type: 'telemetry', enabled: true, apiHosts: [h] }), apiHost());
    const events = await sentUntil(page, (e) => e.type === 'js_error');
    assert.deepEqual(events.map((e) => e.type === 'api' ? [e.type, e.host, e.status] : [e.type, e.count, e.beforeReady]),
        [['api', apiHost(), 502], ['js_error', 1, 1]]);
    assertShapes(events);
});

test('telemetry off: nothing reaches native; setTelemetryEnabled(false) stops the page at once', async () => {
    const off = await open({ enabled: false, apiHosts: [] });
    await off.page.evaluate(async () => {
        setTimeout(() => { throw new Error('not reported'); }, 0);
        await fetch(`${window.apiUrl}/status/500`);
        await new Promise((r) => setTimeout(r, 600));
    });
    assert.deepEqual(await sent(off.page), []);

    const { page } = await open({ enabled: true, apiHosts: [apiHost()] }, { answers: { setTelemetryEnabled: { ok: true } } });
    const result = await page.evaluate(async () => {
        const bad = await window.otaRelease.setTelemetryEnabled('no').catch((e) => e.name + ': ' + e.message);
        // counted, then dropped: the second timer is due before the 200 ms send delay ends
        setTimeout(() => { throw new Error('counted, then dropped'); }, 0);
        await new Promise((r) => setTimeout(r, 0));
        await window.otaRelease.setTelemetryEnabled(false);
        await fetch(`${window.apiUrl}/status/500`);
        await new Promise((r) => setTimeout(r, 600));
        return bad;
    });
    assert.match(result, /^TypeError: otaRelease.setTelemetryEnabled: enabled must be true or false/);
    const calls = await page.evaluate(() => window.fakeNative.summary());
    assert.deepEqual(calls.filter((c) => c.action === 'setTelemetryEnabled').map((c) => c.args), [[false]]);
    assert.deepEqual(await sent(page), []);
});

test('the fixture holds only shapes the page sends (run after the tests above)', () => {
    for (const f of FIXTURE) {
        assert.ok(seenShapes.has(shapeOf(f)), `no test saw the page send ${JSON.stringify(f)}'s shape; seen: ${[...seenShapes]}`);
    }
});
