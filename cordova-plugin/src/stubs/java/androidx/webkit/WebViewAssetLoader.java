package androidx.webkit;

import android.webkit.WebResourceResponse;

/**
 * Compile-time stub of androidx.webkit's WebViewAssetLoader (Google's repository only), with the exact signature of
 * the one member cordova-android's {@code CordovaPluginPathHandler} and this plugin use. Never shipped: the app's
 * build links the real androidx.webkit that cordova-android depends on.
 */
public final class WebViewAssetLoader {
    private WebViewAssetLoader() {
    }

    /** Serves the requests under the prefix it was registered for; null lets the next handler try. */
    public interface PathHandler {
        WebResourceResponse handle(String path);
    }
}
