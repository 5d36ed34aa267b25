package io.segmenter.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.broker.junit.KafkaTestCluster;
import io.segmenter.broker.registry.SchemaRegistryServer;
import io.segmenter.cli.compose.ComposeFile;
import io.segmenter.cli.compose.ComposeFile.Service;
import io.segmenter.cli.compose.FailWithLogs;
import io.segmenter.cli.compose.Http;
import io.segmenter.cli.compose.Http.Answer;
import io.segmenter.cli.compose.Loopback;
import io.segmenter.cli.compose.OnlineRetailFile;
import io.segmenter.cli.compose.ProcessStack;
import io.segmenter.cli.compose.ServiceProcess;
import io.segmenter.cli.observability.RepositoryFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml, run without Docker: every service of the file (but Grafana) starts as a process on
 * this machine with the command and the environment the file gives it, and the stack does what the file
 * promises. kafka-init's script creates exactly the topics the app expects; both streams-app instances
 * consume the replay of the file's dataset through the registry; the trainer (its first run at start
 * finds no or few profiles) is asked to train over HTTP, behind the token, and publishes a model through
 * the registry; both instances load it, become ready and give the same answer for customers of every kind,
 * whichever instance owns them, each kind a segment of its own; an erasure needs the token; Prometheus, on the file's config, scrapes all three
 * targets; every curl healthcheck of the file passes.
 *
 * <p>What is substituted, and nothing else:
 * <ul>
 *   <li>containers: the Segmenter image is {@code java -cp cli/target/lib/*:cli/target/segmenter-cli.jar
 *       io.segmenter.cli.SegmenterCli} with the service's {@code command}; {@code apache/kafka} is the
 *       repository's own broker ({@code segmenter broker}, its settings compared with the file's
 *       {@code KAFKA_*}); {@code apicurio/apicurio-registry} is {@link SchemaRegistryServer} at the same
 *       version; {@code prom/prometheus} is Debian's {@code prometheus} binary;</li>
 *   <li>the network: every container address ({@code kafka:9092}, {@code schema-registry:8080},
 *       {@code streams-app-N:8080}, {@code trainer:8081}) becomes a free {@code 127.0.0.1} port, in the
 *       environment, the commands, the healthchecks and Prometheus' targets, and so does each service's
 *       {@code SEGMENTER_HTTP_PORT}; the HTTP host ({@code 0.0.0.0}) and the token stay as the file gives them
 *       (the token is {@link ComposeConfigKeysTest#USER_ENV}, what a user exports);</li>
 *   <li>volumes: each mount point a temporary directory; {@code ./datasets} holds a small generated
 *       {@code online_retail.csv.gz} ({@link OnlineRetailFile}: about 150 customers over eight days, so
 *       {@code --speedup 86400} as the file gives it takes about eight seconds), and Prometheus' config is a
 *       copy of {@code grafana/prometheus} with the targets rewritten and a 1 s scrape interval.</li>
 * </ul>
 * Nothing is added to any environment: the app's default tick (10 s) re-scores soon enough after the model
 * arrives. Each process logs to {@code cli/target/compose-stack/<service>.log}; a failure shows their last
 * lines (the registry's log is SchemaRegistryServer's own temporary file, shown when it fails to start).
 */
class ComposeStackIT {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Path ROOT = RepositoryFiles.root();
    private static final String TOKEN = ComposeConfigKeysTest.USER_ENV.get("SEGMENTER_HTTP_AUTH_TOKEN");
    private static final String SEGMENTER_IMAGE = "segmenter:local";
    private static final List<String> APPS = List.of("streams-app-1", "streams-app-2");
    private static final List<String> SEGMENTER_SERVICES = List.of("streams-app-1", "streams-app-2", "trainer", "replay");
    /** Services that end by themselves (restart: "no"); every other one must keep running. */
    private static final Set<String> ONE_SHOT = Set.of("replay");
    /** kafka's KAFKA_* variables that say where (addresses, paths), not how: the substitute broker has its own. */
    private static final Set<String> BROKER_WHERE = Set.of("KAFKA_CONTROLLER_QUORUM_VOTERS", "KAFKA_LISTENERS",
            "KAFKA_ADVERTISED_LISTENERS", "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "KAFKA_LOG_DIRS");
    /** Where Grafana's datasource (grafana/provisioning) finds Prometheus: its default port in the container. */
    private static final String PROMETHEUS = "prometheus:9090";
    private static final Pattern BROKER_READY = Pattern.compile("Kafka broker ready at (\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ProcessStack STACK = new ProcessStack(ROOT.resolve("cli/target/compose-stack"));

    @RegisterExtension
    static final FailWithLogs FAIL_WITH_LOGS = new FailWithLogs(STACK::tails);

    @TempDir
    static Path tmp;

    private static ComposeFile compose;
    private static final Loopback LOOPBACK = new Loopback();
    private static SchemaRegistryServer registry;
    private static KafkaTestCluster kafka;
    private static OnlineRetailFile.Customers customers;
    private static SegmenterConfig appConfig;

    @BeforeAll
    static void upTheStack() throws Exception {
        prometheusBinary(); // before any process starts: without it the test is skipped (outside CI) or fails (CI)
        compose = ComposeFile.read(ROOT.resolve("docker-compose.yml"), ComposeConfigKeysTest.USER_ENV);
        // in the order of depends_on: kafka and schema-registry, kafka-init, then the rest at once
        Service broker = compose.service("kafka");
        String logDirs = LOOPBACK.withMounts(mounts(broker)).rewrite(broker.environment().get("KAFKA_LOG_DIRS"));
        STACK.start("kafka", segmenter(List.of("broker", "--port", Integer.toString(freePort()), "--dir", logDirs)), Map.of());
        startSchemaRegistry();
        awaitKafka();
        runKafkaInit();
        mapHttpPorts();
        customers = OnlineRetailFile.write(Files.createDirectories(tmp.resolve("datasets")).resolve("online_retail.csv.gz"));
        for (String service : SEGMENTER_SERVICES) {
            startSegmenterService(service);
        }
        startPrometheus();
    }

    @AfterAll
    static void downTheStack() {
        Set<String> services = new HashSet<>(SEGMENTER_SERVICES);
        services.add("prometheus");
        STACK.stop(services); // the clients first, while the broker and the registry still answer them
        if (registry != null) {
            registry.close();
        }
        STACK.stopAll();
    }

    @Test
    void theStackRunsAsTheComposeFileDescribesIt() throws Exception {
        theReplayEndsWithExitCode0();
        theTrainerTrainsOnRequestOnlyWithTheToken();
        long model = bothInstancesLoadTheModelAndAreReady();
        everyHealthcheckOfTheFilePasses();
        eitherInstanceGivesTheSameAnswerForACustomer(model);
        everyTopicWentThroughTheRegistry();
        prometheusScrapesEveryTarget();
        anErasureNeedsTheToken();
    }

    private void theReplayEndsWithExitCode0() {
        ServiceProcess replay = STACK.get("replay");
        waiting("the replay to end").until(() -> replay.exitCode().isPresent());
        assertEquals(0, replay.exitCode().orElseThrow(), "replay's exit code\n" + replay.tail(20));
        String profiles = appConfig.getString(SegmenterConfig.TOPIC_PROFILES);
        waiting("a profile of every customer of the dataset on " + profiles)
                .until(() -> kafka.consume(profiles, new StringDeserializer(), new ByteArrayDeserializer(), Integer.MAX_VALUE,
                        Duration.ofSeconds(2)).stream().map(r -> r.key()).distinct().count() == customers.count());
    }

    private void theTrainerTrainsOnRequestOnlyWithTheToken() {
        String train = "http://" + LOOPBACK.local(containerAddress("trainer")) + "/train";
        waiting("the trainer's HTTP server").until(() -> Http.send("POST", train, null).status() != 0);
        Answer anonymous = Http.send("POST", train, null);
        assertEquals(401, anonymous.status(), "POST /train without the token: " + anonymous.body());
        // 409 while the run the trainer starts with is still in progress
        waiting("POST /train with the token to start a run").until(() -> {
            Answer a = Http.send("POST", train, TOKEN);
            assertTrue(a.status() == 202 || a.status() == 409, "POST /train with the token: " + a);
            return a.status() == 202;
        });
    }

    /** @return the version of the model both instances score with */
    private long bothInstancesLoadTheModelAndAreReady() throws IOException {
        Set<Long> versions = new HashSet<>();
        for (String app : APPS) {
            waiting(app + " to load a model trained on all " + customers.count() + " customers").until(() -> {
                Answer model = Http.get(url(app, "/model"));
                return model.status() == 200 && JSON.readTree(model.body()).path("snapshotSize").asLong() == customers.count();
            });
            waiting(app + " to be ready").until(() -> Http.get(url(app, "/health/ready")).status() == 200);
            versions.add(JSON.readTree(Http.get(url(app, "/model")).body()).path("version").asLong());
        }
        assertEquals(1, versions.size(), "the model versions the instances score with");
        return versions.iterator().next();
    }

    private void everyHealthcheckOfTheFilePasses() {
        for (Service service : compose.services().values()) {
            List<String> test = service.healthcheck();
            if (test.size() < 2 || !test.get(0).equals("CMD") || !test.get(1).equals("curl")) {
                continue; // kafka's is a shell script of the image's tools; the broker answered the Admin client already
            }
            String url = test.getLast();
            Matcher local = Pattern.compile("//localhost:(\\d+)").matcher(url);
            assertTrue(local.find(), service.name() + ": healthcheck " + url + " does not ask the container itself");
            String here = url.replace(local.group(), "//" + LOOPBACK.local(service.hostname() + ":" + local.group(1)));
            // curl -f: any 2xx
            waiting(service.name() + "'s healthcheck " + here).until(() -> Http.get(here).status() / 100 == 2);
        }
    }

    private void eitherInstanceGivesTheSameAnswerForACustomer(long model) {
        waiting("the same answer, scored by model v" + model + ", for each sampled customer through both instances").untilAsserted(() -> {
            Map<Integer, Set<String>> kindsBySegment = new TreeMap<>();
            for (int kind = 0; kind < customers.byKind().size(); kind++) {
                for (String id : customers.byKind().get(kind).subList(0, 2)) {
                    Answer one = Http.get(url("streams-app-1", "/customers/" + id));
                    Answer two = Http.get(url("streams-app-2", "/customers/" + id));
                    assertEquals(200, one.status(), "streams-app-1 /customers/" + id + ": " + one.body());
                    assertEquals(200, two.status(), "streams-app-2 /customers/" + id + ": " + two.body());
                    JsonNode first = JSON.readTree(one.body());
                    assertEquals(first, JSON.readTree(two.body()), "customer " + id + " through streams-app-1 and streams-app-2");
                    assertEquals(model, first.path("model").path("version").asLong(), "customer " + id + " is not scored by v" + model + ": " + first);
                    assertFalse(first.path("segment").isNull() || first.path("segment").isMissingNode(), "customer " + id + " has no segment: " + first);
                    kindsBySegment.computeIfAbsent(first.path("segment").path("id").asInt(), s -> new HashSet<>()).add("kind " + kind);
                }
            }
            // the dataset's four kinds of customer are four segments of the model
            assertEquals(customers.byKind().size(), kindsBySegment.size(), "kinds by segment: " + kindsBySegment);
            kindsBySegment.values().forEach(kinds -> assertEquals(1, kinds.size(), "kinds by segment: " + kindsBySegment));
        });
    }

    /** The subjects (TopicNameStrategy) of what the replay, the app and the trainer wrote: all registry-framed. */
    private void everyTopicWentThroughTheRegistry() {
        String subjects = segmenterEnvironment(compose.service("streams-app-1")).get("SEGMENTER_SCHEMA_REGISTRY_URL") + "/subjects";
        List<String> expected = Stream.of(SegmenterConfig.TOPIC_TRANSACTIONS, SegmenterConfig.TOPIC_PROFILES, SegmenterConfig.TOPIC_SEGMENTS,
                SegmenterConfig.TOPIC_MODELS).map(topic -> appConfig.getString(topic) + "-value").toList();
        waiting("the subjects " + expected + " at " + subjects).untilAsserted(() -> {
            Answer a = Http.get(subjects);
            assertEquals(200, a.status(), subjects + ": " + a.body());
            Set<String> registered = new HashSet<>();
            JSON.readTree(a.body()).forEach(s -> registered.add(s.asText()));
            assertTrue(registered.containsAll(expected), "the registry's subjects " + registered);
        });
    }

    private void prometheusScrapesEveryTarget() {
        String targets = "http://" + LOOPBACK.local(PROMETHEUS) + "/api/v1/targets?state=active";
        waiting("Prometheus to scrape its 3 targets successfully").untilAsserted(() -> {
            Answer a = Http.get(targets);
            assertEquals(200, a.status(), a.body());
            Map<String, String> health = new TreeMap<>();
            JSON.readTree(a.body()).path("data").path("activeTargets").forEach(t -> health.put(
                    t.path("labels").path("job").asText() + "/" + t.path("labels").path("instance").asText(),
                    t.path("health").asText() + " " + t.path("lastError").asText("")));
            assertEquals(3, health.size(), "active targets: " + health);
            health.forEach((target, h) -> assertTrue(h.startsWith("up"), target + ": " + h + " (all: " + health + ")"));
        });
    }

    private void anErasureNeedsTheToken() {
        String id = customers.byKind().getFirst().getLast();
        for (String app : APPS) {
            Answer anonymous = Http.send("DELETE", url(app, "/customers/" + id), null);
            assertEquals(401, anonymous.status(), app + ": DELETE /customers/" + id + " without the token: " + anonymous.body());
        }
        Answer erased = Http.send("DELETE", url("streams-app-1", "/customers/" + id), TOKEN);
        assertEquals(202, erased.status(), "DELETE /customers/" + id + " with the token: " + erased.body());
    }

    // ---- starting the services ----

    /** The broker's advertised in-network listener ({@code kafka:9092}) is the child broker's bootstrap. */
    private static void awaitKafka() throws Exception {
        ServiceProcess broker = STACK.get("kafka");
        waiting("the broker to start").until(() -> broker.firstMatch(BROKER_READY).isPresent());
        String bootstrap = broker.firstMatch(BROKER_READY).orElseThrow();
        Service service = compose.service("kafka");
        assertTrue(service.image().startsWith("apache/kafka:"), service.image());
        Map<String, String> env = service.environment();
        String listener = env.get("KAFKA_INTER_BROKER_LISTENER_NAME") + "://";
        String advertised = Arrays.stream(env.get("KAFKA_ADVERTISED_LISTENERS").split(","))
                .filter(l -> l.startsWith(listener)).findFirst().orElseThrow().substring(listener.length());
        LOOPBACK.address(advertised, bootstrap);
        kafka = new KafkaTestCluster(bootstrap);
        Map<String, String> settings = brokerSettingsOfTheFile(env);
        assertEquals(settings, brokerSettingsOnTheBroker(settings.keySet()),
                "the broker's settings against kafka's KAFKA_* variables (addresses and paths aside)");
    }

    /** The image's rule: KAFKA_A_B is a.b ({@code __} is {@code _}, {@code ___} is {@code -}). */
    private static Map<String, String> brokerSettingsOfTheFile(Map<String, String> env) {
        Map<String, String> settings = new TreeMap<>();
        env.forEach((variable, value) -> {
            if (variable.startsWith("KAFKA_") && !BROKER_WHERE.contains(variable)) {
                String key = variable.substring("KAFKA_".length()).toLowerCase(Locale.ROOT)
                        .replace("___", "-").replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
                settings.put(key, value);
            }
        });
        return settings;
    }

    private static Map<String, String> brokerSettingsOnTheBroker(Set<String> keys) throws Exception {
        try (Admin admin = kafka.admin()) {
            String node = Integer.toString(admin.describeCluster().nodes().get().iterator().next().id());
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node);
            Config config = admin.describeConfigs(List.of(broker)).all().get().get(broker);
            Map<String, String> settings = new TreeMap<>();
            keys.forEach(k -> settings.put(k, config.get(k) == null ? null : config.get(k).value()));
            return settings;
        }
    }

    /**
     * kafka-init's script: each {@code create NAME PARTITIONS POLICY} line (PARTITIONS from its environment)
     * becomes one topic, made with an Admin client as {@code kafka-topics.sh --create} would make it. They must
     * be exactly the topics the app needs, with its partitions and cleanup policies.
     */
    private static void runKafkaInit() throws Exception {
        Service init = compose.service("kafka-init");
        assertEquals(List.of("/bin/bash", "-c"), init.entrypoint(), "kafka-init's command is a bash script");
        Map<String, String> env = init.environment();
        String script = String.join("\n", init.command());
        Matcher function = Pattern.compile("--topic \"\\$1\" --partitions \"\\$2\" --replication-factor (\\d+) --config cleanup\\.policy=\"\\$3\"")
                .matcher(script);
        assertTrue(function.find(), "kafka-init's create() is not `kafka-topics.sh --topic $1 --partitions $2 ... cleanup.policy=$3`:\n" + script);
        short replication = Short.parseShort(function.group(1));
        List<Topic> created = new ArrayList<>();
        Matcher line = Pattern.compile("(?m)^\\s*create\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s*$").matcher(script);
        while (line.find()) {
            String partitions = line.group(2).replace("\"", "");
            if (partitions.startsWith("$")) {
                partitions = env.get(partitions.replaceAll("[${}]", ""));
            }
            created.add(new Topic(line.group(1), Integer.parseInt(partitions), line.group(3)));
        }
        try (Admin admin = kafka.admin()) {
            admin.createTopics(created.stream().map(t -> new NewTopic(t.name(), t.partitions(), replication)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, t.cleanupPolicy()))).toList()).all().get();
        }
        appConfig = SegmenterConfig.load(null, compose.service("streams-app-1").environment(), Map.of());
        assertEquals(sorted(appTopics(appConfig)), sorted(created), "kafka-init's topics against the app's");
        assertEquals(sorted(created), sorted(topicsOnTheBroker(created)), "the topics on the broker");
    }

    /** A topic as kafka-init and the app's TopicCreator make it. */
    record Topic(String name, int partitions, String cleanupPolicy) {}

    /** What the app's TopicCreator would create: erasures co-partitioned with transactions, one partition of models. */
    private static List<Topic> appTopics(SegmenterConfig config) {
        int partitions = config.getInt(SegmenterConfig.TOPIC_PARTITIONS);
        return List.of(
                new Topic(config.getString(SegmenterConfig.TOPIC_TRANSACTIONS), partitions, TopicConfig.CLEANUP_POLICY_DELETE),
                new Topic(config.getString(SegmenterConfig.TOPIC_DLQ), partitions, TopicConfig.CLEANUP_POLICY_DELETE),
                new Topic(config.getString(SegmenterConfig.TOPIC_PROFILES), partitions, TopicConfig.CLEANUP_POLICY_COMPACT),
                new Topic(config.getString(SegmenterConfig.TOPIC_SEGMENTS), partitions, TopicConfig.CLEANUP_POLICY_COMPACT),
                new Topic(config.getString(SegmenterConfig.TOPIC_MODELS), 1, TopicConfig.CLEANUP_POLICY_COMPACT),
                new Topic(config.getString(SegmenterConfig.TOPIC_ERASURES), partitions, TopicConfig.CLEANUP_POLICY_DELETE),
                new Topic(config.getString(SegmenterConfig.TOPIC_ATTRIBUTES), partitions, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    private static List<Topic> topicsOnTheBroker(List<Topic> topics) throws Exception {
        try (Admin admin = kafka.admin()) {
            List<String> names = topics.stream().map(Topic::name).toList();
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
            List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            return names.stream().map(n -> new Topic(n, described.get(n).partitions().size(),
                    configs.get(new ConfigResource(ConfigResource.Type.TOPIC, n)).get(TopicConfig.CLEANUP_POLICY_CONFIG).value())).toList();
        }
    }

    private static void startSchemaRegistry() throws Exception {
        Service service = compose.service("schema-registry");
        assertEquals("apicurio/apicurio-registry:" + SchemaRegistryServer.version(), service.image(),
                "the registry image and the Apicurio version SchemaRegistryServer runs");
        registry = SchemaRegistryServer.start(0);
        LOOPBACK.address(service.hostname() + ":" + service.environment().get("QUARKUS_HTTP_PORT"), "127.0.0.1:" + registry.port());
    }

    /** Every Segmenter service's {@code host:SEGMENTER_HTTP_PORT} is a distinct free port here; Prometheus' port too. */
    private static void mapHttpPorts() {
        Set<Integer> taken = new HashSet<>();
        for (String name : SEGMENTER_SERVICES) {
            Service service = compose.service(name);
            if (service.environment().containsKey("SEGMENTER_HTTP_PORT")) {
                LOOPBACK.address(containerAddress(name), "127.0.0.1:" + distinctFreePort(taken));
            }
        }
        LOOPBACK.address(PROMETHEUS, "127.0.0.1:" + distinctFreePort(taken));
    }

    /** The service's command as arguments of the image's entrypoint, with its environment and volumes mapped to this machine. */
    private static void startSegmenterService(String name) throws IOException {
        Service service = compose.service(name);
        assertEquals(SEGMENTER_IMAGE, service.image(), name + "'s image");
        Loopback here = LOOPBACK.withMounts(mounts(service));
        List<String> args = here.rewrite(service.command());
        Map<String, String> env = segmenterEnvironment(service);
        assertNoContainerAddressLeft(name, args, env);
        STACK.start(name, segmenter(args), env);
    }

    private static Map<String, String> segmenterEnvironment(Service service) {
        Map<String, String> env = LOOPBACK.withMounts(mounts(service)).rewrite(service.environment());
        if (env.containsKey("SEGMENTER_HTTP_PORT")) {
            String local = LOOPBACK.local(containerAddress(service.name()));
            env.put("SEGMENTER_HTTP_PORT", local.substring(local.lastIndexOf(':') + 1));
        }
        return env;
    }

    /** The binary from {@code -Dprometheus.binary}, default Debian's; missing fails under CI, skips elsewhere. */
    private static Path prometheusBinary() {
        Path binary = Path.of(System.getProperty("prometheus.binary", "/usr/bin/prometheus"));
        if (!Files.isExecutable(binary)) {
            String why = binary + " not found: install Debian's prometheus package (.ci/run does) or set -Dprometheus.binary";
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return binary;
    }

    /**
     * Prometheus on a copy of {@code ./grafana/prometheus} (the file's bind mount) whose prometheus.yml scrapes
     * the loopback ports every second; the command is the file's, its paths mapped, plus the listen address.
     */
    private static void startPrometheus() throws IOException {
        Service service = compose.service("prometheus");
        assertTrue(service.image().startsWith("prom/prometheus:"), service.image());
        Path binary = prometheusBinary();
        Path config = Files.createDirectories(tmp.resolve("prometheus-etc"));
        try (Stream<Path> files = Files.list(ROOT.resolve("grafana/prometheus"))) {
            for (Path f : files.toList()) {
                Files.copy(f, config.resolve(f.getFileName()));
            }
        }
        rewritePrometheusConfig(config.resolve("prometheus.yml"));
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(LOOPBACK.withMounts(mounts(service)).rewrite(service.command()));
        command.add("--web.listen-address=" + LOOPBACK.local(PROMETHEUS));
        STACK.start("prometheus", command, Map.of());
    }

    @SuppressWarnings("unchecked")
    private static void rewritePrometheusConfig(Path file) throws IOException {
        Map<String, Object> yml;
        try (Reader in = Files.newBufferedReader(file)) {
            yml = new Yaml().load(in);
        }
        Map<String, Object> global = (Map<String, Object>) yml.get("global");
        global.put("scrape_interval", "1s");
        global.put("evaluation_interval", "1s");
        for (Object job : (List<Object>) yml.get("scrape_configs")) {
            for (Object statics : (List<Object>) ((Map<String, Object>) job).get("static_configs")) {
                Map<String, Object> s = (Map<String, Object>) statics;
                s.put("targets", LOOPBACK.rewrite((List<String>) s.get("targets")));
            }
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(file, new Yaml(options).dump(yml));
    }

    /**
     * The service's volumes as local directories: a named volume a fresh one, {@code ./datasets} the generated
     * dataset, {@code ./grafana/prometheus} the rewritten copy.
     */
    private static Map<String, Path> mounts(Service service) {
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (String volume : service.volumes()) {
            String[] parts = volume.split(":");
            Path local = switch (parts[0]) {
                case "./datasets" -> tmp.resolve("datasets");
                case "./grafana/prometheus" -> tmp.resolve("prometheus-etc");
                default -> {
                    if (parts[0].startsWith(".") || parts[0].startsWith("/")) {
                        throw new IllegalArgumentException(service.name() + ": no stand-in for the bind mount " + volume);
                    }
                    try {
                        yield Files.createDirectories(tmp.resolve("volumes").resolve(parts[0]));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
            mounts.put(parts[1], local);
        }
        return mounts;
    }

    /** Fails when a value still names a container ({@code host:port} of any service): it would not resolve here. */
    private static void assertNoContainerAddressLeft(String service, List<String> args, Map<String, String> env) {
        List<String> values = new ArrayList<>(args);
        env.forEach((k, v) -> values.add(k + "=" + v));
        for (Service other : compose.services().values()) {
            Pattern address = Pattern.compile("(?<![\\w.-])" + Pattern.quote(other.hostname()) + ":\\d+");
            values.stream().filter(v -> address.matcher(v).find()).findFirst().ifPresent(v ->
                    fail(service + ": " + v + " names a container address the stack does not serve (wrong port?)"));
        }
    }

    // ---- small helpers ----

    /** The address other containers reach a Segmenter service's HTTP server at: {@code hostname:SEGMENTER_HTTP_PORT}. */
    private static String containerAddress(String service) {
        Service s = compose.service(service);
        String port = s.environment().get("SEGMENTER_HTTP_PORT");
        assertNotNull(port, service + " sets no SEGMENTER_HTTP_PORT");
        return s.hostname() + ":" + port;
    }

    private static String url(String service, String path) {
        return "http://" + LOOPBACK.local(containerAddress(service)) + path;
    }

    /** {@code java ... SegmenterCli args}, as the image's entrypoint, with the JDK running this test. */
    private static List<String> segmenter(List<String> args) {
        Path target = ROOT.resolve("cli/target");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", target.resolve("lib") + "/*:" + target.resolve("segmenter-cli.jar"), SegmenterCli.class.getName()));
        command.addAll(args);
        return command;
    }

    /** A bounded wait that fails at once when a long-running service exits. */
    private static ConditionFactory waiting(String what) {
        return await(what).atMost(WAIT).pollInterval(Duration.ofMillis(500)).failFast("a service of the stack exited",
                () -> STACK.assertRunning(ONE_SHOT));
    }

    private static List<Topic> sorted(List<Topic> topics) {
        return topics.stream().sorted(Comparator.comparing(Topic::name)).toList();
    }

    private static int distinctFreePort(Set<Integer> taken) {
        int port;
        do {
            port = freePort();
        } while (!taken.add(port));
        return port;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
