package io.segmenter.cli.demo;

import io.segmenter.csv.CsvMapping;
import java.nio.file.Path;

/**
 * How to run the demo.
 *
 * @param csv the transaction file to replay
 * @param attributesCsv a customer-level file replayed as customer attributes and segmented by a second model, or null for none
 * @param mapping how to read it
 * @param httpPort the app's HTTP port (0 = a free one)
 * @param kafkaPort the broker's port (0 = a free one)
 * @param progressBar show the replay's progress bar on stderr
 */
public record DemoSettings(Path csv, Path attributesCsv, CsvMapping mapping, int httpPort, int kafkaPort, boolean progressBar) {

    /** Transactions only: the RFM model alone. */
    public DemoSettings(Path csv, CsvMapping mapping, int httpPort, int kafkaPort, boolean progressBar) {
        this(csv, null, mapping, httpPort, kafkaPort, progressBar);
    }
}
