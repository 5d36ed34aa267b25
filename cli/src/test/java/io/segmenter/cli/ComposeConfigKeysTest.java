package io.segmenter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.cli.observability.RepositoryFiles;
import io.segmenter.serde.AvroSerdeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The Segmenter containers of docker-compose.yml get settings the program reads: every
 * {@code SEGMENTER_*} variable names a key of the app's configuration (docs/metrics.md: key {@code a.b.c}
 * is {@code SEGMENTER_A_B_C}; a misspelt or unknown one would be ignored without a word), only {@code run}
 * gets such variables (the other commands read flags), and every command line parses.
 */
class ComposeConfigKeysTest {

    /** {@code ${NAME:-default}} and {@code ${NAME}} as Compose interpolates them (the default when unset). */
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{(\\w+)(?::?-([^}]*))?}");

    private static Map<String, Map<String, String>> segmenterEnv;
    private static Map<String, List<String>> segmenterCommands;

    @BeforeAll
    static void readCompose() throws IOException {
        Map<String, Object> compose;
        try (Reader in = Files.newBufferedReader(RepositoryFiles.root().resolve("docker-compose.yml"))) {
            compose = new Yaml().load(in);
        }
        segmenterEnv = new LinkedHashMap<>();
        segmenterCommands = new LinkedHashMap<>();
        ((Map<?, ?>) compose.get("services")).forEach((name, s) -> {
            Map<?, ?> service = (Map<?, ?>) s;
            if ("segmenter:local".equals(service.get("image")) && service.get("command") instanceof List<?> command) {
                segmenterCommands.put(String.valueOf(name), command.stream().map(a -> interpolate(String.valueOf(a))).toList());
            }
            Map<String, String> env = new LinkedHashMap<>();
            if (service.get("environment") instanceof Map<?, ?> vars) {
                vars.forEach((k, v) -> {
                    if (String.valueOf(k).startsWith(SegmenterConfig.ENV_PREFIX)) {
                        env.put(String.valueOf(k), interpolate(String.valueOf(v)));
                    }
                });
            }
            if (!env.isEmpty()) {
                segmenterEnv.put(String.valueOf(name), env);
            }
        });
        assertFalse(segmenterEnv.isEmpty(), "no service sets SEGMENTER_* variables");
        assertFalse(segmenterCommands.isEmpty(), "no service runs the segmenter image");
    }

    @Test
    void shouldParseTheCommandLineOfEverySegmenterService() {
        segmenterCommands.forEach((service, command) -> {
            // as SegmenterCli.main configures it
            CommandLine cli = new CommandLine(new SegmenterCli()).setCaseInsensitiveEnumValuesAllowed(true);
            try {
                cli.parseArgs(command.toArray(String[]::new));
            } catch (ParameterException e) {
                fail(service + ": " + command + " does not parse: " + e.getMessage());
            }
        });
    }

    @Test
    void shouldSetVariablesOnlyForTheCommandThatReadsThem() {
        segmenterEnv.keySet().forEach(service -> assertEquals("run", segmenterCommands.get(service).getFirst(),
                service + " sets SEGMENTER_* variables, but only run reads them (train and replay take flags)"));
    }

    @Test
    void shouldSetOnlyVariablesThatNameAKeyTheAppReads() {
        List<String> unknown = new ArrayList<>();
        segmenterEnv.forEach((service, env) -> env.keySet().stream()
                .filter(variable -> key(variable).isEmpty())
                .forEach(variable -> unknown.add(service + ": " + variable)));
        assertEquals(List.of(), unknown, "variables that name no config key (ignored by the program)");
    }

    @Test
    void shouldStartTheAppWithTheEnvironmentOfEachStreamsAppContainer() {
        segmenterEnv.forEach((service, env) -> {
            if (!service.startsWith("streams-app")) {
                return;
            }
            SegmenterConfig config = SegmenterConfig.load(null, env, Map.of());
            env.forEach((variable, value) -> assertEquals(value, String.valueOf(config.originals().get(key(variable).orElseThrow())),
                    service + ": " + variable + " did not reach the config"));
            assertTrue(config.originals().containsKey(AvroSerdeConfig.SCHEMA_REGISTRY_URL),
                    service + ": the replay writes registry-framed Avro, so the app needs the registry URL");
        });
    }

    /** The config key {@code variable} sets, by the naming rule over the keys the app reads from the environment. */
    private static Optional<String> key(String variable) {
        return SegmenterConfig.envOverridableKeys().stream().filter(k -> SegmenterConfig.envName(k).equals(variable)).findFirst();
    }

    private static String interpolate(String value) {
        Matcher m = INTERPOLATION.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
        }
        return m.appendTail(sb).toString();
    }
}
