package io.segmenter.cli.compose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One compose service run as a child process: exactly the given environment (nothing inherited but
 * {@code PATH} and {@code HOME}, as a container starts clean), stdout and stderr into one log file.
 */
public final class ServiceProcess {

    private final String name;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ServiceProcess start(String name, List<String> command, Map<String, String> environment, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        String path = env.get("PATH");
        String home = env.get("HOME");
        env.clear();
        env.put("PATH", path);
        env.put("HOME", home);
        env.putAll(environment);
        Files.writeString(log, ""); // a rerun's log starts empty even if the process writes nothing
        return new ServiceProcess(name, builder.start(), log);
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once the process has ended. */
    public Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** The first group of the first log line that matches {@code pattern}, once one has been written. */
    public Optional<String> firstMatch(Pattern pattern) {
        try {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return Optional.of(m.groupCount() > 0 ? m.group(1) : m.group());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The last {@code lines} lines of its log, headed by its name and state. */
    public String tail(int lines) {
        String state = process.isAlive() ? "running" : "exited " + process.exitValue();
        StringBuilder out = new StringBuilder("---- " + name + " (" + state + ", " + log + ") ----\n");
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> out.append(l).append('\n'));
        } catch (IOException e) {
            out.append("(log unreadable: ").append(e.getMessage()).append(")\n");
        }
        return out.toString();
    }

    /** SIGTERM to the process and all its descendants (as {@code docker compose down} stops a container). */
    public void terminate() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    /** Waits up to {@code seconds} for the process to end, then kills it and whatever it started. */
    public void awaitEnd(long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
