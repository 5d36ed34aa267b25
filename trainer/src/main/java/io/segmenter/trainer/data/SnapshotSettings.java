package io.segmenter.trainer.data;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.trainer.data.ProfileFeatures.ClockMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What the app folded a snapshot's profiles with (clock, bucket width, horizon, model name), read from the
 * profiles it published, so the trainer computes features the way the app scores them and cannot be told
 * otherwise by mistake. The trainer's own settings only fill in for profiles written before the app
 * published these fields; where profiles disagree (the app was reconfigured) the most common value wins
 * and a note says so. Profiles from before these fields existed are read with the trainer's settings,
 * else the app's defaults (with a note).
 *
 * @param notes what a user should know about how the values were chosen
 */
public record SnapshotSettings(ClockMode clock, int bucketDays, int horizonDays, String modelName, List<String> notes) {

    public static final String DEFAULT_MODEL_NAME = "rfm";

    /**
     * The trainer's own settings; each may be null.
     *
     * @param clock used only for profiles that do not carry the app's clock
     * @param bucketDays likewise
     * @param modelName when set, publish under this name whatever the profiles say (e.g. a candidate model)
     */
    public record Fallback(ClockMode clock, Integer bucketDays, String modelName) {
        public static final Fallback NONE = new Fallback(null, null, null);
    }

    public static SnapshotSettings of(List<CustomerProfile> profiles, Fallback fallback) {
        List<String> notes = new ArrayList<>();
        ClockMode clock = choose("clock", profiles, p -> p.getClock() == null ? null : ClockMode.valueOf(p.getClock().toUpperCase(Locale.ROOT)),
                fallback.clock(), ClockMode.WALL, "--clock wall|stream (clock)", notes);
        Integer bucketDays = choose("bucket width", profiles, CustomerProfile::getBucketDays, fallback.bucketDays(), 7,
                "--bucket-days N (bucket.days)", notes);
        Integer horizonDays = choose("horizon", profiles, CustomerProfile::getHorizonDays, null, 365, null, notes);
        String fromProfiles = mostCommon(profiles, CustomerProfile::getModelName);
        String modelName = fallback.modelName() != null ? fallback.modelName() : fromProfiles != null ? fromProfiles : DEFAULT_MODEL_NAME;
        if (fallback.modelName() != null && fromProfiles != null && !fromProfiles.equals(fallback.modelName())) {
            notes.add("publishing as model '" + modelName + "'; the app scores with '" + fromProfiles + "'");
        }
        return new SnapshotSettings(clock, bucketDays, horizonDays, modelName, List.copyOf(notes));
    }

    private static <T> T choose(String what, List<CustomerProfile> profiles, Function<CustomerProfile, T> field, T fallback,
            T emptyDefault, String flag, List<String> notes) {
        Map<T, Integer> counts = counts(profiles, field);
        if (counts.isEmpty()) {
            if (profiles.isEmpty()) {
                return fallback != null ? fallback : emptyDefault;
            }
            if (fallback == null) {
                notes.add("the profiles do not say the app's " + what + " (written by a Segmenter before 0.2): using the app's default "
                        + emptyDefault + "; set " + flag + " if the app's differs");
                return emptyDefault;
            }
            return fallback;
        }
        T chosen = mostCommon(counts);
        int carrying = counts.values().stream().mapToInt(Integer::intValue).sum();
        if (counts.size() > 1) {
            notes.add("profiles disagree on the app's " + what + " " + counts + " (was it reconfigured?): using " + chosen);
        } else if (carrying < profiles.size() && fallback != null && !fallback.equals(chosen)) {
            notes.add((profiles.size() - carrying) + " older profiles without the app's " + what + " read with " + chosen
                    + ", not the setting " + fallback);
        }
        if (fallback != null && !fallback.equals(chosen) && carrying == profiles.size()) {
            notes.add("the profiles say the app's " + what + " is " + chosen + "; the setting " + fallback + " is ignored");
        }
        return chosen;
    }

    private static <T> String mostCommon(List<CustomerProfile> profiles, Function<CustomerProfile, T> field) {
        Map<T, Integer> counts = counts(profiles, field);
        return counts.isEmpty() ? null : String.valueOf(mostCommon(counts));
    }

    private static <T> Map<T, Integer> counts(List<CustomerProfile> profiles, Function<CustomerProfile, T> field) {
        Map<T, Integer> counts = new HashMap<>();
        for (CustomerProfile p : profiles) {
            T value = field.apply(p);
            if (value != null) {
                counts.merge(value, 1, Integer::sum);
            }
        }
        return counts;
    }

    private static <T> T mostCommon(Map<T, Integer> counts) {
        return counts.entrySet().stream()
                .max(Map.Entry.<T, Integer>comparingByValue().thenComparing(e -> String.valueOf(e.getKey())))
                .orElseThrow().getKey();
    }
}
