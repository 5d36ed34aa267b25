package io.segmenter.app.validate;

import io.segmenter.app.profile.CurrencyConverter;
import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import java.time.Instant;

/** Semantic checks of a decoded transaction (pure); the first failing check names the reason. */
public final class TransactionValidator {

    private final CurrencyConverter currencies;
    private final long maxAmountMinor;
    private final long maxFutureMillis;
    private final long minEventTime;
    private final int maxIdChars;

    public TransactionValidator(CurrencyConverter currencies, long maxAmountMinor, long maxFutureMillis, long minEventTime, int maxIdChars) {
        this.currencies = currencies;
        this.maxIdChars = maxIdChars;
        this.maxAmountMinor = maxAmountMinor;
        this.maxFutureMillis = maxFutureMillis;
        this.minEventTime = minEventTime;
    }

    /** @throws RejectedException when the transaction must go to the DLQ */
    public void check(Transaction t, long wallNow) {
        tooLong("customer id", t.getCustomerId());
        tooLong("transaction id", t.getTransactionId());
        tooLong("channel", t.getChannel());
        tooLong("currency", t.getCurrency());
        if (t.getKind() == null || t.getKind() == TransactionKind.UNKNOWN) {
            throw new RejectedException(RejectReason.UNKNOWN_KIND, "unknown transaction kind");
        }
        if (blank(t.getCustomerId())) {
            throw new RejectedException(RejectReason.MISSING_CUSTOMER_ID, "missing customer id");
        }
        if (blank(t.getTransactionId())) {
            throw new RejectedException(RejectReason.MISSING_TRANSACTION_ID, "missing transaction id");
        }
        if (t.getAmountMinor() < 0 || t.getAmountMinor() > maxAmountMinor) {
            throw new RejectedException(RejectReason.INVALID_AMOUNT, "amount out of range: " + t.getAmountMinor());
        }
        if (!currencies.accepts(t.getCurrency())) {
            throw new RejectedException(RejectReason.UNSUPPORTED_CURRENCY, "unsupported currency " + t.getCurrency());
        }
        if (t.getEventTime() == null || t.getEventTime().toEpochMilli() > wallNow + maxFutureMillis) {
            throw new RejectedException(RejectReason.FUTURE_EVENT_TIME, "event time too far ahead: " + t.getEventTime());
        }
        if (t.getEventTime().toEpochMilli() < minEventTime) {
            throw new RejectedException(RejectReason.PAST_EVENT_TIME, "event time " + t.getEventTime() + " is before "
                    + Instant.ofEpochMilli(minEventTime) + " (event.time.min.ms)");
        }
    }

    private void tooLong(String field, String value) {
        if (value != null && value.length() > maxIdChars) {
            throw new RejectedException(RejectReason.OVERSIZED, field + " has " + value.length() + " characters; at most "
                    + maxIdChars + " are accepted (id.max.chars)");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
