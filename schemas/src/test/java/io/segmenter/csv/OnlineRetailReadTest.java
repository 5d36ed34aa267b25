package io.segmenter.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Reads the real Online Retail file. The expected figures were computed independently with Python's
 * csv and decimal modules applying the rules of {@link CsvTransactionReader}'s javadoc.
 */
class OnlineRetailReadTest {

    @Test
    void shouldReadEveryInvoiceOfOnlineRetailByTheDocumentedRules() throws IOException {
        Path file = Datasets.find(Datasets.ONLINE_RETAIL).orElseThrow(
                () -> new IllegalStateException("datasets/" + Datasets.ONLINE_RETAIL + " not found above " + Path.of("").toAbsolutePath()));
        List<CsvProblem> problems = new ArrayList<>();
        long purchaseMinor = 0;
        long refundMinor = 0;
        Set<String> customers = new HashSet<>();
        CsvReadStats stats;
        try (CsvTransactionReader reader = CsvTransactionReader.open(file, CsvMapping.onlineRetail(), problems::add)) {
            while (reader.hasNext()) {
                Transaction t = reader.next();
                if (t.getKind() == TransactionKind.PURCHASE) {
                    purchaseMinor += t.getAmountMinor();
                } else {
                    refundMinor += t.getAmountMinor();
                }
                if (!t.getCustomerId().isEmpty()) {
                    customers.add(t.getCustomerId());
                }
            }
            stats = reader.stats();
            assertEquals(reader.totalBytes(), reader.bytesRead());
        }
        assertEquals(541_909, stats.rows());
        assertEquals(19_960, stats.purchases());
        assertEquals(3_836, stats.refunds());
        assertEquals(1_609, stats.withoutCustomer());
        assertEquals(0, stats.unreadableRows());
        assertEquals(2_105, stats.skippedTransactions()); // 2,102 non-positive purchase invoices + 3 bad-debt adjustments
        assertEquals(1, stats.splitTransactions()); // invoice 542806 reappears at line 78,094
        assertEquals(2_105, problems.size());
        assertTrue(problems.stream().allMatch(p -> p.kind() == CsvProblem.Kind.SKIPPED));
        assertEquals(1_065_562_248L, purchaseMinor);
        assertEquals(89_681_249L, refundMinor);
        assertEquals(4_371, customers.size());
    }
}
