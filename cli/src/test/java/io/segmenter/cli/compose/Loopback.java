package io.segmenter.cli.compose;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the containers' network and volumes become on this machine: every container address
 * ({@code kafka:9092}, {@code streams-app-1:8080}...) a {@code 127.0.0.1} port, and every volume's mount
 * point a local directory. {@link #rewrite} applies both to a value of the compose file.
 */
public final class Loopback {

    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final Map<String, Path> mounts = new LinkedHashMap<>();

    /** {@code containerAddress} ({@code host:port}) is {@code local} ({@code 127.0.0.1:port}) here. */
    public Loopback address(String containerAddress, String local) {
        addresses.put(containerAddress, local);
        return this;
    }

    /** What {@code containerAddress} is here. @throws IllegalArgumentException when it is not mapped */
    public String local(String containerAddress) {
        String local = addresses.get(containerAddress);
        if (local == null) {
            throw new IllegalArgumentException(containerAddress + " is no address of the stack; known: " + addresses.keySet());
        }
        return local;
    }

    /** A new instance with the mount points of one service's volumes (each {@code containerPath} is {@code dir} here). */
    public Loopback withMounts(Map<String, Path> containerPathToDir) {
        Loopback service = new Loopback();
        service.addresses.putAll(addresses);
        service.mounts.putAll(containerPathToDir);
        return service;
    }

    /**
     * {@code value} with every mapped address (a whole {@code host:port}, not part of a longer name or port)
     * and every mount point (at the start or after {@code =}, as a whole path segment) replaced.
     */
    public String rewrite(String value) {
        String out = value;
        for (Map.Entry<String, String> a : addresses.entrySet()) {
            out = Pattern.compile("(?<![\\w.-])" + Pattern.quote(a.getKey()) + "(?!\\d)").matcher(out)
                    .replaceAll(Matcher.quoteReplacement(a.getValue()));
        }
        List<Map.Entry<String, Path>> longestFirst = mounts.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, Path> e) -> e.getKey().length()).reversed()).toList();
        for (Map.Entry<String, Path> m : longestFirst) {
            out = Pattern.compile("(^|=)" + Pattern.quote(m.getKey()) + "(?=/|$)").matcher(out)
                    .replaceAll("$1" + Matcher.quoteReplacement(m.getValue().toString()));
        }
        return out;
    }

    public List<String> rewrite(List<String> values) {
        return values.stream().map(this::rewrite).toList();
    }

    public Map<String, String> rewrite(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((k, v) -> out.put(k, rewrite(v)));
        return out;
    }
}
