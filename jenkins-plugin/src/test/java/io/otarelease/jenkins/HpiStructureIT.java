package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the built target/ota-release.hpi and checks what Jenkins' plugin manager reads: the manifest, the jars
 * under WEB-INF/lib, index.jelly, the extension index, and that no Jenkins class (a stub) was shipped.
 */
class HpiStructureIT {
    static final List<String> JENKINS_PACKAGES = List.of("hudson/", "jenkins/", "org/jenkinsci/", "org/kohsuke/",
            "com/cloudbees/", "net/java/sezpoz/", "org/jvnet/", "com/google/common/", "edu/umd/", "org/slf4j/",
            "org/apache/commons/");

    static Path hpi;
    static Map<String, byte[]> libs = new LinkedHashMap<>();
    static Manifest manifest;

    @BeforeAll
    static void open() throws IOException {
        hpi = Path.of(System.getProperty("ota.hpi", "target/ota-release.hpi"));
        assertThat(hpi).exists();
        try (JarFile jar = new JarFile(hpi.toFile())) {
            manifest = jar.getManifest();
            for (ZipEntry e : java.util.Collections.list(jar.entries())) {
                if (e.getName().startsWith("WEB-INF/lib/") && !e.isDirectory()) {
                    try (InputStream in = jar.getInputStream(e)) {
                        libs.put(e.getName().substring("WEB-INF/lib/".length()), in.readAllBytes());
                    }
                }
            }
        }
    }

    @Test
    void theManifestCarriesWhatThePluginManagerReads() {
        Attributes a = manifest.getMainAttributes();
        String jenkins = System.getProperty("ota.jenkinsVersion", "2.541.3");

        assertThat(a.getValue("Manifest-Version")).isEqualTo("1.0");
        assertThat(a.getValue("Short-Name")).isEqualTo("ota-release");
        assertThat(a.getValue("Long-Name")).isEqualTo("OTA Release");
        assertThat(a.getValue("Group-Id")).isEqualTo("io.otarelease");
        assertThat(a.getValue("Artifact-Id")).isEqualTo("ota-release");
        assertThat(a.getValue("Plugin-Version")).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(a.getValue("Jenkins-Version")).isEqualTo(jenkins).startsWith("2.541.");
        assertThat(a.getValue("Hudson-Version")).isEqualTo(jenkins);
        assertThat(a.getValue("Plugin-Class")).as("no legacy hudson.Plugin").isNull();
        assertThat(a.getValue("PluginFirstClassLoader")).as("one copy of each library: no plugin-first loading")
                .isNull();
        Map<String, String> deps = new LinkedHashMap<>();
        for (String d : a.getValue("Plugin-Dependencies").split(",")) {
            String[] parts = d.split(":", 2);
            deps.put(parts[0], parts[1]);
        }
        String sdk = "2.42.33-70.vd69c0763fa_60";
        assertThat(deps).containsExactly(Map.entry("workflow-step-api", "724.v538c2362b_dfb_"),
                Map.entry("credentials", "1511.v2e3cb_0008ef0"), Map.entry("plain-credentials", "199.v9f8e1f741799"),
                Map.entry("aws-credentials", "265.v8422a_f384cd9"), Map.entry("structs", "362.va_b_695ef4fdf9"),
                Map.entry("aws-java-sdk2-core", sdk), Map.entry("aws-java-sdk2-s3", sdk),
                Map.entry("aws-java-sdk2-cloudfront", sdk), Map.entry("jackson2-api", "2.22.1-443.vc91f592333c4"),
                Map.entry("snakeyaml-api", "2.5-149.v72471e9c6371"),
                Map.entry("apache-httpcomponents-client-5-api", "5.6.3-202.v310919c85b_f6"));
    }

    /**
     * What WEB-INF/lib may hold: the plugin, ota-core, the slim JavaScript parser, and the parts of the AWS SDK v2 no
     * API plugin carries (the KMS client; the HTTP clients ota-core picks explicitly).
     */
    static final List<String> BUNDLED = List.of("ota-release", "ota-core-.*", "ota-client-.*", "ota-js-parser-.*", "jsoup-.*",
            "(kms|sts|url-connection-client|apache5-client)-2\\.[0-9.]+");

    /** Libraries an API plugin this one depends on carries; a copy here would be a second, different class. */
    static final List<String> API_PLUGIN_JARS = List.of("(sdk-core|aws-core|auth|regions|utils|s3|cloudfront)-2\\..*",
            "jackson-.*", "snakeyaml-.*", "httpclient5-.*", "httpcore5-.*", "reactive-streams-.*", "eventstream-.*",
            "dynamodb-.*", "js-language-.*", "truffle-api-.*", "polyglot-.*");

    /** Jars Jenkins core ships (war/WEB-INF/lib): a second copy in a plugin shadows or splits them. */
    static final List<String> CORE_JARS = List.of("slf4j-.*", "jcl-over-slf4j-.*", "log4j-over-slf4j-.*",
            "commons-(io|lang|lang3|codec|collections|beanutils|logging|jelly|fileupload2-core|compress)-.*",
            "guava-.*", "jna-.*", "xstream-.*", "groovy-.*", "spring-.*", "asm-.*", "jakarta\\.servlet.*",
            "javax\\.servlet.*", "stapler-.*", "annotation-indexer-.*", "sezpoz-.*", "jenkins-.*", "remoting-.*");

    @Test
    void webInfLibHoldsThePluginJarAndOtaCoreWithItsRuntimeLibrariesOnly() {
        assertThat(libs.keySet()).anyMatch(n -> n.equals("ota-release.jar"))
                .anyMatch(n -> n.matches("ota-core-.*\\.jar")).anyMatch(n -> n.matches("ota-client-.*\\.jar"))
                .anyMatch(n -> n.matches("ota-js-parser-.*\\.jar")).anyMatch(n -> n.matches("kms-2.*\\.jar"));
        for (String lib : libs.keySet()) {
            String name = lib.replaceFirst("\\.jar$", "");
            assertThat(BUNDLED).as(lib + " is expected in WEB-INF/lib").anyMatch(name::matches);
            assertThat(CORE_JARS).as(lib + " is shipped by Jenkins core").noneMatch(name::matches);
            assertThat(API_PLUGIN_JARS).as(lib + " comes from an API plugin").noneMatch(name::matches);
        }
        assertThat(libs.keySet()).noneMatch(n -> n.contains("stubs") || n.contains("tests"));
    }

    @Test
    void theHpiStaysSmallBecauseTheApiPluginsCarryTheLibraries() throws IOException {
        // 32.6 MB while the AWS SDK, Jackson, HttpClient 5 and all of GraalJS were bundled; about 6 MB now
        assertThat(Files.size(hpi)).as("size of " + hpi).isLessThan(10L << 20);
    }

    @Test
    void noJenkinsClassIsShipped() throws IOException {
        for (Map.Entry<String, byte[]> lib : libs.entrySet()) {
            for (String entry : entries(lib.getValue())) {
                if (entry.endsWith(".class")) {
                    assertThat(JENKINS_PACKAGES).as(lib.getKey() + " ships " + entry)
                            .noneMatch(entry::startsWith);
                }
            }
        }
    }

    @Test
    void thePluginJarHasIndexJellyTheStepsAndTheirForms() throws IOException {
        List<String> entries = entries(libs.get("ota-release.jar"));

        String pkg = "io/otarelease/jenkins/";
        assertThat(entries).contains("index.jelly", pkg + "OtaSignStep.class", pkg + "OtaSignStep$DescriptorImpl.class",
                pkg + "OtaSignStep/config.jelly", pkg + "OtaSignStep/help.html",
                pkg + "OtaSignStep/help-pinCredentialsId.html", pkg + "OtaVerifyStep/config.jelly",
                pkg + "OtaReleaseAction/summary.jelly", pkg + "OtaGlobalConfiguration/config.jelly",
                pkg + "OtaGateStep/config.jelly", pkg + "OtaPromoteStep/config.jelly", pkg + "OtaCanaryStep/config.jelly",
                pkg + "OtaRollbackStep/config.jelly", pkg + "OtaRegistryStep/config.jelly",
                pkg + "OtaNotifyStep.class", pkg + "OtaNotifyStep/config.jelly", pkg + "OtaNotifyStep/help.html",
                pkg + "OtaNotifyStep/help-notificationCredentialsIds.html", pkg + "OtaNotifyStep/help-failOnError.html",
                pkg + "OtaPromoteStep/help-percent.html", pkg + "OtaRollbackStep/help-reason.html",
                "META-INF/annotations/hudson.Extension", "META-INF/services/annotations/org.jenkinsci.Symbol");
        assertThat(entries).noneMatch(e -> e.startsWith("io/otarelease/jenkins/stubs/"));
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(libs.get("ota-release.jar")))) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Short-Name")).isEqualTo("ota-release");
        }
    }

    @Test
    void theExtensionIndexInThePluginJarRegistersEveryStep(@TempDir Path tmp) throws IOException {
        Path jar = tmp.resolve("ota-release.jar");
        Files.write(jar, libs.get("ota-release.jar"));
        List<String> indexed = new ArrayList<>();
        // Only the shipped jar is searched: the parent holds hudson.Extension, as Jenkins core does at run time.
        try (URLClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, Extension.class.getClassLoader()) {
            @Override
            public java.util.Enumeration<URL> getResources(String name) throws IOException {
                return findResources(name);
            }
        }) {
            for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, cl)) {
                indexed.add(item.className());
            }
            try (InputStream in = cl.getResourceAsStream("META-INF/services/annotations/org.jenkinsci.Symbol")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines())
                        .contains(OtaGlobalConfiguration.class.getName(), OtaProfile.DescriptorImpl.class.getName(),
                                OtaSignStep.DescriptorImpl.class.getName(), OtaGateStep.DescriptorImpl.class.getName(),
                                OtaPromoteStep.DescriptorImpl.class.getName(),
                                OtaCanaryStep.DescriptorImpl.class.getName(),
                                OtaRollbackStep.DescriptorImpl.class.getName(),
                                OtaRegistryStep.DescriptorImpl.class.getName(),
                                OtaNotifyStep.DescriptorImpl.class.getName());
            }
        }
        String pkg = "io.otarelease.jenkins.";
        assertThat(indexed).containsExactlyInAnyOrder(pkg + "OtaSignStep$DescriptorImpl",
                pkg + "OtaVerifyStep$DescriptorImpl", pkg + "OtaGateStep$DescriptorImpl",
                pkg + "OtaPromoteStep$DescriptorImpl", pkg + "OtaCanaryStep$DescriptorImpl",
                pkg + "OtaRollbackStep$DescriptorImpl", pkg + "OtaRegistryStep$DescriptorImpl",
                pkg + "OtaNotifyStep$DescriptorImpl", pkg + "OtaRefreshStep$DescriptorImpl",
                pkg + "OtaIncidentStep$DescriptorImpl",
                pkg + "OtaReportStep$DescriptorImpl", pkg + "OtaAdoptionStep$DescriptorImpl",
                pkg + "OtaGlobalConfiguration", pkg + "OtaProfile$DescriptorImpl",
                pkg + "OtaSignerSettings$DescriptorImpl");
    }

    static List<String> entries(byte[] jar) throws IOException {
        List<String> out = new ArrayList<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.add(e.getName());
            }
        }
        return out;
    }
}
