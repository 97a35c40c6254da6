// Compile-only stub of org.kohsuke.stapler:json-lib as bundled by jenkins-core 2.541.3 — declarations only;
// Jenkins provides the real class at run time. Members the OTA Release plugin does not use are left out.
package net.sf.json;

// Upstream extends AbstractJSON and implements JSON, Map and Comparable; the plugin asks only whether a key is there.
public final class JSONObject {
    private JSONObject() {
        throw new UnsupportedOperationException();
    }

    public boolean has(String key) {
        throw new UnsupportedOperationException();
    }
}
