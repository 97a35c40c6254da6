// Compile-only stub of org.kohsuke.stapler:stapler as bundled by jenkins-core 2.541.3 — declarations only;
// Jenkins provides the real type at run time. Members the OTA Release plugin does not use are left out.
package org.kohsuke.stapler;

import net.sf.json.JSONObject;

// Upstream extends jakarta.servlet.http.HttpServletRequest (not on this class path; Maven Central's stapler 1.263 is
// javax-based and has no StaplerRequest2); the plugin only binds a form to itself.
public interface StaplerRequest2 {
    void bindJSON(Object bean, JSONObject src);
}
