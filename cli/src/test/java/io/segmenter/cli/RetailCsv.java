package io.segmenter.cli;

import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.broker.junit.KafkaTestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small Online Retail style file for end-to-end tests: four kinds of customer (invoices, days between
 * them, line amount) far enough apart that the trainer's gates pass, over 2011.
 */
final class RetailCsv {

    private static final int[][] KINDS = {{12, 20, 90}, {1, 1, 8}, {5, 45, 30}, {2, 10, 300}};
    static final int PER_KIND = 30;

    private RetailCsv() {}

    /**
     * The settings of an app that replays such a file: topics of its own (named after {@code app}), three
     * partitions, the stream clock (the file is from 2011), an HTTP port picked by the system. Callers add
     * their own keys before building the {@link SegmenterConfig}.
     */
    static Map<String, Object> appSettings(KafkaTestCluster kafka, String app, Path stateDir) {
        Map<String, Object> c = new HashMap<>();
        c.put(SegmenterConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        c.put(SegmenterConfig.APPLICATION_ID, app);
        for (String topic : List.of(SegmenterConfig.TOPIC_TRANSACTIONS, SegmenterConfig.TOPIC_MODELS, SegmenterConfig.TOPIC_PROFILES,
                SegmenterConfig.TOPIC_SEGMENTS, SegmenterConfig.TOPIC_DLQ, SegmenterConfig.TOPIC_ERASURES, SegmenterConfig.TOPIC_ATTRIBUTES)) {
            c.put(topic, app + "-" + topic.substring("topic.".length()).replace('.', '-'));
        }
        c.put(SegmenterConfig.TOPIC_PARTITIONS, "3");
        c.put(SegmenterConfig.STATE_DIR, stateDir.toString());
        c.put(SegmenterConfig.CLOCK, SegmenterConfig.CLOCK_STREAM);
        c.put(SegmenterConfig.HTTP_PORT, "0");
        c.put(SegmenterConfig.EVENT_TIME_MAX_FUTURE_MS, Long.toString(Duration.ofDays(36_500).toMillis()));
        return c;
    }

    /** Writes the file and returns how many customers it has. */
    static int write(Path csv) throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        StringBuilder out = new StringBuilder("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
        int invoice = 500_000;
        int customers = 0;
        LocalDateTime end = LocalDateTime.of(2011, 12, 9, 12, 0);
        for (int k = 0; k < KINDS.length; k++) {
            for (int i = 0; i < PER_KIND; i++) {
                String customer = Integer.toString(10_000 + k * 1000 + i);
                customers++;
                LocalDateTime at = end.minusDays(k == 1 ? 250 + random.nextInt(60) : random.nextInt(5));
                for (int n = 0; n < KINDS[k][0]; n++) {
                    out.append(invoice++).append(",85123A,ITEM,").append(1 + random.nextInt(3)).append(',').append(time.format(at))
                            .append(',').append(KINDS[k][2] + random.nextInt(5)).append(".50,").append(customer).append(",United Kingdom\n");
                    at = at.minusDays(KINDS[k][1]);
                }
            }
        }
        Files.writeString(csv, out);
        return customers;
    }
}
