package io.segmenter.trainer.data;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of byte strings numbered in the order they were first added, without an object per key: the
 * bytes are copied into large pages and found through an open-addressing table of their hashes. For the
 * hundreds of thousands of rows of a transaction file (exact-duplicate detection) or its customers.
 */
public final class ByteKeys {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int PAGE = 1 << 22;

    /** Per slot the key's hash in the high half and its index + 1 in the low half (one memory access per probe); 0 = free. */
    private long[] slots = new long[1 << 12];
    private int[] hashes = new int[1 << 11];
    private int[] pageOf = new int[1 << 11];
    private int[] offsets = new int[1 << 11];
    private int[] lengths = new int[1 << 11];
    private final List<byte[]> pages = new ArrayList<>();
    private byte[] page;
    private int pageUsed;
    private int size;

    public int size() {
        return size;
    }

    /**
     * Adds {@code b[off, off + len)}: its index when it is new (0, 1, ... in the order keys were first
     * added), or {@code -(index + 1)} of the equal key already there.
     */
    public int add(byte[] b, int off, int len) {
        int h = hash(b, off, len);
        int mask = slots.length - 1;
        for (int s = h & mask; ; s = (s + 1) & mask) {
            long entry = slots[s];
            if (entry == 0) {
                int index = store(b, off, len, h);
                slots[s] = slot(h, index);
                if (size * 2 > slots.length) {
                    rehash();
                }
                return index;
            }
            int k = (int) entry - 1;
            if ((int) (entry >>> 32) == h && lengths[k] == len
                    && Arrays.equals(pages.get(pageOf[k]), offsets[k], offsets[k] + len, b, off, off + len)) {
                return -(k + 1);
            }
        }
    }

    private int store(byte[] b, int off, int len, int h) {
        if (page == null || PAGE - pageUsed < len) {
            page = new byte[Math.max(PAGE, len)];
            pages.add(page);
            pageUsed = 0;
        }
        System.arraycopy(b, off, page, pageUsed, len);
        int index = size++;
        if (index == hashes.length) {
            int grown = index * 2;
            hashes = Arrays.copyOf(hashes, grown);
            pageOf = Arrays.copyOf(pageOf, grown);
            offsets = Arrays.copyOf(offsets, grown);
            lengths = Arrays.copyOf(lengths, grown);
        }
        hashes[index] = h;
        pageOf[index] = pages.size() - 1;
        offsets[index] = pageUsed;
        lengths[index] = len;
        pageUsed += len;
        return index;
    }

    private static long slot(int h, int index) {
        return (long) h << 32 | (index + 1L);
    }

    private void rehash() {
        long[] grown = new long[slots.length * 2];
        int mask = grown.length - 1;
        for (int k = 0; k < size; k++) {
            int s = hashes[k] & mask;
            while (grown[s] != 0) {
                s = (s + 1) & mask;
            }
            grown[s] = slot(hashes[k], k);
        }
        slots = grown;
    }

    /** A 64-bit multiply-xorshift hash over 8 bytes at a time, folded to 32 bits. */
    static int hash(byte[] b, int off, int len) {
        long h = 0x9E3779B97F4A7C15L ^ len;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            h = (h ^ (long) LONGS.get(b, i)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8) {
            tail |= (b[i] & 0xFFL) << shift;
        }
        h = (h ^ tail) * 0x94D049BB133111EBL;
        h ^= h >>> 32;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 29));
    }
}
