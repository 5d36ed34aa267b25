package io.segmenter.app.process;

import io.segmenter.app.state.CustomerState;
import io.segmenter.app.state.CustomerStateSerde;
import io.segmenter.avro.CustomerProfile;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.kstream.internals.Change;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachingKeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Sends each customer's profile to {@code customer-profiles} when the record cache of the state store
 * flushes it (at commit, or on eviction): at most once per commit interval per customer however many
 * transactions it folded, inside the same exactly-once transaction as the state. A deleted state (erasure)
 * flushes as a tombstone. This is the hook the DSL's cached KTables use (Kafka Streams internals: the
 * topology test pins the behaviour).
 */
final class ProfileFlushForwarder implements CacheFlushListener<byte[], byte[]> {

    private final InternalProcessorContext<String, Object> context;
    private final ProcessorNode<?, ?, ?, ?> node;
    private final String child;

    private ProfileFlushForwarder(ProcessorContext<String, Object> context, String child) {
        this.context = (InternalProcessorContext<String, Object>) context;
        this.node = this.context.currentNode();
        this.child = child;
    }

    /**
     * Registers the forwarder on the store's cache layer (during the processor's init), below the metered
     * layer so a flushed entry is not decoded whole: only its profile is. False when the store has no cache.
     */
    static boolean register(KeyValueStore<String, CustomerState> store, ProcessorContext<String, Object> context, String child) {
        StateStore layer = store;
        while (layer instanceof WrappedStateStore<?, ?, ?> wrapped && !(layer instanceof CachingKeyValueStore)) {
            layer = wrapped.wrapped();
        }
        return layer instanceof CachingKeyValueStore cache && cache.setFlushListener(new ProfileFlushForwarder(context, child), false);
    }

    @Override
    public void apply(Record<byte[], Change<byte[]>> record) {
        ProcessorNode<?, ?, ?, ?> previous = context.currentNode();
        context.setCurrentNode(node);
        try {
            byte[] state = record.value().newValue;
            CustomerProfile profile = state == null ? null : CustomerStateSerde.decodeProfile(state);
            context.forward(new Record<>(new String(record.key(), StandardCharsets.UTF_8), (Object) profile, record.timestamp(), record.headers()), child);
        } finally {
            context.setCurrentNode(previous);
        }
    }
}
