package io.segmenter.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * A small Online Retail style file for end-to-end tests: four kinds of customer (invoices, days between
 * them, line amount) far enough apart that the trainer's gates pass, over 2011.
 */
final class RetailCsv {

    private static final int[][] KINDS = {{12, 20, 90}, {1, 1, 8}, {5, 45, 30}, {2, 10, 300}};
    static final int PER_KIND = 30;

    private RetailCsv() {}

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
