package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/**
 * Jenkins renders these files only at run time, where a malformed one breaks a page: every Jelly view and help page
 * must be well-formed XML, and every Jelly view must escape by default (no markup injection from a field value).
 */
class JellyFilesTest {
    static final Path RESOURCES = Path.of("src/main/resources");

    @Test
    void everyViewAndHelpPageIsWellFormedAndViewsEscapeByDefault() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(RESOURCES)) {
            files = s.filter(p -> p.toString().endsWith(".jelly") || p.toString().endsWith(".html")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(40);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        for (Path p : files) {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            // help pages are HTML fragments; &#187; style references parse, named HTML entities would not
            f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
            if (p.toString().endsWith(".jelly")) {
                assertThat(text).as(p.toString()).startsWith("<?jelly escape-by-default='true'?>");
            }
        }
    }
}
