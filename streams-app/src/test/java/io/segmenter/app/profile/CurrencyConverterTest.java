package io.segmenter.app.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CurrencyConverterTest {

    @Test
    void shouldConvertAcceptedCurrenciesAtFixedRates() {
        CurrencyConverter c = new CurrencyConverter("GBP", Map.of("GBP", 1.0, "EUR", 0.85, "JPY", 0.0053));
        assertEquals(85, c.toReportingMinor(100, "EUR"));
        assertEquals(530, c.toReportingMinor(1000, "JPY"), "JPY has no minor unit");
        assertFalse(c.accepts("USD"));
    }
}
