package io.otarelease.jenkins;

import static io.jenkins.plugins.casc.misc.Util.getUnclassifiedRoot;
import static io.jenkins.plugins.casc.misc.Util.toYamlString;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * configuration-as-code in and out: the YAML an administrator writes (every profile field, a KMS and a file signer,
 * the global switch) configures OtaGlobalConfiguration, and the export of `unclassified: otaRelease:` is that same
 * YAML again, so a controller's configuration can be exported, kept in git and applied back without loss.
 */
@WithJenkinsConfiguredWithCode
class ConfigurationAsCodeTest {
    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void aProfileGoesInAndComesOutTheSame(JenkinsConfiguredWithCodeRule j) throws Exception {
        OtaGlobalConfiguration config = OtaGlobalConfiguration.get();
        assertThat(config.isAllowFileStoresOnController()).isTrue();
        assertThat(config.getProfiles()).extracting(OtaProfile::getName).containsExactly("shop", "dev");
        OtaProfile shop = config.getProfiles().get(0);
        assertThat(shop.getS3CredentialsId()).isEqualTo("aws-ota");
        assertThat(shop.getAllowedOverrides()).isEqualTo("metricsSource");
        assertThat(shop.getSigner().getType()).isEqualTo("kms");
        assertThat(shop.getSigner().getKmsKey()).isEqualTo("alias/ota-release");

        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        String exported = toYamlString(getUnclassifiedRoot(context).get("otaRelease"));
        Map<String, Object> written;
        try (InputStream in = getClass().getResourceAsStream("configuration-as-code.yml")) {
            Map<String, Map<String, Object>> root = new Yaml().load(in);
            written = root.get("unclassified");
        }
        Map<String, Object> exportedMap = new Yaml().load(exported);
        assertThat(exportedMap).isEqualTo(written.get("otaRelease"));
    }
}
