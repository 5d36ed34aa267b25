package io.segmenter.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keys of the models topics. A live model is keyed by its name; its shadow candidate (scored by the app
 * beside the live model without emitting; a tombstone ends it) by {@code NAME#shadow}; a version in the
 * history topic by {@code NAME@VERSION}. Names are restricted so the three cannot be confused.
 */
public final class ModelKeys {

    /** Letters, digits, '.', '_' and '-', at most 100. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    public static final String NAME_RULE = "use 1 to 100 letters, digits, '.', '_' or '-'";

    private static final String SHADOW = "#shadow";

    private ModelKeys() {}

    public static String shadow(String modelName) {
        return modelName + SHADOW;
    }

    /** The model a shadow key is for; empty for a live model's key. */
    public static Optional<String> shadowOf(String key) {
        return key.endsWith(SHADOW) ? Optional.of(key.substring(0, key.length() - SHADOW.length())) : Optional.empty();
    }

    public static String history(String modelName, long version) {
        return modelName + "@" + version;
    }

    /** The prefix of every history key of {@code modelName}. */
    public static String historyPrefix(String modelName) {
        return modelName + "@";
    }
}
