package io.segmenter.cli.demo;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * "The app has processed everything": the Kafka Streams application's consumer group has committed, on
 * every partition of its input topics, the offset at the end of the log. Under exactly-once the offsets
 * commit in the same transaction as the outputs and state changes, so at that point every input record
 * has changed state, been counted as a duplicate or reached the dead-letter topic. Those results are
 * visible to read_committed readers once the transaction's commit markers reach the output partitions,
 * which the coordinator writes after, and apart from, the offsets' marker: so the output topics must also
 * have no open transaction (their last stable offset at their end). Exact: no timing guess.
 */
final class CatchUp {

    private final Admin admin;
    private final String groupId;
    private final Collection<String> topics;
    private final Collection<String> outputs;

    /**
     * @param groupId the app's {@code application.id}
     * @param topics the app's source topics (input and repartition); a topic that does not exist yet is skipped
     * @param outputs the topics the app writes that readers read (profiles, segments, dead letters)
     */
    CatchUp(Admin admin, String groupId, Collection<String> topics, Collection<String> outputs) {
        this.admin = admin;
        this.groupId = groupId;
        this.topics = topics;
        this.outputs = outputs;
    }

    /**
     * Records not yet committed as processed, summed over the source topics' partitions, plus the records of
     * transactions still open (or whose commit marker is not written yet) on the output topics.
     */
    long lag() {
        try {
            // Committed offsets first, end offsets second: records an input transaction wrote to the repartition
            // topic are in its log by the time that commit is visible, so they cannot be missed.
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(groupId, new ListConsumerGroupOffsetsOptions().requireStable(true))
                    .partitionsToOffsetAndMetadata().get();
            var ends = admin.listOffsets(latest(topics)).all().get();
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
            }
            Map<TopicPartition, OffsetSpec> outputEnds = latest(outputs);
            var stable = admin.listOffsets(outputEnds, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
            var written = admin.listOffsets(outputEnds, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
            for (var e : written.entrySet()) {
                lag += Math.max(0, e.getValue().offset() - stable.get(e.getKey()).offset());
            }
            return lag;
        } catch (ExecutionException e) {
            return Long.MAX_VALUE; // e.g. the group's offsets are unstable while a transaction is open: ask again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Long.MAX_VALUE;
        }
    }

    /** The end of every partition of {@code names}; a topic that does not exist yet is skipped. */
    private Map<TopicPartition, OffsetSpec> latest(Collection<String> names) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : names) {
            try {
                var description = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic);
                description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        return latest;
    }

    /** Returns once the lag is zero. */
    void await(Duration timeout) throws InterruptedException, TimeoutException {
        Poll.until("the app to process every record of " + topics, timeout, () -> lag() == 0);
    }
}
