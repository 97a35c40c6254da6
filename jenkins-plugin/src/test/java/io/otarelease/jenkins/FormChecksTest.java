package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The free-text fields are checked as they are typed, with the rules the steps apply, through POST-only methods. */
class FormChecksTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "staging, null", "production, null", "' production ', null",
        "null, 'Required: staging or production'", "prod, '''prod'' is not a destination: staging or production'"})
    void destination(String value, String message) {
        assertThat(FormChecks.destination(value).message()).isEqualTo(message);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "5, production, null, false", "100, production, null, false",
        "0, production, 'Required for production: the share of devices, 1 to 100', false",
        "null, production, 'Required for production: the share of devices, 1 to 100', false",
        "101, production, 'percent must be between 1 and 100 (101 is not a percent a rollout can serve)', false",
        "five, production, 'percent must be a whole number between 1 and 100, not \"five\"', false",
        "null, staging, null, false",
        "5, staging, 'Ignored: percent applies to production only', true"})
    void percent(String value, String to, String message, boolean warning) {
        FormChecks.Check c = FormChecks.percent(value, to);
        assertThat(c.message()).isEqualTo(message);
        assertThat(c.warning()).isEqualTo(warning);
    }

    @Test
    void signerType() {
        assertThat(FormChecks.signerType("hsm", true).message()).isNull();
        assertThat(FormChecks.signerType("kms", false).message()).isNull();
        assertThat(FormChecks.signerType(null, false).message()).as("a step call: the profile's signer").isNull();
        assertThat(FormChecks.signerType("remote", true).message()).isNull();
        assertThat(FormChecks.signerType(" ", true).message())
                .isEqualTo("Required: remote, kms, pkcs11 or file (hsm is another name for remote)");
        assertThat(FormChecks.signerType("HSM", false).message()).contains("'HSM' is not a signer type");
        assertThat(FormChecks.signerType("file", true).warning()).isTrue();
    }

    /** Every destination and signer type the forms accept is one the steps accept, and no more. */
    @Test
    void theFormsAcceptWhatTheStepsAccept() {
        OtaPromoteStep prod = new OtaPromoteStep("production");
        prod.setPercent(5);
        assertThat(prod.destination()).isEqualTo("production");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OtaPromoteStep("prod").destination())
                .hasMessageContaining("staging' or 'production");
        for (String type : List.of("remote", "hsm", "kms", "pkcs11", "file")) {
            assertThat(FormChecks.signerType(type, true).warning() || FormChecks.signerType(type, true).message() == null)
                    .as(type).isTrue();
            OtaSignerSettings s = new OtaSignerSettings(type);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> OtaSignerSettings.spec(s, null)).as(type)
                    .hasMessageContaining("signer needs keyId");
        }
        assertThat(FormChecks.signerType("yubikey", true).message()).contains("not a signer type");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OtaSignerSettings.spec(
                new OtaSignerSettings("yubikey"), null)).hasMessageContaining("unknown signer 'yubikey'");
    }

    /** POST only (no cross-site GET probing), the context item and the value as Stapler binds them, a form field. */
    @ParameterizedTest
    @CsvSource({"OtaPromoteStep, to", "OtaPromoteStep, percent", "OtaSignStep, signer", "OtaSignerSettings, type"})
    void eachCheckIsAPostOnlyMethodForAFieldOfTheForm(String type, String field) throws Exception {
        Class<?> owner = Class.forName("io.otarelease.jenkins." + type);
        Class<?> descriptor = Class.forName(owner.getName() + "$DescriptorImpl");
        Method check = java.util.Arrays.stream(descriptor.getMethods())
                .filter(m -> m.getName().equals("doCheck" + Character.toUpperCase(field.charAt(0)) + field.substring(1)))
                .findFirst().orElseThrow();
        assertThat(check.isAnnotationPresent(org.kohsuke.stapler.verb.POST.class)).isTrue();
        assertThat(check.getReturnType()).isEqualTo(hudson.util.FormValidation.class);
        assertThat(check.getParameterTypes()[0]).isEqualTo(hudson.model.Item.class);
        assertThat(check.getParameters()[0].isAnnotationPresent(org.kohsuke.stapler.AncestorInPath.class)).isTrue();
        assertThat(check.getParameters()[1].isAnnotationPresent(org.kohsuke.stapler.QueryParameter.class)).isTrue();
        assertThat(check.getParameters()[1].getName()).isEqualTo("value");
        String jelly = new String(owner.getResourceAsStream(type + "/config.jelly").readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(jelly).contains("field=\"" + field + "\"");
    }
}
