package io.segmenter.cli.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The stack's child processes by service name, each logging to {@code <logs>/<service>.log}. A shutdown
 * hook kills whatever is still running if the test JVM ends without {@link #stop}.
 */
public final class ProcessStack {

    private static final int TAIL_LINES = 40;

    private final Path logs;
    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
    private final Thread reaper = new Thread(this::kill, "compose-stack-reaper");

    public ProcessStack(Path logs) {
        this.logs = logs;
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    public synchronized ServiceProcess start(String service, List<String> command, Map<String, String> environment) throws IOException {
        Files.createDirectories(logs);
        ServiceProcess p = ServiceProcess.start(service, command, environment, logs.resolve(service + ".log"));
        processes.put(service, p);
        return p;
    }

    public synchronized ServiceProcess get(String service) {
        ServiceProcess p = processes.get(service);
        if (p == null) {
            throw new IllegalArgumentException(service + " was not started; started: " + processes.keySet());
        }
        return p;
    }

    /** @throws AssertionError naming the first process that exited, other than {@code mayExit}, with its log tail */
    public synchronized void assertRunning(Set<String> mayExit) {
        for (ServiceProcess p : processes.values()) {
            if (!mayExit.contains(p.name()) && !p.isAlive()) {
                throw new AssertionError(p.name() + " exited with " + p.exitCode().orElseThrow() + "\n" + p.tail(TAIL_LINES));
            }
        }
    }

    /** The last lines of every process's log. */
    public synchronized String tails() {
        return processes.values().stream().map(p -> p.tail(TAIL_LINES)).collect(Collectors.joining("\n"));
    }

    /** SIGTERM to the given services (and their children) at once, then waits for each, killing any that hang. */
    public void stop(Set<String> services) {
        List<ServiceProcess> stopping;
        synchronized (this) {
            stopping = new ArrayList<>(processes.values().stream().filter(p -> services.contains(p.name())).toList());
        }
        stopping.forEach(ServiceProcess::terminate);
        stopping.forEach(p -> p.awaitEnd(30));
    }

    /** Stops every process; a second call does nothing. */
    public void stopAll() {
        stop(Set.copyOf(processes.keySet()));
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private synchronized void kill() {
        processes.values().forEach(p -> p.awaitEnd(0));
    }
}
