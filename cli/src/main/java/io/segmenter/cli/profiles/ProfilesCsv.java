package io.segmenter.cli.profiles;

import io.segmenter.avro.CustomerProfile;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.apache.commons.csv.CSVFormat;

/**
 * Writes profiles as CSV, one row per customer, columns named after the {@link CustomerProfile} fields;
 * times as ISO-8601 instants (empty when null); the per-period buckets as their count ({@code bucketCount}).
 */
public final class ProfilesCsv {

    public static final List<String> COLUMNS = List.of(
            "customerId", "currency", "firstPurchaseTime", "lastPurchaseTime", "lifetimePurchaseCount",
            "lifetimeNetMonetaryMinor", "lifetimeRefundMinor", "horizonDays", "horizonPurchaseCount",
            "horizonNetMonetaryMinor", "bucketCount", "lastEventTime", "updatedAt");

    private ProfilesCsv() {}

    /** Writes a header and one row per profile, in the collection's order. */
    public static void write(Collection<CustomerProfile> profiles, Writer out) throws IOException {
        // CSVFormat.format rather than CSVPrinter: the latter's class file carries SpotBugs annotations javac warns about
        CSVFormat format = CSVFormat.RFC4180;
        out.write(format.format(COLUMNS.toArray()));
        out.write('\n');
        for (CustomerProfile p : profiles) {
            out.write(format.format(
                    p.getCustomerId(),
                    p.getCurrency(),
                    iso(p.getFirstPurchaseTime()),
                    iso(p.getLastPurchaseTime()),
                    p.getLifetimePurchaseCount(),
                    p.getLifetimeNetMonetaryMinor(),
                    p.getLifetimeRefundMinor(),
                    p.getHorizonDays(),
                    p.getHorizonPurchaseCount(),
                    p.getHorizonNetMonetaryMinor(),
                    p.getBuckets() == null ? 0 : p.getBuckets().size(),
                    iso(p.getLastEventTime()),
                    iso(p.getUpdatedAt())));
            out.write('\n');
        }
        out.flush();
    }

    private static String iso(Instant t) {
        return t == null ? "" : t.toString();
    }
}
