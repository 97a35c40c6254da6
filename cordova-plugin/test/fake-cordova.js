/*
 * Stands in for cordova.js in the browser tests: a module loader like cordova's (define/require), the channel the
 * plugin subscribes to, the clobber of window.otaRelease and deviceready, and a fake native side behind
 * cordova/exec — the only thing replaced, since it is the boundary to Java. window.fakeNative records every exec and
 * lets the test answer calls (once, or kept open like the "events" action) from page.evaluate.
 */
(function () {
    var config = window.fakeNativeConfig || {};
    var modules = {};
    var factories = {};

    var fakeNative = window.fakeNative = {
        calls: [],
        answer: function (index, ok, value, keep) {
            var c = fakeNative.calls[index];
            if (!c || !c.open) {
                throw new Error('call ' + index + ' is not open');
            }
            c.open = !!keep;
            (ok ? c.success : c.error)(value);
        },
        /** Pushes an event on the open "events" call, as native does with keepCallback. */
        push: function (event) {
            var open = fakeNative.calls.filter(function (c) {
                return c.action === 'events' && c.open;
            });
            if (open.length !== 1) {
                throw new Error(open.length + ' open events calls, expected 1');
            }
            fakeNative.answer(fakeNative.calls.indexOf(open[0]), true, event, true);
        },
        summary: function () {
            return fakeNative.calls.map(function (c) {
                return {service: c.service, action: c.action, args: c.args, open: c.open};
            });
        }
    };

    function exec(success, error, service, action, args) {
        var c = {service: service, action: action, args: args, success: success, error: error, open: true};
        fakeNative.calls.push(c);
        var auto = config.answers && config.answers[action];
        if (action === 'events' && config.initToken) {
            setTimeout(function () {
                fakeNative.answer(fakeNative.calls.indexOf(c), true, {type: 'init', token: config.initToken}, true);
            }, 0);
        } else if (auto) {
            setTimeout(function () {
                fakeNative.answer(fakeNative.calls.indexOf(c), auto.ok, auto.value, false);
            }, 0);
        }
    }

    var readyHandlers = [];
    var cordovaReady = false;
    factories['cordova/exec'] = function (require, exports, module) {
        module.exports = exec;
    };
    factories['cordova/channel'] = function (require, exports, module) {
        module.exports = {
            onCordovaReady: {
                subscribe: function (fn) {
                    if (cordovaReady) {
                        fn();
                    } else {
                        readyHandlers.push(fn);
                    }
                }
            }
        };
    };

    function require(id) {
        if (!(id in modules)) {
            if (!factories[id]) {
                throw new Error('module ' + id + ' not found');
            }
            var module = {exports: {}};
            modules[id] = module;
            factories[id](require, module.exports, module);
        }
        return modules[id].exports;
    }

    window.cordova = {
        define: function (id, factory) {
            factories[id] = factory;
        },
        require: require,
        exec: exec
    };

    // cordova.js loads each plugin's js-module as a script, clobbers its target, then fires deviceready
    var base = document.currentScript.src.replace(/cordova\.js(\?.*)?$/, '');
    var telemetryScript = document.createElement('script');
    telemetryScript.src = base + 'plugins/cordova-plugin-ota-release/www/telemetry.js';
    telemetryScript.async = false;
    document.head.appendChild(telemetryScript);
    var script = document.createElement('script');
    script.src = base + 'plugins/cordova-plugin-ota-release/www/otaRelease.js';
    script.async = false; // after telemetry.js, as cordova's plugin loader has both defined before it requires any
    script.onload = function () {
        window.otaRelease = require('cordova-plugin-ota-release.otaRelease');
        cordovaReady = true;
        readyHandlers.splice(0).forEach(function (fn) {
            fn();
        });
        function deviceReady() {
            document.dispatchEvent(new Event('deviceready'));
        }
        if (document.readyState === 'loading') {
            document.addEventListener('DOMContentLoaded', deviceReady);
        } else {
            deviceReady();
        }
    };
    document.head.appendChild(script);
})();
