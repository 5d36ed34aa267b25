package io.segmenter.cli.observability;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The expressions of a Prometheus rule file, turned into queries that must return series while the
 * system is healthy.
 *
 * <p>A recording rule gives two queries: its expression and the series it records (proving the rule
 * evaluates). An alert's expression is empty by design while it does not fire ({@code x > 0.01}), so
 * it is cut into the parts that must exist:
 * <ol>
 *   <li>split at the top-level set operators {@code and}, {@code or}, {@code unless} (outside brackets
 *       and strings; an {@code on(...)}/{@code ignoring(...)} after them is dropped);</li>
 *   <li>in each part, split at the first top-level comparison ({@code == != > < >= <=}, with or without
 *       {@code bool} and matching modifiers);</li>
 *   <li>keep the left-hand side; keep the right-hand side too unless it is a number expression
 *       ({@code 10000}, {@code 2 * 86400}): a threshold proves nothing.</li>
 * </ol>
 * So {@code up{job="a"} == 0 or foo{state="RUNNING"} == 0} asks for {@code up{job="a"}} and
 * {@code foo{state="RUNNING"}}: every series the alert reads must exist.
 */
public final class AlertExpressions {

    private static final Pattern NUMBER_EXPRESSION = Pattern.compile("[\\d\\s.eE+\\-*/()]+");
    private static final Pattern LEADING_MODIFIERS = Pattern.compile(
            "^\\s*(bool\\b\\s*)?((on|ignoring)\\s*\\([^)]*\\)\\s*)?((group_left|group_right)\\s*(\\([^)]*\\))?\\s*)?");

    private AlertExpressions() {}

    /** The queries of every rule in {@code rulesFile}. */
    public static List<PromQuery> read(Path rulesFile) {
        Map<String, Object> doc;
        try (Reader in = Files.newBufferedReader(rulesFile)) {
            doc = new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String file = rulesFile.getFileName().toString();
        List<PromQuery> queries = new ArrayList<>();
        for (Object g : list(doc.get("groups"))) {
            for (Object r : list(((Map<?, ?>) g).get("rules"))) {
                Map<?, ?> rule = (Map<?, ?>) r;
                String expr = String.valueOf(rule.get("expr")).strip();
                if (rule.containsKey("record")) {
                    String record = String.valueOf(rule.get("record"));
                    queries.add(new PromQuery(file + " / record " + record, expr));
                    queries.add(new PromQuery(file + " / record " + record + " (recorded series)", record));
                } else {
                    String alert = String.valueOf(rule.get("alert"));
                    List<String> parts = partsToProve(expr);
                    for (int i = 0; i < parts.size(); i++) {
                        queries.add(new PromQuery(file + " / " + alert + " / part " + (i + 1) + " of " + parts.size(), parts.get(i)));
                    }
                }
            }
        }
        return queries;
    }

    /** The rule of the class comment: the sub-expressions of an alert that must return series. */
    public static List<String> partsToProve(String expr) {
        List<String> parts = new ArrayList<>();
        for (String operand : splitTopLevel(expr, true)) {
            List<String> sides = splitTopLevel(operand, false);
            parts.add(sides.get(0));
            if (sides.size() > 1) {
                String rhs = stripModifiers(sides.get(1));
                if (!NUMBER_EXPRESSION.matcher(rhs).matches()) {
                    parts.addAll(partsToProve(rhs));
                }
            }
        }
        return parts;
    }

    /**
     * Splits at every top-level set operator ({@code setOperators}) or at the first top-level comparison;
     * parts are stripped of modifiers and blanks.
     */
    private static List<String> splitTopLevel(String expr, boolean setOperators) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        char quote = 0;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                quote = c;
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (depth == 0 && setOperators && isIdentifierStart(c)) {
                int end = i;
                while (end < expr.length() && isIdentifierPart(expr.charAt(end))) {
                    end++;
                }
                String word = expr.substring(i, end);
                if (word.equals("and") || word.equals("or") || word.equals("unless")) {
                    parts.add(expr.substring(start, i));
                    start = end;
                }
                i = end - 1;
            } else if (depth == 0 && !setOperators && isIdentifierStart(c)) {
                int end = i;
                while (end < expr.length() && isIdentifierPart(expr.charAt(end))) {
                    end++;
                }
                i = end - 1; // skip names (a metric name never holds an operator, but keep the scan simple)
            } else if (depth == 0 && !setOperators && (c == '>' || c == '<' || c == '!' || c == '=')) {
                int width = i + 1 < expr.length() && expr.charAt(i + 1) == '=' ? 2 : 1;
                if (c == '!' && width == 1 || c == '=' && width == 1) {
                    continue; // '!~' and '=~' live inside braces; a lone '=' is not PromQL outside them
                }
                parts.add(expr.substring(start, i));
                parts.add(expr.substring(i + width));
                return strip(parts);
            }
        }
        parts.add(expr.substring(start));
        return strip(parts);
    }

    private static List<String> strip(List<String> parts) {
        return parts.stream().map(AlertExpressions::stripModifiers).toList();
    }

    private static String stripModifiers(String part) {
        return LEADING_MODIFIERS.matcher(part).replaceFirst("").strip().replaceAll("\\s*\\n\\s*", " ");
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }
}
