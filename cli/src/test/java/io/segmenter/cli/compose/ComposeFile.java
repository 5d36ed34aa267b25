package io.segmenter.cli.compose;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml as Compose reads it: snakeyaml resolves the {@code <<: *anchor} merges, and every
 * string of a service is interpolated as Compose does with the variables a user exported ({@code $$} is a
 * literal {@code $}; {@code ${NAME:-default}}, {@code ${NAME-default}}, {@code ${NAME}}, {@code $NAME};
 * {@code ${NAME:?error}} fails when the variable is unset or empty, as {@code docker compose up} would).
 */
public final class ComposeFile {

    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\$|\\$\\{(\\w+)(?:(:?)([-?])([^}]*))?}|\\$(\\w+)");

    private final Map<String, Service> services = new LinkedHashMap<>();

    private ComposeFile(Map<?, ?> compose, Map<String, String> userEnv) {
        ((Map<?, ?>) compose.get("services")).forEach((name, raw) ->
                services.put(String.valueOf(name), new Service(String.valueOf(name), (Map<?, ?>) raw, userEnv)));
    }

    public static ComposeFile read(Path file, Map<String, String> userEnv) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            return new ComposeFile(new Yaml().load(in), userEnv);
        }
    }

    /** The service {@code name}. @throws IllegalArgumentException when the file has none */
    public Service service(String name) {
        Service s = services.get(name);
        if (s == null) {
            throw new IllegalArgumentException("docker-compose.yml has no service " + name + "; it has " + services.keySet());
        }
        return s;
    }

    public Map<String, Service> services() {
        return services;
    }

    /** One service, its strings interpolated. */
    public static final class Service {

        private final String name;
        private final Map<?, ?> raw;
        private final Map<String, String> userEnv;

        Service(String name, Map<?, ?> raw, Map<String, String> userEnv) {
            this.name = name;
            this.raw = raw;
            this.userEnv = userEnv;
        }

        public String name() {
            return name;
        }

        /** The name other containers reach it by: {@code hostname}, else the service name. */
        public String hostname() {
            return raw.get("hostname") == null ? name : string("hostname");
        }

        public String image() {
            return string("image");
        }

        /** {@code command} as a list (a one-string command is one element, as for a shell entrypoint). */
        public List<String> command() {
            return list("command");
        }

        public List<String> entrypoint() {
            return list("entrypoint");
        }

        /** {@code environment} (merges resolved), every value interpolated. */
        public Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            if (raw.get("environment") instanceof Map<?, ?> vars) {
                vars.forEach((k, v) -> env.put(String.valueOf(k), interpolate(String.valueOf(v))));
            } else if (raw.get("environment") instanceof List<?> vars) {
                vars.forEach(v -> {
                    String[] kv = interpolate(String.valueOf(v)).split("=", 2);
                    env.put(kv[0], kv.length == 2 ? kv[1] : "");
                });
            }
            return env;
        }

        /** {@code volumes} as {@code source:target[:mode]} strings. */
        public List<String> volumes() {
            return list("volumes");
        }

        /** The healthcheck's {@code test} array, or an empty list. */
        public List<String> healthcheck() {
            if (raw.get("healthcheck") instanceof Map<?, ?> h && h.get("test") instanceof List<?> test) {
                return test.stream().map(t -> interpolate(String.valueOf(t))).toList();
            }
            return List.of();
        }

        private String string(String key) {
            Object v = raw.get(key);
            return v == null ? null : interpolate(String.valueOf(v));
        }

        private List<String> list(String key) {
            Object v = raw.get(key);
            if (v == null) {
                return List.of();
            }
            if (v instanceof List<?> l) {
                return l.stream().map(a -> interpolate(String.valueOf(a))).toList();
            }
            return List.of(interpolate(String.valueOf(v)));
        }

        private String interpolate(String value) {
            Matcher m = INTERPOLATION.matcher(value);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String replacement;
                if (m.group().equals("$$")) {
                    replacement = "$";
                } else {
                    String variable = m.group(1) != null ? m.group(1) : m.group(5);
                    String exported = userEnv.get(variable);
                    boolean colon = ":".equals(m.group(2));
                    boolean missing = exported == null || (colon && exported.isEmpty());
                    if (!missing) {
                        replacement = exported;
                    } else if ("?".equals(m.group(3))) {
                        throw new IllegalStateException("service " + name + ": " + variable + " is required: " + m.group(4));
                    } else {
                        replacement = "-".equals(m.group(3)) ? m.group(4) : "";
                    }
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
            }
            return m.appendTail(sb).toString();
        }
    }
}
