package io.segmenter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import io.segmenter.broker.registry.SchemaRegistryServer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Docker cannot run in the build, so the deployment files are checked statically: docker-compose.yml
 * (pinned images, references between services, mounts, ports, health checks), the Prometheus scrape
 * config against the compose services, and the Grafana dashboards.
 */
class DeploymentFilesTest {

    private static final List<String> TOPICS = List.of(
            "transactions", "transactions-dlq", "customer-profiles", "customer-segments", "segment-models",
            "customer-erasures");

    private static Path root;
    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    static void readCompose() throws IOException {
        root = repositoryRoot();
        compose = yaml(root.resolve("docker-compose.yml"));
        services = new LinkedHashMap<>();
        map(compose.get("services"), "services").forEach((name, service) -> services.put(name, map(service, name)));
        assertFalse(services.isEmpty(), "docker-compose.yml has no services");
    }

    @Test
    void shouldPinEveryImageOrBuildItFromTheRepository() {
        Pattern pinned = Pattern.compile("^[^:@]+:v?\\d+\\.\\d+\\.\\d+[\\w.-]*(@sha256:[0-9a-f]{64})?$");
        services.forEach((name, service) -> {
            Object image = service.get("image");
            if (service.containsKey("build")) {
                assertTrue(Files.exists(root.resolve(buildContext(service.get("build"))).resolve("Dockerfile")),
                        name + " builds from a directory without a Dockerfile");
                return;
            }
            assertTrue(image instanceof String, name + " has neither an image nor a build");
            String ref = lastPathSegment((String) image);
            assertTrue(pinned.matcher(ref).matches(), name + " image is not pinned to a versioned tag: " + image);
            assertFalse(ref.contains(":latest"), name + " uses the latest tag: " + image);
        });
    }

    @Test
    void shouldRunTheBrokerAndRegistryVersionsTheTestsRun() {
        String kafka = String.valueOf(services.get("kafka").get("image"));
        assertEquals("apache/kafka:" + AppInfoParser.getVersion(), kafka, "the compose broker must be in step with the Kafka clients");
        assertEquals("apicurio/apicurio-registry:" + SchemaRegistryServer.version(), String.valueOf(services.get("schema-registry").get("image")),
                "the compose registry must be the one RegistryEndToEndIT and ComposeStackIT run");
    }

    @Test
    void shouldBuildTheImageFromPinnedBasesAndRunTheLauncherAsNonRoot() throws IOException {
        String dockerfile = Files.readString(root.resolve("Dockerfile"));
        List<String> bases = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(dockerfile).results()
                .map(m -> m.group(1)).toList();
        assertEquals(2, bases.size(), "expected a build stage and a runtime stage: " + bases);
        // A release tag (major.minor.patch), not a floating one such as 25-jre or 3.9-eclipse-temurin-25.
        Pattern release = Pattern.compile("^[^:@]+:v?\\d+\\.\\d+\\.\\d+[\\w.-]*$");
        for (String base : bases) {
            assertTrue(release.matcher(base).matches(), "base image not pinned to a release: " + base);
        }
        assertTrue(dockerfile.contains("cli/target/lib") && dockerfile.contains("cli/target/segmenter-cli.jar"),
                "the image must carry the launcher's class path (cli/target/lib and segmenter-cli.jar)");
        assertTrue(dockerfile.contains(SegmenterCli.class.getName()), "the entrypoint must run SegmenterCli");
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(dockerfile);
        assertTrue(user.find() && !List.of("root", "0").contains(user.group(1)), "the image must not run as root");
        boolean curlHealthchecks = services.values().stream()
                .filter(service -> service.containsKey("build"))
                .anyMatch(service -> String.valueOf(service.get("healthcheck")).contains("curl"));
        if (curlHealthchecks) {
            assertTrue(dockerfile.contains("install") && dockerfile.contains("curl"),
                    "health checks call curl, which the runtime image must install");
        }
        List<String> ignored = Files.readAllLines(root.resolve(".dockerignore"));
        assertTrue(ignored.contains("**/target") && ignored.contains(".git"),
                ".dockerignore must keep build output and .git out of the context");
    }

    @Test
    void shouldDependOnlyOnServicesThatExist() {
        services.forEach((name, service) -> {
            Object dependsOn = service.get("depends_on");
            if (dependsOn == null) {
                return;
            }
            List<String> targets = dependsOn instanceof Map<?, ?> m
                    ? m.keySet().stream().map(String::valueOf).toList()
                    : list(dependsOn, name + ".depends_on").stream().map(String::valueOf).toList();
            for (String target : targets) {
                assertTrue(services.containsKey(target), name + " depends on unknown service " + target);
                assertFalse(target.equals(name), name + " depends on itself");
            }
        });
    }

    @Test
    void shouldMountOnlyRepositoryPathsThatExistOrDeclaredNamedVolumes() {
        Set<String> declared = compose.get("volumes") == null
                ? Set.of()
                : map(compose.get("volumes"), "volumes").keySet();
        Set<String> used = new HashSet<>();
        services.forEach((name, service) -> {
            for (String source : volumeSources(service, name)) {
                if (source.startsWith("./") || source.startsWith("../") || source.equals(".")) {
                    Path path = root.resolve(source).normalize();
                    assertTrue(path.startsWith(root), name + " mounts a path outside the repository: " + source);
                    assertTrue(Files.exists(path), name + " mounts " + source + ", which is not in the repository");
                } else {
                    assertFalse(source.startsWith("/") || source.startsWith("~"),
                            name + " mounts a host path outside the repository: " + source);
                    assertTrue(declared.contains(source), name + " uses named volume " + source
                            + " that is not declared under the top-level volumes");
                    used.add(source);
                }
            }
        });
        assertEquals(declared, used, "declared named volumes and used named volumes differ");
    }

    @Test
    void shouldPublishEachHostPortOnce() {
        Map<String, String> owners = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            for (Map.Entry<String, String> port : ports(service, name).entrySet()) {
                String previous = owners.put(port.getKey(), name);
                assertTrue(previous == null, "host port " + port.getKey() + " is published by both "
                        + previous + " and " + name);
            }
        });
        assertFalse(owners.isEmpty(), "no service publishes a port");
    }

    @Test
    void shouldHealthCheckEveryStreamsAppOnItsHealthEndpoint() {
        List<String> apps = appServices();
        assertTrue(apps.size() >= 2, "expected at least two streams-app instances (command run), found " + apps);
        for (String name : apps) {
            Object healthcheck = services.get(name).get("healthcheck");
            assertTrue(healthcheck instanceof Map<?, ?>, name + " has no healthcheck");
            String test = String.valueOf(map(healthcheck, name + ".healthcheck").get("test"));
            assertTrue(test.contains("/health/live") || test.contains("/health/ready"),
                    name + " healthcheck does not call /health/live or /health/ready: " + test);
            assertTrue(test.contains(":" + httpPort(name)), name + " healthcheck is not on the app's HTTP port");
        }
    }

    @Test
    void shouldGiveEachStreamsAppInstanceItsOwnApplicationServerAndStateVolume() {
        Set<String> servers = new HashSet<>();
        Set<String> stateVolumes = new HashSet<>();
        for (String name : appServices()) {
            Map<String, Object> env = environment(name);
            String server = String.valueOf(env.get("SEGMENTER_APPLICATION_SERVER"));
            assertEquals(name + ":" + httpPort(name), server, name + " advertises a different host:port");
            assertTrue(servers.add(server), "two instances advertise " + server);
            String stateDir = String.valueOf(env.get("SEGMENTER_STATE_DIR"));
            String volume = volumeSources(services.get(name), name).stream()
                    .filter(source -> volumeTargets(services.get(name)).contains(source + ":" + stateDir))
                    .findFirst().orElse(null);
            assertTrue(volume != null, name + " has no volume mounted on its state dir " + stateDir);
            assertTrue(stateVolumes.add(volume), "two instances share the state volume " + volume);
        }
    }

    @Test
    void shouldCreateEveryTopicExplicitly() {
        String init = String.valueOf(services.get("kafka-init"));
        for (String topic : TOPICS) {
            assertTrue(Pattern.compile("create\\s+" + Pattern.quote(topic) + "\\s").matcher(init).find(),
                    "kafka-init does not create topic " + topic);
        }
        assertTrue(init.contains("--if-not-exists"), "topic creation is not idempotent");
        Map<String, Object> kafkaEnv = map(services.get("kafka").get("environment"), "kafka.environment");
        assertEquals("false", String.valueOf(kafkaEnv.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")),
                "the broker must not create topics on first use");
    }

    @Test
    void shouldScrapeOnlyServicesThatExistOnTheirHttpPorts() throws IOException {
        Map<String, Object> prometheus = yaml(root.resolve("grafana/prometheus/prometheus.yml"));
        Set<String> scraped = new HashSet<>();
        Map<String, Set<String>> jobs = new LinkedHashMap<>();
        for (Object job : list(prometheus.get("scrape_configs"), "scrape_configs")) {
            Map<String, Object> scrape = map(job, "scrape_config");
            String jobName = String.valueOf(scrape.get("job_name"));
            for (Object staticConfig : list(scrape.get("static_configs"), jobName + ".static_configs")) {
                for (Object target : list(map(staticConfig, jobName).get("targets"), jobName + ".targets")) {
                    String[] hostPort = String.valueOf(target).split(":");
                    assertEquals(2, hostPort.length, "target without host:port: " + target);
                    String service = hostPort[0];
                    assertTrue(services.containsKey(service), jobName + " scrapes unknown service " + service);
                    assertEquals(httpPort(service), hostPort[1], jobName + " scrapes " + service + " on the wrong port");
                    scraped.add(service);
                    jobs.computeIfAbsent(jobName, k -> new HashSet<>()).add(service);
                }
            }
        }
        assertTrue(scraped.containsAll(appServices()), "not every streams-app instance is scraped: " + scraped);
        assertTrue(jobs.containsKey("segmenter") && jobs.containsKey("segmenter-trainer"),
                "scrape jobs must be named segmenter and segmenter-trainer (the alert rules select on them)");
        for (Object ruleFile : list(prometheus.get("rule_files"), "rule_files")) {
            assertTrue(Files.exists(root.resolve("grafana/prometheus").resolve(String.valueOf(ruleFile))),
                    "rule file " + ruleFile + " does not exist");
        }
        assertTrue(volumeTargets(services.get("prometheus")).contains("./grafana/prometheus:/etc/prometheus"),
                "prometheus must mount grafana/prometheus on /etc/prometheus");
    }

    @Test
    void shouldProvisionGrafanaFromTheMountedDirectories() throws IOException {
        Map<String, Object> providers = yaml(root.resolve("grafana/provisioning/dashboards/dashboards.yml"));
        String path = String.valueOf(map(map(list(providers.get("providers"), "providers").getFirst(), "provider")
                .get("options"), "options").get("path"));
        assertTrue(volumeTargets(services.get("grafana")).contains("./grafana/dashboards:" + path),
                "grafana does not mount grafana/dashboards where the provider reads (" + path + ")");
        Map<String, Object> datasources = yaml(root.resolve("grafana/provisioning/datasources/prometheus.yml"));
        Map<String, Object> prometheus = map(list(datasources.get("datasources"), "datasources").getFirst(), "datasource");
        assertEquals("prometheus", prometheus.get("uid"));
        assertEquals("http://prometheus:9090", prometheus.get("url"));
        assertTrue(services.containsKey("prometheus"));
    }

    @Test
    void shouldGiveEveryDashboardPanelADataSourceAQueryAndAUniqueId() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Path> dashboards;
        try (Stream<Path> files = Files.list(root.resolve("grafana/dashboards"))) {
            dashboards = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(dashboards.size() >= 3, "expected the Overview, Segments and Streams dashboards");
        Set<String> uids = new HashSet<>();
        for (Path file : dashboards) {
            JsonNode dashboard = json.readTree(file.toFile());
            String where = root.relativize(file).toString();
            assertTrue(uids.add(dashboard.path("uid").asText()), where + " has a missing or duplicate uid");
            JsonNode panels = dashboard.path("panels");
            assertTrue(panels.isArray() && !panels.isEmpty(), where + " has no panels");
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : panels) {
                String title = where + " / " + panel.path("title").asText("(untitled)");
                assertTrue(panel.path("id").isInt() && ids.add(panel.path("id").asInt()),
                        title + " has a missing or duplicate id");
                assertTrue(List.of("timeseries", "stat", "gauge", "bargauge", "table", "state-timeline", "text")
                        .contains(panel.path("type").asText()), title + " uses a legacy or unknown panel type");
                assertFalse(panel.path("description").asText().isBlank(), title + " has no description");
                assertTrue(isPrometheus(panel.path("datasource")), title + " has no Prometheus data source");
                JsonNode targets = panel.path("targets");
                assertTrue(targets.isArray() && !targets.isEmpty(), title + " has no query");
                for (JsonNode target : targets) {
                    assertFalse(target.path("expr").asText().isBlank(), title + " has a query without expr");
                }
            }
        }
    }

    @Test
    void shouldQueryOnlySegmenterMetricsOfTheMetricsContract() throws IOException {
        Set<String> contract = new HashSet<>();
        Pattern documented = Pattern.compile("`(segmenter_[a-z_]+)");
        documented.matcher(Files.readString(root.resolve("docs/metrics.md"))).results()
                .forEach(m -> contract.add(m.group(1)));
        StringBuilder queries = new StringBuilder(Files.readString(root.resolve("grafana/prometheus/alerts.yml")));
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(root.resolve("grafana/dashboards"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                json.readTree(file.toFile()).path("panels")
                        .forEach(panel -> panel.path("targets").forEach(t -> queries.append('\n').append(t.path("expr").asText())));
            }
        }
        // Names after a colon belong to recording rules (job:segmenter_consumer_lag:sum), not to the app.
        Matcher used = Pattern.compile("(?<![:\\w])(segmenter_[a-z_]+)").matcher(queries);
        Set<String> unknown = new HashSet<>();
        while (used.find()) {
            String name = used.group(1).replaceFirst("_(bucket|sum|count)$", "");
            if (!contract.contains(name)) {
                unknown.add(used.group(1));
            }
        }
        assertTrue(unknown.isEmpty(), "queries use metrics that docs/metrics.md does not define: " + unknown);
    }

    private static boolean isPrometheus(JsonNode datasource) {
        String uid = datasource.path("uid").asText();
        return "prometheus".equals(datasource.path("type").asText())
                && ("prometheus".equals(uid) || "${datasource}".equals(uid));
    }

    private List<String> appServices() {
        List<String> apps = new ArrayList<>();
        services.forEach((name, service) -> {
            Object command = service.get("command");
            if (command instanceof List<?> args && !args.isEmpty() && "run".equals(args.getFirst())) {
                apps.add(name);
            }
        });
        return apps;
    }

    /**
     * The port the service's HTTP server listens on inside the network: the --http-port of its command
     * (train), else its SEGMENTER_HTTP_PORT (run).
     */
    private static String httpPort(String service) {
        if (services.get(service).get("command") instanceof List<?> command) {
            int flag = command.indexOf("--http-port");
            if (flag >= 0 && flag + 1 < command.size()) {
                return String.valueOf(command.get(flag + 1));
            }
        }
        Object port = environment(service).get("SEGMENTER_HTTP_PORT");
        if (port == null) {
            fail(service + " sets neither --http-port nor SEGMENTER_HTTP_PORT");
        }
        return String.valueOf(port);
    }

    private static Map<String, Object> environment(String service) {
        Object env = services.get(service).get("environment");
        return env == null ? Map.of() : map(env, service + ".environment");
    }

    private static List<String> volumeSources(Map<String, Object> service, String name) {
        List<String> sources = new ArrayList<>();
        for (String mount : volumeTargets(service)) {
            int colon = mount.indexOf(':');
            assertTrue(colon > 0, name + " has an anonymous volume " + mount + "; name it");
            sources.add(mount.substring(0, colon));
        }
        return sources;
    }

    /** Volumes as "source:target" (mode dropped), from the short or the long syntax. */
    private static List<String> volumeTargets(Map<String, Object> service) {
        List<String> mounts = new ArrayList<>();
        if (service.get("volumes") == null) {
            return mounts;
        }
        for (Object volume : list(service.get("volumes"), "volumes")) {
            if (volume instanceof Map<?, ?> longSyntax) {
                mounts.add(longSyntax.get("source") + ":" + longSyntax.get("target"));
            } else {
                String[] parts = String.valueOf(volume).split(":");
                mounts.add(parts.length == 1 ? parts[0] : parts[0] + ":" + parts[1]);
            }
        }
        return mounts;
    }

    /** Published host port (with host IP if given) to container port. */
    private static Map<String, String> ports(Map<String, Object> service, String name) {
        Map<String, String> ports = new LinkedHashMap<>();
        if (service.get("ports") == null) {
            return ports;
        }
        Pattern shortSyntax = Pattern.compile("^(?:(.+):)?(\\d+):(\\d+)(?:/(tcp|udp))?$");
        for (Object port : list(service.get("ports"), name + ".ports")) {
            if (port instanceof Map<?, ?> longSyntax) {
                ports.put(String.valueOf(longSyntax.get("published")), String.valueOf(longSyntax.get("target")));
                continue;
            }
            Matcher m = shortSyntax.matcher(String.valueOf(port));
            assertTrue(m.matches(), name + " publishes " + port + " without a fixed host port");
            ports.put((m.group(1) == null ? "" : m.group(1) + ":") + m.group(2), m.group(3));
        }
        return ports;
    }

    private static String buildContext(Object build) {
        return build instanceof Map<?, ?> m ? String.valueOf(m.get("context")) : String.valueOf(build);
    }

    private static String lastPathSegment(String image) {
        return image.substring(image.lastIndexOf('/') + 1);
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader reader = Files.newBufferedReader(file)) {
            return map(new Yaml(options).load(reader), file.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        assertTrue(value instanceof Map<?, ?>, what + " is not a mapping");
        return (Map<String, Object>) value;
    }

    private static List<?> list(Object value, String what) {
        assertTrue(value instanceof List<?>, what + " is not a list");
        return (List<?>) value;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            fail("docker-compose.yml not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
