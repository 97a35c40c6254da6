package io.otarelease.pipeline.lint;

import groovy.lang.GroovyClassLoader;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.codenarc.CodeNarcRunner;
import org.codenarc.analyzer.FilesystemSourceAnalyzer;
import org.codenarc.report.XmlReportWriter;
import org.codenarc.results.FileResults;
import org.codenarc.results.Results;
import org.codenarc.rule.Violation;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs CodeNarc with {@code codenarc/ota-library.groovy} (the Jenkins CPS rules plus general hygiene) over the
 * shared library and every Jenkinsfile; any violation fails the build with file, line, rule and message. The
 * fixture test proves the Jenkins rules really run on our kind of file: a rule that silently cannot see the code
 * would let this lint pass on anything.
 */
class CodeNarcLintTest {

    static final Path REPO = Path.of(System.getProperty("ota.repoRoot", "..")).toAbsolutePath().normalize();

    private static String ruleset() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(CodeNarcLintTest.class.getResource("/codenarc/ota-library.groovy")).toURI())
                .toUri().toString();
    }

    static List<String> lint(Path base, String includes, String excludes, String report) throws Exception {
        FilesystemSourceAnalyzer analyzer = new FilesystemSourceAnalyzer();
        analyzer.setBaseDirectory(base.toString());
        analyzer.setIncludes(includes);
        analyzer.setExcludes(excludes);
        CodeNarcRunner runner = new CodeNarcRunner();
        runner.setRuleSetFiles(ruleset());
        runner.setSourceAnalyzer(analyzer);
        List<org.codenarc.report.ReportWriter> writers = new ArrayList<>();
        if (report != null) {
            XmlReportWriter xml = new XmlReportWriter();
            xml.setOutputFile(report);
            xml.setTitle("OTA Release shared library");
            writers.add(xml);
        }
        runner.setReportWriters(writers);
        Results results = runner.execute();
        List<String> out = new ArrayList<>();
        collect(results, out);
        return out;
    }

    private static void collect(Results r, List<String> out) {
        if (r instanceof FileResults f) {
            for (Object o : f.getViolations()) {
                Violation v = (Violation) o;
                out.add(f.getPath() + ":" + v.getLineNumber() + " " + v.getRule().getName() + " (P" + v.getRule().getPriority()
                        + "): " + v.getMessage() + "  | " + (v.getSourceLine() == null ? "" : v.getSourceLine().trim()));
            }
        }
        for (Object child : r.getChildren()) {
            collect((Results) child, out);
        }
    }

    @Test
    void libraryAndJenkinsfilesHaveNoViolations() throws Exception {
        String report = System.getProperty("ota.codenarcReport", "target/codenarc.xml");
        Files.createDirectories(Path.of(report).toAbsolutePath().getParent());
        List<String> violations = lint(REPO, "vars/*.groovy,src/**/*.groovy,**/Jenkinsfile", "**/target/**,**/node_modules/**", report);
        assertThat(violations).as("CodeNarc violations (report: %s)", report).isEmpty();
        long vars;
        long src;
        try (Stream<Path> v = Files.list(REPO.resolve("vars")); Stream<Path> c = Files.walk(REPO.resolve("src"))) {
            vars = v.filter(p -> p.toString().endsWith(".groovy")).count();
            src = c.filter(p -> p.toString().endsWith(".groovy")).count();
        }
        assertThat(Files.readString(Path.of(report))).as("every library file and the three Jenkinsfiles were analysed")
                .contains("<Package path='vars' totalFiles='" + vars + "'", "<Package path='src' totalFiles='" + src + "'",
                        "<Package path='examples' totalFiles='2'");

    }

    /**
     * The Jenkins rules need the AST of a later compiler phase; CodeNarc skips a file it cannot compile to it
     * (a log line, no violation), so every linted file must compile there with the library on the class path.
     */
    @Test
    void everyLintedFileCompilesToThePhaseTheJenkinsRulesNeed() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(REPO, 6)) {
            files = s.filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/"))
                    .filter(p -> p.getFileName().toString().equals("Jenkinsfile")
                            || (p.toString().endsWith(".groovy") && (p.startsWith(REPO.resolve("vars")) || p.startsWith(REPO.resolve("src")))))
                    .sorted().collect(Collectors.toList());
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(16);
        for (Path f : files) {
            CompilationUnit unit = new CompilationUnit(null, null, new GroovyClassLoader(CodeNarcRunner.class.getClassLoader()));
            unit.addSource(f.toFile());
            unit.compile(Phases.SEMANTIC_ANALYSIS);
        }
    }

    @Test
    void theJenkinsRulesFireOnCpsMistakes() throws Exception {
        Path fixtures = Path.of(Objects.requireNonNull(getClass().getResource("/fixtures")).toURI());
        List<String> violations = lint(fixtures, "**/*.groovy", null, null);
        assertThat(violations).anyMatch(v -> v.contains("ClassNotSerializable"))
                .anyMatch(v -> v.contains("ObjectOverrideOnlyNonCpsMethods"))
                .anyMatch(v -> v.contains("ClosureInGString"))
                .anyMatch(v -> v.contains("CpsCallFromNonCpsMethod"));
    }
}
