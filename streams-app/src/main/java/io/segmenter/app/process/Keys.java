package io.segmenter.app.process;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;

/** Byte keys of the time-ordered indexes: big-endian time then an id, so a range scan up to now finds what is due. */
public final class Keys {

    private Keys() {}

    public static Bytes timed(long time, String id) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + idBytes.length).putLong(time).put(idBytes).array());
    }

    /** Upper bound (inclusive) of a range scan for entries due at or before {@code now}: no full key equals it. */
    public static Bytes dueUpTo(long now) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(now + 1).array());
    }

    public static long time(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong();
    }

    public static String id(Bytes key) {
        byte[] k = key.get();
        return new String(Arrays.copyOfRange(k, Long.BYTES, k.length), StandardCharsets.UTF_8);
    }

    /** Dedupe key of a transaction: customer id, NUL, transaction id (so an erasure finds a customer's by prefix). */
    public static String dedupe(String customerId, String transactionId) {
        return customerId + '\0' + transactionId;
    }

    public static String dedupePrefix(String customerId) {
        return customerId + '\0';
    }
}
