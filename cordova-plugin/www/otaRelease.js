/*
 * window.otaRelease: the web side of cordova-plugin-ota-release. Every call goes to the native plugin (service
 * "OtaRelease") through cordova.exec, which downloads, verifies, stages and applies signed bundles. The page only asks
 * and listens: it never sees the launch token, keys or files.
 *
 * Native actions: ready [token], check [], applyNow [], getInfo [], setChannel [name|null], setTelemetryEnabled
 * [bool], events [] (keepCallback, each message {type, ...fields}; {type: "init", token} hands this module the launch
 * token, {type: "telemetry", ...} configures www/telemetry.js).
 */
var exec = require('cordova/exec');
var telemetry = require('cordova-plugin-ota-release.telemetry');

var SERVICE = 'OtaRelease';
var EVENTS = ['updateavailable', 'downloading', 'staged', 'applied', 'refused', 'reverted'];
var CHANNEL_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

var listeners = {};
EVENTS.forEach(function (type) {
    listeners[type] = [];
});
var launchToken = null; // proves to native that this launch's page, not an old one, reported ready
var readyPromise = null;
var eventsStarted = false;

/** Calls a native action; rejects with an Error naming the call and carrying native's code, if any. */
function call(action, args) {
    startEvents();
    return new Promise(function (resolve, reject) {
        exec(resolve, function (failure) {
            reject(nativeError(action, failure));
        }, SERVICE, action, args);
    });
}

function nativeError(action, failure) {
    var message = failure && typeof failure === 'object' ? failure.message : failure;
    var error = new Error('otaRelease.' + action + ' failed: '
        + (message ? String(message) : 'the native plugin gave no reason'));
    if (failure && typeof failure === 'object' && failure.code) {
        error.code = String(failure.code);
    }
    return error;
}

/** Opens the one event channel native pushes on; called at cordova start and before any call, at most once. */
function startEvents() {
    if (eventsStarted) {
        return;
    }
    eventsStarted = true;
    exec(onNativeEvent, function (failure) {
        eventsStarted = false; // a later call retries
        console.warn(nativeError('events', failure).message);
    }, SERVICE, 'events', []);
}

function onNativeEvent(message) {
    if (!message || typeof message.type !== 'string') {
        return;
    }
    if (message.type === 'init') {
        if (typeof message.token === 'string') {
            launchToken = message.token;
        }
        return;
    }
    if (message.type === 'telemetry') {
        telemetry.configure(message);
        return;
    }
    var registered = listeners[message.type];
    if (!registered) {
        return; // an event a newer native side knows and this page does not
    }
    registered.slice().forEach(function (listener) {
        try {
            listener(message);
        } catch (e) {
            setTimeout(function () {
                throw e; // reported like any uncaught error, without stopping the other listeners
            }, 0);
        }
    });
}

/** getInfo's answer without the launch token, which only this module keeps. */
function nativeInfo() {
    return call('getInfo', []).then(function (info) {
        info = info || {};
        if (typeof info.token === 'string') {
            launchToken = info.token;
        }
        return {
            current: info.current == null ? null : String(info.current),
            pending: info.pending == null ? null : String(info.pending),
            embedded: info.embedded == null ? null : String(info.embedded),
            channel: info.channel == null ? null : String(info.channel)
        };
    });
}

function checkEvent(type, listener, method) {
    if (EVENTS.indexOf(type) < 0) {
        throw new TypeError('otaRelease.' + method + ': unknown event "' + type + '"; events are '
            + EVENTS.join(', '));
    }
    if (typeof listener !== 'function') {
        throw new TypeError('otaRelease.' + method + '("' + type + '", listener): listener must be a function');
    }
}

module.exports = {
    /**
     * Tells native this launch's page works, so the running bundle is kept (without it native rolls back after
     * OtaReadyTimeoutSeconds). Idempotent: the token goes to native once; later calls get the same promise.
     */
    ready: function () {
        telemetry.readyCalled();
        if (!readyPromise) {
            var tokenKnown = launchToken !== null ? Promise.resolve() : nativeInfo();
            readyPromise = tokenKnown.then(function () {
                if (launchToken === null) {
                    throw new Error('otaRelease.ready failed: the native plugin gave no launch token (did it '
                        + 'start? its log names a bad config.xml preference; or www/otaRelease.js and the native '
                        + 'plugin come from different cordova-plugin-ota-release versions)');
                }
                return call('ready', [launchToken]);
            }).then(function () {
                return undefined;
            });
            readyPromise.catch(function () {
                readyPromise = null; // a failed report may be retried
            });
        }
        return readyPromise;
    },

    /** Asks the update server now: resolves {outcome, version?, reason?}. */
    check: function () {
        return call('check', []);
    },

    /** Reloads the WebView into the staged bundle; rejects if nothing is staged. */
    applyNow: function () {
        return call('applyNow', []).then(function () {
            return undefined;
        });
    },

    /** Resolves {current, pending, embedded, channel}: versions as strings, or null. */
    getInfo: function () {
        return nativeInfo();
    },

    getChannel: function () {
        return nativeInfo().then(function (info) {
            return info.channel;
        });
    },

    /** Follows another channel from the next check on; null goes back to config.xml's OtaChannel. */
    setChannel: function (name) {
        if (name !== null && (typeof name !== 'string' || !CHANNEL_NAME.test(name))) {
            return Promise.reject(new TypeError('otaRelease.setChannel: "' + name + '" is not a channel name '
                + '(lowercase letters, digits, ".", "_", "-", up to 64, starting with a letter or digit) nor null'));
        }
        return call('setChannel', [name]).then(function () {
            return undefined;
        });
    },

    /**
     * Turns the app's telemetry off (what is queued is deleted, nothing more is recorded or sent) or back on; the
     * choice is kept across restarts. Turning it on rejects when config.xml turned it off.
     */
    setTelemetryEnabled: function (enabled) {
        if (typeof enabled !== 'boolean') {
            return Promise.reject(new TypeError('otaRelease.setTelemetryEnabled: enabled must be true or false, not '
                + enabled));
        }
        if (!enabled) {
            telemetry.enabledChanged(false); // stop at once, not when native answers
        }
        return call('setTelemetryEnabled', [enabled]).then(function () {
            telemetry.enabledChanged(enabled);
        });
    },

    on: function (type, listener) {
        checkEvent(type, listener, 'on');
        startEvents();
        if (listeners[type].indexOf(listener) < 0) {
            listeners[type].push(listener);
        }
    },

    off: function (type, listener) {
        checkEvent(type, listener, 'off');
        var at = listeners[type].indexOf(listener);
        if (at >= 0) {
            listeners[type].splice(at, 1);
        }
    }
};

// Events native queued during startup (applied, reverted) reach listeners added before or at deviceready.
require('cordova/channel').onCordovaReady.subscribe(startEvents);
