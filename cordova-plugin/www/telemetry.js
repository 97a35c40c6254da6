/*
 * The page's half of cordova-plugin-ota-release's telemetry (docs/cordova.md "Telemetry"): counts uncaught errors
 * and unhandled promise rejections (before and after ready()), measures ready() and the First Contentful Paint, and
 * times calls to the API hosts config.xml opted in (fetch and XMLHttpRequest; no other host is recorded). Events go to
 * native in small groups, `telemetry [events]`, which checks, queues and sends them. Nothing goes to native until
 * native said telemetry is on (the `{type: "telemetry", enabled, apiHosts}` message on the events channel).
 */
var exec = require('cordova/exec');

var SEND_DELAY_MS = 200; // errors in a loop become one message, not one per error
var FCP_WAIT_MS = 10000; // ready() may come before the first paint: wait this long for it
var MAX_PENDING = 200;

var config = null; // {enabled, apiHosts}: null until native told us
var pending = [];
var errors = {count: 0, beforeReady: 0};
var readyAt = null;
var offByPage = false; // setTelemetryEnabled(false) wins over a configuration native sent before it
var timer = null;
var xhrHosts = typeof WeakMap === 'function' ? new WeakMap() : null;

function send() {
    timer = null;
    if (!config) {
        return; // sent once native's configuration arrives
    }
    var events = config.enabled ? pending.filter(function (e) {
        return e.type !== 'api' || config.apiHosts.indexOf(e.host) >= 0;
    }) : [];
    if (config.enabled && errors.count > 0) {
        events.push({type: 'js_error', count: errors.count, beforeReady: errors.beforeReady});
    }
    pending = [];
    errors = {count: 0, beforeReady: 0};
    if (events.length > 0) {
        exec(function () {}, function () {}, 'OtaRelease', 'telemetry', [events]);
    }
}

function later() {
    if (timer === null) {
        timer = setTimeout(send, SEND_DELAY_MS);
    }
}

function add(event) {
    if (config && !config.enabled) {
        return;
    }
    if (pending.length < MAX_PENDING) {
        pending.push(event);
    }
    later();
}

function jsError() {
    if (config && !config.enabled) {
        return;
    }
    errors.count++;
    if (readyAt === null) {
        errors.beforeReady++;
    }
    later();
}

/** Lowercase host[:port] of a URL, or null. */
function hostOf(url) {
    try {
        return new URL(String(url), window.location.href).host.toLowerCase();
    } catch (e) {
        return null;
    }
}

/** Before native's configuration arrives every host is timed, and the ones not opted in are dropped at send. */
function counted(host) {
    return host !== null && (config === null || (config.enabled && config.apiHosts.indexOf(host) >= 0));
}

function apiCall(host, status, start) {
    add({type: 'api', host: host, status: status, seconds: (performance.now() - start) / 1000});
}

function firstContentfulPaint() {
    var paints = typeof performance.getEntriesByType === 'function' ? performance.getEntriesByType('paint') : [];
    for (var i = 0; i < paints.length; i++) {
        if (paints[i].name === 'first-contentful-paint') {
            return paints[i].startTime / 1000;
        }
    }
    return null;
}

/** Calls done(seconds or null) once the WebView painted first content, or after FCP_WAIT_MS without. */
function whenPainted(done) {
    var finished = false;
    var observer = null;
    function finish() {
        if (!finished) {
            finished = true;
            if (observer) {
                observer.disconnect();
            }
            done(firstContentfulPaint());
        }
    }
    if (firstContentfulPaint() !== null) {
        finish();
        return;
    }
    try {
        observer = new PerformanceObserver(function (list) {
            if (list.getEntries().some(function (e) {
                return e.name === 'first-contentful-paint';
            })) {
                finish();
            }
        });
        observer.observe({type: 'paint', buffered: true});
    } catch (e) {
        observer = null; // no paint timing in this WebView: the timeout sends ready without it
    }
    setTimeout(finish, FCP_WAIT_MS);
}

window.addEventListener('error', jsError); // runtime errors reach window; failed resource loads do not bubble
window.addEventListener('unhandledrejection', jsError);
window.addEventListener('pagehide', send);
document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') {
        send();
    }
});

if (typeof window.fetch === 'function') {
    var originalFetch = window.fetch;
    window.fetch = function (input) {
        var result = originalFetch.apply(window, arguments);
        var host = hostOf(typeof Request === 'function' && input instanceof Request ? input.url : input);
        if (counted(host)) {
            var start = performance.now();
            result.then(function (response) {
                apiCall(host, response.status, start);
            }, function () {
                apiCall(host, 0, start);
            });
        }
        return result;
    };
}

if (typeof XMLHttpRequest === 'function' && xhrHosts) {
    var originalOpen = XMLHttpRequest.prototype.open;
    var originalSend = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.open = function (method, url) {
        xhrHosts.set(this, hostOf(url));
        return originalOpen.apply(this, arguments);
    };
    XMLHttpRequest.prototype.send = function () {
        var xhr = this;
        var host = xhrHosts.get(xhr);
        if (counted(host)) {
            var start = performance.now();
            xhr.addEventListener('load', function () {
                apiCall(host, xhr.status, start);
            });
            var failed = function () {
                apiCall(host, 0, start);
            };
            xhr.addEventListener('error', failed);
            xhr.addEventListener('timeout', failed); // an abort is the app's choice, not a failure
        }
        return originalSend.apply(this, arguments);
    };
}

module.exports = {
    /** Native's {type: "telemetry", enabled, apiHosts} message. */
    configure: function (message) {
        config = {
            enabled: message.enabled === true && !offByPage,
            apiHosts: Array.isArray(message.apiHosts) ? message.apiHosts.map(function (h) {
                return String(h).toLowerCase();
            }) : []
        };
        later();
    },

    /** The page called otaRelease.ready(): errors from now on are after ready; readiness is reported once. */
    readyCalled: function () {
        if (readyAt !== null) {
            return;
        }
        readyAt = performance.now();
        whenPainted(function (fcpSeconds) {
            var event = {type: 'ready', sinceReadySeconds: (performance.now() - readyAt) / 1000};
            if (fcpSeconds !== null) {
                event.fcpSeconds = fcpSeconds;
            }
            add(event);
        });
    },

    /** The page turned telemetry off (at once, before native confirms) or back on (once native agreed). */
    enabledChanged: function (enabled) {
        offByPage = !enabled;
        if (config) {
            config.enabled = enabled;
        } else if (!enabled) {
            config = {enabled: false, apiHosts: []};
        }
        if (!enabled) {
            pending = [];
            errors = {count: 0, beforeReady: 0};
        }
    }
};
