package io.segmenter.app;

import io.segmenter.app.state.StoreNames;
import io.segmenter.app.config.SegmenterConfig;
import static io.segmenter.app.Fixtures.DAY;
import static io.segmenter.app.Fixtures.T0;
import static io.segmenter.app.Fixtures.model;
import static io.segmenter.app.Fixtures.purchase;
import static io.segmenter.app.Fixtures.refund;
import static io.segmenter.app.Fixtures.tx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.app.metrics.SegmenterMetrics;
import io.segmenter.app.state.Keys;
import io.segmenter.app.validate.DeadLetters;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.EmitReason;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import io.segmenter.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class SegmenterTopologyTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldNameEveryProcessorStoreAndTopicAndRepartitionOnce() {
        try (TopologyHarness h = new TopologyHarness()) {
            TopologyDescription d = h.topology.describe();
            String text = d.toString();
            assertFalse(text.contains("KSTREAM-") || text.contains("KTABLE-"), "a generated name:\n" + text);
            java.util.Set<String> repartitions = new java.util.TreeSet<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("[\\w.-]+-repartition").matcher(text);
            while (m.find()) {
                repartitions.add(m.group());
            }
            assertEquals(java.util.Set.of("attributes-by-customer-repartition", "erasures-by-customer-repartition", "transactions-by-customer-repartition"),
                    repartitions, text);
            for (String store : List.of(StoreNames.CUSTOMER_STATE, StoreNames.DUE_INDEX, StoreNames.DEDUPE_ARCHIVE, StoreNames.MODELS)) {
                assertTrue(text.contains(store), store);
            }
        }
    }

    @Test
    void shouldRouteEveryInvalidRecordToTheDlqWithReasonAndSourceCoordinates() {
        try (TopologyHarness h = new TopologyHarness(Map.of(SegmenterConfig.CURRENCY_RATES, "EUR=0.85"))) {
            AvroSerde<Transaction> serde = new AvroSerde<>(Transaction.class);
            Instant at = T0.minusSeconds(3600);
            List<byte[]> values = new ArrayList<>();
            values.add(utf8("not avro at all"));
            values.add(new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0});
            values.add(serde.serialize("t", tx("t1", "", at, 100, "GBP", TransactionKind.PURCHASE)));
            values.add(serde.serialize("t", tx(" ", "c1", at, 100, "GBP", TransactionKind.PURCHASE)));
            values.add(serde.serialize("t", tx("t3", "c1", at, -5, "GBP", TransactionKind.PURCHASE)));
            values.add(serde.serialize("t", tx("t4", "c1", at, 100, "USD", TransactionKind.PURCHASE)));
            values.add(serde.serialize("t", tx("t5", "c1", Fixtures.WALL.plusSeconds(3 * 86_400), 100, "GBP", TransactionKind.PURCHASE)));
            values.add(serde.serialize("t", tx("t6", "c1", at, 100, "GBP", TransactionKind.UNKNOWN)));
            values.add(serde.serialize("t", tx("t7", "c1", Instant.ofEpochMilli(Long.MIN_VALUE), 100, "GBP", TransactionKind.PURCHASE)));
            byte[] valid = serde.serialize("t", tx("t8", "c1", at, 100, "GBP", TransactionKind.PURCHASE));
            values.add(java.util.Arrays.copyOf(valid, valid.length + 1)); // a valid record and a byte more
            List<String> reasons = List.of("undecodable", "unknown_schema", "missing_customer_id", "missing_transaction_id",
                    "invalid_amount", "unsupported_currency", "future_event_time", "unknown_kind", "past_event_time", "undecodable");
            for (int i = 0; i < values.size(); i++) {
                h.rawTransactions.pipeInput(utf8("key-" + i), values.get(i));
            }
            h.send(tx("ok", "c1", at, 100, "EUR", TransactionKind.PURCHASE));

            List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
            assertEquals(reasons.size(), dead.size());
            for (int i = 0; i < dead.size(); i++) {
                TestRecord<byte[], byte[]> r = dead.get(i);
                assertArrayEquals(utf8("key-" + i), r.key());
                assertArrayEquals(values.get(i), r.value());
                assertEquals(reasons.get(i), DeadLetters.header(r.headers(), DeadLetters.REASON));
                assertEquals("transactions", DeadLetters.header(r.headers(), DeadLetters.TOPIC));
                assertEquals("0", DeadLetters.header(r.headers(), DeadLetters.PARTITION));
                assertEquals(Integer.toString(i), DeadLetters.header(r.headers(), DeadLetters.OFFSET));
                // Kafka Streams' standard dead-letter headers too
                assertEquals("transactions", DeadLetters.header(r.headers(), DeadLetters.STREAMS_TOPIC));
                assertEquals(Integer.toString(i), DeadLetters.header(r.headers(), DeadLetters.STREAMS_OFFSET));
                assertEquals(DeadLetters.header(r.headers(), DeadLetters.MESSAGE), DeadLetters.header(r.headers(), DeadLetters.STREAMS_MESSAGE));
                assertEquals("io.segmenter.app.validate.RejectedException", DeadLetters.header(r.headers(), DeadLetters.STREAMS_EXCEPTION));
                assertEquals((double) java.util.Collections.frequency(reasons, reasons.get(i)),
                        h.metrics.transactionCount(SegmenterMetrics.OUTCOME_REJECTED, reasons.get(i)), reasons.get(i));
            }
            CustomerProfile p = h.profile("c1");
            assertEquals(85, p.getLifetimeNetMonetaryMinor(), "EUR converted at the fixed rate");
            assertEquals(1.0, h.metrics.transactionCount(SegmenterMetrics.OUTCOME_APPLIED, SegmenterMetrics.REASON_NONE));
        }
    }

    @Test
    void shouldDeadLetterAnOversizedRecordBeforeItIsReKeyedAndKeepOthersFlowing() {
        try (TopologyHarness h = new TopologyHarness()) {
            AvroSerde<Transaction> serde = new AvroSerde<>(Transaction.class);
            byte[] huge = serde.serialize("t", purchase("t1", "x".repeat(1_000_000), T0, 100));
            h.rawTransactions.pipeInput(null, huge, T0.toEpochMilli()); // null key: would be re-keyed by its 1 MB customer id
            h.send(null, purchase("t2", "c" + "y".repeat(300), T0, 100)); // a small record, but its id is over id.max.chars
            h.send(null, purchase("t3", "c1", T0, 100));

            List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
            assertEquals(2, dead.size());
            assertEquals("oversized", DeadLetters.header(dead.get(0).headers(), DeadLetters.REASON));
            assertEquals(Integer.toString(huge.length), DeadLetters.header(dead.get(0).headers(), DeadLetters.ORIGINAL_BYTES));
            assertEquals(32_768, dead.get(0).value().length, "the start of the record: the dead letter itself stays writable");
            assertArrayEquals(java.util.Arrays.copyOf(huge, 32_768), dead.get(0).value());
            assertEquals("oversized", DeadLetters.header(dead.get(1).headers(), DeadLetters.REASON));
            assertTrue(DeadLetters.header(dead.get(1).headers(), DeadLetters.MESSAGE).contains("customer id has 301 characters"));
            assertEquals(1, h.profile("c1").getLifetimePurchaseCount(), "other customers keep flowing");
            assertEquals(2.0, h.metrics.transactionCount(SegmenterMetrics.OUTCOME_REJECTED, "oversized"));
            var repartition = h.driver.createOutputTopic("segmenter-transactions-by-customer-repartition",
                    new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer());
            assertTrue(repartition.readKeyValuesToList().stream().noneMatch(kv -> kv.value.length > 1_000), "nothing large was re-keyed");
        }
    }

    @Test
    void shouldFoldJsonTransactionsAndDeadLetterMalformedJsonWhenInputFormatIsJson() {
        try (TopologyHarness h = new TopologyHarness(Map.of(SegmenterConfig.INPUT_FORMAT, SegmenterConfig.INPUT_FORMAT_JSON))) {
            Instant at = T0.minusSeconds(3600);
            String json = "{\"transactionId\":\"j1\",\"customerId\":\"c9\",\"eventTime\":\"" + at
                    + "\",\"amount\":\"12.34\",\"currency\":\"GBP\",\"kind\":\"PURCHASE\"}";
            h.rawTransactions.pipeInput(utf8("c9"), utf8(json), at.toEpochMilli());
            h.rawTransactions.pipeInput(utf8("c9"), utf8("{\"transactionId\": \"j2\", "), at.toEpochMilli());
            h.rawTransactions.pipeInput(utf8("c9"), utf8(json.replace("\"12.34\"", "NaN")), at.toEpochMilli());
            h.rawTransactions.pipeInput(utf8("c9"), utf8(json.replace("\"customerId\":\"c9\"", "\"customerId\":\"c9\",\"customerId\":\"c8\"")),
                    at.toEpochMilli());

            CustomerProfile profile = h.profile("c9");
            assertEquals(1, profile.getLifetimePurchaseCount());
            assertEquals(1234, profile.getLifetimeNetMonetaryMinor());
            List<String> deadReasons = h.dlq.readRecordsToList().stream()
                    .map(r -> DeadLetters.header(r.headers(), DeadLetters.REASON)).toList();
            assertEquals(List.of("undecodable", "invalid_amount", "undecodable"), deadReasons, "malformed, NaN amount, customerId twice");
        }
    }

    @Test
    void shouldRekeyByCustomerThroughTheRepartitionOnlyWhenTheKeyIsNotTheCustomerId() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(purchase("t1", "c1", T0, 1000));
            assertFalse(h.driver.producedTopicNames().stream().anyMatch(t -> t.contains("repartition")),
                    "a record keyed by its customer id skips the repartition");
            h.send(null, purchase("t2", "c2", T0, 1000));
            h.send("order-77", purchase("t3", "c2", T0, 500));
            assertTrue(h.driver.producedTopicNames().stream().anyMatch(t -> t.endsWith("transactions-by-customer-repartition")));
            Map<String, CustomerProfile> latest = h.profiles.readKeyValuesToMap();
            assertEquals(Set3.of("c1", "c2"), latest.keySet());
            assertEquals(1500, latest.get("c2").getLifetimeNetMonetaryMinor());
        }
    }

    /** Tiny helper to avoid java.util.Set imports clashing in assertions. */
    private static final class Set3 {
        static java.util.Set<String> of(String... s) {
            return java.util.Set.of(s);
        }
    }

    @Test
    void shouldCountATransactionIdSeenWithinTheRetentionOnce() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(purchase("t1", "c1", T0, 1000));
            h.send(purchase("t1", "c1", T0, 1000));
            h.send(null, purchase("t1", "c1", T0, 1000));
            CustomerProfile p = h.profile("c1");
            assertEquals(1, p.getLifetimePurchaseCount());
            assertEquals(2.0, h.metrics.transactionCount(SegmenterMetrics.OUTCOME_DUPLICATE, SegmenterMetrics.REASON_NONE));
            assertEquals(1.0, h.metrics.transactionCount(SegmenterMetrics.OUTCOME_APPLIED, SegmenterMetrics.REASON_NONE));
        }
    }

    @Test
    void shouldSendAnEventOlderThanASetDedupeRetentionToTheDlqInsteadOfApplyingIt() {
        try (TopologyHarness h = new TopologyHarness(Map.of(SegmenterConfig.DEDUPE_RETENTION_MS, DAY))) {
            h.send(purchase("t1", "c1", T0.minusMillis(3 * DAY), 1000));
            h.send(purchase("t9", "c1", T0.minusMillis(DAY), 1000)); // stream clock moves 2 days on
            h.send(purchase("t1", "c1", T0.minusMillis(3 * DAY), 1000)); // its id may be forgotten: refused, not applied
            h.send(purchase("t8", "c1", T0.minusMillis(DAY + DAY / 2), 1000)); // within the retention: applied
            assertEquals(3, h.profile("c1").getLifetimePurchaseCount());
            List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
            assertEquals(1, dead.size());
            assertEquals("beyond_dedupe_retention", DeadLetters.header(dead.getFirst().headers(), DeadLetters.REASON));
            assertArrayEquals(utf8("c1"), dead.getFirst().key());
            assertEquals("t1", new AvroSerde<>(Transaction.class).deserialize("t", dead.getFirst().value()).getTransactionId());
            assertEquals(1.0, h.metrics.transactionCount(SegmenterMetrics.OUTCOME_REJECTED, "beyond_dedupe_retention"));
        }
    }

    @Test
    void shouldFoldPurchasesRefundsAndLateEventsIntoHorizonBuckets() {
        try (TopologyHarness h = new TopologyHarness(Map.of(SegmenterConfig.HORIZON_DAYS, 28, SegmenterConfig.BUCKET_DAYS, 7))) {
            h.send(purchase("t1", "c1", T0, 10_000));
            h.send(refund("r1", "c1", T0.plusMillis(DAY), 2_500));
            h.send(purchase("t2", "c1", T0.plusMillis(2 * DAY), 5_000));
            h.send(purchase("late", "c1", T0.minusMillis(10 * DAY), 1_000)); // late, inside the horizon
            h.send(purchase("old", "c1", T0.minusMillis(60 * DAY), 7_000)); // outside the horizon: lifetime only
            CustomerProfile p = h.profile("c1");
            assertEquals(4, p.getLifetimePurchaseCount());
            assertEquals(10_000 - 2_500 + 5_000 + 1_000 + 7_000, p.getLifetimeNetMonetaryMinor());
            assertEquals(2_500, p.getLifetimeRefundMinor());
            assertEquals(3, p.getHorizonPurchaseCount());
            assertEquals(10_000 - 2_500 + 5_000 + 1_000, p.getHorizonNetMonetaryMinor());
            assertEquals(T0.minusMillis(60 * DAY), p.getFirstPurchaseTime());
            assertEquals(T0.plusMillis(2 * DAY), p.getLastPurchaseTime());
            assertTrue(p.getBuckets().size() <= 28 / 7 + 1, "bounded buckets: " + p.getBuckets());
            List<TestRecord<String, CustomerProfile>> published = h.profiles.readRecordsToList();
            assertEquals(5, published.size(), "every applied transaction publishes the profile");
            // the published profile says how it was folded, for the trainer to read instead of being told
            CustomerProfile last = published.getLast().value();
            assertEquals(7, last.getBucketDays());
            assertEquals(h.config.getString(SegmenterConfig.CLOCK), last.getClock());
            assertEquals(h.config.getString(SegmenterConfig.MODEL_NAME), last.getModelName());

            // 40 days later (stream clock) the early buckets have left the horizon
            h.send("c2", purchase("x", "c2", T0.plusMillis(40 * DAY), 1));
            h.tick();
            CustomerProfile rolled = h.profile("c1");
            assertEquals(0, rolled.getHorizonPurchaseCount());
            assertTrue(rolled.getBuckets().isEmpty());
            assertEquals(4, rolled.getLifetimePurchaseCount());
        }
    }

    @Test
    void shouldKeepProfilesWithoutAModelAndAssignEveryoneWhenTheFirstModelArrives() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(purchase("t1", "c1", T0, 10_000));
            h.send(purchase("t2", "c2", T0.minusMillis(300 * DAY), 2_000));
            assertEquals(2, h.profiles.readRecordsToList().size());
            assertTrue(h.segments.isEmpty());

            h.publish(model(1));
            h.tick();
            Map<String, SegmentAssignment> a = h.segments.readKeyValuesToMap();
            assertEquals("Active", a.get("c1").getSegmentLabel());
            assertEquals("Lapsed", a.get("c2").getSegmentLabel());
            assertEquals(EmitReason.NEW_MODEL, a.get("c1").getReason());
            assertNull(a.get("c1").getPreviousSegmentId());
            assertEquals(1L, h.assignment("c2").getModelVersion());
        }
    }

    @Test
    void shouldEmitOnlyWhenTheSegmentOrRfmSegmentChangesUnlessEmitAlways() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.publish(model(1));
            h.send(purchase("t1", "c1", T0, 10_000));
            h.send(purchase("t2", "c1", T0.plusSeconds(60), 10));
            List<SegmentAssignment> emitted = h.segments.readValuesToList();
            assertEquals(1, emitted.size(), "second purchase changes neither segment");
            assertEquals(EmitReason.NEW_EVENT, emitted.getFirst().getReason());
            assertEquals(T0, emitted.getFirst().getSourceEventTime());
        }
        try (TopologyHarness h = new TopologyHarness(Map.of(SegmenterConfig.EMIT, SegmenterConfig.EMIT_ALWAYS))) {
            h.publish(model(1));
            h.send(purchase("t1", "c1", T0, 10_000));
            h.send(purchase("t2", "c1", T0.plusSeconds(60), 10));
            assertEquals(2, h.segments.readValuesToList().size());
        }
    }

    @Test
    void shouldChangeSegmentWhenTimePassesAndVisitOnlyDueCustomers() {
        try (TopologyHarness h = new TopologyHarness(Map.of(SegmenterConfig.HORIZON_DAYS, 0))) {
            h.publish(model(1));
            h.send(purchase("a", "quiet", T0, 10_000));
            h.send(purchase("b", "busy", T0.plusMillis(150 * DAY), 10_000));
            h.segments.readRecordsToList();

            KeyValueStore<Bytes, byte[]> index = h.driver.getKeyValueStore(StoreNames.DUE_INDEX);
            long now = T0.plusMillis(150 * DAY).toEpochMilli();
            List<String> dueNow = new ArrayList<>();
            List<String> later = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it = index.all()) {
                while (it.hasNext()) {
                    KeyValue<Bytes, byte[]> kv = it.next();
                    (Keys.time(kv.key) <= now ? dueNow : later).add(Keys.id(kv.key));
                }
            }
            assertEquals(List.of("quiet"), dueNow, "only the customer whose segment changes is due");
            assertEquals(List.of("busy"), later);
            long busyDue = h.state("busy").filedDue();

            h.tick();
            List<SegmentAssignment> changes = h.segments.readValuesToList();
            assertEquals(1, changes.size());
            SegmentAssignment quiet = changes.getFirst();
            assertEquals("quiet", quiet.getCustomerId());
            assertEquals("Lapsed", quiet.getSegmentLabel());
            assertEquals(1, quiet.getPreviousSegmentId());
            assertEquals(EmitReason.TIME_PASSED, quiet.getReason());
            assertEquals(busyDue, h.state("busy").filedDue(),
                    "a customer who is not due is not touched");
        }
    }

    @Test
    void shouldRefuseAModelThatDoesNotFitAndKeepThePreviousOne() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.publish(model(1));
            var wrongFeatures = model(2);
            wrongFeatures.getFeatures().getFirst().setName("age");
            h.publish(wrongFeatures);
            var nan = model(3);
            nan.getCentroids().getFirst().setScaled(List.of(Double.NaN, 1.0, 1.0));
            h.publish(nan);
            var empty = model(4);
            empty.setCentroids(List.of());
            h.publish(empty);
            var flat = model(5);
            flat.getCentroids().getFirst().setScaled(List.of(1.0, 1.0));
            h.publish(flat);
            h.models.pipeInput("rfm", utf8("garbage"));

            assertEquals(1.0, h.metrics.modelRefusals("features"));
            assertEquals(1.0, h.metrics.modelRefusals("non_finite"));
            assertEquals(1.0, h.metrics.modelRefusals("empty"));
            assertEquals(1.0, h.metrics.modelRefusals("dimensions"));
            assertEquals(1.0, h.metrics.modelRefusals("decode"));
            assertEquals(1L, h.driver.<String, io.segmenter.avro.SegmentModel>getKeyValueStore(StoreNames.MODELS).get("rfm").getVersion());
            h.send(purchase("t1", "c1", T0, 10_000));
            assertEquals(1L, h.segments.readValue().getModelVersion());
        }
    }

    @Test
    void shouldKeepAShadowCandidateBesideTheLiveModelWithoutEmittingForIt() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.publish(model(1));
            h.send(purchase("t1", "c1", T0, 10_000));
            assertEquals(1L, h.segments.readValue().getModelVersion());

            String key = io.segmenter.model.ModelKeys.shadow("rfm");
            h.publish(key, Fixtures.swapped(2));
            assertEquals(2L, h.modelsInUse.shadow("rfm").getVersion());
            assertEquals(1L, h.modelsInUse.scoring().getVersion(), "the live model stays");
            assertTrue(h.segments.isEmpty(), "a shadow candidate re-scores nobody and emits nothing");
            h.send(purchase("t2", "c1", T0.plusMillis(DAY), 10_000));
            h.send(purchase("t3", "c2", T0.plusMillis(DAY), 10_000));
            h.segments.readValuesToList().forEach(a -> assertEquals(1L, a.getModelVersion()));

            var wrong = model(3);
            wrong.getFeatures().getFirst().setName("age");
            h.publish(key, wrong);
            assertEquals(1.0, h.metrics.modelRefusals("features"), "a candidate is validated like a live model");
            assertEquals(2L, h.modelsInUse.shadow("rfm").getVersion());
            h.publish(io.segmenter.model.ModelKeys.shadow("other"), model(4));
            assertEquals(1.0, h.metrics.modelRefusals("other"), "a candidate keyed for another model's name is refused");

            h.publish(key, null);
            assertNull(h.modelsInUse.shadow("rfm"), "a tombstone ends the shadow");
            assertNull(h.driver.getKeyValueStore(StoreNames.MODELS).get(key));
            assertEquals(1L, h.modelsInUse.scoring().getVersion());
        }
    }

    @Test
    void shouldRefuseAModelWhoseDistancesOverflowAndKeepScoringWithThePreviousOne() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.publish(model(1));
            var huge = model(2);
            huge.getCentroids().getFirst().setScaled(List.of(1e200, -1e200, 1e200)); // finite, but every distance is infinite
            h.publish(huge);
            assertEquals(1.0, h.metrics.modelRefusals("out_of_range"));
            h.send(purchase("t1", "c1", T0, 10_000));
            assertEquals(1L, h.segments.readValue().getModelVersion());
            assertTrue(h.dlq.isEmpty(), "nothing fails on the way");
            assertEquals(1, h.profile("c1").getLifetimePurchaseCount());
        }
    }

    @Test
    void shouldRescoreExistingCustomersInChunksWhileTheStreamKeepsFlowing() {
        try (TopologyHarness h = new TopologyHarness(Map.of(SegmenterConfig.RESCORE_CHUNK_SIZE, 2, SegmenterConfig.HORIZON_DAYS, 0))) {
            h.publish(model(1));
            for (int i = 0; i < 5; i++) {
                h.send(purchase("t" + i, "c" + i, T0, 10_000));
            }
            assertEquals(5, h.segments.readValuesToList().size());

            h.publish(Fixtures.swapped(2));
            h.send(purchase("t9", "c9", T0, 10_000)); // the new model scores new events at once
            SegmentAssignment fresh = h.segments.readValue();
            assertEquals(2L, fresh.getModelVersion());
            assertEquals("Lapsed", fresh.getSegmentLabel());

            h.tick();
            List<SegmentAssignment> first = h.segments.readValuesToList();
            assertEquals(2, first.size(), "one chunk per tick");
            assertTrue(h.metrics.rescoreRatio() < 1.0);
            h.send(purchase("t10", "c10", T0, 10_000)); // events still flow mid re-score
            assertEquals(1, h.segments.readValuesToList().size());
            h.tick();
            h.tick();
            h.tick();
            List<SegmentAssignment> rest = h.segments.readValuesToList();
            assertEquals(3, rest.size());
            for (SegmentAssignment a : rest) {
                assertEquals(EmitReason.NEW_MODEL, a.getReason());
                assertEquals(1, a.getPreviousSegmentId());
                assertEquals(2L, a.getModelVersion());
            }
            assertEquals(1.0, h.metrics.rescoreRatio());
            assertEquals(5.0, h.metrics.rescoredCount());
        }
    }

    @Test
    void shouldEraseTheCustomersStateAndEmitTombstones() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.publish(model(1));
            h.send(purchase("t1", "c1", T0, 10_000));
            h.send(purchase("t1", "c2", T0, 10_000));
            h.profiles.readRecordsToList();
            h.segments.readRecordsToList();

            h.erasures.pipeInput("c1", new byte[0]);
            TestRecord<String, CustomerProfile> profileTombstone = h.profiles.readRecord();
            assertEquals("c1", profileTombstone.key());
            assertNull(profileTombstone.value());
            TestRecord<String, SegmentAssignment> segmentTombstone = h.segments.readRecord();
            assertEquals("c1", segmentTombstone.key());
            assertNull(segmentTombstone.value());
            assertNull(h.profile("c1"));
            assertNull(h.assignment("c1"));
            assertNull(h.state("c1"), "profile, assignment, due filing and transaction ids go together");
            assertTrue(dueIndexIds(h).stream().noneMatch("c1"::equals), "no due-index entry left");
            h.send(purchase("t1", "c2", T0, 10_000));
            assertEquals(1, h.profile("c2").getLifetimePurchaseCount(), "others untouched: still a duplicate");

            h.send(purchase("t1", "c1", T0, 10_000)); // dedupe entries went with the customer
            assertEquals(1, h.profile("c1").getLifetimePurchaseCount());
        }
    }

    @Test
    void shouldAgeCustomersWithTheWallClock() {
        try (TopologyHarness h = new TopologyHarness(Map.of(SegmenterConfig.CLOCK, SegmenterConfig.CLOCK_WALL,
                SegmenterConfig.HORIZON_DAYS, 0))) {
            h.publish(model(1));
            h.send(purchase("t1", "c1", Fixtures.WALL.minusMillis(DAY), 10_000));
            assertEquals("Active", h.segments.readValue().getSegmentLabel());
            h.driver.advanceWallClockTime(java.time.Duration.ofDays(200));
            SegmentAssignment aged = h.segments.readValuesToList().getLast();
            assertEquals("Lapsed", aged.getSegmentLabel());
            assertEquals(EmitReason.TIME_PASSED, aged.getReason());
            assertEquals(Fixtures.WALL.plus(java.time.Duration.ofDays(200)), aged.getAssignedAt());
        }
    }

    private static List<String> dueIndexIds(TopologyHarness h) {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = h.driver.<Bytes, byte[]>getKeyValueStore(StoreNames.DUE_INDEX).all()) {
            it.forEachRemaining(kv -> ids.add(Keys.id(kv.key)));
        }
        return ids;
    }
}
