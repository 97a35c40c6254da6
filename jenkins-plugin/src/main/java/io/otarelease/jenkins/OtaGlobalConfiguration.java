package io.otarelease.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Manage Jenkins » System » OTA Release: the named profiles steps refer to. Data-bound, so
 * configuration-as-code sets it under {@code unclassified: otaRelease: profiles:}.
 */
@Extension
@Symbol("otaRelease")
public class OtaGlobalConfiguration extends GlobalConfiguration {
    private List<OtaProfile> profiles = new ArrayList<>();

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
