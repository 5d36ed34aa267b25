package io.segmenter.app.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.app.state.CustomerState;
import io.segmenter.app.state.Keys;
import io.segmenter.avro.CustomerProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class DueIndexTest {

    private static CustomerState state() {
        return CustomerState.of(new CustomerProfile("c", "GBP", null, null, 0L, 0L, 0L, 365, 0L, 0L, new ArrayList<>(), null, Instant.EPOCH, null, null, null, new java.util.HashMap<>(), new java.util.HashMap<>(), null));
    }

    @Test
    void shouldWriteTheIndexOnlyWhenTheDueTimeMovesEarlier() {
        KeyValueStore<Bytes, byte[]> store = StoreUnits.inMemory("due", Serdes.Bytes(), Serdes.ByteArray());
        DueIndex index = new DueIndex(store);
        CustomerState s = state();
        assertTrue(index.file(s, "c", 500));
        assertFalse(index.file(s, "c", 900), "later: the earlier entry stays");
        assertFalse(index.file(s, "c", 500));
        assertTrue(index.file(s, "c", 300), "earlier: filed again");
        assertEquals(2, store.approximateNumEntries());
        assertEquals(300, s.filedDue());

        List<Bytes> due = index.due(400, 10);
        assertEquals(List.of(Keys.timed(300, "c")), due, "a range scan up to now, nothing later");
        index.remove(due.getFirst(), s);
        assertEquals(CustomerState.NOT_FILED, s.filedDue(), "the recorded entry came up: the customer is filed again on its look");
        assertEquals(1, store.approximateNumEntries(), "the stale later entry stays until it comes up");
        index.remove(index.due(600, 10).getFirst(), s);
        assertEquals(0, store.approximateNumEntries());
    }

    @Test
    void shouldBoundATickAndClearAnErasedCustomersEntry() {
        KeyValueStore<Bytes, byte[]> store = StoreUnits.inMemory("due", Serdes.Bytes(), Serdes.ByteArray());
        DueIndex index = new DueIndex(store);
        for (int i = 0; i < 5; i++) {
            index.file(state(), "c" + i, 100 + i);
        }
        assertEquals(3, index.due(1_000, 3).size());
        CustomerState s = state();
        index.file(s, "gone", 50);
        index.clear(s, "gone");
        assertEquals(5, store.approximateNumEntries());
    }
}
