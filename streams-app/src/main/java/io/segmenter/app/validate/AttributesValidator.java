package io.segmenter.app.validate;

import io.segmenter.avro.CustomerAttributes;
import java.util.Map;

/**
 * The limits of a customer-attributes record (each documented with its setting): the key is the record's
 * customer id, ids and names are bounded, numbers are finite, category values bounded, and no record names
 * more attributes than a customer may hold. Pure: the caller turns a {@link RejectedException} into a dead letter.
 */
public final class AttributesValidator {

    private final int maxIdChars;
    private final int maxCount;
    private final int maxNameChars;
    private final int maxValueChars;

    public AttributesValidator(int maxIdChars, int maxCount, int maxNameChars, int maxValueChars) {
        this.maxIdChars = maxIdChars;
        this.maxCount = maxCount;
        this.maxNameChars = maxNameChars;
        this.maxValueChars = maxValueChars;
    }

    public int maxCount() {
        return maxCount;
    }

    /** Checks {@code a} (null: a tombstone) as received under {@code key}. */
    public void check(String key, CustomerAttributes a) {
        if (key == null || key.isEmpty()) {
            throw new RejectedException(RejectReason.INVALID_ATTRIBUTES, "an attributes record needs its customer id as the key");
        }
        if (key.length() > maxIdChars) {
            throw new RejectedException(RejectReason.OVERSIZED, "customer id of " + key.length() + " characters; at most " + maxIdChars + " (id.max.chars)");
        }
        if (a == null) {
            return;
        }
        if (!key.equals(a.getCustomerId())) {
            throw new RejectedException(RejectReason.INVALID_ATTRIBUTES, "key '" + key + "' is not the record's customer id '" + a.getCustomerId() + "'");
        }
        Map<String, Double> numbers = a.getNumbers();
        Map<String, String> categories = a.getCategories();
        if (numbers.size() + categories.size() > maxCount) {
            throw new RejectedException(RejectReason.ATTRIBUTES_LIMIT, (numbers.size() + categories.size()) + " attributes in one record; at most "
                    + maxCount + " (attributes.max.count)");
        }
        for (Map.Entry<String, Double> e : numbers.entrySet()) {
            name(e.getKey());
            if (e.getValue() != null && !Double.isFinite(e.getValue())) {
                throw new RejectedException(RejectReason.INVALID_ATTRIBUTES, "attribute " + e.getKey() + " is " + e.getValue() + ": numbers must be finite");
            }
            if (categories.containsKey(e.getKey())) {
                throw new RejectedException(RejectReason.INVALID_ATTRIBUTES, "attribute " + e.getKey() + " is both a number and a category");
            }
        }
        for (Map.Entry<String, String> e : categories.entrySet()) {
            name(e.getKey());
            String v = e.getValue();
            if (v != null && (v.isEmpty() || v.length() > maxValueChars)) {
                throw new RejectedException(v.isEmpty() ? RejectReason.INVALID_ATTRIBUTES : RejectReason.OVERSIZED, "attribute " + e.getKey()
                        + " has a value of " + v.length() + " characters; 1 to " + maxValueChars + " (attributes.max.value.chars; null removes it)");
            }
        }
    }

    private void name(String name) {
        if (name.isEmpty() || name.length() > maxNameChars) {
            throw new RejectedException(name.isEmpty() ? RejectReason.INVALID_ATTRIBUTES : RejectReason.OVERSIZED, "attribute name of "
                    + name.length() + " characters; 1 to " + maxNameChars + " (attributes.max.name.chars)");
        }
    }
}
