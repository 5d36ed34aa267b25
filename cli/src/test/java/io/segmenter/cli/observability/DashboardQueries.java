package io.segmenter.cli.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every panel target's query of every Grafana dashboard in a directory (rows' nested panels included),
 * with Grafana's variables replaced by what Grafana would send to Prometheus.
 *
 * <p>{@code $__rate_interval} and {@code $__interval} become the given rate window; {@code $__range} the
 * dashboard's default time range ({@code time.from}, e.g. {@code now-6h} gives {@code 6h}); a template
 * variable its current value, or {@code .*} (Grafana's "All") when it has none. A variable nobody knows is
 * an error, so a new one cannot slip through unreplaced.
 */
public final class DashboardQueries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\$(\\w+)");
    private static final Pattern RELATIVE = Pattern.compile("now-(\\d+[smhdw])");

    private DashboardQueries() {}

    /** Queries of every {@code *.json} in {@code dir}, sorted by file name, in panel order. */
    public static List<PromQuery> read(Path dir, String rateWindow) {
        List<PromQuery> queries = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                queries.addAll(read(file.getFileName().toString(), JSON.readTree(file.toFile()), rateWindow));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return queries;
    }

    static List<PromQuery> read(String name, JsonNode dashboard, String rateWindow) {
        Map<String, String> variables = new HashMap<>();
        variables.put("__rate_interval", rateWindow);
        variables.put("__interval", rateWindow);
        variables.put("__range", range(dashboard));
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode current = variable.path("current").path("value");
            variables.put(variable.path("name").asText(), current.isTextual() && !current.asText().equals("$__all")
                    ? current.asText() : ".*");
        }
        List<PromQuery> queries = new ArrayList<>();
        collect(name, dashboard.path("panels"), variables, queries);
        return queries;
    }

    private static void collect(String name, JsonNode panels, Map<String, String> variables, List<PromQuery> out) {
        for (JsonNode panel : panels) {
            collect(name, panel.path("panels"), variables, out); // collapsed rows carry their panels
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr") && !target.path("hide").asBoolean(false)) {
                    String source = name + " / " + panel.path("title").asText() + " / " + target.path("refId").asText("?");
                    out.add(new PromQuery(source, substitute(source, target.get("expr").asText(), variables)));
                }
            }
        }
    }

    static String substitute(String source, String expr, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String variable = m.group(1) != null ? m.group(1) : m.group(2);
            String value = variables.get(variable);
            if (value == null) {
                throw new IllegalArgumentException(source + ": unknown Grafana variable $" + variable + " in " + expr);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        return m.appendTail(sb).toString();
    }

    private static String range(JsonNode dashboard) {
        Matcher m = RELATIVE.matcher(dashboard.path("time").path("from").asText("now-1h"));
        return m.matches() ? m.group(1) : "1h";
    }
}
