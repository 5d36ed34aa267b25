package io.segmenter.app.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segmenter.app.state.CachedCustomerStates;
import io.segmenter.app.state.CustomerState;
import io.segmenter.app.state.CustomerStateSerde;
import io.segmenter.avro.CustomerProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class RescoreTest {

    @Test
    void shouldWalkEveryCustomerOnceInBoundedChunksWhileNewOnesArrive() {
        // the processor's view of the cached store (3 customers held): the walk sees writes not flushed yet
        KeyValueStore<String, CustomerState> store = CachedCustomerStates.builder(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("states"), Serdes.String(), new CustomerStateSerde()).withLoggingDisabled(), 3).build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        CachedCustomerStates.ProcessorView states = CachedCustomerStates.find(store).processorView();
        for (int i = 0; i < 7; i++) {
            put(states, "c" + i);
        }
        Rescore walk = new Rescore(2, states.approximateNumEntries());
        List<String> seen = new ArrayList<>();
        List<KeyValue<String, CustomerState>> chunk = walk.next(states, 3);
        chunk.forEach(kv -> seen.add(kv.key));
        assertEquals(3, chunk.size());
        put(states, "a-new"); // behind the cursor: scored by its own event, not by the walk
        put(states, "z-new"); // ahead of the cursor: the walk reaches it
        do {
            chunk = walk.next(states, 3);
            chunk.forEach(kv -> seen.add(kv.key));
        } while (chunk.size() == 3);
        assertEquals(List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "z-new"), seen);
        assertEquals(8, walk.done());
        assertEquals(2, walk.version());
    }

    private static void put(CachedCustomerStates.ProcessorView states, String id) {
        states.put(id, CustomerState.of(new CustomerProfile(id, "GBP", null, null, 0L, 0L, 0L, 365, 0L, 0L, new ArrayList<>(), null, Instant.EPOCH, null, null, null, new java.util.HashMap<>(), new java.util.HashMap<>(), null)), 0L);
    }
}
