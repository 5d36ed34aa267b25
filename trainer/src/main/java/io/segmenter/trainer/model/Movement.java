package io.segmenter.trainer.model;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.ExpectedMovement;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.SegmentModel;
import io.segmenter.avro.SegmentMove;
import io.segmenter.model.Scorer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many customers of a snapshot a new model would move to another segment than the model in use gives
 * them, on the same data: the movement the refit itself causes, per (from, to) segment pair. Segment ids
 * are comparable because the trainer matches the new centroids to the previous model's.
 *
 * @param moves moved customers by previous segment id, then new segment id
 */
public record Movement(long customers, long moved, Map<Integer, Map<Integer, Long>> moves) {

    /** One from -> to pair and how many customers take it. */
    public record Move(int from, int to, long customers) {}

    /**
     * The movement from {@code previous} to the new model's assignment {@code segmentOfRow} of {@code data};
     * null when the previous model scores other features (the two cannot be compared customer by customer).
     */
    public static Movement between(SegmentModel previous, Prepared data, int[] segmentOfRow) {
        List<String> previousFeatures = previous.getFeatures().stream().map(FeatureSpec::getName).toList();
        if (!previousFeatures.equals(data.names())) {
            return null;
        }
        Scorer scorer;
        try {
            scorer = new Scorer(previous);
        } catch (IllegalArgumentException unusable) { // a model the app would refuse today: nothing to compare with
            return null;
        }
        List<Centroid> centroids = previous.getCentroids();
        double[] scratch = new double[data.names().size()];
        Map<Integer, Map<Integer, Long>> moves = new TreeMap<>();
        long moved = 0;
        for (int i = 0; i < data.size(); i++) {
            int before = centroids.get(scorer.score(data.raw()[i], scratch, null).centroidIndex()).getSegmentId();
            int after = segmentOfRow[i];
            if (before != after) {
                moved++;
                moves.computeIfAbsent(before, b -> new TreeMap<>()).merge(after, 1L, Long::sum);
            }
        }
        return new Movement(data.size(), moved, moves);
    }

    /** As the model record carries it, compared with model {@code version}. */
    public ExpectedMovement toRecord(long version) {
        return ExpectedMovement.newBuilder().setComparedWithVersion(version).setCustomers(customers).setMoved(moved)
                .setMoves(largest(Integer.MAX_VALUE).stream()
                        .map(m -> SegmentMove.newBuilder().setFromSegmentId(m.from()).setToSegmentId(m.to()).setCustomers(m.customers()).build())
                        .toList())
                .build();
    }

    public double share() {
        return customers == 0 ? 0.0 : (double) moved / customers;
    }

    /** The pairs most customers take, largest first. */
    public List<Move> largest(int limit) {
        List<Move> all = new ArrayList<>();
        moves.forEach((from, to) -> to.forEach((t, n) -> all.add(new Move(from, t, n))));
        all.sort(Comparator.comparingLong(Move::customers).reversed().thenComparingInt(Move::from).thenComparingInt(Move::to));
        return all.subList(0, Math.min(limit, all.size()));
    }

    /** e.g. "would move 312 of 4,338 customers (7.19 %): 2->5 180, 1->2 90". */
    public String describe() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "would move %,d of %,d customers (%.2f %%)", moved, customers,
                100.0 * share()));
        List<Move> top = largest(5);
        for (int i = 0; i < top.size(); i++) {
            Move m = top.get(i);
            b.append(i == 0 ? ": " : ", ").append(m.from()).append("->").append(m.to()).append(' ').append(String.format(Locale.ROOT, "%,d", m.customers()));
        }
        return b.toString();
    }
}
