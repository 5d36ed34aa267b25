package io.segmenter.trainer.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.GZIPInputStream;

/**
 * Reads a CSV file record by record as UTF-8 bytes, with no object per row: the fields of the current
 * record are unescaped into one buffer, separated by {@link #SEPARATOR}, so a caller reads the few
 * fields it needs in place and can hash or compare the whole record as one byte range. The syntax is
 * {@code CSVFormat.DEFAULT}'s as {@link CsvFiles#open} parses it (commons-csv): comma-separated, fields
 * quoted with {@code "} only when the quote opens them ({@code ""} inside is one quote, delimiters and
 * line breaks inside are data; whitespace between a closing quote and the delimiter is skipped, any other
 * character there is an error, as is a file ending inside quotes), records ended by LF, CR or CRLF,
 * empty lines skipped, the first record the header (a byte order mark stays part of the first name, as
 * there). Gzip when the name ends in {@code .gz}. Not thread-safe.
 */
public final class ByteCsvReader implements Closeable {

    /** Between two fields in {@link #buffer()}, as {@code String.join("\u0001", record.values())} joins them. */
    public static final byte SEPARATOR = 1;

    private final InputStream in;
    private byte[] data = new byte[1 << 20];
    private int pos;
    private int limit;
    private boolean eof;
    /** Line breaks consumed before {@link #pos}, for the line number of a record. */
    private long lines;

    private byte[] row = new byte[data.length];
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int fields;
    private long recordLine;
    private boolean ascii;
    private final List<String> header;

    private ByteCsvReader(InputStream in) throws IOException {
        this.in = in;
        this.header = next() ? headerNames() : List.of();
    }

    /** Opens a file; a {@code .gz} one is inflated on a second thread, a few buffers ahead of the parsing. */
    public static ByteCsvReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            if (file.getFileName().toString().endsWith(".gz")) {
                in = new Inflating(new GZIPInputStream(in, 1 << 16));
            }
            return new ByteCsvReader(in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Reads CSV text from {@code in} (closed with this reader). */
    public static ByteCsvReader of(InputStream in) throws IOException {
        return new ByteCsvReader(in);
    }

    /** The header names, decoded; empty for an empty file. */
    public List<String> header() {
        return header;
    }

    /**
     * The 0-based index of the header name {@code name} (the last one when it appears more than once, as
     * commons-csv maps it); -1 when the header lacks it.
     */
    public int column(String name) {
        return header.lastIndexOf(name);
    }

    /** Moves to the next record; false at the end of the file. */
    public boolean next() throws IOException {
        while (true) {
            int end = lex();
            if (end >= 0) {
                pos = end;
                return true;
            }
            if (end == END) {
                return false;
            }
            refill();
        }
    }

    /** Fields in the current record. */
    public int fields() {
        return fields;
    }

    /** The unescaped fields of the current record, each followed by {@link #SEPARATOR} but the last. */
    public byte[] buffer() {
        return row;
    }

    public int start(int field) {
        return starts[field];
    }

    public int end(int field) {
        return ends[field];
    }

    /** Bytes of the whole record in {@link #buffer()} from 0: its fields joined by {@link #SEPARATOR}. */
    public int recordLength() {
        return fields == 0 ? 0 : ends[fields - 1];
    }

    /** Whether every byte of the current record's fields is ASCII. */
    public boolean ascii() {
        return ascii;
    }

    /** Field {@code field} of the current record, decoded. */
    public String text(int field) {
        return new String(row, starts[field], ends[field] - starts[field], StandardCharsets.UTF_8);
    }

    /** The 1-based line on which the current record starts. */
    public long line() {
        return recordLine;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private List<String> headerNames() {
        List<String> names = new ArrayList<>(fields);
        for (int f = 0; f < fields; f++) {
            names.add(text(f));
        }
        for (String name : names) {
            if (name.isBlank()) { // commons-csv's rule for CSVFormat.DEFAULT (missing column names not allowed)
                throw new IllegalArgumentException("A header name is missing in " + names);
            }
        }
        return List.copyOf(names);
    }

    private static final int MORE = -1;
    private static final int END = -2;

    /**
     * Lexes one record from {@link #pos}: its end, or {@link #MORE} when the data ends inside it before the
     * end of the file (nothing is consumed then), or {@link #END} at the end of the file.
     */
    private int lex() throws IOException {
        byte[] in = data;
        int p = pos;
        int lim = limit;
        while (p < lim && (in[p] == '\n' || in[p] == '\r')) { // empty lines
            if (in[p] == '\n') {
                lines++;
            }
            p++;
        }
        pos = p;
        if (p == lim) {
            return eof ? END : MORE;
        }
        long breaks = 0;
        byte[] out = row;
        int w = 0;
        int f = 0;
        int high = 0;
        while (true) {
            if (f == starts.length) {
                starts = Arrays.copyOf(starts, f * 2);
                ends = Arrays.copyOf(ends, f * 2);
            }
            starts[f] = w;
            int b;
            if (p < lim && in[p] == '"') {
                p++;
                while (true) {
                    if (p == lim) {
                        if (eof) {
                            throw new IOException("(startline " + (lines + 1) + ") EOF reached before encapsulated token finished");
                        }
                        return MORE;
                    }
                    b = in[p];
                    if (b == '"') {
                        if (p + 1 == lim && !eof) {
                            return MORE;
                        }
                        if (p + 1 < lim && in[p + 1] == '"') {
                            out[w++] = '"';
                            p += 2;
                            continue;
                        }
                        p++;
                        break;
                    }
                    if (b == '\n') {
                        breaks++;
                    }
                    high |= b;
                    out[w++] = (byte) b;
                    p++;
                }
                while (p < lim && isWhitespace(in[p])) {
                    p++;
                }
                if (p == lim) {
                    if (!eof) {
                        return MORE;
                    }
                    b = -1;
                } else {
                    b = in[p];
                    if (b != ',' && b != '\n' && b != '\r') {
                        throw new IOException("Invalid character between encapsulated token and delimiter at line: "
                                + (lines + breaks + 1));
                    }
                }
            } else {
                b = -1;
                while (p < lim) {
                    int c = in[p];
                    if (c == ',' || c == '\n' || c == '\r') {
                        b = c;
                        break;
                    }
                    high |= c;
                    out[w++] = (byte) c;
                    p++;
                }
                if (b == -1 && !eof) {
                    return MORE;
                }
            }
            ends[f++] = w;
            if (b == ',') {
                out[w++] = SEPARATOR;
                p++;
                continue;
            }
            if (b == '\r') {
                p++;
                if (p < lim && in[p] == '\n') {
                    p++;
                    breaks++;
                }
            } else if (b == '\n') {
                p++;
                breaks++;
            }
            fields = f;
            ascii = high >= 0;
            recordLine = lines + 1;
            lines += breaks;
            return p;
        }
    }

    /** Character.isWhitespace for the ASCII bytes commons-csv skips after a closing quote. */
    private static boolean isWhitespace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r' && b != '\n' && b != '\r') || (b >= 0x1C && b <= 0x1F);
    }

    /** Keeps the unread bytes (a record cut by the end of the buffer), then reads more after them. */
    private void refill() throws IOException {
        int keep = limit - pos;
        if (keep == data.length) { // one record longer than the buffer
            data = Arrays.copyOf(data, data.length * 2);
            row = new byte[data.length];
        } else if (pos > 0) {
            System.arraycopy(data, pos, data, 0, keep);
        }
        pos = 0;
        limit = keep;
        while (limit < data.length) {
            int n = in.read(data, limit, data.length - limit);
            if (n < 0) {
                eof = true;
                return;
            }
            limit += n;
        }
    }

    /**
     * Reads a stream on its own (daemon) thread into a few buffers ahead of the reader, so inflating a
     * gzip file overlaps parsing it. Errors of the stream reach the reader at the point they happened.
     */
    static final class Inflating extends InputStream {
        private static final int CHUNK = 1 << 18;
        private static final int AHEAD = 4;

        private record Chunk(byte[] data, int length, Throwable failure) {}

        private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(AHEAD);
        private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(AHEAD + 2);
        private final Thread thread;
        private Chunk current;
        private int offset;
        private boolean ended;

        Inflating(InputStream source) {
            for (int i = 0; i < AHEAD + 2; i++) {
                free.add(new byte[CHUNK]);
            }
            thread = Thread.ofPlatform().daemon().name("csv-inflate").unstarted(() -> produce(source));
            thread.start();
        }

        private void produce(InputStream source) {
            try (source) {
                while (true) {
                    byte[] b = free.take();
                    int n = 0;
                    int r = 0;
                    while (n < b.length && (r = source.read(b, n, b.length - n)) >= 0) {
                        n += r;
                    }
                    if (n > 0) {
                        full.put(new Chunk(b, n, null));
                    }
                    if (r < 0) {
                        full.put(new Chunk(null, -1, null));
                        return;
                    }
                }
            } catch (IOException | RuntimeException | Error e) {
                putQuietly(new Chunk(null, -1, e)); // the reader rethrows it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closed by the reader
            }
        }

        private void putQuietly(Chunk chunk) {
            try {
                full.put(chunk);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            if (current == null || offset == current.length()) {
                if (current != null) {
                    free.add(current.data());
                }
                try {
                    current = full.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while reading");
                }
                offset = 0;
                if (current.length() < 0) {
                    ended = true;
                    switch (current.failure()) {
                        case null -> {
                            return -1;
                        }
                        case IOException e -> throw e;
                        case RuntimeException e -> throw e;
                        case Error e -> throw e;
                        default -> throw new IOException(current.failure());
                    }
                }
            }
            int n = Math.min(len, current.length() - offset);
            System.arraycopy(current.data(), offset, b, off, n);
            offset += n;
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }
}
