package io.otarelease.client.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VersionsTest {
    @Test
    void preReleasesFollowSemanticVersioningPrecedence() {
        // the example chain of semver.org 2.0.0, section 11
        List<String> chain = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0");
        for (int i = 0; i < chain.size(); i++) {
            for (int j = 0; j < chain.size(); j++) {
                assertThat(Integer.signum(Versions.compare(chain.get(i), chain.get(j))))
                        .as(chain.get(i) + " vs " + chain.get(j)).isEqualTo(Integer.compare(i, j));
            }
        }
    }

    @Test
    void buildMetadataIsIgnoredAndNumbersNeverOverflow() {
        assertThat(Versions.compare("3.0.0+45", "3.0.0")).isZero();
        assertThat(Versions.compare("3.0.0+45", "3.0.0+46")).isZero();
        assertThat(Versions.compare("1.0.0-beta+exp.sha.5114f85", "1.0.0-beta")).isZero();
        assertThat(Versions.compare("3.0.0+build-1", "3.0.0")).isZero(); // a '-' inside build metadata is no pre-release
        assertThat(Versions.compare("99999999999999999999.0.0", "3.0.0")).isPositive();
        assertThat(Versions.compare("1.0.0-99999999999999999999", "1.0.0-99999999999999999998")).isPositive();
        assertThat(Versions.compare("1.0.0-2", "1.0.0-10")).isNegative(); // numeric, not lexical
        assertThat(Versions.compare("1.0.0-10", "1.0.0-a")).isNegative(); // numeric below alphanumeric
    }

    @Test
    void anAppsOwnVersionStringIsComparedLeniently() {
        assertThat(Versions.compare("3.0", "3.0.0")).isZero();
        assertThat(Versions.compare("3.x", "3.0.0")).isZero();
        assertThat(Versions.compare("", "0.0.0")).isZero();
        assertThat(Versions.atLeast("3.0.0-rc.1", "3.0.0")).isFalse();
        assertThat(Versions.atLeast("3.0.0+1", "3.0.0")).isTrue();
    }
}
