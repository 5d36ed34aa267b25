package io.segmenter.serde;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Avro's binary encoding of primitive values into a growable array: zig-zag varints for int and long,
 * little-endian IEEE 754 for double, length-prefixed UTF-8 for strings, the branch index before a union's
 * value. For the hand-written body encoders ({@link HandWrittenEncoders}) and the streams app's internal
 * state codec; not thread-safe.
 */
public final class AvroBinaryWriter {

    /** A thread's scratch writer keeps a buffer up to this size between uses; a larger one (a rare huge record) is let go. */
    private static final int KEPT_CAPACITY = 64 * 1024;
    private static final ThreadLocal<AvroBinaryWriter> SCRATCH = ThreadLocal.withInitial(() -> new AvroBinaryWriter(1024));

    private byte[] buf;
    private int pos;

    public AvroBinaryWriter(int capacity) {
        buf = new byte[capacity];
    }

    /**
     * This thread's writer, emptied: encoders that copy their result out with {@link #toByteArray()} before
     * the next call use it instead of allocating (and growing) a buffer per record. Never hold it across a
     * call that may encode too.
     */
    public static AvroBinaryWriter scratch() {
        AvroBinaryWriter w = SCRATCH.get();
        if (w.buf.length > KEPT_CAPACITY) {
            w.buf = new byte[1024];
        }
        w.pos = 0;
        return w;
    }

    public void raw(byte[] bytes) {
        room(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    public void writeInt(int v) {
        writeLong(v);
    }

    public void writeLong(long v) {
        room(10);
        long n = (v << 1) ^ (v >> 63);
        while ((n & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        buf[pos++] = (byte) n;
    }

    public void writeDouble(double v) {
        room(8);
        long bits = Double.doubleToRawLongBits(v);
        for (int i = 0; i < 8; i++) {
            buf[pos++] = (byte) (bits >>> (8 * i));
        }
    }

    public void writeString(CharSequence s) {
        int n = s.length();
        int start = pos;
        room(n + 5);
        writeLong(n); // an ASCII string's UTF-8 length is its length: written straight in, nothing allocated
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                pos = start;
                byte[] utf8 = s.toString().getBytes(StandardCharsets.UTF_8);
                writeLong(utf8.length);
                raw(utf8);
                return;
            }
            buf[pos++] = (byte) c;
        }
    }

    /** One byte (a format version, a flag or a small count). */
    public void writeByte(int v) {
        room(1);
        buf[pos++] = (byte) v;
    }

    /** A long as 8 bytes big-endian (an Avro {@code fixed(8)}): for values spread too evenly to gain from a varint. */
    public void writeFixed64(long v) {
        room(8);
        for (int s = 56; s >= 0; s -= 8) {
            buf[pos++] = (byte) (v >>> s);
        }
    }

    /** A {@code ["null", long]} union. */
    void writeOptionalLong(Long v) {
        if (v == null) {
            writeLong(0);
        } else {
            writeLong(1);
            writeLong(v);
        }
    }

    /** A {@code ["null", int]} union. */
    void writeOptionalInt(Integer v) {
        writeOptionalLong(v == null ? null : v.longValue()); // an int and a long have the same zig-zag varint
    }

    /** A {@code ["null", string]} union. */
    void writeOptionalString(CharSequence v) {
        if (v == null) {
            writeLong(0);
        } else {
            writeLong(1);
            writeString(v);
        }
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void room(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}
