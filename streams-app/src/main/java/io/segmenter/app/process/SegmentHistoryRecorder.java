package io.segmenter.app.process;

import io.segmenter.app.state.SegmentHistory;
import io.segmenter.app.state.StoreNames;
import io.segmenter.avro.SegmentAssignment;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sits on the emitted assignments (keyed by customer id, same task as the customer's state): appends each
 * segment change to the customer's bounded history, deletes it on a tombstone (erasure), forwards unchanged.
 */
public final class SegmentHistoryRecorder implements FixedKeyProcessor<String, SegmentAssignment, SegmentAssignment> {

    private FixedKeyProcessorContext<String, SegmentAssignment> context;
    private KeyValueStore<String, SegmentHistory> histories;

    @Override
    public void init(FixedKeyProcessorContext<String, SegmentAssignment> context) {
        this.context = context;
        histories = context.getStateStore(StoreNames.SEGMENT_HISTORY);
    }

    @Override
    public void process(FixedKeyRecord<String, SegmentAssignment> record) {
        String customerId = record.key();
        if (customerId != null) {
            if (record.value() == null) {
                histories.delete(customerId);
            } else {
                SegmentHistory before = histories.get(customerId);
                SegmentHistory after = (before == null ? SegmentHistory.EMPTY : before).record(record.value());
                if (after != before) {
                    histories.put(customerId, after);
                }
            }
        }
        context.forward(record);
    }
}
