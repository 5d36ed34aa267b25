package io.segmenter.cli.observability;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root (the directory holding docker-compose.yml) from the test's working directory. */
public final class RepositoryFiles {

    private RepositoryFiles() {}

    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("docker-compose.yml not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
