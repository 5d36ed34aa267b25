package io.segmenter.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The released versions of each record schema, kept under {@code io/segmenter/schemas/released/vN/} on
 * the classpath. Decoders register them so data written with an older schema still resolves by
 * fingerprint, and the compatibility test checks the current schema against each of them.
 */
public final class ReleasedSchemas {

    /** Released versions, oldest first. Add a version here when a schema change is released. */
    public static final List<String> VERSIONS = List.of("v1");

    private ReleasedSchemas() {}

    /** Every released version of the record named {@code simpleName} (e.g. "Transaction"), oldest first. */
    public static List<Schema> of(String simpleName) {
        List<Schema> schemas = new ArrayList<>();
        for (String version : VERSIONS) {
            String path = "/io/segmenter/schemas/released/" + version + "/" + simpleName + ".avsc";
            try (InputStream in = ReleasedSchemas.class.getResourceAsStream(path)) {
                if (in != null) {
                    schemas.add(new Schema.Parser().parse(in));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read released schema " + path, e);
            }
        }
        return schemas;
    }
}
