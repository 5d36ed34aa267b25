package io.segmenter.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segmenter.avro.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of {@link SampleRecords#transaction()} in both framings, kept as hex in
 * {@code src/test/resources/io/segmenter/serde/golden/}. A difference means the wire format changed:
 * every consumer of the topic would see it. To regenerate after an intended change, run this test with
 * {@code -Dsegmenter.golden.write=true} from the {@code schemas} directory, review the diff, run it again.
 */
class GoldenBytesTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void shouldWriteSingleObjectEncodingExactlyAsGolden() {
        byte[] bytes = AvroSerde.of(Transaction.class, Map.of()).serialize("transactions", SampleRecords.transaction());
        // header built independently: C3 01 + CRC-64-AVRO fingerprint of the schema, little-endian
        long fingerprint = SchemaNormalization.parsingFingerprint64(Transaction.getClassSchema());
        String header = "c301" + HEX.toHexDigits(Long.reverseBytes(fingerprint));
        assertEquals(header, HEX.formatHex(bytes, 0, 10));
        assertGolden("transaction.single-object.hex", bytes, 10);
        assertEquals(SampleRecords.transaction(),
                AvroSerde.of(Transaction.class, Map.of()).deserialize("transactions", golden("transaction.single-object.hex")));
    }

    @Test
    void shouldWriteRegistryFramingExactlyAsGolden() throws IOException {
        try (FakeSchemaRegistry registry = new FakeSchemaRegistry(42)) {
            Map<String, Object> configs = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
            byte[] bytes = AvroSerde.of(Transaction.class, configs).serialize("transactions", SampleRecords.transaction());
            assertEquals("000000002a", HEX.formatHex(bytes, 0, 5)); // 00 + schema id 42, big-endian
            assertGolden("transaction.registry.hex", bytes, 5);
            assertEquals(SampleRecords.transaction(),
                    AvroSerde.of(Transaction.class, configs).deserialize("transactions", golden("transaction.registry.hex")));
        }
    }

    @Test
    void shouldUseTheSameBodyInBothFramings() {
        byte[] singleObject = golden("transaction.single-object.hex");
        byte[] registry = golden("transaction.registry.hex");
        assertEquals(HEX.formatHex(singleObject, 10, singleObject.length), HEX.formatHex(registry, 5, registry.length));
    }

    private static void assertGolden(String name, byte[] actual, int headerLength) {
        if (Boolean.getBoolean("segmenter.golden.write")) {
            write(name, actual, headerLength);
            return; // the classpath copy is stale until the next build
        }
        assertEquals(HEX.formatHex(golden(name)), HEX.formatHex(actual), name);
    }

    /** The golden file: hex digits, '#' comments and whitespace ignored. */
    private static byte[] golden(String name) {
        try (InputStream in = GoldenBytesTest.class.getResourceAsStream("golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing golden file " + name);
            }
            String hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .map(line -> line.replaceAll("#.*", "").replaceAll("\\s", ""))
                    .collect(Collectors.joining());
            return HEX.parseHex(hex);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(String name, byte[] bytes, int headerLength) {
        String text = "# SampleRecords.transaction() as written by AvroSerde; header line, then the Avro binary body\n"
                + HEX.formatHex(bytes, 0, headerLength) + "\n" + HEX.formatHex(bytes, headerLength, bytes.length) + "\n";
        try {
            Files.writeString(Path.of("src/test/resources/io/segmenter/serde/golden", name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
