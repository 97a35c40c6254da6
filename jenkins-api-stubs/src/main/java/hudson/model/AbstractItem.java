// Compile-only stub of org.jenkins-ci.main:jenkins-core:2.541.3 — declarations only, checked against upstream;
// Jenkins provides the real class at run time. Members the OTA Release plugin does not use are left out.
package hudson.model;

// Upstream implements Loadable, Item and more; the plugin uses none of their members.
public abstract class AbstractItem extends Actionable {
    // Upstream's constructor takes an ItemGroup, which the plugin never names; package-private so only the
    // stubs extend it.
    AbstractItem() {
        throw new UnsupportedOperationException();
    }
}
