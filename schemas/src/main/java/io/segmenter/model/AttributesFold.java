package io.segmenter.model;

import io.segmenter.avro.CustomerAttributes;
import io.segmenter.avro.CustomerProfile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Folds a customer-attributes record into a profile (pure): every attribute the record names takes its new
 * value, a null value removes it, attributes it does not name stay; a name moving between numeric and
 * categorical leaves the other kind. A null record (a tombstone) removes every attribute. The profile's maps
 * are replaced, never changed in place, so profiles sharing them stay as they were.
 */
public final class AttributesFold {

    private AttributesFold() {}

    /**
     * @return the profile with {@code a} applied, or null when the customer would then hold more than
     *     {@code maxCount} attributes (nothing is applied)
     */
    public static CustomerProfile apply(CustomerProfile profile, CustomerAttributes a, int maxCount) {
        Map<String, Double> numbers = new LinkedHashMap<>();
        Map<String, String> categories = new LinkedHashMap<>();
        if (a != null) {
            numbers.putAll(profile.getNumericAttributes());
            categories.putAll(profile.getCategoricalAttributes());
            for (Map.Entry<String, Double> e : a.getNumbers().entrySet()) {
                categories.remove(e.getKey());
                if (e.getValue() == null) {
                    numbers.remove(e.getKey());
                } else {
                    numbers.put(e.getKey(), e.getValue());
                }
            }
            for (Map.Entry<String, String> e : a.getCategories().entrySet()) {
                numbers.remove(e.getKey());
                if (e.getValue() == null) {
                    categories.remove(e.getKey());
                } else {
                    categories.put(e.getKey(), e.getValue());
                }
            }
            if (numbers.size() + categories.size() > maxCount) {
                return null;
            }
        }
        CustomerProfile next = CustomerProfile.newBuilder(profile).build();
        next.setNumericAttributes(numbers.isEmpty() ? Map.of() : numbers);
        next.setCategoricalAttributes(categories.isEmpty() ? Map.of() : categories);
        next.setAttributesTime(a == null ? null : a.getEventTime());
        return next;
    }
}
