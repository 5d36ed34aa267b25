package io.segmenter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.cli.compose.ComposeFile;
import io.segmenter.cli.observability.RepositoryFiles;
import io.segmenter.config.ClientSettings;
import io.segmenter.serde.AvroSerdeConfig;
import io.segmenter.trainer.config.TrainerConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The Segmenter containers of docker-compose.yml get settings the program reads: every
 * {@code SEGMENTER_*} variable names a key the service's command reads (key {@code a.b.c} is
 * {@code SEGMENTER_A_B_C}; a misspelt or unknown one would be ignored without a word), and every command
 * line parses. The file is read as {@link ComposeStackIT} reads it ({@link ComposeFile}).
 */
class ComposeConfigKeysTest {

    /** What the compose file's header tells a user to export before {@code docker compose up}. */
    static final Map<String, String> USER_ENV = Map.of("SEGMENTER_HTTP_AUTH_TOKEN", "compose-test-token");

    private static Map<String, Map<String, String>> segmenterEnv;
    private static Map<String, List<String>> segmenterCommands;

    @BeforeAll
    static void readCompose() throws IOException {
        ComposeFile compose = ComposeFile.read(RepositoryFiles.root().resolve("docker-compose.yml"), USER_ENV);
        segmenterEnv = new LinkedHashMap<>();
        segmenterCommands = new LinkedHashMap<>();
        compose.services().forEach((name, service) -> {
            if ("segmenter:local".equals(service.image()) && !service.command().isEmpty()) {
                segmenterCommands.put(name, service.command());
            }
            Map<String, String> env = new LinkedHashMap<>();
            service.environment().forEach((k, v) -> {
                if (k.startsWith(SegmenterConfig.ENV_PREFIX)) {
                    env.put(k, v);
                }
            });
            if (!env.isEmpty()) {
                segmenterEnv.put(name, env);
            }
        });
        assertFalse(segmenterEnv.isEmpty(), "no service sets SEGMENTER_* variables");
        assertFalse(segmenterCommands.isEmpty(), "no service runs the segmenter image");
    }

    @Test
    void shouldParseTheCommandLineOfEverySegmenterService() {
        segmenterCommands.forEach((service, command) -> {
            // as SegmenterCli.main configures it
            CommandLine cli = SegmenterCli.commandLine();
            try {
                cli.parseArgs(command.toArray(String[]::new));
            } catch (ParameterException e) {
                fail(service + ": " + command + " does not parse: " + e.getMessage());
            }
        });
    }

    @Test
    void shouldSetOnlyVariablesThatNameAKeyTheCommandReads() {
        List<String> unknown = new ArrayList<>();
        segmenterEnv.forEach((service, env) -> env.keySet().stream()
                .filter(variable -> key(segmenterCommands.get(service).getFirst(), variable).isEmpty())
                .forEach(variable -> unknown.add(service + " (" + segmenterCommands.get(service).getFirst() + "): " + variable)));
        assertEquals(List.of(), unknown, "variables that name no config key of the service's command (ignored by the program)");
    }

    @Test
    void shouldStartTheTrainerWithItsEnvironment() {
        Map<String, String> env = segmenterEnv.get("trainer");
        TrainerConfig config = TrainerConfig.load(null, env, Map.of("train.every", "1h"));
        assertTrue(config.clientConfig().containsKey(AvroSerdeConfig.SCHEMA_REGISTRY_URL), "the trainer publishes through the registry");
        assertEquals("0.0.0.0", config.getString(TrainerConfig.HTTP_HOST));
        assertTrue(config.getPassword(TrainerConfig.HTTP_AUTH_TOKEN) != null, "POST /train is behind the token when bound beyond loopback");
    }

    @Test
    void shouldStartTheAppWithTheEnvironmentOfEachStreamsAppContainer() {
        segmenterEnv.forEach((service, env) -> {
            if (!service.startsWith("streams-app")) {
                return;
            }
            SegmenterConfig config = SegmenterConfig.load(null, env, Map.of());
            env.forEach((variable, value) -> assertEquals(value, String.valueOf(config.originals().get(key("run", variable).orElseThrow())),
                    service + ": " + variable + " did not reach the config"));
            assertTrue(config.originals().containsKey(AvroSerdeConfig.SCHEMA_REGISTRY_URL),
                    service + ": the replay writes registry-framed Avro, so the app needs the registry URL");
        });
    }

    /** The config key {@code variable} sets, by the naming rule over the keys {@code command} reads from the environment. */
    private static Optional<String> key(String command, String variable) {
        Set<String> keys = switch (command) {
            case "run" -> SegmenterConfig.envOverridableKeys();
            case "train" -> TrainerConfig.envKeys();
            default -> ClientSettings.clientKeys();
        };
        return keys.stream().filter(k -> ClientSettings.envName(k).equals(variable)).findFirst();
    }
}
