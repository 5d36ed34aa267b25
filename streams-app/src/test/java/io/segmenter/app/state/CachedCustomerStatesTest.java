package io.segmenter.app.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.segmenter.avro.TransactionKind;
import io.segmenter.model.ProfileFolder;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The object cache in front of the customer state store: what the processor and everyone else see, and when the store is written. */
class CachedCustomerStatesTest {

    private static final ProfileFolder FOLDER = new ProfileFolder(365, 7, "GBP");

    private final List<Map.Entry<String, CustomerState>> flushed = new ArrayList<>();

    private CachedCustomerStates store(int maxEntries) {
        KeyValueStore<String, CustomerState> built = CachedCustomerStates.builder(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.CUSTOMER_STATE), Serdes.String(), new CustomerStateSerde())
                        .withLoggingDisabled(), maxEntries).build();
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        built.init(context.getStateStoreContext(), built);
        CachedCustomerStates cached = CachedCustomerStates.find(built);
        cached.setFlushListener((id, state, timestamp) -> flushed.add(new SimpleEntry<>(id, state)));
        return cached;
    }

    private static CustomerState withPurchases(String id, int purchases) {
        var profile = FOLDER.empty(id, 0L);
        for (int i = 0; i < purchases; i++) {
            profile = FOLDER.apply(profile, TransactionKind.PURCHASE, 1_000L * (i + 1), 500, 1_000L * (i + 1));
        }
        return CustomerState.of(profile);
    }

    @Test
    void repeatedWritesOfACustomerReachTheStoreOnceAtTheFlush() {
        CachedCustomerStates store = store(100);
        CachedCustomerStates.ProcessorView view = store.processorView();
        CustomerState state = withPurchases("c1", 1);
        view.put("c1", state, 10L);
        view.put("c1", withPurchases("c1", 2), 11L);
        CustomerState last = withPurchases("c1", 3);
        view.put("c1", last, 12L);

        assertSame(last, view.get("c1"), "the processor reads its own latest write, the same object");
        assertNull(store.get("c1"), "others see the store as last flushed");
        assertEquals(List.of(), flushed);

        store.flushCache();
        assertEquals(1, flushed.size(), "three writes, one store write");
        assertEquals(3, store.get("c1").profile().getLifetimePurchaseCount());

        store.flushCache();
        assertEquals(1, flushed.size(), "a clean customer is not written again");
    }

    @Test
    void theLeastRecentlyUsedChangedCustomerIsWrittenWhenTheCacheIsFull() {
        CachedCustomerStates store = store(2);
        CachedCustomerStates.ProcessorView view = store.processorView();
        view.put("a", withPurchases("a", 1), 1L);
        view.put("b", withPurchases("b", 1), 2L);
        view.get("a"); // a is now the most recently used
        view.put("c", withPurchases("c", 1), 3L);

        assertEquals(1, flushed.size());
        assertEquals("b", flushed.get(0).getKey());
        assertNotNull(store.get("b"));
        assertNull(store.get("a"));
        assertEquals(1, view.get("b").profile().getLifetimePurchaseCount(), "an evicted customer reads back from the store");
    }

    @Test
    void aCustomerEvictedThenChangedAgainReachesTheStoreWithItsLatestStateAndADirectWriteWins() {
        CachedCustomerStates store = store(1);
        CachedCustomerStates.ProcessorView view = store.processorView();
        view.put("a", withPurchases("a", 1), 1L);
        view.put("b", withPurchases("b", 1), 2L); // evicts a, written now
        view.put("a", withPurchases("a", 2), 3L); // evicts b, written now; a is changed again
        assertEquals(List.of("a", "b"), flushed.stream().map(Map.Entry::getKey).toList());
        store.flushCache();
        assertEquals(List.of("a", "b", "a"), flushed.stream().map(Map.Entry::getKey).toList(), "each change written once");
        assertEquals(2, store.get("a").profile().getLifetimePurchaseCount());

        view.put("a", withPurchases("a", 3), 4L);
        store.put("a", withPurchases("a", 7)); // a write from outside the processor (a restore) supersedes the pending one
        store.flushCache();
        assertEquals(3, flushed.size(), "the superseded write is not flushed");
        assertEquals(7, store.get("a").profile().getLifetimePurchaseCount());
        assertEquals(7, view.get("a").profile().getLifetimePurchaseCount());
    }

    @Test
    void anEraseReachesTheStoreAsADeleteAndTheListenerAsNull() {
        CachedCustomerStates store = store(100);
        CachedCustomerStates.ProcessorView view = store.processorView();
        view.put("c1", withPurchases("c1", 1), 1L);
        store.flushCache();
        view.delete("c1", 2L);
        assertNull(view.get("c1"));
        assertNotNull(store.get("c1"));

        store.flushCache();
        assertNull(store.get("c1"));
        assertEquals("c1", flushed.get(1).getKey());
        assertNull(flushed.get(1).getValue());
    }

    @Test
    void aRangeSeesUnflushedWritesInKeyOrderAfterTheGivenKey() {
        CachedCustomerStates store = store(100);
        CachedCustomerStates.ProcessorView view = store.processorView();
        for (String id : List.of("d", "b", "a", "c")) {
            view.put(id, withPurchases(id, 1), 1L);
        }
        CustomerState live = view.get("c");

        List<KeyValue<String, CustomerState>> page = view.range("a", 2);
        assertEquals(List.of("b", "c"), page.stream().map(kv -> kv.key).toList());
        assertSame(live, page.get(1).value, "the live object, so a later write of it is not lost");
        assertEquals(List.of("d"), view.range("c", 10).stream().map(kv -> kv.key).toList());
    }

    @Test
    void clearingTheCacheDropsWritesThatWereNotFlushed() {
        CachedCustomerStates store = store(100);
        CachedCustomerStates.ProcessorView view = store.processorView();
        view.put("c1", withPurchases("c1", 1), 1L);
        store.flushCache();
        view.put("c1", withPurchases("c1", 2), 2L);

        store.clearCache(); // what Kafka Streams does when a task's transaction aborts
        assertEquals(1, view.get("c1").profile().getLifetimePurchaseCount(), "back to the committed state");
        assertEquals(1, flushed.size());
    }

    @Test
    void withNoRoomEveryWriteGoesToTheStoreAtOnce() {
        CachedCustomerStates store = store(0);
        store.processorView().put("c1", withPurchases("c1", 1), 1L);
        assertNotNull(store.get("c1"));
        assertEquals(1, flushed.size());
    }
}
