package io.otarelease.jenkins.stubs;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.java.sezpoz.Indexable;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.annotation_indexer.Indexed;

/**
 * The rules of a compile-only stub: each file names the upstream artifact and version it mirrors, no body does
 * anything but throw (read from the compiled bytecode with javap), and the index annotations carry the
 * meta-annotations the processors look for.
 */
class StubRulesTest {
    static final Path SOURCES = Path.of("src/main/java");
    static final Path CLASSES = Path.of("target/classes");
    static final Pattern HEADER = Pattern.compile("^// Compile-only stub of [a-z0-9.-]+:[a-z0-9-]+(:[0-9A-Za-z._]+|"
            + " as bundled by jenkins-core [0-9.]+| \\(the version jenkins-core [0-9.]+ pins\\)| \\(1\\.4 on Maven)");

    static List<Path> stubSources() throws IOException {
        try (Stream<Path> s = Files.walk(SOURCES)) {
            return s.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !SOURCES.relativize(p).startsWith("io")).sorted().toList();
        }
    }

    @Test
    void everyStubNamesTheUpstreamArtifactAndVersionItMirrors() throws IOException {
        List<Path> sources = stubSources();
        assertThat(sources).hasSizeGreaterThan(30);
        for (Path p : sources) {
            String first = Files.readAllLines(p, StandardCharsets.UTF_8).get(0);
            assertThat(HEADER.matcher(first).find()).as(p + ": " + first).isTrue();
        }
    }

    @Test
    void everyBodyThrowsUnsupportedOperationException() throws Exception {
        List<String> classes = new ArrayList<>();
        try (Stream<Path> s = Files.walk(CLASSES)) {
            s.filter(p -> p.toString().endsWith(".class")).map(p -> CLASSES.relativize(p).toString())
                    .filter(n -> !n.startsWith("io/")).map(n -> n.replace('/', '.').replaceAll("\\.class$", ""))
                    .sorted().forEach(classes::add);
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "javap").toString(),
                "-c", "-p", "-cp", CLASSES.toString()));
        cmd.addAll(classes);
        Process javap = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(javap.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(javap.waitFor()).as(out).isZero();

        int checked = 0;
        // javap prints each member's signature line, then "Code:" and the instructions indented further
        String[] members = out.split("\n(?=  \\S)");
        for (String m : members) {
            if (!m.contains("Code:")) {
                continue;
            }
            String signature = m.lines().findFirst().orElse("").strip();
            boolean implicitConstructor = m.contains("invokespecial") && m.contains("<init>")
                    && !m.contains("athrow") && m.lines().filter(l -> l.matches("\\s+\\d+: .*")).count() == 3;
            boolean enumMachinery = signature.contains("values()") || signature.contains("valueOf(")
                    || signature.startsWith("static {}") || signature.contains("$values()")
                    || m.contains("java/lang/Enum.\"<init>\"");
            if (implicitConstructor || enumMachinery || isBridge(signature, m)) {
                continue;
            }
            assertThat(m).as(signature).contains("new", "java/lang/UnsupportedOperationException", "athrow");
            checked++;
        }
        assertThat(checked).as("stub bodies checked").isGreaterThan(50);
    }

    /** A covariant override makes javac add a bridge that only forwards to the stub method. */
    static boolean isBridge(String signature, String code) {
        String name = signature.replaceAll("^.*\\s(\\S+)\\(.*$", "$1");
        return Pattern.compile("\\d+: [ailfd]?return").matcher(code).find() && !code.contains("athrow")
                && Pattern.compile("Method [\\w/$.]*" + Pattern.quote(name) + ":").matcher(code).find();
    }

    @Test
    void extensionIsIndexableAsUpstreamAndSymbolIsIndexed() {
        assertThat(Extension.class.isAnnotationPresent(Indexable.class)).isTrue();
        assertThat(Extension.class.getAnnotation(Retention.class).value()).isEqualTo(RetentionPolicy.RUNTIME);
        assertThat(Extension.class.getAnnotation(Target.class).value())
                .containsExactly(ElementType.TYPE, ElementType.FIELD, ElementType.METHOD);
        assertThat(Symbol.class.isAnnotationPresent(Indexed.class)).isTrue();
        assertThat(Symbol.class.getAnnotation(Retention.class).value()).isEqualTo(RetentionPolicy.RUNTIME);
    }
}
