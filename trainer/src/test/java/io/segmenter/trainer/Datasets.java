package io.segmenter.trainer;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's {@code datasets/} directory by walking up from the module directory. */
public final class Datasets {

    private Datasets() {}

    public static Path file(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("datasets").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("datasets/" + name + " not found above " + Path.of("").toAbsolutePath());
    }
}
