package io.segmenter.app.validate;

import java.nio.charset.StandardCharsets;
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

    private DeadLetters() {}

    public static Headers stamp(Headers headers, RejectReason reason, String message, String topic, int partition, long offset) {
        headers.remove(REASON).remove(MESSAGE).remove(TOPIC).remove(PARTITION).remove(OFFSET).remove(ORIGINAL_BYTES);
        headers.add(REASON, utf8(reason.label()));
        headers.add(MESSAGE, utf8(message == null ? "" : truncate(message)));
        headers.add(TOPIC, utf8(topic == null ? "" : topic));
        headers.add(PARTITION, utf8(Integer.toString(partition)));
        headers.add(OFFSET, utf8(Long.toString(offset)));
        return headers;
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
