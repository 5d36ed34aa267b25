package io.segmenter.app.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * The customer state store behind an object cache: the customer processor reads and writes live
 * {@link CustomerState} objects ({@link #processorView()}), and each changed customer reaches the
 * changelogged store once, when Kafka Streams flushes caches before a commit (or when the cache evicts it),
 * through the same hook the record cache uses. Kafka's record cache keeps serialized bytes in a sorted map,
 * so every read decoded a whole state and every write encoded one; this keeps the objects and encodes once
 * per commit. At most {@code maxEntries} customers per task are held (least recently used leave first).
 *
 * <p>Everything else (interactive queries, from other threads) reads the store as last flushed, at most one
 * commit interval behind the processor. A dirty close drops the cache with the uncommitted transaction.
 */
public final class CachedCustomerStates extends WrappedStateStore<KeyValueStore<String, CustomerState>, String, CustomerState>
        implements KeyValueStore<String, CustomerState> {

    /** Called for every customer written from the cache to the store; {@code state} null for an erased one. */
    public interface FlushListener {
        void flushed(String customerId, CustomerState state, long timestamp);
    }

    /** What the customer processor sees: its own writes, before they are flushed. */
    public interface ProcessorView {
        CustomerState get(String customerId);

        void put(String customerId, CustomerState state, long timestamp);

        void delete(String customerId, long timestamp);

        /** Up to {@code limit} customers after {@code after} (null: from the first), in key order, every write included. */
        List<KeyValue<String, CustomerState>> range(String after, int limit);

        long approximateNumEntries();
    }

    private static final class Cached {
        final String customerId;
        CustomerState state; // null: erased
        long timestamp;
        boolean dirty;

        Cached(String customerId, CustomerState state, long timestamp) {
            this.customerId = customerId;
            this.state = state;
            this.timestamp = timestamp;
        }
    }

    private final int maxEntries;
    private final Map<String, Cached> cache;
    /** The entries made dirty since the last flush, so a flush visits them alone, not every cached customer. */
    private final List<Cached> dirty = new ArrayList<>();
    private FlushListener listener = (id, state, timestamp) -> { };

    CachedCustomerStates(KeyValueStore<String, CustomerState> inner, int maxEntries) {
        super(inner);
        this.maxEntries = maxEntries;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                if (size() <= CachedCustomerStates.this.maxEntries) {
                    return false;
                }
                write(eldest.getKey(), eldest.getValue());
                return true;
            }
        };
    }

    /**
     * {@code inner} (the changelogged store, its record cache off) behind an object cache of at most
     * {@code maxEntries} customers per task (0: every write goes to the store at once).
     */
    public static StoreBuilder<KeyValueStore<String, CustomerState>> builder(StoreBuilder<KeyValueStore<String, CustomerState>> inner,
            int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("the customer cache holds 0 or more customers, not " + maxEntries);
        }
        inner.withCachingDisabled();
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<KeyValueStore<String, CustomerState>> withCachingEnabled() {
                return this; // the object cache is the cache
            }

            @Override
            public StoreBuilder<KeyValueStore<String, CustomerState>> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<String, CustomerState>> withLoggingEnabled(Map<String, String> config) {
                inner.withLoggingEnabled(config);
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<String, CustomerState>> withLoggingDisabled() {
                inner.withLoggingDisabled();
                return this;
            }

            @Override
            public KeyValueStore<String, CustomerState> build() {
                return new CachedCustomerStates(inner.build(), maxEntries);
            }

            @Override
            public Map<String, String> logConfig() {
                return inner.logConfig();
            }

            @Override
            public boolean loggingEnabled() {
                return inner.loggingEnabled();
            }

            @Override
            public String name() {
                return inner.name();
            }
        };
    }

    /** The cache under the decorators Kafka Streams puts around a processor's store, or null when it has none. */
    public static CachedCustomerStates find(StateStore store) {
        StateStore layer = store;
        while (!(layer instanceof CachedCustomerStates) && layer instanceof WrappedStateStore<?, ?, ?> wrapped) {
            layer = wrapped.wrapped();
        }
        return layer instanceof CachedCustomerStates cached ? cached : null;
    }

    public void setFlushListener(FlushListener listener) {
        this.listener = listener;
    }

    public ProcessorView processorView() {
        return view;
    }

    private final ProcessorView view = new ProcessorView() {
        @Override
        public CustomerState get(String customerId) {
            Cached e = cache.get(customerId);
            if (e != null) {
                return e.state;
            }
            CustomerState state = wrapped().get(customerId);
            if (state != null && maxEntries > 0) {
                cache.put(customerId, new Cached(customerId, state, 0L));
            }
            return state;
        }

        @Override
        public void put(String customerId, CustomerState state, long timestamp) {
            change(customerId, state, timestamp);
        }

        @Override
        public void delete(String customerId, long timestamp) {
            change(customerId, null, timestamp);
        }

        @Override
        public List<KeyValue<String, CustomerState>> range(String after, int limit) {
            writeDirty(); // the store then holds every write, in key order
            List<KeyValue<String, CustomerState>> out = new ArrayList<>(limit);
            try (KeyValueIterator<String, CustomerState> it = wrapped().range(after, null)) {
                while (it.hasNext() && out.size() < limit) {
                    KeyValue<String, CustomerState> kv = it.next();
                    if (!kv.key.equals(after)) {
                        Cached cached = cache.get(kv.key); // the live object, so later writes of it are not lost
                        out.add(cached != null && cached.state != null ? KeyValue.pair(kv.key, cached.state) : kv);
                    }
                }
            }
            return out;
        }

        @Override
        public long approximateNumEntries() {
            return wrapped().approximateNumEntries();
        }
    };

    private void change(String customerId, CustomerState state, long timestamp) {
        Cached e = cache.get(customerId);
        if (e == null) {
            e = new Cached(customerId, state, timestamp);
        } else {
            e.state = state;
            e.timestamp = timestamp;
        }
        if (!e.dirty) {
            e.dirty = true;
            dirty.add(e);
        }
        // may evict the eldest, written then: with maxEntries 0 that is this one, at once
        cache.put(customerId, e);
    }

    /**
     * Writes every changed customer to the store (and tells the listener), keeping them cached. The states go
     * in one {@code putAll}: RocksDB then takes them as one write batch, not one write (and its locking) each.
     */
    private void writeDirty() {
        List<KeyValue<String, CustomerState>> states = new ArrayList<>(dirty.size());
        for (int i = 0, n = dirty.size(); i < n; i++) {
            Cached e = dirty.get(i);
            if (!e.dirty) {
                continue; // written already by an eviction, or dropped by a direct write
            }
            if (e.state == null) {
                write(e.customerId, e);
                cache.remove(e.customerId, e);
            } else {
                states.add(KeyValue.pair(e.customerId, e.state));
            }
        }
        if (!states.isEmpty()) {
            wrapped().putAll(states);
        }
        for (int i = 0, n = dirty.size(); i < n; i++) {
            Cached e = dirty.get(i);
            if (e.dirty && e.state != null) {
                e.dirty = false;
                listener.flushed(e.customerId, e.state, e.timestamp);
            }
        }
        dirty.clear();
    }

    private void write(String customerId, Cached e) {
        if (!e.dirty) {
            return;
        }
        if (e.state == null) {
            wrapped().delete(customerId);
        } else {
            wrapped().put(customerId, e.state);
        }
        e.dirty = false;
        listener.flushed(customerId, e.state, e.timestamp);
    }

    @Override
    public void flushCache() {
        writeDirty();
        super.flushCache();
    }

    @Override
    public void clearCache() {
        cache.clear();
        dirty.clear();
        super.clearCache();
    }

    @Override
    public void close() {
        cache.clear(); // a clean close flushed first; a dirty one drops what its aborted transaction wrote
        dirty.clear();
        super.close();
    }

    // the KeyValueStore seen by everyone else: the store as last flushed

    @Override
    public CustomerState get(String key) {
        return wrapped().get(key);
    }

    @Override
    public KeyValueIterator<String, CustomerState> range(String from, String to) {
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<String, CustomerState> reverseRange(String from, String to) {
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<String, CustomerState> all() {
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<String, CustomerState> reverseAll() {
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, CustomerState> prefixScan(P prefix,
            PS prefixKeySerializer) {
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    // writes from anywhere but the processor view: straight through, after the cache's own

    @Override
    public void put(String key, CustomerState value) {
        forget(key);
        wrapped().put(key, value);
    }

    @Override
    public CustomerState putIfAbsent(String key, CustomerState value) {
        forget(key);
        return wrapped().putIfAbsent(key, value);
    }

    @Override
    public void putAll(List<KeyValue<String, CustomerState>> entries) {
        entries.forEach(kv -> forget(kv.key));
        wrapped().putAll(entries);
    }

    @Override
    public CustomerState delete(String key) {
        forget(key);
        return wrapped().delete(key);
    }

    private void forget(String key) {
        Cached e = cache.remove(key);
        if (e != null) {
            e.dirty = false; // its pending write is superseded
        }
    }
}
