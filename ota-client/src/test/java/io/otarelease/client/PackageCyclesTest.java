package io.otarelease.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of ota-client depend on each other in one direction only (json, bytes, layout → manifest,
 * signature → verify → fetch, channel → trust → device), so a format can be read without dragging in the device.
 * Imports and fully qualified names (javadoc links too) count.
 */
class PackageCyclesTest {
    static final Path SOURCES = Path.of("src/main/java/io/otarelease/client");
    static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?io\\.otarelease\\.client\\.([a-z]+)\\.");
    static final Pattern QUALIFIED = Pattern.compile("\\bio\\.otarelease\\.client\\.([a-z]+)\\.[A-Z]");

    @Test
    void noPackageCycle() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String pkg = SOURCES.relativize(f.getParent()).toString().replace('/', '.');
                String text = Files.readString(f);
                Set<String> deps = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
                for (Pattern p : List.of(IMPORT, QUALIFIED)) {
                    Matcher m = p.matcher(text);
                    while (m.find()) {
                        if (!m.group(1).equals(pkg)) {
                            deps.add(m.group(1));
                        }
                    }
                }
            }
        }
        assertThat(uses).containsKeys("signature", "verify", "device");
        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            findCycle(start, start, uses, new ArrayList<>(List.of(start)), cycles);
        }
        assertThat(cycles).as("package cycles in ota-client (dependencies: %s)", uses).isEmpty();
    }

    private static void findCycle(String start, String at, Map<String, Set<String>> uses, List<String> path,
                                  List<String> cycles) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (!path.contains(next) && next.compareTo(start) > 0) {
                path.add(next);
                findCycle(start, next, uses, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }
}
