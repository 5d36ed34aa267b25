package io.segmenter.app.process;

import org.apache.kafka.common.utils.Utils;

/**
 * Which partition of the input topics holds a customer: the one the producer's default partitioner picks
 * for the UTF-8 customer id, so one customer is always one task. A record keyed by the customer id but
 * written elsewhere (a producer with its own partitioner, a manual partition) is re-routed through the
 * repartition topic instead of folding into a second, split state.
 *
 * @param partitions partitions of the transactions topic; 0 or less when unknown (nothing is re-routed)
 */
public record CustomerPartitioning(int partitions) {

    /** True when {@code partition} is where records keyed by {@code key} belong (or that cannot be told). */
    public boolean holds(byte[] key, int partition) {
        return partitions <= 0 || partition < 0 || partitionOf(key) == partition;
    }

    /** The default partitioner's choice for a record with this serialized key. */
    public int partitionOf(byte[] key) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }
}
