package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The configuration-as-code example in the README binds: every key it sets is a data-bound property of the class
 * configuration-as-code maps it to, under the symbol the global configuration declares.
 */
class ReadmeConfigurationTest {
    @Test
    @SuppressWarnings("unchecked")
    void theReadmeProfileExampleUsesOnlyBoundProperties() throws Exception {
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("## Install in Jenkins"));
        Matcher m = Pattern.compile("```yaml\\n(unclassified:.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(m.find()).as("a configuration-as-code example in the README").isTrue();

        Map<String, Object> root = new Yaml().load(m.group(1));
        Map<String, Object> unclassified = (Map<String, Object>) root.get("unclassified");
        String symbol = OtaGlobalConfiguration.class.getAnnotation(org.jenkinsci.Symbol.class).value()[0];
        Map<String, Object> config = (Map<String, Object>) unclassified.get(symbol);
        assertThat(config).as("unclassified." + symbol).containsOnlyKeys("profiles");
        List<Map<String, Object>> profiles = (List<Map<String, Object>>) config.get("profiles");
        assertThat(profiles).isNotEmpty();
        for (Map<String, Object> profile : profiles) {
            assertThat(DataBindingTest.fields(OtaProfile.class)).containsAll(profile.keySet());
            if (profile.get("thresholdsContent") != null) {
                // the canary thresholds shown parse as the canary reads them
                CanaryProbe.thresholds(profile.get("thresholdsContent").toString().getBytes(StandardCharsets.UTF_8),
                        "README");
            }
            Map<String, Object> signer = (Map<String, Object>) profile.get("signer");
            assertThat(DataBindingTest.fields(OtaSignerSettings.class)).containsAll(signer.keySet());
        }
    }
}
