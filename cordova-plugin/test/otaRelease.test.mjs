// window.otaRelease in headless Chromium: each call reaches the fake native side with the contract's action and
// args, promises follow native's answers, events reach listeners, ready() hands over the launch token once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, openPage, callsAtLeast } from './harness.mjs';

let server;
let browser;
before(async () => {
    server = await startServer();
    browser = await startBrowser();
});
after(async () => {
    await browser?.close();
    await server?.close();
});

const open = (config) => openPage(browser, `${server.url}/test/index.html`, config);
// runs fn in the page with window.otaRelease; returns a handle of its (not yet settled) promise
// (a handle to a holder object, not to the promise itself, which evaluateHandle would wait for)
const start = (page, fn, ...args) => page.evaluateHandle(([source, a]) => ({
    promise: Promise.resolve().then(() => eval(source)(window.otaRelease, ...a)).then(
        (value) => ({ done: true, ok: true, value }),
        (e) => ({ done: true, ok: false, name: e.name, message: e.message, code: e.code })),
}), [`(${fn})`, args]);
const result = (handle) => Promise.race([ // a generous ceiling: a promise that never settles fails its test
    handle.evaluate((holder) => holder.promise.then((r) => JSON.parse(JSON.stringify(r)))),
    new Promise((resolve, reject) => setTimeout(() => reject(new Error('the promise did not settle in 30 s')), 30000).unref()),
]);
const answer = (page, index, ok, value, keep = false) =>
    page.evaluate(([i, o, v, k]) => window.fakeNative.answer(i, o, v, k), [index, ok, value, keep]);
const push = (page, event) => page.evaluate((e) => window.fakeNative.push(e), event);

test('the plugin clobbers window.otaRelease and opens one events channel at cordova start', async () => {
    const { page, errors } = await open();
    const calls = await callsAtLeast(page, 1);
    assert.deepEqual(calls, [{ service: 'OtaRelease', action: 'events', args: [], open: true }]);
    assert.deepEqual(await page.evaluate(() => Object.keys(window.otaRelease).sort()),
        ['applyNow', 'check', 'getChannel', 'getInfo', 'off', 'on', 'ready', 'setChannel', 'setTelemetryEnabled']);
    assert.deepEqual(errors, []);
});

test('check, applyNow and setChannel send their actions and resolve with native answers', async () => {
    const { page } = await open();
    await callsAtLeast(page, 1);
    const checked = await start(page, (ota) => ota.check());
    assert.deepEqual((await callsAtLeast(page, 2))[1], { service: 'OtaRelease', action: 'check', args: [], open: true });
    await answer(page, 1, true, { outcome: 'STAGED', version: '2.1.0' });
    assert.deepEqual(await result(checked), { done: true, ok: true, value: { outcome: 'STAGED', version: '2.1.0' } });

    const applied = await start(page, (ota) => ota.applyNow());
    assert.equal((await callsAtLeast(page, 3))[2].action, 'applyNow');
    await answer(page, 2, true, 'OK');
    assert.deepEqual(await result(applied), { done: true, ok: true });

    const beta = await start(page, (ota) => ota.setChannel('beta'));
    const back = await start(page, (ota) => ota.setChannel(null));
    const calls = await callsAtLeast(page, 5);
    assert.deepEqual(calls.slice(3).map((c) => [c.action, c.args]), [['setChannel', ['beta']], ['setChannel', [null]]]);
    await answer(page, 3, true);
    await answer(page, 4, true);
    assert.equal((await result(beta)).ok, true);
    assert.equal((await result(back)).ok, true);
});

test('native errors reject with an Error naming the call, native code kept', async () => {
    const { page } = await open();
    await callsAtLeast(page, 1);
    const checked = await start(page, (ota) => ota.check());
    const applied = await start(page, (ota) => ota.applyNow());
    await callsAtLeast(page, 3);
    await answer(page, 1, false, { code: 'OFFLINE', message: 'the update server could not be reached' });
    await answer(page, 2, false, 'nothing is staged');
    assert.deepEqual(await result(checked), { done: true, ok: false, name: 'Error', code: 'OFFLINE',
        message: 'otaRelease.check failed: the update server could not be reached' });
    assert.deepEqual(await result(applied), { done: true, ok: false, name: 'Error',
        message: 'otaRelease.applyNow failed: nothing is staged' });
});

test('setChannel refuses a bad name in JS, without a native call', async () => {
    const { page } = await open();
    await callsAtLeast(page, 1);
    const bad = await result(await start(page, (ota) => ota.setChannel('Beta Testers')));
    assert.equal(bad.ok, false);
    assert.equal(bad.name, 'TypeError');
    assert.match(bad.message, /setChannel: "Beta Testers" is not a channel name/);
    assert.deepEqual((await page.evaluate(() => window.fakeNative.summary())).map((c) => c.action), ['events']);
});

test('getInfo and getChannel resolve native info without the launch token', async () => {
    const { page } = await open();
    await callsAtLeast(page, 1);
    const info = await start(page, (ota) => ota.getInfo());
    const channel = await start(page, (ota) => ota.getChannel());
    const calls = await callsAtLeast(page, 3);
    assert.deepEqual(calls.slice(1).map((c) => [c.action, c.args]), [['getInfo', []], ['getInfo', []]]);
    const native = { current: '2.0.0', pending: '2.1.0', embedded: '1.0.0', channel: 'beta', token: 'secret-token' };
    await answer(page, 1, true, native);
    await answer(page, 2, true, native);
    assert.deepEqual((await result(info)).value, { current: '2.0.0', pending: '2.1.0', embedded: '1.0.0', channel: 'beta' });
    assert.equal((await result(channel)).value, 'beta');
});

test('events reach on() listeners, off() removes one, a failing listener does not stop the others', async () => {
    const { page, errors } = await open();
    await callsAtLeast(page, 1);
    await page.evaluate(() => {
        window.seen = [];
        window.first = (e) => window.seen.push(['first', e]);
        window.otaRelease.on('staged', window.first);
        window.otaRelease.on('staged', () => { throw new Error('listener bug'); });
        window.otaRelease.on('staged', (e) => window.seen.push(['second', e.version]));
        window.otaRelease.on('downloading', (e) => window.seen.push(['downloading', e.bytes, e.totalBytes]));
    });
    await push(page, { type: 'downloading', version: '2.1.0', bytes: 10, totalBytes: 40 });
    await push(page, { type: 'staged', version: '2.1.0' });
    await push(page, { type: 'init', token: 'not-an-event' });
    await push(page, { type: 'from-a-newer-plugin', version: '9' });
    await page.evaluate(() => window.otaRelease.off('staged', window.first));
    await push(page, { type: 'staged', version: '2.2.0' });
    assert.deepEqual(await page.evaluate(() => window.seen), [
        ['downloading', 10, 40],
        ['first', { type: 'staged', version: '2.1.0' }], ['second', '2.1.0'],
        ['second', '2.2.0'],
    ]);
    for (let i = 0; i < 300 && errors.filter((e) => e === 'listener bug').length < 2; i++) {
        await page.evaluate(() => new Promise((r) => setTimeout(r, 10))); // the rethrown errors surface from timers
    }
    assert.deepEqual(errors.filter((e) => e !== 'listener bug'), []);
    assert.equal(errors.filter((e) => e === 'listener bug').length, 2);
    const thrown = await page.evaluate(() => {
        try {
            window.otaRelease.on('stage', () => {});
            return null;
        } catch (e) {
            return e.message;
        }
    });
    assert.match(thrown, /unknown event "stage"; events are updateavailable, downloading, staged, applied, refused, reverted/);
});

test('ready() sends the init event token once, however often the page calls it', async () => {
    const { page } = await open({ initToken: 'launch-7f3a' });
    await callsAtLeast(page, 1);
    await page.waitForFunction(() => window.fakeNative.calls[0].open);
    const first = await start(page, (ota) => ota.ready());
    const second = await start(page, (ota) => ota.ready());
    const calls = await callsAtLeast(page, 2);
    assert.deepEqual(calls[1], { service: 'OtaRelease', action: 'ready', args: ['launch-7f3a'], open: true });
    await answer(page, 1, true);
    assert.deepEqual([await result(first), await result(second)], [{ done: true, ok: true }, { done: true, ok: true }]);
    assert.equal((await result(await start(page, (ota) => ota.ready()))).ok, true);
    assert.deepEqual((await page.evaluate(() => window.fakeNative.summary())).map((c) => c.action), ['events', 'ready']);
});

test('ready() takes the token from getInfo when no init event came, and a refused ready may be retried', async () => {
    const { page } = await open();
    await callsAtLeast(page, 1);
    const refused = await start(page, (ota) => ota.ready());
    await callsAtLeast(page, 2);
    await answer(page, 1, true, { current: null, pending: null, embedded: '1.0.0', channel: 'production' });
    const noToken = await result(refused);
    assert.equal(noToken.ok, false);
    assert.match(noToken.message, /^otaRelease.ready failed: the native plugin gave no launch token/);

    const retried = await start(page, (ota) => ota.ready());
    await callsAtLeast(page, 3);
    await answer(page, 2, true, { current: null, pending: null, embedded: '1.0.0', channel: 'production', token: 't-2' });
    const calls = await callsAtLeast(page, 4);
    assert.deepEqual(calls.map((c) => [c.action, c.args]),
        [['events', []], ['getInfo', []], ['getInfo', []], ['ready', ['t-2']]]);
    await answer(page, 3, false, { code: 'STALE_TOKEN', message: 'the token is not this launch\'s' });
    assert.equal((await result(retried)).code, 'STALE_TOKEN');
    const again = await start(page, (ota) => ota.ready());
    assert.deepEqual((await callsAtLeast(page, 5))[4].args, ['t-2']);
    await answer(page, 4, true);
    assert.equal((await result(again)).ok, true);
});

test("the example app's index.js reports ready at deviceready and shows the running version", async () => {
    const { page, errors } = await openPage(browser, `${server.url}/index.html`, {
        initToken: 'launch-example',
        answers: { ready: { ok: true }, getInfo: { ok: true, value: { current: '3.4.1', pending: null, embedded: '1.0.0', channel: 'production' } } },
    });
    const calls = await callsAtLeast(page, 3);
    await page.waitForFunction(() => document.getElementById('version').textContent === '3.4.1', null, { timeout: 30000 });
    await page.waitForFunction(() => window.fakeNative.calls.some((c) => c.action === 'ready'), null, { timeout: 30000 });
    const all = await page.evaluate(() => window.fakeNative.summary());
    assert.deepEqual(all.filter((c) => c.action === 'ready').map((c) => c.args), [['launch-example']]);
    assert.ok(calls.length >= 3);
    await push(page, { type: 'staged', version: '3.5.0' });
    assert.equal(await page.textContent('#update'), 'Version 3.5.0 is ready for the next start.');
    assert.deepEqual(errors, []);
});

test('the example app runs in a plain browser without cordova.js or the plugin', async () => {
    const { page, errors } = await openPage(browser, `${server.plainUrl}/index.html`);
    await page.evaluate(() => document.dispatchEvent(new Event('deviceready')));
    assert.equal(await page.textContent('#version'), '(starting)');
    assert.deepEqual(errors.filter((e) => !/404|Failed to load resource/.test(e)), []);
});
