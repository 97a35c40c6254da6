// Compile-only stub of org.jenkins-ci.main:jenkins-core:2.541.3 — declarations only, checked against upstream;
// Jenkins provides the real class at run time. Members the OTA Release plugin does not use are left out.
package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.AbstractList;

// Upstream also implements jenkins.model.OnMaster (a marker).
public class ExtensionList<T> extends AbstractList<T> {
    // Upstream's constructors take jenkins.model.Jenkins, which the plugin never names; private so nothing can
    // extend this stub.
    private ExtensionList() {
        throw new UnsupportedOperationException();
    }

    @Override
    public T get(int index) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int size() {
        throw new UnsupportedOperationException();
    }

    public static @NonNull <U> U lookupSingleton(Class<U> type) {
        throw new UnsupportedOperationException();
    }
}
