package io.segmenter.trainer.report;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.RfmFeatures;
import io.segmenter.model.Scorer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which segment each customer was in at an earlier instant and is in at the end (pure): both profiles,
 * folded by the shared fold, are scored by the fitted model's {@link Scorer} on {@link RfmFeatures#at} at
 * their own clock, as the app scores. Customers who changed segment form a from -> to matrix with the net spend
 * of the movers in between (purchases minus refunds after the instant, up to the end); customers with no
 * scorable profile at the instant (no purchase yet) form the "new" row. Only customers scorable at the end
 * count.
 *
 * @param customers customers scorable at the end
 * @param stayed customers scorable at both instants in the same segment
 * @param stayedRevenue net spend between the instant and the end of those who stayed (major units); likewise
 *     {@code movedRevenue} of those who moved and {@code newRevenue} of those new since the instant
 * @param moves customers scorable at both instants whose segment changed, by pair, most customers first
 * @param arrivals customers new since the instant, by the segment they are in at the end, most customers first
 */
public record SegmentTransitions(long since, long end, long customers, long stayed, double stayedRevenue, double movedRevenue,
        double newRevenue, List<Move> moves, List<Move> arrivals) {

    /** Label of the "from" side of customers who were not scorable at the instant. */
    public static final String NEW = "new";

    /**
     * @param from the segment id at the instant; null for a customer new since then
     * @param revenue the net spend of these customers between the instant and the end (major units)
     */
    public record Move(Integer from, String fromLabel, int to, String toLabel, long customers, double revenue) {}

    private record Pair(Integer from, int to) {}

    private static final Comparator<Move> MOST_CUSTOMERS_FIRST = Comparator.comparingLong(Move::customers).reversed()
            .thenComparing(Move::from, Comparator.nullsLast(Comparator.naturalOrder())).thenComparingInt(Move::to);

    /**
     * @param bucketDays the width of the profiles' buckets, as {@link RfmFeatures#at} needs it
     * @param asOf each customer's profile folded as of {@code since} (absent: no transaction by then)
     * @param atEnd each customer's profile folded at {@code end}
     */
    public static SegmentTransitions of(SegmentModel model, int bucketDays, long since, long end,
            Map<String, CustomerProfile> asOf, Map<String, CustomerProfile> atEnd) {
        Segments segments = new Segments(model, bucketDays);
        Map<Pair, long[]> byPair = new HashMap<>(); // customers, spend (minor units)
        long customers = 0;
        long stayed = 0;
        long[] spentMinor = new long[3]; // stayed, moved, new: summed exactly before one conversion
        String currency = null;
        for (Map.Entry<String, CustomerProfile> e : atEnd.entrySet()) {
            CustomerProfile now = e.getValue();
            if (!RfmFeatures.isScorable(now)) {
                continue; // refunds only: the report leaves them out too
            }
            customers++;
            currency = now.getCurrency(); // one reader converts every amount to one reporting currency
            CustomerProfile then = asOf.get(e.getKey());
            // lifetime totals only grow by the transactions after the instant, so their difference is the spend in between
            long spent = now.getLifetimeNetMonetaryMinor() - (then == null ? 0 : then.getLifetimeNetMonetaryMinor());
            int to = segments.of(now, end);
            Integer from = then != null && RfmFeatures.isScorable(then) ? segments.of(then, since) : null;
            if (from != null && from == to) {
                stayed++;
                spentMinor[0] += spent;
            } else {
                long[] pair = byPair.computeIfAbsent(new Pair(from, to), k -> new long[2]);
                pair[0]++;
                pair[1] += spent;
                spentMinor[from == null ? 2 : 1] += spent;
            }
        }
        List<Move> moves = new ArrayList<>();
        List<Move> arrivals = new ArrayList<>();
        for (Map.Entry<Pair, long[]> e : byPair.entrySet()) {
            Integer from = e.getKey().from();
            int to = e.getKey().to();
            Move m = new Move(from, from == null ? NEW : segments.label(from), to, segments.label(to), e.getValue()[0],
                    RfmFeatures.toMajor(e.getValue()[1], currency));
            (from == null ? arrivals : moves).add(m);
        }
        moves.sort(MOST_CUSTOMERS_FIRST);
        arrivals.sort(MOST_CUSTOMERS_FIRST);
        return new SegmentTransitions(since, end, customers, stayed, RfmFeatures.toMajor(spentMinor[0], currency),
                RfmFeatures.toMajor(spentMinor[1], currency), RfmFeatures.toMajor(spentMinor[2], currency), List.copyOf(moves),
                List.copyOf(arrivals));
    }

    /** Customers scorable at both instants whose segment changed. */
    public long moved() {
        return moves.stream().mapToLong(Move::customers).sum();
    }

    /** Customers scorable at the end but not at the instant. */
    public long newCustomers() {
        return arrivals.stream().mapToLong(Move::customers).sum();
    }

    /** Customers whose segment at the end is not the one they had at the instant: moved plus new. */
    public long changed() {
        return moved() + newCustomers();
    }

    /** @param sinceRule how the instant was given, for the reader (e.g. "90d before the end") */
    public Map<String, Object> toJson(String sinceRule) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("since", Instant.ofEpochMilli(since).toString());
        out.put("since_rule", sinceRule);
        out.put("end", Instant.ofEpochMilli(end).toString());
        out.put("customers", customers);
        out.put("stayed", stayed);
        out.put("moved", moved());
        out.put("new", newCustomers());
        out.put("changed", changed());
        out.put("stayed_revenue", stayedRevenue);
        out.put("moved_revenue", movedRevenue);
        out.put("new_revenue", newRevenue);
        out.put("moves", moves.stream().map(SegmentTransitions::json).toList());
        out.put("new_by_segment", arrivals.stream().map(SegmentTransitions::json).toList());
        return out;
    }

    private static Map<String, Object> json(Move m) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (m.from() != null) {
            out.put("from", m.from());
            out.put("from_label", m.fromLabel());
        }
        out.put("to", m.to());
        out.put("to_label", m.toLabel());
        out.put("customers", m.customers());
        out.put("revenue", m.revenue());
        return out;
    }

    /** The fitted model's segment of a profile at a clock time, as the app assigns it. */
    private static final class Segments {
        private final Scorer scorer;
        private final List<Centroid> centroids;
        private final Map<Integer, String> labels = new LinkedHashMap<>();
        private final int bucketDays;
        private final double[] features = new double[RfmFeatures.NAMES.size()];
        private final double[] scratch = new double[RfmFeatures.NAMES.size()];

        Segments(SegmentModel model, int bucketDays) {
            this.scorer = new Scorer(model);
            this.centroids = model.getCentroids();
            this.bucketDays = bucketDays;
            centroids.forEach(c -> labels.put(c.getSegmentId(), c.getLabel()));
        }

        int of(CustomerProfile p, long now) {
            RfmFeatures.at(p, now, bucketDays, features);
            return centroids.get(scorer.score(features, scratch, null).centroidIndex()).getSegmentId();
        }

        String label(int segmentId) {
            return labels.get(segmentId);
        }
    }
}
