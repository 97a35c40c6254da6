package io.otarelease.jenkins;

import java.util.List;

/**
 * What the administrator configured in Manage Jenkins » System » OTA Release, as a step execution reads it: the
 * profiles and whether {@code file://} stores may be opened on the controller. A value, so an execution can be
 * driven with one in tests; the rules that use it live in {@link Overrides} and {@link ControllerStores}.
 */
record Administration(List<OtaProfile> profiles, boolean fileStoresOnController) {
    static Administration current() {
        OtaGlobalConfiguration g = OtaGlobalConfiguration.get();
        return new Administration(g.getProfiles(), g.isAllowFileStoresOnController());
    }

    /** @return the named profile, or null for no name; a name that matches nothing is an error */
    OtaProfile profile(String name) {
        return Profiles.find(profiles, name);
    }
}
