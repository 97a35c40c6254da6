package io.otarelease.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import io.otarelease.core.OtaException;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Manage Jenkins » System » OTA Release: the named profiles steps refer to, and whether {@code file://} stores may be
 * opened on the controller. Data-bound, so configuration-as-code sets it under {@code unclassified: otaRelease:}.
 */
@Extension
@Symbol("otaRelease")
public class OtaGlobalConfiguration extends GlobalConfiguration {
    private List<OtaProfile> profiles = new ArrayList<>();
    private boolean allowFileStoresOnController;

    public OtaGlobalConfiguration() {
        load();
    }

    public static OtaGlobalConfiguration get() {
        return ExtensionList.lookupSingleton(OtaGlobalConfiguration.class);
    }

    public List<OtaProfile> getProfiles() {
        return profiles == null ? List.of() : List.copyOf(profiles);
    }

    @DataBoundSetter
    public void setProfiles(List<OtaProfile> profiles) {
        List<OtaProfile> copy = profiles == null ? new ArrayList<>() : new ArrayList<>(profiles);
        Profiles.checkNames(copy);
        this.profiles = copy;
        save();
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        return bindForm(json.has("profiles"), () -> req.bindJSON(this, json));
    }

    /**
     * Binds the submitted form. A repeatable with no entries sends no {@code profiles} key, and binding only calls
     * the setters of keys present: without clearing first, the last profile could never be deleted. A bad profile
     * list (a duplicate or missing name) is a form error on the field, not a stack trace.
     */
    boolean bindForm(boolean formHasProfiles, Runnable bind) throws FormException {
        try {
            if (!formHasProfiles) {
                setProfiles(List.of());
            }
            bind.run();
            return true;
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof OtaException.BadInput bad) {
                    throw new FormException(bad.getMessage(), "profiles");
                }
            }
            throw e;
        }
    }

    public boolean isAllowFileStoresOnController() {
        return allowFileStoresOnController;
    }

    /**
     * @param allow let the controller open {@code file://} stores (off by default: the controller's file system is
     *              not the pipeline's, and a store there writes files wherever the Jenkins user can)
     */
    @DataBoundSetter
    public void setAllowFileStoresOnController(boolean allow) {
        this.allowFileStoresOnController = allow;
        save();
    }

    /** @return the named profile, or null for an empty name; a name that matches nothing is an error */
    public OtaProfile profile(String name) {
        return Profiles.find(getProfiles(), name);
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return "OTA Release";
    }
}
