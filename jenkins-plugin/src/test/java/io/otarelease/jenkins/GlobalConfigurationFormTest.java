package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.model.Descriptor.FormException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Manage Jenkins » System » OTA Release, as the form submits it. Stapler binds only the keys the form sends, and a
 * repeatable with no entries sends no key; the bind here does the same (it calls the setter only when the key is
 * there). The stub FormException cannot be built, so the test checks that a FormException is what comes out.
 */
class GlobalConfigurationFormTest {

    /** The configuration without Jenkins: no constructor (it loads from disk), save() does nothing. */
    static final class Saved extends OtaGlobalConfiguration {
        int saves;

        @Override
        public synchronized void save() {
            saves++;
        }
    }

    private static OtaProfile profile(String name) {
        return new OtaProfile(name);
    }

    @Test
    void deletingTheLastProfileEmptiesTheList() throws Exception {
        Saved c = Local.withoutConstructor(Saved.class);
        c.setProfiles(List.of(profile("shop")));

        // the form after the last profile's Delete: no "profiles" key, so the bind never calls setProfiles
        c.bindForm(false, () -> c.setAllowFileStoresOnController(false));

        assertThat(c.getProfiles()).isEmpty();
        assertThat(c.saves).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aFormWithProfilesKeepsWhatItSends() throws Exception {
        Saved c = Local.withoutConstructor(Saved.class);
        c.setProfiles(List.of(profile("shop"), profile("kiosk")));

        c.bindForm(true, () -> c.setProfiles(List.of(profile("kiosk"))));

        assertThat(c.getProfiles()).extracting(OtaProfile::getName).containsExactly("kiosk");
    }

    @Test
    void duplicateNamesAreAFormErrorOnTheProfilesFieldAndChangeNothing() {
        Saved c = Local.withoutConstructor(Saved.class);
        c.setProfiles(new ArrayList<>(List.of(profile("shop"))));

        // Stapler wraps what a setter throws; the cause chain is searched
        assertThatThrownBy(() -> c.bindForm(true, () -> {
            try {
                c.setProfiles(List.of(profile("shop"), profile("shop")));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(e);
            }
        })).satisfiesAnyOf(
                e -> assertThat(e).isInstanceOf(FormException.class),
                // the stub FormException's constructor throws: reaching it is the FormException path
                e -> assertThat(e).isInstanceOf(UnsupportedOperationException.class)
                        .hasStackTraceContaining("hudson.model.Descriptor$FormException.<init>"));
        assertThat(c.getProfiles()).extracting(OtaProfile::getName).containsExactly("shop");
    }

    @Test
    void anythingElseStillPropagates() {
        Saved c = Local.withoutConstructor(Saved.class);
        assertThatThrownBy(() -> c.bindForm(true, () -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    }
}
