package io.segmenter.app;

import static io.segmenter.app.Fixtures.DAY;
import static io.segmenter.app.Fixtures.T0;
import static io.segmenter.app.Fixtures.attributes;
import static io.segmenter.app.Fixtures.demographic;
import static io.segmenter.app.Fixtures.model;
import static io.segmenter.app.Fixtures.purchase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.app.validate.DeadLetters;
import io.segmenter.avro.CustomerAttributes;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.EmitReason;
import io.segmenter.avro.SegmentAssignment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** customer-attributes folded into the customer's state, and several models scored side by side. */
class AttributesTopologyTest {

    private static final Map<String, Object> TWO_MODELS = Map.of(SegmenterConfig.MODELS, "rfm,demographic");

    @Test
    void theLatestValueOfEachAttributeWinsANullRemovesItAndATombstoneRemovesAll() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(attributes("c1", T0, Map.of("Age", 30.0), Map.of("Gender", "Male", "Profession", "Engineer")));
            CustomerProfile p = h.profile("c1");
            assertEquals(Map.of("Age", 30.0), p.getNumericAttributes());
            assertEquals(Map.of("Gender", "Male", "Profession", "Engineer"), p.getCategoricalAttributes());
            assertNull(p.getLastPurchaseTime(), "attributes alone make a customer without purchases");

            Map<String, String> categories = new HashMap<>();
            categories.put("Profession", null); // removed
            categories.put("Spending_Score", "High");
            h.send(new CustomerAttributes("c1", new HashMap<>(Map.of("Age", 31.0)), categories, T0.plusSeconds(60)));
            p = h.profile("c1");
            assertEquals(Map.of("Age", 31.0), p.getNumericAttributes());
            assertEquals(Map.of("Gender", "Male", "Spending_Score", "High"), p.getCategoricalAttributes(), "unnamed attributes stay");
            assertEquals(T0.plusSeconds(60), p.getAttributesTime());

            // an older snapshot arriving late does not bring back old values
            h.send(attributes("c1", T0.plusSeconds(30), Map.of("Age", 99.0), Map.of()));
            assertEquals(Map.of("Age", 31.0), h.profile("c1").getNumericAttributes());
            assertEquals(1.0, h.metrics.registry().get("segmenter.attributes").tag("outcome", "stale").counter().count());

            // a name moving from category to number leaves the category
            h.send(attributes("c1", T0.plusSeconds(90), Map.of("Spending_Score", 3.0), Map.of()));
            assertEquals(Map.of("Age", 31.0, "Spending_Score", 3.0), h.profile("c1").getNumericAttributes());
            assertEquals(Map.of("Gender", "Male"), h.profile("c1").getCategoricalAttributes());

            h.clearAttributes("c1");
            p = h.profile("c1");
            assertTrue(p.getNumericAttributes().isEmpty());
            assertTrue(p.getCategoricalAttributes().isEmpty());
            assertNull(p.getAttributesTime());

            // the published profile carries the attributes (the trainer reads them there)
            List<CustomerProfile> published = h.profiles.readValuesToList();
            assertTrue(published.stream().anyMatch(x -> x.getCategoricalAttributes().containsKey("Gender")), published.toString());
        }
    }

    @Test
    void erasureRemovesTheAttributesAndALaterTombstoneCreatesNothing() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(purchase("t1", "c1", T0, 1000));
            h.send(attributes("c1", T0, Map.of("Age", 30.0), Map.of("Gender", "Male")));
            h.erasures.pipeInput("c1", new byte[0]);
            assertNull(h.state("c1"));
            h.clearAttributes("c1");
            assertNull(h.state("c1"), "a tombstone for an erased customer must not create a state");
        }
    }

    @Test
    void badAttributesRecordsGoToTheDeadLetterTopicWithTheirReason() {
        try (TopologyHarness h = new TopologyHarness(Map.of(SegmenterConfig.ATTRIBUTES_MAX_COUNT, 3))) {
            h.attributes.pipeInput("c1", "not avro".getBytes(StandardCharsets.UTF_8));
            h.send(new CustomerAttributes("c2", new HashMap<>(), new HashMap<>(), T0)); // fine: no attributes
            h.attributes.pipeInput("other-key", new io.segmenter.serde.AvroSerde<>(CustomerAttributes.class)
                    .serialize("customer-attributes", attributes("c3", T0, Map.of("Age", 1.0), Map.of())));
            h.send(attributes("c4", T0, Map.of("a", 1.0, "b", 2.0, "c", 3.0, "d", 4.0), Map.of()));
            h.send(attributes("c5", T0, Map.of("a", 1.0, "b", 2.0), Map.of()));
            h.send(attributes("c5", T0.plusSeconds(1), Map.of("c", 3.0, "d", 4.0), Map.of())); // would hold 4
            List<String> reasons = h.dlq.readRecordsToList().stream()
                    .map(r -> DeadLetters.header(r.headers(), DeadLetters.REASON)).toList();
            assertEquals(List.of("undecodable", "invalid_attributes", "attributes_limit", "attributes_limit"), reasons);
            assertEquals(Map.of("a", 1.0, "b", 2.0), h.profile("c5").getNumericAttributes(), "a refused record applies nothing");
            assertTrue(h.state("c2").profile().getNumericAttributes().isEmpty());
        }
    }

    @Test
    void anOversizedAttributesRecordIsDeadLetteredCutToFitKeyAndValue() {
        try (TopologyHarness h = new TopologyHarness()) {
            byte[] hugeKey = "k".repeat(100_000).getBytes(StandardCharsets.UTF_8);
            byte[] hugeValue = new byte[100_000];
            h.attributes.pipeInput(new String(hugeKey, StandardCharsets.UTF_8), "small".getBytes(StandardCharsets.UTF_8));
            h.attributes.pipeInput("c1", hugeValue);
            h.send(attributes("c2", T0, Map.of("Age", 30.0), Map.of()));
            List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
            assertEquals(2, dead.size());
            for (TestRecord<byte[], byte[]> d : dead) {
                assertEquals("oversized", DeadLetters.header(d.headers(), DeadLetters.REASON));
            }
            assertEquals("100005", DeadLetters.header(dead.get(0).headers(), DeadLetters.ORIGINAL_BYTES));
            assertEquals(1024, dead.get(0).key().length, "the dead letter's key is cut too: the broker would refuse it whole");
            assertEquals(32_768, dead.get(1).value().length);
            assertEquals(Map.of("Age", 30.0), h.profile("c2").getNumericAttributes(), "other customers keep flowing");
        }
    }

    @Test
    void twoModelsAreScoredAndEmittedIndependently() {
        try (TopologyHarness h = new TopologyHarness(TWO_MODELS)) {
            TestOutputTopic<String, SegmentAssignment> rfm = h.segments("rfm");
            TestOutputTopic<String, SegmentAssignment> demo = h.segments("demographic");
            h.publish(model(1));
            h.publish(demographic(1));
            h.send(purchase("t1", "c1", T0, 10_000));
            h.send(attributes("c1", T0, Map.of("Age", 24.0), Map.of("Gender", "Male")));
            h.send(attributes("c2", T0, Map.of("Age", 65.0), Map.of("Gender", "Female"))); // no purchase: demographic only

            List<TestRecord<String, SegmentAssignment>> rfmOut = rfm.readRecordsToList();
            assertEquals(1, rfmOut.size(), "the attributes changed nothing the rfm model reads");
            assertEquals("rfm", rfmOut.getFirst().value().getModelName());
            List<SegmentAssignment> demoOut = demo.readValuesToList();
            assertEquals(List.of("c1", "c2"), demoOut.stream().map(SegmentAssignment::getCustomerId).toList());
            assertEquals("Young men", demoOut.get(0).getSegmentLabel());
            assertEquals("Older women", demoOut.get(1).getSegmentLabel());
            assertEquals(EmitReason.NEW_ATTRIBUTES, demoOut.get(0).getReason());
            assertEquals("demographic", demoOut.get(0).getModelName());
            assertEquals(1.0, demoOut.get(0).getFeatures().get("Gender=Male"));
            assertNull(h.assignment("c2", "rfm"));
            assertEquals(2, h.state("c1").assignments().size());

            // a changed attribute moves the customer in the demographic model only
            h.send(attributes("c1", T0.plusSeconds(60), Map.of("Age", 70.0), Map.of("Gender", "Female")));
            assertEquals(List.of("Older women"), demo.readValuesToList().stream().map(SegmentAssignment::getSegmentLabel).toList());
            assertTrue(rfm.isEmpty());

            // a new demographic version re-scores every customer of that model in the background, not rfm's
            SegmentAssignment rfmBefore = h.assignment("c1", "rfm");
            h.publish(demographic(2));
            h.tick();
            h.tick();
            assertEquals(2L, h.assignment("c1", "demographic").getModelVersion());
            assertEquals(2L, h.assignment("c2", "demographic").getModelVersion());
            assertEquals(rfmBefore.getModelVersion(), h.assignment("c1", "rfm").getModelVersion());
            assertTrue(rfm.isEmpty(), "no rfm segment changed");

            // time passing ages the rfm segment; the demographic one stays (no purchase-driven features)
            h.send(purchase("t2", "c9", T0.plusMillis(400 * DAY), 100));
            h.tick();
            assertEquals("Lapsed", h.assignment("c1", "rfm").getSegmentLabel());
            assertEquals(2L, h.assignment("c1", "demographic").getModelVersion());
            assertTrue(demo.isEmpty());

            // erasure: a tombstone on each model's topic
            h.erasures.pipeInput("c1", new byte[0]);
            assertNull(rfm.readRecordsToList().stream().filter(r -> r.key().equals("c1")).reduce((a, b) -> b).orElseThrow().value());
            List<TestRecord<String, SegmentAssignment>> demoTail = demo.readRecordsToList();
            assertEquals("c1", demoTail.getLast().key());
            assertNull(demoTail.getLast().value());
        }
    }

    @Test
    void aModelNeedingAnAttributeTheCustomerLacksLeavesThemUnscoredByIt() {
        try (TopologyHarness h = new TopologyHarness(TWO_MODELS)) {
            h.publish(model(1));
            h.publish(demographic(1));
            h.send(purchase("t1", "c1", T0, 10_000));
            h.send(attributes("c1", T0, Map.of(), Map.of("Gender", "Male"))); // no Age, and Age has no fill
            assertNull(h.assignment("c1", "demographic"));
            assertEquals("rfm", h.assignment("c1", "rfm").getModelName());
            h.send(attributes("c1", Instant.parse("2024-06-02T00:00:00Z"), Map.of("Age", 20.0), Map.of()));
            assertEquals("Young men", h.assignment("c1", "demographic").getSegmentLabel());

            // removing the attribute the model needs takes the customer out of it: a tombstone on that model's topic
            TestOutputTopic<String, SegmentAssignment> demo = h.segments("demographic");
            TestOutputTopic<String, SegmentAssignment> rfm = h.segments("rfm");
            demo.readRecordsToList();
            rfm.readRecordsToList();
            Map<String, Double> noAge = new HashMap<>();
            noAge.put("Age", null);
            h.send(new CustomerAttributes("c1", noAge, new HashMap<>(), Instant.parse("2024-06-03T00:00:00Z")));
            assertNull(h.assignment("c1", "demographic"));
            List<TestRecord<String, SegmentAssignment>> out = demo.readRecordsToList();
            assertEquals(1, out.size());
            assertEquals("c1", out.getFirst().key());
            assertNull(out.getFirst().value());
            assertEquals("rfm", h.assignment("c1", "rfm").getModelName());
            assertTrue(rfm.isEmpty(), "the rfm model still scores the customer as before");

            // and the attribute coming back scores them again
            h.send(attributes("c1", Instant.parse("2024-06-04T00:00:00Z"), Map.of("Age", 21.0), Map.of()));
            assertEquals("Young men", h.assignment("c1", "demographic").getSegmentLabel());
        }
    }
}
