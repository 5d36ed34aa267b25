package io.segmenter.cli.demo;

import io.segmenter.csv.CsvMapping;
import java.nio.file.Path;

/**
 * How to run the demo.
 *
 * @param csv the transaction file to replay
 * @param mapping how to read it
 * @param httpPort the app's HTTP port (0 = a free one)
 * @param kafkaPort the broker's port (0 = a free one)
 * @param progressBar show the replay's progress bar on stderr
 */
public record DemoSettings(Path csv, CsvMapping mapping, int httpPort, int kafkaPort, boolean progressBar) {}
