package io.segmenter.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.avro.Transaction;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build-time schema check (BACKWARD): every current schema must read data written with every released
 * version of it. A change that breaks this fails {@code mvn verify}; to release a schema change, copy the
 * .avsc files to {@code released/vN} and add "vN" to {@link ReleasedSchemas#VERSIONS}.
 */
class SchemaCompatibilityTest {

    static Stream<Schema> currentSchemas() {
        return Stream.of(Transaction.getClassSchema(), CustomerProfile.getClassSchema(),
                SegmentAssignment.getClassSchema(), SegmentModel.getClassSchema());
    }

    /** The check the build applies: can {@code reader} read what {@code writer} wrote? */
    static SchemaPairCompatibility backward(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void shouldReadDataWrittenWithEveryReleasedVersion(Schema current) {
        List<Schema> released = ReleasedSchemas.of(current.getName());
        assertEquals(ReleasedSchemas.VERSIONS.size(), released.size(),
                current.getName() + " must have a released schema in every released version " + ReleasedSchemas.VERSIONS);
        for (int i = 0; i < released.size(); i++) {
            SchemaPairCompatibility result = backward(current, released.get(i));
            assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(),
                    "current " + current.getName() + " cannot read data written with released "
                            + ReleasedSchemas.VERSIONS.get(i) + ": " + result.getResult().getIncompatibilities()
                            + "\nIf this change is intended, it is a breaking change: add defaults or a new record instead.");
        }
    }

    @Test
    void shouldReportNewRequiredFieldWithoutDefaultAsIncompatible() {
        Schema breaking = OlderSchemas.edit(Transaction.getClassSchema(), root -> ((ArrayNode) root.get("fields"))
                .addObject().put("name", "storeId").put("type", "string"));
        assertIncompatible(breaking, Transaction.getClassSchema());
    }

    @Test
    void shouldReportFieldTypeChangeAsIncompatible() {
        Schema breaking = OlderSchemas.edit(Transaction.getClassSchema(), root -> {
            for (var field : root.get("fields")) {
                if ("amountMinor".equals(field.get("name").asText())) {
                    ((ObjectNode) field).put("type", "int");
                }
            }
        });
        assertIncompatible(breaking, Transaction.getClassSchema());
    }

    @Test
    void shouldAcceptNewOptionalFieldWithDefault() {
        Schema evolved = OlderSchemas.edit(Transaction.getClassSchema(), root -> {
            ObjectNode field = ((ArrayNode) root.get("fields")).addObject();
            field.put("name", "storeId");
            field.putArray("type").add("null").add("string");
            field.putNull("default");
        });
        assertEquals(SchemaCompatibilityType.COMPATIBLE, backward(evolved, Transaction.getClassSchema()).getType());
        assertEquals(SchemaCompatibilityType.COMPATIBLE,
                backward(Transaction.getClassSchema(), OlderSchemas.transactionWithoutOptionalFields()).getType());
    }

    private static void assertIncompatible(Schema reader, Schema writer) {
        SchemaPairCompatibility result = backward(reader, writer);
        assertEquals(SchemaCompatibilityType.INCOMPATIBLE, result.getType());
        assertFalse(result.getResult().getIncompatibilities().isEmpty());
    }
}
