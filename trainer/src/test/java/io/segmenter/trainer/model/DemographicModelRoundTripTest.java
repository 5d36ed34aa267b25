package io.segmenter.trainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.SegmentModel;
import io.segmenter.model.FeatureEncoding;
import io.segmenter.model.ModelValidator;
import io.segmenter.model.Scorer;
import io.segmenter.serde.AvroSerde;
import io.segmenter.trainer.Datasets;
import io.segmenter.trainer.data.CustomerLevelCsv;
import io.segmenter.trainer.data.FeatureTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bundled demographic file's model survives publication: serialised with the topic's serde and read back,
 * its encoding gives the same raw vector and the same segment for every customer as the trainer gave them.
 */
class DemographicModelRoundTripTest {

    @Test
    void shouldEncodeAndScoreEveryCustomerTheSameAfterTheModelIsSerialised() throws Exception {
        FeatureTable table = CustomerLevelCsv.read(Datasets.file("customer_demographics.csv"), "ID");
        assertEquals(8_363, table.size());
        Encoding encoding = Encoding.DEFAULT.withOrdinals(Map.of("Spending_Score", List.of("Low", "Average", "High")));
        TrainingResult r = new Trainer().train(table, 0L, null,
                TrainerOptions.customerLevelDefaults("demographics").withEncoding(encoding).withKRange(4, 4));
        SegmentModel trained = r.model();
        assertNotNull(trained);
        assertTrue(ModelValidator.check(trained, null).isEmpty(), () -> ModelValidator.check(trained, null).toString());
        SegmentModel published;
        try (AvroSerde<SegmentModel> serde = new AvroSerde<>(SegmentModel.class)) {
            published = serde.deserialize("segment-models", serde.serialize("segment-models", trained));
        }
        assertEquals(trained, published);
        FeatureEncoding before = new FeatureEncoding(trained);
        FeatureEncoding after = new FeatureEncoding(published);
        assertEquals(before.inputs(), after.inputs());
        Scorer scorer = new Scorer(published);
        double[] a = new double[before.dimensions()];
        double[] b = new double[after.dimensions()];
        assertEquals(table.size(), r.prepared().size(), "every customer is imputed, none dropped");
        for (int i = 0; i < table.size(); i++) {
            assertNull(before.encode(table.values(i), a));
            assertNull(after.encode(table.values(i), b));
            assertArrayEquals(a, b, table.ids().get(i));
            assertArrayEquals(r.prepared().raw()[i], b, 1e-12, "the trainer's own row: " + table.ids().get(i));
            int segment = published.getCentroids().get(scorer.score(b).centroidIndex()).getSegmentId();
            assertEquals(r.segmentOfRow()[i], segment, table.ids().get(i));
        }
    }
}
