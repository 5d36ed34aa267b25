package io.segmenter.app.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;

/** Byte keys of the due index (big-endian time then an id, so a range scan up to now finds what is due) and of the dedupe archive. */
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

    /** Key of a customer's archived dedupe period: id length, id (UTF-8), period, so no two customers' keys collide. */
    public static Bytes archive(String customerId, int period) {
        byte[] idBytes = customerId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(2 * Integer.BYTES + idBytes.length).putInt(idBytes.length).put(idBytes).putInt(period).array());
    }
}
