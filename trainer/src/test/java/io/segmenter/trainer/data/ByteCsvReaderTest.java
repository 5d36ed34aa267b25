package io.segmenter.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The byte reader gives the records commons-csv gives for {@code CsvFiles.open}'s format. */
class ByteCsvReaderTest {

    @Test
    void shouldReadTheRecordsCommonsCsvReads() throws IOException {
        String[] cases = {
            "A,B\n1,2\r\n\r\n\n3,\"4\"\"x\"  \n\"5,6\",7",
            "A,B\n\"multi\nline\",2\n3,4\n",
            "A,B\na\"b,2\n \"a\",2\n",
            "A,B\n1,2,3,4\n1\n,\n",
            "A,B\r1,2\r3,4",
            "A,B\n1,2,\n",
            "\uFEFFA,B\n1,2\n",
            "A,B\n\"\",\"\"\n\"x\"\t,y\n",
            "A,B\ncafé,Ünïcode €\n",
            "A,B\n  \n1,2\n",
            "A,B",
            "",
            "A,B\n1,\"2\"",
        };
        for (String text : cases) {
            assertEquals(commons(text), bytes(text.getBytes(StandardCharsets.UTF_8), 1 << 20), text);
        }
    }

    /** Records cut by the buffer's end, quoted line breaks across it, and one record longer than the buffer. */
    @Test
    void shouldReadRecordsAcrossBufferBoundaries() throws IOException {
        Random random = new Random(7);
        StringBuilder b = new StringBuilder("id,text,n\n");
        String alphabet = "ab ,\"\n\r;é";
        for (int i = 0; i < 60_000; i++) {
            StringBuilder cell = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                cell.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            b.append(i).append(',').append('"').append(cell.toString().replace("\"", "\"\"")).append('"').append(',')
                    .append(random.nextInt(1000)).append(i % 3 == 0 ? "\r\n" : "\n");
            if (i == 30_000) {
                b.append("long,\"").append("x".repeat(3 << 20)).append("\",1\n");
            }
        }
        String text = b.toString();
        assertEquals(commons(text), bytes(text.getBytes(StandardCharsets.UTF_8), 4097));
    }

    @Test
    void shouldJoinFieldsWithTheSeparatorAndFlagNonAscii() throws IOException {
        try (ByteCsvReader csv = ByteCsvReader.of(new ByteArrayInputStream("A,B,C\nx,\"y,z\",\nü,1,2\n".getBytes(StandardCharsets.UTF_8)))) {
            assertEquals(List.of("A", "B", "C"), csv.header());
            assertEquals(2, csv.column("C"));
            assertEquals(-1, csv.column("D"));
            assertTrue(csv.next());
            assertEquals("x\u0001y,z\u0001", new String(csv.buffer(), 0, csv.recordLength(), StandardCharsets.UTF_8));
            assertTrue(csv.ascii());
            assertEquals(2, csv.line());
            assertTrue(csv.next());
            assertFalse(csv.ascii());
            assertFalse(csv.next());
        }
    }

    @Test
    void shouldFailWhereCommonsCsvFails() {
        IOException quote = assertThrows(IOException.class, () -> bytes("A,B\n\"1\"x,2\n".getBytes(StandardCharsets.UTF_8), 1 << 20));
        assertTrue(quote.getMessage().startsWith("Invalid character between encapsulated token and delimiter at line: 2"),
                quote.getMessage());
        assertThrows(UncheckedIOException.class, () -> commons("A,B\n\"1\"x,2\n"));
        IOException eof = assertThrows(IOException.class, () -> bytes("A,B\n\"1,2\n".getBytes(StandardCharsets.UTF_8), 1 << 20));
        assertEquals("(startline 2) EOF reached before encapsulated token finished", eof.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> bytes("A,,B\n1,2,3\n".getBytes(StandardCharsets.UTF_8), 1 << 20));
        assertEquals("A header name is missing in [A, , B]", missing.getMessage());
        assertEquals(missing.getMessage(), assertThrows(IllegalArgumentException.class, () -> commons("A,,B\n1,2,3\n")).getMessage());
    }

    /** A .gz file is inflated on a second thread; a broken one fails as GZIPInputStream fails, after the rows before it. */
    @Test
    void shouldReadGzipAndFailOnATruncatedOneAsGzipFails(@TempDir Path tmp) throws IOException {
        StringBuilder b = new StringBuilder("A,B\n");
        for (int i = 0; i < 200_000; i++) {
            b.append(i).append(',').append(i * 7 % 1000).append('\n');
        }
        Path gz = tmp.resolve("rows.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        }
        int rows = 0;
        try (ByteCsvReader csv = ByteCsvReader.open(gz)) {
            while (csv.next()) {
                rows++;
            }
        }
        assertEquals(200_000, rows);
        byte[] whole = Files.readAllBytes(gz);
        Path cut = tmp.resolve("cut.csv.gz");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        IOException expected = assertThrows(IOException.class, () -> {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(cut))) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        });
        IOException actual = assertThrows(IOException.class, () -> {
            try (ByteCsvReader csv = ByteCsvReader.open(cut)) {
                while (csv.next()) {
                    assertTrue(csv.fields() >= 1);
                }
            }
        });
        assertEquals(expected.getClass(), actual.getClass());
        assertEquals(expected.getMessage(), actual.getMessage());
    }

    /** Header then records, as lists of values. */
    private static List<List<String>> commons(String text) throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text))) {
            out.add(p.getHeaderNames());
            for (CSVRecord r : p) {
                out.add(r.toList());
            }
        }
        return out;
    }

    private static List<List<String>> bytes(byte[] text, int readSize) throws IOException {
        List<List<String>> out = new ArrayList<>();
        InputStream in = new ByteArrayInputStream(text) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, readSize));
            }
        };
        try (ByteCsvReader csv = ByteCsvReader.of(in)) {
            out.add(csv.header());
            while (csv.next()) {
                List<String> values = new ArrayList<>();
                for (int f = 0; f < csv.fields(); f++) {
                    values.add(csv.text(f));
                }
                out.add(values);
            }
        }
        return out;
    }
}
