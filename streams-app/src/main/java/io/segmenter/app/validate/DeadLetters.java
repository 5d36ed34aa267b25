package io.segmenter.app.validate;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Headers;

/** The one header set every dead letter carries, whichever path sent it. */
public final class DeadLetters {

    public static final String REASON = "segmenter.dlq.reason";
    public static final String MESSAGE = "segmenter.dlq.message";
    public static final String TOPIC = "segmenter.dlq.topic";
    public static final String PARTITION = "segmenter.dlq.partition";
    public static final String OFFSET = "segmenter.dlq.offset";
    /** On an oversized record only: its full size (key plus value bytes); the dead letter holds the start of each. */
    public static final String ORIGINAL_BYTES = "segmenter.dlq.original.bytes";

    /** Kafka Streams' own dead-letter headers (KIP-1034), so tools written for them read ours too. */
    public static final String STREAMS_EXCEPTION = "__streams.errors.exception";
    public static final String STREAMS_MESSAGE = "__streams.errors.message";
    public static final String STREAMS_STACKTRACE = "__streams.errors.stacktrace";
    public static final String STREAMS_TOPIC = "__streams.errors.topic";
    public static final String STREAMS_PARTITION = "__streams.errors.partition";
    public static final String STREAMS_OFFSET = "__streams.errors.offset";

    private static final String[] ALL = {REASON, MESSAGE, TOPIC, PARTITION, OFFSET, ORIGINAL_BYTES, STREAMS_EXCEPTION, STREAMS_MESSAGE,
        STREAMS_STACKTRACE, STREAMS_TOPIC, STREAMS_PARTITION, STREAMS_OFFSET};

    private DeadLetters() {}

    /** Stamps a rejection the app decided (validation, dedupe retention, unwritable): no stack trace. */
    public static Headers stamp(Headers headers, RejectReason reason, String message, String topic, int partition, long offset) {
        return stamp(headers, reason, message, topic, partition, offset, RejectedException.class.getName(), null);
    }

    /** Stamps the dead letter of an unexpected exception, with its class and stack trace in Kafka Streams' headers. */
    public static Headers stamp(Headers headers, RejectReason reason, Throwable error, String topic, int partition, long offset) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        return stamp(headers, reason, String.valueOf(error), topic, partition, offset, error.getClass().getName(), trace.toString());
    }

    private static Headers stamp(Headers headers, RejectReason reason, String message, String topic, int partition, long offset,
            String exception, String stackTrace) {
        for (String name : ALL) {
            headers.remove(name);
        }
        String text = message == null ? "" : truncate(message);
        String source = topic == null ? "" : topic;
        headers.add(REASON, utf8(reason.label()));
        headers.add(MESSAGE, utf8(text));
        headers.add(TOPIC, utf8(source));
        headers.add(PARTITION, utf8(Integer.toString(partition)));
        headers.add(OFFSET, utf8(Long.toString(offset)));
        headers.add(STREAMS_EXCEPTION, utf8(exception));
        headers.add(STREAMS_MESSAGE, utf8(text));
        if (stackTrace != null) {
            headers.add(STREAMS_STACKTRACE, utf8(stackTrace.length() <= 8192 ? stackTrace : stackTrace.substring(0, 8192)));
        }
        headers.add(STREAMS_TOPIC, utf8(source));
        headers.add(STREAMS_PARTITION, utf8(Integer.toString(partition)));
        headers.add(STREAMS_OFFSET, utf8(Long.toString(offset)));
        return headers;
    }

    /** The key and value an oversized record's dead letter carries: the start of each, so the dead letter itself stays writable. */
    public record Cut(byte[] key, byte[] value) {}

    /** Notes the record's full size in {@link #ORIGINAL_BYTES} and cuts its key to 1 KiB and its value to half of {@code maxRecordBytes}. */
    public static Cut cutOversized(Headers headers, byte[] key, byte[] value, int maxRecordBytes) {
        long size = (key == null ? 0L : key.length) + (value == null ? 0L : value.length);
        headers.add(ORIGINAL_BYTES, utf8(Long.toString(size)));
        return new Cut(cut(key, Math.min(1024, maxRecordBytes / 2)), cut(value, maxRecordBytes / 2));
    }

    private static byte[] cut(byte[] bytes, int max) {
        return bytes == null || bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
    }

    public static String header(Headers headers, String name) {
        var h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String truncate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500);
    }
}
