// Compile-only stub of org.jenkins-ci.main:jenkins-core:2.541.3 — declarations only, checked against upstream;
// Jenkins provides the real class at run time. Members the OTA Release plugin does not use are left out.
package hudson.remoting;

// Upstream (org.jenkins-ci.main:remoting, bundled by core 2.541.3) declares call/callAsync/close/join/export;
// the plugin only passes the channel through FileCallable.invoke, so no member is declared here.
public interface VirtualChannel {
}
