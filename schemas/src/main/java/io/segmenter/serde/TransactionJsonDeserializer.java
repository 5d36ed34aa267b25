package io.segmenter.serde;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import io.segmenter.model.RfmFeatures;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a transaction written as a JSON object (when the application runs with {@code input.format=json}).
 *
 * <p>Fields are named as in {@code Transaction.avsc}. {@code eventTime} is an ISO-8601 instant or epoch
 * milliseconds; the amount is {@code amountMinor} (minor units) or {@code amount} (major units, converted
 * with the currency's fraction digits). Missing ids and currency become empty strings and an unknown kind
 * becomes {@code UNKNOWN}, so the application's validation rejects them with a precise reason; JSON that
 * cannot be read as a transaction at all fails with a {@link SerdeException} naming the field.
 */
public final class TransactionJsonDeserializer implements Deserializer<Transaction> {

    // a repeated key is an error (which customerId would be meant?); NaN and Infinity parse, so the amount
    // check can name them as an invalid amount rather than as undecodable bytes
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private static final Set<String> NON_FINITE = Set.of("NaN", "Infinity", "+Infinity", "-Infinity");

    @Override
    public Transaction deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length == 0) {
            throw new SerdeException("empty value: expected a JSON transaction");
        }
        JsonNode root;
        try {
            root = JSON.readTree(data);
        } catch (JacksonException e) {
            throw new SerdeException("malformed JSON transaction: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SerdeException("malformed JSON transaction: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SerdeException("JSON transaction must be an object, got " + (root == null ? "nothing" : root.getNodeType()));
        }
        return read(root);
    }

    static Transaction read(JsonNode root) {
        String currency = text(root, "currency");
        return Transaction.newBuilder()
                .setTransactionId(text(root, "transactionId"))
                .setCustomerId(text(root, "customerId"))
                .setEventTime(eventTime(root))
                .setAmountMinor(amountMinor(root, currency))
                .setCurrency(currency)
                .setKind(kind(root))
                .setLineCount(lineCount(root))
                .setChannel(optionalText(root, "channel"))
                .build();
    }

    /** A required string; missing or null gives "" so validation names the missing field. */
    private static String text(JsonNode root, String field) {
        String value = optionalText(root, field);
        return value == null ? "" : value;
    }

    private static String optionalText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isIntegralNumber()) {
            return node.asText(); // numeric ids (e.g. invoice numbers) are common in upstream JSON
        }
        throw wrongType(field, "a string", node);
    }

    private static Instant eventTime(JsonNode root) {
        JsonNode node = root.get("eventTime");
        if (node == null || node.isNull()) {
            throw new SerdeException("eventTime is missing: expected an ISO-8601 instant or epoch milliseconds");
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw new SerdeException("eventTime " + node.asText() + " is out of range for epoch milliseconds");
            }
            return Instant.ofEpochMilli(node.longValue());
        }
        if (node.isTextual()) {
            String text = node.asText().trim();
            try {
                return text.matches("-?\\d+") ? Instant.ofEpochMilli(Long.parseLong(text)) : Instant.parse(text);
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new SerdeException("eventTime \"" + text + "\" is not an ISO-8601 instant (e.g. 2026-11-22T10:15:30Z) or epoch milliseconds", e);
            }
        }
        throw wrongType("eventTime", "an ISO-8601 instant string or epoch milliseconds", node);
    }

    private static long amountMinor(JsonNode root, String currency) {
        JsonNode minor = root.get("amountMinor");
        JsonNode major = root.get("amount");
        boolean hasMinor = minor != null && !minor.isNull();
        boolean hasMajor = major != null && !major.isNull();
        if (hasMinor && hasMajor) {
            throw new SerdeException("give either amountMinor or amount, not both");
        }
        if (hasMinor) {
            if (minor.isIntegralNumber() && minor.canConvertToLong()) {
                return minor.longValue();
            }
            if (minor.isTextual() && minor.asText().trim().matches("-?\\d{1,18}")) {
                return Long.parseLong(minor.asText().trim());
            }
            if (minor.isNumber()) {
                throw new InvalidAmountException("amountMinor " + minor.asText() + " is not a whole number of minor units within the long range");
            }
            throw wrongType("amountMinor", "a whole number of minor units (long)", minor);
        }
        if (hasMajor) {
            return toMinor(major, currency);
        }
        throw new SerdeException("amount is missing: expected amountMinor (minor units) or amount (major units)");
    }

    private static long toMinor(JsonNode major, String currency) {
        BigDecimal amount;
        if (major.isNumber() && (major.isDouble() || major.isFloat()) && !Double.isFinite(major.doubleValue())) {
            throw new InvalidAmountException("amount " + major.asText() + " is not a finite number");
        } else if (major.isNumber()) {
            amount = major.decimalValue();
        } else if (major.isTextual()) {
            String text = major.asText().trim();
            if (NON_FINITE.contains(text)) {
                throw new InvalidAmountException("amount \"" + text + "\" is not a finite number");
            }
            try {
                amount = new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new SerdeException("amount \"" + major.asText() + "\" is not a decimal number", e);
            }
        } else {
            throw wrongType("amount", "a decimal number or string in major units", major);
        }
        int digits = RfmFeatures.fractionDigits(currency);
        try {
            return amount.movePointRight(digits).longValueExact();
        } catch (ArithmeticException e) {
            throw new InvalidAmountException("amount " + amount.toPlainString() + " is not a whole number of minor units of "
                    + (currency.isEmpty() ? "the currency" : currency) + " (" + digits + " fraction digits) or is out of range", e);
        }
    }

    private static TransactionKind kind(JsonNode root) {
        JsonNode node = root.get("kind");
        if (node == null || !node.isTextual()) {
            return TransactionKind.UNKNOWN; // validation rejects it with its own reason
        }
        return switch (node.asText().trim().toUpperCase(Locale.ROOT)) {
            case "PURCHASE" -> TransactionKind.PURCHASE;
            case "REFUND" -> TransactionKind.REFUND;
            default -> TransactionKind.UNKNOWN;
        };
    }

    private static Integer lineCount(JsonNode root) {
        JsonNode node = root.get("lineCount");
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        throw wrongType("lineCount", "a whole number (int)", node);
    }

    private static SerdeException wrongType(String field, String expected, JsonNode node) {
        String shown = node.toString();
        return new SerdeException(field + " must be " + expected + ", got " + node.getNodeType().name().toLowerCase(Locale.ROOT)
                + " " + (shown.length() > 60 ? shown.substring(0, 60) + "..." : shown));
    }
}
