package io.segmenter.app.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmenter.app.Fixtures;
import io.segmenter.app.model.ModelsInUse;
import org.junit.jupiter.api.Test;

class PredictionServiceTest {

    private static PredictionService service() {
        ModelsInUse models = new ModelsInUse("rfm");
        models.accept(Fixtures.model(1));
        return new PredictionService(new ModelCatalog(models));
    }

    @Test
    void shouldAnswerA400NamingTheFieldForAValueBeyondTheModelsRange() throws Exception {
        QueryException e = assertThrows(QueryException.class, () -> service().predict(new ObjectMapper()
                .readTree("{\"recency_days\":1e300,\"frequency\":1e300,\"monetary\":1e300}")));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("'recency_days'"), e.getMessage());
    }

    @Test
    void shouldScoreLargeButInRangeValuesWithFiniteDistances() throws Exception {
        Views.Prediction p = service().predict(new ObjectMapper().readTree("{\"recency_days\":900000,\"frequency\":1,\"monetary\":5}"));
        assertEquals("Lapsed", p.segment().label());
        assertTrue(Double.isFinite(p.distance()) && Double.isFinite(p.margin()));
    }
}
