package io.segmenter.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class AvroBinaryWriterTest {

    @Test
    void stringsAreAvrosBytesWhetherAsciiOrNot() throws IOException {
        for (String s : new String[] {"", "GBP", "x".repeat(127), "x".repeat(128), "x".repeat(126) + "é", "é", "a\u0000b", "\uD83D\uDE00 ok"}) {
            AvroBinaryWriter w = new AvroBinaryWriter(1);
            w.writeString(s);
            assertArrayEquals(avroString(s), w.toByteArray(), s);
        }
    }

    @Test
    void theScratchWriterStartsEmptyEachTime() {
        AvroBinaryWriter first = AvroBinaryWriter.scratch();
        first.writeString("x".repeat(100_000)); // beyond what a thread keeps
        first.writeLong(7);
        AvroBinaryWriter second = AvroBinaryWriter.scratch();
        second.writeLong(-1);
        assertArrayEquals(new byte[] {1}, second.toByteArray());
        assertEquals(0, AvroBinaryWriter.scratch().toByteArray().length);
    }

    private static byte[] avroString(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
        e.writeString(s);
        e.flush();
        return out.toByteArray();
    }
}
