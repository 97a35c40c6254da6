// The three lines an app needs: tell the plugin this bundle started fine, or it rolls back to the previous one.
document.addEventListener('deviceready', function () {
    window.otaRelease?.ready?.();
}, false);

// Optional: show what runs and what is coming.
document.addEventListener('deviceready', function () {
    var ota = window.otaRelease;
    if (!ota) {
        return; // a desktop browser, or the plugin is not installed
    }
    ota.getInfo().then(function (info) {
        document.getElementById('version').textContent = info.current || info.embedded || 'embedded';
    });
    ota.on('staged', function (event) {
        document.getElementById('update').textContent = 'Version ' + event.version + ' is ready for the next start.';
    });
}, false);
