package io.segmenter.app.process;

import io.segmenter.app.state.CustomerState;
import io.segmenter.avro.CustomerProfile;
import org.apache.kafka.streams.kstream.internals.Change;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Sends each customer's profile to {@code customer-profiles} when the record cache of the state store
 * flushes it (at commit, or on eviction): at most once per commit interval per customer however many
 * transactions it folded, inside the same exactly-once transaction as the state. A deleted state (erasure)
 * flushes as a tombstone. This is the hook the DSL's cached KTables use (Kafka Streams internals: the
 * topology test pins the behaviour).
 */
final class ProfileFlushForwarder implements CacheFlushListener<String, CustomerState> {

    private final InternalProcessorContext<String, Object> context;
    private final ProcessorNode<?, ?, ?, ?> node;
    private final String child;

    private ProfileFlushForwarder(ProcessorContext<String, Object> context, String child) {
        this.context = (InternalProcessorContext<String, Object>) context;
        this.node = this.context.currentNode();
        this.child = child;
    }

    /** Registers the forwarder on the store (during the processor's init); false when the store has no cache. */
    static boolean register(KeyValueStore<String, CustomerState> store, ProcessorContext<String, Object> context, String child) {
        @SuppressWarnings("unchecked")
        WrappedStateStore<?, String, CustomerState> wrapped = (WrappedStateStore<?, String, CustomerState>) store;
        return wrapped.setFlushListener(new ProfileFlushForwarder(context, child), false);
    }

    @Override
    public void apply(Record<String, Change<CustomerState>> record) {
        ProcessorNode<?, ?, ?, ?> previous = context.currentNode();
        context.setCurrentNode(node);
        try {
            CustomerState state = record.value().newValue;
            CustomerProfile profile = state == null ? null : state.profile();
            context.forward(record.withValue(profile), child);
        } finally {
            context.setCurrentNode(previous);
        }
    }
}
