package io.otarelease.pipeline;

import io.otarelease.pipeline.harness.PipelineHarness;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file of the library compiles on Groovy 2.4.21, the version Jenkins runs pipelines on (newer syntax such
 * as lambdas, {@code var} or {@code !in} would fail in Jenkins even where the linter's Groovy 3 accepts it), and
 * every Jenkinsfile parses on it.
 */
class GroovyParseTest {

    private static final Path REPO = PipelineHarness.REPO;

    static List<Path> groovyFiles(String dir) throws IOException {
        try (Stream<Path> s = Files.walk(REPO.resolve(dir))) {
            return s.filter(p -> p.toString().endsWith(".groovy")).sorted().collect(Collectors.toList());
        }
    }

    static List<Path> jenkinsfiles() throws IOException {
        try (Stream<Path> s = Files.walk(REPO, 3)) {
            return s.filter(p -> p.getFileName().toString().equals("Jenkinsfile"))
                    .filter(p -> !REPO.relativize(p).toString().contains("target")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void libraryCompilesToClassesOnGroovy2421() throws IOException {
        assertThat(groovy.lang.GroovySystem.getVersion()).isEqualTo("2.4.21");
        CompilerConfiguration config = new CompilerConfiguration();
        config.setSourceEncoding("UTF-8");
        config.addCompilationCustomizers(new ImportCustomizer().addStarImports("com.cloudbees.groovy.cps"));
        CompilationUnit unit = new CompilationUnit(config, null, new groovy.lang.GroovyClassLoader(getClass().getClassLoader(), config));
        List<Path> files = Stream.concat(groovyFiles("src").stream(), groovyFiles("vars").stream()).collect(Collectors.toList());
        assertThat(files).hasSizeGreaterThanOrEqualTo(13);
        files.forEach(f -> unit.addSource(f.toFile()));
        unit.compile(Phases.CLASS_GENERATION);
    }

    @Test
    void everyJenkinsfileParsesOnGroovy2421() throws IOException {
        List<Path> files = jenkinsfiles();
        assertThat(files.stream().map(p -> REPO.relativize(p).toString()))
                .contains("Jenkinsfile", "examples/app/Jenkinsfile", "examples/rollback/Jenkinsfile");
        for (Path f : files) {
            CompilationUnit unit = new CompilationUnit();
            unit.addSource(f.toFile());
            // parse and build the AST only: @Library and the steps resolve in Jenkins, not here
            unit.compile(Phases.CONVERSION);
        }
    }

    @Test
    void aGroovy3OnlyConstructIsRefused() {
        CompilationUnit unit = new CompilationUnit();
        unit.addSource("Lambda.groovy", "def f = (x) -> x + 1\nassert !(1 !in [2])\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> unit.compile(Phases.CONVERSION))
                .hasMessageContaining("Lambda.groovy");
    }
}
