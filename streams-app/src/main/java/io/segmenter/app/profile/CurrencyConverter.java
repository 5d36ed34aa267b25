package io.segmenter.app.profile;

import io.segmenter.model.RfmFeatures;
import java.util.Map;

/** Converts minor units of an accepted currency into minor units of the reporting currency at fixed rates. */
public final class CurrencyConverter {

    private final String reporting;
    private final Map<String, Double> rates;

    public CurrencyConverter(String reporting, Map<String, Double> rates) {
        this.reporting = reporting;
        this.rates = Map.copyOf(rates);
    }

    public String reporting() {
        return reporting;
    }

    public boolean accepts(String currency) {
        return currency != null && rates.containsKey(currency);
    }

    /** @throws IllegalArgumentException for a currency that is not accepted */
    public long toReportingMinor(long minor, String currency) {
        if (reporting.equals(currency)) {
            return minor;
        }
        Double rate = rates.get(currency);
        if (rate == null) {
            throw new IllegalArgumentException("unsupported currency " + currency);
        }
        double major = RfmFeatures.toMajor(minor, currency) * rate;
        return Math.round(major * Math.pow(10, RfmFeatures.fractionDigits(reporting)));
    }
}
