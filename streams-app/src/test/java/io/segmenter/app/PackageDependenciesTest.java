package io.segmenter.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * The package structure of streams-app, read from its imports: no package cycles, and the read side (query,
 * http) never reaches into the write side's processors.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/segmenter/app");
    private static final Pattern IMPORT = Pattern.compile("^import io\\.segmenter\\.app\\.(\\w+)\\.[A-Z]", Pattern.MULTILINE);

    /** package -> packages of io.segmenter.app it imports ("root" is io.segmenter.app itself). */
    static Map<String, Set<String>> graph() {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = SOURCES.relativize(f.getParent());
                String pkg = rel.toString().isEmpty() ? "root" : rel.toString().replace('/', '.');
                Set<String> out = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        out.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deps;
    }

    @Test
    void shouldHaveNoPackageCycles() {
        Map<String, Set<String>> deps = graph();
        List<String> cycles = new ArrayList<>();
        for (String start : deps.keySet()) {
            if (reaches(deps, start, start, new TreeSet<>())) {
                cycles.add(start);
            }
        }
        assertEquals(List.of(), cycles, "packages on a cycle; dependencies: " + deps);
    }

    @Test
    void shouldKeepTheReadSideOffTheWriteSide() {
        Map<String, Set<String>> deps = graph();
        for (String read : List.of("query", "http")) {
            assertFalse(deps.getOrDefault(read, Set.of()).contains("process"), read + " imports the processors: " + deps.get(read));
            assertFalse(deps.getOrDefault(read, Set.of()).contains("root"), read + " imports the runner: " + deps.get(read));
        }
    }

    private static boolean reaches(Map<String, Set<String>> deps, String from, String target, Set<String> seen) {
        for (String next : deps.getOrDefault(from, Set.of())) {
            if (next.equals(target) || (seen.add(next) && reaches(deps, next, target, seen))) {
                return true;
            }
        }
        return false;
    }
}
