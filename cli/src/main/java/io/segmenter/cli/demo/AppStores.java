package io.segmenter.cli.demo;

import io.segmenter.app.model.ModelsInUse;
import io.segmenter.app.state.CustomerState;
import io.segmenter.app.state.StoreNames;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.RfmFeatures;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** What the running app holds, read through interactive queries of its stores (one instance: all of it is local). */
final class AppStores {

    /**
     * The app's customers at one moment.
     *
     * @param profiles customers with a profile
     * @param scorable profiles with a purchase (the ones a model can score)
     * @param scoredByModel scorable customers whose stored assignment comes from the model version asked about
     * @param bySegment customers by cluster segment id, from their state
     * @param labels segment label by id, as the assignments carry it
     * @param byRfmSegment customers by named RFM segment
     * @param attributesOnly customers known by their attributes alone (no transaction)
     */
    record Census(long profiles, long scorable, long scoredByModel, Map<Integer, Long> bySegment, Map<Integer, String> labels,
            Map<String, Long> byRfmSegment, long attributesOnly) {

        Census(long profiles, long scorable, long scoredByModel, Map<Integer, Long> bySegment, Map<Integer, String> labels,
                Map<String, Long> byRfmSegment) {
            this(profiles, scorable, scoredByModel, bySegment, labels, byRfmSegment, 0);
        }

        long assigned() {
            return bySegment.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final KafkaStreams streams;
    private final ModelsInUse models;

    AppStores(KafkaStreams streams, ModelsInUse models) {
        this.streams = streams;
        this.models = models;
    }

    /** The model the app uses for {@code name} (the app's own models in use); empty while none is loaded. */
    Optional<SegmentModel> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    /** Counts the customers; empty while the stores are not queryable (starting, rebalancing). */
    Optional<Census> census(long modelVersion) {
        try {
            long count = 0;
            long scorable = 0;
            long scored = 0;
            long attributesOnly = 0;
            Map<Integer, Long> bySegment = new TreeMap<>();
            Map<Integer, String> labels = new TreeMap<>();
            Map<String, Long> byRfm = new TreeMap<>();
            try (KeyValueIterator<String, CustomerState> it = store(StoreNames.CUSTOMER_STATE, CustomerState.class).all()) {
                while (it.hasNext()) {
                    CustomerState state = it.next().value;
                    count++;
                    if (state.profile().getLastEventTime() == null && state.profile().getAttributesTime() != null) {
                        attributesOnly++;
                    }
                    SegmentAssignment a = state.assignment(models.scoringName());
                    if (RfmFeatures.isScorable(state.profile())) {
                        scorable++;
                        if (a != null && a.getModelVersion() == modelVersion) {
                            scored++;
                        }
                    }
                    if (a != null) {
                        bySegment.merge(a.getSegmentId(), 1L, Long::sum);
                        labels.put(a.getSegmentId(), a.getSegmentLabel());
                        byRfm.merge(a.getRfmSegment(), 1L, Long::sum);
                    }
                }
            }
            return Optional.of(new Census(count, scorable, scored, bySegment, labels, byRfm, attributesOnly));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    /** Customers whose assignment by model {@code name} comes from {@code version}; empty while the stores are not queryable. */
    Optional<Long> scored(String name, long version) {
        try (KeyValueIterator<String, CustomerState> it = store(StoreNames.CUSTOMER_STATE, CustomerState.class).all()) {
            long n = 0;
            while (it.hasNext()) {
                SegmentAssignment a = it.next().value.assignment(name);
                if (a != null && a.getModelVersion() == version) {
                    n++;
                }
            }
            return Optional.of(n);
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    /** Customers by segment id of model {@code name}; empty while the stores are not queryable. */
    Optional<Map<Integer, Long>> sizes(String name) {
        try (KeyValueIterator<String, CustomerState> it = store(StoreNames.CUSTOMER_STATE, CustomerState.class).all()) {
            Map<Integer, Long> sizes = new TreeMap<>();
            while (it.hasNext()) {
                SegmentAssignment a = it.next().value.assignment(name);
                if (a != null) {
                    sizes.merge(a.getSegmentId(), 1L, Long::sum);
                }
            }
            return Optional.of(sizes);
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, Class<V> type) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }
}
