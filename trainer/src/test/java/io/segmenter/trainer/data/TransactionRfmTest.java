package io.segmenter.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.PeriodBucket;
import io.segmenter.csv.CsvMapping;
import io.segmenter.model.RfmFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionRfmTest {

    private static final long DAY = RfmFeatures.DAY_MILLIS;

    @Test
    void shouldComputeTheSameFeaturesAsTheAppsProfileForTheSameTransactions(@TempDir Path tmp) throws Exception {
        // Customer 1: purchases 2, 25, 40 and 100 days before the last event, a refund 10 days before.
        Instant now = Instant.parse("2011-12-09T12:50:00Z");
        long[][] events = {{100, 1000}, {40, 2500}, {25, 400}, {10, -300}, {2, 1200}}; // days before now, pence
        List<String> lines = new ArrayList<>(List.of("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"));
        int invoice = 500000;
        for (long[] e : events) {
            String when = java.time.LocalDateTime.ofInstant(now.minusMillis(e[0] * DAY), java.time.ZoneOffset.UTC)
                    .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
            String id = e[1] < 0 ? "C" + invoice++ : Integer.toString(invoice++);
            lines.add(id + ",X,thing," + (e[1] < 0 ? -1 : 1) + "," + when + "," + Math.abs(e[1]) / 100.0 + ",12345.0,UK");
        }
        Path csv = Files.write(tmp.resolve("t.csv"), lines);

        int horizon = 30;
        int bucketDays = 7;
        TransactionRfm.Result batch = TransactionRfm.read(csv,
                new TransactionRfm.Options(CsvMapping.onlineRetail(), horizon, bucketDays, now.toEpochMilli()));

        // The app's profile of the same events: buckets aligned to the width, then RfmFeatures.at.
        long width = bucketDays * DAY;
        Map<Long, long[]> buckets = new TreeMap<>();
        for (long[] e : events) {
            long t = now.toEpochMilli() - e[0] * DAY;
            long[] b = buckets.computeIfAbsent(Math.floorDiv(t, width) * width, k -> new long[2]);
            b[0] += e[1] > 0 ? 1 : 0;
            b[1] += e[1];
        }
        List<PeriodBucket> list = buckets.entrySet().stream().map(b -> PeriodBucket.newBuilder()
                .setPeriodStart(Instant.ofEpochMilli(b.getKey())).setPurchaseCount((int) b.getValue()[0])
                .setNetMonetaryMinor(b.getValue()[1]).build()).toList();
        CustomerProfile profile = CustomerProfile.newBuilder().setCustomerId("12345").setCurrency("GBP")
                .setFirstPurchaseTime(now.minusMillis(100 * DAY)).setLastPurchaseTime(now.minusMillis(2 * DAY))
                .setLifetimePurchaseCount(4).setLifetimeNetMonetaryMinor(4800).setLifetimeRefundMinor(300)
                .setHorizonDays(horizon).setHorizonPurchaseCount(0).setHorizonNetMonetaryMinor(0).setBuckets(list)
                .setLastEventTime(now).setUpdatedAt(now).build();
        double[] app = RfmFeatures.at(profile, now.toEpochMilli(), bucketDays, new double[3]);

        assertEquals(now.toEpochMilli(), batch.nowMillis());
        assertEquals(List.of("12345"), batch.table().ids());
        assertArrayEquals(app, batch.table().rows()[0], 1e-9);
        assertArrayEquals(new double[] {2, 2, 13.0}, batch.table().rows()[0], 1e-9,
                "2 days; purchases at 2 and 25 days (the 40-day one is outside the 30-day window's buckets); 12 + 4 - 3 pounds");
    }
}
