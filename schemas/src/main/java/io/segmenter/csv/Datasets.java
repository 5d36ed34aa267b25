package io.segmenter.csv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the repository's {@code datasets/} folder (Online Retail, CC GENERAL) from wherever the code runs. */
public final class Datasets {

    public static final String ONLINE_RETAIL = "online_retail.csv.gz";
    public static final String CC_GENERAL = "cc_general.csv";
    public static final String CUSTOMER_DEMOGRAPHICS = "customer_demographics.csv";

    private Datasets() {}

    /**
     * The file {@code datasets/<fileName>} found by walking up from {@code segmenter.home} (set by the
     * launcher) or else the working directory (a module directory under Maven).
     */
    public static Optional<Path> find(String fileName) {
        String home = System.getProperty("segmenter.home");
        Path start = Path.of(home != null ? home : System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("datasets").resolve(fileName);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
