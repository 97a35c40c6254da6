package io.otarelease.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code io.otarelease.core.internal} is ota-core's own: no main source of another module (or of the shared library)
 * may import it. What other modules need lives in a public package that names its role ({@code core.io},
 * {@code core.tls}). Tests of other modules are not checked.
 */
class InternalPackageTest {
    private static final String INTERNAL = "io.otarelease.core.internal";
    private static final Pattern IMPORT =
            Pattern.compile("(?m)^\\s*import\\s+(static\\s+)?" + Pattern.quote(INTERNAL) + "\\.");
    private static final Set<String> SKIPPED_DIRS = Set.of("ota-core", "target", "node_modules", ".git", ".tools");

    @Test
    void noMainSourceOutsideOtaCoreImportsCoreInternal() throws IOException {
        Path root = repositoryRoot();
        List<Path> mainSources = mainSourcesOutsideCore(root);
        // Guards against a vacuous pass if the layout changes: the CLI's main sources must be among those scanned.
        assertThat(mainSources).anyMatch(p -> p.startsWith(root.resolve("ota-cli/src/main")));

        List<String> offenders = mainSources.stream()
                .filter(InternalPackageTest::importsInternal)
                .map(p -> root.relativize(p).toString())
                .sorted()
                .toList();
        assertThat(offenders)
                .as("main sources outside ota-core importing %s; use a public core package instead", INTERNAL)
                .isEmpty();
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("ota-core"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root (the directory holding ota-core/) above %s", Path.of("").toAbsolutePath())
                .isNotNull();
        return dir;
    }

    private static List<Path> mainSourcesOutsideCore(Path root) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName().toString();
                boolean testTree = name.equals("test") && dir.getParent().getFileName().toString().equals("src");
                boolean skipped = !dir.equals(root) && (SKIPPED_DIRS.contains(name) || testTree);
                return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = file.getFileName().toString();
                if (name.endsWith(".java") || name.endsWith(".groovy")) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return found;
    }

    private static boolean importsInternal(Path source) {
        try {
            return IMPORT.matcher(Files.readString(source)).find();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
