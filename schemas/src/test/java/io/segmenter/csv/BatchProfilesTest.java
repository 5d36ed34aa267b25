package io.segmenter.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchProfilesTest {

    private static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

    @Test
    void shouldCountPurchasesAddTheirAmountsSubtractRefundsAndKeepTheLatestPurchase(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, HEADER
                + "1,a,x,2,2011-01-02 10:00:00,1.25,7.0,UK\n" // purchase 250 pence
                + "1,b,y,1,2011-01-02 10:05:00,0.50,7.0,UK\n" // same invoice: +50
                + "2,a,x,1,2011-03-01 09:00:00,10.00,7.0,UK\n" // purchase 1000, the latest
                + "C3,a,x,-1,2011-04-01 09:00:00,1.25,7.0,UK\n" // refund 125, later than any purchase
                + "4,a,x,1,2011-02-01 09:00:00,3.00,,UK\n" // no customer: set aside
                + "C5,a,x,-2,2011-02-01 09:00:00,1.00,8.0,UK\n"); // refunds only

        BatchProfiles.Result result = BatchProfiles.of(csv, CsvMapping.onlineRetail());

        assertEquals(Map.of(
                "7", new BatchProfiles.Totals(2, 250 + 50 + 1000 - 125, Instant.parse("2011-03-01T09:00:00Z")),
                "8", new BatchProfiles.Totals(0, -200, null)), result.byCustomer());
        assertEquals(1, result.withoutCustomer());
        assertEquals(0, result.duplicates());
    }

    @Test
    void shouldCountATransactionIdOnceForTheSameCustomerAsTheAppsDedupeDoes() {
        var t = io.segmenter.avro.Transaction.newBuilder()
                .setTransactionId("9").setCustomerId("7").setEventTime(Instant.parse("2011-01-02T10:00:00Z"))
                .setAmountMinor(100).setCurrency("GBP").setKind(io.segmenter.avro.TransactionKind.PURCHASE).build();

        BatchProfiles.Result result = BatchProfiles.of(java.util.List.of(t, t).iterator());

        assertEquals(Map.of("7", new BatchProfiles.Totals(1, 100, t.getEventTime())), result.byCustomer());
        assertEquals(1, result.duplicates());
    }
}
