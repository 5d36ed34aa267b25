package io.segmenter.app.process;

import io.segmenter.app.state.CachedCustomerStates;
import io.segmenter.app.state.CustomerState;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;

/**
 * Sends each customer's profile to {@code customer-profiles} when the customer cache writes its state to the
 * store (before a commit, or on eviction): at most once per commit interval per customer however many
 * transactions it folded, inside the same exactly-once transaction as the state. An erased customer
 * flushes as a tombstone. The flush runs outside any record's processing, so it forwards as the customer
 * processor's node, as the DSL's cached KTables do (Kafka Streams internals: the topology test pins the
 * behaviour).
 */
final class ProfileFlushForwarder implements CachedCustomerStates.FlushListener {

    private final InternalProcessorContext<String, Object> context;
    private final ProcessorNode<?, ?, ?, ?> node;
    private final String child;

    ProfileFlushForwarder(ProcessorContext<String, Object> context, String child) {
        this.context = (InternalProcessorContext<String, Object>) context;
        this.node = this.context.currentNode();
        this.child = child;
    }

    @Override
    public void flushed(String customerId, CustomerState state, long timestamp) {
        ProcessorNode<?, ?, ?, ?> previous = context.currentNode();
        context.setCurrentNode(node);
        try {
            context.forward(new Record<>(customerId, (Object) (state == null ? null : state.profile()), timestamp), child);
        } finally {
            context.setCurrentNode(previous);
        }
    }
}
