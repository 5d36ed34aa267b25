package io.segmenter.cli.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** {@code key=value} arguments of the benchmark harness; records which keys were read so typos are reported. */
final class BenchOptions {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> read = new TreeSet<>();

    BenchOptions(Iterable<String> args) {
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got: " + a);
            }
            values.put(a.substring(0, eq), a.substring(eq + 1));
        }
    }

    int integer(String key, int defaultValue) {
        read.add(key);
        String v = values.get(key);
        return v == null ? defaultValue : Integer.parseInt(v.replace("_", ""));
    }

    double decimal(String key, double defaultValue) {
        read.add(key);
        String v = values.get(key);
        return v == null ? defaultValue : Double.parseDouble(v);
    }

    /** Every {@code prefix.key=value} given, without the prefix (settings passed through to the app under test). */
    Map<String, String> prefixed(String prefix) {
        Map<String, String> out = new HashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                read.add(k);
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** Keys given but never read by the benchmarks that ran. */
    Set<String> unused() {
        Set<String> rest = new TreeSet<>(values.keySet());
        rest.removeAll(read);
        return rest;
    }
}
