package io.segmenter.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.segmenter.app.profile.ProfileFolder;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.TransactionKind;
import io.segmenter.serde.AvroSerde;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncodeOnceSerdeTest {

    private static final long NOW = 1_700_000_000_000L;

    private final AvroSerde<CustomerProfile> plain = AvroSerde.of(CustomerProfile.class, Map.of());
    private final EncodeOnceSerde<CustomerProfile> serde = new EncodeOnceSerde<>(AvroSerde.of(CustomerProfile.class, Map.of()));
    private final ProfileFolder folder = new ProfileFolder(365, 1, "EUR");

    @Test
    void shouldEncodeTheSameInstanceOnceForStoreAndTopic() {
        CustomerProfile p = folder.apply(folder.empty("c-1", NOW), TransactionKind.PURCHASE, NOW - 1_000, 1_500, NOW);

        byte[] store = serde.serializer().serialize("app-customer-profiles-store-changelog", p);
        byte[] topic = serde.serializer().serialize("customer-profiles", p);

        assertSame(store, topic);
        assertArrayEquals(plain.serialize("customer-profiles", p), topic);
        assertEquals(p, serde.deserializer().deserialize("customer-profiles", topic));
    }

    @Test
    void shouldEncodeAnotherInstanceAfresh() {
        CustomerProfile first = folder.apply(folder.empty("c-1", NOW), TransactionKind.PURCHASE, NOW - 1_000, 1_500, NOW);
        CustomerProfile second = folder.apply(first, TransactionKind.PURCHASE, NOW - 500, 2_500, NOW);

        byte[] a = serde.serializer().serialize("customer-profiles", first);
        byte[] b = serde.serializer().serialize("customer-profiles", second);

        assertNotSame(a, b);
        assertArrayEquals(plain.serialize("customer-profiles", second), b);
        assertNull(serde.serializer().serialize("customer-profiles", null));
    }
}
