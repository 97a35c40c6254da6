package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What the Snippet Generator, the configuration form and configuration-as-code need from every data-bound class:
 * parameter names in the class file, a public getter for each constructor parameter and setter, a setter that
 * stores what the getter returns, and a form entry and a help file per field.
 */
class DataBindingTest {
    static final List<Class<?>> STEPS = List.of(OtaSignStep.class, OtaVerifyStep.class, OtaGateStep.class,
            OtaPromoteStep.class, OtaCanaryStep.class, OtaRollbackStep.class, OtaRefreshStep.class,
            OtaIncidentStep.class, OtaReportStep.class, OtaAdoptionStep.class, OtaRegistryStep.class,
            OtaNotifyStep.class);

    @ParameterizedTest
    @ValueSource(classes = {OtaSignStep.class, OtaVerifyStep.class, OtaGateStep.class, OtaPromoteStep.class,
        OtaCanaryStep.class, OtaRollbackStep.class, OtaRefreshStep.class, OtaIncidentStep.class, OtaReportStep.class,
        OtaAdoptionStep.class,
        OtaRegistryStep.class, OtaNotifyStep.class,
        OtaProfile.class, OtaSignerSettings.class})
    void everyParameterHasAGetterAFormEntryAndAHelpFile(Class<?> type) throws Exception {
        List<String> fields = fields(type);
        assertThat(fields).isNotEmpty();
        String config = resource(type, "config.jelly");
        for (String field : fields) {
            Method getter = getter(type, field);
            assertThat(Modifier.isPublic(getter.getModifiers())).as(field).isTrue();
            assertThat(getter.getReturnType()).as("getter type of " + field).isEqualTo(boundType(type, field));
            assertThat(config).as("config.jelly of " + type.getSimpleName()).containsPattern(
                    "<f:(entry|property) field=\"" + field + "\"");
            assertThat(resource(type, "help-" + field + ".html")).as("help for " + field).contains("<div>");
        }
    }

    @ParameterizedTest
    @ValueSource(classes = {OtaSignStep.class, OtaVerifyStep.class, OtaGateStep.class, OtaPromoteStep.class,
        OtaCanaryStep.class, OtaRollbackStep.class, OtaRefreshStep.class, OtaIncidentStep.class, OtaReportStep.class,
        OtaAdoptionStep.class,
        OtaRegistryStep.class, OtaNotifyStep.class})
    void eachStepHasAStepHelpPage(Class<?> type) throws Exception {
        assertThat(resource(type, "help.html")).containsPattern("Returns a (map|list of maps)");
    }

    @ParameterizedTest
    @ValueSource(classes = {OtaSignStep.class, OtaVerifyStep.class, OtaGateStep.class, OtaPromoteStep.class,
        OtaCanaryStep.class, OtaRollbackStep.class, OtaRefreshStep.class, OtaIncidentStep.class, OtaReportStep.class,
        OtaAdoptionStep.class,
        OtaRegistryStep.class, OtaNotifyStep.class,
        OtaProfile.class, OtaSignerSettings.class})
    void settersStoreWhatGettersReturnAndBlankMeansUnset(Class<?> type) throws Exception {
        Object o = newInstance(type);
        for (Method setter : setters(type)) {
            Class<?> t = setter.getParameterTypes()[0];
            if (t == boolean.class || t == int.class || t == Long.class) {
                Object value = t == boolean.class ? (Object) true : t == int.class ? (Object) 42 : (Object) 500L;
                setter.invoke(o, value);
                assertThat(getter(type, property(setter)).invoke(o)).as(property(setter)).isEqualTo(value);
                continue;
            }
            if (t != String.class) {
                continue;
            }
            String field = property(setter);
            Method getter = getter(type, field);
            setter.invoke(o, "  value-of-" + field + " ");
            assertThat(getter.invoke(o)).as(field).isEqualTo("value-of-" + field);
            setter.invoke(o, "   ");
            assertThat(getter.invoke(o)).as(field).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(classes = {OtaSignStep.class, OtaVerifyStep.class, OtaGateStep.class, OtaPromoteStep.class,
        OtaCanaryStep.class, OtaRollbackStep.class, OtaRefreshStep.class, OtaIncidentStep.class, OtaReportStep.class,
        OtaAdoptionStep.class,
        OtaRegistryStep.class, OtaNotifyStep.class,
        OtaProfile.class, OtaSignerSettings.class,
        OtaGlobalConfiguration.class})
    void constructorParameterNamesAreInTheClassFile(Class<?> type) {
        for (Constructor<?> c : type.getConstructors()) {
            for (Parameter p : c.getParameters()) {
                assertThat(p.isNamePresent()).as("compiled with -parameters: " + c).isTrue();
            }
        }
    }

    @org.junit.jupiter.api.Test
    void theGlobalConfigurationBindsItsProfilesWithAGetter() throws Exception {
        assertThat(fields(OtaGlobalConfiguration.class)).containsExactly("allowFileStoresOnController", "profiles");
        OtaGlobalConfiguration.class.getMethod("getProfiles");
        assertThat(getter(OtaGlobalConfiguration.class, "allowFileStoresOnController").getReturnType())
                .isEqualTo(boolean.class);
        assertThat(resource(OtaGlobalConfiguration.class, "config.jelly"))
                .contains("field=\"allowFileStoresOnController\"");
        assertThat(resource(OtaGlobalConfiguration.class, "help-allowFileStoresOnController.html")).contains("<div>");
        assertThat(OtaGlobalConfiguration.class.getAnnotation(org.jenkinsci.Symbol.class).value())
                .containsExactly("otaRelease");
        assertThat(resource(OtaGlobalConfiguration.class, "config.jelly")).contains("field=\"profiles\"");
    }

    @ParameterizedTest
    @ValueSource(classes = {OtaSignStep.class, OtaProfile.class, OtaSignerSettings.class})
    void everyCredentialsIdFieldIsADropDownFilledByItsDescriptor(Class<?> type) throws Exception {
        Class<?> descriptor = Class.forName(type.getName() + "$DescriptorImpl");
        String config = resource(type, "config.jelly");
        List<String> credentialFields = fields(type).stream().filter(f -> f.endsWith("CredentialsId")).toList();
        assertThat(credentialFields).isNotEmpty();
        for (String field : credentialFields) {
            Method fill = descriptor.getMethod("doFill" + Character.toUpperCase(field.charAt(0)) + field.substring(1)
                    + "Items", hudson.model.Item.class, String.class);
            assertThat(fill.getReturnType()).isEqualTo(hudson.util.ListBoxModel.class);
            assertThat(fill.getParameters()[0].isAnnotationPresent(org.kohsuke.stapler.AncestorInPath.class)).isTrue();
            assertThat(fill.getParameters()[1].isAnnotationPresent(org.kohsuke.stapler.QueryParameter.class)).isTrue();
            assertThat(fill.getParameters()[1].getName()).as("the query parameter carries the current value")
                    .isEqualTo(field);
            assertThat(config).containsPattern("<f:entry field=\"" + field + "\"[^>]*>\\s*<c:select/>");
        }
        assertThat(config).contains("xmlns:c=\"/lib/credentials\"");
    }

    /** Paths on the controller come from the administrator's profile only, never from a Jenkinsfile. */
    static final List<String> CONTROLLER_PATHS = List.of("pkcs11Config", "pkcs11Library", "privateKeyFile");

    /**
     * Set by the administrator only: the KMS endpoint decides where the controller sends requests signed with the
     * AWS credential, and the pin is the administrator's statement about the signing server.
     */
    static final List<String> ADMINISTRATOR_ONLY = List.of("kmsEndpoint", "serverPin");

    @org.junit.jupiter.api.Test
    void theSignStepOverridesEverySignerFieldOfAProfileExceptPathsOnTheController() {
        List<String> signerFields = new ArrayList<>(fields(OtaSignerSettings.class));
        signerFields.replaceAll(f -> f.equals("type") ? "signer" : f);
        signerFields.removeAll(CONTROLLER_PATHS);
        signerFields.removeAll(ADMINISTRATOR_ONLY);
        assertThat(fields(OtaSignStep.class)).doesNotContainAnyElementsOf(ADMINISTRATOR_ONLY);

        assertThat(fields(OtaSignStep.class)).containsAll(signerFields).doesNotContainAnyElementsOf(CONTROLLER_PATHS);
        assertThat(fields(OtaVerifyStep.class)).doesNotContainAnyElementsOf(CONTROLLER_PATHS);
    }

    /** The required parameters the shared library and the issue name, as constructor parameters. */
    @org.junit.jupiter.api.Test
    void requiredParametersAreConstructorParameters() {
        assertThat(constructorParameters(OtaPromoteStep.class)).containsExactly("to");
        assertThat(constructorParameters(OtaCanaryStep.class)).containsExactly("version");
        assertThat(constructorParameters(OtaRollbackStep.class)).containsExactly("reason");
        assertThat(constructorParameters(OtaGateStep.class)).isEmpty();
        assertThat(constructorParameters(OtaRegistryStep.class)).isEmpty();
        // the names the shared library's vars/ pass
        assertThat(fields(OtaPromoteStep.class)).contains("profile", "version", "to", "dir", "percent");
        assertThat(fields(OtaCanaryStep.class)).contains("profile", "version", "window", "failOnFail",
                "baselineVersion", "thresholds");
        assertThat(fields(OtaRollbackStep.class)).contains("profile", "channel", "to", "reason");
        assertThat(fields(OtaGateStep.class)).contains("profile", "dir", "junit", "sarif");
        assertThat(fields(OtaRegistryStep.class)).contains("profile");
    }

    static List<String> constructorParameters(Class<?> type) {
        return Arrays.stream(type.getConstructors()).filter(c -> c.isAnnotationPresent(DataBoundConstructor.class))
                .flatMap(c -> Arrays.stream(c.getParameters())).map(Parameter::getName).toList();
    }

    /** {@code getX()}, or {@code isX()} for a boolean, as structs reads them. */
    static Method getter(Class<?> type, String field) throws NoSuchMethodException {
        String name = Character.toUpperCase(field.charAt(0)) + field.substring(1);
        try {
            return type.getMethod("get" + name);
        } catch (NoSuchMethodException e) {
            Method is = type.getMethod("is" + name);
            assertThat(is.getReturnType()).isEqualTo(boolean.class);
            return is;
        }
    }

    /** Constructor parameters then setter properties, as structs' DescribableModel reads them. */
    static List<String> fields(Class<?> type) {
        List<String> out = new ArrayList<>();
        List<Constructor<?>> bound = Arrays.stream(type.getConstructors())
                .filter(c -> c.isAnnotationPresent(DataBoundConstructor.class)).toList();
        if (type != OtaGlobalConfiguration.class) {
            assertThat(bound).as("one @DataBoundConstructor in " + type).hasSize(1);
            Arrays.stream(bound.get(0).getParameters()).forEach(p -> out.add(p.getName()));
        }
        setters(type).forEach(m -> out.add(property(m)));
        return out;
    }

    /** The type the constructor parameter or setter takes, which the getter must return for round trips. */
    static Class<?> boundType(Class<?> type, String field) {
        for (Constructor<?> c : type.getConstructors()) {
            if (c.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Parameter p : c.getParameters()) {
                    if (p.getName().equals(field)) {
                        return p.getType();
                    }
                }
            }
        }
        return setters(type).stream().filter(m -> property(m).equals(field)).findFirst().orElseThrow()
                .getParameterTypes()[0];
    }

    static List<Method> setters(Class<?> type) {
        return Arrays.stream(type.getMethods()).filter(m -> m.isAnnotationPresent(DataBoundSetter.class))
                .peek(m -> assertThat(m.getName()).startsWith("set"))
                .peek(m -> assertThat(m.getParameterCount()).isEqualTo(1))
                .sorted(java.util.Comparator.comparing(Method::getName)).toList();
    }

    static String property(Method setter) {
        String n = setter.getName().substring(3);
        return Character.toLowerCase(n.charAt(0)) + n.substring(1);
    }

    static Object newInstance(Class<?> type) throws Exception {
        Constructor<?> c = Arrays.stream(type.getConstructors())
                .filter(k -> k.isAnnotationPresent(DataBoundConstructor.class)).findFirst().orElseThrow();
        return c.newInstance(new Object[c.getParameterCount()]);
    }

    static String resource(Class<?> type, String name) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + "/" + name)) {
            assertThat(in).as(type.getSimpleName() + "/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
